"""axe-core (bundled by axe-playwright-python) in a page or in one of its frames.

``run_axe(target, context)`` injects axe's script into ``target`` (a Playwright page
*or frame*: the map runs in a sandboxed srcdoc frame of its own origin, so axe must run
inside that frame's document) and returns the violations; ``assert_no_serious``
fails on any critical or serious one, naming rule, impact and targets."""
from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _script() -> str:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


def run_axe(target, context: Any = None) -> list[dict]:
    target.evaluate(_script())
    return target.evaluate(
        """(ctx) => axe.run(ctx || document, {resultTypes: ['violations']})
                 .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                    targets: v.nodes.map(n => n.target.join(' '))})))""",
        context)


def assert_no_serious(violations: list[dict], where: str) -> None:
    bad = [v for v in violations if v["impact"] in ("critical", "serious")]
    assert bad == [], f"{where}: " + "; ".join(f"{v['id']} ({v['impact']}): {v['targets'][:5]}" for v in bad)
