"""CLI subcommands ``analyse``, ``suggest`` and ``plan`` (registered by weaving.cli.main).

    weaving analyse FILE|--map NAME [--weaver ID] [--json]
    weaving suggest FILE|--map NAME [--top K] [--mode MODE] [--weaver ID|none] [--plain] [--json]
    weaving plan    FILE|--map NAME [--weaver ID] [--json]
    weaving dismiss --map NAME A B --reason REASON     (A, B: actor names or node ids)

``suggest --plain`` ranks missing links by the link model alone (no weaver, no
modes); the weaving-aware mode says which weaver it works around when none is
marked, and ``--weaver none`` works around none.  With ``--map`` the workspace's
recorded outcomes of introductions (made, confirmed, dismissed, declined) go to the
analysis (a judged pair is never suggested again; see ``analysis.training`` for
what the link model learns from them), and pairs already under way are not
suggested again either; ``dismiss`` records such an outcome.

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
    p.add_argument("--plain", action="store_true", help="missing links by the link model alone (no weaver, no modes)")
    p.set_defaults(func=cmd_suggest)
    p = subparsers.add_parser("dismiss", help="dismiss a suggested introduction with a reason (not suggested again)")
    p.add_argument("--map", action="append", dest="maps", metavar="NAME", required=True, help="map name (repeatable)")
    p.add_argument("a", metavar="A", help="actor name or node id")
    p.add_argument("b", metavar="B", help="actor name or node id")
    p.add_argument("--reason", required=True, choices=["not_relevant", "already_in_contact", "did_not_work"])
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--lang", default="en", choices=["en", "sv"])
    p.set_defaults(func=cmd_dismiss)
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
    if [x.lower() for x in w] == ["none"]:
        return False          # no weaver at all
    return w[0] if len(w) == 1 else list(w)


def _recorded(args) -> tuple[list, list]:
    """(outcomes, pairs not to suggest again) of the workspace, for ``--map``."""
    if args.file or not args.maps:
        return [], []
    from weaving.store import Store
    from weaving.store.bridge import node_id

    store = Store()
    try:
        with store.uow() as uow:
            ids = {a.id for a in uow.actors.list([uow.maps.require(n).id for n in args.maps])}
            seen = [(node_id(i.actor_a_id), node_id(i.actor_b_id)) for i in uow.introductions.list()
                    if i.actor_a_id in ids and i.actor_b_id in ids and i.status != "confirmed"]
            outcomes = [(node_id(a), node_id(b), y) for a, b, y in uow.introductions.outcomes()
                        if a in ids and b in ids]
    finally:
        store.dispose()
    return outcomes, seen


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
    from weaving.analysis import missing_links, suggest_introductions
    from weaving.analysis.centrality import betweenness
    from weaving.analysis.messages import Msg
    from weaving.analysis.prepared import prepare
    from weaving.analysis.training import fit_model
    from weaving.analysis.weavers import resolve_weavers

    lang = args.lang

    def body(G):
        if args.top is None or args.top < 1:
            raise ValidationError("analysis.error.bad_top")
        outcomes, seen = _recorded(args)
        prep = prepare(G)
        model = fit_model(prep, args.seed, outcomes)
        if args.plain:
            links = missing_links(prep, top=args.top, seed=args.seed, exclude=seen, outcomes=outcomes)
            if args.json:
                return json.dumps({"mode": "plain", "model": model.to_dict(),
                                   "suggestions": [m.to_dict(lang) for m in links]}, ensure_ascii=False)
            if not links:
                return Msg("analysis.cli.no_suggestions").render(lang)
            return "\n".join(f"{k + 1}. {m.source_label} - {m.target_label} [{m.probability:.3f}]: {m.reason(lang)}"
                             for k, m in enumerate(links))
        weaver = _weaver(args)
        sug = suggest_introductions(prep, top=args.top, weaver=weaver, mode=args.mode, seed=args.seed,
                                    exclude=seen, outcomes=outcomes)
        bc = betweenness(prep, seed=args.seed).values if weaver is None else None
        wi, source = resolve_weavers(prep, weaver, bc)
        note = None
        if source == "fallback":
            note = Msg("analysis.cli.no_weaver_marked", {"weaver": [prep.name(i) for i in wi]}).render(lang)
        elif weaver is False:
            note = Msg("analysis.cli.no_weaver").render(lang)
        items = []
        for s in sug:
            d = s.to_dict(lang)
            d["source_label"], d["target_label"] = (prep.label(prep.index[x]) for x in (s.source, s.target))
            items.append(d)
        if args.json:
            out = {"weaver": {"ids": [prep.nodes[i] for i in wi], "source": source}, "model": model.to_dict(),
                   "suggestions": items}
            if note:
                out["note"] = note
            return json.dumps(out, ensure_ascii=False, default=str)
        lines = [note] if note else []
        if not sug:
            lines.append(Msg("analysis.cli.no_suggestions").render(lang))
        lines += [f"{k + 1}. {d['source_label']} - {d['target_label']} [{Msg('analysis.mode.' + s.mode).render(lang)}, "
                  f"{s.score:.3f}]: {s.reason(lang)}" for k, (s, d) in enumerate(zip(sug, items))]
        return "\n".join(lines)

    return _run(args, body)


def cmd_dismiss(args) -> int:
    from weaving.analysis.messages import Msg
    from weaving.core.names import name_key
    from weaving.store import Store
    from weaving.store.bridge import node_id

    lang = args.lang
    store = Store()
    try:
        with store.uow(user="cli") as uow:
            maps = [uow.maps.require(n) for n in args.maps]
            actors = uow.actors.list([m.id for m in maps])

            def find(x: str):
                hits = [a for a in actors if node_id(a.id) == x or name_key(a.name) == name_key(x)]
                if len(hits) != 1:
                    raise ValidationError("analysis.cli.unknown_actor", name=x)
                return hits[0]

            a, b = find(args.a), find(args.b)
            intro = uow.introductions.record(a.id, b.id, map_id=maps[0].id if len(maps) == 1 else None,
                                             mode="cli", status="dismissed", dismiss_reason=args.reason)
            uow.commit()
            out = {"id": intro.id, "source": node_id(a.id), "target": node_id(b.id), "status": intro.status,
                   "reason": intro.dismiss_reason}
            names = (a.name, b.name)
    except WeavingError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 2
    finally:
        store.dispose()
    from weaving.i18n import t

    print(json.dumps(out, ensure_ascii=False) if args.json else
          Msg("analysis.cli.dismissed", {"a": names[0], "b": names[1],
                                         "reason": t("dismiss." + out["reason"], lang)}).render(lang))
    return 0


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
