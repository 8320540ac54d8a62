"""``weaving dismiss`` records an outcome; ``weaving suggest --map`` learns from the
workspace's outcomes and does not suggest a dismissed pair again (real subprocess,
real SQLite file)."""
from __future__ import annotations

import json

import pytest

from tests.test_cli import run


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'outcomes.db'}"
    run(["demo"], url)
    return url


def test_dismiss_then_suggest_learns_and_skips_the_pair(db):
    first = json.loads(run(["suggest", "--map", "Veberöd", "--plain", "--top", "3", "--json"], db).stdout)
    assert first["model"]["outcomes"] == 0
    top = first["suggestions"][0]
    out = run(["dismiss", "--map", "Veberöd", top["source"], top["target_label"], "--reason", "not_relevant",
               "--json"], db)
    rec = json.loads(out.stdout)
    assert rec["status"] == "dismissed" and rec["reason"] == "not_relevant"
    assert {rec["source"], rec["target"]} == {top["source"], top["target"]}
    again = json.loads(run(["suggest", "--map", "Veberöd", "--plain", "--top", "3", "--json"], db).stdout)
    assert again["model"]["outcomes"] == 1
    assert {(s["source"], s["target"]) for s in again["suggestions"]}.isdisjoint({(top["source"], top["target"])})
    weaving = json.loads(run(["suggest", "--map", "Veberöd", "--top", "10", "--json"], db).stdout)
    assert weaving["model"]["outcomes"] == 1
    assert all({s["source"], s["target"]} != {top["source"], top["target"]} for s in weaving["suggestions"])
    text = run(["dismiss", "--map", "Veberöd", top["source"], top["target"], "--reason", "did_not_work",
                "--lang", "sv"], db).stdout
    assert "avfärdat" in text and "Provat, fungerade inte" in text


def test_dismiss_errors_exit_2(db):
    proc = run(["dismiss", "--map", "Veberöd", "Nobody here", "a1", "--reason", "not_relevant"], db, ok=False)
    assert proc.returncode == 2 and "Nobody here" in proc.stderr
    proc = run(["dismiss", "--map", "Veberöd", "a1", "a2", "--reason", "bored"], db, ok=False)
    assert proc.returncode == 2
