"""The same data gives the same map and the same suggestions in every process:
Python salts string hashes per process, so any set or dict-of-set order that leaks
into a layout or a ranking shows up here as a difference between two hash seeds."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.waits import WAIT_S

SCRIPT = r"""
import hashlib, json
from weaving.store import Store, graph_from_maps
from weaving.store.demo import load_demo
from weaving.analysis import analyse, missing_links, plan_step_back, suggest_introductions
from weaving.mapview import render_map_html
import sys
store = Store(sys.argv[1])
with store.uow() as uow:
    empty = not uow.maps.list()
if empty:
    load_demo(store)
with store.uow() as uow:
    G = graph_from_maps(uow, [uow.maps.require("Veberöd").id])
out = {
    "html": hashlib.sha256(render_map_html(G, lang="sv", seed=3).encode()).hexdigest(),
    "analysis": analyse(G, seed=3).to_dict("en"),
    "suggest": [s.to_dict("en") for s in suggest_introductions(G, top=15, seed=3)],
    "plain": [m.to_dict("en") for m in missing_links(G, top=15, seed=3)],
    "plan": plan_step_back(G, seed=3).to_dict("en"),
}
print(hashlib.sha256(json.dumps(out, sort_keys=True, default=str).encode()).hexdigest())
"""


def _run(db: str, hashseed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    proc = subprocess.run([sys.executable, "-c", SCRIPT, db], capture_output=True, text=True, env=env, timeout=7 * WAIT_S)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_same_map_and_suggestions_whatever_the_hash_seed(tmp_path):
    db = f"sqlite:///{tmp_path / 'det.db'}"
    first = _run(db, "1")
    assert len(first) == 64
    assert _run(db, "2") == first
    assert _run(db, "12345") == first
