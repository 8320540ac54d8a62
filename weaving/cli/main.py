"""The ``weaving`` entry point: builds the parser from every command group, runs a command.

Every command works on the database chosen by --database or WEAVING_DATABASE_URL
(default: the embedded SQLite file data/weaving.db). Errors are printed in plain
language (Swedish or English: --lang, or WEAVING_LANG / LANG) and give exit code 2;
nothing is changed.
"""
from __future__ import annotations

import argparse
import os
import sys

from weaving.cli import admin, analysis, data, names, progress, survey
from weaving.cli.common import cli_lang

GROUPS = (data, admin, analysis, progress, survey, names)  # the one place where command groups are registered


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
    for group in GROUPS:
        group.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    if getattr(args, "database", None):
        os.environ["WEAVING_DATABASE_URL"] = args.database
    from weaving.core.errors import WeavingError

    try:
        return int(args.func(args) or 0)
    except WeavingError as exc:
        print(exc.message(cli_lang(args)), file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
