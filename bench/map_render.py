"""Benchmark the map renderer: render_map_html time (Python, wall and CPU), the HTML's
size, and the time to first draw in headless Debian Chromium (page.goto until the page
marks itself drawn: vis-network's 'afterDrawing' up to 2,000 actors, the first frame
of sigma.js's WebGL renderer above). Plain NetworkX in the same run: nx.spring_layout
of the same graph (positions only, nothing drawn).

    .venv/bin/python bench/map_render.py [--sizes 300 2000 10000] [--no-browser]

Targets: 2,000 actors first draw <= 2 s and HTML <= 1 MB; 10,000 actors <= 5 s.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from weaving.mapview import render_map_html  # noqa: E402
from weaving.core.schema import ACTOR_TYPES, LINK_KINDS, SECTORS  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def synthetic_map(n: int, seed: int = 1) -> nx.MultiGraph:
    """Clustered fictional map: areas of ~40 actors, a few weavers bridging them."""
    rng = random.Random(seed)
    areas = [f"Område {i + 1}" for i in range(max(1, n // 40))]
    G = nx.MultiGraph(name=f"Benchmark {n}")
    for i in range(n):
        G.add_node(f"a{i}", label=f"Aktör {i} ({rng.choice(['förening', 'skola', 'kyrka'])})",
                   type=rng.choice(ACTOR_TYPES), sector=rng.choice(SECTORS),
                   area=areas[i % len(areas)], themes=rng.sample(["kultur", "idrott", "språk",
                                                                   "läxhjälp"], 2),
                   is_weaver=(i % 97 == 0))
    by_area: dict[str, list[str]] = {}
    for v, d in G.nodes(data=True):
        by_area.setdefault(d["area"], []).append(v)
    for members in by_area.values():
        for v in members:
            for _ in range(2):
                w = rng.choice(members)
                if w != v:
                    G.add_edge(v, w, key=rng.choice(LINK_KINDS), kind=rng.choice(LINK_KINDS),
                               strength=rng.randint(1, 3),
                               status=rng.choice(["existing"] * 6 + ["desired", "introduced"]))
    weavers = [v for v, d in G.nodes(data=True) if d["is_weaver"]]
    for wv in weavers:
        for _ in range(6):
            G.add_edge(wv, rng.choice(list(G)), key="dialogue", kind="dialogue", strength=2,
                       status="existing")
    return G


def time_render(G: nx.Graph, repeats: int = 3) -> tuple[float, float, str]:
    times, cpus, html = [], [], ""
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        html = render_map_html(G, seed=0)
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(times), statistics.median(cpus), html


def time_first_draw(html: str, repeats: int = 3) -> float:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "map.html"
        path.write_text(html, encoding="utf-8")
        times = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            try:
                for _ in range(repeats):
                    page = browser.new_page(viewport={"width": 1280, "height": 800})
                    t0 = time.perf_counter()
                    page.goto(path.as_uri())
                    # an attribute, not a JS predicate: the map's CSP forbids eval
                    page.wait_for_selector('#weaving-map[data-drawn="1"]', state="attached",
                                           timeout=60_000)
                    times.append(time.perf_counter() - t0)
                    page.close()
            finally:
                browser.close()
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=[300, 2000, 10000])
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    browser = not args.no_browser and Path(CHROMIUM).exists()
    print(f"{'actors':>7} {'links':>7} {'renderer':>8} {'render_s':>9} {'cpu_s':>6} {'html_MB':>8} "
          f"{'first_draw_s':>12} {'total_s':>8} {'nx_spring_s':>11} {'ratio':>6}")
    for n in args.sizes:
        G = synthetic_map(n)
        render_s, cpu_s, html = time_render(G)
        draw_s = time_first_draw(html) if browser else float("nan")
        t0 = time.perf_counter()
        nx.spring_layout(nx.Graph(G), seed=0)
        spring = time.perf_counter() - t0
        kind = "webgl" if '"renderer":"webgl"' in html else "vis"
        print(f"{n:>7} {G.number_of_edges():>7} {kind:>8} {render_s:>9.3f} {cpu_s:>6.2f} {len(html.encode()) / 1e6:>8.2f} "
              f"{draw_s:>12.3f} {render_s + draw_s:>8.3f} {spring:>11.3f} {spring / render_s:>5.1f}x")


if __name__ == "__main__":
    main()
