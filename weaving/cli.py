"""The ``weaving`` command line.

Every command works on the database chosen by WEAVING_DATABASE_URL (default: the
embedded SQLite file data/weaving.db). Errors are printed in plain language (Swedish
or English: --lang, or WEAVING_LANG / LANG) and give exit code 2; nothing is changed.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from weaving.errors import WeavingError
from weaving.i18n import normalise_language, t

EXPORT_FORMATS = ("graphml", "gexf", "json", "csv", "kumu_xlsx", "kumu_json", "html", "png")


def _lang(args: argparse.Namespace | None = None) -> str:
    chosen = getattr(args, "lang", None) if args is not None else None
    return normalise_language(chosen or os.environ.get("WEAVING_LANG") or os.environ.get("LANG", "sv"))


def _store(args: argparse.Namespace):
    from weaving.store import Store

    return Store(getattr(args, "database", None))


def cmd_demo(args: argparse.Namespace) -> int:
    from weaving.demo import load_demo

    from weaving.demo import is_empty

    store = _store(args)
    try:
        if args.if_empty and not is_empty(store):
            print(t("cli.demo_skipped", _lang(args)))
            return 0
        counts = load_demo(store, replace=args.replace)
    finally:
        store.dispose()
    print(t("cli.demo_loaded", _lang(args), **counts))
    return 0


def cmd_maps(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        with store.uow() as uow:
            counts = uow.maps.counts()
            maps = uow.maps.list()
            if not maps:
                print(t("cli.no_maps", _lang(args)))
            for m in maps:
                c = counts[m.id]
                print(f"{m.name}\t{c['actors']}\t{c['links']}")
    finally:
        store.dispose()
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from weaving.interchange import import_file
    from weaving.store import import_graph

    lang = _lang(args)
    path = Path(args.file)
    if not path.is_file():
        raise WeavingError("error.file_not_found", path=str(path))
    result = import_file(path.read_bytes(), path.name)
    errors = [p for p in result.problems if p.severity == "error"]
    for p in result.problems:
        print(p.message(lang), file=sys.stderr)
    if errors:
        print(t("cli.import_refused", lang, n=len(errors)), file=sys.stderr)
        return 2
    store = _store(args)
    try:
        with store.uow(user="cli") as uow:
            m = uow.maps.by_name(args.map) or uow.maps.create(args.map)
            stats = import_graph(uow, m.id, result.graph)
            uow.commit()
    finally:
        store.dispose()
    print(t("cli.imported", lang, map=args.map, actors=stats.actors_created,
            reused=stats.actors_reused, links=stats.links_created, skipped=stats.links_skipped))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from weaving.bridge import load_graph
    from weaving.interchange import export_graph

    include_personal = not args.no_personal
    G = load_graph(args.map, getattr(args, "database", None), include_personal=include_personal)
    data = export_graph(G, args.format, include_personal=include_personal, anonymise=args.anonymise, lang=_lang(args))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(t("cli.exported", _lang(args), path=str(out), nodes=G.number_of_nodes(), links=G.number_of_edges()))
    return 0


def cmd_erase_contact(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        with store.uow(user="cli") as uow:
            n = uow.contacts.erase(args.name)
            uow.commit()
    finally:
        store.dispose()
    print(t("cli.erased", _lang(args), n=n))
    return 0


def cmd_user(args: argparse.Namespace) -> int:
    """Account administration from the server's shell (runs with the admin role)."""
    import getpass

    store = _store(args)
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
    print(t("cli.user_saved", _lang(args), name=args.username, role=args.role))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Whole database to one JSON file (system task from the server's shell: admin role)."""
    from weaving.store.backup import backup

    store = _store(args)
    try:
        with store.uow(user="cli-admin", role="admin") as uow:
            data = backup(uow, include_personal=not args.no_personal)
    finally:
        store.dispose()
    import json

    counts = json.loads(data)["counts"]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(t("backup.cli.written", _lang(args), path=str(out), maps=counts["maps"], actors=counts["actors"],
            links=counts["links"], size=f"{len(data) / 1024:.0f}"))
    if args.no_personal:
        print(t("backup.cli.no_personal", _lang(args)))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """A backup into an empty database: all or nothing."""
    from weaving.store.backup import restore

    path = Path(args.file)
    if not path.is_file():
        raise WeavingError("backup.error.file_not_found", path=str(path))
    store = _store(args)
    try:
        with store.uow(user="cli-admin", role="admin") as uow:
            counts = restore(uow, path.read_bytes())
            uow.commit()
    finally:
        store.dispose()
    print(t("backup.cli.restored", _lang(args), maps=counts["maps"], actors=counts["actors"],
            links=counts["links"], users=counts["users"]))
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    store = _store(args)
    store.dispose()
    print(t("cli.migrated", _lang(args)))
    return 0


def _not_yet(name: str):
    def run(args: argparse.Namespace) -> int:
        raise WeavingError("error.not_yet", command=name)

    return run


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="weaving",
        description=(
            "weaving: map who works with whom in an area, find missing links, suggest "
            "introductions and plan how the network weaver steps back. "
            "The database is the file data/weaving.db unless WEAVING_DATABASE_URL says otherwise."
        ),
    )
    parser.add_argument("--lang", choices=["sv", "en"], help="language of messages (default: from WEAVING_LANG or LANG)")
    parser.add_argument("--database", metavar="URL", help="database URL (default: WEAVING_DATABASE_URL or data/weaving.db)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("demo", help="load the fictional demo municipality (four area maps)")
    p.add_argument("--replace", action="store_true", help="replace demo maps that already exist")
    p.add_argument("--if-empty", action="store_true", help="only load when the database has no maps")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("maps", help="list the maps with their number of actors and links")
    p.set_defaults(func=cmd_maps)

    p = sub.add_parser("import", help="import a file (CSV, XLSX/Kumu, GraphML, GEXF, JSON) into a map; all or nothing")
    p.add_argument("file", help="the file to import")
    p.add_argument("--map", required=True, metavar="NAME", help="map to import into (created if missing)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="export one or several maps to a file")
    p.add_argument("--map", required=True, action="append", metavar="NAME", help="map name (repeat to combine maps)")
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS, help="file format")
    p.add_argument("--out", required=True, metavar="PATH", help="where to write the file")
    p.add_argument("--no-personal", action="store_true", help="leave out contact persons and who carries each link")
    p.add_argument("--anonymise", action="store_true", help="replace person names with Person 1, Person 2, ...")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("erase-contact", help="erase a contact person everywhere, snapshots included")
    p.add_argument("name", help="the person's name, exactly as recorded")
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

    try:
        from weaving.analysis.cli import register
    except ImportError:
        for name, text in (("analyse", "analyse a map (not yet available)"),
                           ("suggest", "suggest introductions (not yet available)"),
                           ("plan", "plan the weaver's step back (not yet available)")):
            sub.add_parser(name, help=text).set_defaults(func=_not_yet(name))
    else:
        register(sub)

    try:
        from weaving.snapshots_cli import register as register_snapshots
    except ImportError:
        pass
    else:
        register_snapshots(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    if getattr(args, "database", None):
        os.environ["WEAVING_DATABASE_URL"] = args.database
    try:
        return int(args.func(args) or 0)
    except WeavingError as exc:
        print(exc.message(_lang(args)), file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
