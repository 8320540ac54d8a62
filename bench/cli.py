"""Command-line benchmark: each command in its own process (wall, CPU, peak RSS).

* ``weaving --help`` (no heavy library may load);
* ``weaving demo`` into a migrated empty SQLite database (and into a new file, which
  also creates the schema);
* ``weaving analyse --map Dalby`` on the demo database, next to the plain-NetworkX
  script it replaces (read the same map exported as GraphML, then
  ``nx.betweenness_centrality`` + ``nx.community.louvain_communities``);
* with ``--big``: ``weaving analyse/suggest/plan FILE`` on a generated 100,000-actor /
  ~1M-link map (node-link JSON and GraphML), and the plain NetworkX calls
  (betweenness with 256 pivots, Louvain) on the same file, in the same run.

    .venv/bin/python bench/cli.py [--big] [--big-actors 100000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WEAVING = [sys.executable, "-m", "weaving"]

NX_ANALYSE = """
import sys, networkx as nx
G = nx.Graph(nx.read_graphml(sys.argv[1]) if sys.argv[1].endswith('.graphml')
             else nx.node_link_graph(__import__('json').load(open(sys.argv[1])), edges='links'))
k = None if G.number_of_nodes() <= 2000 else 256
nx.betweenness_centrality(G, k=k, seed=0)
nx.community.louvain_communities(G, seed=0)
"""


def run(cmd: list[str], env: dict[str, str] | None = None) -> dict:
    """Run one command in its own process: wall, CPU (user+sys) and peak RSS of THAT process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{err.read().decode()[-3000:]}")
        return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
                "rss": usage.ru_maxrss / 1024, "out": out.read().decode().strip()}


def best(cmd, env=None, repeat: int = 3) -> dict:
    """The median of ``repeat`` runs (a quick command's time is noisy on a shared machine)."""
    runs = [run(cmd, env) for _ in range(repeat)]
    return {k: statistics.median(r[k] for r in runs) for k in ("wall", "cpu", "rss")}


def line(label: str, r: dict, extra: str = "") -> None:
    print(f"  {label:<46} {r['wall']:7.2f} s wall {r['cpu']:7.2f} s CPU {r['rss']:6.0f} MB  {extra}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--big", action="store_true")
    ap.add_argument("--big-actors", type=int, default=100_000)
    ap.add_argument("--no-nx", action="store_true", help="skip the plain NetworkX runs of --big")
    a = ap.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if k != "WEAVING_DATABASE_URL"}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        print("command line (median of %d runs)" % a.repeat)
        line("weaving --help", best([*WEAVING, "--help"], env, a.repeat))
        demo_db = f"sqlite:///{tmp / 'demo.db'}"
        line("weaving demo (new file: schema + demo)", run([*WEAVING, "--database", demo_db, "demo"], env))
        demos = []
        for i in range(a.repeat):
            url = f"sqlite:///{tmp / f'empty{i}.db'}"
            run([*WEAVING, "--database", url, "migrate"], env)
            demos.append(run([*WEAVING, "--database", url, "demo"], env))
        line("weaving demo (migrated empty database)", {k: statistics.median(r[k] for r in demos) for k in demos[0]})
        ours = best([*WEAVING, "--database", demo_db, "analyse", "--map", "Dalby"], env, a.repeat)
        gml = tmp / "dalby.graphml"
        run([*WEAVING, "--database", demo_db, "export", "--map", "Dalby", "--format", "graphml", "--out", str(gml)], env)
        plain = best([sys.executable, "-c", NX_ANALYSE, str(gml)], env, a.repeat)
        line("weaving analyse --map Dalby", ours)
        line("plain NetworkX: read + betweenness + Louvain", plain, f"ratio {plain['wall'] / ours['wall']:.2f}x")
        if a.big:
            big(tmp, env, a.big_actors, with_nx=not a.no_nx)
    return 0


def big(tmp: Path, env: dict, n: int, *, with_nx: bool) -> None:
    import networkx as nx

    sys.path.insert(0, str(ROOT / "bench"))
    from analysis import planted

    t0 = time.perf_counter()
    G = planted(n)
    js, gml = tmp / "big.json", tmp / "big.graphml"
    js.write_text(json.dumps(nx.node_link_data(G, edges="links")), encoding="utf-8")
    for _n, d in G.nodes(data=True):   # GraphML has no lists: Kumu-style "a|b"
        for k, v in list(d.items()):
            if isinstance(v, list):
                d[k] = "|".join(v)
    nx.write_graphml(G, gml)
    print(f"\n{n} actors, {G.number_of_edges()} links (files written in {time.perf_counter() - t0:.0f} s: "
          f"JSON {js.stat().st_size / 1e6:.0f} MB, GraphML {gml.stat().st_size / 1e6:.0f} MB)")
    del G
    for path in (js, gml):
        for cmd in ("analyse", "suggest", "plan"):
            r = run([*WEAVING, cmd, str(path), "--json"], env)
            line(f"weaving {cmd} {path.name}", r)
    if with_nx:
        r = run([sys.executable, "-c", NX_ANALYSE, str(js)], env)
        line("plain NetworkX on big.json: bc k=256 + Louvain", r)


if __name__ == "__main__":
    raise SystemExit(main())
