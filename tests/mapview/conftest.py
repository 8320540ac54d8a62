"""Fixtures for the map tests: a small fictional map (names are invented)."""
from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def pytest_configure(config):
    # pyproject.toml registers it too; registering twice is harmless
    config.addinivalue_line("markers", "browser: real-browser test (Playwright + Debian chromium)")


def make_demo_graph() -> nx.MultiGraph:
    """Fictional actors in two areas; 'a1' is the weaver."""
    G = nx.MultiGraph(name="Dalby + Veberöd (fiktiv)")
    actors = [
        ("a1", "Dalby bibliotek", "library", "offentlig", "Dalby", ["kultur", "språk"], True),
        ("a2", "Fritidsgården Dalby", "youth_centre", "offentlig", "Dalby", ["fritid"], False),
        ("a3", "Dalby IF", "sports_club", "ideburen", "Dalby", ["idrott"], False),
        ("a4", "Studieförbundet Exempel", "study_association", "ideburen", "Dalby", ["språk"], False),
        ("a5", "Svenska kyrkan Dalby", "church", "ideburen", "Dalby", ["inkludering"], False),
        ("a6", "Veberöds bibliotek", "library", "offentlig", "Veberöd", ["kultur"], False),
        ("a7", "Läxhjälpsgruppen", "informal_group", "ideburen", "Veberöd", ["läxhjälp"], False),
        ("a8", "Bageriet i Veberöd", "business", "privat", "Veberöd", [], False),
        ("a9", "Kultur- och fritidsförvaltningen", "municipal_unit", "offentlig", "", ["kultur"], False),
        ("a10", "Ensam förening", "association", "ideburen", "Veberöd", ["sång"], False),
    ]
    for nid, label, typ, sector, area, themes, weaver in actors:
        G.add_node(nid, label=label, type=typ, sector=sector, area=area, themes=themes,
                   is_weaver=weaver)
    links = [
        ("a1", "a2", "dialogue", 2, "existing"),
        ("a1", "a2", "joint_activity", 3, "existing"),
        ("a1", "a3", "awareness", 1, "existing"),
        ("a1", "a4", "shared_premises", 3, "existing"),
        ("a1", "a5", "dialogue", 2, "existing"),
        ("a2", "a3", "joint_activity", 2, "desired"),
        ("a6", "a7", "shared_premises", 2, "existing"),
        ("a6", "a8", "awareness", 1, "introduced"),
        ("a1", "a6", "information", 2, "existing"),
        ("a4", "a7", "volunteer_supply", 2, "ended"),
    ]
    for u, v, kind, s, st in links:
        G.add_edge(u, v, key=kind, kind=kind, strength=s, status=st)
    G.add_edge("a9", "a3", key="funding", kind="funding", strength=3, status="existing",
               directed=True, source="a9", purpose="Föreningsbidrag", carried_by=["En handläggare"])
    return G


@pytest.fixture
def demo_graph() -> nx.MultiGraph:
    return make_demo_graph()


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def chromium_path() -> str:
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.skip("Debian chromium not installed at /usr/bin/chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("playwright not installed")
    return CHROMIUM
