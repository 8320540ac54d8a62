"""Snapshot metrics on hand-built graphs, progress between snapshots, the one-page report
(stage, changes, escaped hostile names, nothing loaded from the network) and the CLI."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from tests.waits import WAIT_S
from weaving.i18n import fmt_date
from weaving.progress.metrics import snapshot_metrics
from weaving.progress.report import collect_report, render_report_html
from weaving.progress.timeline import progress_between
from weaving.progress.wording import (
    change_sentences,
    fmt_delta,
    fmt_num,
    fmt_pct,
    stage_sentences,
)
from weaving.store import Store, graph_from_maps

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ("<img src=x onerror=alert(1)>", "</script><script>window.pwned=1</script>")


def _g(edges, weaver="W", extra=()):
    G = nx.MultiGraph()
    for n in sorted({x for e in edges for x in e[:2]} | set(extra)):
        G.add_node(n, label=n, is_weaver=(n == weaver))
    for u, v, *rest in edges:
        kind = rest[0] if rest else "dialogue"
        status = rest[1] if len(rest) > 1 else "existing"
        G.add_edge(u, v, key=kind, kind=kind, status=status)
    return G


# -- metrics -------------------------------------------------------------------------------------

def test_hub_and_spoke_metrics():
    # two triangles tied together only through W, plus E tied only to W; one desired, one ended link
    G = _g([("W", "A"), ("A", "B"), ("B", "C"), ("A", "C"), ("W", "D"), ("D", "F"), ("F", "G"), ("D", "G"),
            ("W", "E"), ("C", "G", "dialogue", "desired"), ("B", "F", "joint_activity", "ended")])
    m = snapshot_metrics(G)
    assert json.loads(json.dumps(m, allow_nan=False)) == m          # JSON-safe
    assert m["stage"] == "b" and m["stage_index"] == 1
    assert m["weavers"] == ["W"] and m["weaver_source"] == "marked"
    assert m["actors"] == 8 and m["links"] == 9
    assert m["links_by_status"] == {"existing": 9, "desired": 1, "introduced": 0, "ended": 1}
    assert (m["links_existing"], m["links_desired"], m["links_ended"]) == (9, 1, 1)
    assert m["components"] == 1 and m["largest_share"] == 1.0
    assert m["components_without_weaver"] == 3                      # {A,B,C}, {D,F,G}, {E}
    assert m["dependent"] == 1                                      # E
    assert m["weaver_share"] > 0.4 and m["cut_off"] > 0        # W brokers most; A and D broker too
    assert 0 < m["efficiency"] < 1 and m["avg_path"] > 1
    assert m["clusters"] >= 2 and m["modularity"] > 0.2
    assert {e["key"] for e in m["stage_evidence"]} >= {"analysis.stage.b_means"}


def test_scattered_and_empty_and_ring():
    a = snapshot_metrics(_g([("A", "B"), ("B", "C"), ("A", "C"), ("D", "E"), ("E", "F"), ("D", "F")],
                            weaver=None, extra=("X",)))
    assert a["stage"] == "a" and a["components"] == 3 and a["actors"] == 7
    empty = snapshot_metrics(nx.MultiGraph())
    assert empty["stage"] == "a" and empty["actors"] == 0 and empty["links"] == 0
    assert json.dumps(empty, allow_nan=False)
    ring = snapshot_metrics(_g([("W", "A"), ("A", "B"), ("B", "C"), ("C", "D"), ("D", "W")]))
    assert ring["components_without_weaver"] == 1 and ring["dependent"] == 0 and ring["cut_off"] == 0
    assert ring["weaver_share"] < 0.5


def test_stage_sentences_in_plain_words():
    G = _g([("W", "A"), ("A", "B"), ("W", "C"), ("C", "D"), ("W", "E")])
    sv = stage_sentences(snapshot_metrics(G), "sv")
    en = stage_sentences(snapshot_metrics(G), "en")
    assert any("bara kopplade till vävaren" in s for s in sv)
    assert any("Without the weaver the network falls into 3 parts" in s for s in en)


def test_formatting_per_language():
    assert fmt_num(0.4812, "sv", 2) == "0,48" and fmt_num(0.4812, "en", 2) == "0.48"
    assert fmt_num(12345, "sv") == "12\u00a0345" and fmt_num(12345, "en") == "12,345"
    assert fmt_pct(0.634, "sv") == "63\u00a0%" and fmt_pct(0.634, "en") == "63%"
    assert fmt_date(dt.date(2026, 3, 3), "sv") == "3 mars 2026"
    assert fmt_date(dt.date(2026, 3, 3), "en") == "3 March 2026"
    assert fmt_delta("weaver_share", -0.12, "sv") == "−12 procentenheter"
    assert fmt_delta("actors", 3, "en") == "+3" and fmt_delta("actors", 0, "en") == "unchanged"


# -- snapshots in the store, progress, report ---------------------------------------------------------

@pytest.fixture
def woven(tmp_path):
    """A map photographed on 1 Sept 2025, then woven: two introductions confirmed, a new actor
    with a hostile name, one link ended, one introduction still open."""
    s = Store(f"sqlite:///{tmp_path / 'r.db'}")
    with s.uow() as uow:
        m = uow.maps.create("Genarp <öst>")
        add = lambda name, **kw: uow.actors.add(m.id, name=name, **kw)  # noqa: E731
        w = add("Koordinator", is_weaver=True, type="municipal_unit", sector="offentlig")
        lib = add("Genarps bibliotek", type="library", sector="offentlig")
        yc = add("Fritidsgården", type="youth_centre", sector="offentlig")
        club = add("Genarps IF", type="sports_club", sector="ideburen")
        pro = add("PRO Genarp", type="association", sector="ideburen")
        church = add("Genarps församling", type="church", sector="ideburen")
        for x in (lib, yc, club, pro, church):
            uow.links.add(w.id, x.id)
        uow.links.add(lib.id, yc.id, kind="joint_activity")
        old = uow.links.add(club.id, pro.id, kind="information")
        early = uow.introductions.record(pro.id, church.id, map_id=m.id, on=dt.date(2025, 5, 1))
        uow.introductions.set_status(early.id, "confirmed", on=dt.date(2025, 6, 1))   # before the snapshot
        uow.snapshots.take(m.id, HOSTILE[0], metrics=snapshot_metrics(graph_from_maps(uow, [m.id])),
                           at=dt.datetime(2025, 9, 1, 9, 0))
        i1 = uow.introductions.record(yc.id, club.id, map_id=m.id, reason="unga och idrott", on=dt.date(2025, 9, 10))
        uow.introductions.set_status(i1.id, "confirmed", on=dt.date(2025, 10, 2))
        i2 = uow.introductions.record(lib.id, church.id, map_id=m.id, level="in_person", on=dt.date(2025, 9, 12))
        uow.introductions.set_status(i2.id, "confirmed", on=dt.date(2025, 11, 20))
        bad = add(HOSTILE[1], type="association", sector="ideburen")
        uow.links.add(bad.id, lib.id, kind="dialogue")
        uow.links.update(old.id, status="ended", end_date=dt.date(2025, 12, 1))
        uow.introductions.record(pro.id, yc.id, map_id=m.id, status="made", level="email", on=dt.date(2026, 1, 15))
        uow.introductions.record(bad.id, club.id, map_id=m.id, on=dt.date(2026, 2, 1))
        uow.commit()
        yield s, m.id
    s.dispose()


def test_progress_between_snapshot_and_now(woven):
    s, map_id = woven
    with s.uow() as uow:
        snap = uow.snapshots.list(map_id)[0]
        p = progress_between(uow, map_id, snap.id, None)
    d = p.diff
    assert d.found_each_other == [("Fritidsgården", "Genarps IF"), ("Genarps bibliotek", "Genarps församling")]
    assert d.actors_added == [HOSTILE[1]]
    assert ("Genarps IF", "PRO Genarp", "information") in d.links_ended
    assert [(i.a, i.b) for i in p.confirmed] == [("Fritidsgården", "Genarps IF"),
                                                 ("Genarps bibliotek", "Genarps församling")]  # not the June one
    assert d.metrics_before["stage"] in "abcd" and d.metrics_after["actors"] == 7
    assert p.deltas["actors"] == 1 and p.deltas["links_ended"] == 1
    sv = " ".join(change_sentences(p, "sv"))
    en = " ".join(change_sentences(p, "en"))
    assert "2 par aktörer har hittat varandra" in sv and "2 introduktioner bekräftades" in sv
    assert "2 pairs of actors have found each other" in en and "1 new actors" in en


LOADS = re.compile(r"""(?:\b(?:src|href|action|poster|data|srcset)\s*=\s*["']?\s*(?!data:|#)[a-z]+:)|url\(|@import""", re.I)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_report_html(woven, lang):
    s, map_id = woven
    with s.uow() as uow:
        data = collect_report(uow, map_id, lang=lang, today=dt.date(2026, 3, 3))
    html = render_report_html(data, lang)
    assert html.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in html
    stage = data.now.metrics["stage"]
    from weaving.i18n import t
    assert t(f"analysis.stage.{stage}", lang) in html
    assert ("3 mars 2026" if lang == "sv" else "3 March 2026") in html
    # the changes: who found each other, the new actor, confirmed introductions, open introductions
    assert "Fritidsgården ↔ Genarps IF" in html and "Genarps bibliotek ↔ Genarps församling" in html
    assert "PRO Genarp ↔ Fritidsgården" in html                                  # open introduction
    assert t("prog.r.c_confirmed", lang) in html
    # hostile names (map, snapshot label, actor) are text, never markup
    for bad in HOSTILE:
        assert bad not in html
    assert "&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Genarp &lt;öst&gt;" in html
    assert html.count("<script") == 0
    # offline: the map is an inline PNG, no URL is loaded from anywhere
    assert 'src="data:image/png;base64,' in html
    assert not LOADS.findall(html), LOADS.findall(html)[:3]
    assert "default-src 'none'" in html


def test_report_without_baseline_and_empty_map(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'e.db'}")
    with s.uow() as uow:
        m = uow.maps.create("Tom")
        uow.commit()
        data = collect_report(uow, m.id, lang="sv")
    html = render_report_html(data, "sv")
    assert "Ingen tidigare ögonblicksbild" in html and "Kartan har inga aktörer" in html
    assert data.map_png is None
    s.dispose()


# -- CLI ---------------------------------------------------------------------------------------------

def _cli(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "WEAVING_DATABASE_URL": url, "WEAVING_LANG": "sv"}
    return subprocess.run([sys.executable, "-m", "weaving", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=3 * WAIT_S)


def test_cli_snapshot_list_compare_report(woven, tmp_path):
    s, map_id = woven
    url = s.url
    name = "Genarp <öst>"
    r = _cli(url, "snapshot", "--map", name, "--label", "Efter hösten")
    assert r.returncode == 0, r.stderr
    assert "Efter hösten" in r.stdout and "sparad" in r.stdout
    r = _cli(url, "snapshot", "list", "--map", name, "--json")
    rows = json.loads(r.stdout)
    assert [x["label"] for x in rows] == [HOSTILE[0], "Efter hösten"]
    assert rows[1]["metrics"]["actors"] == 7 and rows[1]["metrics"]["stage"] in "abcd"
    r = _cli(url, "snapshot", "list", "--map", name)
    assert r.returncode == 0 and "Efter hösten" in r.stdout
    r = _cli(url, "snapshot", "compare", "--map", name, f"#{rows[0]['id']}", "Efter hösten", "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert [list(p) for p in d["found_each_other"]] == [["Fritidsgården", "Genarps IF"],
                                                        ["Genarps bibliotek", "Genarps församling"]]
    assert len(d["confirmed_introductions"]) == 2 and d["metric_deltas"]["actors"] == 1
    r = _cli(url, "--lang", "en", "snapshot", "compare", "--map", name, f"{rows[0]['id']}")
    assert r.returncode == 0 and "pairs of actors have found each other" in r.stdout
    r = _cli(url, "snapshot", "compare", "--map", name, "finns inte")
    assert r.returncode == 2 and "finns inte" in r.stderr
    out = tmp_path / "rapport.html"
    r = _cli(url, "report", "--map", name, "--out", str(out), "--since", f"#{rows[0]['id']}")
    assert r.returncode == 0, r.stderr
    html = out.read_text(encoding="utf-8")
    assert "Framstegsrapport" in html and "Fritidsgården ↔ Genarps IF" in html and "<script" not in html
    r = _cli(url, "report", "--map", name, "--out", str(tmp_path / "rapport.docx"))
    assert r.returncode == 2 and ".docx" in r.stderr
