"""Personal data and roles (issue 15 point 2): contact persons only for editors and
admins, enforced in the store; every export with contact persons is audited."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.waits import WAIT_S
from weaving.core.errors import PermissionDenied
from weaving.store import Store, graph_from_maps
from weaving.store.backup import backup

PEOPLE = ("Pia Exempelsson", "Kim Prov")


@pytest.fixture
def auth_store(db_url, monkeypatch):
    monkeypatch.setenv("WEAVING_AUTH", "builtin")
    s = Store(db_url)
    with s.uow(user="setup", role="admin") as uow:
        m = uow.maps.create("Dalby")
        a = uow.actors.add(m.id, name="Dalby bibliotek", contacts=[PEOPLE[0]])
        b = uow.actors.add(m.id, name="Dalby IF", contacts=[PEOPLE[1]])
        uow.links.add(a.id, b.id, kind="dialogue", carried_by=[PEOPLE[0]])
        uow.snapshots.take(m.id, "före")
        uow.users.create("vera", "viewer-password-1", role="viewer")
        uow.users.create("erik", "editor-password-1", role="editor")
        uow.users.create("ada", "admin-password-1", role="admin")
        uow.commit()
    yield s
    s.dispose()


def _exports(s: Store) -> list:
    with s.uow(user="ada") as uow:
        return [(e.user, e.detail) for e in uow.audit.list() if e.action == "export_personal"]


@pytest.mark.parametrize("who", [{"user": "vera"}, {"user": "mallory"}, {"user": "survey:1", "role": "respondent"}])
def test_below_editor_gets_no_contact_persons(auth_store, who):
    with auth_store.uow(**who) as uow:
        m = uow.maps.require("Dalby")
        assert not uow.contacts.visible()
        with pytest.raises(PermissionDenied) as exc:
            graph_from_maps(uow, [m.id], include_personal=True)
        assert exc.value.key == "error.personal_data"
        assert "personal data" in exc.value.message("en")
        with pytest.raises(PermissionDenied):
            uow.contacts.of_actor(uow.actors.by_name("Dalby bibliotek").id)
        with pytest.raises(PermissionDenied):
            uow.contacts.record_export([m.id], "json")
        # without personal data the map reads as before: carriers as pseudonyms only
        G = graph_from_maps(uow, [m.id])
        assert G.number_of_nodes() == 2
        assert not any(p in json.dumps(list(G.edges(data=True)) + list(G.nodes(data=True)), default=str)
                       for p in PEOPLE)
        # a snapshot's graph comes without contact persons too
        (snap,) = uow.snapshots.list(m.id)
        text = json.dumps(uow.snapshots.graph_data(snap))
        assert not any(p in text for p in PEOPLE) and "contact:1" in text
        assert not any(p in json.dumps(list(uow.snapshots.graph(snap.id).nodes(data=True))) for p in PEOPLE)


@pytest.mark.parametrize("user", ["erik", "ada"])
def test_editor_and_admin_see_and_export_with_an_audit_row(auth_store, user):
    with auth_store.uow(user=user) as uow:
        m = uow.maps.require("Dalby")
        assert uow.contacts.visible()
        G = graph_from_maps(uow, [m.id], include_personal=True)
        assert sorted(c for _, d in G.nodes(data=True) for c in d["contacts"]) == sorted(PEOPLE)
        assert [c.name for c in uow.contacts.of_actor(uow.actors.by_name("Dalby IF").id)] == [PEOPLE[1]]
        (snap,) = uow.snapshots.list(m.id)
        assert PEOPLE[0] in json.dumps(uow.snapshots.graph_data(snap))
        uow.contacts.record_export([m.id], "json", anonymised=False, via="app")
        uow.commit()
    assert _exports(auth_store) == [(user, {"maps": [m.id], "map_names": ["Dalby"], "format": "json",
                                         "anonymised": False, "via": "app"})]


def test_a_backup_with_personal_data_is_audited(auth_store):
    with auth_store.uow(user="ada") as uow:
        backup(uow, include_personal=False)
        uow.commit()
    assert _exports(auth_store) == []
    with auth_store.uow(user="ada") as uow:
        backup(uow)
        uow.commit()
    assert _exports(auth_store) == [("ada", {"maps": "all", "format": "backup"})]


def _cli(args, db):
    env = {**os.environ, "WEAVING_DATABASE_URL": db, "WEAVING_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "weaving.cli", *args], capture_output=True, text=True, env=env,
                          timeout=4 * WAIT_S)


def test_cli_export_with_contact_persons_is_audited(auth_store, db_url, tmp_path):
    out = tmp_path / "dalby.json"
    proc = _cli(["export", "--map", "Dalby", "--format", "json", "--out", str(out)], db_url)
    assert proc.returncode == 0, proc.stderr
    assert PEOPLE[0] in out.read_text(encoding="utf-8")
    assert "audit log" in proc.stderr
    ((user, detail),) = _exports(auth_store)
    assert user == "cli" and detail["format"] == "json" and detail["map_names"] == ["Dalby"]
    assert detail["via"] == "cli" and "login" in detail
    proc = _cli(["export", "--map", "Dalby", "--format", "json", "--out", str(out), "--no-personal"], db_url)
    assert proc.returncode == 0, proc.stderr
    assert not any(p in out.read_text(encoding="utf-8") for p in PEOPLE)
    assert len(_exports(auth_store)) == 1          # no personal data: nothing to audit
