"""Survey links and answers: the token, its hash, the public link, and the answer's shape.

Tokens
    ``secrets.token_urlsafe(32)``: 256 random bits, 43 URL-safe characters. The database
    keeps only ``sha256(token)`` (hex); a token is looked up by its hash and the stored
    hash compared with :func:`hmac.compare_digest`. Anything that is not 43 such
    characters is refused before the database is asked.

Links
    ``<WEAVING_PUBLIC_URL>/answer?t=<token>``; the public address defaults to
    ``http://localhost:8501`` (set it to the address respondents reach the app by).

Answers
    :func:`clean_answer` turns what a form sent into the stored shape, refusing (a
    translated ``ValidationError``) anything too long or too many::

        {"today": [{"actor_id": 12 | None, "name": "...", "kind": "dialogue",
                    "strength": 1-3, "ended": false}],
         "wish": [{"actor_id": ..., "name": "...", "note": "..."}],
         "challenges": [{"text": "...", "with": [{"actor_id": ..., "name": "..."}]}],
         "contact": {"name": "...", "email": "...", "phone": "..."} or {}}

    Names are stored in normal form (:func:`weaving.core.names.normalise_name`). A name
    that matches an actor of the map (:func:`fold`) becomes that actor's id; any other
    name is a proposed new actor. The respondent's own actor is dropped.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Mapping
from typing import Any

from weaving.core.errors import ValidationError
from weaving.core.names import normalise_name
from weaving.core.schema import LINK_KINDS
import weaving.store.validate as V

TOKEN_BYTES = 32                        # 256 bits (the issue asks for at least 128)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
DEFAULT_PUBLIC_URL = "http://localhost:8501"
ANSWER_PATH = "answer"

MAX_TODAY = 80
MAX_WISH = 40
MAX_CHALLENGES = 5
MAX_WITH = 20
MAX_NAME = 200
MAX_NOTE = 500
MAX_CHALLENGE = 1000
MAX_EMAIL = 200
MAX_PHONE = 50


# ------------------------------------------------------------------------ tokens
def new_token() -> str:
    """A fresh unguessable token (256 bits from :mod:`secrets`)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def well_formed(token: Any) -> bool:
    """True for a string that could be one of our tokens (43 URL-safe characters)."""
    return isinstance(token, str) and _TOKEN.fullmatch(token) is not None


def token_hash(token: str) -> str:
    """The SHA-256 of a token (hex): the only form the database keeps."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def same_hash(stored: str, token: str) -> bool:
    """Constant-time comparison of a stored hash with a token's hash."""
    return hmac.compare_digest(str(stored).encode("ascii"), token_hash(token).encode("ascii"))


def public_url() -> str:
    """The app's public address (``WEAVING_PUBLIC_URL``, default http://localhost:8501)."""
    return (os.environ.get("WEAVING_PUBLIC_URL", "").strip() or DEFAULT_PUBLIC_URL).rstrip("/")


def answer_link(token: str) -> str:
    """The personal link of a token: ``<public address>/answer?t=<token>``."""
    return f"{public_url()}/{ANSWER_PATH}?t={token}"


# ------------------------------------------------------------------------ answers
def fold(name: Any) -> str:
    """A name (or a challenge's text) as answers compare it and as the keys of proposals
    are made of it: the normal form (:func:`weaving.core.names.normalise_name`: spaces,
    invisible characters, composed letters), case-folded. For every name without
    invisible or decomposed characters this is what it always was, so the keys of
    decisions already made stay the same."""
    return normalise_name(V.clean_text(name)).casefold()


def by_fold(names: Mapping[int, str]) -> dict[str, tuple[int, str]]:
    """{fold(name): (id, name)} of some actors; of look-alikes left unmerged (schema 0007)
    the one in normal form wins, as ``ActorRepo.by_name`` finds it."""
    out: dict[str, tuple[int, str]] = {}
    for i, n in sorted(names.items(), key=lambda x: (normalise_name(x[1]) != x[1], x[0])):
        out.setdefault(fold(n), (i, n))
    return out


def _name(value: Any) -> str:
    text = normalise_name(V.clean_text(value, max_len=MAX_NAME * 4 + 10))
    if len(text) > MAX_NAME:
        raise ValidationError("survey.error.too_long", max=MAX_NAME)
    return text


def _text(value: Any, max_len: int, *, one_line: bool = True) -> str:
    text = V.clean_text(value, max_len=max_len * 4 + 10)
    if one_line:
        text = " ".join(text.split())
    if len(text) > max_len:
        raise ValidationError("survey.error.too_long", max=max_len)
    return text


def _items(value: Any, max_items: int) -> list:
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise ValidationError("survey.error.bad_answer")
    if len(value) > max_items:
        raise ValidationError("survey.error.too_many", max=max_items)
    return list(value)


def _as_item(item: Any) -> Mapping:
    if isinstance(item, str):
        return {"name": item}
    if not isinstance(item, Mapping):
        raise ValidationError("survey.error.bad_answer")
    return item


def _target(item: Any, actors: Mapping[str, tuple[int, str]], ids: Mapping[int, str], self_id: int) -> dict | None:
    """{"actor_id", "name"} for an item naming an actor by id (of the map) or by name."""
    if isinstance(item, str):
        item = {"name": item}
    if not isinstance(item, Mapping):
        raise ValidationError("survey.error.bad_answer")
    actor_id = item.get("actor_id")
    if actor_id is not None:
        if isinstance(actor_id, bool) or not isinstance(actor_id, int) or actor_id not in ids:
            raise ValidationError("survey.error.bad_answer")
        return None if actor_id == self_id else {"actor_id": actor_id, "name": ids[actor_id]}
    name = _name(item.get("name"))
    if not name:
        return None
    hit = actors.get(fold(name))
    if hit is not None:
        return None if hit[0] == self_id else {"actor_id": hit[0], "name": hit[1]}
    return {"actor_id": None, "name": name}


def _same(t: dict) -> tuple:
    return (t["actor_id"],) if t["actor_id"] is not None else (None, fold(t["name"]))


def clean_answer(data: Any, map_actors: Mapping[int, str], self_id: int) -> dict[str, Any]:
    """The stored shape of an answer (see the module doc), or a translated refusal.

    Parameters
    ----------
    data : mapping
        What the form sent.
    map_actors : mapping of int to str
        The map's actors (id -> name), the respondent's own included.
    self_id : int
        The respondent's actor.

    Returns
    -------
    dict

    Raises
    ------
    ValidationError
        Not the expected shape, a text too long, too many entries, an unknown kind
        or strength, or an actor id that is not on the map.
    """
    if not isinstance(data, Mapping):
        raise ValidationError("survey.error.bad_answer")
    by_name = by_fold(map_actors)
    out: dict[str, Any] = {"today": [], "wish": [], "challenges": [], "contact": {}}
    seen: set[tuple] = set()
    for item in _items(data.get("today"), MAX_TODAY):
        item = _as_item(item)
        target = _target(item, by_name, map_actors, self_id)
        if target is None:
            continue
        kind = V.choice(item.get("kind"), LINK_KINDS, "kind", default="dialogue")
        key = (*_same(target), kind)
        if key in seen:
            continue
        seen.add(key)
        out["today"].append({**target, "kind": kind, "strength": V.strength(item.get("strength")),
                             "ended": bool(item.get("ended", False))})
    seen = set()
    for item in _items(data.get("wish"), MAX_WISH):
        item = _as_item(item)
        target = _target(item, by_name, map_actors, self_id)
        if target is None or _same(target) in seen:
            continue
        seen.add(_same(target))
        note = _text(item.get("note"), MAX_NOTE, one_line=False)
        out["wish"].append({**target, "note": note})
    for item in _items(data.get("challenges"), MAX_CHALLENGES):
        if not isinstance(item, Mapping):
            raise ValidationError("survey.error.bad_answer")
        text = _text(item.get("text"), MAX_CHALLENGE, one_line=False)
        partners, seen = [], set()
        for other in _items(item.get("with"), MAX_WITH):
            target = _target(other, by_name, map_actors, self_id)
            if target is not None and _same(target) not in seen:
                seen.add(_same(target))
                partners.append(target)
        if text:
            out["challenges"].append({"text": text, "with": partners})
    contact = data.get("contact") or {}
    if not isinstance(contact, Mapping):
        raise ValidationError("survey.error.bad_answer")
    person = {"name": _name(contact.get("name")), "email": _text(contact.get("email"), MAX_EMAIL),
              "phone": _text(contact.get("phone"), MAX_PHONE)}
    if person["email"] and "@" not in person["email"]:
        raise ValidationError("survey.error.bad_email")
    if (person["email"] or person["phone"]) and not person["name"]:
        raise ValidationError("survey.error.contact_name")
    if person["name"]:
        out["contact"] = person
    return out
