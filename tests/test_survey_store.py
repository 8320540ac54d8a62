"""Survey rounds in the store, on a real SQLite file and a real PostgreSQL database:
tokens (only a hash stored, expiry, revocation, re-issue), what a respondent may read and
write, the rate limit, answer validation, the review (both-sides confirmation, accept /
edit / reject, one transaction, audited), the response rate, backup and erasure."""
from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from sqlalchemy import func, select, text

from tests.survey_setup import FAR, answer, ids, make_round, view
from weaving.core.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from weaving.store import Store
from weaving.store.models import Base, Link, SurveyAnswer, SurveyInvite
from weaving.store.repos.surveys import RESPONDENT_ROLE, SAVES_PER_WINDOW, WINDOW, respondent_user
from weaving.store.survey_form import MAX_CHALLENGE, MAX_CHALLENGES, answer_link, token_hash, well_formed

LIB, FG, SCOUT, IF, CAFE = "Dalby bibliotek", "Fritidsgården Dalby", "Scoutkåren Dalby", "Dalby IF", "Språkcafé Dalby"


@pytest.fixture(autouse=True)
def _local(monkeypatch):
    monkeypatch.delenv("WEAVING_AUTH", raising=False)
    monkeypatch.delenv("WEAVING_PUBLIC_URL", raising=False)


@pytest.fixture
def dalby(store):
    with store.uow(user="anna") as uow:
        m = uow.maps.create("Dalby")
        a = {n: uow.actors.add(m.id, name=n, type="association").id for n in (LIB, FG, SCOUT, IF, CAFE)}
        uow.actors.set_contacts(a[LIB], [{"name": "Anna Bibliotekarie", "email": "anna@example.org"}])
        uow.links.add(a[LIB], a[FG], kind="dialogue", strength=2)
        uow.links.add(a[LIB], a[CAFE], kind="joint_activity", strength=3)
        uow.links.add(a[FG], a[IF], kind="dialogue", status="desired")
        v = uow.maps.create("Veberöd")
        uow.actors.add(v.id, name="Veberöds bibliotek")
        uow.commit()
    return store


def _all_text(store: Store) -> str:
    """Every value of every table, as text."""
    out = []
    with store.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(select(table)):
                out.append(json.dumps([str(v) for v in row]))
    return "\n".join(out)


# ----------------------------------------------------------------------------- tokens
def test_tokens_are_long_random_and_stored_only_as_their_hash(dalby):
    _rid, tokens = make_round(dalby, actors=[LIB, FG, SCOUT])
    assert len(set(tokens.values())) == 3
    for token in tokens.values():
        assert well_formed(token) and len(token) == 43          # 32 bytes = 256 bits, URL-safe
    everything = _all_text(dalby)
    for token in tokens.values():
        assert token not in everything
        assert hashlib.sha256(token.encode()).hexdigest() in everything
    with dalby.uow() as uow:
        stored = set(uow.session.scalars(select(SurveyInvite.token_hash)))
    assert stored == {token_hash(t) for t in tokens.values()}


def test_links_use_the_public_address(dalby, monkeypatch):
    monkeypatch.setenv("WEAVING_PUBLIC_URL", "https://vav.lund.example/")
    assert answer_link("abc") == "https://vav.lund.example/answer?t=abc"
    monkeypatch.delenv("WEAVING_PUBLIC_URL")
    with dalby.uow() as uow:
        m = uow.maps.require("Dalby")
        _rnd, links = uow.surveys.create_round(m.id, until=FAR, actor_ids=ids(dalby, LIB))
    assert links[0].link == f"http://localhost:8501/answer?t={links[0].token}"
    assert (links[0].contact, links[0].email) == ("Anna Bibliotekarie", "anna@example.org")


@pytest.mark.parametrize("bad", ["", "x", "a" * 42, "a" * 44, "a" * 42 + "!", "' OR 1=1 --", None, 12, "a" * 10_000])
def test_malformed_and_unknown_tokens_are_refused_without_a_hint(dalby, bad):
    make_round(dalby, actors=[LIB])
    with pytest.raises(PermissionDenied) as err:
        view(dalby, bad)
    assert err.value.key == "survey.link.invalid"
    assert "Dalby" not in err.value.message("sv") and "Dalby" not in err.value.message("en")


def test_an_unknown_well_formed_token_is_refused(dalby):
    make_round(dalby, actors=[LIB])
    with pytest.raises(PermissionDenied) as err:
        view(dalby, "A" * 43)
    assert err.value.key == "survey.link.invalid"


def test_expiry_is_inclusive_of_the_last_day(dalby):
    until = dt.date(2030, 5, 31)
    with dalby.uow() as uow:
        m = uow.maps.require("Dalby")
        _rnd, links = uow.surveys.create_round(m.id, until=until, actor_ids=ids(dalby, LIB), today=dt.date(2030, 5, 1))
        uow.commit()
    token = links[0].token
    assert view(dalby, token, today=until).actor_name == LIB
    with pytest.raises(PermissionDenied) as err:
        view(dalby, token, today=until + dt.timedelta(days=1))
    assert err.value.key == "survey.link.expired"
    with pytest.raises(PermissionDenied):
        answer(dalby, token, {}, today=until + dt.timedelta(days=1))


def test_a_round_cannot_end_in_the_past(dalby):
    with dalby.uow() as uow:
        m = uow.maps.require("Dalby")
        with pytest.raises(ValidationError) as err:
            uow.surveys.create_round(m.id, until=dt.date.today() - dt.timedelta(days=1))
        assert err.value.key == "survey.error.until_past"
        with pytest.raises(NotFoundError):   # an actor of another map
            uow.surveys.create_round(m.id, until=FAR, actor_ids=[uow.actors.by_name("Veberöds bibliotek").id])


def test_revoked_links_stop_working_and_reissued_ones_replace_them(dalby):
    rid, tokens = make_round(dalby, actors=[LIB, FG])
    with dalby.uow() as uow:
        assert uow.surveys.revoke(rid, ids(dalby, LIB)) == 1
        uow.commit()
    with pytest.raises(PermissionDenied) as err:
        view(dalby, tokens[LIB])
    assert err.value.key == "survey.link.revoked"
    assert view(dalby, tokens[FG]).actor_name == FG          # the others still work
    with dalby.uow() as uow:
        fresh = uow.surveys.reissue(rid, ids(dalby, LIB, FG, SCOUT), until=dt.date(2100, 1, 1))
        uow.commit()
    new = {x.actor: x.token for x in fresh}
    assert set(new) == {LIB, FG, SCOUT}                     # Scoutkåren was not asked before: added
    for name in (LIB, FG):
        with pytest.raises(PermissionDenied):
            view(dalby, tokens[name])                       # the old token is dead at once
        assert view(dalby, new[name]).actor_name == name
    with dalby.uow() as uow:
        assert uow.surveys.get_round(rid).closes_on == dt.date(2100, 1, 1)   # a later date extends the round
        assert len(uow.surveys.invites(rid)) == 3


# ----------------------------------------------------------------------------- the respondent
def test_the_respondent_sees_only_their_own_part(dalby):
    _rid, tokens = make_round(dalby, actors=[LIB, FG])
    answer(dalby, tokens[FG], {"today": [{"name": LIB, "kind": "dialogue"}], "contact": {"name": "Fia Fritid"}})
    v = view(dalby, tokens[LIB])
    assert v.actor_name == LIB and v.map_name == "Dalby"
    assert [n for _i, n in v.actors] == sorted([FG, SCOUT, IF, CAFE], key=str.casefold)   # not Veberöd's
    assert {(x.name, x.kind) for x in v.links} == {(FG, "dialogue"), (CAFE, "joint_activity")}   # desired FG-IF not
    assert v.answer == {}                                    # not Fritidsgården's answer
    shown = repr(v)
    assert "Fia Fritid" not in shown and "Anna Bibliotekarie" not in shown and "anna@example.org" not in shown


def test_a_respondent_unit_of_work_cannot_write_anything_else(dalby):
    _rid, tokens = make_round(dalby, actors=[LIB, FG])
    invite = view(dalby, tokens[LIB]).invite_id
    with dalby.uow(user=respondent_user(invite), role=RESPONDENT_ROLE) as uow:
        assert uow.role == RESPONDENT_ROLE          # not an admin, although authentication is off
        with pytest.raises(PermissionDenied):
            uow.maps.create("Kapad")
    with dalby.uow(user=respondent_user(invite), role=RESPONDENT_ROLE) as uow:
        uow.actors.list()[0].name = "Kapad"          # even touching ORM objects
        with pytest.raises(PermissionDenied):
            uow.commit()
    with dalby.uow(user=respondent_user(invite), role=RESPONDENT_ROLE) as uow:
        with pytest.raises(PermissionDenied) as err:  # another token's answer
            uow.surveys.save_answer(tokens[FG], {"wish": [IF]})
        assert err.value.key == "survey.error.not_this_link"
    with dalby.uow(user="anna") as uow:                # an editor cannot answer for an actor either
        with pytest.raises(PermissionDenied):
            uow.surveys.save_answer(tokens[FG], {"wish": [IF]})
        assert uow.actors.by_name("Kapad") is None and uow.maps.by_name("Kapad") is None
        assert uow.session.scalar(select(func.count()).select_from(SurveyAnswer)) == 0


def test_answers_are_saved_changed_and_audited(dalby):
    _rid, tokens = make_round(dalby, actors=[LIB])
    first = answer(dalby, tokens[LIB], {"today": [{"name": FG, "kind": "dialogue", "strength": 3}]}, lang="en")
    answer(dalby, tokens[LIB], {"today": [{"name": "dalby if", "kind": "joint_activity", "strength": 2}],
                                "wish": ["Nya föreningen"]})
    v = view(dalby, tokens[LIB])
    assert v.answer["today"] == [{"actor_id": ids(dalby, IF)[0], "name": IF, "kind": "joint_activity", "strength": 2,
                                  "ended": False}]
    assert v.answer["wish"] == [{"actor_id": None, "name": "Nya föreningen", "note": ""}]
    assert v.lang == "sv" and v.saved_at >= first
    with dalby.uow() as uow:
        events = [e for e in uow.audit.list() if e.action == "answer"]
        assert [e.user for e in events] == [respondent_user(v.invite_id)] * 2
        inv = uow.session.get(SurveyInvite, v.invite_id)
        assert inv.saves == 2 and inv.answered_at == first
        assert uow.session.scalar(select(func.count()).select_from(Link)) == 3   # the map is unchanged


@pytest.mark.parametrize("data, key", [
    ({"challenges": [{"text": "x" * (MAX_CHALLENGE + 1)}]}, "survey.error.too_long"),
    ({"challenges": [{"text": "x"}] * (MAX_CHALLENGES + 1)}, "survey.error.too_many"),
    ({"today": [{"name": "n" * 201}]}, "survey.error.too_long"),
    ({"today": "not a list"}, "survey.error.bad_answer"),
    ({"today": [{"actor_id": 10_000}]}, "survey.error.bad_answer"),
    ({"today": [{"name": FG, "strength": 7}]}, "error.bad_strength"),
    ({"today": [{"name": FG, "kind": "bribery"}]}, "error.bad_value"),
    ({"contact": {"email": "a@b.se"}}, "survey.error.contact_name"),
    ({"contact": {"name": "Kim", "email": "inte-en-adress"}}, "survey.error.bad_email"),
    ("just text", "survey.error.bad_answer"),
])
def test_bad_answers_are_refused_and_nothing_is_saved(dalby, data, key):
    _rid, tokens = make_round(dalby, actors=[LIB])
    with pytest.raises(ValidationError) as err:
        answer(dalby, tokens[LIB], data)
    assert err.value.key == key
    assert view(dalby, tokens[LIB]).answer == {}


def test_an_actor_of_another_map_cannot_be_named_by_id(dalby):
    _rid, tokens = make_round(dalby, actors=[LIB])
    other = ids(dalby, "Veberöds bibliotek")[0]
    with pytest.raises(ValidationError):
        answer(dalby, tokens[LIB], {"today": [{"actor_id": other}]})


def test_saves_are_rate_limited_per_token_in_the_database(dalby, db_url):
    _rid, tokens = make_round(dalby, actors=[LIB, FG])
    start = dt.datetime(2031, 1, 1, 12, 0)
    other_process = Store(db_url)            # a second app process sees the same count
    try:
        for i in range(SAVES_PER_WINDOW):
            answer(dalby if i % 2 else other_process, tokens[LIB], {"wish": [IF]}, now=start + dt.timedelta(seconds=i))
        with pytest.raises(ValidationError) as err:
            answer(other_process, tokens[LIB], {"wish": [SCOUT]}, now=start + dt.timedelta(minutes=30))
        assert err.value.key == "survey.error.too_many_saves"
        answer(dalby, tokens[FG], {"wish": [SCOUT]}, now=start + dt.timedelta(minutes=30))   # per token
        answer(dalby, tokens[LIB], {"wish": [SCOUT]}, now=start + WINDOW + dt.timedelta(seconds=1))
    finally:
        other_process.dispose()
    assert view(dalby, tokens[LIB]).answer["wish"][0]["name"] == SCOUT


# ----------------------------------------------------------------------------- review
def _items(store, rid):
    with store.uow() as uow:
        return {r.actor: {i.key: i for i in r.items} for r in uow.surveys.proposals(rid)}


def test_a_tie_reported_by_both_sides_is_confirmed_by_both(dalby):
    rid, tokens = make_round(dalby, actors=[LIB, FG, SCOUT, IF])
    answer(dalby, tokens[LIB], {"today": [{"name": SCOUT, "kind": "joint_activity", "strength": 2},
                                          {"name": IF, "kind": "dialogue"}, {"name": "Nya föreningen", "kind": "dialogue"}]})
    answer(dalby, tokens[SCOUT], {"today": [{"name": LIB, "kind": "joint_activity", "strength": 3}]})
    answer(dalby, tokens[IF], {"wish": [SCOUT]})
    items = _items(dalby, rid)
    lib = items[LIB]
    assert lib[f"today:{SCOUT.casefold()}:joint_activity"].sides == "both"
    assert lib[f"today:{SCOUT.casefold()}:joint_activity"].other_kinds == ("joint_activity",)
    assert (lib[f"today:{IF.casefold()}:dialogue"].sides, lib[f"today:{IF.casefold()}:dialogue"].why_one) == (
        "one", "not_mentioned")
    assert lib["today:nya föreningen:dialogue"].why_one == "not_asked"
    assert lib["actor:nya föreningen"].type == "new_actor"
    invite = view(dalby, tokens[LIB]).invite_id
    with dalby.uow(user="erik") as uow:
        uow.surveys.decide(rid, invite, f"today:{SCOUT.casefold()}:joint_activity", "accepted")
        uow.commit()
    items = _items(dalby, rid)
    mine = items[LIB][f"today:{SCOUT.casefold()}:joint_activity"]
    theirs = items[SCOUT][f"today:{LIB.casefold()}:joint_activity"]
    assert mine.state == theirs.state == "accepted"          # the other side's report is accepted with it
    assert mine.link_id is not None and mine.link_id == theirs.link_id
    assert items[LIB][f"today:{IF.casefold()}:dialogue"].state == "pending"
    with dalby.uow() as uow:
        m = uow.maps.require("Dalby")
        link = uow.links.find(*ids(dalby, LIB, SCOUT), "joint_activity")
        assert link is not None and link.status == "existing" and link.strength == 2
        assert uow.surveys.confirmations([m.id]) == {link.id: set(ids(dalby, LIB, SCOUT))}
        accepted = [e for e in uow.audit.list() if e.action == "accept"]
        assert {e.user for e in accepted} == {"erik"} and len(accepted) == 2


def test_accept_all_is_one_transaction_and_changes_the_map_only_then(dalby):
    rid, tokens = make_round(dalby, actors=[LIB, FG])
    answer(dalby, tokens[LIB], {
        "today": [{"actor_id": ids(dalby, FG)[0], "kind": "dialogue", "strength": 3},        # confirmed, stronger
                  {"actor_id": ids(dalby, CAFE)[0], "kind": "joint_activity", "ended": True},  # has ended
                  {"name": "Nya föreningen", "kind": "information", "strength": 1}],          # new actor + link
        "wish": [IF],
        "challenges": [{"text": "Unga saknar mötesplatser på kvällen", "with": [FG, "Nya föreningen"]}],
        "contact": {"name": "Kim Kontakt", "email": "kim@example.org"}})
    with dalby.uow() as uow:
        before = uow.session.scalar(select(func.count()).select_from(Link))
    invite = view(dalby, tokens[LIB]).invite_id
    with dalby.uow(user="erik") as uow:
        types = sorted(i.type for i in uow.surveys.proposals(rid)[0].items)
        assert types == ["challenge", "confirm", "contact", "desired", "ended", "new_actor", "new_link"]
        assert uow.surveys.accept_all(rid, invite) == 7
        # not committed: nothing is on the map yet for anyone else
        with dalby.uow() as other:
            assert other.actors.by_name("Nya föreningen") is None
        uow.commit()
    lib, fg, cafe, ifk = ids(dalby, LIB, FG, CAFE, IF)
    with dalby.uow() as uow:
        new = uow.actors.by_name("Nya föreningen")
        assert new is not None and uow.maps.require("Dalby") in new.maps
        assert uow.links.find(lib, fg, "dialogue").strength == 3
        assert uow.links.find(lib, cafe, "joint_activity").status == "ended"
        assert uow.links.find(lib, new.id, "information").status == "existing"
        assert uow.links.find(lib, ifk, "dialogue").status == "desired"
        ch = uow.challenges.list(uow.maps.require("Dalby").id)
        assert [c.text for c in ch] == ["Unga saknar mötesplatser på kvällen"]
        assert {a.name for a in ch[0].actors} == {LIB, FG, "Nya föreningen"}   # the new actor was accepted first
        assert "Kim Kontakt" in [p.name for p in uow.actors.get(lib).contacts]
        assert uow.session.scalar(select(func.count()).select_from(Link)) == before + 2
        assert len([e for e in uow.audit.list() if e.action == "accept" and e.user == "erik"]) == 7
        assert all(i.state == "accepted" for i in uow.surveys.proposals(rid)[0].items)


def test_edit_and_reject(dalby):
    rid, tokens = make_round(dalby, actors=[LIB])
    answer(dalby, tokens[LIB], {"today": [{"name": "nya föreningen", "kind": "dialogue"}], "wish": [SCOUT]})
    invite = view(dalby, tokens[LIB]).invite_id
    with dalby.uow(user="erik") as uow:
        uow.surveys.decide(rid, invite, "actor:nya föreningen", "accepted", {"name": "Nya Föreningen i Dalby", "type": "association"})
        uow.surveys.decide(rid, invite, "today:nya föreningen:dialogue", "accepted", {"kind": "joint_activity", "strength": 3})
        uow.surveys.decide(rid, invite, f"wish:{SCOUT.casefold()}", "rejected")
        with pytest.raises(ConflictError):
            uow.surveys.decide(rid, invite, "actor:nya föreningen", "rejected")
        with pytest.raises(NotFoundError):
            uow.surveys.decide(rid, invite, "wish:ingen", "accepted")
        uow.commit()
    with dalby.uow() as uow:
        new = uow.actors.by_name("Nya Föreningen i Dalby")
        assert new.type == "association"
        link = uow.links.find(ids(dalby, LIB)[0], new.id, "joint_activity")
        assert link.strength == 3 and uow.links.find(ids(dalby, LIB)[0], new.id, "dialogue") is None
        assert uow.links.find(*ids(dalby, LIB, SCOUT), "dialogue") is None
        states = {i.key: i.state for i in uow.surveys.proposals(rid)[0].items}
    assert states[f"wish:{SCOUT.casefold()}"] == "rejected"


def test_a_link_to_a_rejected_new_actor_cannot_be_accepted(dalby):
    rid, tokens = make_round(dalby, actors=[LIB])
    answer(dalby, tokens[LIB], {"today": [{"name": "Okänd grupp", "kind": "dialogue"}]})
    invite = view(dalby, tokens[LIB]).invite_id
    with dalby.uow(user="erik") as uow:
        uow.surveys.decide(rid, invite, "actor:okänd grupp", "rejected")
        with pytest.raises(ValidationError) as err:
            uow.surveys.decide(rid, invite, "today:okänd grupp:dialogue", "accepted")
        assert err.value.key == "survey.error.actor_rejected"
        assert uow.surveys.accept_all(rid, invite) == 0


def test_only_editors_review(db_url, monkeypatch):
    monkeypatch.setenv("WEAVING_AUTH", "builtin")
    s = Store(db_url)
    try:
        with s.uow(user="setup", role="admin") as uow:
            m = uow.maps.create("Dalby")
            uow.actors.add(m.id, name=LIB)
            uow.users.create("vera", "viewer-password-1", role="viewer")
            uow.commit()
        with s.uow(user="vera") as uow:
            with pytest.raises(PermissionDenied):
                uow.surveys.create_round(uow.maps.require("Dalby").id, until=FAR)
        with s.uow(user="setup", role="editor") as uow:
            rnd, _links = uow.surveys.create_round(uow.maps.require("Dalby").id, until=FAR)
            uow.commit()
        with s.uow(user="vera") as uow:
            with pytest.raises(PermissionDenied):
                uow.surveys.proposals(rnd.id)
            with pytest.raises(PermissionDenied):
                uow.surveys.revoke(rnd.id)
    finally:
        s.dispose()


# ----------------------------------------------------------------------------- rate, backup, erasure
def test_response_rate_and_snapshot_figures(dalby):
    rid, tokens = make_round(dalby, actors=[LIB, FG, SCOUT, IF])
    answer(dalby, tokens[LIB], {})
    answer(dalby, tokens[FG], {"wish": [IF]})
    with dalby.uow() as uow:
        uow.surveys.revoke(rid, ids(dalby, IF, FG))      # FG answered first: still counts
        uow.commit()
    with dalby.uow() as uow:
        st = uow.surveys.status(rid)
        assert (st.answered, st.invited, st.not_answered) == (2, 3, (SCOUT,))
        m = uow.maps.require("Dalby")
        assert uow.surveys.snapshot_figures(m.id)["survey"]["answered"] == 2
        assert uow.surveys.snapshot_figures(uow.maps.require("Veberöd").id) == {}
        states = {r.actor: r.state for r in uow.surveys.invites(rid)}
    assert states == {LIB: "answered", FG: "revoked", SCOUT: "waiting", IF: "revoked"}


def test_backup_keeps_survey_rounds_and_drops_the_contact_without_personal_data(dalby):
    from weaving.store.backup import backup

    _rid, tokens = make_round(dalby, actors=[LIB])
    answer(dalby, tokens[LIB], {"wish": [IF], "contact": {"name": "Kim Kontakt", "phone": "070-000 00 00"}})
    with dalby.uow() as uow:
        full = json.loads(backup(uow))
        bare = json.loads(backup(uow, include_personal=False))
    assert full["counts"]["survey_invites"] == 1 and full["tables"]["survey_answers"][0]["data"]["contact"]["name"] == "Kim Kontakt"
    assert bare["tables"]["survey_answers"][0]["data"]["contact"] == {}
    assert bare["tables"]["survey_answers"][0]["data"]["wish"][0]["name"] == IF
    assert tokens[LIB] not in json.dumps(full)


def test_erasing_a_contact_person_erases_them_from_answers(dalby):
    rid, tokens = make_round(dalby, actors=[LIB, FG])
    answer(dalby, tokens[LIB], {"contact": {"name": "Kim Kontakt", "email": "kim@example.org"}})
    answer(dalby, tokens[FG], {"contact": {"name": "Kim Kontakt"}})
    with dalby.uow() as uow:
        uow.surveys.accept_all(rid, view(dalby, tokens[LIB]).invite_id)    # now also a contact of the library
        uow.commit()
    with dalby.uow() as uow:
        report = uow.contacts.erase("kim kontakt")
        assert (report.contacts, report.survey_answers) == (1, 2)   # one contact person, two answers
        uow.commit()
    everything = _all_text(dalby)
    assert "Kim Kontakt" not in everything and "kim@example.org" not in everything
    assert hashlib.sha256("kim kontakt".encode()).hexdigest()[:16] not in everything   # nor the decision's key


def test_deleting_the_map_deletes_its_rounds(dalby):
    make_round(dalby, actors=[LIB])
    with dalby.uow() as uow:
        uow.maps.delete(uow.maps.require("Dalby").id)
        uow.commit()
    with dalby.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM survey_invites")).scalar_one() == 0
