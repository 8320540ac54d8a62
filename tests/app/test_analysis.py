"""Analys: renders everywhere, shows the stage and charts."""
import pytest

from tests.app.conftest import run_page
from tests.app.helpers import by_key, texts, with_uow

PAGE = "app_pages/analysis.py"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_analysis_on_empty_database(app_db, lang):
    at = run_page(PAGE, lang=lang)
    assert not at.exception and at.info


def test_analysis_tiny_maps(app_db):
    def seed(uow):
        m = uow.maps.create("En")
        uow.actors.add(m.id, name="Ensam aktör")
        uow.maps.create("Tom")
    with_uow(app_db, seed)
    at = run_page(PAGE)
    assert not at.exception


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_analysis_on_demo(demo_db, lang):
    at = run_page(PAGE, lang=lang)
    assert not at.exception
    charts = at.get("plotly_chart")
    assert len(charts) >= 4
    text = texts(at)
    assert ("nav och ekrar" in text or "spridda kluster" in text or "flera nav" in text or "kliver tillbaka" in text
            or "hub and spoke" in text or "scattered" in text or "multi-hub" in text or "steps back" in text)
    assert at.metric


def test_analysis_other_weaver(demo_db):
    at = run_page(PAGE, lang="en")
    aid = with_uow(demo_db, lambda uow: uow.actors.list([uow.maps.list()[0].id])[3].id)
    by_key(at.selectbox, "analysis_weaver").set_value(f"a{aid}").run()
    assert not at.exception
