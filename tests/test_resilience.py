"""Concurrent editors and crash safety, on real SQLite and PostgreSQL databases."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import networkx as nx
import pytest
from sqlalchemy import text

from weaving.core.errors import ConflictError
from weaving.store import Store


def test_two_sessions_editing_the_same_actor_second_gets_conflict(store):
    with store.uow() as uow:
        m = uow.maps.create("Dalby")
        a = uow.actors.add(m.id, name="Dalby bibliotek")
        uow.commit()
    # both editors open the actor (they see version 1)
    with store.uow(user="anna") as u1, store.uow(user="bo") as u2:
        v1 = u1.actors.get(a.id).version
        v2 = u2.actors.get(a.id).version
        u1.actors.update(a.id, expected_version=v1, description="Annas text")
        u1.commit()
        with pytest.raises(ConflictError) as err:
            u2.actors.update(a.id, expected_version=v2, description="Bos text")
        assert "Someone else changed" in err.value.message("en")
    with store.uow() as uow:
        assert uow.actors.get(a.id).description == "Annas text"
        who = [(e.user, e.action) for e in uow.audit.list() if e.entity == "actor" and e.entity_id == a.id]
        assert ("anna", "update") in who and ("bo", "update") not in who


def _sqlite_write_locked(path: str) -> bool:
    """True while another connection holds SQLite's write lock, i.e. the import's
    transaction has started writing and has not committed."""
    import sqlite3

    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc) or "busy" in str(exc)
    finally:
        conn.close()


def _big_graphml(path, n=20000):  # big enough that the bulk import is still writing after 0.3 s
    G = nx.Graph()
    for i in range(n):
        G.add_node(str(i), label=f"Förening {i:05d}", type="association", themes="kultur|språk")
    for i in range(1, n):
        G.add_edge(str(i), str(i // 2), kind="dialogue", strength=1 + i % 3)
    nx.write_graphml(G, path)


@pytest.mark.slow
def test_kill_9_during_a_large_import_leaves_nothing_half_imported(db_url, tmp_path):
    Store(db_url).dispose()  # schema in place, so the child only imports
    path = tmp_path / "big.graphml"
    _big_graphml(path)
    env = {**os.environ, "WEAVING_DATABASE_URL": db_url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "weaving.cli", "import", str(path), "--map", "Stor import"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    store = Store(db_url)
    # wait until the import is writing (actors visible to its own transaction only)
    deadline = time.time() + 120
    started = False
    while time.time() < deadline and proc.poll() is None:
        with store.engine.connect() as c:
            if store.backend == "postgresql":
                started = c.execute(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL "
                    "AND query ILIKE '%actors%'")).scalar_one() > 0
            else:
                started = _sqlite_write_locked(db_url.removeprefix("sqlite:///"))
        if started:
            break
        time.sleep(0.05)
    if proc.poll() is not None:
        out, err = proc.communicate()
        pytest.fail(f"the import ended before it could be killed (rc={proc.returncode}): {err.decode()[-2000:]}")
    assert started
    time.sleep(0.3)
    assert proc.poll() is None, "the import finished before it could be killed: make the file bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    store.dispose()
    store = Store(db_url)
    with store.uow() as uow:
        assert uow.maps.by_name("Stor import") is None
        assert uow.actors.list() == [] and uow.links.list() == []
    with store.engine.connect() as c:
        if store.backend == "sqlite":
            assert c.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
            assert c.execute(text("PRAGMA foreign_key_check")).fetchall() == []
    # and the database still works
    with store.uow() as uow:
        uow.maps.create("Efteråt")
        uow.commit()
    store.dispose()


def run_load(url: str, *, sessions: int = 20, seconds: float = 60.0, actors: int = 10) -> dict:
    """``sessions`` threads, each a simulated user doing reads and edits through its own
    units of work (as the app does per action) for ``seconds``. Every edit is an
    optimistic read-modify-write that retries on conflict; returns counts and latencies."""
    store = Store(url)
    with store.uow() as uow:
        m = uow.maps.create("Last")
        ids = [uow.actors.add(m.id, name=f"Aktör {i}", description="0").id for i in range(actors)]
        uow.commit()
    stop_at = time.monotonic() + seconds
    lock = threading.Lock()
    stats = {"reads": 0, "edits": 0, "conflicts": 0, "errors": [], "latencies": []}
    done_per_actor = dict.fromkeys(ids, 0)

    def user(k: int) -> None:
        i = k
        while time.monotonic() < stop_at:
            i += 1
            t0 = time.perf_counter()
            try:
                if i % 3:
                    with store.uow(user=f"u{k}") as uow:
                        uow.actors.list(m.id)
                        uow.links.list(m.id)
                    with lock:
                        stats["reads"] += 1
                else:
                    aid = ids[i % len(ids)]
                    while True:
                        with store.uow(user=f"u{k}") as uow:
                            a = uow.actors.get(aid)
                            value = int(a.description)
                            try:
                                uow.actors.update(aid, expected_version=a.version, description=str(value + 1))
                                uow.commit()
                                break
                            except ConflictError:
                                with lock:
                                    stats["conflicts"] += 1
                    with lock:
                        stats["edits"] += 1
                        done_per_actor[aid] += 1
            except Exception as exc:  # noqa: BLE001 - every error is counted and fails the test
                with lock:
                    stats["errors"].append(repr(exc))
            with lock:
                stats["latencies"].append(time.perf_counter() - t0)

    threads = [threading.Thread(target=user, args=(k,)) for k in range(sessions)]
    t_start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    elapsed = time.perf_counter() - t_start
    with store.uow() as uow:
        final = {a.id: int(a.description) for a in uow.actors.list(m.id)}
    store.dispose()
    lat = sorted(stats["latencies"])
    pct = {p: lat[min(len(lat) - 1, int(p / 100 * len(lat)))] * 1000 for p in (50, 95, 99)} if lat else {}
    return {
        **stats,
        "lost_updates": sum(done_per_actor[a] - final[a] for a in ids),
        "throughput": (stats["reads"] + stats["edits"]) / elapsed,
        "p50_ms": pct.get(50), "p95_ms": pct.get(95), "p99_ms": pct.get(99),
    }


@pytest.mark.slow
@pytest.mark.postgres
def test_load_20_sessions_on_postgresql_no_lost_updates(db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("the load test targets the shared deployment database (PostgreSQL)")
    seconds = float(os.environ.get("WEAVING_LOAD_SECONDS", "60"))
    r = run_load(db_url, sessions=20, seconds=seconds)
    print(f"\nload: {r['reads']} reads, {r['edits']} edits, {r['conflicts']} conflicts retried, "
          f"{r['throughput']:.0f} actions/s, p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms")
    assert r["errors"] == []
    assert r["lost_updates"] == 0
    assert r["edits"] > 100 and r["reads"] > 200
