"""Every refusal of the store, in Swedish and English, is in words: no vocabulary code
(joint_activity, ideburen, youth_centre ...), no field code, no catalogue key, no
unfilled placeholder. Run on a real SQLite file and a real PostgreSQL database."""
from __future__ import annotations

import re

import pytest

from tests.app.test_all_pages_i18n import KEY_LIKE, PLACEHOLDER, codes_shown
from weaving.core.errors import WeavingError
from weaving.i18n import catalogue


def refusals(store):
    """(what was tried, the error) for each way the store says no."""
    with store.uow() as uow:
        m = uow.maps.create("Dalby")
        a = uow.actors.add(m.id, name="Dalby bibliotek", type="library")
        b = uow.actors.add(m.id, name="Dalby IF", type="sports_club", sector="ideburen")
        uow.links.add(a.id, b.id, kind="joint_activity")
        uow.commit()
        ids = (m.id, a.id, b.id)
    m_id, a_id, b_id = ids
    attempts = {
        "duplicate link": lambda uow: uow.links.add(b_id, a_id, kind="joint_activity"),
        "bad kind": lambda uow: uow.links.add(a_id, b_id, kind="shared_cake"),
        "bad status": lambda uow: uow.links.add(a_id, b_id, kind="dialogue", status="maybe_later"),
        "bad strength": lambda uow: uow.links.add(a_id, b_id, kind="dialogue", strength=7),
        "bad date": lambda uow: uow.links.add(a_id, b_id, kind="dialogue", start_date="igår"),
        "dates order": lambda uow: uow.links.add(a_id, b_id, kind="dialogue", start_date="2026-05-01",
                                                 end_date="2026-01-01"),
        "self link": lambda uow: uow.links.add(a_id, a_id, kind="dialogue"),
        "bad type": lambda uow: uow.actors.add(m_id, name="Ny", type="youth_club_x"),
        "bad sector": lambda uow: uow.actors.add(m_id, name="Ny", sector="halvoffentlig"),
        "empty name": lambda uow: uow.actors.add(m_id, name="   "),
        "long name": lambda uow: uow.actors.add(m_id, name="x" * 501),
        "duplicate actor": lambda uow: uow.actors.add(m_id, name="dalby IF"),
        "map exists": lambda uow: uow.maps.create("DALBY"),
        "map missing": lambda uow: uow.maps.require("Ingenstans"),
        "stale edit": lambda uow: uow.actors.update(a_id, expected_version=99, name="Nytt namn"),
        "bad level": lambda uow: uow.introductions.record(a_id, b_id, level="carrier_pigeon"),
        "bad position": lambda uow: uow.maps.place(m_id, {a_id: (float("nan"), 0)}),
    }
    out = []
    for what, attempt in attempts.items():
        with store.uow() as uow:
            with pytest.raises(WeavingError) as err:
                attempt(uow)
                uow.commit()
            out.append((what, err.value))
    return out


def test_every_refusal_is_in_words_in_both_languages(store):
    keys = set(catalogue())
    for what, exc in refusals(store):
        for lang in ("sv", "en"):
            text = exc.message(lang)
            assert text and exc.key not in text, (what, text)
            assert not {k for k in KEY_LIKE.findall(text) if k in keys}, (what, text)
            assert not PLACEHOLDER.search(text), (what, text)
            assert codes_shown([text], lang) == set(), (what, lang, text)
            assert not re.search(r"\b(?:kind|type|sector|level|field)\b", text) or lang == "en", (what, text)


def test_duplicate_link_names_the_kind_in_words(store):
    found = dict(refusals(store))["duplicate link"]
    assert "gemensam aktivitet" in found.message("sv").lower()
    assert "joint activity" in found.message("en").lower()


def test_upload_limit_of_streamlit_is_ours():
    """Streamlit refuses larger uploads before our importer sees them: the two agree."""
    import tomllib
    from pathlib import Path

    from weaving.interchange.model import DEFAULT_MAX_BYTES

    config = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == DEFAULT_MAX_BYTES
