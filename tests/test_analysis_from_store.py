"""Analysis of maps read from the database: the same answers on SQLite and PostgreSQL,
and the fictional demo areas land in the weaving stage they were drawn to show."""
from __future__ import annotations

import json

import pytest

from weaving.analysis import analyse, plan_step_back, suggest_introductions
from weaving.store.demo import DEMO_FILE, load_demo
from weaving.store import Store, graph_from_maps

INTENDED = {m["name"]: m["intended_stage"] for m in json.loads(DEMO_FILE.read_text(encoding="utf-8"))["maps"]}


def _results(url: str) -> dict:
    store = Store(url)
    load_demo(store)
    out = {}
    with store.uow() as uow:
        for m in uow.maps.list():
            G = graph_from_maps(uow, [m.id])
            out[m.name] = {
                "analysis": analyse(G, seed=7).to_dict(lang="en"),
                "suggestions": [s.to_dict(lang="en") for s in suggest_introductions(G, top=8, seed=7)],
                "plan": plan_step_back(G, seed=7).to_dict(lang="en") if hasattr(plan_step_back(G, seed=7), "to_dict") else None,
            }
    store.dispose()
    return out


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    return _results(f"sqlite:///{tmp_path_factory.mktemp('ref') / 'ref.db'}")


def test_same_analysis_on_every_backend(db_url, reference):
    assert _results(db_url) == reference


@pytest.mark.parametrize("name", sorted(INTENDED))
def test_demo_areas_show_their_intended_stage(reference, name):
    assert reference[name]["analysis"]["stage"]["stage"] == INTENDED[name]
