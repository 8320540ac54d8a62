"""Issue 23: text a user typed is never interpreted as markdown on any page.

Static half (the browser half is tests/e2e/test_payloads_browser.py): every
markdown-rendering Streamlit call in app_pages/ and weaving/ui/ is proven by
tests/usertext_lint.py to show only literals, catalogue texts and ``md_escape``d text.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.usertext_lint import Checker, check_tree
from weaving.ui.common import md_escape

ROOT = Path(__file__).resolve().parents[1]

# Places the checker cannot prove but that were read by hand: (path, call, argument) -> why.
# Nothing else may be added without the same reading.
ALLOWED = {
    ("weaving/ui/drawing.py", "selectbox", "label"):
        "actor_picker(label, ...): its label parameter is always a catalogue text (tr('page.draw.from'/'to') in drawpage.py)",
}


def test_no_markdown_call_shows_unescaped_user_text():
    findings = check_tree(ROOT)
    unexplained = [str(f) for f in findings if (f.path, f.call, f.arg) not in ALLOWED]
    assert not unexplained, "user text reaches markdown without md_escape:\n" + "\n".join(unexplained)
    stale = set(ALLOWED) - {(f.path, f.call, f.arg) for f in findings}
    assert not stale, f"allowed places no longer found (remove them from ALLOWED): {stale}"


def _findings(src: str) -> list[str]:
    return [f.arg for f in Checker(ast.parse(src)).findings("x.py", src)]


@pytest.mark.parametrize("src", [
    "st.markdown(actor.name)",
    "st.caption(tr('k', name=actor.name))",
    "st.tabs([tr('a'), actor.name])",
    "st.expander(f'**{row.name}**')",
    "st.radio(tr('k'), rows, format_func=lambda r: r.name)",
    "col.button(label)",
    "st.info('Hej ' + user)",
    "st.write(x.purpose)",
    "st.toast(tr('k', who=current_user()))",
    "st.page_link('p.py', label=m.name)",
    "st.text_input(tr('k'), help=a.note)",
    "def f(a):\n    for n in a.names:\n        st.markdown(n)",
    "lines = [tr('k')]\nlines.append(a.name)\nst.markdown(' '.join(lines))",
    "st.subheader(tr('k', n=plan.length))",
])
def test_checker_flags_user_text(src):
    assert _findings(src), src


@pytest.mark.parametrize("src", [
    "st.markdown(md_escape(actor.name))",
    "st.caption(tr('k', name=md_escape(a.name), n=len(xs)))",
    "st.tabs([tr('a'), tr('b', n=int(c.n))])",
    "st.expander(f'**{md_escape(row.name)}**')",
    "labels = {k: tr(f'kind.{k}') for k in KINDS}\nst.radio(tr('k'), KINDS, format_func=labels.get)",
    "def _h(x):\n    return '**' + md_escape(x) + '**'\nst.markdown(_h(a.name))",
    "for i, r in enumerate(rows):\n    st.markdown(f'{i + 1}. ' + md_escape(r.name))",
    "st.write(MESSAGE)",
    "'Mr smith'.title()",
    "uow.surveys.status(r.id)",
])
def test_checker_accepts_escaped_text(src):
    assert not _findings(src), src


PAYLOADS = ["[phish](http://evil.example/ph)", "![x](http://evil.example/i.png)", "**bold**", "# heading",
            ":material/home:", ":red[x]", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
            "javascript:alert(1)", "http://evil.example/auto", "www.evil.example", "foo@evil.example",
            "$x^2$", "`code`", "> quote", "1. item", "- item", "~~gone~~", "\u202eevil\u202c tail"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_md_escape_leaves_nothing_for_markdown(payload):
    out = md_escape(payload)
    plain = out.replace("\u2060", "").replace("\u2068", "").replace("\u2069", "")
    # every markdown-significant ASCII character is backslash-escaped, so unescaping gives the text back
    assert _unescape(plain) == payload
    for pattern in ("http:", "https:", "www.", ":material/", "](", "**"):
        assert pattern not in plain.replace("\\", "X"), (payload, out)
    assert "://" not in out.replace("\\", "")  or "\u2060" in out
    if "@" in payload:
        assert "\u2060\\@" in out
    if "\u202e" in payload:
        assert out.startswith("\u2068") and out.endswith("\u2069")


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def test_md_escape_one_line():
    assert md_escape("a\nb\r\nc") == "a b c"
