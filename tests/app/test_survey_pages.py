"""The weaver's survey pages (AppTest, real database): start a round and get the links,
withdraw and re-issue them, review answers (a tie reported by both sides, accept / reject
/ accept all), and the response rate on the progress page and in snapshots, the accepted
links on the map page. Both languages, nothing untranslated shown."""
from __future__ import annotations

import hashlib
import re

import pytest

from tests.app.conftest import run_page
from tests.app.helpers import by_key, store_for
from tests.app.test_all_pages_i18n import codes_shown, page_texts, table_cells
from tests.survey_setup import answer, make_round, view
from weaving.i18n import catalogue, t
from weaving.ui.common import md_escape

LIB, SCOUT, FG = "Dalby bibliotek", "Scoutkåren Dalby Backar", "Fritidsgården Dalby"
KEY_LIKE = re.compile(r"\b(?:survey|ui|page|prog|error|kind|status|strength|type)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*\b")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
DALBY = {"map": "Dalby"}


@pytest.fixture(autouse=True)
def _local(monkeypatch):
    monkeypatch.delenv("WEAVING_AUTH", raising=False)


def clean(at, lang: str) -> str:
    assert not at.exception, at.exception
    shown = page_texts(at) + table_cells(at)
    assert {k for s in shown for k in KEY_LIKE.findall(s) if k in catalogue()} == set()
    assert [s for s in shown if PLACEHOLDER.search(s)] == []
    assert codes_shown(shown, lang) == set()
    return "\n".join(shown)


def tag(invite_id: int, key: str) -> str:
    return f"{invite_id}_{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_start_a_round_and_get_the_links(demo_db, lang):
    store = store_for(demo_db)
    try:
        at = run_page("app_pages/survey.py", lang=lang, params=DALBY)
        shown = clean(at, lang)
        assert t("survey.page.no_rounds", lang) in shown
        with store.uow() as uow:
            wanted = [uow.actors.by_name(n).id for n in (LIB, SCOUT, FG)]
        at.text_input(key="survey_title_0").input("Våren 2027")
        at.multiselect(key="survey_actors_0").set_value(wanted)
        at.button[0].click().run()
        shown = clean(at, lang)
        assert t("survey.page.created", lang, n=3) in shown
        code = at.code[0].value.splitlines()
        assert sorted(line.split("\t")[0] for line in code) == sorted([LIB, SCOUT, FG])
        tokens = {line.split("\t")[0]: line.split("?t=")[1] for line in code}
        assert all(line.split("\t")[1].startswith("http://localhost:8501/answer?t=") for line in code)
        assert view(store, tokens[SCOUT]).actor_name == SCOUT
        assert t("survey.page.csv", lang) in shown
        assert t("survey.rate", lang, answered=0, invited=3) in shown
        # the links are gone once hidden: they exist nowhere else
        at.button(key="survey_hide").click().run()
        assert at.code == [] or all("?t=" not in c.value for c in at.code)
    finally:
        store.dispose()


def test_withdraw_and_reissue_links(demo_db):
    store = store_for(demo_db)
    try:
        title = "**Vår** [klick](http://evil.example) <b>x</b>"
        rid, tokens = make_round(store, actors=[LIB, SCOUT], title=title)
        with store.uow() as uow:
            lib, fg = uow.actors.by_name(LIB).id, uow.actors.by_name(FG).id
        at = run_page("app_pages/survey.py", params=DALBY)
        assert at.expander[0].label == md_escape(title) + " · " + t("survey.rate", "sv", answered=0, invited=2)
        at.multiselect(key=f"survey_pick_{rid}_0").set_value([lib]).run()
        at.button(key=f"survey_revoke_{rid}").click().run()
        shown = clean(at, "sv")
        assert t("survey.page.revoked", "sv", n=1) in shown and t("survey.state.revoked", "sv") in shown
        at.multiselect(key=f"survey_pick_{rid}_1").set_value([lib, fg]).run()   # FG was not asked: added
        at.button(key=f"survey_reissue_{rid}").click().run()
        shown = clean(at, "sv")
        assert t("survey.page.reissued", "sv", n=2) in shown
        new = {line.split("\t")[0]: line.split("?t=")[1] for line in at.code[0].value.splitlines()}
        assert set(new) == {LIB, FG} and new[LIB] != tokens[LIB]
        assert view(store, new[FG]).actor_name == FG
        assert t("survey.rate", "sv", answered=0, invited=3) in shown
    finally:
        store.dispose()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_review_a_tie_reported_by_both_and_accept(demo_db, lang):
    store = store_for(demo_db)
    try:
        rid, tokens = make_round(store, actors=[LIB, SCOUT, FG])
        answer(store, tokens[LIB], {"today": [{"name": SCOUT, "kind": "joint_activity", "strength": 2}],
                                    "wish": [{"name": "Nya gänget", "note": "läxhjälp"}],
                                    "contact": {"name": "Kim Kontakt"}})
        answer(store, tokens[SCOUT], {"today": [{"name": LIB, "kind": "joint_activity", "strength": 3}],
                                      "challenges": [{"text": "<b>Ensamhet</b> bland äldre", "with": [LIB]}]})
        inv_lib, inv_scout = view(store, tokens[LIB]).invite_id, view(store, tokens[SCOUT]).invite_id
        at = run_page("app_pages/survey_review.py", lang=lang, params=DALBY)
        shown = clean(at, lang)
        assert t("survey.rate", lang, answered=2, invited=3) in shown
        at.selectbox(key=f"review_resp_{rid}").set_value(inv_lib).run()
        shown = clean(at, lang)
        both = t("survey.ctx.both", lang, me="**" + md_escape(LIB) + "**", name="**" + md_escape(SCOUT) + "**",
                 kinds=md_escape(t("kind.joint_activity", lang)))
        assert both in [c.value for c in at.caption]              # the other side reports it too
        assert "Kim Kontakt" in shown and "Nya gänget" in shown
        key = f"today:{SCOUT.casefold()}:joint_activity"
        at.button(key=f"rv_ok_{tag(inv_lib, key)}").click().run()
        shown = clean(at, lang)
        assert t("survey.review.done_accepted", lang) in shown
        with store.uow() as uow:
            link = uow.links.find(uow.actors.by_name(LIB).id, uow.actors.by_name(SCOUT).id, "joint_activity")
            assert link is not None and link.status == "existing"
            assert [e.user for e in uow.audit.list() if e.action == "accept"] == ["local", "local"]   # both sides
        at.button(key=f"rv_no_{tag(inv_lib, 'wish:nya gänget')}").click().run()
        clean(at, lang)
        at.selectbox(key=f"review_resp_{rid}").set_value(inv_scout).run()
        at.button(key=f"rv_all_{inv_scout}").click().run()
        shown = clean(at, lang)
        assert md_escape("<b>Ensamhet</b>") in "\n".join(m.value for m in at.markdown)   # user text escaped
        with store.uow() as uow:
            m = uow.maps.require("Dalby")
            assert [c.text for c in uow.challenges.list(m.id) if "Ensamhet" in c.text] == ["<b>Ensamhet</b> bland äldre"]
            assert uow.actors.by_name("Nya gänget") is None      # the wish for a new actor was rejected: not added

        mp = run_page("app_pages/map.py", lang=lang, params=DALBY)
        shown = clean(mp, lang)
        assert t("survey.confirm.heading", lang, n=1, both=1) in shown
        assert t("survey.confirm.both", lang) in shown

        pg = run_page("app_pages/progress.py", lang=lang, params=DALBY)
        shown = clean(pg, lang)
        assert t("survey.rate", lang, answered=2, invited=3) in shown
        assert t("survey.page.not_answered", lang, n=1) in shown
        by_key(pg.text_input, "prog_label_0").input("Efter enkäten")
        pg.button[0].click().run()
        shown = clean(pg, lang)
        with store.uow() as uow:
            snap = uow.snapshots.list(uow.maps.require("Dalby").id)[-1]
            assert snap.metrics["survey"]["answered"] == 2 and snap.metrics["survey"]["invited"] == 3
        assert t("survey.col.rate", lang) in shown
    finally:
        store.dispose()


def test_review_page_without_rounds_or_answers(demo_db):
    store = store_for(demo_db)
    try:
        at = run_page("app_pages/survey_review.py", params=DALBY)
        assert t("survey.review.no_rounds", "sv") in clean(at, "sv")
        make_round(store, actors=[LIB])
        at = run_page("app_pages/survey_review.py", params=DALBY)
        assert t("survey.review.no_answers", "sv") in clean(at, "sv")
    finally:
        store.dispose()
