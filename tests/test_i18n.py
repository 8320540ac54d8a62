"""One catalogue, two languages: every key has Swedish and English, every key used in
the code exists, and no two files define the same key."""
from __future__ import annotations

import re
from pathlib import Path

from weaving.i18n import LANGUAGES, catalogue, check_catalogue, normalise_language, t

ROOT = Path(__file__).resolve().parents[1]
# literal keys passed to the translation helpers: t("x.y"), tr("x.y"), Msg("x.y"), WeavingError("x.y")...
CALL = re.compile(r"""\b(?:t|tr|_t|Msg|msg|WeavingError|ValidationError|NotFoundError|ConflictError|PermissionDenied|Problem)\(\s*["']([a-z][a-z0-9_]*\.[a-z0-9_.]*[a-z0-9_])["']""")


def test_catalogue_complete_in_both_languages():
    assert check_catalogue() == []
    assert len(catalogue()) > 100


def test_every_literal_key_in_the_code_exists():
    missing = {}
    for path in [*ROOT.glob("weaving/**/*.py"), *ROOT.glob("app_pages/*.py"), ROOT / "app.py"]:
        for key in CALL.findall(path.read_text(encoding="utf-8")):
            if key not in catalogue():
                missing.setdefault(key, str(path.relative_to(ROOT)))
    assert missing == {}


def test_swedish_and_english_differ_where_they_should():
    same = [k for k, v in catalogue().items() if v["sv"] == v["en"] and len(v["en"]) > 25]
    assert same == [], "long texts identical in both languages are probably untranslated"


def test_language_choice():
    assert normalise_language("sv-SE") == "sv"
    assert normalise_language("en_GB") == "en"
    assert normalise_language("de") == "en"
    assert normalise_language(None) == "sv"
    assert set(LANGUAGES) == {"sv", "en"}
    assert t("error.self_link", "sv") != t("error.self_link", "en")


def test_numbers_and_dates_per_language():
    import datetime as dt

    from weaving.i18n import fmt_date, fmt_number, fmt_percent

    assert fmt_number(12345.67, "sv", 1) == "12\u00a0345,7"
    assert fmt_number(12345.67, "en", 1) == "12,345.7"
    assert fmt_number(-2, "sv") == "\u22122"
    assert fmt_percent(0.256, "sv") == "26\u00a0%" and fmt_percent(0.256, "en") == "26%"
    assert fmt_date(dt.date(2026, 3, 5), "sv") == "5 mars 2026"
    assert fmt_date("2026-11-23", "en") == "23 November 2026"
    assert fmt_date(dt.datetime(2026, 5, 1, 12, 0), "sv") == "1 maj 2026"


def test_analysis_texts_use_the_decimal_comma_in_swedish():
    import networkx as nx

    from weaving.analysis import weaving_stage

    G = nx.star_graph(6)
    nx.set_node_attributes(G, {0: True}, "is_weaver")
    G.add_edges_from([(1, 2), (3, 4)])
    stage = weaving_stage(G)
    sv = " ".join(m.render("sv") for m in stage.evidence)
    en = " ".join(m.render("en") for m in stage.evidence)
    assert re.search(r"\d,\d", sv) and not re.search(r"\d\.\d", sv), sv
    assert re.search(r"\d\.\d", en), en
