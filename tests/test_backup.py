"""Full backup and restore (weaving/store/backup.py) on a real SQLite file and a real
PostgreSQL database: byte-identical round trip, refusal of non-empty targets and of
damaged files (nothing written), personal data left out on request, and the CLI."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from tests import pgserver
from tests.conftest import _admin_url, fresh_database
from tests.survey_setup import answer as survey_answer
from tests.waits import WAIT_S
from weaving.core.errors import PermissionDenied, ValidationError, WeavingError
from weaving.store import Store
from weaving.store.backup import (
    TABLES,
    _canonical,
    _checksum,
    backup,
    check,
    is_empty,
    restore,
)
from weaving.store.demo import load_demo
from weaving.store.models import Base

WEAVING = [sys.executable, "-m", "weaving.cli"]


@pytest.fixture(autouse=True)
def _local_mode(monkeypatch):
    monkeypatch.delenv("WEAVING_AUTH", raising=False)


@pytest.fixture
def other_url(db_url, tmp_path):
    """A second fresh, empty database on the same backend as ``db_url``."""
    yield from fresh_database("sqlite" if db_url.startswith("sqlite") else "postgresql", tmp_path, "other")


@pytest.fixture
def other(other_url):
    s = Store(other_url)
    yield s
    s.dispose()


def fill(store: Store) -> None:
    """The demo plus what the demo lacks: introductions, a snapshot, accounts, odd text."""
    load_demo(store)
    with store.uow(user="anna") as uow:
        dalby = uow.maps.require("Dalby")
        ids = [a.id for a in uow.actors.list([dalby.id])]
        uow.introductions.record(ids[0], ids[5], map_id=dalby.id, reason="Delar målgrupp", score=0.123456789)
        intro = uow.introductions.record(ids[1], ids[6], map_id=dalby.id, reason="Bro", on=dt.date(2024, 3, 1))
        uow.introductions.set_status(intro.id, "confirmed", on=dt.date(2024, 4, 2))
        uow.introductions.record(ids[2], ids[7], map_id=dalby.id, reason="Tema", status="dismissed",
                                 dismiss_reason="already_in_contact", on=dt.date(2024, 5, 3))
        a = uow.actors.add(dalby.id, name="Förening ✓ «Ölänningar» \u05e9\u05dc\u05d5\u05dd 🕸️",
                           description="rad 1\nrad 2\t'=formel'", contacts=[{"name": "Testa Testsson", "email": "t@example.org"}])
        uow.links.add(a.id, ids[2], kind="funding", directed=True, strength=3, carried_by=["Testa Testsson"],
                      start_date="2023-01-01", purpose="Bidrag")
        uow.snapshots.take(dalby.id, "före", at=dt.datetime(2024, 1, 1, 12, 0, 0, 123456))
        uow.users.create("admin@example.org", "ett långt lösenord", role="admin", display_name="Admin Adminsson")
        uow.users.create("vera.tittare", None, role="viewer")
        uow.commit()
    # a survey round with an answer (its contact person included) and an accepted proposal
    with store.uow(user="anna") as uow:
        dalby = uow.maps.require("Dalby")
        a, b = uow.actors.list([dalby.id])[:2]
        rnd, links = uow.surveys.create_round(dalby.id, until="2099-12-31", actor_ids=[a.id, b.id], title="Enkät ✓")
        uow.commit()
    survey_answer(store, links[0].token, {"today": [{"actor_id": b.id, "kind": "iop", "strength": 2}],
                                          "contact": {"name": "Svar Svarsson", "email": "svar@example.org"}})
    with store.uow(user="anna") as uow:
        uow.surveys.accept_all(rnd.id, links[0].invite_id)
        uow.commit()


def all_counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {name: conn.execute(select(func.count()).select_from(Base.metadata.tables[name])).scalar()
                for name in TABLES}


def take(store: Store, **kw) -> bytes:
    with store.uow() as uow:
        return backup(uow, **kw)


def put(store: Store, data: bytes) -> dict[str, int]:
    with store.uow(user="cli", role="admin") as uow:
        counts = restore(uow, data)
        uow.commit()
        return counts


def wipe(store: Store) -> None:
    with store.engine.begin() as conn:
        for name in reversed(TABLES):
            conn.execute(delete(Base.metadata.tables[name]))


# --------------------------------------------------------------- round trip
def test_backup_restore_backup_is_byte_identical(store, other):
    fill(store)
    first = take(store)
    doc = json.loads(first)
    assert doc["format"] == "weaving-backup" and doc["version"] == 1 and doc["personal"] is True
    assert all(doc["counts"][t] > 0 for t in TABLES), doc["counts"]
    assert first.decode("utf-8").count("\n") > 1000 and "Ölänningar" in first.decode("utf-8")  # indent=1, UTF-8

    counts = put(other, first)
    assert counts == doc["counts"]
    assert take(other) == first
    assert all_counts(other) == all_counts(store)
    # the restored database keeps working: new rows get fresh ids (PostgreSQL sequences moved)
    with other.uow() as uow:
        m = uow.maps.require("Dalby")
        a = uow.actors.add(m.id, name="Ny efter återställning")
        b = uow.actors.list([m.id])[0]
        link = uow.links.add(a.id, b.id, kind="dialogue")
        snap = uow.snapshots.take(m.id, "efter")
        uow.commit()
    assert a.id > max(r["id"] for r in doc["tables"]["actors"])
    assert link.id > max(r["id"] for r in doc["tables"]["links"])
    assert snap.id > max(r["id"] for r in doc["tables"]["snapshots"])
    with other.uow(user="admin@example.org") as uow:
        assert uow.users.authenticate("admin@example.org", "ett långt lösenord") is not None


def test_backup_writes_nothing_and_is_deterministic(store):
    fill(store)
    before = all_counts(store)
    assert take(store) == take(store)
    assert all_counts(store) == before


def test_backup_of_an_empty_database_restores(store, other):
    data = take(store)
    assert json.loads(data)["counts"]["maps"] == 0
    put(other, data)
    assert take(other) == data


@pytest.mark.postgres
def test_sqlite_backup_restores_identically_into_postgresql(tmp_path):
    admin = _admin_url()
    if admin is None:
        pytest.skip("PostgreSQL server not available")
    src = Store(f"sqlite:///{tmp_path / 'src.db'}")
    url, name = pgserver.create_database(admin)
    dst = Store(url)
    try:
        fill(src)
        data = take(src)
        put(dst, data)
        assert take(dst) == data
    finally:
        src.dispose()
        dst.dispose()
        pgserver.drop_database(admin, name)


# ------------------------------------------------------------------ refusals
def test_restore_into_non_empty_database_is_refused_and_changes_nothing(store):
    fill(store)
    data = take(store)
    with pytest.raises(ValidationError) as err:
        put(store, data)
    assert err.value.key == "backup.error.not_empty"
    assert "tom databas" in err.value.message("sv") and "empty database" in err.value.message("en")
    assert take(store) == data


def test_setup_rows_of_a_new_installation_are_replaced(store, other):
    fill(store)
    data = take(store)
    with other.uow() as uow:  # a new server: an account was made, no network data yet
        uow.users.create("nyadmin", "ett annat långt lösenord", role="admin")
        uow.commit()
    with other.uow() as uow:
        assert is_empty(uow)
    put(other, data)
    assert take(other) == data


@pytest.mark.parametrize("data, key", [
    (b"", "backup.error.not_backup"),
    (b"\xff\xfe not utf-8", "backup.error.not_backup"),
    (b'{"nodes": [], "links": []}', "backup.error.not_backup"),
    (b"[1, 2, 3]", "backup.error.not_backup"),
    (b'{"format": "weaving-backup", "version": 2}', "backup.error.version"),
    (b'{"format": "weaving-backup", "version": 1}', "backup.error.corrupt"),
])
def test_files_that_are_not_backups_are_refused(store, data, key):
    with pytest.raises(ValidationError) as err:
        put(store, data)
    assert err.value.key == key
    assert err.value.message("sv") != err.value.message("en")
    assert set(all_counts(store).values()) == {0}


def _resigned(doc: dict) -> bytes:
    doc = dict(doc)
    doc["checksum"] = _checksum(doc)
    return _canonical(doc)


def test_edited_backup_is_refused_unless_resigned_and_then_checked(store, other):
    fill(store)
    doc = json.loads(take(store))
    doc["tables"]["actors"][0]["name"] = "Ändrad"
    with pytest.raises(ValidationError) as err:
        put(other, _canonical(doc))  # checksum no longer matches
    assert err.value.key == "backup.error.corrupt"
    # a crafted file with a valid checksum still meets the column checks and the constraints
    bad = json.loads(take(store))
    bad["tables"]["links"][0]["strength"] = 7
    with pytest.raises(ValidationError):
        put(other, _resigned(bad))
    bad = json.loads(take(store))
    bad["tables"]["map_actors"].append({"map_id": 999999, "actor_id": 1})
    bad["counts"]["map_actors"] += 1
    with pytest.raises(ValidationError):
        put(other, _resigned(bad))
    bad = json.loads(take(store))
    bad["schema"] = "9999"
    with pytest.raises(ValidationError) as err:
        put(other, _resigned(bad))
    assert err.value.key == "backup.error.schema"
    assert set(all_counts(other).values()) == {0}


@pytest.fixture
def small_backup(store) -> bytes:
    with store.uow() as uow:
        m = uow.maps.create("Liten")
        a = uow.actors.add(m.id, name="Ett", contacts=["Kim Kontakt"])
        b = uow.actors.add(m.id, name="Två")
        uow.links.add(a.id, b.id, kind="dialogue", carried_by=["Kim Kontakt"], start_date="2024-01-02")
        uow.introductions.record(a.id, b.id, map_id=m.id, score=0.5)
        uow.challenges.add(m.id, "Lokaler saknas", actor_ids=[a.id])
        uow.snapshots.take(m.id, "s")
        uow.commit()
    return take(store)


SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _attempt(other: Store, data: bytes, original: bytes) -> None:
    """A damaged file is refused with nothing written, or restores to exactly the original."""
    try:
        put(other, data)
    except WeavingError:
        assert set(all_counts(other).values()) == {0}
    else:
        assert take(other) == original
        wipe(other)


@SETTINGS
@given(cut=st.floats(0, 1, exclude_max=True), flip=st.integers(0, 255), mode=st.sampled_from(["cut", "flip", "drop"]))
def test_damaged_bytes_are_refused_and_nothing_written(small_backup, other, cut, flip, mode):
    pos = int(cut * len(small_backup))
    if mode == "cut":
        data = small_backup[:pos]
    elif mode == "flip":
        data = small_backup[:pos] + bytes([small_backup[pos] ^ (flip or 1)]) + small_backup[pos + 1:]
    else:
        data = small_backup[:pos] + small_backup[pos + 1:]
    _attempt(other, data, small_backup)


json_values = st.one_of(st.none(), st.booleans(), st.integers(-(2**40), 2**40), st.floats(allow_nan=False),
                        st.text(max_size=8), st.lists(st.integers(), max_size=2), st.just("2024-13-45"))


@SETTINGS
@given(data=st.data(), value=json_values, resign=st.booleans())
def test_mutated_values_are_refused_and_nothing_written(small_backup, other, data, value, resign):
    doc = json.loads(small_backup)
    table = data.draw(st.sampled_from([t for t in TABLES if doc["tables"][t]]))
    row = data.draw(st.sampled_from(doc["tables"][table]))
    column = data.draw(st.sampled_from(sorted(row)))
    if row[column] == value and type(row[column]) is type(value):
        return
    row[column] = value
    mutated = _resigned(doc) if resign else _canonical(doc)
    try:
        put(other, mutated)
    except WeavingError:
        assert set(all_counts(other).values()) == {0}
    else:
        assert resign, "a file changed after it was made must be refused"
        wipe(other)


# ------------------------------------------------------------ personal data
def test_backup_without_personal_data(store, other):
    fill(store)
    with store.uow() as uow:
        people = {c.name for a in uow.actors.list() for c in a.contacts}
        accounts = {u.username for u, _ in uow.users.list()} | {u.display_name for u, _ in uow.users.list()}
    assert len(people) > 20 and "Testa Testsson" in people
    data = take(store, include_personal=False)
    text = data.decode("utf-8")
    assert [p for p in people if json.dumps(p, ensure_ascii=False)[1:-1] in text] == []
    assert [a for a in accounts if a in text] == []
    assert "argon2" not in text and "example.org" not in text
    doc = json.loads(data)
    assert doc["personal"] is False
    assert doc["counts"]["contact_persons"] == doc["counts"]["users"] == 0
    snap = doc["tables"]["snapshots"][0]["graph"]
    assert all(not n.get("contacts") for n in snap["nodes"])
    assert all(c.startswith("contact:") for link in snap["links"] for c in link.get("carried_by", []))
    with other.uow() as uow:
        assert check(uow, data)["personal"] is False
    put(other, data)
    assert take(other, include_personal=False) == data
    with other.uow() as uow:
        assert uow.actors.list() and all(not a.contacts for a in uow.actors.list())
    full = take(store)
    assert "Testa Testsson" in full.decode("utf-8") and "argon2" in full.decode("utf-8")


# --------------------------------------------------------------- permissions
def test_only_admins_back_up_and_restore(store, other, monkeypatch):
    fill(store)
    data = take(store)
    monkeypatch.setenv("WEAVING_AUTH", "builtin")
    with store.uow(user="vera.tittare") as uow:
        with pytest.raises(PermissionDenied):
            backup(uow)
    with store.uow(user="admin@example.org") as uow:
        assert backup(uow) == data
    with other.uow(user="vera.tittare") as uow:
        with pytest.raises(PermissionDenied):
            restore(uow, data)
    assert set(all_counts(other).values()) == {0}


def test_an_admin_of_one_workspace_cannot_back_up_another(store):
    fill(store)
    with store.uow(workspace="Annan kommun") as uow:
        uow.maps.create("Hemlig")
        uow.commit()
    os.environ["WEAVING_AUTH"] = "builtin"
    try:
        with store.uow(user="admin@example.org") as uow:
            with pytest.raises(PermissionDenied):
                backup(uow)
    finally:
        del os.environ["WEAVING_AUTH"]


# ---------------------------------------------------------------------- CLI
def cli(args, db, *, lang="en"):
    env = {**os.environ, "WEAVING_DATABASE_URL": db, "WEAVING_LANG": lang}
    env.pop("WEAVING_AUTH", None)
    return subprocess.run([*WEAVING, *args], capture_output=True, text=True, env=env, timeout=4 * WAIT_S)


def _without_backup_audit(path) -> dict:
    doc = json.loads(path.read_bytes())
    events = doc["tables"]["audit_events"]
    doc["tables"]["audit_events"] = [e for e in events if e["action"] != "export_personal"]
    doc["counts"]["audit_events"] = len(doc["tables"]["audit_events"])
    doc.pop("checksum")
    return doc


def test_cli_backup_and_restore_round_trip(db_url, other_url, tmp_path):
    assert cli(["demo"], db_url).returncode == 0
    first, second = tmp_path / "b1.json", tmp_path / "b2.json"
    out = cli(["backup", "--out", str(first)], db_url)
    assert out.returncode == 0, out.stderr
    assert "Backup written" in out.stdout and "4 maps" in out.stdout
    out = cli(["restore", str(first)], other_url, lang="sv")
    assert out.returncode == 0, out.stderr
    assert "återställd" in out.stdout and "4 kartor" in out.stdout
    assert cli(["backup", "--out", str(second)], other_url).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    # a second restore meets a non-empty database: refused, exit code 2, nothing changed
    # (but the audit log: a backup with personal data is an audited export)
    out = cli(["restore", str(first)], other_url)
    assert out.returncode == 2 and "empty database" in out.stderr
    assert cli(["backup", "--out", str(second)], other_url).returncode == 0
    assert _without_backup_audit(second) == _without_backup_audit(first)
    (event,) = [e for e in json.loads(second.read_bytes())["tables"]["audit_events"] if e["action"] == "export_personal"]
    assert (event["user"], event["detail"]) == ("cli-admin", {"maps": "all", "format": "backup"})
    # no personal data
    out = cli(["backup", "--out", str(tmp_path / "np.json"), "--no-personal"], db_url, lang="sv")
    assert out.returncode == 0 and "Kontaktpersoner" in out.stdout
    assert json.loads((tmp_path / "np.json").read_bytes())["counts"]["contact_persons"] == 0
    # not a file, not a backup
    assert cli(["restore", str(tmp_path / "missing.json")], other_url).returncode == 2
    (tmp_path / "x.json").write_text('{"nodes": []}', encoding="utf-8")
    out = cli(["restore", str(tmp_path / "x.json")], other_url)
    assert out.returncode == 2 and "not a weaving backup" in out.stderr
