"""Import page (app_pages/import_data.py + weaving/ui/importing.py): uploads are previewed
before anything is written, errors are shown row by row and block the import, unknown
headers can be mapped, the write is one unit of work; the admin's backup section.
Runs on SQLite and PostgreSQL, in Swedish and English."""
from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from tests.app.conftest import run_page
from tests.app.helpers import by_key, texts, with_uow
from tests.waits import WAIT_S
from weaving.i18n import t
from weaving.interchange import export_graph
from weaving.store import Store
from weaving.ui import importing as IMP

PAGE = "app_pages/import_data.py"

ACTORS = ("namn;typ;sektor;område;teman;kontaktperson\n"
          "Veberöds bibliotek;bibliotek;offentlig;Veberöd;läsning|språk;Kim Exempel\n"
          "Fritidsgården Ungdomshuset;fritidsgård;offentlig;Veberöd;fritid;\n"
          "Veberöds IF;idrottsförening;idéburen;Veberöd;idrott;\n").encode("utf-8")
LINKS = ("från;till;typ av samverkan;styrka;bärs av\n"
         "Veberöds bibliotek;Fritidsgården Ungdomshuset;gemensam aktivitet;2;Kim Exempel\n"
         "Veberöds IF;Fritidsgården Ungdomshuset;dialog;1;\n").encode("utf-8")
BAD_LINKS = ("från;till;typ av samverkan\n"
             "Veberöds bibliotek;Finns inte;dialog\n"
             "Veberöds IF;Veberöds IF;dialog\n"
             "Veberöds IF;Fritidsgården Ungdomshuset;dialog\n").encode("utf-8")


@pytest.fixture(autouse=True)
def _local_mode(monkeypatch):
    monkeypatch.delenv("WEAVING_AUTH", raising=False)


def counts(url: str) -> tuple[int, int, int]:
    return with_uow(url, lambda uow: (len(uow.maps.list()), len(uow.actors.list()), len(uow.links.list())))


def upload(at, files):
    at.file_uploader(key="imp_files_0").set_value(files).run()
    assert not at.exception, at.exception
    return at


def frames(at) -> str:
    return "\n".join(df.value.to_string() for df in at.dataframe)


def kumu_xlsx() -> bytes:
    G = nx.MultiGraph()
    G.add_node("e1", label="Genarps bibliotek", type="library", sector="offentlig", themes=["läsning"])
    G.add_node("e2", label="Genarps hembygdsförening", type="association", sector="ideburen")
    G.add_node("e3", label="Genarps kyrka", type="church")
    G.add_edge("e1", "e2", key="joint_activity", kind="joint_activity", strength=3, status="existing")
    G.add_edge("e2", "e3", key="dialogue", kind="dialogue", strength=1, status="desired")
    return export_graph(G, "kumu_xlsx")


# ------------------------------------------------------------------ the page
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_empty_database_shows_explained_empty_state(app_db, lang):
    at = run_page(PAGE, lang=lang)
    assert not at.exception
    shown = texts(at)
    assert t("imp.empty", lang, mb=IMP.MAX_MB) in shown
    assert "20 MB" in shown
    assert t("backup.heading", lang) in shown  # the local user is an admin
    assert by_key(at.button, "backup_prepare")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_csv_pair_is_previewed_then_imported_on_click(app_db, lang):
    at = upload(run_page(PAGE, lang=lang), [("aktörer.csv", ACTORS, "text/csv"), ("länkar.csv", LINKS, "text/csv")])
    assert counts(app_db) == (0, 0, 0)  # nothing written by the preview (nor by its dry run)
    shown = texts(at)
    assert t("imp.preview.heading", lang) in shown
    assert t("imp.plan.new_actors", lang, n=3) in shown and t("imp.plan.new_links", lang, n=2) in shown
    table = frames(at)
    assert "Veberöds bibliotek" in table and "Fritidsgården Ungdomshuset" in table
    assert t("type.youth_centre", lang) in table  # values shown translated
    go = at.button(key="imp_go")
    assert not go.disabled
    at.text_input(key=at.text_input[0].key).set_value("Veberöd").run()
    assert t("imp.plan.new_map", lang, map="Veberöd") in texts(at)
    at.button(key="imp_go").click().run()
    assert not at.exception
    assert counts(app_db) == (1, 3, 2)
    assert t("imp.done", lang, map="Veberöd", actors=3, reused=0, links=2, skipped=0) in texts(at)
    assert not at.file_uploader(key="imp_files_1").value  # a fresh uploader after the import
    # the contact person and the link's carrier were saved
    people = with_uow(app_db, lambda uow: sorted(c.name for a in uow.actors.list() for c in a.contacts))
    assert people == ["Kim Exempel"]


def test_kumu_xlsx_into_an_existing_map(demo_db):
    at = upload(run_page(PAGE, lang="en"), [("kumu.xlsx", kumu_xlsx(), "application/vnd.ms-excel")])
    before = counts(demo_db)
    at.radio(key="imp_target_mode").set_value("existing").run()
    genarp = with_uow(demo_db, lambda uow: uow.maps.require("Genarp").id)
    at.selectbox(key="imp_target_map").set_value(genarp).run()
    shown = texts(at)
    assert t("imp.plan.into_map", "en", map="Genarp") in shown
    assert "Genarps bibliotek" in frames(at)
    at.button(key="imp_go").click().run()
    assert not at.exception
    after = counts(demo_db)
    assert after[0] == before[0] and after[2] >= before[2] + 1
    names = with_uow(demo_db, lambda uow: {a.name for a in uow.actors.list([uow.maps.require("Genarp").id])})
    assert {"Genarps bibliotek", "Genarps hembygdsförening", "Genarps kyrka"} <= names


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_file_with_errors_shows_rows_and_writes_nothing(app_db, lang):
    at = upload(run_page(PAGE, lang=lang), [("aktörer.csv", ACTORS, "text/csv"), ("länkar.csv", BAD_LINKS, "text/csv")])
    shown = texts(at)
    assert t("imp.fix_errors", lang) in shown
    assert at.button(key="imp_go").disabled
    problems = frames(at)
    assert "Finns inte" in problems  # the unknown actor, by row
    assert t("imp.sev.error", lang) in problems
    rows = at.dataframe[0].value  # the problem table comes first
    assert {"2", "3"} <= set(rows[t("imp.col.row", lang)])
    assert counts(app_db) == (0, 0, 0)


def test_unknown_headers_are_mapped_then_imported(app_db):
    data = "Vem;Vad för slags;Övrigt\nStudiefrämjandet Sandby;studieförbund;x\nSandby kyrka;församling;y\n".encode()
    at = upload(run_page(PAGE, lang="sv"), [("lista.csv", data, "text/csv")])
    assert at.button(key="imp_go").disabled
    assert "Namn" in texts(at) or at.error  # the missing name column is explained
    boxes = {s.label: s for s in at.selectbox if s.key and s.key.startswith("imp_col_")}
    assert set(boxes) == {"Vem", "Vad för slags", "Övrigt"}
    boxes["Vem"].set_value("label").run()
    by_label = {s.label: s for s in at.selectbox if s.key and s.key.startswith("imp_col_")}
    by_label["Vad för slags"].set_value("type").run()
    by_label = {s.label: s for s in at.selectbox if s.key and s.key.startswith("imp_col_")}
    by_label["Övrigt"].set_value("ignore").run()
    assert not at.exception
    assert "Studiefrämjandet Sandby" in frames(at)
    assert t("type.study_association", "sv") in frames(at)
    assert not at.button(key="imp_go").disabled
    at.button(key="imp_go").click().run()
    assert counts(app_db)[1] == 2
    types = with_uow(app_db, lambda uow: {a.name: a.type for a in uow.actors.list()})
    assert types == {"Studiefrämjandet Sandby": "study_association", "Sandby kyrka": "church"}


def test_existing_actors_are_announced_and_merged(demo_db):
    name = with_uow(demo_db, lambda uow: uow.actors.list([uow.maps.require("Dalby").id])[0].name)
    data = f"namn;typ\n{name};förening\nHelt ny förening;förening\n".encode()
    at = upload(run_page(PAGE, lang="sv"), [("nya.csv", data, "text/csv")])
    at.radio(key="imp_target_mode").set_value("new").run()
    shown = texts(at)
    assert t("imp.plan.existing_elsewhere", "sv", n=1) in shown
    assert t("imp.plan.new_actors", "sv", n=1) in shown
    before = counts(demo_db)
    at.button(key="imp_go").click().run()
    after = counts(demo_db)
    assert after[0] == before[0] + 1 and after[1] == before[1] + 1


def test_store_refusal_is_shown_before_writing(app_db):
    long = "Å" * 501
    data = f"namn\n{long}\nKort namn\n".encode()
    at = upload(run_page(PAGE, lang="en"), [("long.csv", data, "text/csv")])
    assert at.button(key="imp_go").disabled
    # found by the importer, before the store would refuse it: with its row and column
    shown = [str(e.value).replace("\\", "") for e in at.error]
    too_long = t("io.too_long", "en", field=t("io.field.label", "en"), length=501, max=500)
    assert any(too_long in e and "row 2" in e for e in shown), shown
    assert counts(app_db) == (0, 0, 0)


def test_header_only_file_is_an_error_and_makes_no_map(app_db):
    at = upload(run_page(PAGE, lang="en"), [("tom.csv", "namn;typ\n".encode(), "text/csv")])
    assert not at.exception
    assert at.button(key="imp_go").disabled
    shown = [str(e.value).replace("\\", "") for e in at.error]
    assert any(t("io.no_rows", "en", name="tom.csv") in e for e in shown), shown
    assert counts(app_db) == (0, 0, 0)
    assert with_uow(app_db, lambda uow: uow.maps.list()) == []


def test_user_text_is_never_rendered_as_markdown(app_db):
    evil = "**fet** [länk](https://example.org) <img src=x onerror=alert(1)> :red[röd]"
    data = f"namn;typ\n{evil};förening\n{evil};förening\n".encode()
    at = upload(run_page(PAGE, lang="sv"), [(f"{evil}.csv", data, "text/csv")])
    for group in (at.markdown, at.caption, at.info, at.success, at.warning, at.error):
        for e in group:
            value = str(e.value)
            for raw in (r"\*\*fet", r"\]\(https", r"<img", r":red\["):
                assert not re.search(r"(?<!\\)" + raw, value), value
    assert evil in frames(at)  # shown as data in tables


def test_viewer_cannot_import_or_see_backup(app_db, monkeypatch):
    with_uow(app_db, lambda uow: uow.users.create("tittare", "ett långt lösenord", role="viewer"))
    monkeypatch.setenv("WEAVING_AUTH", "builtin")
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP

    at = AppTest.from_file(str(APP), default_timeout=WAIT_S)
    at.session_state["lang"] = "sv"
    at.session_state["auth_user"] = "tittare"  # signed in (the login form is tested elsewhere)
    at.run()
    at.switch_page(PAGE).run()
    assert t("imp.title", "sv") in texts(at)
    upload(at, [("aktörer.csv", ACTORS, "text/csv")])
    assert at.button(key="imp_go").disabled
    assert t("backup.heading", "sv") not in texts(at)
    assert counts(app_db) == (0, 0, 0)


# ------------------------------------------------------------- backup section
def test_backup_download_on_demo_and_restore_refused_when_not_empty(demo_db):
    at = run_page(PAGE, lang="sv")
    at.button(key="backup_prepare").click().run()
    assert not at.exception
    assert at.get("download_button")
    assert t("backup.restore_not_empty", "sv") in texts(at)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_restore_into_empty_database_from_the_page(app_db, lang, tmp_path):
    src = Store(f"sqlite:///{tmp_path / 'src.db'}")
    try:
        from weaving.store.backup import backup
        from weaving.store.demo import load_demo

        load_demo(src)
        with src.uow() as uow:
            data = backup(uow)
    finally:
        src.dispose()
    at = run_page(PAGE, lang=lang)
    at.file_uploader(key="backup_file_0").set_value(("b.json", data, "application/json")).run()
    assert not at.exception
    assert t("backup.summary", lang, maps=4, actors=json.loads(data)["counts"]["actors"],
             links=json.loads(data)["counts"]["links"], snapshots=0, users=0) in texts(at)
    assert at.button(key="backup_restore").disabled
    at.checkbox(key="backup_confirm").check().run()
    at.button(key="backup_restore").click().run()
    assert not at.exception
    assert counts(app_db)[0] == 4
    with Store(app_db).uow() as uow:
        from weaving.store.backup import backup

        assert backup(uow) == data


def test_damaged_backup_is_refused_on_the_page(app_db):
    at = run_page(PAGE, lang="en")
    at.file_uploader(key="backup_file_0").set_value(("b.json", b'{"format": "weaving-backup"', "application/json")).run()
    assert not at.exception
    assert any("not a weaving backup" in str(e.value) for e in at.error)
    assert counts(app_db) == (0, 0, 0)


# ------------------------------------------------- the logic, tested directly
def test_plan_is_a_dry_run_and_commit_is_all_or_nothing(app_db):
    result = IMP.parse([("aktörer.csv", ACTORS), ("länkar.csv", LINKS)])
    assert IMP.can_write(result)
    store = Store(app_db)
    try:
        with store.uow() as uow:
            p = IMP.plan(uow, result.graph, IMP.Target(new_name="Veberöd"))
        assert p.ok and (p.new_actors, p.new_links, p.map_exists) == (3, 2, False)
        assert counts(app_db) == (0, 0, 0)
        # a link whose dates the store refuses: nothing at all is written
        G = result.graph.copy()
        u, v, k = next(iter(G.edges(keys=True)))
        G.edges[u, v, k].update(start_date="2024-05-01", end_date="2024-01-01")
        problems = IMP.store_problems(G)
        assert problems and problems[0].error.key == "error.dates_order"
        with store.uow() as uow:
            with pytest.raises(Exception):
                IMP.commit(uow, G, IMP.Target(new_name="Veberöd"))
        assert counts(app_db) == (0, 0, 0)
        with store.uow() as uow:
            out = IMP.commit(uow, result.graph, IMP.Target(new_name="Veberöd"))
            uow.commit()
        assert out["actors_created"] == 3 and counts(app_db) == (1, 3, 2)
        # the same file again into the same map: everything already exists
        with store.uow() as uow:
            p = IMP.plan(uow, result.graph, IMP.Target(new_name="veberöd"))
        assert p.map_exists and len(p.already_on_map) == 3 and p.new_actors == 0 and p.existing_links == 2
    finally:
        store.dispose()


def test_helpers_for_columns_and_names():
    files = [("lista.csv", "Vem;typ\nA;förening\n".encode())]
    tables = IMP.file_tables(files)
    assert tables[0].headers == ["Vem", "typ"] and tables[0].auto["typ"] is not None
    assert IMP.unrecognised(tables, {}) == ["Vem"]
    assert IMP.needs_mapping(IMP.parse(files), tables)
    assert IMP.mapping_from_choices({"Vem": "label", "typ": IMP.AUTO, "x": IMP.IGNORE}) == {"Vem": "label", "x": "ignore"}
    assert not IMP.needs_mapping(IMP.parse(files, {"Vem": "label"}), tables)
    labels_sv, labels_en = IMP.option_labels("sv", "type"), IMP.option_labels("en", None)
    assert set(labels_sv) == set(IMP.mapping_options()) and labels_sv["label"] != labels_en["label"]
    assert IMP.default_map_name([("aktörer_dalby.csv", b"")], None) == "dalby"
    assert IMP.default_map_name([("actors.csv", b"")], None, "Import") == "Import"
    assert IMP.file_tables([("g.graphml", b"<graphml></graphml>")]) == []


def test_large_files_get_a_counted_preview_instead_of_a_dry_run(demo_db, monkeypatch):
    name = with_uow(demo_db, lambda uow: uow.actors.list()[0].name)
    result = IMP.parse([("a.csv", f"namn\n{name}\nNy ett\nNy två\n".encode())])
    monkeypatch.setattr(IMP, "DRY_RUN_LIMIT", 1)
    store = Store(demo_db)
    try:
        with store.uow() as uow:
            p = IMP.plan(uow, result.graph, IMP.Target(new_name="Stor"))
    finally:
        store.dispose()
    assert p.ok and p.estimated and p.new_actors == 2 and len(p.existing_elsewhere) == 1
