from tests.app.conftest import run_page
from weaving.store import Store


def test_overview_empty_database_offers_demo(app_db):
    at = run_page()
    assert not at.exception
    assert any("inga kartor" in i.value for i in at.info)
    at.button(key="load_demo").click().run()
    assert not at.exception
    store = Store(app_db)
    with store.uow() as uow:
        assert len(uow.maps.list()) == 4
    store.dispose()
    assert at.dataframe[0].value.shape[0] == 4


def test_overview_lists_maps_and_actors_in_english(demo_db):
    at = run_page(lang="en")
    assert not at.exception
    maps = at.dataframe[0].value
    assert set(maps["Map"]) == {"Dalby", "Veberöd", "Södra Sandby", "Genarp"}
    assert (maps["Actors"] >= 25).all()
    actors = at.dataframe[1].value
    assert len(actors) >= 25 and "Name" in actors.columns
    assert at.title[0].value == "Network weaving"
