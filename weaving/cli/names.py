"""``weaving names``: look-alike names that are still two actors (or two maps).

Names are stored in normal form and compared by key (:mod:`weaving.core.names`), so a
name typed with a no-break space, a zero-width space or a decomposed letter finds the
actor spelt plainly. Look-alikes from before that (schema 0007) whose details differ
were not merged; this command lists them so a person can rename or merge them.
"""
from __future__ import annotations

import argparse

from weaving.cli.common import cli_lang, open_store


def cmd_names(args: argparse.Namespace) -> int:
    """List the look-alike groups; exit code 1 when there is at least one."""
    from weaving.i18n import t
    from weaving.store.lookalikes import lookalike_conflicts

    lang = cli_lang(args)
    store = open_store(args)
    try:
        with store.uow(user="cli", workspace=args.workspace) as uow:
            groups = lookalike_conflicts(uow)
    finally:
        store.dispose()
    if not groups:
        print(t("names.cli.none", lang))
        return 0
    for g in groups:
        print(t(f"names.cli.group_{g.kind}", lang, n=len(g.members), key=g.key))
        for m in g.members:
            details = ", ".join(f"{t('names.cli.' + k, lang)}: {v}" for k, v in m.details if v)
            print(f"  #{m.id}  {m.shown}" + (f"  ({details})" if details else ""))
    print(t("names.cli.advice", lang))
    return 1


def register(sub) -> None:
    p = sub.add_parser("names", help="list look-alike names: actors or maps whose names differ only by spaces, "
                                     "invisible characters or how letters are composed (exit code 1 if any)")
    p.add_argument("--conflicts", action="store_true",
                   help="the look-alikes that were not merged because their details differ (the default)")
    p.add_argument("--workspace", default=None, help="workspace name (default: Standard)")
    p.set_defaults(func=cmd_names)
