"""Import benchmark: ``weaving import`` of generated files into a fresh database, and
``weaving demo``, each in its own process (wall, CPU and peak RSS of that process).

Files (fictional, seeded): a GraphML map of 10,000 actors / 100,000 links with every
attribute the importer reads (types, sectors, areas, themes, target groups, link kinds,
strengths, statuses, dates, carriers); a 50,000-row links CSV (Swedish Excel style,
semicolons, actors implied by the links); an 18.6 MB-class GEXF of the same map.

Plain NetworkX in the same run, for the ratio: ``nx.read_graphml`` / ``nx.read_gexf``
of the same file (parsing only: nothing validated, nothing written), so the ratio is
"our whole import (read, check, write, commit) / NetworkX only reading the file".
PostgreSQL: fresh databases on the server the tests start (tests/pgserver.py, as root).

    .venv/bin/python bench/importing.py [--actors 10000 --links 100000] [--no-postgres]
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KINDS = ["dialogue", "information", "joint_activity", "shared_premises", "awareness", "funding", "referral"]
TYPES = ["association", "library", "school", "church", "sports_club", "study_association", "business"]
SECTORS = ["ideburen", "offentlig", "privat"]
THEMES = ["kultur", "idrott", "språk", "läxhjälp", "musik", "natur", "dans", "mat"]
GROUPS = ["unga", "seniorer", "nyanlända", "familjer", "barn"]
AREAS = ["Dalby", "Veberöd", "Södra Sandby", "Genarp", "Lund C", "Linero"]


def _edges(n: int, m: int, seed: int) -> list[tuple[int, int]]:
    """m distinct pairs, mostly inside groups of 100 (a planted-partition map)."""
    rng = random.Random(seed)
    seen: set[tuple[int, int]] = set()
    out = []
    while len(out) < m:
        u = rng.randrange(n)
        v = (u // 100) * 100 + rng.randrange(100) if rng.random() < 0.8 else rng.randrange(n)
        v = min(v, n - 1)
        if u == v:
            continue
        key = (u, v) if u < v else (v, u)
        if key in seen:
            continue
        seen.add(key)
        out.append(key)
    return out


def make_graph(n: int, m: int, seed: int = 0):
    import networkx as nx

    G = nx.Graph(name=f"Benchmark {n}")
    for i in range(n):
        g = i // 100
        G.add_node(f"n{i}", label=f"Förening {i:06d}", type=TYPES[g % len(TYPES)], sector=SECTORS[i % 3],
                   area=AREAS[g % len(AREAS)], themes=f"{THEMES[g % 8]}|{THEMES[(g + i) % 8]}",
                   target_groups=GROUPS[g % 5], is_weaver=(i == 0),
                   description="Fiktiv förening" if i % 10 == 0 else "")
    for k, (u, v) in enumerate(_edges(n, m, seed)):
        G.add_edge(f"n{u}", f"n{v}", kind=KINDS[k % len(KINDS)], strength=1 + k % 3,
                   status="existing" if k % 10 else "desired",
                   start_date="2023-01-01" if k % 7 == 0 else "",
                   carried_by=f"Person {k % 5000}" if k % 50 == 0 else "",
                   purpose="Samverkan" if k % 13 == 0 else "")
    return G


def make_csv(rows: int, n: int, seed: int = 1) -> bytes:
    lines = ["Från;Till;Typ av relation;Styrka;Status"]
    for k, (u, v) in enumerate(_edges(n, rows, seed)):
        lines.append(f"Förening {u:06d};Förening {v:06d};{KINDS[k % len(KINDS)]};{1 + k % 3};befintlig")
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


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


def timed_cpu(fn):
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t0, time.process_time() - c0


def fresh_sqlite(tmp: Path, name: str) -> str:
    url = f"sqlite:///{tmp / name}.db"
    subprocess.run([sys.executable, "-m", "weaving", "migrate"], env={**os.environ, "WEAVING_DATABASE_URL": url},
                   check=True, capture_output=True)
    return url


def fresh_postgres(tmp: Path, name: str):
    """A new, migrated PostgreSQL database on the server the tests use (started as root
    by tests/pgserver.py), or None when there is none."""
    try:
        from tests import pgserver

        admin = pgserver.ensure_server()
    except Exception as exc:  # noqa: BLE001 - no PostgreSQL here: the table says so
        print(f"  (no PostgreSQL: {exc})")
        return None, None
    db_url, db_name = pgserver.create_database(admin)
    subprocess.run([sys.executable, "-m", "weaving", "migrate"], env={**os.environ, "WEAVING_DATABASE_URL": db_url},
                   check=True, capture_output=True)
    return db_url, (admin, db_name)


def row(label: str, r: dict, extra: str = "") -> None:
    print(f"  {label:<44} {r['wall']:7.2f} s wall {r['cpu']:7.2f} s CPU {r['rss_mb']:7.0f} MB  {extra}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--actors", type=int, default=10_000)
    ap.add_argument("--links", type=int, default=100_000)
    ap.add_argument("--csv-rows", type=int, default=50_000)
    ap.add_argument("--no-postgres", action="store_true")
    a = ap.parse_args(argv)
    import networkx as nx

    weaving = [sys.executable, "-m", "weaving"]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        G = make_graph(a.actors, a.links)
        graphml, gexf, csv = tmp / "map.graphml", tmp / "map.gexf", tmp / "links.csv"
        nx.write_graphml(G, graphml)
        nx.write_gexf(G, gexf)
        csv.write_bytes(make_csv(a.csv_rows, a.actors))
        print(f"files: GraphML {graphml.stat().st_size / 1e6:.1f} MB, GEXF {gexf.stat().st_size / 1e6:.1f} MB, "
              f"CSV {csv.stat().st_size / 1e6:.1f} MB ({a.actors} actors, {a.links} links, {a.csv_rows} CSV rows)")
        nx_graphml = timed_cpu(lambda: nx.read_graphml(graphml))
        nx_gexf = timed_cpu(lambda: nx.read_gexf(gexf))
        print(f"  {'plain NetworkX nx.read_graphml (parse only)':<44} {nx_graphml[0]:7.2f} s wall {nx_graphml[1]:7.2f} s CPU")
        print(f"  {'plain NetworkX nx.read_gexf (parse only)':<44} {nx_gexf[0]:7.2f} s wall {nx_gexf[1]:7.2f} s CPU")
        env = dict(os.environ)
        env.pop("WEAVING_DATABASE_URL", None)
        read_ours = ("import sys; from pathlib import Path; from weaving.interchange import import_file; "
                     "r = import_file(Path(sys.argv[1]).read_bytes(), sys.argv[1], max_bytes=1 << 31, max_rows=10**7); "
                     "assert r.graph.number_of_edges()")
        read_nx = "import sys, networkx as nx; nx.read_gexf(sys.argv[1])"
        ours_mem = run([sys.executable, "-c", read_ours, str(gexf)], env)
        nx_mem = run([sys.executable, "-c", read_nx, str(gexf)], env)
        row(f"read + check GEXF ({gexf.stat().st_size / 1e6:.0f} MB), no database", ours_mem)
        row("plain NetworkX nx.read_gexf, same file", nx_mem,
            f"peak memory {ours_mem['rss_mb'] / nx_mem['rss_mb']:.2f}x NetworkX's")
        backends = [("SQLite", lambda name: (fresh_sqlite(tmp, name), None))]
        if not a.no_postgres:
            backends.append(("PostgreSQL", lambda name: fresh_postgres(tmp, name)))
        for backend, fresh in backends:
            print(f"\n== {backend}")
            cleanup = []

            def db(name):
                url, extra = fresh(name)
                if extra:
                    cleanup.append(extra)
                return url
            u = db("graphml")
            if u is None:
                continue
            r = run([*weaving, "--database", u, "import", str(graphml), "--map", "Stor"], env)
            row(f"import GraphML {a.actors}/{a.links}", r,
                f"{a.links / r['wall']:,.0f} links/s, {r['wall'] / nx_graphml[0]:.1f}x nx parse".replace(",", " "))
            r = run([*weaving, "--database", db("gexf"), "import", str(gexf), "--map", "Stor"], env)
            row(f"import GEXF {a.actors}/{a.links}", r, f"{r['wall'] / nx_gexf[0]:.1f}x nx parse")
            r = run([*weaving, "--database", db("csv"), "import", str(csv), "--map", "CSV"], env)
            row(f"import CSV {a.csv_rows} rows", r)
            r = run([*weaving, "--database", db("demo"), "demo"], env)
            row("weaving demo (migrated empty database)", r)
            from tests import pgserver

            for admin, name in cleanup:
                pgserver.drop_database(admin, name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
