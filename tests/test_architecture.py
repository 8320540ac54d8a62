"""The package layout of docs/architecture.md, checked with the standard library's ast:
no import circle inside weaving/, each package imports only what its layer may, and
no source file grows past the size a newcomer can read in one sitting."""
from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "weaving"
MAX_LINES = 400

# package -> the weaving packages it may import (besides itself); see docs/architecture.md
ALLOWED = {
    "i18n": set(),
    "core": {"i18n"},
    "analysis": {"core", "i18n"},
    "mapview": {"core", "i18n"},
    "store": {"core", "i18n"},
    "interchange": {"core", "i18n", "mapview"},
    "progress": {"core", "i18n", "analysis", "mapview", "store"},
    "cli": {"core", "i18n", "analysis", "mapview", "store", "interchange", "progress"},
    "ui": {"core", "i18n", "analysis", "mapview", "store", "interchange", "progress"},
}
# third-party libraries a package must never import
FORBIDDEN = {
    "core": {"streamlit", "sqlalchemy", "alembic", "numpy", "scipy"},
    "analysis": {"streamlit", "sqlalchemy", "alembic", "plotly", "pandas"},
    "mapview": {"streamlit", "sqlalchemy", "alembic"},
    "interchange": {"streamlit", "sqlalchemy", "alembic"},
    "store": {"streamlit", "plotly"},
    "progress": {"streamlit"},
    "cli": {"streamlit"},
    "ui": {"sqlalchemy", "alembic"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources(base: Path) -> list[Path]:
    return sorted(p for p in base.rglob("*.py") if "migrations" not in p.parts)


MODULES = {_module_name(p): p for p in _sources(PKG)}


def _imports(path: Path, mod: str | None = None) -> set[str]:
    """Every module this file imports, at module level or inside a function.
    ``from pkg import sub`` counts as importing ``pkg.sub`` when that is a module."""
    mod = mod or _module_name(path)
    package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            subs = [f"{name}.{a.name}" for a in node.names if f"{name}.{a.name}" in MODULES]
            if subs and len(subs) == len(node.names):
                out.update(subs)
            else:
                out.add(name)
                out.update(subs)
    return out


def _internal(names: set[str]) -> set[str]:
    return {n for n in names if n in MODULES}


def _package(mod: str) -> str | None:
    parts = mod.split(".")
    return parts[1] if len(parts) > 1 and (PKG / parts[1]).is_dir() else None


def test_no_import_circle_inside_weaving():
    graph = {mod: _internal(_imports(path)) - {mod} for mod, path in MODULES.items()}
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as exc:
        pytest.fail(f"import circle: {' -> '.join(exc.args[1])}")


def test_no_module_imports_its_own_package_init():
    bad = []
    for mod, path in MODULES.items():
        pkg = _package(mod)
        if pkg is None or path.name == "__init__.py":
            continue
        if f"weaving.{pkg}" in _imports(path):
            bad.append(mod)
    assert not bad, f"import the sibling module directly, not the package: {bad}"


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_its_layers(package):
    wrong = []
    for mod, path in MODULES.items():
        if _package(mod) != package:
            continue
        names = _imports(path)
        for name in names:
            top = name.split(".")[0]
            if top == "weaving":
                other = _package(name)
                if other and other != package and other not in ALLOWED[package]:
                    wrong.append(f"{mod} imports {name}")
            elif top in FORBIDDEN.get(package, set()):
                wrong.append(f"{mod} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_root_holds_only_the_package_markers():
    loose = sorted(p.name for p in PKG.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert not loose, f"modules belong in a package (docs/architecture.md): {loose}"


def test_pages_reach_the_database_only_through_ui_helpers():
    wrong = []
    for path in sorted((ROOT / "app_pages").glob("*.py")) + [ROOT / "app.py"]:
        for name in _imports(path):
            if name.split(".")[0] in ("sqlalchemy", "alembic") or name.startswith(("weaving.store", "weaving.cli")):
                wrong.append(f"{path.name} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_files_stay_readable():
    long = []
    for path in _sources(PKG) + sorted((ROOT / "app_pages").glob("*.py")) + [ROOT / "app.py"]:
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_LINES:
            long.append(f"{path.relative_to(ROOT)}: {n} lines")
    assert not long, "split by responsibility:\n" + "\n".join(long)


def test_checker_sees_lazy_and_relative_imports(tmp_path):
    """The checks above can fail: imports inside functions, relative imports and
    ``from package import module`` are all seen."""
    planted = tmp_path / "planted.py"
    planted.write_text("from . import uow\n\ndef f():\n    import streamlit\n    from weaving.store import validate\n")
    names = _imports(planted, "weaving.store.planted")
    assert {"weaving.store.uow", "weaving.store.validate", "streamlit"} <= names
