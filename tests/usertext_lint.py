"""A static check that no text a user typed reaches a markdown-rendering Streamlit call
unescaped (issue 23: one rule, enforced in one place: ``ui.common.md_escape``).

Streamlit renders markdown in far more places than ``st.markdown``: captions, alerts,
toasts, headers, ``st.write``, the labels and ``help`` of every widget, expander and tab
labels, ``st.page_link`` labels, and the options of radios, pills and segmented controls.
For each such call in the pages (``app_pages/``) and their helpers (``weaving/ui/``) this
module proves, from the source alone, that every markdown argument is built only from:

- string and number literals;
- catalogue texts: ``tr(key, ...)`` / ``t(key, lang, ...)``, whose parameters are
  themselves proven safe or are numbers (``len(...)``, ``int(...)``, ``fmt_*``);
- ``md_escape(...)`` of anything;
- the helpers listed in :data:`SAFE_HELPERS` (each returns catalogue words and escaped text);
- f-strings, ``+``, ``" ".join(...)``, conditionals and local variables made of the above
  (a local variable is followed to every assignment of it in the same function or module).

Anything else (an attribute such as ``actor.name``, a loop variable, a parameter) is
reported with file, line and the call, so a new place that shows user text cannot slip in.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

BODY_FUNCS = {"markdown", "caption", "info", "success", "warning", "error", "toast", "subheader", "header", "title"}
WRITE_FUNCS = {"write"}
LABEL_FUNCS = {"expander", "button", "checkbox", "toggle", "radio", "metric", "popover", "link_button",
               "download_button", "form_submit_button", "status", "text_input", "text_area", "number_input",
               "date_input", "time_input", "selectbox", "multiselect", "slider", "select_slider", "segmented_control",
               "pills", "color_picker", "file_uploader", "camera_input", "data_editor_label"}
KW_ONLY_LABEL = {"page_link"}  # st.page_link(page, label=...)
MARKDOWN_OPTIONS = {"radio", "segmented_control", "pills"}  # their options are rendered as markdown
ST_ONLY = {"status", "title"}  # names also used by the store's repositories
TR_FUNCS = {"tr", "t"}
ESCAPERS = {"md_escape"}
NUMERIC = {"len", "int", "float", "round", "sum", "min", "max", "abs", "fmt_number", "fmt_percent", "fmt_date",
           "fmt_decimal", "fmt_share", "range", "number_of_nodes", "number_of_edges"}
# helpers whose result is catalogue words and escaped text only (reviewed by hand; keep short)
SAFE_HELPERS = {
    "counts_caption": "catalogue text with counts",
    "labels_for": "vocabulary words of a fixed code list (codes, never user text)",
    "vocab": "a vocabulary word from the catalogue (the code itself when unknown: codes, never user text)",
    "throttled_message": "catalogue text with a number of seconds",
    "rate_text": "catalogue text with two counts",
}
STR_METHODS = {"capitalize", "upper", "lower", "strip", "title", "casefold", "replace"}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    call: str
    arg: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.call}(...) shows {self.arg!r} without md_escape"


class _Scope:
    def __init__(self, module: ast.Module, func: ast.AST | None):
        self.module, self.func = module, func

    def functions(self) -> dict[str, ast.FunctionDef]:
        return {n.name: n for n in self.module.body if isinstance(n, ast.FunctionDef)}

    def assignments(self, name: str) -> list[tuple[ast.AST, "_Scope"]] | None:
        """(value, scope) pairs for every value ``name`` can hold in the function (else
        the module); None when that cannot be followed (a parameter of a public function,
        tuple unpacking of something else than a helper of this module, ``with`` targets)."""
        for node in (self.func, self.module):
            if node is None:
                continue
            here = self if node is self.func else _Scope(self.module, None)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                args = node.args
                params = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
                if name in params or name in [a.arg for a in (args.vararg, args.kwarg) if a is not None]:
                    return self._call_sites(node, name, params)
            values: list[tuple[ast.AST, _Scope]] = []
            opaque = False
            for sub in _walk_scope(node):
                if isinstance(sub, ast.Assign):
                    for target in sub.targets:
                        if isinstance(target, ast.Name) and target.id == name:
                            values.append((sub.value, here))
                        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) \
                                and target.value.id == name:
                            values.append((sub.value, here))  # name[k] = value
                        elif isinstance(target, (ast.Tuple, ast.List)) and name in _names(target):
                            unpacked = self._unpack(target, name, sub.value)
                            if unpacked is None:
                                opaque = True
                            else:
                                values.extend(unpacked)
                elif isinstance(sub, ast.AnnAssign) and isinstance(sub.target, ast.Name) and sub.target.id == name:
                    if sub.value is None:
                        opaque = True
                    else:
                        values.append((sub.value, here))
                elif isinstance(sub, ast.AugAssign) and isinstance(sub.target, ast.Name) and sub.target.id == name:
                    values.append((sub.value, here))
                elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) \
                        and isinstance(sub.func.value, ast.Name) and sub.func.value.id == name \
                        and sub.func.attr in ("append", "extend", "insert", "update", "add", "setdefault"):
                    values.extend((a, here) for a in sub.args[-1:])  # the value given to the container
                elif isinstance(sub, (ast.For, ast.comprehension)) and name in _names(sub.target):
                    if isinstance(sub.target, ast.Name):
                        values.append((sub.iter, here))  # an element of a safe iterable is safe
                    elif isinstance(sub.target, ast.Tuple) and isinstance(sub.iter, ast.Call) \
                            and _func_name(sub.iter) == "enumerate" and len(sub.target.elts) == 2 \
                            and sub.iter.args:
                        first, second = sub.target.elts
                        if isinstance(first, ast.Name) and first.id == name:
                            values.append((ast.Constant(0), here))  # the index
                        elif isinstance(second, ast.Name) and second.id == name:
                            values.append((sub.iter.args[0], here))
                        else:
                            opaque = True
                    else:
                        opaque = True
                elif isinstance(sub, ast.withitem) and sub.optional_vars is not None \
                        and name in _names(sub.optional_vars):
                    opaque = True
                elif isinstance(sub, ast.NamedExpr) and sub.target.id == name:
                    values.append((sub.value, here))
            if opaque:
                return None
            if values:
                return values
        return None

    def _unpack(self, target, name, value) -> list[tuple[ast.AST, "_Scope"]] | None:
        """``a, b = helper(...)`` where the helper of this module returns tuples: element-wise."""
        pos = next((i for i, e in enumerate(target.elts) if isinstance(e, ast.Name) and e.id == name), None)
        if pos is None:
            return None
        if isinstance(value, ast.Tuple) and len(value.elts) == len(target.elts):
            return [(value.elts[pos], self)]
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in self.functions():
            func = self.functions()[value.func.id]
            inner = _Scope(self.module, func)
            out = []
            for r in _walk_scope(func):
                if isinstance(r, ast.Return):
                    if not (isinstance(r.value, ast.Tuple) and len(r.value.elts) == len(target.elts)):
                        return None
                    out.append((r.value.elts[pos], inner))
            return out or None
        return None

    def _call_sites(self, func, name, params) -> list[tuple[ast.AST, "_Scope"]] | None:
        """A parameter of a private helper (``_name``) of this module: the arguments every
        call in this module passes to it (defaults included)."""
        if not isinstance(func, ast.FunctionDef) or not func.name.startswith("_") \
                or func.name not in self.functions():
            return None
        index = params.index(name) if name in params else None
        out: list[tuple[ast.AST, _Scope]] = []
        defaults = dict(zip(reversed([a.arg for a in func.args.args]), reversed(func.args.defaults)))
        parents = {c: p for p in ast.walk(self.module) for c in ast.iter_child_nodes(p)}
        for call in ast.walk(self.module):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == func.name):
                continue
            where = call
            while where is not None and not isinstance(where, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                where = parents.get(where)
            scope = _Scope(self.module, where)
            given = {k.arg: k.value for k in call.keywords if k.arg}
            if name in given:
                out.append((given[name], scope))
            elif index is not None and index < len(call.args):
                if any(isinstance(a, ast.Starred) for a in call.args[:index + 1]):
                    return None
                out.append((call.args[index], scope))
            elif name in defaults:
                out.append((defaults[name], _Scope(self.module, None)))
            else:
                return None
        return out or None


def _walk_scope(node: ast.AST):
    """Nodes of one scope: not into nested functions or classes."""
    todo = list(ast.iter_child_nodes(node))
    while todo:
        sub = todo.pop()
        yield sub
        if not isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            todo.extend(ast.iter_child_nodes(sub))


def _names(target: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def _func_name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


class Checker:
    def __init__(self, module: ast.Module):
        self.module = module

    def safe(self, e: ast.AST | None, scope: _Scope, seen: frozenset = frozenset()) -> bool:
        if e is None:
            return True
        if isinstance(e, ast.Constant):
            return True
        if isinstance(e, ast.JoinedStr):
            return all(self.safe(v, scope, seen) for v in e.values)
        if isinstance(e, ast.FormattedValue):
            return self.safe(e.value, scope, seen) or self.numeric(e.value, scope, seen)
        if isinstance(e, ast.BinOp) and isinstance(e.op, ast.Add):
            return self.safe(e.left, scope, seen) and self.safe(e.right, scope, seen)
        if isinstance(e, ast.IfExp):
            return self.safe(e.body, scope, seen) and self.safe(e.orelse, scope, seen)
        if isinstance(e, ast.BoolOp):
            return all(self.safe(v, scope, seen) for v in e.values)
        if isinstance(e, (ast.Tuple, ast.List, ast.Set)):
            return all(self.safe(v, scope, seen) for v in e.elts)
        if isinstance(e, ast.Dict):
            return all(self.safe(v, scope, seen) for v in e.values)
        if isinstance(e, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
            return self.safe(e.elt, scope, seen)
        if isinstance(e, ast.DictComp):
            return self.safe(e.value, scope, seen)
        if isinstance(e, ast.Name) and e.id.isupper():
            return True  # a module constant (by convention set in code, never user text)
        if isinstance(e, ast.Attribute) and e.attr.isupper():
            return True  # IMP.MAX_MB and the like
        if isinstance(e, ast.Name):
            if e.id in seen:
                return True  # a cycle adds nothing unsafe
            values = scope.assignments(e.id)
            return values is not None and all(self.safe(v, sc, seen | {e.id}) for v, sc in values)
        if isinstance(e, ast.Subscript):  # labels[code]: safe when the container is
            return self.safe(e.value, scope, seen)
        if isinstance(e, ast.Call):
            return self._safe_call(e, scope, seen)
        return False

    def _safe_call(self, e: ast.Call, scope: _Scope, seen: frozenset) -> bool:
        name = _func_name(e)
        if name in ESCAPERS:
            return True
        if name in TR_FUNCS and isinstance(e.func, ast.Name):
            params = list(e.args[2:]) + [k.value for k in e.keywords]
            return all(self.safe(p, scope, seen) or self.numeric(p, scope, seen) for p in params)
        if name in SAFE_HELPERS and isinstance(e.func, ast.Name):
            return True
        if name in NUMERIC:
            return True
        if isinstance(e.func, ast.Name) and name not in seen:
            local = _Scope(self.module, None).functions().get(name)
            if local is not None:  # a helper of this module: safe when everything it returns is
                returns = [r.value for r in _walk_scope(local) if isinstance(r, ast.Return)]
                inner = _Scope(self.module, local)
                return bool(returns) and all(self.safe(r, inner, seen | {name}) for r in returns)
        if isinstance(e.func, ast.Attribute):
            owner = e.func.value
            if name == "join" and isinstance(owner, ast.Constant):
                return all(self.safe(a, scope, seen) for a in e.args)
            if name in STR_METHODS or name == "get":
                if name == "get" and isinstance(owner, ast.Call) and _func_name(owner) in SAFE_HELPERS:
                    return all(self.safe(a, scope, seen) for a in e.args[1:])
                return self.safe(owner, scope, seen) and all(self.safe(a, scope, seen) for a in e.args[1:])
        return False

    def numeric(self, e: ast.AST, scope: _Scope, seen: frozenset = frozenset()) -> bool:
        if isinstance(e, ast.Constant):
            return isinstance(e.value, (int, float))
        if isinstance(e, ast.Call):
            return _func_name(e) in NUMERIC
        if isinstance(e, ast.BinOp):
            return self.numeric(e.left, scope, seen) and self.numeric(e.right, scope, seen)
        if isinstance(e, ast.UnaryOp):
            return self.numeric(e.operand, scope, seen)
        if isinstance(e, ast.Name) and e.id not in seen:
            values = scope.assignments(e.id)
            return values is not None and all(self.numeric(v, sc, seen | {e.id}) for v, sc in values)
        return False

    def _format_func_safe(self, f: ast.AST, scope: _Scope) -> bool:
        if isinstance(f, ast.Lambda):
            return self.safe(f.body, _Scope(self.module, f))
        if isinstance(f, ast.Attribute) and f.attr == "get":
            return self.safe(f.value, scope) or (isinstance(f.value, ast.Call) and _func_name(f.value) in SAFE_HELPERS)
        if isinstance(f, ast.Name) and f.id in ESCAPERS | SAFE_HELPERS:
            return True
        return False

    def findings(self, path: str, text: str) -> list[Finding]:
        out: list[Finding] = []
        parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(self.module):
            for child in ast.iter_child_nodes(node):
                parents[child] = node
        for node in ast.walk(self.module):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            name = node.func.attr
            if name not in BODY_FUNCS | WRITE_FUNCS | LABEL_FUNCS | KW_ONLY_LABEL | {"tabs"}:
                continue
            if not node.args and not node.keywords:
                continue  # "text".title() and the like
            if name in ST_ONLY and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "st"):
                continue  # uow.surveys.status(...) is not st.status
            func = node
            while func is not None and not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                func = parents.get(func)
            scope = _Scope(self.module, func)
            kw = {k.arg: k.value for k in node.keywords if k.arg}
            shown: list[ast.AST] = []
            if name in BODY_FUNCS:
                shown += node.args[:1] + [kw[k] for k in ("body",) if k in kw]
            elif name in WRITE_FUNCS:
                shown += list(node.args)
            elif name in LABEL_FUNCS:
                shown += node.args[:1] + [kw[k] for k in ("label",) if k in kw]
            elif name in KW_ONLY_LABEL:
                shown += [kw[k] for k in ("label",) if k in kw]
            elif name == "tabs":
                shown += node.args[:1] + [kw[k] for k in ("tabs",) if k in kw]
            if "help" in kw:
                shown.append(kw["help"])
            for arg in shown:
                if not (self.safe(arg, scope) or self.numeric(arg, scope)):
                    out.append(Finding(path, node.lineno, name, ast.get_source_segment(text, arg) or "?"))
            if name in MARKDOWN_OPTIONS:
                options = node.args[1] if len(node.args) > 1 else kw.get("options")
                if "format_func" in kw:
                    if not self._format_func_safe(kw["format_func"], scope):
                        out.append(Finding(path, node.lineno, name + " format_func",
                                           ast.get_source_segment(text, kw["format_func"]) or "?"))
                elif options is not None and not self.safe(options, scope):
                    out.append(Finding(path, node.lineno, name + " options", ast.get_source_segment(text, options) or "?"))
        return out


def check_file(path: Path, root: Path) -> list[Finding]:
    text = path.read_text(encoding="utf-8")
    return Checker(ast.parse(text)).findings(str(path.relative_to(root)), text)


def check_tree(root: Path) -> list[Finding]:
    files = sorted((root / "app_pages").glob("*.py")) + sorted((root / "weaving" / "ui").rglob("*.py"))
    return [f for p in files for f in check_file(p, root)]
