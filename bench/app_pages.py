"""App benchmark: every page of ``streamlit run app.py`` on a temporary SQLite database
with ``weaving demo``, timed in headless Chromium (Playwright).

One browser session opens the start page, then follows the app's own navigation links
to every page, twice: the first round is cold (the app process computes the map's
graph and analysis for the first time), the second is warm (what a user sees from then
on). A page counts as shown when its title is there and Streamlit has finished the
script run (no running indicator, no stale or skeleton elements). The plain NetworkX
line times what the analysis and introduction pages replace: building the demo map's
graph from the database and ``nx.betweenness_centrality`` + ``louvain_communities``.

    .venv/bin/python bench/app_pages.py [--rounds 2] [--map Dalby]
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
DONE = """(title) => { const h = document.querySelector('h1');
  return !!h && h.textContent.trim() === title
    && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
    && !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stSkeleton"]'); }"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server(url: str, log: Path):
    port = _free_port()
    env = {**os.environ, "WEAVING_DATABASE_URL": url, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", "--global.developmentMode", "false"],
        cwd=ROOT, env=env, stdout=open(log, "wb"), stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, base
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"streamlit did not start; see {log}")


def _stop(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)   # the server's own process group only
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


def plain_networkx(url: str, name: str) -> float:
    import networkx as nx

    from weaving.store import Store, graph_from_maps

    store = Store(url)
    t0 = time.perf_counter()
    with store.uow() as uow:
        G = graph_from_maps(uow, [uow.maps.require(name).id])
    H = nx.Graph(G)
    nx.betweenness_centrality(H)
    nx.community.louvain_communities(H, seed=0)
    store.dispose()
    return time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--map", default="Dalby")
    a = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        url = f"sqlite:///{tmp / 'app.db'}"
        subprocess.run([sys.executable, "-m", "weaving", "--database", url, "demo"], check=True, capture_output=True)
        proc, base = _server(url, tmp / "server.log")
        times: dict[str, list[float]] = {}
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
                page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
                page.set_default_timeout(120_000)
                page.goto(f"{base}/?map={a.map}", wait_until="domcontentloaded")
                page.wait_for_selector("h1")
                page.wait_for_function(DONE.replace("h.textContent.trim() === title", "true"), arg="")
                links = page.eval_on_selector_all("[data-testid='stSidebar'] a",
                                                  "els => els.map(e => e.getAttribute('href'))")
                titles: dict[str, str] = {}
                for rnd in range(a.rounds):
                    for href in links:
                        path = href.split("?")[0]
                        t0 = time.perf_counter()
                        page.click(f"[data-testid='stSidebar'] a[href='{href}']")
                        if path not in titles:
                            page.wait_for_url(lambda u, p=path: u.split("?")[0].rstrip("/") == f"{base}/{p}".rstrip("/"))
                            page.wait_for_function(DONE.replace("h.textContent.trim() === title", "true"), arg="")
                            page.wait_for_timeout(300)
                            titles[path] = page.inner_text("h1").strip()
                        page.wait_for_function(DONE, arg=titles[path])
                        times.setdefault(path, []).append(time.perf_counter() - t0)
                browser.close()
        finally:
            _stop(proc)
        nx_s = plain_networkx(url, a.map)
    print(f"app pages on the demo database (map {a.map}), seconds until the page is shown")
    print(f"  {'page':<16} {'cold':>7} " + " ".join(f"{'warm' + str(i):>7}" for i in range(1, a.rounds)))
    for path, t in times.items():
        print(f"  /{path:<15} {t[0]:7.2f} " + " ".join(f"{x:7.2f}" for x in t[1:]))
    warm = [t[-1] for t in times.values()]
    print(f"  slowest warm page: {max(warm):.2f} s; plain NetworkX (graph + betweenness + Louvain of "
          f"{a.map}): {nx_s:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
