"""Personal data and roles on the pages (issue 15 point 2): a viewer is offered no
contact persons anywhere and exports none; an editor's export with them is audited."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.app.conftest import APP
from tests.app.helpers import texts, with_uow
from tests.waits import WAIT_S
from weaving.i18n import t
from weaving.store.models import ContactPerson

EXPORT = "app_pages/export.py"


def _contact_names(url: str) -> list[str]:
    return with_uow(url, lambda uow: list(uow.session.scalars(select(ContactPerson.name))))


def _signed_in(url: str, user: str, role: str, page: str, monkeypatch, lang: str = "en"):
    with_uow(url, lambda uow: uow.users.create(user, "ett långt lösenord", role=role))
    monkeypatch.setenv("WEAVING_AUTH", "builtin")
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=WAIT_S)
    at.session_state["lang"] = lang
    at.session_state["auth_user"] = user   # signed in (the login form is tested elsewhere)
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    return at


def _export_json(at) -> str:
    at.radio(key="export_fmt").set_value("json").run()
    at.button(key="export_prepare").click().run()
    assert not at.exception and not at.error
    assert at.get("download_button")
    return at.session_state["_export"][1].decode("utf-8")


def test_viewer_export_page_has_no_checkbox_and_no_contact_names(demo_db, monkeypatch):
    names = _contact_names(demo_db)
    assert len(names) > 10
    at = _signed_in(demo_db, "tittare", "viewer", EXPORT, monkeypatch)
    assert "export_personal" not in [c.key for c in at.checkbox]
    assert t("page.personal.export_note", "en") in texts(at)
    data = _export_json(at)
    assert "Dalby" in data
    assert not [n for n in names if n in data]
    assert with_uow(demo_db, lambda uow: [e for e in uow.audit.list() if e.action == "export_personal"]) == []


def test_editor_exports_contact_persons_and_it_is_audited(demo_db, monkeypatch):
    names = _contact_names(demo_db)
    at = _signed_in(demo_db, "redaktor", "editor", EXPORT, monkeypatch)
    at.checkbox(key="export_personal").check().run()
    assert t("page.personal.audited", "en") in texts(at)
    data = _export_json(at)
    assert [n for n in names if n in data]
    (event,) = with_uow(demo_db, lambda uow: [(e.user, e.detail) for e in uow.audit.list()
                                              if e.action == "export_personal"])
    assert event[0] == "redaktor"
    assert (event[1]["format"], event[1]["via"], len(event[1]["maps"])) == ("json", "app", len(event[1]["map_names"]))


@pytest.mark.parametrize("page", ["app_pages/actors.py", "app_pages/analysis.py"])
def test_viewer_sees_no_contact_persons(demo_db, monkeypatch, page):
    names = set(_contact_names(demo_db))
    at = _signed_in(demo_db, "tittare", "viewer", page, monkeypatch)
    shown = texts(at) + "\n".join(str(df.value.to_dict()) for df in [*at.dataframe])
    assert not [n for n in names if n in shown]
    if page.endswith("actors.py"):
        assert t("page.personal.viewer_note", "en") in texts(at)
        assert not [k for k in (w.key for w in at.text_input) if k and k.startswith("erase_name")]


def test_erase_form_reports_places_or_suggests_near_names(demo_db):
    from tests.app.conftest import run_page
    from tests.app.helpers import by_key

    name = sorted(_contact_names(demo_db))[0]
    at = run_page("app_pages/actors.py", lang="en")

    def erase(typed: str, free: bool = False):
        n = at.session_state["_nonce_erase"] if "_nonce_erase" in at.session_state else 0
        by_key(at.text_input, f"erase_name_{n}").input(typed).run()
        if free:
            by_key(at.checkbox, f"erase_free_{n}").check().run()
        by_key(at.checkbox, f"erase_ok_{n}").check().run()
        by_key(at.button, f"erase_btn_{n}").click().run()
        assert not at.exception

    erase(name.lower()[:-1])                           # a typing mistake: an error naming the person meant
    assert any("Did you mean" in str(e.value) and name in str(e.value).replace("\\", "") for e in at.error)
    assert name in _contact_names(demo_db)
    erase(name, free=True)
    shown = "\n".join(str(s.value) for s in [*at.success, *at.info]).replace("\\", "")
    assert "contact person of actors" in shown
    assert t("erase.report.backups", "en") in shown
    assert name not in _contact_names(demo_db)
