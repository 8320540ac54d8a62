"""Progress in plain words and numbers: formatted metrics and changes, the stage's
evidence and what changed between two pictures of a map, in Swedish or English
(catalogue ``weaving/i18n/progress.json``; numbers and dates via ``weaving.i18n``)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from weaving.i18n import fmt_number, fmt_percent, t
from weaving.progress.metrics import GOOD_DIRECTION, STAGES

if TYPE_CHECKING:
    from weaving.progress.timeline import Progress

# one implementation for the whole app: weaving.i18n
fmt_num, fmt_pct = fmt_number, fmt_percent


def fmt_delta(key: str, delta: Any, lang: str = "sv") -> str:
    """A signed change in the unit of the metric (percentage points for shares)."""
    if delta is None:
        return ""
    d = float(delta)
    if negligible(key, d):
        return t("prog.delta.same", lang)
    if key in ("weaver_share", "largest_share", "cut_off"):
        body = t("prog.unit.pp", lang, n=fmt_num(abs(100 * d), lang))
    elif key == "avg_path":
        body = fmt_num(abs(d), lang, 1)
    elif key in ("efficiency", "centralisation", "modularity", "density"):
        body = fmt_num(abs(d), lang, 2)
    else:
        body = fmt_num(abs(d), lang)
    return ("+" if d > 0 else "−") + body


def fmt_metric(key: str, value: Any, lang: str = "sv") -> str:
    if key in ("weaver_share", "largest_share", "cut_off"):
        return fmt_pct(value, lang)
    if key in ("efficiency", "centralisation", "modularity", "density"):
        return fmt_num(value, lang, 2)
    if key == "avg_path":
        return fmt_num(value, lang, 1)
    if key == "stage":
        return t(f"analysis.stage.{value}", lang) if value in STAGES else "–"
    return fmt_num(value, lang)


def negligible(key: str, delta: float) -> bool:
    """A change too small to show (below the precision the number is shown with)."""
    d = abs(float(delta))
    if key in ("weaver_share", "largest_share", "cut_off"):
        return d < 0.005
    if key == "avg_path":
        return d < 0.05
    if key in ("efficiency", "centralisation", "modularity", "density"):
        return d < 0.005
    return d < 0.5


def delta_tone(key: str, delta: Any) -> str:
    """"good" / "bad" / "neutral" for a change, seen from a weaver who wants to step back."""
    if delta is None:
        return "neutral"
    sign = GOOD_DIRECTION.get(key, 0)
    if sign == 0 or negligible(key, delta):
        return "neutral"
    return "good" if float(delta) * sign > 0 else "bad"


def join_names(names: Sequence[str], lang: str = "sv") -> str:
    items = [str(n) for n in names]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + t("prog.and", lang) + items[-1]




def weaver_phrase(metrics: dict, lang: str = "sv") -> str:
    names = list(metrics.get("weavers") or [])
    if not names:
        return t("prog.the_weaver", lang)
    if len(names) <= 2:
        return join_names(names, lang)
    return t("prog.n_weavers", lang, n=len(names))


def stage_sentences(metrics: dict, lang: str = "sv") -> list[str]:
    """The evidence for the stage in plain words (from the stored metrics)."""
    if not metrics or not metrics.get("actors"):
        return [t("prog.ev.empty", lang)]
    out = []
    n, comps = metrics.get("actors", 0), metrics.get("components", 0)
    if not metrics.get("links"):
        return [t("prog.ev.no_links", lang, n=fmt_num(n, lang))]
    if comps <= 1:
        out.append(t("prog.ev.one_piece", lang, n=fmt_num(n, lang)))
    else:
        out.append(t("prog.ev.pieces", lang, n=fmt_num(comps, lang), pct=fmt_pct(metrics.get("largest_share"), lang)))
    has_weaver = bool(metrics.get("weavers"))
    if has_weaver:
        names = list(metrics.get("weavers") or [])
        if len(names) > 1:
            out.append(t("prog.ev.share_many", lang, n=fmt_num(len(names), lang),
                         pct=fmt_pct(metrics.get("weaver_share"), lang)))
        else:
            out.append(t("prog.ev.share", lang, weaver=weaver_phrase(metrics, lang),
                         pct=fmt_pct(metrics.get("weaver_share"), lang)))
        if metrics.get("cut_off", 0) and metrics.get("cut_off", 0) > 0:
            out.append(t("prog.ev.split", lang, n=fmt_num(metrics.get("components_without_weaver"), lang),
                         pct=fmt_pct(metrics.get("cut_off"), lang)))
        else:
            out.append(t("prog.ev.survives", lang))
        dep = metrics.get("dependent", 0)
        out.append(t("prog.ev.dependent", lang, n=fmt_num(dep, lang)) if dep else t("prog.ev.dependent_none", lang))
    if metrics.get("avg_path"):
        out.append(t("prog.ev.path", lang, steps=fmt_num(metrics.get("avg_path"), lang, 1)))
    hubs = metrics.get("core_hubs", 0)
    if hubs:
        out.append(t("prog.ev.hubs", lang, n=fmt_num(hubs, lang)))
    return out


def stage_headline(metrics: dict, lang: str = "sv") -> str:
    st = metrics.get("stage") if metrics else None
    if st not in STAGES:
        return t("prog.ev.empty", lang)
    means = t(f"analysis.stage.{st}_means", lang)
    return t("prog.stage_is", lang, stage=t(f"analysis.stage.{st}", lang), means=means)


def change_sentences(p: Progress, lang: str = "sv") -> list[str]:
    """What changed between two pictures, in a few plain sentences (numbers only, no names)."""
    d = p.diff
    out = []
    found = len(d.found_each_other)
    out.append(t("prog.ch.found", lang, n=fmt_num(found, lang)) if found else t("prog.ch.found_none", lang))
    added, ended = len(d.links_added), len(d.links_ended)
    if added or ended:
        out.append(t("prog.ch.links", lang, added=fmt_num(added, lang), ended=fmt_num(ended, lang)))
    else:
        out.append(t("prog.ch.links_none", lang))
    if d.actors_added:
        out.append(t("prog.ch.actors", lang, n=fmt_num(len(d.actors_added), lang)))
    if d.actors_removed:
        out.append(t("prog.ch.actors_removed", lang, n=fmt_num(len(d.actors_removed), lang)))
    if p.confirmed:
        out.append(t("prog.ch.confirmed", lang, n=fmt_num(len(p.confirmed), lang)))
    sb, sa = d.metrics_before.get("stage"), d.metrics_after.get("stage")
    if sb in STAGES and sa in STAGES:
        if sb == sa:
            out.append(t("prog.ch.stage_same", lang, stage=t(f"analysis.stage.{sa}", lang)))
        else:
            key = "prog.ch.stage_up" if STAGES.index(sa) > STAGES.index(sb) else "prog.ch.stage_down"
            out.append(t(key, lang, before=t(f"analysis.stage.{sb}", lang), after=t(f"analysis.stage.{sa}", lang)))
    wb, wa = d.metrics_before.get("weaver_share"), d.metrics_after.get("weaver_share")
    if isinstance(wb, (int, float)) and isinstance(wa, (int, float)) and d.metrics_after.get("weavers"):
        if abs(wa - wb) >= 0.005:
            key = "prog.ch.share_down" if wa < wb else "prog.ch.share_up"
            out.append(t(key, lang, before=fmt_pct(wb, lang), after=fmt_pct(wa, lang)))
    return out


METRIC_ROWS = ("actors", "links", "links_existing", "links_introduced", "links_desired", "links_ended",
               "weaver_share", "components", "components_without_weaver", "dependent", "efficiency", "avg_path",
               "centralisation", "clusters", "modularity", "core_hubs")


def metric_table(p: Progress, lang: str = "sv") -> list[dict[str, str]]:
    """Rows metric / before / after / change / tone for a table."""
    mb, ma = p.diff.metrics_before, p.diff.metrics_after
    rows = [{"key": "stage", "metric": t("prog.m.stage", lang), "before": fmt_metric("stage", mb.get("stage"), lang),
             "after": fmt_metric("stage", ma.get("stage"), lang), "change": "",
             "tone": delta_tone("stage_index", _diff(mb.get("stage_index"), ma.get("stage_index")))}]
    for key in METRIC_ROWS:
        delta = _diff(mb.get(key), ma.get(key))
        rows.append({"key": key, "metric": t(f"prog.m.{key}", lang), "before": fmt_metric(key, mb.get(key), lang),
                     "after": fmt_metric(key, ma.get(key), lang), "change": fmt_delta(key, delta, lang),
                     "tone": delta_tone(key, delta)})
    return rows


def _diff(before: Any, after: Any) -> float | None:
    ok = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)  # noqa: E731
    return float(after) - float(before) if ok(before) and ok(after) else None
