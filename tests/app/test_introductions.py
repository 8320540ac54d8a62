"""Introduktioner: accept records an Introduction; made/confirmed/declined; declined never again."""
import pytest

from tests.app.conftest import run_page
from tests.app.helpers import with_uow

PAGE = "app_pages/introductions.py"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_introductions_on_empty_database(app_db, lang):
    at = run_page(PAGE, lang=lang)
    assert not at.exception and at.info


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_introductions_on_demo(demo_db, lang):
    # Veberöd is hub-and-spoke (stage b): suggestions and a step-back plan with its chart
    veberod = with_uow(demo_db, lambda uow: uow.maps.require("Veberöd").id)
    at = run_page(PAGE, lang=lang, state={"chosen_maps": [veberod]})
    assert not at.exception
    assert [b for b in at.button if b.key and b.key.startswith("accept_")]
    assert at.get("plotly_chart")          # the step-back plan chart
    assert any(m.label for m in at.metric)


def test_no_plan_needed_where_the_weaver_can_step_back(demo_db):
    # Dalby is stage d: the weaver can already step back, so there is no plan to show
    dalby = with_uow(demo_db, lambda uow: uow.maps.require("Dalby").id)
    at = run_page(PAGE, lang="en", state={"chosen_maps": [dalby]})
    assert not at.exception
    from weaving.i18n import t

    assert any(t("page.intro.plan_empty", "en")[:30] in i.value.replace("\\", "") for i in at.info)


def test_tiny_map(app_db):
    def seed(uow):
        m = uow.maps.create("Liten")
        a = uow.actors.add(m.id, name="A")
        b = uow.actors.add(m.id, name="B")
        uow.links.add(a.id, b.id, kind="dialogue")
    with_uow(app_db, seed)
    at = run_page(PAGE)
    assert not at.exception


def test_accept_records_introduction_then_confirm_and_decline(demo_db):
    at = run_page(PAGE)
    accepts = [b for b in at.button if b.key and b.key.startswith("accept_")]
    first = accepts[0].key
    accepts[0].click().run()
    assert not at.exception and not at.error
    intros = with_uow(demo_db, lambda uow: [(i.actor_a_id, i.actor_b_id, i.status, i.level, i.reason)
                                            for i in uow.introductions.list()])
    assert len(intros) == 1 and intros[0][2] == "suggested" and intros[0][3] == "suggest" and intros[0][4]
    a, b = intros[0][:2]
    assert f"accept_a{a}_a{b}" == first or f"accept_a{b}_a{a}" == first
    # no longer offered
    assert first not in [b.key for b in at.button]
    iid = with_uow(demo_db, lambda uow: uow.introductions.list()[0].id)
    [b for b in at.button if b.key == f"intro_made_{iid}"][0].click().run()
    assert with_uow(demo_db, lambda uow: uow.introductions.get(iid).status) == "made"
    [b for b in at.button if b.key == f"intro_confirmed_{iid}"][0].click().run()
    assert not at.exception and not at.error

    def link(uow):
        i = uow.introductions.get(iid)
        return i.status, [l.status for l in uow.links.between(i.actor_a_id, i.actor_b_id)]
    status, links = with_uow(demo_db, link)
    assert status == "confirmed" and ("introduced" in links or "existing" in links)


def test_declined_pair_is_never_suggested_again(demo_db):
    at = run_page(PAGE)
    accepts = [b for b in at.button if b.key and b.key.startswith("accept_")]
    key = accepts[0].key
    accepts[0].click().run()
    iid = with_uow(demo_db, lambda uow: uow.introductions.list()[0].id)
    [b for b in at.button if b.key == f"intro_declined_{iid}"][0].click().run()
    assert with_uow(demo_db, lambda uow: uow.introductions.get(iid).status) == "declined"
    at.run()
    assert key not in [b.key for b in at.button]


def test_level_and_date_are_recorded(demo_db):
    import datetime as dt

    at = run_page(PAGE, lang="en")
    [s for s in at.selectbox if s.key == "intro_level"][0].set_value("joint_activity")
    [d for d in at.date_input if d.key == "intro_date"][0].set_value(dt.date(2025, 3, 1))
    at.run()
    [b for b in at.button if b.key and b.key.startswith("accept_")][0].click().run()
    got = with_uow(demo_db, lambda uow: [(i.level, i.suggested_on) for i in uow.introductions.list()])
    assert got == [("joint_activity", dt.date(2025, 3, 1))]
