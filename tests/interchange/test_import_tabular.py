"""CSV (Swedish Excel) and XLSX (Kumu) imports, header mapping, problems by row."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from weaving.i18n import catalogue, check_catalogue
from weaving.interchange import decode_text, import_file, import_files, preview, sniff_delimiter

FIX = Path(__file__).parent / "fixtures"


def _problems(result):
    return {(p.table, p.row, p.key, p.severity) for p in result.problems}


@pytest.fixture
def swedish():
    files = [(p.name, p.read_bytes()) for p in sorted(FIX.glob("*_excel_sv.csv"))]
    return import_files(files)


def test_fixture_is_cp1252_semicolon():
    raw = (FIX / "aktorer_excel_sv.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text, enc = decode_text(raw)
    assert enc == "cp1252" and "Fritidsgården Åkern" in text
    assert sniff_delimiter(text) == ";"


def test_swedish_excel_csv(swedish):
    r = swedish
    assert r.stats.encoding == "cp1252" and r.stats.delimiter == ";"
    G = r.graph
    assert G.number_of_nodes() == 7 and G.number_of_edges() == 6
    assert G.nodes["Fritidsgården Åkern"]["type"] == "youth_centre"
    assert G.nodes["Dalby Idrottsförening"]["sector"] == "ideburen"
    assert G.nodes["Svenska kyrkan Dalby"]["type"] == "church"
    assert G.nodes["Dalby bibliotek"]["themes"] == ["läsfrämjande", "språk"]
    assert G.nodes["Fritidsgården Åkern"]["themes"] == ["fritid", "idrott"]  # ';' lists
    assert G.nodes["Dalby bibliotek"]["contacts"] == ["Kim Exempel"]
    e = G.get_edge_data("Dalby bibliotek", "Studieförbundet Öresund", key="dialogue")
    assert e["status"] == "desired" and e["strength"] == 2
    e = G.get_edge_data("Fritidsgården Åkern", "Dalby Idrottsförening", key="shared_premises")
    assert e["status"] == "introduced" and e["place"] == "Idrottshallen"
    e = G.get_edge_data("Svenska kyrkan Dalby", "Café Ängen", key="funding")
    assert e["status"] == "ended" and e["end_date"] == "2022-06-30"


def test_swedish_excel_csv_problems_by_row(swedish):
    a, li = "aktorer_excel_sv.csv", "lankar_excel_sv.csv"
    assert _problems(swedish) == {
        (a, 8, "io.empty_name", "error"),
        (a, 9, "io.duplicate_actor", "error"),
        (a, 10, "io.out_of_vocabulary", "warning"),  # type and sector
        (li, 4, "io.dates_order", "warning"),
        (li, 6, "io.unknown_actor", "error"),
        (li, 7, "io.self_link", "error"),
        (li, 8, "io.duplicate_link", "error"),
        (li, 9, "io.bad_strength", "warning"),
        (li, 9, "io.bad_date", "warning"),
        (li, 10, "io.out_of_vocabulary", "warning"),  # kind and status
    }
    assert swedish.stats.skipped_actors == 2 and swedish.stats.skipped_links == 3
    assert swedish.can_import


def test_messages_in_both_languages(swedish):
    for p in swedish.problems:
        sv, en = p.describe("sv"), p.describe("en")
        assert sv and en and sv != en
        assert "{" not in sv and "{" not in en
    vocab = next(p for p in swedish.problems if p.params.get("field") == "type")
    assert "typ" in vocab.message("sv") and "annat" in vocab.message("sv")
    assert "type" in vocab.message("en") and "other" in vocab.message("en")


def test_preview(swedish):
    pv = preview(swedish, "sv")
    assert pv["actors"] == 7 and pv["links"] == 6 and pv["can_import"]
    assert pv["errors"] == 5 and pv["warnings"] == 7
    assert pv["groups"][0]["severity"] == "error"
    assert sum(g["count"] for g in pv["groups"]) == 12
    assert "7 aktörer" in pv["summary"]
    assert preview(swedish, "en")["summary"].startswith("7 actors")


def test_zip_of_both_tables():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for p in FIX.glob("*_excel_sv.csv"):
            zf.writestr(f"export/{p.name}", p.read_bytes())
    r = import_file(buf.getvalue(), "karta.zip")
    assert r.graph.number_of_nodes() == 7 and r.graph.number_of_edges() == 6


def test_utf8_comma_csv_links_only():
    data = ("source,target,type,weight\n"
            "Alfa,Beta,dialogue,2\n"
            "\"Beta, gamma\",Alfa,information,3\n").encode()
    r = import_file(data, "edges.csv")
    assert r.stats.delimiter == "," and r.stats.encoding == "utf-8"
    assert r.graph.number_of_nodes() == 3 and r.graph.number_of_edges() == 2
    assert r.graph.get_edge_data("Alfa", "Beta", key="dialogue")["strength"] == 2
    assert {p.key for p in r.problems} == {"io.implicit_actors"}


def test_utf8_bom_and_excel_sep_line():
    data = "\ufeffsep=;\nNamn;Typ\nÅkerns bibliotek;bibliotek\n".encode("utf-8")
    r = import_file(data, "a.csv")
    assert r.graph.nodes["Åkerns bibliotek"]["type"] == "library"
    assert r.stats.encoding == "utf-8-sig"


def test_utf16_csv():
    data = "Namn\tTyp\nÖrtagården\tfritidsgård\n".encode("utf-16")
    r = import_file(data, "a.txt")
    assert r.graph.nodes["Örtagården"]["type"] == "youth_centre"


def test_explicit_mapping():
    data = "Vem;Vad för slags;Bor i\nAlfa;förening;Genarp\n".encode()
    r = import_file(data, "x.csv", mapping={"Vem": "label", "Vad för slags": "type", "Bor i": "area"})
    assert r.graph.nodes["Alfa"]["area"] == "Genarp" and r.graph.nodes["Alfa"]["type"] == "association"
    ignored = import_file(data, "x.csv", mapping={"Vem": "label", "Bor i": None})
    assert "Bor i" not in ignored.graph.nodes["Alfa"] and "area" in ignored.graph.nodes["Alfa"]


def test_missing_required_column():
    r = import_file("Typ;Sektor\nförening;idéburen\n".encode(), "x.csv")
    assert not r.can_import
    assert [(p.key, p.row) for p in r.problems] == [("io.missing_column", None)]
    assert "namn" in r.problems[0].message("sv")


def test_header_synonyms_english_and_swedish():
    data = ("Label;Actor type;Sector;Area;Themes;Target groups;Contact persons;Weaver\n"
            "Alfa;Study association;Non-profit;Genarp;a|b;seniors;X Y;yes\n").encode()
    n = import_file(data, "x.csv").graph.nodes["Alfa"]
    assert (n["type"], n["sector"], n["themes"], n["target_groups"], n["contacts"], n["is_weaver"]) \
        == ("study_association", "ideburen", ["a", "b"], ["seniors"], ["X Y"], True)


def test_kumu_xlsx_fixture():
    r = import_file((FIX / "kumu_export.xlsx").read_bytes(), "kumu_export.xlsx")
    G = r.graph
    assert G.number_of_nodes() == 5 and G.number_of_edges() == 3
    assert G.nodes["Veberöd youth club"]["type"] == "youth_centre"
    assert G.nodes["Veberöd bibliotek"]["themes"] == ["culture", "language"]
    assert G.nodes["Veberöd bibliotek"]["Website"] == "https://example.org"  # extra column kept
    assert G.nodes["Homework helpers"]["type"] == "other"
    funding = G.get_edge_data("Local parish", "Homework helpers", key="funding")
    assert funding["directed"] is True and funding["source"] == "Local parish"
    assert G.get_edge_data("Village network", "Veberöd bibliotek", key="information")["directed"] is False
    assert _problems(r) == {("Elements", 5, "io.out_of_vocabulary", "warning"),
                            ("Connections", 5, "io.unknown_actor", "error")}


def test_file_too_large_and_empty_and_wrong_type():
    big = import_file(b"Namn\n" + b"x\n" * 1000, "a.csv", max_bytes=100)
    assert [p.key for p in big.problems] == ["io.file_too_large"] and not big.can_import
    assert "MB" in big.problems[0].message("sv")
    assert [p.key for p in import_file(b"", "a.csv").problems] == ["io.empty_file"]
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    assert [p.key for p in import_file(png, "bild.png").problems] == ["io.unknown_format"]
    xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    assert [p.key for p in import_file(xls, "gammal.xls").problems] == ["io.xls_not_supported"]


def test_too_many_rows():
    data = "Namn\n" + "".join(f"A{i}\n" for i in range(20))
    r = import_file(data.encode(), "a.csv", max_rows=5)
    assert r.graph.number_of_nodes() == 5
    assert "io.too_many_rows" in {p.key for p in r.problems}


def test_ambiguous_name_in_links():
    actors = "id;namn\n1;Biblioteket\n2;Biblioteket\n3;Skolan\n".encode()
    links = "från;till\nBiblioteket;Skolan\n".encode()
    r = import_files([("aktörer.csv", actors), ("länkar.csv", links)])
    keys = {p.key for p in r.problems}
    assert keys == {"io.duplicate_label", "io.ambiguous_actor"}
    assert r.graph.number_of_edges() == 0


def test_case_insensitive_name_match_and_dates():
    actors = "namn\nDalby Bibliotek\nSkolan\n".encode()
    links = "från;till;startdatum;slutdatum\ndalby bibliotek;SKOLAN;1.9.2023;2024/06/30\n".encode()
    r = import_files([("a.csv", actors), ("b.csv", links)])
    (u, v, d), = r.graph.edges(data=True)
    assert (d["start_date"], d["end_date"]) == ("2023-09-01", "2024-06-30")
    assert not r.problems


def test_catalogue_complete():
    assert check_catalogue() == []
    import re

    src = "".join(p.read_text() for p in (Path(__file__).parents[2] / "weaving" / "interchange").glob("*.py"))
    used = set(re.findall(r'"(io\.[a-z_.]+)"', src))
    assert used and used <= set(catalogue())
