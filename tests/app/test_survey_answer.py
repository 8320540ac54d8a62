"""The answer form (AppTest, real database): opened with a personal link it shows only
the form (no login, no navigation), in Swedish or English as the respondent picks, with
the respondent's own links to confirm; answers are saved, changed and shown again; a
malformed, unknown, withdrawn or expired link shows a translated message and nothing about
the map; names are escaped; another respondent's answer is never shown."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.app.conftest import run_page
from tests.app.helpers import by_key, store_for
from tests.app.test_all_pages_i18n import codes_shown, page_texts
from tests.survey_setup import answer, make_round, view
from weaving.i18n import catalogue, t
from weaving.store.repos.surveys import SAVES_PER_WINDOW
from weaving.ui.common import md_escape

LIB, SCOUT = "Dalby bibliotek", "Scoutkåren Dalby Backar"
KEY_LIKE = re.compile(r"\b(?:survey|ui|page|prog|error|kind|status|strength|type)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*\b")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
HOSTILE = "**Fet** <img src=x onerror=alert(1)> [klick](http://evil.example) :red[röd]"


@pytest.fixture(autouse=True)
def _local(monkeypatch):
    monkeypatch.delenv("WEAVING_AUTH", raising=False)


@pytest.fixture
def survey(demo_db):
    store = store_for(demo_db)
    with store.uow() as uow:
        m = uow.maps.require("Dalby")
        bad = uow.actors.add(m.id, name=HOSTILE, type="association")
        uow.links.add(uow.actors.by_name(LIB).id, bad.id, kind="dialogue", strength=1)
        uow.commit()
    rid, tokens = make_round(store, actors=[LIB, SCOUT])
    yield store, rid, tokens
    store.dispose()


def clean(at, lang: str) -> list[str]:
    assert not at.exception, at.exception
    shown = page_texts(at)
    assert {k for s in shown for k in KEY_LIKE.findall(s) if k in catalogue()} == set()
    assert [s for s in shown if PLACEHOLDER.search(s)] == []
    assert codes_shown(shown, lang) == set()
    return shown


def open_form(token: str, lang: str = "sv"):
    return run_page(lang=lang, params={"t": token})


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_form_alone_in_either_language(survey, lang):
    store, _rid, tokens = survey
    at = open_form(tokens[LIB], lang)
    shown = clean(at, lang)
    assert t("survey.q.today", lang) in shown and t("survey.q.wish", lang) in shown and t("survey.q.challenges", lang) in shown
    assert t("survey.answer.privacy", lang) in shown
    assert len(at.sidebar.children) == 0                      # no navigation, no language box, no map choice
    assert at.get("page_link") == []
    assert t("ui.nav.overview", lang) not in "\n".join(shown)
    own = [r for r in at.radio if r.key.startswith("ans_own_")]
    assert own and all(r.value == "skip" for r in own)         # the respondent's links, nothing assumed


def test_language_is_chosen_by_the_respondent(survey):
    _store, _rid, tokens = survey
    at = open_form(tokens[LIB], "sv")
    assert t("survey.q.today", "sv") in page_texts(at)
    at.button_group(key="ans_lang").set_value("en").run()
    clean(at, "en")
    assert t("survey.q.today", "en") in page_texts(at)


def test_answer_save_change_and_see_it_again(survey):
    store, rid, tokens = survey
    at = open_form(tokens[LIB])
    lib = view(store, tokens[LIB])
    first = lib.links[0]
    by_key(at.radio, f"ans_own_{first.actor_id}_{first.kind}").set_value("still").run()
    by_key(at.radio, f"ans_own_s_{first.actor_id}_{first.kind}").set_value(3).run()
    second = lib.links[1]
    by_key(at.radio, f"ans_own_{second.actor_id}_{second.kind}").set_value("ended").run()
    at.multiselect(key="ans_today").set_value([SCOUT, "Nya gänget"]).run()
    kinds = [s for s in at.selectbox if s.key.startswith("ans_tk_")]
    assert len(kinds) == 2
    kinds[0].set_value("joint_activity").run()
    at.multiselect(key="ans_wish").set_value(["Dalby Fotbollsklubb"]).run()
    at.text_area(key="ans_ch_0").input("Unga saknar mötesplatser på kvällarna").run()
    at.multiselect(key="ans_chw_0").set_value(["Fritidsgården Dalby"]).run()
    at.text_input(key="ans_cname").input("Kim Kontakt").run()
    at.text_input(key="ans_cemail").input("kim@example.org").run()
    with store.uow() as uow:
        links_before = len(uow.links.list())
    at.button(key="ans_save").click().run()
    clean(at, "sv")
    assert [s.value for s in at.success] == [t("survey.answer.saved", "sv", date="31 december 2099")]

    saved = view(store, tokens[LIB]).answer
    today = {(e["name"], e["kind"]): e for e in saved["today"]}
    assert today[(first.name, first.kind)]["strength"] == 3 and not today[(first.name, first.kind)]["ended"]
    assert today[(second.name, second.kind)]["ended"]
    assert (SCOUT, "joint_activity") in today and today[("Nya gänget", "dialogue")]["actor_id"] is None
    assert saved["wish"][0]["name"] == "Dalby Fotbollsklubb"
    fg = next(i for i, n in lib.actors if n == "Fritidsgården Dalby")
    assert saved["challenges"] == [{"text": "Unga saknar mötesplatser på kvällarna",
                                    "with": [{"actor_id": fg, "name": "Fritidsgården Dalby"}]}]
    assert saved["contact"] == {"name": "Kim Kontakt", "email": "kim@example.org", "phone": ""}
    with store.uow() as uow:
        assert len(uow.links.list()) == links_before           # nothing reaches the map before review
        assert uow.surveys.status(rid).answered == 1

    again = open_form(tokens[LIB])                              # a new visit: the saved answer is shown
    clean(again, "sv")
    assert by_key(again.radio, f"ans_own_{first.actor_id}_{first.kind}").value == "still"
    assert by_key(again.radio, f"ans_own_{second.actor_id}_{second.kind}").value == "ended"
    assert again.multiselect(key="ans_today").value == [SCOUT, "Nya gänget"]
    assert again.text_input(key="ans_cname").value == "Kim Kontakt"
    assert any(t("survey.answer.saved_before", "sv", date="").split("(")[0] in c.value for c in again.caption)

    other = open_form(tokens[SCOUT])                            # the other respondent sees none of it
    shown = "\n".join(clean(other, "sv"))
    assert "Kim Kontakt" not in shown and "Unga saknar" not in shown and "Nya gänget" not in shown


def test_names_are_escaped(survey):
    _store, _rid, tokens = survey
    at = open_form(tokens[LIB])
    assert "**" + md_escape(HOSTILE) + "** · " + t("survey.kind.dialogue", "sv") in [m.value for m in at.markdown]
    unescaped = re.compile(r"(?<!\\)(?:<img|\]\(http|:red\[)")     # "<", "](" and ":red[" only escaped
    assert [m.value for m in at.markdown if HOSTILE[:6] in m.value.replace("\\", "")] != []
    assert [m.value for m in at.markdown if unescaped.search(m.value)] == []


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_links_that_do_not_work(survey, lang):
    store, rid, tokens = survey
    with store.uow() as uow:
        uow.surveys.revoke(rid, [uow.actors.by_name(SCOUT).id])
        uow.commit()
    cases = {"": "survey.link.invalid", "nonsense<script>": "survey.link.invalid", "Q" * 43: "survey.link.invalid",
             tokens[SCOUT]: "survey.link.revoked"}
    with store.uow() as uow:
        m = uow.maps.require("Dalby")
        rnd, links = uow.surveys.create_round(m.id, until=dt.date.today(), actor_ids=[uow.actors.by_name(LIB).id])
        rnd.closes_on = dt.date.today() - dt.timedelta(days=1)   # the round closed yesterday
        uow.commit()
    cases[links[0].token] = "survey.link.expired"
    for token, key in cases.items():
        at = open_form(token, lang)
        shown = clean(at, lang)
        assert [e.value for e in at.error] == [md_escape(t(key, lang))], token  # shown as text (issue 23)
        joined = "\n".join(shown)
        assert "Dalby" not in joined and LIB not in joined and SCOUT not in joined
        assert at.get("radio") == [] and at.get("multiselect") == [] and len(at.sidebar.children) == 0


def test_saving_too_often_is_refused_in_plain_words(survey):
    store, _rid, tokens = survey
    for _ in range(SAVES_PER_WINDOW):
        answer(store, tokens[SCOUT], {"wish": [LIB]})
    at = open_form(tokens[SCOUT])
    at.button(key="ans_save").click().run()
    clean(at, "sv")
    assert [e.value for e in at.error] == [md_escape(t("survey.error.too_many_saves", "sv", minutes=60))]


def test_no_login_for_the_form_but_for_everything_else(survey, monkeypatch):
    _store, _rid, tokens = survey
    monkeypatch.setenv("WEAVING_AUTH", "builtin")
    at = open_form(tokens[LIB])
    clean(at, "sv")
    assert t("survey.q.today", "sv") in page_texts(at) and at.get("text_input")[0].key != "login_username"
    plain = run_page(lang="sv")                                  # without a link: the login form, nothing else
    assert [x.value for x in plain.title] == [t("auth.title", "sv")]


def test_every_kind_and_strength_has_plain_words_for_respondents():
    from weaving.core.schema import LINK_KINDS
    from weaving.ui.survey_answer import KINDS

    assert sorted(KINDS) == sorted(LINK_KINDS)
    for lang in ("sv", "en"):
        words = [t(f"survey.kind.{k}", lang) for k in LINK_KINDS] + [t(f"survey.strength.{s}", lang) for s in (1, 2, 3)]
        assert len(set(words)) == len(words) and not codes_shown(words, lang)
