"""A file without data rows, and values longer than their columns (issue 15 point 5):
errors and warnings that name the file, row and column; nothing written for them."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from weaving.cli.main import main
from weaving.core.schema import MAX_AREA, MAX_NAME, MAX_PERSON_NAME, MAX_PLACE
from weaving.i18n import t
from weaving.interchange import import_file
from weaving.store import Store


def _xlsx(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("data, name", [
    ("namn;typ\n".encode(), "aktörer.csv"),
    ("namn;typ\n;\n\n".encode(), "aktörer.csv"),               # blank rows are no rows
    ("från;till;typ\n".encode(), "länkar.csv"),
    (_xlsx([["namn", "typ"]]), "aktörer.xlsx"),
    (b'{"nodes": [], "links": []}', "tom.json"),
])
def test_a_file_without_rows_is_a_file_level_error(data, name):
    r = import_file(data, name)
    assert not r.can_import and r.graph.number_of_nodes() == 0
    (p,) = r.errors
    assert p.key == "io.no_rows" and p.row is None and p.fatal
    assert p.message("sv") == t("io.no_rows", "sv", name=name)


def test_a_file_with_rows_imports():
    r = import_file("namn;typ\nBiblioteket;bibliotek\n".encode(), "aktörer.csv")
    assert r.can_import and not r.errors


def test_a_name_too_long_names_its_row_and_column():
    long = "Å" * (MAX_NAME + 1)
    r = import_file(f"namn;typ\nKort namn;förening\n{long};förening\n".encode(), "aktörer.csv")
    (p,) = r.errors
    assert (p.key, p.row, p.field, p.params["length"], p.params["max"]) == ("io.too_long", 3, "label", 501, 500)
    assert p.describe("en") == ('aktörer.csv, row 3: The value in the column "name" is too long: '
                                '501 characters (at most 500). The row was not imported.')
    assert p.describe("sv").startswith("aktörer.csv, rad 3: Värdet i kolumnen \"namn\" är för långt")
    assert list(r.graph.nodes) == ["Kort namn"] and r.stats.skipped_actors == 1
    # exactly at the limit is fine
    assert not import_file(f"namn\n{'Å' * MAX_NAME}\n".encode(), "a.csv").errors


def test_contact_persons_and_carriers_too_long_are_left_out_with_an_error():
    person = "K" * (MAX_PERSON_NAME + 1)
    actors = f"namn;kontaktperson\nBiblioteket;Kim Prov|{person}\nSkolan;\n".encode()
    links = f"från;till;bärs av\nBiblioteket;Skolan;{person}\n".encode()
    from weaving.interchange import import_files

    r = import_files([("aktörer.csv", actors), ("länkar.csv", links)])
    assert sorted((p.table, p.row, p.field, p.key) for p in r.errors) == [
        ("aktörer.csv", 2, "contacts", "io.too_long_item"), ("länkar.csv", 2, "carried_by", "io.too_long_item")]
    assert r.graph.nodes["Biblioteket"]["contacts"] == ["Kim Prov"]
    ((_, _, d),) = r.graph.edges(data=True)
    assert d["carried_by"] == []


def test_a_link_end_too_long_to_become_an_actor():
    r = import_file(f"från;till\nBiblioteket;{'S' * (MAX_NAME + 1)}\n".encode(), "länkar.csv")
    (p,) = r.errors
    assert (p.key, p.row, p.field) == ("io.too_long", 2, "to")
    assert r.graph.number_of_edges() == 0


def test_text_longer_than_its_column_is_cut_with_a_warning():
    r = import_file(f"namn;område\nBiblioteket;{'o' * (MAX_AREA + 5)}\n".encode(), "a.csv")
    assert not r.errors
    (w,) = r.warnings
    assert (w.key, w.row, w.field, w.params["length"]) == ("io.shortened", 2, "area", MAX_AREA + 5)
    assert len(r.graph.nodes["Biblioteket"]["area"]) == MAX_AREA
    r = import_file(f"från;till;plats\nA;B;{'p' * (MAX_PLACE + 1)}\n".encode(), "l.csv")
    assert [(w.key, w.field) for w in r.warnings if w.key == "io.shortened"] == [("io.shortened", "place")]


# ------------------------------------------------------------------- the CLI
@pytest.fixture
def cli_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("WEAVING_DATABASE_URL", url)
    monkeypatch.setenv("WEAVING_LANG", "en")
    monkeypatch.delenv("WEAVING_AUTH", raising=False)
    return url


def _maps(url: str) -> list[str]:
    s = Store(url)
    try:
        with s.uow() as uow:
            return [m.name for m in uow.maps.list()]
    finally:
        s.dispose()


def test_cli_header_only_csv_changes_nothing_and_exits_non_zero(cli_db, tmp_path, capsys):
    f = tmp_path / "tom.csv"
    f.write_text("namn;typ\n", encoding="utf-8")
    assert main(["import", str(f), "--map", "Tom"]) == 2
    err = capsys.readouterr().err
    assert t("io.no_rows", "en", name="tom.csv") in err
    assert _maps(cli_db) == []


def test_cli_too_long_name_names_the_row(cli_db, tmp_path, capsys):
    f = tmp_path / "lång.csv"
    f.write_text(f"namn\nKort\n{'Å' * 600}\n", encoding="utf-8")
    assert main(["import", str(f), "--map", "Lång"]) == 2
    err = capsys.readouterr().err
    assert 'lång.csv, row 3: The value in the column "name" is too long: 600 characters (at most 500)' in err
    assert _maps(cli_db) == []
