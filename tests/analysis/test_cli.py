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


def test_suggest_plain_json_shape(tmp_path, capsys):
    code, out, _ = run(["suggest", str(graphml(tmp_path)), "--plain", "--top", "5", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["mode"] == "plain" and data["model"]["outcomes"] == 0 and data["model"]["kind"]
    sug = data["suggestions"]
    assert len(sug) == 5
    G = hub_and_spoke()
    for s in sug:
        assert {"source", "target", "score", "probability", "reason", "source_label", "target_label"} <= set(s)
        assert s["source_label"] == G.nodes[s["source"]]["label"] and s["target_label"] == G.nodes[s["target"]]["label"]
        assert 0 < s["probability"] < 1 and 0 < s["score"] < 1 and s["reason"]
    assert [s["score"] for s in sug] == sorted((s["score"] for s in sug), reverse=True)
    # plain link prediction: the weaver may be an endpoint
    code, text, _ = run(["suggest", str(graphml(tmp_path)), "--plain", "--top", "5"], capsys)
    assert code == 0 and text.startswith("1. ") and len(text.strip().splitlines()) == 5


def test_suggest_says_which_weaver_it_works_around(tmp_path, capsys):
    import networkx as nx

    path = tmp_path / "lesmis.graphml"
    nx.write_graphml(nx.Graph(nx.les_miserables_graph().edges()), path)     # nobody is marked
    code, out, _ = run(["suggest", str(path), "--top", "8", "--json"], capsys)
    data = json.loads(out)
    assert data["note"] == "no weaver is marked; treating Valjean as the hub"
    assert data["weaver"] == {"ids": ["Valjean"], "source": "fallback"}
    assert all("Valjean" not in (s["source"], s["target"]) for s in data["suggestions"])
    code, out, _ = run(["suggest", str(path), "--top", "3"], capsys)
    assert out.splitlines()[0] == "no weaver is marked; treating Valjean as the hub"
    # --weaver none: no hub at all, so pairs with the top broker may be suggested
    code, out, _ = run(["suggest", str(path), "--top", "8", "--weaver", "none", "--json"], capsys)
    data = json.loads(out)
    assert data["weaver"] == {"ids": [], "source": "none"} and "no weaver" in data["note"]
    assert any("Valjean" in (s["source"], s["target"]) for s in data["suggestions"])
    assert not any(s["mode"] == "bypass_weaver" for s in data["suggestions"])
    # a marked weaver: no note
    code, out, _ = run(["suggest", str(graphml(tmp_path)), "--top", "3", "--json"], capsys)
    assert "note" not in json.loads(out) and json.loads(out)["weaver"]["source"] == "marked"
