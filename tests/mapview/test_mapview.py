"""Map drawing: filters, determinism, escaping, offline-ness, PNG."""
from __future__ import annotations

import io
import json
import re

import networkx as nx
import pytest

from weaving.i18n import check_catalogue, t
from weaving.mapview import (
    build_map_model,
    compute_layout,
    filter_graph,
    render_map_html,
    render_map_png,
)
from weaving.mapview.html import json_for_script

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "</script><script>window.pwned=1</script>",
    "\"'&amp;&lt;",
    "Café 🎉🧶 vävare",
    "مكتبة المدينة \u202eevil\u202c",
    "line\u2028sep\u2029para",
    "<!--",
    "X" * 10_000,
]


def hostile_graph() -> nx.MultiGraph:
    G = nx.MultiGraph(name="<b>map</b></title><script>window.pwned=1</script>")
    for i, name in enumerate(HOSTILE):
        G.add_node(f"h{i}", label=name, type=name if i == 0 else "association",
                   sector="ideburen", area=name, themes=[name], is_weaver=(i == 1),
                   target_groups=[name])
    for i in range(len(HOSTILE) - 1):
        G.add_edge(f"h{i}", f"h{i + 1}", key="dialogue", kind="dialogue", strength=2,
                   status="existing", purpose=HOSTILE[i], place=HOSTILE[-2 - i % 3])
    return G


# ------------------------------------------------------------------ filters
def test_default_filter_hides_ended_links(demo_graph):
    H = filter_graph(demo_graph)
    assert set(H) == {f"a{i}" for i in range(1, 11)}  # isolated actor kept
    assert not H.has_edge("a4", "a7")  # ended
    assert H.has_edge("a2", "a3") and H["a2"]["a3"]["status"] == "desired"
    H2 = filter_graph(demo_graph, statuses=["existing", "ended"])
    assert H2.has_edge("a4", "a7") and not H2.has_edge("a2", "a3")
    assert not H2.has_edge("a6", "a8")  # introduced not asked for


def test_multi_edges_merge_into_one(demo_graph):
    H = filter_graph(demo_graph)
    e = H["a1"]["a2"]
    assert e["kinds"] == ["dialogue", "joint_activity"]
    assert e["strength"] == 3
    model = build_map_model(demo_graph, lang="en")
    pairs = [(m["u"], m["v"]) for m in model.edges]
    assert len(pairs) == len({frozenset(p) for p in pairs}) == H.number_of_edges()
    tip = next(m["tooltip"] for m in model.edges if {m["u"], m["v"]} == {"a1", "a2"})
    assert "Dialogue" in tip and "Joint activity" in tip


def test_area_type_theme_filters(demo_graph):
    assert set(filter_graph(demo_graph, areas=["Veberöd"])) == {"a6", "a7", "a8", "a10"}
    assert set(filter_graph(demo_graph, types=["library"])) == {"a1", "a6"}
    assert set(filter_graph(demo_graph, themes=["språk", "idrott"])) == {"a1", "a3", "a4"}
    H = filter_graph(demo_graph, areas=["Dalby"], themes=["kultur", "fritid"])
    assert set(H) == {"a1", "a2"} and H.has_edge("a1", "a2")
    # None / empty = no filter
    assert len(filter_graph(demo_graph, areas=[], types=None)) == 10


def test_focus_ego_network(demo_graph):
    assert set(filter_graph(demo_graph, focus="a6", depth=1)) == {"a6", "a1", "a7", "a8"}
    d2 = set(filter_graph(demo_graph, focus="a6", depth=2))
    assert d2 == {"a6", "a1", "a7", "a8", "a2", "a3", "a4", "a5"}
    # focus + filters: ego network within the filtered actors, focus always kept
    assert set(filter_graph(demo_graph, focus="a1", areas=["Veberöd"])) == {"a1", "a6"}
    # ended link only counts when drawn
    assert "a4" not in filter_graph(demo_graph, focus="a7")
    assert "a4" in filter_graph(demo_graph, focus="a7", statuses=["existing", "ended"])
    with pytest.raises(KeyError):
        filter_graph(demo_graph, focus="nope")


def test_directed_funding_gets_arrow(demo_graph):
    model = build_map_model(demo_graph)
    e = next(m for m in model.edges if {m["u"], m["v"]} == {"a3", "a9"})
    assert e["arrows"] == "to" and e["u"] == "a9" and e["v"] == "a3"
    assert model.has_arrows
    assert sum(1 for m in model.edges if m["arrows"]) == 1


def test_accepts_all_graph_types(demo_graph):
    for cls in (nx.Graph, nx.DiGraph, nx.MultiDiGraph):
        G = cls(demo_graph)
        html = render_map_html(G)
        assert "weaving-map-data" in html
    K = nx.karate_club_graph()  # int node ids, no attributes
    html = render_map_html(K, color_by="cluster")
    assert "Kluster 1" in html


def test_weaver_from_graph_attribute():
    G = nx.Graph(weavers=["b"])
    G.add_edge("a", "b")
    model = build_map_model(G)
    assert [n["node"] for n in model.nodes if n["is_weaver"]] == ["b"]


# ------------------------------------------------------------ determinism
def test_same_seed_same_html(demo_graph):
    a = render_map_html(demo_graph, seed=3)
    b = render_map_html(make_copy(demo_graph), seed=3)
    assert a == b
    assert render_map_html(demo_graph, seed=4) != a


def make_copy(G):
    return G.copy()


@pytest.mark.parametrize("n", [50, 400])
def test_layout_deterministic_and_finite(n):
    G = nx.barabasi_albert_graph(n, 2, seed=7)
    G.add_nodes_from(range(n, n + 5))
    p1, p2 = compute_layout(G, seed=1), compute_layout(G, seed=1)
    assert p1 == p2 and len(p1) == n + 5
    assert all(abs(x) < 1e6 and abs(y) < 1e6 for x, y in p1.values())
    assert len(set(p1.values())) == n + 5  # no two nodes on one spot


def test_color_size_options(demo_graph):
    for color_by in ("type", "sector", "area", "cluster"):
        html = render_map_html(demo_graph, color_by=color_by, lang="en")
        assert t(f"map.legend.color.{color_by}", "en") in html
    clusters = {"a1": 7, "a2": 7, "a6": 3}
    model = build_map_model(demo_graph, color_by="cluster", clusters=clusters)
    assert [e.count for e in model.color_entries] == [2, 1, 7]
    sizes = {"a9": 1.0}
    model = build_map_model(demo_graph, size_by="betweenness", sizes=sizes)
    big = max(model.nodes, key=lambda n: n["size"])
    assert big["node"] == "a9"
    with pytest.raises(ValueError):
        render_map_html(demo_graph, color_by="colour")


def test_legend_translated_and_weaver_marked(demo_graph):
    sv = render_map_html(demo_graph, lang="sv")
    en = render_map_html(demo_graph, lang="en")
    assert "Teckenförklaring" in sv and "Nätverksvävare" in sv
    assert "Legend" in en and "Network weaver" in en
    model = build_map_model(demo_graph)
    weaver = next(n for n in model.nodes if n["is_weaver"])
    assert weaver["label"].endswith("★")
    assert '"shape":"star"' in sv


def test_empty_graph_friendly_message():
    for G in (nx.Graph(), nx.MultiGraph()):
        html = render_map_html(G, lang="en")
        assert t("map.empty", "en") in html and "vis.Network" not in html
        buf = io.BytesIO()
        render_map_png(G, buf)
        assert buf.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
    G = nx.Graph()
    G.add_node("a", area="Dalby")
    html = render_map_html(G, areas=["Genarp"])
    assert t("map.empty", "sv") in html


def test_catalogue_complete():
    assert check_catalogue() == []


# ----------------------------------------------------------------- safety
def _script_blocks(html: str) -> list[str]:
    return re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S)


def test_hostile_labels_escaped():
    G = hostile_graph()
    for color_by in ("type", "area"):
        html = render_map_html(G, color_by=color_by, lang="en")
        for bad in ("<img src=x", "<script>window.pwned", "</script><script>", "<b>map</b>",
                    "\u2028", "\u2029", "'&amp;&lt;", "<!--"):
            assert bad not in html, bad
        # exactly our three scripts: data, vis, glue (vis-network's own code holds
        # the string "<script>" in a core-js helper: take it out before counting)
        from weaving.mapview.html import _vis_assets

        rest = html.replace(_vis_assets()[0], "")
        assert rest.count("<script") == 3 and html.count("</script>") == 3
        data_json = re.search(
            r'<script type="application/json" id="weaving-map-data">(.*?)</script>', html,
            flags=re.S).group(1)
        data = _decoded(json.loads(data_json))
        labels = [n["label"] for n in data["nodes"]]
        assert "<img src=x onerror=alert(1)>" in labels
        assert "</script><script>window.pwned=1</script> ★" in labels
        assert max(len(x) for x in labels) <= 42  # 10k-char name shortened
        assert any("\u202eevil" in n["title"] for n in data["nodes"])
        # escaped forms are visible in header and legend
        assert "&lt;b&gt;map&lt;/b&gt;" in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert len(render_map_html(G)) < 2_000_000


def _decoded(data: dict) -> dict:
    """The page's compact data (weaving/mapview/payload.py) back to one dict per actor,
    the way the page's script puts it together."""
    S, bodies = data["s"], data["bodies"]
    nodes = []
    for i in range(len(data["x"])):
        body = bodies[data["body"][i]]
        name = S[data["name"][i]]
        nodes.append({"label": S[data["label"][i]], "title": f"{name}\n{body}" if body else name})
    return {**data, "nodes": nodes}


def test_json_for_script():
    s = json_for_script({"a": "</script>\u2028&<!--"})
    assert "<" not in s and ">" not in s and "&" not in s and "\u2028" not in s
    assert json.loads(s) == {"a": "</script>\u2028&<!--"}


def test_no_external_loading(demo_graph):
    html = render_map_html(demo_graph)
    low = html.lower()
    for pattern in ('src="http', "src='http", 'href="http', "href='http", "@import",
                    "url(http", "url('http", 'url("http', "//cdn", "fonts.googleapis",
                    "<link", "<iframe"):
        assert pattern not in low, pattern
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "bootstrap" not in low


def test_png_export(tmp_path, demo_graph):
    out = tmp_path / "map.png"
    render_map_png(demo_graph, out, lang="en", dpi=80)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    buf = io.BytesIO()
    render_map_png(hostile_graph(), buf, dpi=60, color_by="area")
    assert len(buf.getvalue()) > 1000
    G = nx.MultiGraph(name="Price $5 $x^2$ _a_")
    G.add_node("a", label="Cost $$ \\frac{1}{2} $ 3", area="$Dalby$")
    G.add_edge("a", "b")
    render_map_png(G, io.BytesIO(), color_by="area", dpi=50)  # no mathtext error


def test_large_map_physics_off():
    G = nx.barabasi_albert_graph(700, 2, seed=1)
    html = render_map_html(G, physics=True)
    assert '"physics":{"enabled":false' in html
    small = render_map_html(nx.path_graph(5), physics=True)
    assert '"physics":{"enabled":true' in small
    assert '"physics":{"enabled":false' in render_map_html(nx.path_graph(5))


def test_drawn_positions_are_kept_and_the_rest_placed_beside_them():
    """A map drawn on the canvas looks as it was drawn on the map page and in exports."""
    from weaving.mapview import build_map_model

    G = nx.Graph()
    G.add_node("a", label="Biblioteket", x=-300.0, y=120.0)
    G.add_node("b", label="Fritidsgården", x=260.5, y=-80.0)
    G.add_node("c", label="Ny förening")            # not drawn yet: placed beside its neighbour
    G.add_edges_from([("a", "b"), ("b", "c")])
    model = build_map_model(G, lang="sv")
    pos = {nd["node"]: (nd["x"], nd["y"]) for nd in model.nodes}
    assert pos["a"] == (-300.0, 120.0) and pos["b"] == (260.5, -80.0)
    assert 100 < ((pos["c"][0] - 260.5) ** 2 + (pos["c"][1] + 80) ** 2) ** 0.5 < 300
    assert build_map_model(G, lang="sv").nodes == model.nodes     # deterministic


def test_map_summary_counts_links_by_status_as_every_page_does():
    from weaving.mapview.model import build_map_model

    G = nx.MultiGraph()
    G.add_edge("a", "b", status="existing")
    G.add_edge("b", "c", status="introduced")
    G.add_edge("c", "a", status="desired")
    G.add_edge("a", "d", status="ended")
    assert build_map_model(G, lang="sv").summary == \
        "4 aktörer · 2 länkar (befintliga och introducerade) · 1 önskade"
    everything = build_map_model(G, lang="en", statuses=["existing", "introduced", "desired", "ended"])
    assert everything.summary == "4 actors · 2 links (existing and introduced) · 1 desired · 1 ended"


def test_map_as_text_lists_every_drawn_actor_with_its_links_filtered_like_the_map(demo_graph):
    """Issue 18: the text alternative comes from the same model as the picture."""
    from weaving.mapview import build_map_model
    from weaving.mapview.textalt import text_html, text_rows

    model = build_map_model(demo_graph, lang="sv")
    rows = {r.name: r for r in text_rows(model)}
    assert set(rows) == {nd["tip_name"] for nd in model.nodes}          # every actor drawn, also alone
    assert rows["Ensam förening"].links == ()
    assert rows["Dalby bibliotek"].weaver
    lib = [(l.other, l.text) for l in rows["Dalby bibliotek"].links]
    assert ("Fritidsgården Dalby", "Dialog: befintlig samverkan, styrka 2") in lib
    assert ("Fritidsgården Dalby", "Gemensam aktivitet: befintlig samverkan, styrka 3") in lib
    assert not any(o == "Läxhjälpsgruppen" for o, _ in [(l.other, l.text) for l in rows["Studieförbundet Exempel"].links])  # ended: not drawn
    assert any("från Kultur- och fritidsförvaltningen till Dalby IF" in l.text for l in rows["Dalby IF"].links)
    assert sum(len(r.links) for r in rows.values()) == 2 * sum(len(e["links"]) for *_, e in model.graph.edges(data=True))
    veberod = build_map_model(demo_graph, lang="en", areas=["Veberöd"])
    assert [r.name for r in text_rows(veberod)] == ["Bageriet i Veberöd", "Ensam förening", "Läxhjälpsgruppen",
                                                    "Veberöds bibliotek"]
    html = text_html(veberod)
    assert "The map as text: 4 actors and 2 links" in html and "no links" in html
    assert '<th scope="col">Links</th>' in html


def test_map_document_has_landmarks_and_an_escaped_text_table():
    from weaving.mapview import render_map_html

    G = hostile_graph()
    page = render_map_html(G, lang="sv")
    assert "<main" in page and "<header" in page and 'id="weaving-map-text"' in page
    table = page[page.index('id="weaving-map-text"'):]
    table = table[:table.index("</details>")]
    assert "<script" not in table.lower() and "<img" not in table.lower() and "&lt;" in table
