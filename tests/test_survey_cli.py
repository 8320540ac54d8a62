"""``weaving survey ...`` through a real subprocess on a real SQLite file: create a round
(JSON and a mail-merge CSV), answer with a link, status, list, re-issue and revoke, and a
snapshot that keeps the response rate."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from urllib.parse import parse_qs, urlparse

import pytest

from tests.survey_setup import answer, view
from tests.waits import WAIT_S
from weaving.core.errors import PermissionDenied
from weaving.store import Store

WEAVING = [sys.executable, "-m", "weaving.cli"]
HOSTILE = "=HYPERLINK(\"http://evil.example\")"


def run(args, db, *, lang="en", ok=True, env=None):
    full = {**os.environ, "WEAVING_DATABASE_URL": db, "WEAVING_LANG": lang, **(env or {})}
    full.pop("WEAVING_AUTH", None)
    proc = subprocess.run([*WEAVING, *args], capture_output=True, text=True, env=full, timeout=4 * WAIT_S)
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'survey.db'}"
    s = Store(url)
    with s.uow() as uow:
        m = uow.maps.create("Dalby")
        for name in ("Dalby bibliotek", "Fritidsgården Dalby", HOSTILE):
            uow.actors.add(m.id, name=name)
        uow.commit()
    s.dispose()
    return url


def token_of(link: str) -> str:
    return parse_qs(urlparse(link).query)["t"][0]


def test_create_prints_every_actor_with_a_link_and_writes_a_safe_csv(db, tmp_path):
    out = tmp_path / "links.csv"
    proc = run(["survey", "create", "--map", "Dalby", "--until", "2099-01-31", "--json", "--csv", str(out)], db,
               env={"WEAVING_PUBLIC_URL": "https://karta.example.se"})
    doc = json.loads(proc.stdout)
    assert doc["map"] == "Dalby" and doc["until"] == "2099-01-31"
    assert sorted(x["actor"] for x in doc["links"]) == sorted(["Dalby bibliotek", "Fritidsgården Dalby", HOSTILE])
    for x in doc["links"]:
        assert x["link"].startswith("https://karta.example.se/answer?t=") and len(token_of(x["link"])) == 43
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Actor", "Contact person", "E-mail", "Personal link"]
    assert "'" + HOSTILE in [r[0] for r in rows[1:]]          # a formula stays text in a spreadsheet
    assert sorted(r[3] for r in rows[1:]) == sorted(x["link"] for x in doc["links"])
    s = Store(db)
    try:
        assert view(s, token_of(doc["links"][0]["link"])).actor_name == doc["links"][0]["actor"]
    finally:
        s.dispose()


def test_status_reissue_revoke_and_the_snapshot(db):
    doc = json.loads(run(["survey", "create", "--map", "Dalby", "--until", "2099-01-31", "--actor", "Dalby bibliotek",
                          "--actor", "Fritidsgården Dalby", "--title", "Vår", "--json"], db).stdout)
    links = {x["actor"]: token_of(x["link"]) for x in doc["links"]}
    s = Store(db)
    try:
        answer(s, links["Dalby bibliotek"], {"wish": ["Fritidsgården Dalby"]})
    finally:
        s.dispose()
    status = json.loads(run(["survey", "status", "--map", "Dalby", "--json"], db).stdout)
    assert (status["answered"], status["invited"], status["not_answered"]) == (1, 2, ["Fritidsgården Dalby"])
    assert "1 of 2 answered" in run(["survey", "status", "--round", str(doc["round"])], db).stdout
    assert "1 av 2 har svarat" in run(["survey", "list"], db, lang="sv").stdout
    snap = run(["snapshot", "--map", "Dalby", "--label", "Efter enkäten"], db)
    listed = json.loads(run(["snapshot", "list", "--map", "Dalby", "--json"], db).stdout)
    assert listed[-1]["metrics"]["survey"] == {"round": doc["round"], "title": "Vår", "closes_on": "2099-01-31",
                                               "answered": 1, "invited": 2}, snap.stdout

    new = json.loads(run(["survey", "reissue", "--map", "Dalby", "--actor", "Fritidsgården Dalby", "--json"], db).stdout)
    assert [x["actor"] for x in new["links"]] == ["Fritidsgården Dalby"]
    s = Store(db)
    try:
        with pytest.raises(PermissionDenied):
            view(s, links["Fritidsgården Dalby"])
        assert view(s, token_of(new["links"][0]["link"])).actor_name == "Fritidsgården Dalby"
    finally:
        s.dispose()
    assert "1 links" in run(["survey", "revoke", "--map", "Dalby", "--actor", "Dalby bibliotek"], db).stdout
    bad = run(["survey", "revoke", "--map", "Dalby"], db, ok=False)
    assert bad.returncode == 2 and "--all" in bad.stderr
    gone = run(["survey", "status", "--map", "Veberöd"], db, ok=False)
    assert gone.returncode == 2 and "Traceback" not in gone.stderr


def test_a_date_in_the_past_is_refused_in_plain_words(db):
    proc = run(["survey", "create", "--map", "Dalby", "--until", "2001-01-01"], db, lang="sv", ok=False)
    assert proc.returncode == 2 and "redan passerat" in proc.stderr
    proc = run(["survey", "create", "--map", "Dalby", "--until", "2099-01-01", "--actor", "Ingen"], db, ok=False)
    assert proc.returncode == 2 and "Ingen" in proc.stderr
