"""Rita en karta: the map lives in the URL, the step stays, the form flow (the canvas's
accessible twin) saves through the same code, errors are translated words, nothing partial."""
import pytest

from tests.app.conftest import run_page
from tests.app.helpers import by_key, texts, with_uow

PAGE = "app_pages/draw.py"


def _map_param(at) -> list[str]:
    value = at.query_params.get("map")
    return [value] if isinstance(value, str) else list(value or [])


def _counts(url):
    def read(uow):
        counts = uow.maps.counts()
        return {m.name: (counts[m.id]["actors"], counts[m.id]["links"]) for m in uow.maps.list()}
    return with_uow(url, read)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_draw_renders_on_empty_database(app_db, lang):
    at = run_page(PAGE, lang=lang)
    assert not at.exception
    assert "Rita en karta" in at.title[0].value or "Draw a map" in at.title[0].value
    assert any(("skapa en karta" in i.value) or ("create a map" in i.value) for i in at.info)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_draw_renders_on_demo_with_steps_and_counts(demo_db, lang):
    at = run_page(PAGE, lang=lang)
    assert not at.exception
    step = by_key(at.get("button_group"), "draw_step")
    assert step.value == 1
    caption = texts(at)
    assert ("länkar (befintliga och introducerade)" in caption) or ("links (existing and introduced)" in caption)


def test_deep_link_shows_that_map(demo_db):
    at = run_page(PAGE, params={"map": "Genarp"})
    assert not at.exception
    assert any("Genarp" in s.value for s in at.subheader)
    assert by_key(at.selectbox, "draw_one").value == with_uow(demo_db, lambda uow: uow.maps.require("Genarp").id)


def test_unknown_map_in_url_is_a_translated_message(demo_db):
    at = run_page(PAGE, lang="en", params={"map": "Ingenstans <b>x</b>"})
    assert not at.exception
    assert any("There is no map called" in w.value and "Ingenstans" in w.value for w in at.warning)


def test_new_map_is_current_everywhere_and_entries_land_in_it(demo_db):
    """The bug this page had: a new map's entries were filed into Dalby."""
    before = _counts(demo_db)
    at = run_page(PAGE, params={"map": "Dalby"})
    by_key(at.text_input, "new_map_name").input("Stenby")
    at.button[0].click().run()
    assert not at.exception
    assert _map_param(at) == ["Stenby"]
    assert any("Stenby" in s.value for s in at.subheader)
    map_id = with_uow(demo_db, lambda uow: uow.maps.require("Stenby").id)
    lib, club = with_uow(demo_db, lambda uow: (uow.actors.by_name("Dalby bibliotek").id,
                                               uow.actors.list([uow.maps.require("Dalby").id])[-1].id))
    k = f"draw_existing_{map_id}_0"
    by_key(at.selectbox, f"{k}_a").set_value(lib).run()   # choosing an actor keeps the map
    assert any("Stenby" in s.value for s in at.subheader)
    assert _map_param(at) == ["Stenby"]
    by_key(at.selectbox, f"{k}_b").set_value(club).run()
    by_key(at.text_input, f"{k}_carried").input("Kim Exempel")
    by_key(at.button, f"{k}_add").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert _map_param(at) == ["Stenby"]

    def check(uow):
        actors = {a.id for a in uow.actors.list([map_id])}
        links = [(l.status, l.kind, [c.name for c in l.carried_by]) for l in uow.links.list([map_id])]
        return actors, links
    actors, links = with_uow(demo_db, check)
    assert actors == {lib, club}      # the shared actors joined Stenby, no twins
    assert links == [("existing", "joint_activity", ["Kim Exempel"])]
    after = _counts(demo_db)
    assert after.pop("Stenby") == (2, 1)
    dalby = after.pop("Dalby")
    assert dalby == (before["Dalby"][0], before["Dalby"][1] + 1)   # the new link is between two Dalby actors too
    assert after == {k: v for k, v in before.items() if k != "Dalby"}


def test_nothing_picked_is_asked_for_not_a_nameless_actor(app_db):
    map_id = with_uow(app_db, lambda uow: uow.maps.create("Genarp").id)
    with_uow(app_db, lambda uow: uow.actors.add(map_id, name="Genarps bibliotek", type="library"))
    at = run_page(PAGE, lang="en")
    k = f"draw_existing_{map_id}_0"
    by_key(at.button, f"{k}_add").click().run()   # the second actor was never chosen
    assert not at.exception
    assert at.warning and "Choose or create both actors" in at.warning[0].value
    assert with_uow(app_db, lambda uow: (len(uow.actors.list()), len(uow.links.list()))) == (1, 0)


def test_duplicate_link_is_refused_in_words_and_saves_nothing(app_db):
    def seed(uow):
        m = uow.maps.create("Dalby")
        a = uow.actors.add(m.id, name="A-bibliotek", type="library", is_weaver=True)
        b = uow.actors.add(m.id, name="B-förening")
        uow.links.add(a.id, b.id, kind="joint_activity")
        return m.id, a.id, b.id
    map_id, a, b = with_uow(app_db, seed)
    for lang, word in (("sv", "gemensam aktivitet"), ("en", "joint activity")):
        at = run_page(PAGE, lang=lang)
        k = f"draw_existing_{map_id}_0"
        assert by_key(at.selectbox, f"{k}_a").value == a      # the map's weaver is the default "we"
        by_key(at.selectbox, f"{k}_b").set_value(b).run()
        by_key(at.button, f"{k}_add").click().run()
        assert not at.exception
        message = at.error[0].value.lower()
        assert word in message.replace("\\", "") and "joint_activity" not in message
    assert with_uow(app_db, lambda uow: len(uow.links.list())) == 1


def test_step_stays_after_saving_and_desired_link_and_challenge(app_db):
    def seed(uow):
        m = uow.maps.create("Södra Sandby")
        a = uow.actors.add(m.id, name="Sandby fritidsgård", type="youth_centre", themes=["idrott"])
        b = uow.actors.add(m.id, name="Sandby kyrka", type="church")
        return m.id, a.id, b.id
    map_id, a, b = with_uow(app_db, seed)
    at = run_page(PAGE, params={"map": "Södra Sandby", "step": "2"})
    assert by_key(at.get("button_group"), "draw_step").value == 2
    k = f"draw_desired_{map_id}_0"
    by_key(at.selectbox, f"{k}_a").set_value(a)
    by_key(at.selectbox, f"{k}_b").set_value(b).run()
    by_key(at.button, f"{k}_add").click().run()
    assert not at.exception and not at.error
    assert by_key(at.get("button_group"), "draw_step").value == 2     # still on step 2
    assert at.query_params.get("step") == "2"
    by_key(at.get("button_group"), "draw_step").set_value(3).run()
    assert at.query_params.get("step") == "3"
    kc = f"draw_ch_{map_id}_0"
    by_key(at.text_area, f"{kc}_text").input("Unga saknar en plats på kvällarna")
    by_key(at.multiselect, f"{kc}_themes").set_value(["idrott"])
    by_key(at.multiselect, f"{kc}_actors").set_value([a, b])
    by_key(at.button, f"{kc}_add").click().run()
    assert not at.exception and not at.error
    assert by_key(at.get("button_group"), "draw_step").value == 3     # still on step 3

    def check(uow):
        links = uow.links.list([map_id])
        chs = uow.challenges.list([map_id])
        return [(l.status, l.source_id, l.target_id) for l in links], [(c.text, c.themes, sorted(x.id for x in c.actors)) for c in chs]
    links, chs = with_uow(app_db, check)
    assert links == [("desired", a, b)]
    assert chs == [("Unga saknar en plats på kvällarna", ["idrott"], sorted([a, b]))]
    assert "Unga saknar en plats" in texts(at)
    cid = with_uow(app_db, lambda uow: uow.challenges.list([map_id])[0].id)
    assert by_key(at.button, f"ch_del_{cid}").disabled
    by_key(at.checkbox, f"ch_del_ok_{cid}").check().run()
    by_key(at.button, f"ch_del_{cid}").click().run()
    assert not at.exception
    assert with_uow(app_db, lambda uow: len(uow.challenges.list([map_id]))) == 0
