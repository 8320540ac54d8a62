"""The introduction itself: a ready draft message for a suggested pair.

Lund's method: map the partners, find the themes and target groups they share,
and plan the collaboration around a first joint activity.  ``draft_introduction``
writes that message in Swedish or English from what the map knows about the two
actors:

* what they share: target groups and themes (up to two of each), the area;
* a common contact: an actor both already work with (not the weaver, who is the
  one writing);
* a challenge they both face: one of the map's challenges both are linked to;
* a proposed first joint activity built from a shared theme and target group
  (else from one of them, else a first meeting), and the premises one of them
  offers when they list premises as a resource.

Personal data: contact persons (names, e-mail addresses) are used only when the
caller passes ``contacts`` -- i.e. when the user may see them; the graph's own
``contacts`` attribute and the people links rest on are never read.  Without
contacts the greeting names the organisations and the ``mailto:`` link has no
address.  Everything the message quotes is the user's own text: show it as
plain text (``st.code``, a text area), never as markdown or HTML; ``mailto``
percent-encodes it (``urllib.parse.quote``).
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from weaving.analysis.messages import Msg, Name
from weaving.analysis.prepared import node_index, prepare
from weaving.core.schema import as_list, weavers_of

__all__ = ["Draft", "draft_introduction"]

PREMISES = {"lokaler", "lokal", "premises", "venue", "rooms"}


@dataclass(frozen=True)
class Draft:
    """A draft introduction message.

    Attributes
    ----------
    subject, body : str
        Plain text (user text inside: show it escaped).
    to : tuple of str
        E-mail addresses of the contact persons (empty without ``contacts``).
    """

    subject: str
    body: str
    to: tuple[str, ...] = ()

    def mailto(self) -> str:
        """A ``mailto:`` URL with every part percent-encoded."""
        to = ",".join(quote(a, safe="@.+-_") for a in self.to)
        body = self.body.replace("\n", "\r\n")     # RFC 6068: line breaks as CRLF
        return f"mailto:{to}?subject={quote(self.subject, safe='')}&body={quote(body, safe='')}"

    def to_dict(self) -> dict:
        return {"subject": self.subject, "body": self.body, "to": list(self.to), "mailto": self.mailto()}


def _people(contacts, node) -> list[dict]:
    out = []
    for c in (contacts or {}).get(node, ()) or ():
        c = {"name": c} if isinstance(c, str) else dict(c)
        name = str(c.get("name") or "").strip()
        if name:
            out.append({"name": name, "email": str(c.get("email") or "").strip()})
    return out


def _shared(prep, i: int, j: int, key: str, k: int = 2) -> list[str]:
    a = {x.lower(): x for x in prep.attr_list(i, key)}
    b = {x.lower() for x in prep.attr_list(j, key)}
    return [a[x] for x in sorted(set(a) & b)][:k]


def _activity(themes: list[str], groups: list[str]) -> Msg:
    if themes and groups:
        return Msg("analysis.draft.activity_theme_group", {"theme": themes[0], "group": groups[0]})
    if themes:
        return Msg("analysis.draft.activity_theme", {"theme": themes[0]})
    if groups:
        return Msg("analysis.draft.activity_group", {"group": groups[0]})
    return Msg("analysis.draft.activity_meet")


def draft_introduction(G, source, target, lang: str = "en", *, contacts=None, challenges=None, weavers=None,
                       sender: str = "") -> Draft:
    """A ready introduction message for two actors (see the module docstring).

    Parameters
    ----------
    G : NetworkX graph or Prepared
        The map (weaving shape).
    source, target : node id
        The two actors.
    lang : {"en", "sv"}, optional
    contacts : dict, optional
        Node id -> list of contact persons (``{"name", "email"}`` dicts or names).
        Pass it only when the user may see contact persons; None uses none.
    challenges : iterable of dict, optional
        The map's challenges as plain data: ``{"text": str, "actors": [node ids]}``.
    weavers : list of node ids, optional
        Not named as the common contact (default: the map's marked weavers).
    sender : str, optional
        Signs the message.

    Returns
    -------
    Draft

    Raises
    ------
    TypeError
        If an actor is not on the map.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node("a", label="Youth club", themes=["dans", "kultur"], target_groups=["unga"], area="Genarp")
    >>> G.add_node("b", label="Dance society", themes=["dans"], target_groups=["unga"], area="Genarp",
    ...            resources=["lokaler"], contacts=["Secret Person"])
    >>> G.add_edge("a", "lib"); G.add_edge("b", "lib")
    >>> d = draft_introduction(G, "a", "b", "en", challenges=[{"text": "Few places to meet", "actors": ["a", "b"]}])
    >>> print(d.subject)
    Introduction: Youth club and Dance society
    >>> print(d.body)  # doctest: +NORMALIZE_WHITESPACE
    Hello Youth club and Dance society,
    <BLANKLINE>
    I would like to introduce you to each other. You both work with unga and dans in Genarp. You both already know lib. You both face the same challenge: "Few places to meet".
    <BLANKLINE>
    A first step could be a joint dans activity for unga, perhaps at Dance society's premises.
    <BLANKLINE>
    Would you like to meet? Reply to this message and I will help you find a time.
    <BLANKLINE>
    Best wishes
    >>> "Secret Person" in d.body, d.to
    (False, ())
    >>> draft_introduction(G, "a", "b", "sv", contacts={"b": [{"name": "Ann", "email": "ann@example.org"}]}).mailto()[:36]
    'mailto:ann@example.org?subject=Intro'
    """
    prep = prepare(G)
    i, j = node_index(prep, source), node_index(prep, target)
    if i is None or j is None:
        raise TypeError("both actors must be on the map")
    t = lambda key, **kw: Msg(key, kw).render(lang)  # noqa: E731
    na, nb = prep.label(i), prep.label(j)
    pa, pb = _people(contacts, prep.nodes[i]), _people(contacts, prep.nodes[j])
    greet = [p["name"] for p in pa[:1]] or [na]
    greet += [p["name"] for p in pb[:1]] or [nb]
    groups, themes = _shared(prep, i, j, "target_groups"), _shared(prep, i, j, "themes")
    ai, aj = prep.attr_str(i, "area"), prep.attr_str(j, "area")
    lines = [t("analysis.draft.intro")]
    if groups or themes:
        items = groups + themes
        if ai and ai.lower() == aj.lower():
            lines.append(t("analysis.draft.shared_area", items=items, area=ai))
        else:
            lines.append(t("analysis.draft.shared", items=items))
    wset = set(weavers if weavers is not None else weavers_of(prep.H))
    common = sorted((prep.index[c] for c in set(prep.H[prep.nodes[i]]) & set(prep.H[prep.nodes[j]])
                     if c not in wset), key=lambda c: (-prep.deg[c], c))
    if common:
        lines.append(t("analysis.draft.contact", names=[Name(prep.label(c)) for c in common[:2]]))
    for ch in challenges or ():
        ids = {node_index(prep, x) for x in as_list(ch.get("actors"))}
        text = str(ch.get("text") or "").strip()
        if text and {i, j} <= ids:
            lines.append(t("analysis.draft.challenge", text=text))
            break
    offer = [n for k, n in ((i, na), (j, nb)) if {r.lower() for r in prep.attr_list(k, "resources")} & PREMISES]
    activity = t("analysis.draft.activity", activity=_activity(themes, groups))
    if offer:
        activity = t("analysis.draft.activity_at", activity=_activity(themes, groups), host=Name(offer[0]))
    body = [t("analysis.draft.greeting", names=[Name(x) for x in greet]), "", " ".join(lines), "", activity, "",
            t("analysis.draft.ask"), "", t("analysis.draft.signoff")]
    if sender.strip():
        body.append(sender.strip())
    to = tuple(p["email"] for p in (pa[:1] + pb[:1]) if p["email"])
    return Draft(t("analysis.draft.subject", a=Name(na), b=Name(nb)), "\n".join(body), to)
