"""CLI subcommands ``analyse``, ``suggest`` and ``plan`` (registered by weaving.cli.main).

    weaving analyse FILE|--map NAME [--weaver ID] [--json]
    weaving suggest FILE|--map NAME [--top K] [--mode MODE] [--weaver ID] [--json]
    weaving plan    FILE|--map NAME [--weaver ID] [--json]

FILE is GraphML/GEXF/JSON (``weaving.interchange.graphfile.read_graph_file``); ``--map`` is
repeatable and goes through ``weaving.cli.common.load_graph``.  User errors print the
translated message on stderr and return exit code 2.
"""
from __future__ import annotations

import argparse
import json
import sys

from weaving.core.errors import ValidationError, WeavingError


def _common(p: argparse.ArgumentParser, weaver: bool = True) -> None:
    p.add_argument("file", nargs="?", help="GraphML, GEXF or node-link JSON file")
    p.add_argument("--map", action="append", dest="maps", metavar="NAME", help="map name (repeatable)")
    if weaver:
        p.add_argument("--weaver", action="append", metavar="ID", help="weaver node id (repeatable)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--lang", default="en", choices=["en", "sv"])


def register(subparsers) -> None:
    p = subparsers.add_parser("analyse", help="clusters, brokers, weaving stage and risks of a map")
    _common(p)
    p.set_defaults(func=cmd_analyse)
    p = subparsers.add_parser("suggest", help="weaving-aware introductions")
    _common(p)
    p.add_argument("--top", type=int, default=10)
    p.add_argument("--mode", choices=["close_triangles", "bridge_clusters", "bypass_weaver"])
    p.set_defaults(func=cmd_suggest)
    p = subparsers.add_parser("plan", help="step-back plan: introductions until the weaver is not needed")
    _common(p)
    p.set_defaults(func=cmd_plan)


def _load(args):
    if args.file:
        from weaving.interchange.graphfile import read_graph_file

        return read_graph_file(args.file)
    if args.maps:
        from weaving.cli.common import load_graph

        return load_graph(list(args.maps))
    raise ValidationError("analysis.error.no_input")


def _weaver(args):
    w = getattr(args, "weaver", None)
    if not w:
        return None
    return w[0] if len(w) == 1 else list(w)


def _run(args, body) -> int:
    try:
        G = _load(args)
        out = body(G)
    except WeavingError as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 2
    print(out)
    return 0


def cmd_analyse(args) -> int:
    from weaving.analysis import analyse
    from weaving.analysis.messages import Msg

    def body(G):
        a = analyse(G, weaver=_weaver(args), seed=args.seed)
        if args.json:
            return json.dumps(a.to_dict(args.lang), ensure_ascii=False)
        lang = args.lang
        lines = [f"{Msg('analysis.cli.stage').render(lang)}: {a.stage.label(lang)}"]
        lines += [f"  - {m.render(lang)}" for m in a.stage.evidence]
        lines.append(Msg("analysis.cli.clusters", {"q": round(a.clusters.modularity, 3)}).render(lang))
        for c in a.clusters.clusters[:10]:
            lines.append(f"  {c.id}: {c.name.render(lang)} ({c.size})")
        lines.append(Msg("analysis.cli.brokers").render(lang))
        for r in sorted(a.brokers.actors, key=lambda r: -r.betweenness)[:10]:
            lines.append(f"  {r.label}: {r.role} (betweenness {r.betweenness:.3f})")
        lines.append(Msg("analysis.cli.risks", {"links": len(a.risks.links), "actors": len(a.risks.actors)}).render(lang))
        return "\n".join(lines)

    return _run(args, body)


def cmd_suggest(args) -> int:
    from weaving.analysis import suggest_introductions
    from weaving.analysis.messages import Msg

    def body(G):
        if args.top is None or args.top < 1:
            raise ValidationError("analysis.error.bad_top")
        sug = suggest_introductions(G, top=args.top, weaver=_weaver(args), mode=args.mode, seed=args.seed)
        if args.json:
            return json.dumps({"suggestions": [s.to_dict(args.lang) for s in sug]}, ensure_ascii=False)
        if not sug:
            return Msg("analysis.cli.no_suggestions").render(args.lang)
        return "\n".join(f"{k + 1}. {s.source} - {s.target} [{Msg('analysis.mode.' + s.mode).render(args.lang)}, "
                         f"{s.score:.3f}]: {s.reason(args.lang)}" for k, s in enumerate(sug))

    return _run(args, body)


def cmd_plan(args) -> int:
    from weaving.analysis import plan_step_back
    from weaving.analysis.messages import Msg

    def body(G):
        plan = plan_step_back(G, weaver=_weaver(args), seed=args.seed)
        if args.json:
            return json.dumps(plan.to_dict(args.lang), ensure_ascii=False)
        lines = [Msg("analysis.cli.plan", {"length": plan.length, "bound": plan.lower_bound,
                                           "before": plan.stage_before, "after": plan.stage_after}).render(args.lang)]
        for k, s in enumerate(plan.steps):
            lines.append(f"{k + 1}. {s.source} - {s.target} -> {s.stage}: {s.reason(args.lang)}")
        return "\n".join(lines)

    return _run(args, body)
