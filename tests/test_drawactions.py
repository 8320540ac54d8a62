"""What an edit on the drawing canvas does to the store, on a real SQLite file and a real
PostgreSQL database: one action, one transaction, refusals change nothing, undo puts back."""
from __future__ import annotations

import pytest

from weaving.core.errors import ConflictError, ValidationError, WeavingError
from weaving.store import graph_from_maps
from weaving.ui.drawactions import apply_action, undo


def act(store, map_id, action):
    with store.uow() as uow:
        out = apply_action(uow, map_id, action)
        uow.commit()
        return out


def snapshot(store):
    with store.uow() as uow:
        return (sorted((a.name, tuple(sorted(m.name for m in a.maps))) for a in uow.actors.list()),
                sorted((l.source_id, l.target_id, l.kind, l.status, l.strength) for l in uow.links.list()),
                {m.name: dict(uow.maps.positions(m.id)) for m in uow.maps.list()})


@pytest.fixture
def two_maps(store):
    with store.uow() as uow:
        dalby, sten = uow.maps.create("Dalby"), uow.maps.create("Stenby")
        lib = uow.actors.add(dalby.id, name="Dalby bibliotek", type="library")
        club = uow.actors.add(dalby.id, name="Dalby IF", type="sports_club")
        uow.links.add(lib.id, club.id, kind="dialogue")
        uow.commit()
        return store, dalby.id, sten.id, lib.id, club.id


def test_add_actor_where_it_was_drawn(two_maps):
    store, _, sten, *_ = two_maps
    out = act(store, sten, {"op": "add_actor", "name": "Stenby fritidsgård", "type": "youth_centre", "x": 12.5, "y": -40})
    assert out.message == "draw.done.actor_added"
    with store.uow() as uow:
        a = uow.actors.by_name("Stenby fritidsgård")
        assert a.type == "youth_centre" and [m.id for m in a.maps] == [sten]
        assert uow.maps.positions(sten) == {a.id: (12.5, -40.0)}
        G = graph_from_maps(uow, [sten])
        assert (G.nodes[f"a{a.id}"]["x"], G.nodes[f"a{a.id}"]["y"]) == (12.5, -40.0)


def test_a_name_from_another_map_joins_instead_of_a_twin(two_maps):
    store, dalby, sten, lib, _ = two_maps
    act(store, sten, {"op": "add_actor", "name": " DALBY bibliotek ", "type": "other", "x": 0, "y": 0})
    with store.uow() as uow:
        same = [a for a in uow.actors.list() if a.name.casefold() == "dalby bibliotek"]
        assert [a.id for a in same] == [lib]
        assert sorted(m.id for m in same[0].maps) == sorted([dalby, sten])
    before = snapshot(store)
    with pytest.raises(ValidationError) as err:     # already on this map: refused, nothing changes
        act(store, sten, {"op": "add_existing", "actor": lib, "x": 5, "y": 5})
    assert "Dalby bibliotek" in err.value.message("sv")
    assert snapshot(store) == before


def test_link_drawn_between_actors_and_duplicate_refused_in_words(two_maps):
    store, dalby, _, lib, club = two_maps
    act(store, dalby, {"op": "add_link", "from": lib, "to": club, "kind": "joint_activity", "strength": 3,
                       "status": "desired"})
    with store.uow() as uow:
        links = sorted((l.kind, l.status, l.strength) for l in uow.links.list([dalby]))
    assert links == [("dialogue", "existing", 1), ("joint_activity", "desired", 3)]
    before = snapshot(store)
    with pytest.raises(ConflictError) as err:
        act(store, dalby, {"op": "add_link", "from": club, "to": lib, "kind": "joint_activity", "strength": 1,
                           "status": "existing"})
    assert "gemensam aktivitet" in err.value.message("sv").lower() and "joint_activity" not in err.value.message("sv")
    assert "joint activity" in err.value.message("en").lower()
    assert snapshot(store) == before


def test_link_to_an_actor_not_on_the_map_is_refused(two_maps):
    store, _, sten, lib, club = two_maps
    before = snapshot(store)
    with pytest.raises(ValidationError):
        act(store, sten, {"op": "add_link", "from": lib, "to": club, "kind": "dialogue", "status": "existing"})
    assert snapshot(store) == before


@pytest.mark.parametrize("bad", [
    {"op": "explode"},
    {"op": "add_actor", "name": "", "type": "library", "x": 0, "y": 0},
    {"op": "add_actor", "name": "x" * 501, "type": "library", "x": 0, "y": 0},
    {"op": "add_actor", "name": "Ny", "type": "library", "x": "NaN", "y": 0},
    {"op": "move", "positions": {"1": [1e300, 0]}},
    {"op": "move", "positions": {"1": ["a", "b"]}},
    {"op": "add_actor", "name": "Ny", "type": "no-such-type", "x": 0, "y": 0},
    {"op": "delete", "nodes": [], "edges": []},
])
def test_bad_actions_change_nothing(two_maps, bad):
    store, dalby, *_ = two_maps
    before = snapshot(store)
    with pytest.raises(WeavingError):
        act(store, dalby, {**bad, "unplaced": {}})
    assert snapshot(store) == before


def test_first_edit_pins_the_laid_out_actors_and_move_stores_positions(two_maps):
    store, dalby, _, lib, club = two_maps
    act(store, dalby, {"op": "move", "positions": {str(lib): [100, 200]}, "unplaced": {str(club): [-50, 75.25]}})
    with store.uow() as uow:
        assert uow.maps.positions(dalby) == {lib: (100.0, 200.0), club: (-50.0, 75.2)}
        revision = uow.maps.get(dalby).revision
    act(store, dalby, {"op": "move", "positions": {str(lib): [1, 2]}})
    with store.uow() as uow:
        assert uow.maps.get(dalby).revision > revision     # cached analyses key on it


def test_delete_link_and_actor_then_undo_puts_them_back(two_maps):
    store, dalby, sten, lib, club = two_maps
    act(store, dalby, {"op": "move", "positions": {str(lib): [10, 20], str(club): [30, 40]}})
    before = snapshot(store)
    with store.uow() as uow:
        link = uow.links.list([dalby])[0].id
    out = act(store, dalby, {"op": "delete", "nodes": [club], "edges": [link]})
    with store.uow() as uow:
        assert [a.id for a in uow.actors.list([dalby])] == [lib]
        assert uow.links.list() == []
        assert uow.actors.get(club).name == "Dalby IF"      # shared: still in the workspace
    with store.uow() as uow:
        undo(uow, out.undo)
        uow.commit()
    assert snapshot(store) == before


def test_delete_counts_the_links_taken_off_the_map_in_agreeing_words(two_maps):
    """Issue 18: "1 aktörer och 0 länkar" while the map lost a link. An actor leaving the
    map takes its links off it (they stay between its other maps); an explicitly chosen
    link is counted once."""
    from weaving.ui.drawactions import outcome_text

    store, dalby, _, lib, club = two_maps
    with store.uow() as uow:
        third = uow.actors.add(dalby, name="Dalby församling", type="church")
        uow.links.add(lib, third.id, kind="dialogue", status="desired")
        uow.commit()
        third_id = third.id
    with store.uow() as uow:
        link = next(l.id for l in uow.links.list([dalby]) if {l.source_id, l.target_id} == {lib, club})
        before = uow.maps.link_counts([dalby])["links"]
    out = act(store, dalby, {"op": "delete", "nodes": [club], "edges": [link]})
    assert out.params == {"actors": 1, "links": 1}
    assert outcome_text(out, "sv") == "Borttaget från kartan: 1 aktör och 1 länk."
    assert outcome_text(out, "en") == "Removed from the map: 1 actor and 1 link."
    with store.uow() as uow:
        assert uow.maps.link_counts([dalby])["links"] == before - out.params["links"]
    out = act(store, dalby, {"op": "delete", "nodes": [lib, third_id], "edges": []})
    assert out.params == {"actors": 2, "links": 1}
    assert outcome_text(out, "sv") == "Borttaget från kartan: 2 aktörer och 1 länk."
    with store.uow() as uow:
        assert uow.actors.list([dalby]) == [] and len(uow.links.list()) == 1   # the link stays in the workspace


def test_removal_words_leave_out_what_was_not_removed():
    from weaving.ui.drawactions import Outcome, outcome_text

    assert outcome_text(Outcome("kbd.removed", {"actors": 1, "links": 0}), "sv") == "Borttaget från kartan: 1 aktör."
    assert outcome_text(Outcome("kbd.removed", {"actors": 0, "links": 3}), "en") == "Removed from the map: 3 links."
    assert outcome_text(Outcome("draw.done.moved"), "en") == "The position has been saved."
