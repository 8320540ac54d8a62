"""Rita en karta: create a map, the three questions, translated validation, nothing partial."""
import pytest

from tests.app.conftest import run_page
from tests.app.helpers import by_key, texts, with_uow

PAGE = "app_pages/draw.py"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_draw_renders_on_empty_database(app_db, lang):
    at = run_page(PAGE, lang=lang)
    assert not at.exception
    assert "Rita en karta" in at.title[0].value or "Draw a map" in at.title[0].value
    assert any(("skapa en karta" in i.value) or ("create a map" in i.value) for i in at.info)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_draw_renders_on_demo(demo_db, lang):
    at = run_page(PAGE, lang=lang)
    assert not at.exception
    assert len(at.tabs) == 3
    assert at.metric[0].value not in ("0", 0)


def test_create_map_then_link_two_new_actors(app_db):
    at = run_page(PAGE)
    at.text_input[0].input("Veberöd test")
    at.button[0].click().run()
    assert not at.exception
    assert any("Veberöd test" in s.value for s in at.success)
    map_id = with_uow(app_db, lambda uow: uow.maps.require("Veberöd test").id)
    k = f"draw_existing_{map_id}_0"
    by_key(at.selectbox, f"{k}_a").set_value(-1).run()
    by_key(at.selectbox, f"{k}_b").set_value(-1).run()
    by_key(at.text_input, f"{k}_a_name").input("Veberöds bibliotek")
    by_key(at.selectbox, f"{k}_a_type").set_value("library")
    by_key(at.text_input, f"{k}_b_name").input("Veberöds IF")
    by_key(at.text_input, f"{k}_carried").input("Kim Exempel")
    by_key(at.button, f"{k}_add").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]

    def check(uow):
        actors = {a.name: a.type for a in uow.actors.list([map_id])}
        links = [(l.status, l.kind, [c.name for c in l.carried_by]) for l in uow.links.list([map_id])]
        return actors, links
    actors, links = with_uow(app_db, check)
    assert actors == {"Veberöds bibliotek": "library", "Veberöds IF": "association"}
    assert links == [("existing", "joint_activity", ["Kim Exempel"])]


def test_new_actor_without_name_shows_translated_error_and_saves_nothing(app_db):
    map_id = with_uow(app_db, lambda uow: uow.maps.create("Genarp").id)
    with_uow(app_db, lambda uow: uow.actors.add(map_id, name="Genarps bibliotek", type="library"))
    at = run_page(PAGE, lang="en")
    k = f"draw_existing_{map_id}_0"
    by_key(at.selectbox, f"{k}_b").set_value(-1).run()      # new actor, but no name typed
    by_key(at.button, f"{k}_add").click().run()
    assert not at.exception
    assert at.error and "name" in at.error[0].value.lower()
    n = with_uow(app_db, lambda uow: (len(uow.actors.list()), len(uow.links.list())))
    assert n == (1, 0)


def test_duplicate_link_rolls_back_new_actor(app_db):
    """Adding a link that already exists shows the conflict and creates nothing (all or nothing)."""
    def seed(uow):
        m = uow.maps.create("Dalby")
        a = uow.actors.add(m.id, name="A-bibliotek", type="library", is_weaver=True)
        b = uow.actors.add(m.id, name="B-förening")
        uow.links.add(a.id, b.id, kind="joint_activity")
        return m.id, a.id, b.id
    map_id, a, b = with_uow(app_db, seed)
    at = run_page(PAGE)
    k = f"draw_existing_{map_id}_0"
    assert by_key(at.selectbox, f"{k}_a").value == a      # the map's weaver is the default "we"
    by_key(at.selectbox, f"{k}_b").set_value(b).run()
    by_key(at.button, f"{k}_add").click().run()
    assert not at.exception
    assert at.error and "finns redan" in at.error[0].value.lower() or "redan" in at.error[0].value.lower()
    assert with_uow(app_db, lambda uow: len(uow.links.list())) == 1


def test_desired_link_and_challenge(app_db):
    def seed(uow):
        m = uow.maps.create("Södra Sandby")
        a = uow.actors.add(m.id, name="Sandby fritidsgård", type="youth_centre", themes=["idrott"])
        b = uow.actors.add(m.id, name="Sandby kyrka", type="church")
        return m.id, a.id, b.id
    map_id, a, b = with_uow(app_db, seed)
    at = run_page(PAGE)
    k = f"draw_desired_{map_id}_0"
    by_key(at.selectbox, f"{k}_a").set_value(a)
    by_key(at.selectbox, f"{k}_b").set_value(b).run()
    by_key(at.button, f"{k}_add").click().run()
    assert not at.exception and not at.error
    kc = f"draw_ch_{map_id}_0"
    by_key(at.text_area, f"{kc}_text").input("Unga saknar en plats på kvällarna")
    by_key(at.multiselect, f"{kc}_themes").set_value(["idrott"])
    by_key(at.multiselect, f"{kc}_actors").set_value([a, b])
    by_key(at.button, f"{kc}_add").click().run()
    assert not at.exception and not at.error

    def check(uow):
        links = uow.links.list([map_id])
        chs = uow.challenges.list([map_id])
        return [(l.status, l.source_id, l.target_id) for l in links], [(c.text, c.themes, sorted(x.id for x in c.actors)) for c in chs]
    links, chs = with_uow(app_db, check)
    assert links == [("desired", a, b)]
    assert chs == [("Unga saknar en plats på kvällarna", ["idrott"], sorted([a, b]))]
    assert "Unga saknar en plats" in texts(at)
    # delete the challenge: needs the confirmation first
    cid = with_uow(app_db, lambda uow: uow.challenges.list([map_id])[0].id)
    assert by_key(at.button, f"ch_del_{cid}").disabled
    by_key(at.checkbox, f"ch_del_ok_{cid}").check().run()
    by_key(at.button, f"ch_del_{cid}").click().run()
    assert not at.exception
    assert with_uow(app_db, lambda uow: len(uow.challenges.list([map_id]))) == 0
