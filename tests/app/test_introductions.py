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


def test_dismiss_with_a_reason_teaches_the_model(demo_db):
    from weaving.i18n import t

    from tests.app.helpers import texts

    at = run_page(PAGE, lang="en")
    assert t("page.intro.learned_none", "en") in texts(at)
    first = [b for b in at.button if b.key and b.key.startswith("accept_")][0].key
    pair = first[len("accept_"):]
    [s for s in at.selectbox if s.key == f"dismiss_{pair}_reason"][0].set_value("did_not_work")
    [b for b in at.button if b.key == f"dismiss_{pair}"][0].click().run()
    assert not at.exception and not at.error
    got = with_uow(demo_db, lambda uow: [(i.status, i.dismiss_reason, i.reason != "") for i in uow.introductions.list()])
    assert got == [("dismissed", "did_not_work", True)]
    # never offered again, and the model says it learned from the outcome
    assert f"accept_{pair}" not in [b.key for b in at.button]
    assert t("page.intro.learned", "en", n=1) in texts(at)
    assert [o[2] for o in with_uow(demo_db, lambda uow: uow.introductions.outcomes())] == [0]
    # the finished table names the reason
    df = at.dataframe[0].value
    assert any("Tried, did not work" in str(v) for v in df.iloc[0].tolist())


def test_an_introduction_under_way_can_be_dismissed(demo_db):
    at = run_page(PAGE)
    [b for b in at.button if b.key and b.key.startswith("accept_")][0].click().run()
    iid = with_uow(demo_db, lambda uow: uow.introductions.list()[0].id)
    [s for s in at.selectbox if s.key == f"intro_dismiss_{iid}_reason"][0].set_value("already_in_contact")
    [b for b in at.button if b.key == f"intro_dismiss_{iid}"][0].click().run()
    assert not at.exception and not at.error
    i = with_uow(demo_db, lambda uow: uow.introductions.get(iid))
    assert (i.status, i.dismiss_reason) == ("dismissed", "already_in_contact")
    assert with_uow(demo_db, lambda uow: uow.introductions.outcomes())[0][2] == 1   # the model was right


def test_draft_message_is_plain_text_with_an_encoded_mailto(app_db):
    hostile = "**Bold** <b>x</b> [link](javascript:alert(1)) :red[y]"

    def seed(uow):
        m = uow.maps.create("Genarp")
        a = uow.actors.add(m.id, name=hostile, themes=["dans"], target_groups=["unga"])
        b = uow.actors.add(m.id, name="Dansföreningen", themes=["dans"], target_groups=["unga"],
                           contacts=[{"name": "Kim Kontakt", "email": "kim@example.org"}])
        hub = uow.actors.add(m.id, name="Biblioteket", is_weaver=True)
        others = [uow.actors.add(m.id, name=f"Förening {k}") for k in range(4)]
        for x in (a, b, *others):
            uow.links.add(hub.id, x.id)
        uow.links.add(others[0].id, others[1].id)
        uow.challenges.add(m.id, "För få mötesplatser <script>", actor_ids=[a.id, b.id])
    with_uow(app_db, seed)
    at = run_page(PAGE, lang="sv", state={"intro_top": 30})
    assert not at.exception
    bodies = [c.value for c in at.code]
    # local mode: the user is an admin and may see contact persons, so Kim is greeted
    mine = [x for x in bodies if hostile in x and "Kim Kontakt" in x]
    assert mine, bodies
    assert "För få mötesplatser <script>" in mine[0]       # the challenge they both face, as plain text
    assert any(t.value == f"Introduktion: {hostile} och Dansföreningen" for t in at.text)
    links = [b.proto.url for b in at.get("link_button")]
    assert links and all(u.startswith("mailto:") and " " not in u and "<" not in u for u in links)
    assert any(u.startswith("mailto:kim@example.org?") for u in links)
    # the hostile name is never rendered as markdown or HTML anywhere
    for el in [*at.markdown, *at.caption]:
        assert "<b>x</b>" not in el.value and "](javascript" not in el.value


def test_drafts_leave_out_contact_persons_for_viewers(app_db):
    from weaving.store import Store
    from weaving.ui.intros import draft_inputs

    def seed(uow):
        m = uow.maps.create("Veberöd")
        a = uow.actors.add(m.id, name="A", contacts=[{"name": "Hemlig Person", "email": "h@example.org"}])
        return m.id, {a.id}
    map_id, ids = with_uow(app_db, seed)
    store = Store(app_db)
    try:
        with store.uow(role="viewer") as uow:
            contacts, _ = draft_inputs(uow, [map_id], ids)
        with store.uow(role="editor") as uow:
            contacts_editor, _ = draft_inputs(uow, [map_id], ids)
    finally:
        store.dispose()
    assert contacts is None
    assert list(contacts_editor.values()) == [[{"name": "Hemlig Person", "email": "h@example.org"}]]
