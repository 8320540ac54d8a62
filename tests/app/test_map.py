"""Karta: renders in both languages, controls change what is drawn."""
import json

import pytest

from tests.app.conftest import run_page
from tests.app.helpers import by_key, with_uow

PAGE = "app_pages/map.py"


def map_frame_data(at) -> dict:
    """The data the map page hands its sandboxed frame (weaving.ui.isolated)."""
    frames = [e.proto for e in at.get("bidi_component") if e.proto.component_name.endswith("isolated_frame")]
    assert frames, "no map frame on the page"
    return json.loads(frames[0].json)


def iframe_html(at):
    return map_frame_data(at)["html"]


def test_map_frame_is_sandboxed_without_the_apps_origin(demo_db):
    at = run_page(PAGE)
    assert not at.exception
    assert not at.get("iframe"), "the map must not use st.iframe (allow-same-origin)"
    data = map_frame_data(at)
    assert data["sandbox"].split() == ["allow-scripts"]
    assert "<canvas" in data["html"] or "vis-network" in data["html"] or "weavingMap" in data["html"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_map_on_empty_database(app_db, lang):
    at = run_page(PAGE, lang=lang)
    assert not at.exception
    assert at.info


def test_map_without_actors(app_db):
    with_uow(app_db, lambda uow: uow.maps.create("Tom"))
    at = run_page(PAGE)
    assert not at.exception
    assert any("Inga aktörer ännu" in i.value for i in at.info)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_map_on_demo(demo_db, lang):
    at = run_page(PAGE, lang=lang)
    assert not at.exception
    html = iframe_html(at)
    assert "weaving-map" in html and f'lang="{lang}"' in html


def test_focus_and_filters(demo_db):
    at = run_page(PAGE)
    full = iframe_html(at)
    aid = with_uow(demo_db, lambda uow: uow.actors.by_name("Dalby bibliotek").id)
    by_key(at.selectbox, "map_focus").set_value(f"a{aid}").run()
    assert not at.exception
    focused = iframe_html(at)
    assert focused != full and len(focused) < len(full)
    assert "Dalby bibliotek" in focused
    by_key(at.button_group, "map_depth").set_value(2).run()
    assert not at.exception and len(iframe_html(at)) > len(focused)
    by_key(at.button_group, "map_color").set_value("sector").run()
    assert not at.exception
    by_key(at.multiselect, "map_statuses").set_value(["existing"]).run()
    assert not at.exception


def test_hostile_names_are_escaped_in_map(app_db):
    def seed(uow):
        m = uow.maps.create("X")
        a = uow.actors.add(m.id, name="<img src=x onerror=alert(1)>")
        b = uow.actors.add(m.id, name="</script><script>window.pwned=1</script>")
        uow.links.add(a.id, b.id, kind="dialogue")
    with_uow(app_db, seed)
    at = run_page(PAGE)
    assert not at.exception
    html = iframe_html(at)
    assert "<img src=x" not in html and "<script>window.pwned" not in html
