"""CLI subcommand ``survey``: self-report survey rounds with personal links.

    weaving survey create --map NAME --until DATE [--actor NAME ...] [--title TEXT] [--json] [--csv FILE]
    weaving survey list [--map NAME] [--json]
    weaving survey status (--round ID | --map NAME) [--json]
    weaving survey revoke (--round ID | --map NAME) (--actor NAME ... | --all)
    weaving survey reissue (--round ID | --map NAME) [--actor NAME ...] [--until DATE] [--json] [--csv FILE]

Links are printed (and written to the CSV for a mail merge) only when they are made:
the database keeps a hash of each, never the link itself; ``reissue`` makes new ones
(the old ones stop working). ``--map`` alone means the map's newest round. Links use
the app's public address, ``WEAVING_PUBLIC_URL`` (default http://localhost:8501).
"""
from __future__ import annotations

import argparse
import json

from weaving.cli.common import cli_lang, open_store
from weaving.core.errors import NotFoundError, ValidationError


def _round_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--round", type=int, metavar="ID", help="round number (see 'weaving survey list')")
    p.add_argument("--map", metavar="NAME", help="map name: its newest round")
    p.add_argument("--lang", choices=["sv", "en"], default=argparse.SUPPRESS, help="language of messages")


def register(subparsers) -> None:
    p = subparsers.add_parser("survey", help="self-report survey rounds: personal links for a map's actors",
                              description=__doc__.split("\n\n")[1] if __doc__ else None,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = actions.add_parser("create", help="start a round: one personal link per actor")
    a.add_argument("--map", required=True, metavar="NAME", help="map name")
    a.add_argument("--until", required=True, metavar="YYYY-MM-DD", help="last day answers can be saved")
    a.add_argument("--actor", action="append", metavar="NAME", help="ask only these actors (repeat); default: all")
    a.add_argument("--title", default="", help="title of the round shown to respondents")
    a.add_argument("--json", action="store_true", help="print JSON")
    a.add_argument("--csv", metavar="FILE", help="also write the links as CSV for a mail merge")
    a.add_argument("--lang", choices=["sv", "en"], default=argparse.SUPPRESS, help="language of messages")
    a = actions.add_parser("list", help="the rounds and their response rates")
    a.add_argument("--map", metavar="NAME", help="only this map")
    a.add_argument("--json", action="store_true", help="print JSON")
    a.add_argument("--lang", choices=["sv", "en"], default=argparse.SUPPRESS, help="language of messages")
    a = actions.add_parser("status", help="who has answered and who has not")
    _round_args(a)
    a.add_argument("--json", action="store_true", help="print JSON")
    a = actions.add_parser("revoke", help="withdraw personal links at once")
    _round_args(a)
    a.add_argument("--actor", action="append", metavar="NAME", help="actor whose link to withdraw (repeat)")
    a.add_argument("--all", action="store_true", help="withdraw every link of the round")
    a = actions.add_parser("reissue", help="new personal links (the old ones stop working)")
    _round_args(a)
    a.add_argument("--actor", action="append", metavar="NAME", help="only these actors (repeat); default: everyone asked")
    a.add_argument("--until", metavar="YYYY-MM-DD", help="new last day (default: the round's)")
    a.add_argument("--json", action="store_true", help="print JSON")
    a.add_argument("--csv", metavar="FILE", help="also write the links as CSV for a mail merge")
    p.set_defaults(func=cmd_survey)


def cmd_survey(args) -> int:
    return {"create": _create, "list": _list, "status": _status, "revoke": _revoke, "reissue": _reissue}[args.action](args)


def _actor_ids(uow, map_id: int, names) -> list[int] | None:
    if not names:
        return None
    on_map = {a.id for a in uow.actors.list([map_id])}
    ids = []
    for name in names:
        actor = uow.actors.by_name(name)
        if actor is None or actor.id not in on_map:
            raise NotFoundError("survey.error.actor_not_on_map", name=str(name)[:200])
        ids.append(actor.id)
    return ids


def _round(uow, args):
    if getattr(args, "round", None):
        return uow.surveys.get_round(args.round)
    if not getattr(args, "map", None):
        raise ValidationError("survey.error.round_or_map")
    m = uow.maps.require(args.map)
    rounds = uow.surveys.rounds(m.id)
    if not rounds:
        raise NotFoundError("survey.error.no_round", map=m.name)
    return rounds[0]


def _links_json(links) -> list[dict]:
    return [{"actor": x.actor, "actor_id": x.actor_id, "link": x.link, "until": x.expires_on.isoformat(),
             "contact": x.contact, "email": x.email} for x in links]


def _print_links(args, rnd, map_name: str, links, key: str) -> None:
    from weaving.i18n import fmt_date, t

    lang = cli_lang(args)
    if getattr(args, "csv", None):
        from pathlib import Path

        from weaving.interchange.invites import invites_csv

        Path(args.csv).write_bytes(invites_csv(links, lang))
    if getattr(args, "json", False):
        print(json.dumps({"round": rnd.id, "map": map_name, "title": rnd.title, "until": rnd.closes_on.isoformat(),
                          "links": _links_json(links)}, ensure_ascii=False))
        return
    print(t(key, lang, n=len(links), round=rnd.id, map=map_name, date=fmt_date(rnd.closes_on, lang)))
    for x in links:
        print(f"{x.actor}\t{x.link}")
    if getattr(args, "csv", None):
        print(t("survey.cli.csv", lang, path=args.csv))


def _create(args) -> int:
    store = open_store(args)
    try:
        with store.uow(user="cli") as uow:
            m = uow.maps.require(args.map)
            rnd, links = uow.surveys.create_round(m.id, until=args.until, actor_ids=_actor_ids(uow, m.id, args.actor),
                                                  title=args.title)
            uow.commit()
            _print_links(args, rnd, m.name, links, "survey.cli.created")
    finally:
        store.dispose()
    return 0


def _reissue(args) -> int:
    store = open_store(args)
    try:
        with store.uow(user="cli") as uow:
            rnd = _round(uow, args)
            m = uow.maps.get(rnd.map_id)
            links = uow.surveys.reissue(rnd.id, _actor_ids(uow, m.id, args.actor), until=args.until)
            uow.commit()
            _print_links(args, rnd, m.name, links, "survey.cli.reissued")
    finally:
        store.dispose()
    return 0


def _revoke(args) -> int:
    from weaving.i18n import t

    if not args.all and not args.actor:
        raise ValidationError("survey.error.revoke_whom")
    store = open_store(args)
    try:
        with store.uow(user="cli") as uow:
            rnd = _round(uow, args)
            n = uow.surveys.revoke(rnd.id, None if args.all else _actor_ids(uow, rnd.map_id, args.actor))
            uow.commit()
    finally:
        store.dispose()
    print(t("survey.cli.revoked", cli_lang(args), n=n, round=rnd.id))
    return 0


def _status_json(st, rows) -> dict:
    return {"round": st.round_id, "title": st.title, "until": st.closes_on.isoformat(), "open": st.is_open,
            "invited": st.invited, "answered": st.answered, "not_answered": list(st.not_answered),
            "actors": [{"actor": r.actor, "state": r.state, "until": r.expires_on.isoformat(),
                        "answered_at": r.answered_at.isoformat() if r.answered_at else None,
                        "updated_at": r.updated_at.isoformat() if r.updated_at else None} for r in rows]}


def _status(args) -> int:
    from weaving.i18n import fmt_date, t

    lang = cli_lang(args)
    store = open_store(args)
    try:
        with store.uow(user="cli") as uow:
            rnd = _round(uow, args)
            st, rows = uow.surveys.status(rnd.id), uow.surveys.invites(rnd.id)
            if getattr(args, "json", False):
                print(json.dumps(_status_json(st, rows), ensure_ascii=False))
                return 0
            print(t("survey.rate", lang, answered=st.answered, invited=st.invited) + " · "
                  + t("survey.cli.until", lang, date=fmt_date(st.closes_on, lang)))
            for r in rows:
                print(f"{r.actor}\t{t('survey.state.' + r.state, lang)}")
    finally:
        store.dispose()
    return 0


def _list(args) -> int:
    from weaving.i18n import fmt_date, t

    lang = cli_lang(args)
    store = open_store(args)
    try:
        with store.uow(user="cli") as uow:
            map_id = uow.maps.require(args.map).id if args.map else None
            names = {m.id: m.name for m in uow.maps.list()}
            out = []
            for rnd in uow.surveys.rounds(map_id):
                st = uow.surveys.status(rnd.id)
                out.append({"round": rnd.id, "map": names.get(rnd.map_id, ""), "title": rnd.title,
                            "until": rnd.closes_on.isoformat(), "open": st.is_open, "invited": st.invited,
                            "answered": st.answered})
            if getattr(args, "json", False):
                print(json.dumps(out, ensure_ascii=False))
                return 0
            if not out:
                print(t("survey.cli.none", lang))
            for r in out:
                print(f"#{r['round']}\t{r['map']}\t{r['title']}\t{fmt_date(r['until'], lang)}\t"
                      + t("survey.rate", lang, answered=r["answered"], invited=r["invited"]))
    finally:
        store.dispose()
    return 0
