"""One identity per name (issue 15): a name with a no-break space, a decomposed letter, a
zero-width space, doubled spaces or bidirectional marks is the same name as the one
spelt plainly, wherever a name is entered -- the repositories, bulk import of CSV and
GraphML (with a true warning), survey answers and their review, erasure -- on SQLite
and PostgreSQL. (Migration 0007 for names stored before: tests/test_names_migration.py.)"""
from __future__ import annotations

import doctest

import networkx as nx
import pytest
from sqlalchemy import func, select

import weaving.core.names as N
from tests.survey_setup import answer, make_round, view
from weaving.core.errors import ConflictError
from weaving.interchange import export_graph, import_file, import_files
from weaving.store import import_graph
from weaving.store.lookalikes import lookalike_conflicts
from weaving.store.models import Actor
from weaving.ui.importing import merged_names, seen_all

PLAIN = "Café Ö"
VARIANTS = [
    "Café\u00a0Ö",            # no-break space
    "Cafe\u0301 O\u0308",     # decomposed é and Ö (combining acute, combining diaeresis)
    "Café \u200bÖ",           # zero-width space
    "Café  Ö",                # doubled space
    "\u200fCafé\u202fÖ\u202c",  # right-to-left mark, narrow no-break space, pop directional formatting
    "café\tö\n",              # tab, newline, lower case
    "CAFÉ\u3000Ö\ufeff",      # ideographic space, byte order mark, upper case
]


@pytest.fixture(autouse=True)
def _local(monkeypatch):
    monkeypatch.delenv("WEAVING_AUTH", raising=False)


def test_core_rules_and_doctests():
    assert doctest.testmod(N).failed == 0
    assert {N.normalise_name(v) for v in VARIANTS[:5]} == {PLAIN}
    assert {N.name_key(v) for v in [PLAIN, *VARIANTS]} == {"café ö"}
    for ch in "\u00a0\u2007\u202f\u3000\u2002\t\n\r\u2028":
        assert N.normalise_name(f"a{ch}{ch}b") == "a b"
    for ch in "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u00ad":
        assert N.normalise_name(f"a{ch}b") == "ab", hex(ord(ch))
    assert N.normalise_name("o\u200b\u0308") == "ö"        # composed once the invisible character is gone
    assert N.unique_names(["Unga", "unga\u00a0", "", "U\u200bnga"]) == ["Unga"]


# ------------------------------------------------------------------ repositories
def test_the_repositories_keep_one_actor_per_name(store):
    with store.uow() as uow:
        m = uow.maps.create("Dalby")
        a = uow.actors.add(m.id, name=VARIANTS[0], area="Dalby\u00a0 centrum",
                           themes=["Unga", "unga\u200b", "Kultur\u00a0"], contacts=["Anna\u00a0Berg"])
        assert (a.name, a.area, a.themes) == (PLAIN, "Dalby centrum", ["Unga", "Kultur"])
        assert [p.name for p in a.contacts] == ["Anna Berg"]
        for v in [PLAIN, *VARIANTS]:
            with pytest.raises(ConflictError):
                uow.actors.add(m.id, name=v)
            assert uow.actors.by_name(v).id == a.id
        b = uow.actors.add(m.id, name="Skolan")
        with pytest.raises(ConflictError):
            uow.actors.update(b.id, name=VARIANTS[1])
        uow.actors.update(a.id, name=VARIANTS[2].upper())          # the same name, now in capitals
        assert a.name == "CAFÉ Ö"
        link = uow.links.add(a.id, b.id, kind="dialogue", carried_by=["anna\u2007berg"])
        assert [p.id for p in link.carried_by] == [p.id for p in a.contacts]   # the contact, not a new one
        uow.commit()
    with store.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Actor)) == 2
        assert [p.name for p in uow.contacts.find("ANNA\u00a0BERG\u200b")] == ["Anna Berg"]
        assert lookalike_conflicts(uow) == []


def test_maps_and_tags_are_one_name_too(store):
    with store.uow() as uow:
        m = uow.maps.create("O\u0308stra\u00a0Dalby", area="Dalby\u200b")
        assert (m.name, m.area) == ("Östra Dalby", "Dalby")
        with pytest.raises(ConflictError):
            uow.maps.create("östra  dalby")
        other = uow.maps.create("Västra Dalby")
        with pytest.raises(ConflictError):
            uow.maps.rename(other.id, "\u202aÖstra Dalby\u202c")
        assert uow.maps.require("Östra\u3000Dalby").id == m.id
        ch = uow.challenges.add(m.id, "Unga  saknar\u00a0mötesplatser", themes=["Fritid", "fritid\u00a0"])
        assert ch.themes == ["Fritid"] and ch.text == "Unga  saknar\u00a0mötesplatser"   # free text stays as written
        uow.commit()


def test_erasing_a_contact_finds_every_spelling(store):
    with store.uow() as uow:
        m = uow.maps.create("Dalby")
        a = uow.actors.add(m.id, name="Biblioteket", contacts=["Kim\u00a0Exempel"])
        b = uow.actors.add(m.id, name="Skolan")
        uow.links.add(a.id, b.id, kind="dialogue", carried_by=["Kim Exempel"])
        uow.snapshots.take(m.id, label="före")
        uow.commit()
    with store.uow(role="admin") as uow:
        report = uow.contacts.erase("kim\u200b  exempel")
        assert (report.contacts, report.links, report.snapshots) == (1, 1, 1)   # the person, the link, the snapshot
        uow.commit()
    with store.uow() as uow:
        assert uow.contacts.find("Kim Exempel") == []
        assert uow.actors.by_name("Biblioteket").contacts == []


# ---------------------------------------------------------------- bulk import
def _csv(rows: list[str]) -> bytes:
    return ("namn;typ;teman\n" + "".join(f"{r};bibliotek;Kultur|kultur\u00a0\n" for r in rows)).encode("utf-8")


def test_a_csv_with_lookalike_rows_warns_truly_and_becomes_one_actor(store):
    links = "från;till;typ\n" + "".join(f"{v};Skolan;dialog\n" for v in VARIANTS[:1]) + "Skolan;Fritidsgården;dialog\n"
    result = import_files([("aktörer.csv", _csv([PLAIN, *VARIANTS[:4], "Skolan", "Fritidsgården"])),
                           ("länkar.csv", links.encode("utf-8"))])
    assert not result.errors, [p.describe("en") for p in result.errors]
    warned = [p for p in result.problems if p.key == "io.duplicate_label"]
    assert len(warned) == 4 and {p.params["name"] for p in warned} == {PLAIN}
    assert {d["label"] for _n, d in result.graph.nodes(data=True)} == {PLAIN, "Skolan", "Fritidsgården"}
    assert merged_names(result.graph) == [PLAIN] and len(seen_all(result.graph)) == 3
    with store.uow() as uow:
        m = uow.maps.create("Dalby")
        stats = import_graph(uow, m.id, result.graph)
        uow.commit()
    assert (stats.actors_created, stats.actors_reused, stats.links_created) == (3, 4, 2)
    with store.uow() as uow:
        names = sorted(a.name for a in uow.actors.list())
        assert names == ["Café Ö", "Fritidsgården", "Skolan"]
        assert uow.actors.by_name(VARIANTS[3]).themes == ["Kultur"]
    # the same file again into another map: every actor reused by name, every link skipped
    with store.uow() as uow:
        stats = import_graph(uow, uow.maps.create("Veberöd").id, result.graph)
        uow.commit()
    assert (stats.actors_created, stats.links_created, stats.links_skipped) == (0, 0, 2)


def test_a_link_between_two_lookalike_rows_is_a_self_link():
    links = f"från;till\n{PLAIN};{VARIANTS[0]}\n".encode("utf-8")
    result = import_files([("aktörer.csv", _csv([PLAIN, VARIANTS[0]])), ("länkar.csv", links)])
    assert [p.key for p in result.errors] == ["io.self_link"]


def test_a_graphml_with_lookalike_nodes_becomes_one_actor(store):
    G = nx.MultiGraph()
    for i, v in enumerate([PLAIN, *VARIANTS]):
        G.add_node(f"n{i}", label=v, type="library", area="Dalby")
    G.add_node("s", label="Skolan", type="school")
    for i in range(len(VARIANTS) + 1):
        G.add_edge(f"n{i}", "s", key="dialogue", kind="dialogue")
    result = import_file(export_graph(G, "graphml"), "karta.graphml")
    assert not result.errors
    assert len([p for p in result.problems if p.key == "io.duplicate_label"]) == len(VARIANTS)
    with store.uow() as uow:
        stats = import_graph(uow, uow.maps.create("Dalby").id, result.graph)
        uow.commit()
    assert (stats.actors_created, stats.links_created, stats.links_skipped) == (2, 1, len(VARIANTS))
    with store.uow() as uow:
        assert sorted(a.name for a in uow.actors.list()) == [PLAIN, "Skolan"]
        assert len({stats.node_ids[f"n{i}"] for i in range(len(VARIANTS) + 1)}) == 1


def test_bulk_import_finds_an_existing_actor_by_any_spelling(store):
    with store.uow() as uow:
        m = uow.maps.create("Dalby")
        first = uow.actors.add(m.id, name=PLAIN, type="business").id
        uow.commit()
    G = nx.MultiGraph()
    G.add_node("x", label=VARIANTS[4], type="library", contacts=["Kim\u00a0Exempel", "kim exempel"])
    with store.uow() as uow:
        stats = import_graph(uow, uow.maps.create("Veberöd").id, G)
        uow.commit()
    assert stats.node_ids == {"x": first} and stats.actors_created == 0
    with store.uow() as uow:
        assert sorted(mp.name for mp in uow.actors.get(first).maps) == ["Dalby", "Veberöd"]
        assert uow.actors.get(first).type == "business"      # what the store had is not changed


# ---------------------------------------------------------------------- survey
@pytest.fixture
def dalby(store):
    with store.uow(user="anna") as uow:
        m = uow.maps.create("Dalby")
        for n in (PLAIN, "Biblioteket"):
            uow.actors.add(m.id, name=n, type="association")
        uow.commit()
    return store


def test_survey_answers_name_one_actor_by_any_spelling(dalby):
    rid, tokens = make_round(dalby, actors=["Biblioteket"])
    answer(dalby, tokens["Biblioteket"], {
        "today": [{"name": VARIANTS[0], "kind": "dialogue"}, {"name": VARIANTS[1], "kind": "dialogue"},
                  {"name": "Nya\u00a0föreningen", "kind": "dialogue"}, {"name": "nya fo\u0308reningen\u200b", "kind": "dialogue"}],
        "wish": [VARIANTS[3], "Nya  Föreningen"],
        "contact": {"name": "Kim\u00a0 Kontakt"}})
    with dalby.uow() as uow:
        cafe = uow.actors.by_name(PLAIN).id
        saved = view(dalby, tokens["Biblioteket"]).answer
    assert [(e["actor_id"], e["name"]) for e in saved["today"]] == [(cafe, PLAIN), (None, "Nya föreningen")]
    assert [e["actor_id"] for e in saved["wish"]] == [cafe, None] and saved["contact"]["name"] == "Kim Kontakt"
    invite = view(dalby, tokens["Biblioteket"]).invite_id
    with dalby.uow(user="erik") as uow:
        (resp,) = uow.surveys.proposals(rid)
        new = [i for i in resp.items if i.type == "new_actor"]
        assert [i.key for i in new] == ["actor:nya föreningen"]
        uow.surveys.accept_all(rid, invite)
        assert {i.state for i in uow.surveys.proposals(rid)[0].items} == {"accepted", "on_map"}
        uow.commit()
    with dalby.uow() as uow:
        made = uow.actors.by_name("NYA\u3000FÖRENINGEN")
        assert made is not None and made.name == "Nya föreningen"
        assert sorted(a.name for a in uow.actors.list()) == ["Biblioteket", PLAIN, "Nya föreningen"]
        assert uow.session.scalar(select(func.count()).select_from(Actor)) == 3
