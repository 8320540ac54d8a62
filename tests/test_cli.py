"""The CLI through a real subprocess, on a real SQLite file."""
from __future__ import annotations

import os
import subprocess
import sys

import networkx as nx
import pytest

from tests.waits import WAIT_S

WEAVING = [sys.executable, "-m", "weaving.cli"]


def run(args, db, *, lang="en", ok=True):
    env = {**os.environ, "WEAVING_DATABASE_URL": db, "WEAVING_LANG": lang}
    proc = subprocess.run([*WEAVING, *args], capture_output=True, text=True, env=env, timeout=4 * WAIT_S)
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'cli.db'}"
    out = run(["demo"], db)
    assert "Demo data loaded: 4 maps" in out.stdout
    return db


def test_help_is_plain_language():
    proc = subprocess.run([*WEAVING, "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    for word in ("demo", "import", "export", "analyse", "suggest", "plan"):
        assert word in proc.stdout
    assert "who works with whom" in proc.stdout


def test_demo_then_export_graphml_loads_with_same_counts(demo_db, tmp_path):
    out = tmp_path / "dalby.graphml"
    proc = run(["export", "--map", "Dalby", "--format", "graphml", "--out", str(out)], demo_db)
    G = nx.read_graphml(out)
    # the count printed by the CLI is the database's count
    nodes, links = (int(s) for s in proc.stdout.split(":")[1].replace("actors", "").replace("links.", "").split(","))
    assert (G.number_of_nodes(), G.number_of_edges()) == (nodes, links)
    assert 25 <= G.number_of_nodes() <= 60
    assert any("bibliotek" in d.get("label", "").lower() for _, d in G.nodes(data=True))


@pytest.mark.parametrize("fmt, suffix", [("gexf", "gexf"), ("json", "json")])
def test_export_formats_load_in_networkx(demo_db, tmp_path, fmt, suffix):
    out = tmp_path / f"x.{suffix}"
    run(["export", "--map", "Genarp", "--format", fmt, "--out", str(out)], demo_db)
    from weaving.interchange.graphfile import read_graph_file

    G = read_graph_file(out)
    assert G.number_of_nodes() >= 25


def test_demo_twice_is_idempotent_and_if_empty_skips(demo_db):
    before = run(["maps"], demo_db).stdout
    assert "already" in run(["demo", "--if-empty"], demo_db).stdout
    run(["demo"], demo_db)
    assert run(["maps"], demo_db).stdout == before


def test_export_unknown_map_is_a_clear_error(demo_db, tmp_path):
    proc = run(["export", "--map", "Atlantis", "--format", "graphml", "--out", str(tmp_path / "x.graphml")],
               demo_db, lang="sv", ok=False)
    assert proc.returncode == 2
    assert "Kartan \"Atlantis\" finns inte." in proc.stderr
    assert "Traceback" not in proc.stderr


def test_import_graphml_into_new_map_and_refuses_bad_file(demo_db, tmp_path):
    G = nx.Graph()
    G.add_node("1", label="Språkcafé Öst", type="association", themes="språk|inkludering")
    G.add_node("2", label="Scoutkåren Ekorren", type="association")
    G.add_edge("1", "2", kind="joint_activity", strength=2)
    path = tmp_path / "in.graphml"
    nx.write_graphml(G, path)
    run(["import", str(path), "--map", "Testområde"], demo_db)
    assert "Testområde\t2\t1" in run(["maps"], demo_db).stdout
    bad = tmp_path / "bad.graphml"
    bad.write_text("<graphml><oops")
    proc = run(["import", str(bad), "--map", "Annat"], demo_db, ok=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "Annat" not in run(["maps"], demo_db).stdout


def test_export_without_personal_data(demo_db, tmp_path):
    with_p, without = tmp_path / "p.json", tmp_path / "np.json"
    run(["export", "--map", "Dalby", "--format", "json", "--out", str(with_p)], demo_db)
    run(["export", "--map", "Dalby", "--format", "json", "--out", str(without), "--no-personal"], demo_db)
    import json

    data = json.loads(with_p.read_text())
    names = {c for n in data["nodes"] for c in n.get("contacts", [])}
    assert names, "demo actors have fictional contact persons"
    text = without.read_text()
    assert not any(name in text for name in names)


def test_export_standalone_html_and_png(demo_db, tmp_path):
    html, png = tmp_path / "m.html", tmp_path / "m.png"
    run(["export", "--map", "Veberöd", "--format", "html", "--out", str(html)], demo_db)
    run(["export", "--map", "Veberöd", "--format", "png", "--out", str(png)], demo_db)
    text = html.read_text(encoding="utf-8")
    assert "vis-network" in text or "vis.Network" in text
    assert "https://" not in text.split("<script", 1)[0] and 'src="http' not in text and 'href="http' not in text
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_export_kumu_xlsx_and_csv_reimport_identically(demo_db, tmp_path):
    from weaving.interchange import import_file

    for fmt, name in (("kumu_xlsx", "k.xlsx"), ("csv", "c.zip")):
        out = tmp_path / name
        run(["export", "--map", "Dalby", "--format", fmt, "--out", str(out)], demo_db)
        result = import_file(out.read_bytes(), out.name)
        assert not result.errors, [p.describe("en") for p in result.errors]
        assert result.graph.number_of_nodes() >= 25
