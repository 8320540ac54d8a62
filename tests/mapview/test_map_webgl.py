"""Big maps in real headless Chromium: the WebGL renderer (sigma.js) draws 10,000
actors offline, labels and tooltips stay text, and both renderers build exactly the
tooltips of the map model from the compact data."""
from __future__ import annotations

import random
from urllib.parse import urlparse

import networkx as nx
import pytest

from tests.waits import WAIT_MS
from weaving.mapview import build_map_model, render_map_html, render_model_html
from weaving.mapview.payload import WEBGL_MIN_NODES

from .test_mapview import HOSTILE, hostile_graph

pytestmark = pytest.mark.browser


def big_graph(n: int = 10_000, seed: int = 3) -> nx.MultiGraph:
    """A clustered fictional map with hostile names on its first actors."""
    rng = random.Random(seed)
    G = nx.MultiGraph(name="<b>Stor karta</b>")
    for i in range(n):
        label = HOSTILE[i] if i < len(HOSTILE) else f"Förening {i}"
        G.add_node(f"a{i}", label=label, type="association", area=f"Område {i // 100}",
                   themes=["kultur"], is_weaver=(i % 997 == 0))
    for i in range(n):
        for _ in range(2):
            j = (i // 100) * 100 + rng.randrange(100)
            if j != i and j < n:
                G.add_edge(f"a{i}", f"a{j}", key="dialogue", kind="dialogue", strength=rng.randint(1, 3),
                           status=rng.choice(["existing", "existing", "desired"]))
    for i in range(0, n, 100):
        G.add_edge(f"a{i}", f"a{(i + 100) % n}", key="funding", kind="funding", directed=True,
                   source=f"a{i}", status="existing", strength=2)
    return G


def _page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.set_default_timeout(WAIT_MS)
    seen = {"requests": [], "dialogs": [], "errors": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    return page, seen


def _local_only(urls):
    for url in urls:
        u = urlparse(url)
        assert u.scheme in ("file", "data", "about", "blob") or u.hostname in ("localhost", "127.0.0.1", "::1"), url


def _drawn(page, path):
    page.goto(path.as_uri())
    # an attribute, not a JS predicate: the page's Content-Security-Policy forbids eval
    page.wait_for_selector('#weaving-map[data-drawn="1"]', state="attached", timeout=WAIT_MS)


def test_renderer_is_chosen_by_size():
    small = render_map_html(nx.path_graph(5))
    assert '"renderer":"vis"' in small and "vis.Network" in small and "new Sigma" not in small
    G = nx.path_graph(WEBGL_MIN_NODES + 1)
    big = render_map_html(G)
    assert '"renderer":"webgl"' in big and "new Sigma" in big and "vis.Network" not in big
    assert '"renderer":"webgl"' in render_map_html(nx.path_graph(5), renderer="webgl")


def test_10k_actors_draw_with_webgl_offline_and_stay_text(tmp_path, pw_browser, artifacts_dir):
    G = big_graph()
    html = render_map_html(G, lang="en", color_by="area")
    assert '"renderer":"webgl"' in html and len(html) < 4_000_000
    for bad in ("<img src=x", "</script><script>", "<b>Stor karta</b>"):
        assert bad not in html
    path = tmp_path / "big.html"
    path.write_text(html, encoding="utf-8")
    page, seen = _page(pw_browser)
    try:
        _drawn(page, path)
        state = page.evaluate("""() => ({
            canvases: document.querySelectorAll('#weaving-map canvas').length,
            nodes: window.weavingMap.getGraph().order, edges: window.weavingMap.getGraph().size,
            pwned: typeof window.pwned, imgs: document.querySelectorAll('img').length,
            title: document.title})""")
        assert state["nodes"] == G.number_of_nodes() and state["canvases"] >= 2
        assert state["pwned"] == "undefined" and state["imgs"] == 0
        assert "<b>Stor karta</b>" in state["title"]            # shown as text
        # hover the actor named "<img src=x onerror=alert(1)>": its tooltip is that text
        pos = page.evaluate("""async () => { const r = window.weavingMap;
            const d = r.getNodeDisplayData("0");
            r.getCamera().setState({x: d.x, y: d.y, ratio: 0.01});   // zoom in on it
            await new Promise(ok => requestAnimationFrame(() => requestAnimationFrame(ok)));
            const p = r.framedGraphToViewport(r.getNodeDisplayData("0"));
            const b = document.getElementById('weaving-map').getBoundingClientRect();
            return {x: p.x + b.left, y: p.y + b.top}; }""")
        page.mouse.move(pos["x"], pos["y"])
        page.wait_for_selector("div.wm-tip", state="visible", timeout=WAIT_MS)
        tip = page.evaluate("""() => { const t = document.querySelector('div.wm-tip');
            return {text: t.textContent, tags: t.children.length}; }""")
        assert tip["text"].startswith("<img src=x onerror=alert(1)>") and tip["tags"] == 0
        page.screenshot(path=str(artifacts_dir / "map_webgl_10k.png"))
    finally:
        page.close()
    _local_only(seen["requests"])
    assert not seen["dialogs"] and not seen["errors"], seen


@pytest.mark.parametrize("renderer", ["vis", "webgl"])
def test_page_tooltips_are_the_models(tmp_path, pw_browser, renderer):
    """The browser puts each tooltip together from the compact data: exactly the text
    of the map model (names, the lines shared by many actors, link directions)."""
    from .conftest import make_demo_graph

    for i, G in enumerate((make_demo_graph(), hostile_graph())):
        model = build_map_model(G, lang="sv", size_by="betweenness")
        path = tmp_path / f"{renderer}{i}.html"
        path.write_text(render_model_html(model, renderer=renderer), encoding="utf-8")
        page, seen = _page(pw_browser)
        try:
            _drawn(page, path)
            if renderer == "vis":
                got = page.evaluate("""() => { const b = window.weavingMap.body.data;
                    return {nodes: b.nodes.get().map(x => x.title.textContent),
                            edges: b.edges.get().map(x => x.title.textContent)}; }""")
            else:
                got = page.evaluate(f"""() => {{ const t = window.weavingMapText;
                    return {{nodes: [...Array({len(model.nodes)}).keys()].map(t.node),
                            edges: [...Array({len(model.edges)}).keys()].map(t.edge)}}; }}""")
        finally:
            page.close()
        assert got["nodes"] == [nd["tooltip"] for nd in model.nodes]
        assert got["edges"] == [ed["tooltip"] for ed in model.edges]
        assert not seen["errors"], seen
