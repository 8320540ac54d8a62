"""Full backup and restore of the whole database (every workspace) as ONE JSON file.

    data = backup(uow)                         # bytes; admins only; writes nothing
    data = backup(uow, include_personal=False) # contact persons and accounts left out
    restore(uow, data)                         # into a database without network data;
    uow.commit()                               # caller commits (all or nothing)

File format (``FORMAT`` / ``VERSION`` 1)::

    {"format": "weaving-backup", "version": 1, "schema": "<alembic revision>",
     "personal": true, "counts": {table: rows}, "checksum": "sha256:<hex>",
     "tables": {table: [{column: value, ...} ordered by primary key]}}

UTF-8, keys sorted, ``indent=1``, text unescaped. Every column of every table in
``TABLES`` is written as stored: ids, ``version`` counters and timestamps (ISO, to the
microsecond) included, so **backup -> restore -> backup is byte-identical** (also
across SQLite and PostgreSQL). There is no "made at" stamp inside the file (the file
name carries the date) for the same reason, and restore writes no audit event: the
restored audit log is the history.

Decisions
* **Whole database**: workspaces, accounts and the audit log are global, so a backup is
  of everything; ids are preserved on restore (PostgreSQL sequences are moved past them).
* **Password hashes** (Argon2id) are included so an admin can restore the accounts;
  the file is therefore a secret. ``include_personal=False`` leaves out contact persons
  (and their link carriers), accounts and memberships, replaces user names in the audit
  log with ``user:N`` (and drops the client address of sign-in events) and contact
  names inside snapshots with ``contact:N``, and drops the contact person from survey
  answers. Survey links are kept as their SHA-256 only
  (the tokens themselves are never stored), so links stay valid after a restore.
* **Integrity**: ``checksum`` is SHA-256 over the canonical JSON of everything else; a
  file that was cut, edited or damaged is refused (``backup.error.corrupt``). Each value
  is also checked against its column type, and the database constraints run inside the
  caller's transaction, so nothing is written from a bad file.
* **Empty target**: restore refuses a database that holds network data (maps, actors,
  contacts, links, challenges, introductions, snapshots). Set-up rows that may exist in a
  new installation (empty workspaces, accounts, roles, audit events) are replaced by the
  backup's, in the same transaction.
* **Not backed up**: ``login_failures``, the sign-in throttle's short-lived memory
  (:mod:`weaving.store.repos.logins`); the audit log keeps the failed sign-ins.
* **Schema**: the backup records the migration revision; restoring needs the same one
  (``backup.error.schema``): restore with the version of weaving that made the backup,
  then upgrade.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import Table, delete, func, select, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from weaving.core.errors import PermissionDenied, ValidationError
from weaving.store import canonical
from weaving.store.backup_codec import _decode, _decoder, _encode, _encoder  # noqa: F401 - kept for callers
from weaving.store.fastinsert import insert_rows
from weaving.store.models import Base, Membership, User, Workspace

FORMAT = "weaving-backup"
VERSION = 1

# insertion order (parents before children); deletion runs in reverse
TABLES: tuple[str, ...] = (
    "workspaces", "users", "memberships", "maps", "actors", "map_actors", "contact_persons",
    "links", "link_carriers", "challenges", "challenge_actors", "introductions", "snapshots",
    "survey_rounds", "survey_invites", "survey_answers", "survey_decisions",
    "audit_events",
)
# a database with rows in any of these is not empty: restore refuses it
CONTENT_TABLES: tuple[str, ...] = (
    "maps", "actors", "contact_persons", "links", "challenges", "introductions", "snapshots", "survey_rounds",
)
PERSONAL_TABLES: tuple[str, ...] = ("contact_persons", "link_carriers", "users", "memberships")
HEADER_KEYS = {"format", "version", "schema", "personal", "counts", "checksum", "tables"}


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def schema_revision(uow) -> str:
    try:
        return str(uow.session.execute(text("SELECT version_num FROM alembic_version")).scalar() or "")
    except SQLAlchemyError:  # pragma: no cover - a store always migrates first
        return ""


def _canonical(doc: dict[str, Any]) -> bytes:
    return canonical.dumps(doc).encode("utf-8")   # = json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False)


def _checksum(doc: dict[str, Any]) -> str:
    body = {k: v for k, v in doc.items() if k != "checksum"}
    return "sha256:" + hashlib.sha256(_canonical(body)).hexdigest()


# ---------------------------------------------------------------------- backup
def _rows(uow, name: str) -> list[dict[str, Any]]:
    table = _table(name)
    pk = list(table.primary_key.columns)
    result = uow.session.execute(select(table).order_by(*pk))
    names = [c.name for c in table.columns]
    encoders = [(i, enc) for i, enc in enumerate(_encoder(c) for c in table.columns) if enc is not None]
    out = []
    for row in result:
        values = list(row)
        for i, enc in encoders:
            values[i] = enc(values[i])
        out.append(dict(zip(names, values)))
    return out


def require_backup_admin(uow) -> None:
    """Admins only. A signed-in account must be admin in EVERY workspace, since the file
    holds all of them (the local user and command-line system tasks are admins)."""
    uow.require("admin")
    user = uow.session.scalar(select(User).where(func.lower(User.username) == str(uow.user).strip().lower()))
    if user is None:
        return
    roles = dict(uow.session.execute(
        select(Membership.workspace_id, Membership.role).where(Membership.user_id == user.id)).all())
    for ws_id in uow.session.scalars(select(Workspace.id)):
        if roles.get(ws_id) != "admin":
            raise PermissionDenied("error.permission", role="admin")


def backup(uow, *, include_personal: bool = True) -> bytes:
    """The whole database (every workspace) as one JSON file; admins only. Reads only,
    except that a backup with personal data adds an ``export_personal`` audit event:
    commit the unit of work to keep it.

    Parameters
    ----------
    uow : weaving.store.uow.UnitOfWork
        Its user must be admin in every workspace (see :func:`require_backup_admin`).
    include_personal : bool, optional
        False leaves out contact persons, accounts and memberships and pseudonymises
        user names in the audit log and contact names in snapshots.

    Returns
    -------
    bytes
        UTF-8 JSON in the format of this module's docstring, ending in a newline.

    Raises
    ------
    PermissionDenied
        The user is not an admin everywhere.
    """
    require_backup_admin(uow)
    uow.session.flush()
    tables: dict[str, list[dict[str, Any]]] = {name: _rows(uow, name) for name in TABLES}
    if not include_personal:
        _strip_personal(tables)
    else:   # personal data leaves the database: audited (written when the caller commits)
        uow.contacts.record_export(None, "backup")
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "schema": schema_revision(uow),
        "personal": bool(include_personal),
        "counts": {name: len(rows) for name, rows in tables.items()},
        "tables": tables,
    }
    doc["checksum"] = _checksum(doc)
    return _canonical(doc) + b"\n"


def _strip_personal(tables: dict[str, list[dict[str, Any]]]) -> None:
    for name in PERSONAL_TABLES:
        tables[name] = []
    users: dict[str, str] = {}
    for ev in tables["audit_events"]:
        if ev.get("user"):
            ev["user"] = users.setdefault(ev["user"].lower(), f"user:{len(users) + 1}")
        if ev.get("entity") in ("user", "login") and isinstance(ev.get("detail"), dict):
            # a sign-in's client address is personal data too
            ev["detail"] = {k: v for k, v in ev["detail"].items() if k not in ("username", "name", "client")}
    contacts: dict[str, str] = {}

    def pseudo(name: Any) -> str:
        text = str(name)
        if text.startswith("contact:"):
            return text
        return contacts.setdefault(text.strip().lower(), f"contact:{len(contacts) + 1}")

    for answer in tables["survey_answers"]:   # the contact person a respondent gave
        if isinstance(answer.get("data"), dict) and answer["data"].get("contact"):
            answer["data"] = {**answer["data"], "contact": {}}
    for snap in tables["snapshots"]:
        graph = snap.get("graph")
        if not isinstance(graph, dict):
            continue
        for node in graph.get("nodes", []) or []:
            if isinstance(node, dict) and "contacts" in node:
                node["contacts"] = []
        for link in graph.get("links", []) or []:
            if isinstance(link, dict) and isinstance(link.get("carried_by"), list):
                link["carried_by"] = [pseudo(c) for c in link["carried_by"]]


# --------------------------------------------------------------------- restore
def read_backup(data: bytes, *, schema: str | None = None) -> dict[str, Any]:
    """Parse and check a backup file without touching the database. Returns the document;
    raises a translated ValidationError for a file that is not a weaving backup, of
    another version or schema, or damaged."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ValidationError("backup.error.not_backup")
    try:
        doc = json.loads(bytes(data).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ValidationError("backup.error.not_backup") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValidationError("backup.error.not_backup")
    version = doc.get("version")
    if version != VERSION or isinstance(version, bool):
        raise ValidationError("backup.error.version", version=str(version)[:20], supported=VERSION)
    if set(doc) != HEADER_KEYS or not isinstance(doc.get("checksum"), str):
        raise ValidationError("backup.error.corrupt", detail="header")
    if doc["checksum"] != _checksum(doc):
        raise ValidationError("backup.error.corrupt", detail="checksum")
    if schema is not None and doc.get("schema") != schema:
        raise ValidationError("backup.error.schema", found=str(doc.get("schema"))[:40], expected=schema)
    tables = doc.get("tables")
    if not isinstance(tables, dict) or set(tables) != set(TABLES) or not isinstance(doc.get("personal"), bool):
        raise ValidationError("backup.error.corrupt", detail="tables")
    counts = doc.get("counts")
    for name in TABLES:
        rows = tables[name]
        if not isinstance(rows, list) or not isinstance(counts, dict) or counts.get(name) != len(rows):
            raise ValidationError("backup.error.corrupt", detail=name)
        columns = {c.name for c in _table(name).columns}
        for i, row in enumerate(rows):
            if not isinstance(row, dict) or set(row) != columns:
                raise ValidationError("backup.error.corrupt", detail=f"{name}[{i}]")
    return doc


def summary(doc: dict[str, Any]) -> dict[str, Any]:
    """What a (checked) backup holds, for a preview before restoring."""
    tables = doc["tables"]
    admins = sorted({
        u["username"] for u in tables["users"]
        for m in tables["memberships"] if m["user_id"] == u["id"] and m["role"] == "admin"
    })
    return {
        "personal": doc["personal"],
        "schema": doc["schema"],
        "counts": dict(doc["counts"]),
        "workspaces": [w["name"] for w in tables["workspaces"]],
        "maps": [m["name"] for m in tables["maps"]],
        "admins": admins,
    }


def is_empty(uow) -> bool:
    """True when the database holds no network data (see module doc)."""
    for name in CONTENT_TABLES:
        if uow.session.execute(select(func.count()).select_from(_table(name))).scalar():
            return False
    return True


def restore(uow, data: bytes) -> dict[str, int]:
    """Restore a backup into a database without network data, inside the caller's unit
    of work (the caller commits; on any error nothing is written).

    Ids, versions and timestamps are kept; set-up rows of a new installation (empty
    workspaces, accounts, roles, audit events) are replaced. No audit event is added.

    Parameters
    ----------
    uow : weaving.store.uow.UnitOfWork
        Its user must be an admin.
    data : bytes
        A file made by :func:`backup`.

    Returns
    -------
    dict of str to int
        Rows restored per table.

    Raises
    ------
    PermissionDenied
        The user is not an admin.
    ValidationError
        Not a weaving backup, another format version or schema revision, a damaged
        file (``backup.error.corrupt``, also when the database refuses a row), or the
        database holds network data (``backup.error.not_empty``).
    """
    uow.require("admin")
    doc = read_backup(data, schema=schema_revision(uow))
    if not is_empty(uow):
        raise ValidationError("backup.error.not_empty")
    decoded: dict[str, list[dict[str, Any]]] = {}
    for name in TABLES:
        cols = [(c.name, _decoder(c)) for c in _table(name).columns]
        decoded[name] = [
            {cname: decode(row[cname], f"{name}[{i}]") for cname, decode in cols}
            for i, row in enumerate(doc["tables"][name])
        ]
    session = uow.session
    try:
        session.flush()
        session.expunge_all()  # ORM objects loaded so far would go stale
        for name in reversed(TABLES):  # set-up rows of a new installation are replaced
            session.execute(delete(_table(name)))
        for name in TABLES:   # executemany (SQLite) or COPY (PostgreSQL), ids as in the file
            for start in range(0, len(decoded[name]), 20_000):
                insert_rows(session, _table(name), decoded[name][start:start + 20_000])
        _move_sequences(uow)
        session.flush()
    except (DBAPIError, SQLAlchemyError) as exc:
        session.rollback()
        raise ValidationError("backup.error.corrupt", detail=type(exc).__name__) from exc
    return {name: len(rows) for name, rows in decoded.items()}


def _move_sequences(uow) -> None:
    """PostgreSQL sequences do not see explicit ids: move each past the largest id."""
    if uow.session.get_bind().dialect.name != "postgresql":
        return
    for name in TABLES:
        table = _table(name)
        if "id" not in table.c or list(table.primary_key.columns) != [table.c.id]:
            continue
        uow.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {name}), 1), "
            f"(SELECT MAX(id) FROM {name}) IS NOT NULL)"
        ))


def check(uow, data: bytes) -> dict[str, Any]:
    """Read and check a backup against this database's schema (no writes): its summary."""
    return summary(read_backup(data, schema=schema_revision(uow)))
