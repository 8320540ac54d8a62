"""Aktörer och länkar: tables save as one change set; conflicts save nothing."""
import pytest

from tests.app.conftest import run_page
from tests.app.helpers import by_key, with_uow

PAGE = "app_pages/actors.py"


def edit_state(edited_rows):
    return {"edited_rows": edited_rows, "added_rows": [], "deleted_rows": []}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_actors_page_on_empty_database(app_db, lang):
    at = run_page(PAGE, lang=lang)
    assert not at.exception
    assert any("Rita en karta" in i.value or "Draw a map" in i.value for i in at.info)


def test_actors_page_map_without_actors(app_db):
    with_uow(app_db, lambda uow: uow.maps.create("Tom karta"))
    at = run_page(PAGE)
    assert not at.exception
    assert any("Inga aktörer ännu" in i.value for i in at.info)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_actors_page_on_demo(demo_db, lang):
    at = run_page(PAGE, lang=lang)
    assert not at.exception
    assert len(at.data_editor) >= 2
    assert len(at.data_editor[0].value) >= 25


@pytest.fixture
def small(app_db):
    def seed(uow):
        m = uow.maps.create("Dalby")
        a = uow.actors.add(m.id, name="Dalby bibliotek", type="library", is_weaver=True)
        b = uow.actors.add(m.id, name="Dalby IF", type="sports_club", contacts=["Kim Exempel"])
        c = uow.actors.add(m.id, name="Dalby kyrka", type="church")
        l1 = uow.links.add(a.id, b.id, kind="joint_activity", strength=2, carried_by=["Kim Exempel"])
        l2 = uow.links.add(a.id, c.id, kind="dialogue")
        return {"map": m.id, "a": a.id, "b": b.id, "c": c.id, "l1": l1.id, "l2": l2.id}
    return app_db, with_uow(app_db, seed)


def row_of(at, editor_index, name_col, name):
    df = at.data_editor[editor_index].value
    return int(df.index[df[name_col] == name][0])


def test_save_applies_the_whole_change_set(small):
    url, ids = small
    at = run_page(PAGE)
    r_b, r_c = row_of(at, 0, "name", "Dalby IF"), row_of(at, 0, "name", "Dalby kyrka")
    at.session_state["actors_editor"] = edit_state({
        r_b: {"name": "Dalby IF (fotboll)", "themes": ["idrott", "unga"]},
        r_c: {"type": "association", "is_weaver": True},
    })
    at.run()
    by_key(at.button, "actors_save").click().run()
    assert not at.exception and not at.error
    assert any("2" in s.value for s in at.success)
    got = with_uow(url, lambda uow: {a.name: (a.type, a.themes, a.is_weaver, a.version) for a in uow.actors.list()})
    assert got["Dalby IF (fotboll)"][:3] == ("sports_club", ["idrott", "unga"], False)
    assert got["Dalby kyrka"][:3] == ("association", [], True)
    assert got["Dalby bibliotek"][3] == 1      # untouched row not rewritten


def test_conflicting_edit_shows_conflict_and_saves_nothing(small):
    url, ids = small
    at = run_page(PAGE, lang="en")
    # someone else changes Dalby kyrka after this user loaded the table
    with_uow(url, lambda uow: uow.actors.update(ids["c"], description="changed elsewhere"))
    r_b, r_c = row_of(at, 0, "name", "Dalby IF"), row_of(at, 0, "name", "Dalby kyrka")
    at.session_state["actors_editor"] = edit_state({r_b: {"name": "Renamed IF"}, r_c: {"sector": "ideburen"}})
    at.run()
    by_key(at.button, "actors_save").click().run()
    assert not at.exception
    assert at.error and "Someone else changed" in at.error[0].value and "Dalby kyrka" in at.error[0].value
    got = with_uow(url, lambda uow: {a.name: (a.sector, a.description) for a in uow.actors.list()})
    assert "Renamed IF" not in got and "Dalby IF" in got                 # nothing saved
    assert got["Dalby kyrka"] == ("", "changed elsewhere")


def test_invalid_value_is_translated_and_nothing_saved(small):
    url, ids = small
    at = run_page(PAGE)
    r_a, r_b = row_of(at, 0, "name", "Dalby bibliotek"), row_of(at, 0, "name", "Dalby IF")
    at.session_state["actors_editor"] = edit_state({r_a: {"area": "Nytt område"}, r_b: {"name": "   "}})
    at.run()
    by_key(at.button, "actors_save").click().run()
    assert at.error and "Namnet får inte vara tomt" in at.error[0].value
    assert with_uow(url, lambda uow: uow.actors.get(ids["a"]).area) == "Dalby"


def test_delete_needs_confirmation(small):
    url, ids = small
    at = run_page(PAGE)
    r_c = row_of(at, 0, "name", "Dalby kyrka")
    at.session_state["actors_editor"] = edit_state({r_c: {"delete": True}})
    at.run()
    by_key(at.button, "actors_save").click().run()
    assert at.warning and with_uow(url, lambda uow: len(uow.actors.list())) == 3
    by_key(at.checkbox, "actors_confirm").check().run()
    by_key(at.button, "actors_save").click().run()
    assert not at.exception and not at.error
    assert with_uow(url, lambda uow: sorted(a.name for a in uow.actors.list())) == ["Dalby IF", "Dalby bibliotek"]


def test_link_table_edit_and_conflict(small):
    url, ids = small
    at = run_page(PAGE)
    df = at.data_editor[1].value
    r1 = int(df.index[df["id"] == ids["l1"]][0])
    r2 = int(df.index[df["id"] == ids["l2"]][0])
    at.session_state["links_editor"] = edit_state({r1: {"strength": 3, "status": "ended", "end_date": "2025-06-30"},
                                                   r2: {"carried_by": "Ny Person, Kim Exempel"}})
    at.run()
    by_key(at.button, "links_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]

    def links(uow):
        return {l.id: (l.strength, l.status, str(l.end_date), sorted(c.name for c in l.carried_by), l.version)
                for l in uow.links.list()}
    got = with_uow(url, links)
    assert got[ids["l1"]][:3] == (3, "ended", "2025-06-30")
    assert got[ids["l2"]][3] == ["Kim Exempel", "Ny Person"]
    # now a conflict on the link table
    with_uow(url, lambda uow: uow.links.update(ids["l2"], purpose="elsewhere"))
    df = at.data_editor[1].value
    r2 = int(df.index[df["id"] == ids["l2"]][0])
    at.session_state["links_editor"] = edit_state({r2: {"kind": "information"}})
    at.run()
    by_key(at.button, "links_save").click().run()
    assert at.error and "Någon annan har ändrat" in at.error[0].value
    assert with_uow(url, lambda uow: uow.links.get(ids["l2"]).kind) == "dialogue"


def test_add_actor_and_link_forms(small):
    url, ids = small
    at = run_page(PAGE, lang="en")
    form_inputs = [t for t in at.text_input if t.label == "Name"]
    form_inputs[0].input("Dalby scouter")
    [b for b in at.button if b.label == "Add actor"][0].click().run()
    assert not at.exception and not at.error
    assert with_uow(url, lambda uow: [m.name for m in uow.actors.by_name("Dalby scouter").maps]) == ["Dalby"]
    # duplicate name: translated error, nothing new
    [t for t in at.text_input if t.label == "Name"][0].input("dalby scouter")
    [b for b in at.button if b.label == "Add actor"][0].click().run()
    assert at.error
    assert with_uow(url, lambda uow: len(uow.actors.list())) == 4


def test_contacts_edit_keeps_carriers_and_erase(small):
    url, ids = small
    at = run_page(PAGE)
    by_key(at.selectbox, "contacts_actor").set_value(ids["b"]).run()
    key = f"contacts_editor_{ids['b']}"
    at.session_state[key] = {"edited_rows": {0: {"role": "tränare"}}, "added_rows": [{"name": "Alva Exempel"}],
                             "deleted_rows": []}
    at.run()
    by_key(at.button, "contacts_save").click().run()
    assert not at.exception and not at.error

    def contacts(uow):
        return (sorted((c.name, c.role) for c in uow.actors.get(ids["b"]).contacts),
                [c.name for c in uow.links.get(ids["l1"]).carried_by])
    people, carriers = with_uow(url, contacts)
    assert people == [("Alva Exempel", ""), ("Kim Exempel", "tränare")]
    assert carriers == ["Kim Exempel"]            # the carried link kept its person
    # erase a person everywhere: disabled until confirmed
    by_key(at.text_input, "erase_name_0").input("Kim Exempel").run()
    assert by_key(at.button, "erase_btn_0").disabled
    by_key(at.checkbox, "erase_ok_0").check().run()
    by_key(at.button, "erase_btn_0").click().run()
    assert not at.exception and not at.error
    people, carriers = with_uow(url, contacts)
    assert people == [("Alva Exempel", "")] and carriers == []
