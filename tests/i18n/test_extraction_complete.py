"""Every marked text in a swept module is in the catalogue template. Babel's extractor
silently drops a message whose arguments call a marker with a variable
(``Msg("… {x}", x=pMsg("sheet", name))``); such a message would show in bokmål in
every language, and ``catalogue check`` cannot see it (it is not in the template at all)."""

from __future__ import annotations

import ast
import fnmatch

from pipeline.i18n import catalogue

#: marker → the index of its msgid argument
_MSGID_AT = {"_": 0, "gettext": 0, "N_": 0, "Msg": 0, "ngettext": 0, "nMsg": 0,
             "pgettext": 1, "NP_": 1, "pMsg": 1, "npgettext": 1, "npMsg": 1}


def _marked(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        at = _MSGID_AT.get(name)
        if at is None or len(node.args) <= at:
            continue
        arg = node.args[at]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value:
            found.append((node.lineno, arg.value))
    return found


def test_every_marked_text_of_a_swept_module_is_in_the_template():
    template = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalogue.read(catalogue.TEMPLATE) if m.id}
    missing = []
    for path in sorted(catalogue.PACKAGE.rglob("*.py")):
        relative = path.relative_to(catalogue.REPO).as_posix()
        if not any(fnmatch.fnmatch(relative, pattern) for pattern in catalogue.SWEPT):
            continue
        for line, text in _marked(ast.parse(path.read_text("utf-8"))):
            if text not in template:
                missing.append(f"{relative}:{line}: {text[:60]!r}")
    assert not missing, ("Merket tekst som ikke er i katalogen (bygg argumentene som kaller en markør med en "
                         "variabel, før kallet):\n" + "\n".join(missing))
