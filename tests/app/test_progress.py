"""The progress page (AppTest, real database): empty states, taking a snapshot, comparing
two points in time, trend charts and report downloads, in Swedish and English, with no
exception and no catalogue key or placeholder shown."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.app.conftest import run_page
from tests.app.helpers import by_key, texts, with_uow
from weaving.i18n import catalogue, t
from weaving.ui.common import md_escape

PAGE = "app_pages/progress.py"
KEY_LIKE = re.compile(r"\b(?:prog|page|ui|analysis|status|kind|level|intro)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*\b")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _all_text(at) -> str:
    parts = [texts(at)]
    for group in (at.metric, at.button, at.selectbox, at.text_input, at.tabs, at.radio, at.toggle, at.expander):
        for e in group:
            for attr in ("label", "value", "help", "placeholder"):
                try:
                    v = getattr(e, attr, None)
                except Exception:  # noqa: BLE001 - some elements lack an attribute
                    v = None
                if isinstance(v, str):
                    parts.append(v)
    for df in at.dataframe:
        parts.append(" ".join(map(str, df.value.columns)))
        parts.append(df.value.to_string())
    return "\n".join(parts)


def _clean(at) -> str:
    assert not at.exception, at.exception
    shown = _all_text(at)
    keys = {k for k in KEY_LIKE.findall(shown) if k in catalogue()}
    assert keys == set(), keys
    assert PLACEHOLDER.findall(shown) == []
    return shown


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_empty_database(app_db, lang):
    at = run_page(PAGE, lang=lang)
    shown = _clean(at)
    assert t("prog.page.title", lang) in shown


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_take_snapshot_then_compare(demo_db, lang):
    at = run_page(PAGE, lang=lang)
    shown = _clean(at)
    assert t("prog.page.empty", lang) in shown                       # no snapshots yet: the empty state
    map_name = at.sidebar.selectbox(key="prog_map_one").format_func(at.sidebar.selectbox(key="prog_map_one").value)

    by_key(at.text_input, "prog_label_0").input("Start <b>x</b>")
    at.button[0].click()
    at.run()
    shown = _clean(at)
    assert t("prog.page.taken", lang, label=md_escape("Start <b>x</b>")) in [s.value for s in at.success]  # escaped

    def weave(uow):
        m = uow.maps.require(map_name)
        snaps = uow.snapshots.list(m.id)
        assert [s.label for s in snaps] == ["Start <b>x</b>"]
        assert snaps[0].metrics["stage"] in "abcd" and snaps[0].metrics["actors"] > 10
        # backdate the snapshot, then weave: a new actor linked to two others
        snaps[0].taken_at = dt.datetime(2025, 9, 1, 9)
        actors = uow.actors.list([m.id])
        new = uow.actors.add(m.id, name="Ny förening <script>", type="association")
        uow.links.add(new.id, actors[0].id, kind="joint_activity")
        uow.links.add(new.id, actors[1].id, kind="dialogue")
        return m.id

    with_uow(demo_db, weave)
    at.run()
    shown = _clean(at)
    # compare: the snapshot with now (the defaults)
    assert t("prog.page.actors_added", lang, n=1) in shown.replace("\\", "")
    assert "Ny förening <script>" in shown                            # the name, in a table cell
    assert t("prog.ch.actors", lang, n=1) in shown.replace("\\", "")
    assert t("prog.page.metrics_heading", lang) in shown
    assert any(m.label == t("prog.m.weaver_share", lang) for m in at.metric)
    # the trend tab has data (one snapshot + now) and the report tab its HTML download
    assert t("prog.page.trend_need", lang) not in shown
    assert by_key(at.radio, "prog_report_lang").value == lang


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_compare_two_snapshots(demo_db, lang):
    def setup(uow):
        from weaving.progress.metrics import snapshot_metrics
        from weaving.store import graph_from_maps

        m = uow.maps.list()[0]
        s1 = uow.snapshots.take(m.id, "Första", metrics=snapshot_metrics(graph_from_maps(uow, [m.id])),
                                at=dt.datetime(2025, 3, 1))
        a = uow.actors.add(m.id, name="Helt ny aktör", type="association")
        uow.links.add(a.id, uow.actors.list([m.id])[0].id)
        s2 = uow.snapshots.take(m.id, "Andra", metrics=snapshot_metrics(graph_from_maps(uow, [m.id])),
                                at=dt.datetime(2025, 9, 1))
        return s1.id, s2.id

    first, second = with_uow(demo_db, setup)
    at = run_page(PAGE, lang=lang)
    _clean(at)
    frm = by_key(at.selectbox, "prog_from")
    assert len(frm.options) == 3 and "Andra" in frm.options[1] and frm.value == second   # two snapshots and now
    frm.set_value(first).run()
    by_key(at.selectbox, "prog_to").set_value(second).run()
    shown = _clean(at)
    assert "Helt ny aktör" in shown and t("prog.page.actors_added", lang, n=1) in shown.replace("\\", "")
    assert t("prog.page.tab_list", lang, n=2) in shown
    # the same point twice: a hint, no comparison
    by_key(at.selectbox, "prog_to").set_value(first).run()
    shown = _clean(at)
    assert t("prog.page.same", lang) in shown
