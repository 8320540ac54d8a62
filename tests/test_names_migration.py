"""Migration 0007 on SQLite and PostgreSQL: a database at 0006 holding look-alike names
(written directly, as older versions stored them) is upgraded; look-alikes that agree
become one actor with every reference moved and no repeats; look-alikes that disagree
are kept, still distinct, and listed by ``lookalike_conflicts`` and ``weaving names``."""
from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy import MetaData, select

from weaving.store import Store
from weaving.store.engine import alembic_config, make_engine
from weaving.store.lookalikes import lookalike_conflicts

NOW = dt.datetime(2026, 1, 2, 3, 4, 5)


def _actor(i, name, type_="association", **kw):
    return {"id": i, "workspace_id": 1, "name": name, "type": type_, "sector": "", "area": "", "themes": [],
            "target_groups": [], "resources": [], "description": "", "is_weaver": False, "created_at": NOW,
            "updated_at": NOW, "version": 1, **kw}


def _link(i, a, b, kind, source=None):
    return {"id": i, "workspace_id": 1, "source_id": source or a, "target_id": b if (source or a) == a else a,
            "pair_lo": min(a, b), "pair_hi": max(a, b), "kind": kind, "strength": 1, "directed": False,
            "status": "existing", "purpose": "", "place": "", "created_at": NOW, "updated_at": NOW, "version": 1}


def _intro(i, a, b, link_id=None):
    return {"id": i, "workspace_id": 1, "map_id": 1, "actor_a_id": a, "actor_b_id": b, "mode": "", "reason": "",
            "score": 0.5, "level": "suggest", "status": "suggested", "link_id": link_id, "dismiss_reason": "",
            "note": "", "version": 1}


ROWS = {
    "workspaces": [{"id": 1, "name": "Standard", "created_at": NOW}],
    "maps": [{"id": i, "workspace_id": 1, "name": n, "area": a, "description": "", "created_at": NOW, "revision": 3}
             for i, n, a in ((1, "Dalby", "Dalby\u00a0"), (2, "Veberöd", "Veberöd"), (3, "Östra\u00a0Dalby", ""),
                             (4, "O\u0308stra Dalby", ""))],
    "actors": [
        _actor(1, "Café Ö", "business", sector="privat", area="Dalby", themes=["Kultur"]),
        _actor(2, "Café\u00a0Ö", "business", area="Dalby", themes=["kultur\u00a0", "Mat"], description="Fika"),
        _actor(3, "Cafe\u0301 Ö", "business", sector="privat", is_weaver=True, resources=["Lokal"]),
        _actor(4, "Café \u200bÖ", "person"),                              # another type: not merged
        _actor(5, "Skolan", "school"),
        _actor(6, "Biblioteket", "library", area="Dalby"),
        _actor(7, "Biblioteket\u200e", "library", area="Veberöd"),       # another area: not merged
        _actor(8, "Fritids\u00adgården", "youth_centre", target_groups=["Unga", "unga\u200b"]),
        _actor(9, "Kiosken", "business"),
        _actor(10, "Kiosken\u00a0", "business"),                          # both invited in one round: not merged
    ],
    "map_actors": [{"map_id": m, "actor_id": a, "x": x, "y": y} for m, a, x, y in (
        (1, 1, 10.0, 20.0), (1, 2, None, None), (2, 2, 5.0, 6.0), (1, 3, None, None), (1, 4, None, None),
        (1, 5, None, None), (2, 5, None, None), (1, 6, None, None), (2, 7, None, None), (1, 8, None, None),
        (1, 9, None, None), (1, 10, None, None))],
    "contact_persons": [{"id": 1, "actor_id": 1, "name": "Anna Berg", "role": "", "email": "anna@example.org", "phone": ""},
                        {"id": 2, "actor_id": 2, "name": "Anna\u00a0Berg", "role": "Rektor", "email": "", "phone": ""},
                        {"id": 3, "actor_id": 3, "name": "anna  berg", "role": "", "email": "other@example.org",
                         "phone": ""}],
    "links": [_link(1, 1, 5, "dialogue"), _link(2, 2, 5, "dialogue"), _link(3, 3, 5, "joint_activity", source=5),
              _link(4, 1, 2, "dialogue"), _link(5, 3, 6, "information"), _link(6, 4, 5, "dialogue")],
    "link_carriers": [{"link_id": 1, "contact_id": 1}, {"link_id": 2, "contact_id": 2}],
    "challenges": [{"id": 1, "map_id": 1, "text": "Unga  saknar\u00a0mötesplatser", "solution": "",
                    "themes": ["Fritid", "fritid\u00a0"], "created_at": NOW}],
    "challenge_actors": [{"challenge_id": 1, "actor_id": a} for a in (1, 2, 3)],
    "introductions": [_intro(1, 2, 5, link_id=2), _intro(2, 1, 3)],
    "survey_rounds": [{"id": 1, "workspace_id": 1, "map_id": 1, "title": "", "closes_on": dt.date(2099, 1, 1),
                       "created_at": NOW, "created_by": "anna"}],
    "survey_invites": [{"id": i, "round_id": 1, "actor_id": a, "token_hash": f"{i:064d}", "expires_on": dt.date(2099, 1, 1),
                        "issued_at": NOW, "saves": 0, "window_saves": 0} for i, a in ((1, 2), (2, 9), (3, 10))],
    "survey_answers": [{"id": 1, "invite_id": 1, "lang": "sv", "created_at": NOW, "updated_at": NOW, "data": {
        "today": [{"actor_id": 3, "name": "Cafe\u0301 Ö", "kind": "dialogue", "strength": 1, "ended": False},
                  {"actor_id": 5, "name": "Skolan", "kind": "dialogue", "strength": 1, "ended": False}],
        "wish": [{"actor_id": 6, "name": "Biblioteket", "note": ""}],
        "challenges": [{"text": "Unga", "with": [{"actor_id": 1, "name": "Café Ö"}, {"actor_id": 5, "name": "Skolan"}]}],
        "contact": {}}}],
    "survey_decisions": [{"id": 1, "invite_id": 1, "item_key": "today:skolan:dialogue", "decision": "accepted",
                          "decided_by": "erik", "decided_at": NOW, "link_id": 3, "detail": {"type": "new_link"}},
                         {"id": 2, "invite_id": 1, "item_key": "actor:x", "decision": "accepted",
                          "decided_by": "erik", "decided_at": NOW, "link_id": None,
                          "detail": {"type": "new_actor", "actor_id": 3}}],
}


def _at_0006_with_lookalikes(db_url) -> None:
    cfg = alembic_config(db_url)
    command.upgrade(cfg, "0006")
    engine = make_engine(db_url)
    meta = MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        for table, rows in ROWS.items():
            conn.execute(meta.tables[table].insert(), rows)
    engine.dispose()


def _read(db_url) -> dict[str, list[dict]]:
    engine = make_engine(db_url)
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        out = {name: [dict(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns)).mappings()]
               for name, t in meta.tables.items()}
    engine.dispose()
    return out


def test_lookalikes_that_agree_are_merged_and_the_others_kept(db_url):
    _at_0006_with_lookalikes(db_url)
    command.upgrade(alembic_config(db_url), "head")
    db = _read(db_url)
    actors = {r["id"]: r for r in db["actors"]}
    assert {i: a["name"] for i, a in actors.items()} == {
        1: "Café Ö", 4: "Café \u200bÖ", 5: "Skolan", 6: "Biblioteket", 7: "Biblioteket\u200e", 8: "Fritidsgården",
        9: "Kiosken", 10: "Kiosken\u00a0"}
    one = actors[1]
    assert (one["sector"], one["area"], one["description"], bool(one["is_weaver"])) == ("privat", "Dalby", "Fika", True)
    assert (one["themes"], one["resources"], one["version"]) == (["Kultur", "Mat"], ["Lokal"], 2)
    assert actors[8]["target_groups"] == ["Unga"]
    # memberships: one row per map, the position kept (map 1) or taken over (map 2)
    assert sorted((r["map_id"], r["x"], r["y"]) for r in db["map_actors"] if r["actor_id"] == 1) == [
        (1, 10.0, 20.0), (2, 5.0, 6.0)]
    assert {r["actor_id"] for r in db["map_actors"]} == set(actors)
    # links: the repeat folded into the first, the look-alike-to-look-alike link gone, the rest moved
    links = {r["id"]: (r["source_id"], r["target_id"], r["pair_lo"], r["pair_hi"], r["kind"]) for r in db["links"]}
    assert links == {1: (1, 5, 1, 5, "dialogue"), 3: (5, 1, 1, 5, "joint_activity"), 5: (1, 6, 1, 6, "information"),
                     6: (4, 5, 4, 5, "dialogue")}
    assert len({(lo, hi, k) for _s, _t, lo, hi, k in links.values()}) == len(links)
    # contact persons: the two that agree are one (carrying link 1 once), the one with another e-mail stays
    people = {r["id"]: (r["actor_id"], r["name"], r["role"], r["email"]) for r in db["contact_persons"]}
    assert people == {1: (1, "Anna Berg", "Rektor", "anna@example.org"), 3: (1, "anna berg", "", "other@example.org")}
    assert sorted((r["link_id"], r["contact_id"]) for r in db["link_carriers"]) == [(1, 1)]
    assert [(r["challenge_id"], r["actor_id"]) for r in db["challenge_actors"]] == [(1, 1)]
    assert db["challenges"][0]["themes"] == ["Fritid"]
    assert db["challenges"][0]["text"] == "Unga  saknar\u00a0mötesplatser"          # free text as written
    assert [(r["id"], r["actor_a_id"], r["actor_b_id"], r["link_id"]) for r in db["introductions"]] == [(1, 1, 5, 1)]
    # survey: the invite follows, the answer's own actor is dropped, the decision's actor id follows
    assert sorted((r["id"], r["actor_id"]) for r in db["survey_invites"]) == [(1, 1), (2, 9), (3, 10)]
    data = db["survey_answers"][0]["data"]
    assert [e["actor_id"] for e in data["today"]] == [5] and [e["actor_id"] for e in data["wish"]] == [6]
    assert [e["actor_id"] for e in data["challenges"][0]["with"]] == [5]
    details = {r["id"]: (r["link_id"], r["detail"]) for r in db["survey_decisions"]}
    assert details == {1: (3, {"type": "new_link"}), 2: (None, {"type": "new_actor", "actor_id": 1})}
    # maps: look-alike maps are never merged; one gets the normal name, the unique constraint holds
    maps = {r["id"]: (r["name"], r["area"], r["revision"]) for r in db["maps"]}
    assert maps == {1: ("Dalby", "Dalby", 4), 2: ("Veberöd", "Veberöd", 4), 3: ("Östra Dalby", "", 4),
                    4: ("O\u0308stra Dalby", "", 3)}
    merges = [(r["entity_id"], r["detail"]["merged"]) for r in db["audit_events"] if r["action"] == "merge"]
    assert sorted(merges) == [(1, 2), (1, 3)]
    assert {r["user"] for r in db["audit_events"]} == {"migration 0007"}


def test_the_conflicts_are_listed_and_the_store_finds_the_normal_one(db_url, monkeypatch, capsys):
    monkeypatch.delenv("WEAVING_AUTH", raising=False)
    _at_0006_with_lookalikes(db_url)
    store = Store(db_url)        # upgrades to head
    try:
        with store.uow() as uow:
            groups = lookalike_conflicts(uow)
            assert [(g.kind, g.key, [m.id for m in g.members]) for g in groups] == [
                ("actor", "biblioteket", [6, 7]), ("actor", "café ö", [1, 4]), ("actor", "kiosken", [9, 10]),
                ("map", "östra dalby", [3, 4])]
            assert groups[1].members[1].shown == "Café <U+200B>Ö"
            assert dict(groups[1].members[1].details)["type"] == "person"
            for v in ("Café\u00a0Ö", "cafe\u0301 ö", "Café \u200bÖ"):
                assert uow.actors.by_name(v).id == 1
            assert uow.maps.by_name("O\u0308stra Dalby").id == 3
            # a new look-alike is refused, so the conflicts cannot grow
            stats_before = len(uow.actors.list())
            from weaving.store import import_graph
            import networkx as nx

            G = nx.MultiGraph()
            G.add_node("n", label="Kiosken\u200b")
            assert import_graph(uow, 1, G).node_ids == {"n": 9}
            assert len(uow.actors.list()) == stats_before
    finally:
        store.dispose()
    from weaving.cli.main import main

    assert main(["--lang", "en", "--database", db_url, "names", "--conflicts"]) == 1
    out = capsys.readouterr().out
    assert "Café <U+200B>Ö" in out and "Kiosken<U+00A0>" in out and "O<U+0308>stra Dalby" in out
    assert "type: person" in out


def test_a_database_without_lookalikes_is_unchanged_and_downgrade_keeps_the_data(db_url):
    cfg = alembic_config(db_url)
    command.upgrade(cfg, "0006")
    engine = make_engine(db_url)
    meta = MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        for table in ("workspaces", "maps", "actors"):
            conn.execute(meta.tables[table].insert(), ROWS[table][:2] if table != "actors" else [ROWS["actors"][4]])
    engine.dispose()
    before = _read(db_url)
    command.upgrade(cfg, "head")
    after = _read(db_url)
    assert after["actors"] == before["actors"]
    assert [m["name"] for m in after["maps"]] == ["Dalby", "Veberöd"] and after["maps"][0]["area"] == "Dalby"
    command.downgrade(cfg, "0006")
    assert [a["name"] for a in _read(db_url)["actors"]] == ["Skolan"]
    command.upgrade(cfg, "head")
