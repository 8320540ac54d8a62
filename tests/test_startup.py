"""A quick command line: ``weaving --help`` loads no heavy library, and a database that
is already at the newest migration is recognised without Alembic."""
from __future__ import annotations

import subprocess
import sys

from weaving.store import Store
from weaving.store.engine import alembic_config, at_head, head_revision, make_engine

HEAVY = ("sqlalchemy", "networkx", "numpy", "scipy", "alembic", "pandas", "streamlit", "matplotlib")


def test_head_revision_is_alembics_head():
    from alembic.script import ScriptDirectory

    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_schema_check_skips_alembic_at_head(sqlite_url):
    engine = make_engine(sqlite_url)
    assert not at_head(engine)            # a new, empty database
    Store(sqlite_url, engine=engine)      # migrates
    assert at_head(engine)
    engine.dispose()
    code = (
        "import sys; from weaving.store import Store; "
        f"Store({sqlite_url!r}).dispose(); "
        "print(sorted(m.split('.')[0] for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_help_imports_no_heavy_library():
    code = (
        "import sys\n"
        "from weaving.cli.main import build_parser\n"
        "build_parser().format_help()\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    proc = subprocess.run([sys.executable, "-m", "weaving", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "analyse" in proc.stdout
