"""CLI commands on map data: ``demo``, ``maps``, ``import``, ``export``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from weaving.cli.common import cli_lang, open_store
from weaving.core.errors import WeavingError
from weaving.i18n import t


def cmd_demo(args: argparse.Namespace) -> int:
    from weaving.store.demo import is_empty, load_demo

    store = open_store(args)
    try:
        if args.if_empty and not is_empty(store):
            print(t("cli.demo_skipped", cli_lang(args)))
            return 0
        counts = load_demo(store, replace=args.replace)
    finally:
        store.dispose()
    print(t("cli.demo_loaded", cli_lang(args), **counts))
    return 0


def cmd_maps(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        with store.uow() as uow:
            counts = uow.maps.counts()
            maps = uow.maps.list()
            if not maps:
                print(t("cli.no_maps", cli_lang(args)))
            for m in maps:
                c = counts[m.id]
                print(f"{m.name}\t{c['actors']}\t{c['links']}")
    finally:
        store.dispose()
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from weaving.cli.common import ProgressLine
    from weaving.interchange import import_file
    from weaving.store import import_graph

    lang = cli_lang(args)
    path = Path(args.file)
    if not path.is_file():
        raise WeavingError("error.file_not_found", path=str(path))
    progress = ProgressLine(lang)
    progress.stage("cli.progress.reading", name=path.name)
    result = import_file(path.read_bytes(), path.name, max_bytes=args.max_mb * 1024 * 1024, max_rows=args.max_rows)
    errors = [p for p in result.problems if p.severity == "error"]
    for p in result.problems:
        print(p.describe(lang), file=sys.stderr)
    if errors:
        progress.close()
        print(t("cli.import_refused", lang, n=len(errors)), file=sys.stderr)
        return 2
    store = open_store(args)
    try:
        progress.stage("cli.progress.checking", actors=result.graph.number_of_nodes(),
                       links=result.graph.number_of_edges())
        with store.uow(user="cli") as uow:
            m = uow.maps.by_name(args.map) or uow.maps.create(args.map)
            stats = import_graph(uow, m.id, result.graph, progress=lambda done, total: progress.update(done, total, "cli.progress.writing"))
            progress.stage("cli.progress.saving")
            uow.commit()
    finally:
        progress.close()
        store.dispose()
    print(t("cli.imported", lang, map=args.map, actors=stats.actors_created,
            reused=stats.actors_reused, links=stats.links_created, skipped=stats.links_skipped))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Maps to a file. With contact persons (the default) the store checks the role and
    the export is audited: who (``cli`` and the shell's login name), maps, format.

    The command line runs on the server, by whoever can read the database anyway: it is
    a system task with the editor role (the least that may export personal data)."""
    import getpass

    from weaving.interchange import export_graph
    from weaving.store import graph_from_maps

    lang = cli_lang(args)
    include_personal = not args.no_personal
    store = open_store(args)
    try:
        with store.uow(user="cli", role="editor") as uow:
            ids = [uow.maps.require(n).id for n in args.map]
            G = graph_from_maps(uow, ids, include_personal=include_personal)
            data = export_graph(G, args.format, include_personal=include_personal, anonymise=args.anonymise, lang=lang)
            if include_personal:
                try:
                    login = getpass.getuser()
                except Exception:  # noqa: BLE001 - no login name (a container without a passwd entry)
                    login = ""
                uow.contacts.record_export(ids, args.format, anonymised=bool(args.anonymise), via="cli", login=login)
                uow.commit()
    finally:
        store.dispose()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(t("cli.exported", lang, path=str(out), nodes=G.number_of_nodes(), links=G.number_of_edges()))
    if include_personal:
        print(t("cli.export_personal", lang), file=sys.stderr)
    return 0


# the command line runs on the server with a file already there: larger limits than uploads
CLI_MAX_MB = 2048
CLI_MAX_ROWS = 5_000_000
EXPORT_FORMATS = ("graphml", "gexf", "json", "csv", "kumu_xlsx", "kumu_json", "html", "png")


def register(sub) -> None:
    p = sub.add_parser("demo", help="load the fictional demo municipality (four area maps)")
    p.add_argument("--replace", action="store_true", help="replace demo maps that already exist")
    p.add_argument("--if-empty", action="store_true", help="only load when the database has no maps")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("maps", help="list the maps with their number of actors and links")
    p.set_defaults(func=cmd_maps)

    p = sub.add_parser("import", help="import a file (CSV, XLSX/Kumu, GraphML, GEXF, JSON) into a map; all or nothing")
    p.add_argument("file", help="the file to import")
    p.add_argument("--map", required=True, metavar="NAME", help="map to import into (created if missing)")
    p.add_argument("--max-mb", type=int, default=CLI_MAX_MB, metavar="MB",
                   help=f"largest file accepted (default {CLI_MAX_MB}; the app accepts 20)")
    p.add_argument("--max-rows", type=int, default=CLI_MAX_ROWS, metavar="N",
                   help=f"most rows per table, nodes or edges (default {CLI_MAX_ROWS:,}; the app accepts 50,000)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="export one or several maps to a file")
    p.add_argument("--map", required=True, action="append", metavar="NAME", help="map name (repeat to combine maps)")
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS, help="file format")
    p.add_argument("--out", required=True, metavar="PATH", help="where to write the file")
    p.add_argument("--no-personal", action="store_true", help="leave out contact persons and who carries each link")
    p.add_argument("--anonymise", action="store_true", help="replace person names with Person 1, Person 2, ...")
    p.set_defaults(func=cmd_export)
