"""Value-level helpers shared by importers and exporters.

* text cleaning (control characters, newlines),
* header synonyms (Swedish + English) -> our field names,
* vocabulary mapping (Swedish + English + Kumu words) -> schema keys,
* date / strength / boolean parsing.

Pure functions, no I/O.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from typing import Any

from weaving.core.schema import ACTOR_TYPES, LINK_KINDS, LINK_STATUSES, SECTORS

# --------------------------------------------------------------------------- text

# Characters XML 1.0 cannot carry (and PostgreSQL text cannot hold NUL): C0 controls
# except TAB/LF/CR, lone surrogates, U+FFFE/U+FFFF.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NEEDS_CLEANING = re.compile("[\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # CR + _BAD_CHARS


def strip_control(text: str) -> str:
    """Remove characters that XML/Excel/PostgreSQL cannot carry (NUL, C0 controls
    other than tab/newline/CR, lone surrogates, U+FFFE/U+FFFF)."""
    return _BAD_CHARS.sub("", text)


def clean_text(value: Any, *, strip: bool = True) -> str:
    """A value as clean user text: control characters removed, CR/CRLF -> LF,
    surrounding whitespace stripped. ``None`` -> ``""``."""
    if type(value) is str and not _NEEDS_CLEANING.search(value):
        return value.strip() if strip else value  # the common case, nothing to clean
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, _dt.datetime):
        text = value.date().isoformat() if value.time() == _dt.time() else value.isoformat()
    elif isinstance(value, _dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    text = strip_control(text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.strip() if strip else text


def clean_list(value: Any) -> list[str]:
    """A multi-valued attribute (list or ``|``/``;``-separated text) as clean strings."""
    from weaving.core.schema import as_list

    if isinstance(value, (list, tuple, set, frozenset)):
        items = [clean_text(v) for v in value]
    else:
        items = as_list(clean_text(value))
    out: list[str] = []
    for item in items:
        item = clean_text(item)
        if item and item not in out:
            out.append(item)
    return out


# ----------------------------------------------------------------- normalisation


def _fold(text: str) -> str:
    """Lower-case, ``_``/``-``/``.`` -> space, collapse spaces, drop ``:``/``*``."""
    text = clean_text(text).casefold()
    text = re.sub(r"[_\-./]+", " ", text)
    text = re.sub(r"[:*]+$", "", text)
    text = re.sub(r"\(\s*(s|er|ar|or|n)\s*\)", r"\1", text)  # kontaktperson(er)
    return re.sub(r"\s+", " ", text).strip()


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def norm_key(text: Any) -> str:
    return _fold(text)


def _index(synonyms: dict[str, list[str]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for key, words in synonyms.items():
        for word in [key, *words]:
            for form in (_fold(word), _ascii(_fold(word))):
                index.setdefault(form, key)
    return index


def _lookup(index: dict[str, str], value: Any) -> str | None:
    folded = _fold(value)
    return index.get(folded) or index.get(_ascii(folded))


# ------------------------------------------------------------------ header names

ACTOR_FIELDS: tuple[str, ...] = (
    "id", "label", "type", "sector", "area", "themes", "target_groups", "resources",
    "description", "is_weaver", "contacts",
)
LINK_FIELDS: tuple[str, ...] = (
    "from", "to", "from_id", "to_id", "kind", "strength", "status", "directed",
    "start_date", "end_date", "purpose", "carried_by", "place",
)

ACTOR_HEADER_SYNONYMS: dict[str, list[str]] = {
    "id": ["id", "nod id", "node id", "actor id", "aktörs id", "aktör id", "nyckel", "key", "_id"],
    "label": ["namn", "name", "label", "aktör", "actor", "aktörsnamn", "namn på aktör",
              "organisation", "organization", "organisationsnamn", "benämning", "element"],
    "type": ["typ", "type", "aktörstyp", "actor type", "element type", "typ av aktör",
             "organisationstyp", "organisationsform", "kategori", "category"],
    "sector": ["sektor", "sector"],
    "area": ["område", "area", "stadsdel", "ort", "district", "geografiskt område",
             "karta", "map", "plats"],
    "themes": ["teman", "tema", "themes", "theme", "tags", "tag", "taggar", "tagg",
               "ämnen", "ämne", "intresseområden", "utmaningar"],
    "target_groups": ["målgrupper", "målgrupp", "target groups", "target group",
                      "targetgroups", "audience", "audiences"],
    "resources": ["resurser", "resurs", "resources", "resource"],
    "description": ["beskrivning", "description", "anteckningar", "anteckning", "notes",
                    "note", "kommentar", "kommentarer", "comment", "comments", "info"],
    "is_weaver": ["nätverksvävare", "vävare", "weaver", "is weaver", "network weaver"],
    "contacts": ["kontaktperson", "kontaktpersoner", "kontakt", "kontakter", "contact",
                 "contacts", "contact person", "contact persons", "contact people"],
}

LINK_HEADER_SYNONYMS: dict[str, list[str]] = {
    "from_id": ["från id", "from id", "source id", "källa id"],
    "to_id": ["till id", "to id", "target id", "mål id"],
    "from": ["från", "from", "source", "källa", "aktör 1", "aktör a", "actor 1", "actor a"],
    "to": ["till", "to", "target", "aktör 2", "aktör b", "actor 2", "actor b"],
    "kind": ["typ av samverkan", "samverkanstyp", "samverkansform", "samverkan", "kind",
             "link type", "länktyp", "connection type", "relation", "relationstyp",
             "typ", "type"],
    "strength": ["styrka", "strength", "weight", "vikt"],
    "status": ["status", "läge", "länkstatus"],
    "directed": ["riktad", "riktning", "direction", "directed"],
    "start_date": ["startdatum", "start date", "från datum", "start", "sedan", "since", "datum"],
    "end_date": ["slutdatum", "end date", "till datum", "slut", "end"],
    "purpose": ["syfte", "purpose", "beskrivning", "description", "anteckningar", "notes"],
    "carried_by": ["bärs av", "buren av", "personbunden", "carried by", "kontaktperson",
                   "kontaktpersoner", "kontakt", "person", "personer", "people"],
    "place": ["plats", "place", "venue", "lokal", "platsbunden"],
}

_ACTOR_HEADERS = _index(ACTOR_HEADER_SYNONYMS)
_LINK_HEADERS = _index(LINK_HEADER_SYNONYMS)


def actor_field(header: Any) -> str | None:
    return _lookup(_ACTOR_HEADERS, header)


def link_field(header: Any) -> str | None:
    return _lookup(_LINK_HEADERS, header)


# Headers written by the exporters (import recognises each of them).
ACTOR_HEADERS_OUT: dict[str, dict[str, str]] = {
    "sv": {"id": "id", "label": "namn", "type": "typ", "sector": "sektor", "area": "område",
           "themes": "teman", "target_groups": "målgrupper", "resources": "resurser",
           "description": "beskrivning", "is_weaver": "nätverksvävare",
           "contacts": "kontaktpersoner"},
    "en": {"id": "id", "label": "name", "type": "type", "sector": "sector", "area": "area",
           "themes": "themes", "target_groups": "target groups", "resources": "resources",
           "description": "description", "is_weaver": "weaver", "contacts": "contacts"},
    "kumu": {"id": "ID", "label": "Label", "type": "Type", "sector": "Sector", "area": "Area",
             "themes": "Tags", "target_groups": "Target groups", "resources": "Resources",
             "description": "Description", "is_weaver": "Weaver", "contacts": "Contacts"},
}
LINK_HEADERS_OUT: dict[str, dict[str, str]] = {
    "sv": {"from": "från", "to": "till", "from_id": "från_id", "to_id": "till_id",
           "kind": "typ av samverkan", "strength": "styrka", "status": "status",
           "directed": "riktad", "start_date": "startdatum", "end_date": "slutdatum",
           "purpose": "syfte", "carried_by": "bärs av", "place": "plats"},
    "en": {"from": "from", "to": "to", "from_id": "from id", "to_id": "to id", "kind": "kind",
           "strength": "strength", "status": "status", "directed": "directed",
           "start_date": "start date", "end_date": "end date", "purpose": "purpose",
           "carried_by": "carried by", "place": "place"},
    "kumu": {"from": "From", "to": "To", "kind": "Type", "directed": "Direction",
             "strength": "Strength", "status": "Status", "start_date": "Start date",
             "end_date": "End date", "purpose": "Purpose", "carried_by": "Carried by",
             "place": "Place"},
}

# ------------------------------------------------------------------- vocabularies

TYPE_SYNONYMS: dict[str, list[str]] = {
    "library": ["bibliotek", "biblioteket", "folkbibliotek", "stadsdelsbibliotek",
                "filialbibliotek", "skolbibliotek", "bokbuss", "public library"],
    "youth_centre": ["youth centre", "youth center", "youth club", "fritidsgård",
                     "fritidsgården", "ungdomsgård", "mötesplats för unga", "ungdomens hus",
                     "fritid", "fritidsverksamhet"],
    "association": ["förening", "föreningen", "ideell förening", "ngo", "nonprofit",
                    "non profit", "kulturförening", "hembygdsförening"],
    "study_association": ["study association", "studieförbund", "studieförbundet"],
    "church": ["kyrka", "kyrkan", "församling", "församlingen", "parish", "svenska kyrkan",
               "samfund", "trossamfund", "religious community", "moské", "mosque"],
    "sports_club": ["sports club", "sport club", "idrottsförening", "idrottsklubb",
                    "idrott", "sport", "fotbollsklubb", "football club"],
    "business": ["company", "företag", "företaget", "näringsidkare", "butik", "shop", "firm",
                 "företagare", "näringsliv"],
    "network": ["nätverk", "nätverket"],
    "municipal_unit": ["municipal unit", "municipal department", "municipality", "municipal",
                       "kommun", "kommunen", "kommunal verksamhet", "kommunal enhet",
                       "förvaltning", "kommunal förvaltning", "department"],
    "agency": ["myndighet", "myndigheten", "government agency", "statlig myndighet",
               "authority", "polis", "police", "region"],
    "informal_group": ["informal group", "informell grupp", "grupp", "group"],
    "person": ["individual", "privatperson", "individ", "people", "eldsjäl", "personer"],
    "school": ["skola", "skolan", "grundskola", "gymnasium", "gymnasieskola", "förskola",
               "högstadieskola", "folkhögskola"],
    "other": ["övrigt", "övrig", "annat", "annan", "andra"],
}
SECTOR_SYNONYMS: dict[str, list[str]] = {
    "ideburen": ["idéburen", "idéburen sektor", "ideell", "ideell sektor", "civilsamhälle",
                 "civilsamhället", "civil society", "non profit", "nonprofit", "ngo",
                 "föreningsliv", "tredje sektorn", "voluntary", "voluntary sector"],
    "offentlig": ["offentlig sektor", "public", "public sector", "kommun", "kommunal",
                  "region", "stat", "statlig", "government"],
    "privat": ["privat sektor", "private", "private sector", "näringsliv", "business",
               "företag", "commercial"],
}
KIND_SYNONYMS: dict[str, list[str]] = {
    "awareness": ["kännedom", "känner till", "känner till varandra", "medvetenhet", "aware"],
    "dialogue": ["dialog", "samtal", "kontakt", "contact", "dialog"],
    "information": ["informationsutbyte", "info", "information sharing",
                    "informationsspridning"],
    "joint_activity": ["joint activity", "joint activities", "gemensam aktivitet",
                       "gemensamma aktiviteter", "samarrangemang", "samarbete",
                       "collaboration", "cooperation", "projekt", "project"],
    "shared_premises": ["shared premises", "delade lokaler", "gemensamma lokaler", "lokaler",
                        "samlokalisering", "lokalsamverkan"],
    "shared_staff": ["shared staff", "delad personal", "gemensam personal", "personal"],
    "funding": ["finansiering", "bidrag", "grant", "stöd", "ekonomiskt stöd", "sponsring",
                "sponsorship", "föreningsbidrag"],
    "iop": ["idéburet offentligt partnerskap", "partnerskap", "partnership"],
    "agreement": ["avtal", "överenskommelse", "kontrakt", "contract", "samverkansavtal"],
    "membership": ["medlemskap", "medlem", "member"],
    "volunteer_supply": ["volunteer supply", "volontärer", "volontär", "volunteers",
                         "volontärförmedling"],
    "referral": ["hänvisning", "remiss", "slussning", "referrals"],
}
STATUS_SYNONYMS: dict[str, list[str]] = {
    "existing": ["befintlig", "befintliga", "finns", "aktiv", "active", "current", "pågående",
                 "nuvarande"],
    "desired": ["önskad", "önskade", "önskvärd", "önskas", "wanted", "bör", "potential",
                "potentiell", "möjlig", "planned", "planerad"],
    "introduced": ["introducerad", "introducerade", "introduktion", "introduction"],
    "ended": ["avslutad", "avslutade", "upphört", "inaktiv", "inactive", "former", "past",
              "tidigare"],
}

# Swedish labels written by the Swedish CSV export (each is also a synonym above).
SV_VALUE_LABELS: dict[str, dict[str, str]] = {
    "type": {"library": "bibliotek", "youth_centre": "fritidsgård", "association": "förening",
             "study_association": "studieförbund", "church": "kyrka",
             "sports_club": "idrottsförening", "business": "företag", "network": "nätverk",
             "municipal_unit": "kommunal verksamhet", "agency": "myndighet",
             "informal_group": "informell grupp", "person": "person", "school": "skola",
             "other": "annat"},
    "sector": {"ideburen": "idéburen", "offentlig": "offentlig", "privat": "privat"},
    "kind": {"awareness": "kännedom", "dialogue": "dialog", "information": "information",
             "joint_activity": "gemensam aktivitet", "shared_premises": "delade lokaler",
             "shared_staff": "delad personal", "funding": "finansiering", "iop": "IOP",
             "agreement": "avtal", "membership": "medlemskap",
             "volunteer_supply": "volontärer", "referral": "hänvisning"},
    "status": {"existing": "befintlig", "desired": "önskad", "introduced": "introducerad",
               "ended": "avslutad"},
}

VOCABULARIES: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "type": (ACTOR_TYPES, _index(TYPE_SYNONYMS)),
    "sector": (SECTORS, _index(SECTOR_SYNONYMS)),
    "kind": (LINK_KINDS, _index(KIND_SYNONYMS)),
    "status": (LINK_STATUSES, _index(STATUS_SYNONYMS)),
}

DEFAULT_TYPE = "other"
DEFAULT_KIND = "awareness"
DEFAULT_STATUS = "existing"
DEFAULT_STRENGTH = 1


def map_vocab(field: str, value: Any) -> str | None:
    """Map a user value to a schema key (``None`` if not recognised)."""
    _, index = VOCABULARIES[field]
    return _lookup(index, value)


def value_label(field: str, key: str, lang: str | None) -> str:
    if lang == "sv":
        return SV_VALUE_LABELS.get(field, {}).get(key, key)
    return key


# ------------------------------------------------------------------ other parsers

_STRENGTH_WORDS = _index({"1": ["svag", "weak", "låg", "low"],
                          "2": ["medel", "medium", "mellan", "normal"],
                          "3": ["stark", "strong", "hög", "high"]})


def parse_strength(value: Any) -> int | None:
    """1-3 from a number or word; ``None`` if not a valid strength."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = clean_text(value)
        word = _lookup(_STRENGTH_WORDS, text)
        if word:
            return int(word)
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return None
    if number != number or not number.is_integer() or not 1 <= number <= 3:
        return None
    return int(number)


_TRUE = {"true", "1", "yes", "ja", "y", "j", "t", "sant", "x", "✓", "✔", "directed",
         "riktad", "weaver", "nätverksvävare", "1.0"}
_FALSE = {"", "false", "0", "no", "nej", "n", "f", "falskt", "undirected", "mutual",
          "oriktad", "ömsesidig", "0.0", "none"}


def parse_bool(value: Any) -> bool | None:
    """``True``/``False`` from the usual spellings; ``None`` if not recognised."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    text = clean_text(value).casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?$")
_YMD = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


def parse_date(value: Any) -> str | None:
    """ISO date text (``YYYY-MM-DD``) or ``""`` for empty; ``None`` if invalid."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = clean_text(value)
    if not text:
        return ""
    for pattern, order in ((_ISO, "ymd"), (_YMD, "ymd"), (_COMPACT, "ymd"), (_DMY, "dmy")):
        m = pattern.match(text)
        if m:
            a, b, c = (int(x) for x in m.groups())
            y, mo, d = (a, b, c) if order == "ymd" else (c, b, a)
            try:
                return _dt.date(y, mo, d).isoformat()
            except ValueError:
                return None
    return None
