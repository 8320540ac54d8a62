"""Erasing a contact person everywhere (GDPR), and an honest report of every place.

:func:`erase_contact` (``uow.contacts.erase``) removes a person, found by
:func:`weaving.core.names.name_key` (any spelling of the name), from every place the
database holds them as a person: contact persons of actors (and so the links they
carry), snapshots (node contacts and link carriers), survey answers (the contact
given, and the weaver's decision on it). It also looks for the name in free text --
descriptions of maps and actors, links' purpose and place, challenges, introductions,
snapshots' free text and labels, survey answers' notes and challenge texts and the
decisions made on them -- and, with ``free_text=True``, replaces each mention with
:data:`MARKER`. Without it the mentions are counted and left.

A name found nowhere raises :class:`~weaving.core.errors.NotFoundError` with up to five
near names (compared without case and accents, :func:`loose_key`, then
:func:`difflib.get_close_matches`), so a typing mistake never reports "erased".
Older backups are files outside the database: nothing here can reach them.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import distinct, func, or_, select
from sqlalchemy.orm.attributes import flag_modified

from weaving.core.errors import NotFoundError, ValidationError
from weaving.core.names import normalise_name
import weaving.store.validate as V
from weaving.store.models import (
    Actor, Challenge, ContactPerson, Introduction, Link, Map, Snapshot, SurveyAnswer, SurveyDecision,
    SurveyInvite, SurveyRound, link_carriers,
)

#: what a mention in free text becomes: the editorial mark for words left out, the same
#: in Swedish and English and in every export (it never names anyone)
MARKER = "[…]"
#: free-text keys inside JSON (snapshot graphs, survey answers, decisions)
JSON_TEXT_KEYS = frozenset({"description", "purpose", "place", "note", "text", "solution", "reason"})
#: the kinds of free text, in the order they are reported
FREE_TEXT_KINDS = ("maps", "actors", "links", "challenges", "introductions", "snapshots", "survey_answers")
_JOINER = r"[\s\u00ad\u200b-\u200f\u2060\ufeff]+"


@dataclass(frozen=True)
class Erasure:
    """What :func:`erase_contact` found and did.

    ``contacts``: contact persons deleted at actors; ``links``: links they carried;
    ``snapshots``: snapshots the person was taken out of; ``survey_answers``: answers
    whose contact person it was. ``free_text``: mentions of the name in free text by
    kind (:data:`FREE_TEXT_KINDS`), replaced with :data:`MARKER` when ``scrubbed``.
    """

    contacts: int = 0
    links: int = 0
    snapshots: int = 0
    survey_answers: int = 0
    free_text: dict[str, int] = field(default_factory=dict)
    scrubbed: bool = False

    @property
    def places(self) -> int:
        """Places the person was erased from as a person (free text aside)."""
        return self.contacts + self.links + self.snapshots + self.survey_answers

    @property
    def mentions(self) -> int:
        """Mentions of the name in free text (replaced when ``scrubbed``, else left)."""
        return sum(self.free_text.values())

    def lines(self, lang: str | None = None, *, hint: str = "cli") -> list[str]:
        """The report in words, the same in the command line and the app: every place
        with its count, the free-text mentions (replaced, or left with how to replace
        them: ``hint`` ``cli`` or ``app``) and that older backups are out of reach."""
        from weaving.i18n import t

        out = [t("erase.report.done" if self.places else "erase.report.no_person", lang, n=self.places)]
        for kind in ("contacts", "links", "snapshots", "survey_answers"):
            n = getattr(self, kind)
            if n:
                out.append(t(f"erase.report.{kind}", lang, n=n))
        if self.mentions:
            kinds = ", ".join(t(f"erase.kind.{k}", lang, n=n) for k, n in self.free_text.items())
            if self.scrubbed:
                out.append(t("erase.report.scrubbed", lang, n=self.mentions, kinds=kinds, marker=MARKER))
            else:
                out.append(t("erase.report.mentions_left", lang, n=self.mentions, kinds=kinds))
                out.append(t(f"erase.hint.{hint}", lang, marker=MARKER))
        else:
            out.append(t("erase.report.no_mentions", lang))
        out.append(t("erase.report.backups", lang))
        return out

    def as_dict(self) -> dict[str, Any]:
        """The counts (never the name): for the audit log and ``--json`` style output."""
        return {"contacts": self.contacts, "links": self.links, "snapshots": self.snapshots,
                "survey_answers": self.survey_answers, "free_text": dict(self.free_text),
                "scrubbed": self.scrubbed}


def loose_key(value: Any) -> str:
    """A name without case and accents, for suggesting near names: NFKD with the
    combining marks dropped, then :meth:`str.casefold` ("Åsa Öberg" -> "asa oberg").

    Examples
    --------
    >>> loose_key("  Åsa\\u00a0ÖBERG ")
    'asa oberg'
    """
    text = unicodedata.normalize("NFKD", normalise_name(value))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def near_names(typed: str, known: Iterable[str], n: int = 5) -> list[str]:
    """Known names close to ``typed``: the same without case and accents first, then
    :func:`difflib.get_close_matches` on :func:`loose_key`; each name once.

    Examples
    --------
    >>> near_names("asa oberg", ["Åsa Öberg", "Anna Exempel", "Åsa Öbergh"])
    ['Åsa Öberg', 'Åsa Öbergh']
    """
    by_loose: dict[str, str] = {}
    for name in known:
        text = normalise_name(name)
        if text and not text.startswith("contact:"):
            by_loose.setdefault(loose_key(text), text)
    want = loose_key(typed)
    close = difflib.get_close_matches(want, list(by_loose), n=n, cutoff=0.75)
    ordered = ([want] if want in by_loose else []) + [c for c in close if c != want]
    return [by_loose[k] for k in ordered[:n]]


def mention_pattern(name: str) -> re.Pattern[str]:
    """The name as a whole word (or words) in free text: case-insensitive, any run of
    spaces (or invisible characters) between its words."""
    words = [re.escape(w) for w in normalise_name(name).split(" ") if w]
    return re.compile(rf"(?<!\w){_JOINER.join(words)}(?!\w)", re.IGNORECASE)


def scrub_text(text: Any, pattern: re.Pattern[str], replace: bool) -> tuple[Any, int]:
    """(text with every mention replaced by :data:`MARKER` if ``replace``, mentions)."""
    if not isinstance(text, str) or not text:
        return text, 0
    new, n = pattern.subn(MARKER, text)
    if not n:   # a decomposed spelling ("o" + combining diaeresis) in the stored text
        composed = unicodedata.normalize("NFC", text)
        if composed != text:
            new, n = pattern.subn(MARKER, composed)
    return (new if replace else text), n


def scrub_json(obj: Any, pattern: re.Pattern[str], replace: bool) -> tuple[Any, int]:
    """Scrub the free-text values (:data:`JSON_TEXT_KEYS`) anywhere in a JSON value;
    returns (the value, changed in place when ``replace``; mentions)."""
    total = 0
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key in JSON_TEXT_KEYS and isinstance(value, str):
                obj[key], n = scrub_text(value, pattern, replace)
            else:
                _, n = scrub_json(value, pattern, replace)
            total += n
    elif isinstance(obj, list):
        for item in obj:
            total += scrub_json(item, pattern, replace)[1]
    return obj, total


def _drop_person(graph: dict[str, Any], wanted: str) -> bool:
    """Take the person out of a snapshot graph's node contacts and link carriers."""
    changed = False
    for node in graph.get("nodes", []):
        contacts = node.get("contacts") or []
        kept = [c for c in contacts if V.name_key(c) != wanted]
        if len(kept) != len(contacts):
            node["contacts"], changed = kept, True
    for link in graph.get("links", []):
        carriers = link.get("carried_by") or []
        kept = [c for c in carriers if V.name_key(c) != wanted]
        if len(kept) != len(carriers):
            link["carried_by"], changed = kept, True
    return changed


def _snapshots(uow) -> list[Snapshot]:
    return list(uow.session.scalars(select(Snapshot).join(Map).where(Map.workspace_id == uow.workspace.id)))


def _answers(uow) -> list[SurveyAnswer]:
    return list(uow.session.scalars(select(SurveyAnswer).join(SurveyInvite).join(SurveyRound)
                                    .where(SurveyRound.workspace_id == uow.workspace.id)))


def _decisions(uow) -> list[SurveyDecision]:
    return list(uow.session.scalars(select(SurveyDecision).join(SurveyInvite).join(SurveyRound)
                                    .where(SurveyRound.workspace_id == uow.workspace.id)))


def _columns(uow, pattern, longest: str, replace: bool) -> dict[str, int]:
    """Mentions in the free-text columns, by kind (rows picked in SQL by the longest word)."""
    ws = uow.workspace.id
    sources = (
        ("maps", Map, (Map.description,), Map.workspace_id == ws, None),
        ("actors", Actor, (Actor.description,), Actor.workspace_id == ws, None),
        ("links", Link, (Link.purpose, Link.place), Link.workspace_id == ws, None),
        ("challenges", Challenge, (Challenge.text, Challenge.solution), Map.workspace_id == ws, Map),
        ("introductions", Introduction, (Introduction.reason, Introduction.note), Introduction.workspace_id == ws, None),
    )
    found: dict[str, int] = {}
    for kind, model, cols, scope, join in sources:
        q = select(model)
        if join is not None:
            q = q.join(join)
        hint = [func.lower(c).contains(longest, autoescape=True) for c in cols]
        for row in uow.session.scalars(q.where(scope, or_(*hint))):
            for col in cols:
                new, n = scrub_text(getattr(row, col.key), pattern, replace)
                if n:
                    found[kind] = found.get(kind, 0) + n
                    if replace:
                        setattr(row, col.key, new)
    return found


def erase_contact(uow, name: str, *, free_text: bool = False) -> Erasure:
    """Erase a contact person everywhere; admins only (see the module doc).

    The audit entry records the counts, never the name. The caller commits.

    Parameters
    ----------
    uow : weaving.store.uow.UnitOfWork
    name : str
        Matched by :func:`weaving.core.names.name_key` (any spelling of it).
    free_text : bool, optional
        Also replace mentions of the name in free text with :data:`MARKER`.

    Returns
    -------
    Erasure

    Raises
    ------
    PermissionDenied
        The user is not an admin.
    ValidationError
        The name is empty.
    NotFoundError
        ``erase.error.no_match`` (with ``suggestions``) or ``erase.error.no_match_none``:
        the name is nowhere, not even in free text; nothing was changed.
    """
    uow.require("admin")
    wanted = V.name_key(name)
    if not wanted:
        raise ValidationError("error.name_empty")
    s = uow.session
    pattern = mention_pattern(name)
    longest = max(wanted.split(" "), key=len)
    people = uow.contacts.find(name)
    ids = [p.id for p in people]
    links = s.scalar(select(func.count(distinct(link_carriers.c.link_id)))
                     .where(link_carriers.c.contact_id.in_(ids))) if ids else 0
    for p in people:
        s.delete(p)
    found = _columns(uow, pattern, longest, free_text)
    snapshots = 0
    for snap in _snapshots(uow):
        graph = snap.graph
        changed = _drop_person(graph, wanted)
        _, n = scrub_json(graph, pattern, free_text)
        label, m = scrub_text(snap.label, pattern, free_text)
        if n + m:
            found["snapshots"] = found.get("snapshots", 0) + n + m
        if free_text and m:
            snap.label = label
        if changed or (free_text and n):
            flag_modified(snap, "graph")
        snapshots += changed
    answers = uow.surveys.erase_contact(wanted)   # a contact person given in a survey answer
    for row, attr in [*((a, "data") for a in _answers(uow)), *((d, "detail") for d in _decisions(uow))]:
        _, n = scrub_json(getattr(row, attr) or {}, pattern, free_text)
        if n:
            found["survey_answers"] = found.get("survey_answers", 0) + n
            if free_text:
                flag_modified(row, attr)
    report = Erasure(len(people), int(links or 0), snapshots, answers,
                     {k: found[k] for k in FREE_TEXT_KINDS if found.get(k)}, free_text)
    if not report.places and not report.mentions:
        suggestions = near_names(name, _known_names(uow))
        shown = normalise_name(name)[:80]
        if suggestions:
            raise NotFoundError("erase.error.no_match", name=shown, suggestions=", ".join(suggestions))
        raise NotFoundError("erase.error.no_match_none", name=shown)
    uow.flush()
    uow.record("erase", "contact", None, **report.as_dict())
    return report


def _known_names(uow) -> list[str]:
    """Every person's name the workspace holds: contact persons, snapshots' contacts and
    carriers, survey answers' contact persons."""
    names = list(uow.session.scalars(select(ContactPerson.name).join(Actor)
                                     .where(Actor.workspace_id == uow.workspace.id)))
    for snap in _snapshots(uow):
        for node in snap.graph.get("nodes", []):
            names.extend(str(c) for c in node.get("contacts") or [])
        for link in snap.graph.get("links", []):
            names.extend(str(c) for c in link.get("carried_by") or [])
    for ans in _answers(uow):
        person = (ans.data or {}).get("contact") or {}
        if person.get("name"):
            names.append(str(person["name"]))
    return names
