"""Dismissed introductions and the outcomes the link model learns from (issue 13),
on a real SQLite file and a real PostgreSQL database."""
from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from weaving.core.errors import ValidationError
from weaving.store.engine import alembic_config, make_engine


@pytest.fixture
def area(store):
    with store.uow() as uow:
        m = uow.maps.create("Genarp")
        ids = [uow.actors.add(m.id, name=f"Aktör {k}").id for k in range(5)]
        uow.links.add(ids[0], ids[1])
        uow.commit()
        return m.id, ids


def test_dismiss_with_a_reason_and_the_outcomes(store, area):
    map_id, (a, b, c, d, e) = area
    with store.uow() as uow:
        i1 = uow.introductions.record(a, c, map_id=map_id, reason="Delar tema")
        uow.introductions.dismiss(i1.id, "not_relevant", on=dt.date(2025, 2, 1), expected_version=i1.version)
        uow.introductions.record(b, d, status="dismissed", dismiss_reason="already_in_contact")
        i3 = uow.introductions.record(c, e)
        uow.introductions.set_status(i3.id, "made")
        uow.introductions.record(d, e)                    # only suggested: no outcome yet
        uow.introductions.record(a, e, status="declined")
        uow.commit()
    with store.uow() as uow:
        got = uow.introductions.get(i1.id)
        assert (got.status, got.dismiss_reason, got.dismissed_on) == ("dismissed", "not_relevant", dt.date(2025, 2, 1))
        assert uow.introductions.outcomes() == sorted([(a, c, 0), (b, d, 1), (c, e, 1), (a, e, 0)])
        # the reason is cleared when the introduction moves on again
        uow.introductions.set_status(i1.id, "made")
        uow.commit()
        assert uow.introductions.get(i1.id).dismiss_reason == ""
        assert (a, c, 1) in uow.introductions.outcomes()


@pytest.mark.parametrize("reason", ["", "boring", None])
def test_a_dismissal_needs_a_known_reason(store, area, reason):
    _, (a, b, c, *_rest) = area
    with store.uow() as uow:
        intro = uow.introductions.record(a, c)
        with pytest.raises(ValidationError) as err:
            uow.introductions.dismiss(intro.id, reason)
        assert err.value.key == "error.dismiss_reason"


def test_the_database_checks_status_and_reason(store, area):
    _, (a, b, c, *_rest) = area
    with store.uow() as uow:
        ws = uow.introductions.record(a, c).workspace_id
        uow.commit()
    insert = ("INSERT INTO introductions (workspace_id, actor_a_id, actor_b_id, mode, reason, score, level, status,"
              " note, version, dismiss_reason) VALUES (:w, :a, :b, '', '', 0, 'suggest', :s, '', 1, :r)")
    with store.engine.begin() as conn:
        conn.execute(text(insert), {"w": ws, "a": a, "b": b, "s": "dismissed", "r": "did_not_work"})
    for status, reason in (("bogus", ""), ("dismissed", "bogus")):
        with pytest.raises(IntegrityError), store.engine.begin() as conn:
            conn.execute(text(insert), {"w": ws, "a": a, "b": b, "s": status, "r": reason})


def test_downgrade_keeps_dismissed_suggestions_as_declined(db_url):
    from weaving.store import Store

    s = Store(db_url)
    with s.uow() as uow:
        m = uow.maps.create("Veberöd")
        x, y = (uow.actors.add(m.id, name=n).id for n in ("X", "Y"))
        uow.introductions.record(x, y, status="dismissed", dismiss_reason="did_not_work", on=dt.date(2025, 1, 2))
        uow.commit()
    s.dispose()
    cfg = alembic_config(db_url)
    command.downgrade(cfg, "0003")
    engine = make_engine(db_url)   # the old schema, read directly (a Store would upgrade it)
    with engine.connect() as conn:
        status, day = conn.execute(text("SELECT status, declined_on FROM introductions")).one()
    engine.dispose()
    assert (status, str(day)[:10]) == ("declined", "2025-01-02")
    command.upgrade(cfg, "head")
