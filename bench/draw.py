"""Benchmark the drawing loop of "Rita en karta" (issue 11).

    .venv/bin/python bench/draw.py [--saves 30] [--actors 300] [--no-browser]

1. Saving one drawn link, server side, at demo size (Dalby, 40 actors): the canvas
   action in its own transaction (``apply_action`` + commit) plus building the data the
   canvas is redrawn with (``canvas_data``): wall and CPU seconds per save.
   Target: <= 200 ms.
2. The canvas data for a 300-actor map (placement of unplaced actors included), next to
   plain NetworkX's ``spring_layout`` of the same graph in the same run.
3. The canvas's first draw at 300 actors in headless Chromium: a page that mounts the
   component script exactly as Streamlit does (``export default function(component)``)
   with that data; time from navigation to the canvas saying it is ready.
   Target: <= 1 s.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.map_render import ARGS, CHROMIUM, synthetic_map  # noqa: E402
from weaving.i18n import t  # noqa: E402
from weaving.store import Store, import_graph  # noqa: E402
from weaving.store.demo import load_demo  # noqa: E402
from weaving.ui.canvas import HERE, canvas_data  # noqa: E402
from weaving.ui.drawactions import apply_action  # noqa: E402

KINDS = ("joint_activity", "dialogue", "information", "shared_premises", "referral", "membership")


def tr(key, **params):
    return t(key, "sv", **params)


def vocab(prefix, value):
    from weaving.i18n import catalogue

    key = f"{prefix}.{value}"
    return t(key, "sv") if key in catalogue() else str(value)


def data_for(uow, map_id):
    return canvas_data(uow, map_id, tr=tr, vocab=vocab, default_status="existing", editable=True, version=0)


def bench_saves(store: Store, n: int) -> tuple[float, float]:
    with store.uow() as uow:
        map_id = uow.maps.require("Dalby").id
        ids = [a.id for a in uow.actors.list([map_id])]
        existing = {(min(l.source_id, l.target_id), max(l.source_id, l.target_id), l.kind) for l in uow.links.list()}
    pairs = [(a, b, k) for i, a in enumerate(ids) for b in ids[i + 1:] for k in KINDS if (a, b, k) not in existing]
    walls, cpus = [], []
    for a, b, k in pairs[:n]:
        w0, c0 = time.perf_counter(), time.process_time()
        with store.uow() as uow:
            apply_action(uow, map_id, {"op": "add_link", "from": a, "to": b, "kind": k, "strength": 2,
                                     "status": "existing", "unplaced": {}})
            uow.commit()
        with store.uow() as uow:
            data_for(uow, map_id)
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus)


def big_map(store: Store, n: int) -> int:
    G = synthetic_map(n)
    with store.uow() as uow:
        m = uow.maps.create(f"Bench {n}")
        import_graph(uow, m.id, G)
        uow.commit()
        return m.id


def bench_data(store: Store, map_id: int) -> tuple[float, float, float, dict]:
    w0, c0 = time.perf_counter(), time.process_time()
    with store.uow() as uow:
        data = data_for(uow, map_id)
    ours = time.perf_counter() - w0, time.process_time() - c0
    H = nx.Graph()
    H.add_nodes_from(n[0] for n in data["nodes"])
    H.add_edges_from((e[1], e[2]) for e in data["edges"])
    w0 = time.perf_counter()
    nx.spring_layout(H, seed=0)
    return ours[0], ours[1], time.perf_counter() - w0, data


HARNESS = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>{css}</style></head>
<body><div id="host" style="width:1200px"></div>
<script>{vis}</script>
<script type="application/json" id="data">{data}</script>
<script type="module">
const src = document.getElementById("canvas-src").textContent;
const mod = await import(URL.createObjectURL(new Blob([src], {{type: "text/javascript"}})));
const data = JSON.parse(document.getElementById("data").textContent);
mod.default({{data, setTriggerValue: () => {{}}, parentElement: document.getElementById("host")}});
const root = document.querySelector(".wv-root");
window.draws = 0; root.__wv.network.on("afterDrawing", () => {{ window.draws++; if (!window.drawnAt) window.drawnAt = performance.now(); window.canvasDrawn = true; }});
root.__wv.network.redraw();
</script>
<script type="text/plain" id="canvas-src">{js}</script>
</body></html>"""


def bench_first_draw(data: dict, repeats: int = 3) -> float:
    from playwright.sync_api import sync_playwright

    from weaving.mapview.html import _vis_assets, json_for_script

    vis, _ = _vis_assets()
    js = (HERE / "canvas.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    css = (HERE / "canvas.css").read_text(encoding="utf-8")
    html = HARNESS.format(css=css, vis=vis, data=json_for_script(data), js=js)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "canvas.html"
        path.write_text(html, encoding="utf-8")
        times = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            try:
                for _ in range(repeats):
                    page = browser.new_page(viewport={"width": 1280, "height": 900})
                    t0 = time.perf_counter()
                    page.goto(path.as_uri())
                    page.wait_for_function("window.canvasDrawn === true", timeout=120_000, polling=10)
                    times.append(time.perf_counter() - t0)
                    page.close()
            finally:
                browser.close()
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--saves", type=int, default=30)
    ap.add_argument("--actors", type=int, default=300)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        load_demo(store)
        wall, cpu = bench_saves(store, args.saves)
        print(f"save one drawn link (Dalby, {args.saves} saves, median): wall {wall * 1000:.0f} ms, "
              f"CPU {cpu * 1000:.0f} ms  (target <= 200 ms)")
        map_id = big_map(store, args.actors)
        w, c, nx_s, data = bench_data(store, map_id)
        print(f"canvas data, {args.actors} actors / {len(data['edges'])} links: wall {w * 1000:.0f} ms, "
              f"CPU {c * 1000:.0f} ms; nx.spring_layout alone {nx_s * 1000:.0f} ms (ratio {nx_s / w:.1f}x); "
              f"payload {len(json.dumps(data)) / 1024:.0f} kB")
        if not args.no_browser and Path(CHROMIUM).exists():
            first = bench_first_draw(data)
            print(f"canvas first draw, {args.actors} actors, headless Chromium (median of 3): {first:.2f} s "
                  f"(target <= 1 s)")
        store.dispose()


if __name__ == "__main__":
    main()
