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


def _degrees(at) -> dict[str, int]:
    """{actor: links} from the analysis page's actor table."""
    table = next(df.value for df in at.dataframe if "Links" in df.value.columns)
    return dict(zip(table["Name"], table["Links"]))


def _expected_degrees(url: str) -> dict[str, int]:
    from weaving.analysis import analyse
    from weaving.store import graph_from_maps

    def compute(uow):
        G = graph_from_maps(uow, [uow.maps.require("Dalby").id], include_personal=True)
        return {a.label: a.degree for a in analyse(G).brokers.actors}
    return with_uow(url, compute)


def test_analysis_is_never_stale_after_a_write(demo_db):
    """Analyses are cached per map revision: after a link is edited the page shows the
    new analysis (the same as computing it afresh), never the cached one."""
    at = run_page(PAGE, lang="en", params={"map": "Dalby"})
    assert not at.exception
    before = _degrees(at)
    assert before == _expected_degrees(demo_db)

    def end_a_link(uow):
        m = uow.maps.require("Dalby")
        link = next(li for li in uow.links.list(m.id) if li.status == "existing")
        uow.links.update(link.id, status="ended")
    with_uow(demo_db, end_a_link)
    at.run()
    assert not at.exception
    after = _degrees(at)
    assert after != before
    assert after == _expected_degrees(demo_db)


def test_one_analysis_per_revision_shared_by_pages_and_reruns(demo_db, monkeypatch):
    import weaving.analysis as WA

    calls = []
    real = WA.analyse
    monkeypatch.setattr(WA, "analyse", lambda *a, **k: calls.append(1) or real(*a, **k))
    at = run_page(PAGE, lang="en", params={"map": "Dalby"})
    at.run()                                   # a rerun
    at.switch_page("app_pages/map.py").run()   # another page, same maps and weaver
    assert not at.exception
    assert len(calls) == 1
