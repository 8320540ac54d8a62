import argparse
import json

import networkx as nx

from weaving.cli.analysis import register

from analysis_graphs import hub_and_spoke


def parser():
    p = argparse.ArgumentParser(prog="weaving")
    register(p.add_subparsers(dest="cmd"))
    return p


def graphml(tmp_path):
    G = nx.Graph(hub_and_spoke())
    for n, d in G.nodes(data=True):
        for k in ("themes", "target_groups"):
            if isinstance(d.get(k), list):
                d[k] = "|".join(d[k])
    G.graph.clear()
    path = tmp_path / "map.graphml"
    nx.write_graphml(G, path)
    return path


def run(argv, capsys):
    args = parser().parse_args(argv)
    code = args.func(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_analyse_json(tmp_path, capsys):
    code, out, _ = run(["analyse", str(graphml(tmp_path)), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["stage"]["stage"] == "b"
    assert data["stage"]["dependence"]["weavers"] == ["W"]


def test_suggest_json_schema(tmp_path, capsys):
    code, out, _ = run(["suggest", str(graphml(tmp_path)), "--top", "5", "--json"], capsys)
    assert code == 0
    sug = json.loads(out)["suggestions"]
    assert len(sug) == 5
    ids = set(hub_and_spoke().nodes)
    for s in sug:
        assert {"source", "target", "score", "mode", "reason"} <= set(s)
        assert s["source"] in ids and s["target"] in ids and isinstance(s["score"], float)


def test_plan_json_and_text(tmp_path, capsys):
    path = str(graphml(tmp_path))
    code, out, _ = run(["plan", path, "--weaver", "W", "--json"], capsys)
    assert code == 0
    plan = json.loads(out)
    assert plan["length"] == plan["lower_bound"] == 4
    code, out, _ = run(["plan", path, "--weaver", "W", "--lang", "sv"], capsys)
    assert code == 0 and "introduktioner" in out


def test_errors_exit_2(tmp_path, capsys):
    path = str(graphml(tmp_path))
    code, out, err = run(["plan", path, "--weaver", "nope", "--json"], capsys)
    assert code == 2 and "nope" in err and out == ""
    code, _, err = run(["analyse", str(tmp_path / "missing.graphml")], capsys)
    assert code == 2 and err
    code, _, err = run(["suggest"], capsys)
    assert code == 2 and "--map" in err
