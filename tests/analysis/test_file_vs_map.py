"""``weaving suggest FILE`` and the same file imported as a map give the same
suggestions (issue 20): the import renumbers the actors (``a<id>``) and lists them
in the database's order, the analysis orders them by name."""
import json

import networkx as nx
import numpy as np

from weaving.cli.main import main

from analysis_graphs import planted

THEMES = ["kultur", "idrott", "språk", "läxhjälp", "musik", "natur"]


def _file(tmp_path):
    G0 = planted(n=200, groups=5, seed=7)
    rng = np.random.default_rng(7)
    ids = {u: f"n{int(k)}" for u, k in zip(G0, rng.permutation(len(G0)))}        # ids not in name order
    G = nx.Graph()
    for u in rng.permutation(len(G0)).tolist():                                   # nodes listed shuffled
        d = G0.nodes[u]
        G.add_node(ids[u], label=f"{['Förening', 'Kyrkan', 'Studieförbund'][u % 3]} {u:03d}",
                   type=["association", "church", "study_association"][u % 3], area=d["area"],
                   themes="|".join(d["themes"]), target_groups="|".join(d["target_groups"]),
                   is_weaver=(u == 11))
    edges = sorted(G0.edges())
    for i in rng.permutation(len(edges)).tolist():
        u, v = edges[i]
        G.add_edge(ids[u], ids[v], kind="dialogue", strength=int(1 + (u + v) % 3))
    path = tmp_path / "karta.graphml"
    nx.write_graphml(G, path)
    return path, G


def _suggest(capsys, *argv):
    capsys.readouterr()
    assert main(["suggest", *argv, "--json", "--top", "15", "--seed", "2"]) == 0
    out = json.loads(capsys.readouterr().out)
    items = [(s["source_label"], s["target_label"], s["score"], s.get("mode"), s["probability"], s["reason"])
             for s in out["suggestions"]]
    return items, out["model"]


def test_suggest_on_the_file_and_on_the_imported_map_agree(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WEAVING_DATABASE_URL", f"sqlite:///{tmp_path / 'w.db'}")
    path, G = _file(tmp_path)
    n, m = G.number_of_nodes(), G.number_of_edges()
    assert n * (n - 1) // 2 - m > 6_000             # the link model samples its negatives
    assert main(["import", str(path), "--map", "Karta"]) == 0
    for extra in ((), ("--plain",)):
        on_file = _suggest(capsys, str(path), *extra)
        on_map = _suggest(capsys, "--map", "Karta", *extra)
        assert len(on_file[0]) == 15
        assert on_map == on_file
