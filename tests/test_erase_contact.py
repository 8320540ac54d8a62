"""Honest erasure (issue 15 point 4): ``weaving erase-contact`` run in-process. A name
found nowhere is an error with near names; a match reports every place; free-text
mentions are reported, and scrubbed with --free-text; older backups are named."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from tests.survey_setup import answer, make_round
from weaving.cli.main import main
from weaving.i18n import t
from weaving.store import Store
from weaving.store.erasure import MARKER, loose_key, near_names
from weaving.store.models import AuditEvent, ContactPerson

PERSON = "Åsa Öberg"


@pytest.fixture
def world(db_url, monkeypatch):
    monkeypatch.delenv("WEAVING_AUTH", raising=False)
    monkeypatch.setenv("WEAVING_DATABASE_URL", db_url)
    monkeypatch.setenv("WEAVING_LANG", "en")
    s = Store(db_url)
    with s.uow(user="anna") as uow:
        m = uow.maps.create("Dalby", description=f"Karta som {PERSON} ritade")
        lib = uow.actors.add(m.id, name="Dalby bibliotek", contacts=[PERSON, "Kim Prov"],
                             description=f"Fråga {PERSON.upper()} om lokalen; Åsa Öbergsson är någon annan")
        fg = uow.actors.add(m.id, name="Fritidsgården Dalby", description="Inget namn här")
        uow.links.add(lib.id, fg.id, kind="dialogue", carried_by=[PERSON], purpose=f"Läxhjälp med åsa\u00a0öberg")
        uow.challenges.add(m.id, f"{PERSON} slutar i vår", actor_ids=[lib.id])
        uow.snapshots.take(m.id, "före")
        uow.commit()
    rid, tokens = make_round(s, actors=["Fritidsgården Dalby"])
    answer(s, tokens["Fritidsgården Dalby"], {"contact": {"name": PERSON},
                                              "wish": [{"name": "Dalby bibliotek", "note": f"via {PERSON}"}]})
    yield s
    s.dispose()


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main(["erase-contact", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _everything(s: Store) -> str:
    """Every row of every table as text."""
    from weaving.store.backup import backup

    with s.uow(role="admin") as uow:
        return json.dumps(json.loads(backup(uow))["tables"], ensure_ascii=False)


def test_no_match_is_an_error_with_near_names_and_changes_nothing(world, capsys):
    before = _everything(world)
    code, out, err = _run(capsys, "Asa Oberg")          # no accents: not the same name
    assert code == 2 and out == ""
    assert "nothing was erased" in err and f"Did you mean: {PERSON}" in err
    code, _, err = _run(capsys, "Åsa Öbreg")          # a typing mistake
    assert code == 2 and PERSON in err
    code, _, err = _run(capsys, "Zacharias Ingenting")
    assert code == 2 and t("erase.error.no_match_none", "en", name="Zacharias Ingenting") in err
    assert _everything(world) == before


def test_a_match_reports_every_place_and_the_mentions_left(world, capsys):
    code, out, err = _run(capsys, "åsa  öberg")         # any spelling of the name (name_key)
    assert code == 0, err
    for line in (t("erase.report.done", "en", n=4), t("erase.report.contacts", "en", n=1),
                 t("erase.report.links", "en", n=1), t("erase.report.snapshots", "en", n=1),
                 t("erase.report.survey_answers", "en", n=1)):
        assert line in out, out
    # free text: reported, left, and how to scrub it; backups named every time
    assert "still mentioned" in out and "--free-text" in out
    assert t("erase.kind.actors", "en", n=1) in out and t("erase.kind.links", "en", n=1) in out
    assert t("erase.kind.challenges", "en", n=1) in out and t("erase.kind.maps", "en", n=1) in out
    assert t("erase.report.backups", "en") in out
    with world.uow() as uow:
        assert [c.name for c in uow.session.scalars(select(ContactPerson))] == ["Kim Prov"]
        assert PERSON.upper() in uow.actors.by_name("Dalby bibliotek").description     # left as it was
        (event,) = uow.session.scalars(select(AuditEvent).where(AuditEvent.action == "erase"))
        assert event.detail["contacts"] == 1 and event.detail["scrubbed"] is False
        assert "Åsa" not in json.dumps(event.detail, ensure_ascii=False)
    # a second run finds the free text only, and --free-text scrubs it
    code, out, _ = _run(capsys, PERSON, "--free-text")
    assert code == 0
    assert t("erase.report.no_person", "en") in out and MARKER in out and t("erase.report.backups", "en") in out
    everything = _everything(world)
    assert "öberg" not in everything.lower().replace("öbergsson", "")
    assert "Öbergsson" in everything                    # another name, a whole-word match only
    assert f"Fråga {MARKER} om lokalen" in everything and f"via {MARKER}" in everything
    code, _, err = _run(capsys, PERSON)                 # now nowhere at all
    assert code == 2 and "nothing was erased" in err


def test_free_text_in_one_go_scrubs_descriptions_and_snapshots(world, capsys):
    code, out, err = _run(capsys, PERSON, "--free-text")
    assert code == 0, err
    assert t("erase.report.contacts", "en", n=1) in out and "were replaced with" in out
    assert t("erase.report.backups", "en") in out
    with world.uow() as uow:
        lib = uow.actors.by_name("Dalby bibliotek")
        assert lib.description == f"Fråga {MARKER} om lokalen; Åsa Öbergsson är någon annan"
        (link,) = uow.links.list()
        assert (link.purpose, link.carried_by) == (f"Läxhjälp med {MARKER}", [])
        m = uow.maps.require("Dalby")
        assert m.description == f"Karta som {MARKER} ritade"
        (snap,) = uow.snapshots.list(m.id)
        text = json.dumps(snap.graph, ensure_ascii=False)
        assert "Åsa Öberg\"" not in text and "Öberg " not in text and MARKER in text


def test_swedish_report(world, capsys):
    code = main(["--lang", "sv", "erase-contact", PERSON])
    out = capsys.readouterr().out
    assert code == 0 and t("erase.report.backups", "sv") in out and "--free-text" in out


def test_near_names_ignore_case_and_accents():
    assert loose_key("ÅSA ÖBERG") == loose_key("asa oberg") == "asa oberg"
    assert near_names("asa oberg", ["Åsa Öberg", "Kim Prov", "contact:3"]) == ["Åsa Öberg"]
    assert near_names("Kim Prv", ["Åsa Öberg", "Kim Prov"]) == ["Kim Prov"]
    assert near_names("Zacharias", ["Åsa Öberg", "Kim Prov"]) == []
