"""CLI commands for administrators: ``erase-contact``, ``user``, ``backup``, ``restore``, ``migrate``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from weaving.cli.common import cli_lang, open_store
from weaving.core.errors import WeavingError
from weaving.i18n import t


def cmd_erase_contact(args: argparse.Namespace) -> int:
    """Erase a person and say where they were; a name found nowhere is an error (exit 2)
    that suggests near names (see :mod:`weaving.store.erasure`)."""
    store = open_store(args)
    try:
        with store.uow(user="cli") as uow:
            report = uow.contacts.erase(args.name, free_text=args.free_text)
            uow.commit()
    finally:
        store.dispose()
    print("\n".join(report.lines(cli_lang(args), hint="cli")))
    return 0


def cmd_user(args: argparse.Namespace) -> int:
    """Account administration from the server's shell (runs with the admin role)."""
    import getpass

    store = open_store(args)
    try:
        with store.uow(user="cli-admin", role="admin", workspace=args.workspace) as uow:
            if args.action == "add":
                password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass()
                uow.users.create(args.username, password, role=args.role)
            elif args.action == "role":
                uow.users.set_role(args.username, args.role)
            else:
                for user, role in uow.users.list():
                    print(f"{user.username}\t{role or '-'}")
                return 0
            uow.commit()
    finally:
        store.dispose()
    print(t("cli.user_saved", cli_lang(args), name=args.username, role=args.role))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Whole database to one JSON file (system task from the server's shell: admin role)."""
    from weaving.store.backup import backup

    store = open_store(args)
    try:
        with store.uow(user="cli-admin", role="admin") as uow:
            data = backup(uow, include_personal=not args.no_personal)
            uow.commit()   # the audit event of a backup with personal data
    finally:
        store.dispose()
    import json

    counts = json.loads(data)["counts"]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(t("backup.cli.written", cli_lang(args), path=str(out), maps=counts["maps"], actors=counts["actors"],
            links=counts["links"], size=f"{len(data) / 1024:.0f}"))
    if args.no_personal:
        print(t("backup.cli.no_personal", cli_lang(args)))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """A backup into an empty database: all or nothing."""
    from weaving.store.backup import restore

    path = Path(args.file)
    if not path.is_file():
        raise WeavingError("backup.error.file_not_found", path=str(path))
    store = open_store(args)
    try:
        with store.uow(user="cli-admin", role="admin") as uow:
            counts = restore(uow, path.read_bytes())
            uow.commit()
    finally:
        store.dispose()
    print(t("backup.cli.restored", cli_lang(args), maps=counts["maps"], actors=counts["actors"],
            links=counts["links"], users=counts["users"]))
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    store = open_store(args)
    store.dispose()
    print(t("cli.migrated", cli_lang(args)))
    return 0


def register(sub) -> None:
    p = sub.add_parser("erase-contact", help="erase a contact person everywhere (snapshots and survey answers "
                                             "included) and report every place; older backups are out of reach")
    p.add_argument("name", help="the person's name as recorded (case, spaces and invisible characters aside)")
    p.add_argument("--free-text", action="store_true",
                   help="also replace mentions of the name in free text (descriptions, purposes, challenges, "
                        "snapshots, survey answers) with […]; without it they are only counted")
    p.set_defaults(func=cmd_erase_contact)

    p = sub.add_parser("user", help="manage built-in accounts and roles (used when WEAVING_AUTH is set)")
    p.add_argument("action", choices=["add", "role", "list"], help="add an account, change a role, or list accounts")
    p.add_argument("username", nargs="?", default="")
    p.add_argument("--role", choices=["viewer", "editor", "admin"], default="viewer")
    p.add_argument("--workspace", default=None, help="workspace name (default: Standard)")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("backup", help="save the whole database (every map, snapshot, account) to one file")
    p.add_argument("--out", required=True, metavar="FILE", help="where to write the backup (JSON)")
    p.add_argument("--no-personal", action="store_true",
                   help="leave out contact persons and accounts (the backup then cannot restore them)")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="restore a backup into an empty database; all or nothing")
    p.add_argument("file", help="the backup file")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("migrate", help="create or upgrade the database schema")
    p.set_defaults(func=cmd_migrate)
