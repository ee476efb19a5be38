"""Check the Word templates before anything is rendered (``iktplan check-templates``).

Finds what goes wrong when a template is edited in Word, and says where, for
the secretariat (as messages: :meth:`TemplateProblem.render` gives them in the
workspace's language):

* a missing template, or a file that is not a Word document;
* a tag that is not closed in its paragraph (``{{ kommune }`` or a tag broken by
  pressing Enter inside it) or a closing ``}}`` / ``%}`` without its opening;
* ``{%tr … %}`` outside a table, and text sharing a paragraph with a
  ``{%p … %}`` tag (docxtpl removes that whole paragraph, text and all);
* blocks that do not match: ``for`` without ``endfor``, ``if`` without
  ``endif``, an ``endfor`` that closes an ``if``;
* other template syntax errors;
* names the context does not have (``{{ tiltak.titel }}``), checked against
  :data:`pipeline.documents.context.SCHEMA`, with loop variables followed through
  ``{% for t in tiltak %}``. A close match is suggested.

Word often splits a tag over several runs (when spelling checks or formatting
touch it); docxtpl joins those again, so a split inside one paragraph is fine
and not reported.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import jinja2
from jinja2 import nodes
from docx.oxml.ns import qn
from docxtpl import DocxTemplate

from pipeline.documents.context import ANY_KEY, IMAGE, PROSE, SCHEMA
from pipeline.documents.templatefiles import template_paths
from pipeline.errors import TemplateError
from pipeline.i18n import Lang, Msg, nMsg, pMsg

_OPEN = {"{{": "}}", "{%": "%}", "{#": "#}"}
_TAG = re.compile(r"\{%-?\s*(tr|tc|p|r)?\s*(\w+)?(.*?)-?%\}", re.DOTALL)
_OPENERS = {"for": "endfor", "if": "endif", "with": "endwith", "macro": "endmacro", "filter": "endfilter"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_MIDDLE = {"else": ("for", "if"), "elif": ("if",)}
_ANY = object()  # a value whose shape is not known (loop variables of loops over unknown things, …)
_LOOP = {"index", "index0", "revindex", "revindex0", "first", "last", "length", "cycle", "depth", "depth0",
         "previtem", "nextitem", "changed"}
_PARTS = {"document": pMsg("template part", "brødteksten"), "header": pMsg("template part", "topptekst"),
          "footer": pMsg("template part", "bunntekst")}


@dataclass(frozen=True)
class TemplateProblem:
    template: str  # file name, e.g. "IKT-strategi.docx"
    place: Msg  # the part and the paragraph text, e.g. «brødteksten, i en tabell, ved «…»»
    problem: Msg  # what is wrong and what to do

    @property
    def where(self) -> str:
        """The place in bokmål (logs, tests)."""
        return str(self.place)

    @property
    def message(self) -> str:
        """What is wrong in bokmål (logs, tests)."""
        return str(self.problem)

    def as_msg(self) -> Msg:
        return Msg("{template}, {where}: {message}", template=self.template, where=self.place, message=self.problem)

    def render(self, lang: Lang | None = None) -> str:
        """The problem in *lang* (None: bokmål)."""
        return (lang or Lang.source()).render(self.as_msg())

    def __str__(self) -> str:
        return self.render()


def _head(problems: list[TemplateProblem]) -> Msg:
    return nMsg("Malen har én feil, så dokumentene er ikke laget. Rett malen i Word og kjør på nytt:",
                "Malene har {n} feil, så dokumentene er ikke laget. Rett malen i Word og kjør på nytt:", len(problems))


def describe(problems: list[TemplateProblem], lang: Lang | None = None) -> str:
    """All problems as one message in *lang* (None: bokmål)."""
    lang = lang or Lang.source()
    return "\n".join([lang.render(_head(problems)), *(f"- {p.render(lang)}" for p in problems)])


def template_error(problems: list[TemplateProblem]) -> TemplateError:
    """The error that stops the documents, shown in the language it is rendered in."""
    return TemplateError(_head(problems), details=tuple(p.as_msg() for p in problems))


def check_templates(templates_dir: Path, lang: Lang | None = None) -> list[TemplateProblem]:
    """Every problem in the three templates in *templates_dir*, named in the
    workspace's *lang* (None: bokmål; see :func:`template_paths`); empty: all fine."""
    problems: list[TemplateProblem] = []
    for path in template_paths(templates_dir, lang).values():
        problems += check_template(path)
    return problems


def check_template(path: Path, schema: dict[str, Any] = SCHEMA) -> list[TemplateProblem]:
    """Every problem in one template."""
    name = path.name
    if not path.is_file():
        return [TemplateProblem(name, Msg("mappen {folder}", folder=str(path.parent)), Msg(
            "Malen finnes ikke. Legg den tilbake, f.eks. fra en ny arbeidsmappe laget med «iktplan init».")),
        ]
    try:
        tpl = DocxTemplate(str(path))
        document = tpl.get_docx()
    except Exception as exc:  # noqa: BLE001 - a damaged file can fail in many ways inside python-docx
        return [TemplateProblem(name, Msg("hele fila"), Msg(
            "Fila kan ikke åpnes som et Word-dokument (.docx): {error}.", error=str(exc)))]

    problems: list[TemplateProblem] = []
    for part, element in _parts(tpl, document):
        paragraphs = list(_paragraphs(element))
        found = _delimiters(name, part, paragraphs) + _paragraph_tags(name, part, paragraphs)
        found += _blocks(name, part, paragraphs)
        problems += found
        if found:
            continue  # the syntax is broken; names cannot be checked reliably
        xml = tpl.patch_xml(tpl.xml_to_string(element))
        problems += _names(name, part, xml, schema)
    return problems


# --- reading the template ---------------------------------------------------------


@dataclass(frozen=True)
class _Paragraph:
    text: str
    in_table: bool


def _parts(tpl: DocxTemplate, document) -> Iterator[tuple[Msg, Any]]:
    yield _PARTS["document"], document.element.body
    for uri, label in ((tpl.HEADER_URI, _PARTS["header"]), (tpl.FOOTER_URI, _PARTS["footer"])):
        for _rel, part in tpl.get_headers_footers(uri):
            yield label, part.element


def _paragraphs(element) -> Iterator[_Paragraph]:
    for p in element.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        in_table = any(True for _ in p.iterancestors(qn("w:tbl")))
        yield _Paragraph(text, in_table)


def _where(part: Msg, paragraph: _Paragraph | None, snippet: str | None = None) -> Msg:
    in_table = bool(paragraph and paragraph.in_table)
    text = snippet if snippet is not None else (paragraph.text if paragraph else "")
    text = " ".join(text.split())
    if len(text) > 70:
        text = text[:67] + "…"
    if text:
        if in_table:
            return Msg("{part}, i en tabell, ved «{text}»", part=part, text=text)
        return Msg("{part}, ved «{text}»", part=part, text=text)
    return Msg("{part}, i en tabell", part=part) if in_table else part


# --- delimiters and tags ------------------------------------------------------------------


def _delimiters(name: str, part: Msg, paragraphs: list[_Paragraph]) -> list[TemplateProblem]:
    problems = []
    for p in paragraphs:
        text, i = p.text, 0
        while i < len(text):
            two = text[i:i + 2]
            if two in _OPEN:
                closer = _OPEN[two]
                end = text.find(closer, i + 2)
                nxt = min((j for j in (text.find(o, i + 2) for o in _OPEN) if j != -1), default=-1)
                if end == -1 or (nxt != -1 and nxt < end):
                    problems.append(TemplateProblem(
                        name, _where(part, p),
                        Msg("«{code}» er ikke avsluttet med «{closer}» i samme avsnitt. En kode må stå samlet i "
                            "ett avsnitt (ikke trykk Enter inne i den), og slutte med «{closer}».",
                            code=two, closer=closer),
                    ))
                    i += 2
                    continue
                i = end + 2
                continue
            if two in ("}}", "%}", "#}"):
                problems.append(TemplateProblem(
                    name, _where(part, p),
                    Msg("«{code}» avslutter en kode som ikke er startet i samme avsnitt. Sjekk at koden begynner "
                        "med «{opener}» og står samlet i ett avsnitt.",
                        code=two, opener={'}}': '{{', '%}': '{%', '#}': '{#'}[two]),
                ))
            i += 1
        for typo in re.finditer(r"\{\s+[{%]|[%}]\s+\}", text):
            problems.append(TemplateProblem(
                name, _where(part, p),
                Msg("«{code}» ser ut som en kode med mellomrom mellom klammene. Skriv «{a}», «{b}», «{c}» og «{d}» "
                    "uten mellomrom.", code=typo.group(0), a="{{", b="}}", c="{%", d="%}"),
            ))
    return problems


def _paragraph_tags(name: str, part: Msg, paragraphs: list[_Paragraph]) -> list[TemplateProblem]:
    problems = []
    for p in paragraphs:
        for m in _TAG.finditer(p.text):
            kind = m.group(1)
            if kind == "tr" and not p.in_table:
                problems.append(TemplateProblem(
                    name, _where(part, p),
                    Msg("«{tag}» kan bare stå i en tabellrad. Bruk «{p_tag}» i vanlig tekst.",
                        tag=m.group(0), p_tag="{%p … %}"),
                ))
            if kind in ("p", "tr"):
                rest = (p.text[: m.start()] + p.text[m.end():]).strip()
                if rest:
                    if kind == "p":
                        lost = Msg("Teksten «{text}» står i samme avsnitt som «{tag}», og blir borte: hele avsnittet "
                                   "med koden fjernes. Flytt teksten til et eget avsnitt.", text=_short(rest),
                                   tag=m.group(0))
                    else:
                        lost = Msg("Teksten «{text}» står i samme avsnitt som «{tag}», og blir borte: hele raden "
                                   "med koden fjernes. Flytt teksten til et eget avsnitt.", text=_short(rest),
                                   tag=m.group(0))
                    problems.append(TemplateProblem(name, _where(part, p), lost))
    return problems


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _blocks(name: str, part: Msg, paragraphs: list[_Paragraph]) -> list[TemplateProblem]:
    problems = []
    stack: list[tuple[str, str, _Paragraph]] = []  # (keyword, tag text, paragraph)
    for p in paragraphs:
        for m in _TAG.finditer(p.text):
            word, tag = m.group(2) or "", m.group(0)
            if word in _OPENERS:
                stack.append((word, tag, p))
            elif word in _MIDDLE:
                if not stack or stack[-1][0] not in _MIDDLE[word]:
                    problems.append(TemplateProblem(
                        name, _where(part, p, tag), Msg("«{tag}» står ikke inne i en «if»-blokk.", tag=tag),
                    ))
            elif word in _CLOSERS:
                opener = _CLOSERS[word]
                start = "{%p " + opener + " … %}"
                if not stack:
                    problems.append(TemplateProblem(
                        name, _where(part, p, tag),
                        Msg("«{tag}» avslutter en «{opener}»-blokk som ikke er startet. Fjern den, eller legg til "
                            "starten («{start}»).", tag=tag, opener=opener, start=start),
                    ))
                elif stack[-1][0] != opener:
                    open_word, open_tag, open_p = stack.pop()
                    problems.append(TemplateProblem(
                        name, _where(part, p, tag),
                        Msg("«{tag}» avslutter en «{opener}»-blokk, men den åpne blokken er «{open_tag}» (ved "
                            "«{text}»). Den må avsluttes med «{closer}» først.", tag=tag, opener=opener,
                            open_tag=open_tag, text=_short(' '.join(open_p.text.split()), 60),
                            closer=_OPENERS[open_word]),
                    ))
                else:
                    stack.pop()
    for word, tag, p in stack:
        end = "{%" + _kind(tag) + " " + _OPENERS[word] + " %}"
        problems.append(TemplateProblem(
            name, _where(part, p, tag),
            Msg("«{tag}» er ikke avsluttet. Legg til «{end}» der blokken skal slutte.", tag=tag, end=end),
        ))
    return problems


def _kind(tag: str) -> str:
    m = _TAG.match(tag)
    return m.group(1) if m and m.group(1) else "p"


# --- names against the schema ---------------------------------------------------------------


def _names(name: str, part: Msg, xml: str, schema: dict[str, Any]) -> list[TemplateProblem]:
    xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)  # one paragraph per line, as docxtpl renders
    lines = xml.split("\n")
    env = jinja2.Environment()
    try:
        tree = env.parse(xml)
    except jinja2.TemplateSyntaxError as exc:
        return [TemplateProblem(name, _line_where(part, lines, exc.lineno),
                                Msg("Malen har en feil i en kode: {error}.", error=str(exc.message)))]
    problems: list[TemplateProblem] = []
    seen: set[tuple[str, int]] = set()

    def report(path: str, lineno: int, options: list[str]) -> None:
        if (path, lineno) in seen:
            return
        seen.add((path, lineno))
        last = path.rsplit(".", 1)[-1]
        close = difflib.get_close_matches(last, options, n=1, cutoff=0.6)
        if close:
            guess = f"{path.rsplit('.', 1)[0] + '.' if '.' in path else ''}{close[0]}"
            problem = Msg("Feltet «{field}» finnes ikke, så dokumentet kan ikke lages. Mente du «{guess}»?",
                          field=path, guess=guess)
        else:
            problem = Msg("Feltet «{field}» finnes ikke, så dokumentet kan ikke lages.", field=path)
        problems.append(TemplateProblem(name, _line_where(part, lines, lineno, path.split(".")[0]), problem))

    _Walker(schema, env, report, problems, name, part, lines).visit(tree, {})
    return problems


def _line_where(part: Msg, lines: list[str], lineno: int | None, near: str | None = None) -> Msg:
    if not lineno or lineno > len(lines):
        return part
    line = lines[lineno - 1]
    text = re.sub(r"<[^>]+>", "", line)
    in_table = "<w:tc" in line or _inside_table(lines, lineno)
    if near and near in text:
        at = text.find(near)
        text = text[max(0, at - 30): at + 40]
    return _where(part, _Paragraph(text, in_table))


def _inside_table(lines: list[str], lineno: int) -> bool:
    before = "\n".join(lines[: lineno - 1])
    return before.count("<w:tbl>") + before.count("<w:tbl ") > before.count("</w:tbl>")


class _Walker:
    """Follows names through the Jinja syntax tree with the schema as the map."""

    def __init__(self, schema, env, report, problems, name, part, lines):
        self.schema, self.env, self.report = schema, env, report
        self.problems, self.name, self.part, self.lines = problems, name, part, lines

    def visit(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.For):
            self.resolve(node.iter, scope)
            inner = dict(scope)
            element = self.element(self.resolve(node.iter, scope, report=False))
            for target in node.target.find_all(nodes.Name) if not isinstance(node.target, nodes.Name) else ():
                inner[target.name] = _ANY
            if isinstance(node.target, nodes.Name):
                inner[node.target.name] = element
            inner["loop"] = "loop"
            if node.test is not None:
                self.visit(node.test, inner)
            for child in node.body:
                self.visit(child, inner)
            for child in node.else_:
                self.visit(child, scope)
            return
        if isinstance(node, (nodes.Assign, nodes.AssignBlock)):
            for target in node.target.find_all(nodes.Name):
                scope[target.name] = _ANY
            if isinstance(node.target, nodes.Name):
                scope[node.target.name] = _ANY
        if isinstance(node, nodes.Macro):
            inner = dict(scope)
            for arg in node.args:
                inner[arg.name] = _ANY
            for child in node.body:
                self.visit(child, inner)
            return
        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)) and not (
            isinstance(node, nodes.Name) and node.ctx == "store"
        ):
            self.resolve(node, scope)
            return
        if isinstance(node, nodes.Filter) and node.name not in self.env.filters:
            self.problems.append(TemplateProblem(
                self.name, _line_where(self.part, self.lines, node.lineno),
                Msg("Filteret «{name}» finnes ikke.", name=node.name),
            ))
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    @staticmethod
    def element(shape: Any) -> Any:
        if isinstance(shape, list) and shape:
            return shape[0]
        return _ANY

    def resolve(self, node: nodes.Node, scope: dict[str, Any], report: bool = True) -> Any:
        """The schema shape of *node*; reports an unknown name (once) when *report*."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.schema:
                return self.schema[node.name]
            if report:
                self.report(node.name, node.lineno, list(self.schema) + [k for k in scope if k != "loop"])
            return None
        if isinstance(node, nodes.Getattr):
            return self.attribute(node, node.node, node.attr, scope, report)
        if isinstance(node, nodes.Getitem):
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.attribute(node, node.node, node.arg.value, scope, report)
            base = self.resolve(node.node, scope, report)
            self.visit(node.arg, scope)
            if isinstance(node.arg, nodes.Slice):
                return base
            return self.element(base)
        self.visit(node, scope)
        return _ANY

    def attribute(self, node, base_node, attr: str, scope, report: bool) -> Any:
        base = self.resolve(base_node, scope, report)
        if base is None or base is _ANY:
            return base
        if base == "loop":
            if attr not in _LOOP and report:
                self.report(f"loop.{attr}", node.lineno, sorted(_LOOP))
            return _ANY if attr in _LOOP else None
        if isinstance(base, dict):
            if attr in base:
                return base[attr]
            if ANY_KEY in base:  # e.g. «tekster»: any key the configuration has (checked when rendering)
                return base[ANY_KEY]
            if report:
                self.report(f"{_dotted(base_node)}.{attr}", node.lineno, list(base))
            return None
        if base in (IMAGE, PROSE) or isinstance(base, list) or not hasattr(str, attr):
            if report:
                self.report(f"{_dotted(base_node)}.{attr}", node.lineno, [])
            return None
        return _ANY  # a str method, e.g. .upper()


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_dotted(node.node)}.{node.arg.value}"
    return "…"
