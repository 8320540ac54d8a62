"""CLI subcommands ``snapshot`` and ``report`` (registered by weaving.cli.main).

    weaving snapshot --map NAME [--label TEXT]          take a dated snapshot (with its metrics)
    weaving snapshot take --map NAME [--label TEXT]     the same, spelled out
    weaving snapshot list --map NAME [--json]           the map's snapshots, oldest first
    weaving snapshot compare --map NAME A [B] [--json]  what changed from A to B (default B: now)
    weaving report --map NAME --out FILE.html|.pdf|.png [--since REF]

A snapshot reference (A, B, --since) is its number (``#3`` or ``3``), its label, or
``latest`` / ``now``.  Messages follow --lang / WEAVING_LANG / LANG; user errors
print a translated message and exit with code 2 (weaving.cli does that).
"""
from __future__ import annotations

import argparse
import json

from weaving.cli.common import cli_lang, open_store
from weaving.core.errors import ValidationError, WeavingError
from weaving.i18n import fmt_date


def _add_common(p: argparse.ArgumentParser, *, map_required: bool) -> None:
    # SUPPRESS: an option given before the sub-action is not reset by the sub-parser's default
    p.add_argument("--map", required=map_required, metavar="NAME", default=argparse.SUPPRESS, help="map name")
    p.add_argument("--lang", choices=["sv", "en"], default=argparse.SUPPRESS, help="language of messages")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "snapshot", help="take, list or compare dated snapshots of a map",
        description="Without an action: take a snapshot (weaving snapshot --map NAME --label TEXT).")
    _add_common(p, map_required=False)
    p.add_argument("--label", default=argparse.SUPPRESS, help="name of the snapshot, e.g. 'Start'")
    p.set_defaults(func=cmd_snapshot, action="take")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    a = actions.add_parser("take", help="take a snapshot of the map as it is now")
    _add_common(a, map_required=False)
    a.add_argument("--label", default=argparse.SUPPRESS, help="name of the snapshot")
    a = actions.add_parser("list", help="list the map's snapshots")
    _add_common(a, map_required=False)
    a.add_argument("--json", action="store_true", help="print JSON")
    a = actions.add_parser("compare", help="compare two snapshots (or a snapshot with now)")
    _add_common(a, map_required=False)
    a.add_argument("a", help="snapshot: number, label, 'latest' or 'now'")
    a.add_argument("b", nargs="?", default="now", help="snapshot to compare with (default: now)")
    a.add_argument("--json", action="store_true", help="print JSON")

    r = subparsers.add_parser("report", help="one-page progress report of a map (HTML, PDF or PNG)")
    r.add_argument("--map", required=True, metavar="NAME", help="map name")
    r.add_argument("--out", required=True, metavar="FILE", help="FILE.html, FILE.pdf or FILE.png")
    r.add_argument("--since", metavar="REF", help="baseline snapshot (default: the latest before today)")
    r.add_argument("--lang", choices=["sv", "en"], default=argparse.SUPPRESS, help="language of the report")
    r.set_defaults(func=cmd_report)


def _map(uow, args):
    name = getattr(args, "map", None)
    if not name:
        raise ValidationError("error.bad_value", field="--map", value="")
    return uow.maps.require(name)


def resolve_ref(uow, m, ref: str):
    """A snapshot of map ``m`` by number, label or 'latest'; None for 'now'."""
    ref = str(ref).strip()
    low = ref.lower()
    if low in ("now", "nu"):
        return None
    snaps = uow.snapshots.list(m.id)
    if low in ("latest", "senaste") and snaps:
        return snaps[-1]
    num = ref.lstrip("#")
    if num.isdigit():
        hit = [s for s in snaps if s.id == int(num)]
        if hit:
            return hit[0]
    hit = [s for s in snaps if (s.label or "").strip().lower() == low]
    if hit:
        return hit[-1]
    raise WeavingError("prog.error.snapshot_not_found", ref=ref[:100], map=m.name)


def cmd_snapshot(args) -> int:
    action = getattr(args, "action", None) or "take"
    return {"take": _take, "list": _list, "compare": _compare}[action](args)


def _take(args) -> int:
    from weaving.progress.metrics import snapshot_metrics
    from weaving.store import graph_from_maps

    lang = cli_lang(args)
    store = open_store(args)
    try:
        with store.uow(user="cli") as uow:
            m = _map(uow, args)
            G = graph_from_maps(uow, [m.id])
            snap = uow.snapshots.take(m.id, getattr(args, "label", "") or "",
                                      metrics={**snapshot_metrics(G), **uow.surveys.snapshot_figures(m.id)})
            uow.commit()
            from weaving.i18n import t

            print(t("prog.cli.taken", lang, id=snap.id, label=snap.label, map=m.name,
                    date=fmt_date(snap.taken_at, lang), stage=snap.metrics.get("stage", "–")))
    finally:
        store.dispose()
    return 0


def _list(args) -> int:
    from weaving.i18n import t
    from weaving.progress.wording import fmt_metric

    lang = cli_lang(args)
    store = open_store(args)
    try:
        with store.uow(user="cli") as uow:
            m = _map(uow, args)
            snaps = uow.snapshots.list(m.id)
            if getattr(args, "json", False):
                print(json.dumps([{"id": s.id, "label": s.label, "taken_at": s.taken_at.isoformat(),
                                   "metrics": s.metrics} for s in snaps], ensure_ascii=False))
                return 0
            if not snaps:
                print(t("prog.cli.none", lang, map=m.name))
                return 0
            print(t("prog.cli.header", lang))
            for s in snaps:
                mt = s.metrics or {}
                print(f"#{s.id}\t{s.taken_at:%Y-%m-%d %H:%M}\t{s.label}\t{mt.get('stage', '–')}\t"
                      f"{mt.get('actors', '–')}\t{mt.get('links', '–')}\t{fmt_metric('weaver_share', mt.get('weaver_share'), lang)}")
    finally:
        store.dispose()
    return 0


def _compare(args) -> int:
    from weaving.i18n import t
    from weaving.progress.timeline import progress_between
    from weaving.progress.wording import change_sentences, metric_table

    lang = cli_lang(args)
    store = open_store(args)
    try:
        with store.uow(user="cli") as uow:
            m = _map(uow, args)
            a, b = resolve_ref(uow, m, args.a), resolve_ref(uow, m, args.b)
            p = progress_between(uow, m.id, a.id if a else None, b.id if b else None)
            if getattr(args, "json", False):
                d = p.diff.to_dict()
                d["confirmed_introductions"] = [
                    {"a": i.a, "b": i.b, "level": i.level, "confirmed_on": i.day.isoformat() if i.day else None}
                    for i in p.confirmed]
                d["before"] = {"id": p.before.snapshot_id, "label": p.before.label,
                               "taken_at": p.before.taken_at.isoformat()}
                d["after"] = {"id": p.after.snapshot_id, "label": p.after.label,
                              "taken_at": p.after.taken_at.isoformat()}
                print(json.dumps(d, ensure_ascii=False, default=str))
                return 0
            print(t("prog.cli.compare", lang, map=m.name,
                    before=f"{p.before.title(lang)} ({fmt_date(p.before.taken_at, lang)})",
                    after=f"{p.after.title(lang)} ({fmt_date(p.after.taken_at, lang)})"))
            for line in change_sentences(p, lang):
                print(f"  - {line}")
            for title, items in (
                (t("prog.r.found_heading", lang), [f"{x} – {y}" for x, y in p.diff.found_each_other]),
                (t("prog.r.actors_heading", lang), list(p.diff.actors_added)),
                (t("prog.page.links_added", lang, n=len(p.diff.links_added)),
                 [f"{x} – {y} ({t('kind.' + k, lang) if k else ''})" for x, y, k in p.diff.links_added]),
                (t("prog.page.confirmed", lang, n=len(p.confirmed)),
                 [f"{i.a} – {i.b} ({fmt_date(i.day, lang)})" for i in p.confirmed]),
            ):
                if items:
                    print(f"{title}:")
                    for x in items:
                        print(f"  {x}")
            print(f"{t('prog.col.metric', lang)}:")
            for row in metric_table(p, lang):
                print(f"  {row['metric']}: {row['before']} → {row['after']}" + (f"  ({row['change']})" if row["change"] else ""))
    finally:
        store.dispose()
    return 0


def cmd_report(args) -> int:
    from pathlib import Path

    from weaving.i18n import t
    from weaving.progress.printing import render_report_file
    from weaving.progress.report import collect_report, render_report_html

    lang = cli_lang(args)
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf", ".png"):
        raise ValidationError("prog.error.report_format", suffix=suffix[:20] or out.name[:40])
    store = open_store(args)
    try:
        with store.uow(user="cli") as uow:
            m = uow.maps.require(args.map)
            since = resolve_ref(uow, m, args.since) if args.since else None
            data = collect_report(uow, m.id, lang=lang, since=since.id if since else None)
    finally:
        store.dispose()
    html = render_report_html(data, lang)
    render_report_file(html, out)
    print(t("prog.cli.report", lang, map=data.map_name, path=str(out)))
    return 0

