"""Hypothesis fuzzing: importers never raise and always return an ImportResult."""
from __future__ import annotations

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from weaving.interchange import FORMATS, MEDIA_TYPES, ImportResult, export_graph, import_file, preview

from .conftest import sample_graph

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
NAMES = ["a.csv", "a.xlsx", "a.graphml", "a.gexf", "a.json", "a.zip", "a.txt", ""]
VALID = {fmt: export_graph(sample_graph(), fmt) for fmt in FORMATS}


def _check(result):
    assert isinstance(result, ImportResult)
    assert isinstance(result.graph, nx.MultiGraph)
    for p in result.problems:
        assert p.message("sv") and p.message("en") and p.describe("sv")
    preview(result, "sv")
    for n, d in result.graph.nodes(data=True):
        assert isinstance(n, str) and isinstance(d["label"], str) and d["label"]
        assert "\x00" not in d["label"]
    for _u, _v, k, d in result.graph.edges(keys=True, data=True):
        assert k == d["kind"] and d["strength"] in (1, 2, 3)


@SETTINGS
@given(data=st.binary(max_size=2000), name=st.sampled_from(NAMES))
def test_random_bytes(data, name):
    _check(import_file(data, name))


@SETTINGS
@given(text=st.text(max_size=600), name=st.sampled_from(["a.csv", "a.json", "a.graphml"]),
       enc=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_random_text(text, name, enc):
    _check(import_file(text.encode(enc, errors="replace"), name))


@st.composite
def mutated(draw, fmt):
    data = bytearray(VALID[fmt])
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[pos:]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=20))
        elif data:
            del data[pos:pos + draw(st.integers(1, 50))]
    return bytes(data)


def _mutation_test(fmt):
    @SETTINGS
    @given(data=mutated(fmt))
    def test(data):
        _check(import_file(data, "m" + MEDIA_TYPES[fmt][0]))

    test.__name__ = f"test_mutated_{fmt}"
    return test


for _fmt in FORMATS:
    globals()[f"test_mutated_{_fmt}"] = _mutation_test(_fmt)


_cells = st.one_of(st.text(max_size=30), st.sampled_from(
    ["=1+1", "-", "'", "\"", ";", ",", "|", "befintlig", "3", "0", "2024-13-45", "ja"]))


@SETTINGS
@given(actors=st.lists(st.lists(_cells, min_size=1, max_size=6), max_size=8),
       links=st.lists(st.lists(_cells, min_size=1, max_size=6), max_size=8))
def test_structured_csv_tables(actors, links):
    """Valid CSV structure, hostile cell values and ragged rows."""
    import csv
    import io

    def table(header, rows):
        buf = io.StringIO()
        csv.writer(buf, delimiter=";").writerows([header, *rows])
        return buf.getvalue().encode("utf-8")

    a = table(["namn", "typ", "sektor", "teman", "id", "område"], actors)
    li = table(["från", "till", "typ av samverkan", "styrka", "status", "startdatum"], links)
    from weaving.interchange import import_files

    _check(import_files([("aktörer.csv", a), ("länkar.csv", li)]))
