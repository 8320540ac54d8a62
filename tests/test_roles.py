"""Roles are enforced in the store, not only by hidden buttons."""
import pytest
from sqlalchemy import text

from weaving.core.errors import PermissionDenied, ValidationError
from weaving.store import Store


@pytest.fixture
def auth_store(db_url, monkeypatch):
    monkeypatch.setenv("WEAVING_AUTH", "builtin")
    s = Store(db_url)
    with s.uow(user="setup", role="admin") as uow:
        m = uow.maps.create("Dalby")
        uow.actors.add(m.id, name="Dalby bibliotek")
        uow.users.create("vera", "viewer-password-1", role="viewer")
        uow.users.create("erik", "editor-password-1", role="editor")
        uow.users.create("ada", "admin-password-1", role="admin")
        uow.commit()
    yield s
    s.dispose()


def _actor_count(s):
    with s.engine.connect() as c:
        return c.execute(text("SELECT count(*) FROM actors")).scalar_one()


def test_viewer_can_read_but_not_write(auth_store):
    with auth_store.uow(user="vera") as uow:
        assert uow.role == "viewer"
        m = uow.maps.require("Dalby")
        assert [a.name for a in uow.actors.list(m.id)] == ["Dalby bibliotek"]
        with pytest.raises(PermissionDenied) as err:
            uow.actors.add(m.id, name="Ny förening")
        assert "editor" in err.value.message("en")
    assert _actor_count(auth_store) == 1


def test_viewer_cannot_write_even_by_touching_orm_objects(auth_store):
    with auth_store.uow(user="vera") as uow:
        a = uow.actors.list()[0]
        a.name = "Hackad"
        with pytest.raises(PermissionDenied):
            uow.commit()
    with auth_store.uow(user="vera") as uow:
        assert uow.actors.list()[0].name == "Dalby bibliotek"


def test_unknown_user_has_no_role(auth_store):
    with auth_store.uow(user="mallory") as uow:
        assert uow.role is None
        with pytest.raises(PermissionDenied):
            uow.maps.create("Ny")


def test_editor_writes_but_only_admin_deletes_maps_and_erases(auth_store):
    with auth_store.uow(user="erik") as uow:
        m = uow.maps.require("Dalby")
        uow.actors.add(m.id, name="Dalby IF", contacts=["Pia Exempelsson"])
        with pytest.raises(PermissionDenied):
            uow.maps.delete(m.id)
        with pytest.raises(PermissionDenied):
            uow.contacts.erase("Pia Exempelsson")
        with pytest.raises(PermissionDenied):
            uow.users.set_role("vera", "admin")
        uow.commit()
    assert _actor_count(auth_store) == 2
    with auth_store.uow(user="ada") as uow:
        assert uow.contacts.erase("Pia Exempelsson").contacts == 1
        uow.maps.delete(uow.maps.require("Dalby").id)
        uow.commit()
    assert _actor_count(auth_store) == 0


def test_passwords_are_argon2_hashed_and_verified(auth_store):
    with auth_store.uow(user="ada") as uow:
        user = uow.users.get("vera")
        assert user.password_hash.startswith("$argon2id$")
        assert "viewer-password-1" not in user.password_hash
        assert uow.users.authenticate("vera", "viewer-password-1").username == "vera"
        assert uow.users.authenticate("vera", "wrong-password") is None
        assert uow.users.authenticate("nobody", "viewer-password-1") is None
        with pytest.raises(ValidationError):
            uow.users.create("kort", "short")


def test_without_auth_local_user_is_admin(store, monkeypatch):
    monkeypatch.delenv("WEAVING_AUTH", raising=False)
    with store.uow() as uow:
        assert uow.role == "admin"
        uow.maps.create("Genarp")
        uow.commit()
