"""Store tests on a real SQLite file and a real PostgreSQL database."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text

from weaving.core.errors import ConflictError, NotFoundError, ValidationError
from weaving.store import Store
from weaving.store.models import ContactPerson, Link, map_actors


def _counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as c:
        return {
            t: c.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in ("maps", "actors", "links", "contact_persons", "map_actors", "link_carriers", "challenges")
        }


@pytest.fixture
def dalby(store):
    with store.uow() as uow:
        m = uow.maps.create("Dalby")
        lib = uow.actors.add(m.id, name="Dalby bibliotek", type="library", sector="offentlig",
                             themes=["läsning", "språk"], contacts=[{"name": "Anna Exempelsson", "role": "bibliotekarie"}])
        yc = uow.actors.add(m.id, name="Fritidsgården Dalby", type="youth_centre", themes="unga|idrott")
        uow.links.add(lib.id, yc.id, kind="joint_activity", strength=2, carried_by=["Anna Exempelsson"])
        uow.commit()
        return {"map": m.id, "lib": lib.id, "yc": yc.id}


def test_crud_roundtrip(store, dalby):
    with store.uow() as uow:
        actors = uow.actors.list(dalby["map"])
        assert [a.name for a in actors] == ["Dalby bibliotek", "Fritidsgården Dalby"]
        lib = uow.actors.get(dalby["lib"])
        assert lib.themes == ["läsning", "språk"]
        assert [c.name for c in lib.contacts] == ["Anna Exempelsson"]
        yc = uow.actors.get(dalby["yc"])
        assert yc.themes == ["unga", "idrott"]
        (link,) = uow.links.list(dalby["map"])
        assert (link.kind, link.strength, link.status) == ("joint_activity", 2, "existing")
        assert [c.name for c in link.carried_by] == ["Anna Exempelsson"]

        uow.actors.update(lib.id, expected_version=lib.version, description="Öppet alla dagar")
        uow.links.update(link.id, status="ended", end_date="2024-05-01")
        uow.commit()
    with store.uow() as uow:
        assert uow.actors.get(dalby["lib"]).description == "Öppet alla dagar"
        assert uow.actors.get(dalby["lib"]).version == 2
        (link,) = uow.links.list(dalby["map"])
        assert link.status == "ended" and link.end_date == dt.date(2024, 5, 1)
        uow.links.delete(link.id)
        uow.commit()
    assert _counts(store)["links"] == 0


def test_nothing_written_without_commit(store):
    with store.uow() as uow:
        uow.maps.create("Genarp")
    assert _counts(store)["maps"] == 0


@pytest.mark.parametrize(
    "bad, key",
    [
        ({"name": ""}, "error.name_empty"),
        ({"name": "   \n "}, "error.name_empty"),
        ({"name": "x" * 501}, "error.name_too_long"),
        ({"name": "A", "type": "spaceship"}, "error.bad_value"),
        ({"name": "A", "sector": "mars"}, "error.bad_value"),
    ],
)
def test_bad_actor_changes_nothing(store, dalby, bad, key):
    before = _counts(store)
    with store.uow() as uow:
        with pytest.raises(ValidationError) as err:
            uow.actors.add(dalby["map"], **bad)
        uow.commit()
    assert err.value.key == key
    assert err.value.message("sv") and err.value.message("en") != err.value.message("sv")
    assert _counts(store) == before


def test_duplicate_actor_name_refused(store, dalby):
    with store.uow() as uow:
        with pytest.raises(ConflictError) as err:
            uow.actors.add(dalby["map"], name="dalby BIBLIOTEK")
    assert err.value.key == "error.duplicate_actor"


def test_self_link_duplicate_link_and_missing_actor_refused(store, dalby):
    before = _counts(store)
    with store.uow() as uow:
        with pytest.raises(ValidationError) as e1:
            uow.links.add(dalby["lib"], dalby["lib"], kind="dialogue")
        with pytest.raises(ConflictError) as e2:
            uow.links.add(dalby["yc"], dalby["lib"], kind="joint_activity")  # same pair, other order
        with pytest.raises(NotFoundError) as e3:
            uow.links.add(dalby["lib"], 99999, kind="dialogue")
        with pytest.raises(ValidationError) as e4:
            uow.links.add(dalby["lib"], dalby["yc"], kind="dialogue", strength=5)
        with pytest.raises(ValidationError) as e5:
            uow.links.add(dalby["lib"], dalby["yc"], kind="dialogue", start_date="2024-13-45")
        with pytest.raises(ValidationError) as e6:
            uow.links.add(dalby["lib"], dalby["yc"], kind="dialogue", start_date="2024-05-01", end_date="2023-01-01")
        uow.commit()
    assert [e.value.key for e in (e1, e2, e3, e4, e5, e6)] == [
        "error.self_link", "error.duplicate_link", "error.actor_not_found",
        "error.bad_strength", "error.bad_date", "error.dates_order",
    ]
    assert _counts(store) == before
    # another kind between the same pair is allowed
    with store.uow() as uow:
        uow.links.add(dalby["lib"], dalby["yc"], kind="shared_premises")
        uow.commit()
    assert _counts(store)["links"] == before["links"] + 1


def test_database_constraints_hold_even_without_the_store_checks(store, dalby):
    """The schema itself refuses self-links and duplicate pair+kind."""
    from sqlalchemy.exc import IntegrityError

    with store.engine.connect() as c:
        ws = c.execute(text("SELECT workspace_id FROM actors LIMIT 1")).scalar_one()
        for a, b, lo, hi in [(dalby["lib"], dalby["lib"], dalby["lib"], dalby["lib"]),
                             (dalby["lib"], dalby["yc"], *sorted((dalby["lib"], dalby["yc"])))]:
            with pytest.raises(IntegrityError):
                with c.begin_nested() if c.in_transaction() else c.begin():
                    c.execute(
                        Link.__table__.insert().values(
                            workspace_id=ws, source_id=a, target_id=b, pair_lo=lo, pair_hi=hi, kind="joint_activity",
                            strength=1, directed=False, status="existing", purpose="", place="", version=1,
                            created_at=dt.datetime(2024, 1, 1), updated_at=dt.datetime(2024, 1, 1),
                        )
                    )


def test_cascade_delete_actor_removes_links_contacts_memberships(store, dalby):
    with store.uow() as uow:
        uow.challenges.add(dalby["map"], "Unga hittar inte till föreningarna", actor_ids=[dalby["lib"]])
        uow.commit()
    with store.uow() as uow:
        uow.actors.delete(dalby["lib"])
        uow.commit()
    c = _counts(store)
    assert (c["actors"], c["links"], c["contact_persons"], c["link_carriers"], c["map_actors"]) == (1, 0, 0, 0, 1)
    assert c["challenges"] == 1  # the challenge stays, without the deleted actor
    with store.uow() as uow:
        (ch,) = uow.challenges.list(dalby["map"])
        assert ch.actors == []


def test_delete_map_keeps_actors_shared_with_other_maps(store, dalby):
    with store.uow() as uow:
        veb = uow.maps.create("Veberöd")
        uow.actors.add_to_map(dalby["lib"], veb.id)
        uow.commit()
    with store.uow() as uow:
        uow.maps.delete(dalby["map"])
        uow.commit()
    with store.uow() as uow:
        assert [a.name for a in uow.actors.list()] == ["Dalby bibliotek"]
        assert uow.links.list() == []


def test_optimistic_lock_conflict(store, dalby):
    with store.uow() as uow:
        seen_version = uow.actors.get(dalby["lib"]).version
    # someone else saves first
    with store.uow(user="other") as uow:
        uow.actors.update(dalby["lib"], expected_version=seen_version, description="ändrad av kollega")
        uow.commit()
    with store.uow() as uow:
        with pytest.raises(ConflictError) as err:
            uow.actors.update(dalby["lib"], expected_version=seen_version, description="min ändring")
    assert err.value.key == "error.conflict"
    assert "Dalby bibliotek" in err.value.message("sv")
    with store.uow() as uow:
        assert uow.actors.get(dalby["lib"]).description == "ändrad av kollega"


def test_optimistic_lock_between_two_open_sessions(store, dalby):
    """Two units of work load the same link; the second flush loses, nothing silently overwritten."""
    a, b = store.uow(user="a"), store.uow(user="b")
    with a, b:
        la = a.links.list(dalby["map"])[0]
        lb = b.links.list(dalby["map"])[0]
        la.purpose = "A"
        a.commit()
        lb.purpose = "B"
        with pytest.raises(ConflictError):
            b.commit()
    with store.uow() as uow:
        assert uow.links.list(dalby["map"])[0].purpose == "A"


def test_unicode_roundtrips_exactly(store):
    names = ["Ödets Öde åäö", "Kör 🎵 & kaffe <b>", "مكتبة المدينة", "עמותת שלום", "Zażółć gęślą"]
    with store.uow() as uow:
        m = uow.maps.create("Södra Sandby ☀")
        ids = [uow.actors.add(m.id, name=n, description=n * 2).id for n in names]
        uow.commit()
    with store.uow() as uow:
        got = {uow.actors.get(i).name for i in ids}
        assert got == set(names)
        assert uow.maps.require("södra sandby ☀").name == "Södra Sandby ☀"


def test_nul_and_control_characters_are_stripped(store):
    with store.uow() as uow:
        m = uow.maps.create("X")
        a = uow.actors.add(m.id, name="Före\x00ning\x07", description="rad1\nrad2\x1b")
        uow.commit()
        assert (a.name, a.description) == ("Förening", "rad1\nrad2")


def test_introduction_flow_confirm_creates_link_and_declined_pairs(store, dalby):
    with store.uow() as uow:
        c = uow.actors.add(dalby["map"], name="Dalby IF", type="sports_club")
        intro = uow.introductions.record(dalby["yc"], c.id, map_id=dalby["map"], mode="close_triangle", reason="x")
        uow.introductions.set_status(intro.id, "made", level="email")
        uow.introductions.set_status(intro.id, "confirmed", on=dt.date(2025, 3, 1))
        d = uow.actors.add(dalby["map"], name="Kyrkan", type="church")
        no = uow.introductions.record(dalby["lib"], d.id, status="declined")
        uow.commit()
        links = uow.links.between(dalby["yc"], c.id)
        assert [(l.status, l.start_date) for l in links] == [("introduced", dt.date(2025, 3, 1))]
        assert uow.introductions.get(intro.id).link_id == links[0].id
        assert uow.introductions.pairs(["declined"]) == {frozenset((dalby["lib"], d.id))}
        assert uow.introductions.get(no.id).declined_on is not None


def test_erase_contact_everywhere_including_snapshots(store, dalby):
    with store.uow() as uow:
        snap = uow.snapshots.take(dalby["map"], "före")
        uow.commit()
        assert "Anna Exempelsson" in str(snap.graph)
    with store.uow() as uow:
        report = uow.contacts.erase("anna exempelsson")
        uow.commit()
    assert (report.contacts, report.snapshots) == (1, 1)  # one contact row, one snapshot
    with store.uow() as uow:
        assert "Anna Exempelsson" not in str(uow.snapshots.get(snap.id).graph)
        assert uow.session.scalar(select(func.count(ContactPerson.id))) == 0
        (event,) = [e for e in uow.audit.list() if e.action == "erase"]
        assert "Anna" not in str(event.detail)


def test_audit_records_who_did_what(store, dalby):
    with store.uow(user="kim") as uow:
        uow.actors.update(dalby["yc"], name="Fritidsgården i Dalby")
        uow.commit()
    with store.uow() as uow:
        ev = uow.audit.list()[0]
        assert (ev.user, ev.action, ev.entity, ev.entity_id) == ("kim", "update", "actor", dalby["yc"])


def test_sqlite_pragmas(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'p.db'}")
    with s.engine.connect() as c:
        assert c.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert c.execute(text("PRAGMA journal_mode")).scalar_one().lower() == "wal"
        assert c.execute(text("PRAGMA busy_timeout")).scalar_one() >= 5000
    s.dispose()


def test_map_membership_table_has_no_orphans_after_actor_delete(store, dalby):
    with store.uow() as uow:
        uow.actors.delete(dalby["yc"])
        uow.commit()
    with store.engine.connect() as c:
        rows = c.execute(select(map_actors.c.actor_id)).scalars().all()
    assert rows == [dalby["lib"]]


def test_names_longer_than_their_column_are_refused_cleanly(store):
    with store.uow() as uow:
        with pytest.raises(ValidationError) as e1:
            uow.maps.create("K" * 201)
        m = uow.maps.create("K" * 200)
        with pytest.raises(ValidationError) as e2:
            uow.actors.add(m.id, name="Förening", contacts=["P" * 301])
        uow.actors.add(m.id, name="A" * 500, contacts=["P" * 300])
        uow.commit()
    assert e1.value.key == e2.value.key == "error.name_too_long"
    assert "200" in e1.value.message("sv") and "300" in e2.value.message("en")


def test_case_insensitive_names_fold_non_ascii_letters(store):
    with store.uow() as uow:
        m = uow.maps.create("Östra Torn")
        uow.actors.add(m.id, name="ÅSA FÖRENING")
        uow.commit()
        assert uow.maps.require("östra torn").name == "Östra Torn"
        with pytest.raises(ConflictError):
            uow.actors.add(m.id, name="åsa förening")
