"""What ``strategi.toml`` may contain, and plain Norwegian for what is wrong with it.

* :data:`KEYS` is every key the file may have, table by table. A key that is not
  there is an error with a suggestion (:func:`unknown_keys`), so a misspelled
  «saksbehandlar» is never silently ignored.
* :func:`syntax_message` turns a ``tomllib`` error into one Norwegian sentence
  with the line number, the text of that line and a hint for the mistakes people
  make when they edit the file in Notepad: spaces in numbers, decimal commas,
  text without quotes, æøå in keys, a missing ``]``, a key written twice.
* :class:`Lines` finds the line a key or a table is on.

Pure: text and dictionaries in, text out.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

#: Marks a table whose keys are data (years, the secretariat's own text names), not names the program
#: knows: checked by the value rules.
ANY_KEYS = "ANY_KEYS"

#: Marks ``[tekster]``: the secretariat may name its own texts (each reaches the
#: templates), but a key the file knows from another table is a key under the wrong heading.
TEXT_KEYS = "TEXT_KEYS"

#: The keys of ``[epost]``; :mod:`pipeline.mail.settings` reads them.
MAIL_KEYS = (
    "imap_server", "imap_port", "imap_bruker", "imap_mappe", "ferdig_mappe", "tls", "ca_fil",
    "smtp_server", "smtp_port", "smtp_tls", "smtp_bruker", "avsender", "send_kvittering", "tidsavbrudd_sek",
)

#: Every key of ``strategi.toml``. A dict is a table, a one-element list an array
#: of tables (``[[...]]``), ``None`` a value. docs/konfigurasjon.md documents each
#: one (tests/test_config.py checks that).
KEYS: dict[str, Any] = {
    "sprak": None,
    "språk": None,  # the same setting, in quotes ("språk" = "nn"); both at once is an error
    "kommune": None,
    "tjenesteomrader": None,
    "periode": {"fra": None, "til": None},
    "mal": {
        "virksomhetsmal": None,
        "hovedmal": None,
        "delmal": [{"kode": None, "tekst": None}],
    },
    "enheter": [{"navn": None, "kode": None, "tjenesteomrade": None}],
    "kriterier": {
        "horisont_ar": None,
        "diskonteringsrente": None,
        "flytt_til_senere_aar": None,
        "rente_kilde": None,
        "vekter": {"okonomi": None, "strategi": None, "risiko": None, "tid": None},
        "quick_win": {"maks_investering": None, "maks_varighet_mnd": None},
    },
    "budsjett": {"investeringsramme": ANY_KEYS},
    "sak": {
        "tittel": None,
        "saksbehandler": None,
        "arkivsaksnr": None,
        "forslag_overskrift": None,
        "underskriver": None,
        "underskriver_tittel": None,
        "arkivkode": None,
        "okonomiplan_periode": None,
        "drofting": None,
        "deleger_rullering": None,
        "saksgang": [{"utvalg": None, "motedato": None, "saksnr": None}],
        "tidligere_vedtak": [{"utvalg": None, "dato": None, "saksnr": None, "vedtak": None}],
    },
    # Any key: each one reaches the templates as {{ tekster.<key> }} (and a key named
    # like a section in tekster/, e.g. «bakgrunn», stands in for its Word file).
    "tekster": TEXT_KEYS,
    "innlevering": {"frist": None, "kontakt": None, "innboks": None, "epost": None},
    "epost": dict.fromkeys(MAIL_KEYS),
    "lager": {"url": None, "skjema": None},
    "samarbeid": {"del_barometer": None, "vis_navn": None, "del_tiltak": None},
}


def key_paths(schema: dict[str, Any] = KEYS, prefix: str = "") -> list[str]:
    """Every dotted key in *schema*, tables included: ``periode``, ``periode.fra``, …"""
    paths = []
    for key, sub in schema.items():
        path = f"{prefix}{key}"
        paths.append(path)
        if isinstance(sub, list):
            sub = sub[0]
        if isinstance(sub, dict):
            paths.extend(key_paths(sub, path + "."))
    return paths


# --- where things are in the file ---------------------------------------------------------

_HEADER = re.compile(r"\s*(\[\[?)\s*([^\]#]*?)\s*(\]\]?)?\s*(#.*)?$")
_KEY = re.compile(r"""\s*((?:"[^"]*"|'[^']*'|[^=\s"'#\[]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[^=\s"'#.\[]+))*)\s*=""")


def _split_key(text: str) -> tuple[str, ...]:
    parts = re.findall(r'"([^"]*)"|\'([^\']*)\'|([^.\s"\']+)', text)
    return tuple(a or b or c for a, b, c in parts)


@dataclass(frozen=True)
class _Entry:
    table: tuple[str, ...]  # the table the line is in
    index: int | None  # which [[array]] element (from 1); None: a plain table
    key: tuple[str, ...] | None  # the key on the line; None: the line is a table header
    line: int


class Lines:
    """The line of each key and table header in the text of a TOML file
    (found line by line; keys inside inline tables and multi-line values are
    not indexed, and :meth:`find` then returns ``None``)."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.entries: list[_Entry] = []
        table: tuple[str, ...] = ()
        index: int | None = None
        counts: dict[tuple[str, ...], int] = {}
        in_string = False
        for number, line in enumerate(self.lines, 1):
            if in_string:  # inside a multi-line string: not keys
                in_string = line.count('"""') % 2 == 0 and line.count("'''") % 2 == 0
                continue
            header = _HEADER.match(line) if line.lstrip().startswith("[") else None
            if header:
                table = _split_key(header.group(2))
                index = None
                if header.group(1) == "[[":
                    counts[table] = index = counts.get(table, 0) + 1
                self.entries.append(_Entry(table, index, None, number))
                continue
            key = _KEY.match(line)
            if key:
                self.entries.append(_Entry(table, index, _split_key(key.group(1)), number))
                rest = line[key.end():]
                in_string = (rest.count('"""') + rest.count("'''")) % 2 == 1

    def text(self, number: int) -> str:
        """Line *number* (from 1) as written, or ``""`` past the end."""
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def find(self, path: tuple[str, ...], index: int | None = None) -> int | None:
        """The line of the key or table header *path* (also a key written dotted,
        ``vekter.okonomi = 40`` under ``[kriterier]``); with *index*, in the n-th
        element (from 1) of the array of tables it is in. ``None``: not found."""
        for e in self.entries:
            if e.table + (e.key or ()) == path and (index is None or e.index == index):
                return e.line
        return None


# --- unknown keys --------------------------------------------------------------------------


def unknown_keys(data: dict[str, Any], lines: Lines | None = None) -> list[str]:
    """One Norwegian sentence per key in *data* that :data:`KEYS` does not have,
    in file order, each with its line (when *lines* knows it) and the closest
    known key."""
    found: list[tuple[int, str]] = []
    _walk(data, KEYS, (), None, lines, found)
    return [message for _, message in sorted(found, key=lambda f: f[0])]


def _walk(node: dict[str, Any], schema: dict[str, Any], table: tuple[str, ...], index: int | None,
          lines: Lines | None, found: list[tuple[int, str]]) -> None:
    for key, value in node.items():
        sub = schema.get(key, _UNKNOWN)
        if sub is _UNKNOWN:
            line = lines.find((*table, key), index) if lines else None
            found.append((line or 0, _unknown(key, value, table, index, line, schema)))
        elif isinstance(sub, list) and isinstance(value, list):
            for i, item in enumerate(value, 1):
                if isinstance(item, dict):
                    _walk(item, sub[0], (*table, key), i, lines, found)
        elif isinstance(sub, dict) and isinstance(value, dict):
            _walk(value, sub, (*table, key), index, lines, found)
        elif sub == TEXT_KEYS and isinstance(value, dict):
            elsewhere = {p.rpartition(".")[2] for p in key_paths() if not p.startswith(f"{key}.")}
            for name, text in value.items():
                if name in elsewhere:
                    line = lines.find((*table, key, name), index) if lines else None
                    found.append((line or 0, _unknown(name, text, (*table, key), index, line, {})))


_UNKNOWN = object()


def _unknown(key: str, value: Any, table: tuple[str, ...], index: int | None, line: int | None,
             schema: dict[str, Any]) -> str:
    name = ".".join(table)
    at = f" (linje {line})" if line else ""
    close = difflib.get_close_matches(key, list(schema), n=1, cutoff=0.6)
    array = isinstance(value, list) and value and all(isinstance(v, dict) for v in value)
    if isinstance(value, dict) or array:
        left, right = ("[[", "]]") if array else ("[", "]")
        message = f"Ukjent tabell {left}{'.'.join((*table, key))}{right}{at}."
        if close:
            return f"{message} Mente du {left}{'.'.join((*table, close[0]))}{right}?"
    else:
        where = ("øverst i fila" if not table else
                 f"i [[{name}]] nr. {index}" if index is not None and isinstance(_lookup(table), list) else
                 f"i [{name}]")
        message = f"Ukjent nøkkel «{key}» {where}{at}."
        if close:
            return f"{message} Mente du «{close[0]}»?"
    homes = [p.rpartition(".")[0] for p in key_paths() if p.rpartition(".")[2] == key and p.rpartition(".")[0] != name]
    if homes:
        place = f"i [{homes[0]}]" if homes[0] else "øverst i fila, før den første [tabellen]"
        return (f"{message} «{key}» hører hjemme {place}. En nøkkel hører til den nærmeste [tabellen] over den; "
                "står den under feil overskrift?")
    known = ", ".join(f"«{k}»" for k in schema)
    return f"{message} Kjente nøkler her er {known}."


def _lookup(table: tuple[str, ...]) -> Any:
    """The schema of *table* (a dict, or a one-element list for an array of tables)."""
    node: Any = KEYS
    for part in table:
        node = node[0] if isinstance(node, list) else node
        node = node[part]
    return node


# --- syntax errors -------------------------------------------------------------------------

_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_END = re.compile(r"\s*\(at end of document\)\s*$")

#: tomllib's messages in Norwegian (the start of the message is enough).
_MESSAGES = (
    ("Expected newline or end of document after a statement", "etter verdien står det noe som ikke hører til der."),
    ("Invalid value", "verdien kan ikke leses. Tekst skal stå i anførselstegn, tall uten."),
    ("Expected '=' after a key", "det mangler et likhetstegn (=) etter nøkkelen, eller nøkkelen har tegn som "
                                 "ikke er lov uten anførselstegn."),
    ("Expected ']]' at the end", "overskriften mangler ]] på slutten."),
    ("Expected ']' at the end", "overskriften mangler ] på slutten."),
    ("Cannot overwrite a value", "nøkkelen står to ganger. Fjern den ene."),
    ("Cannot declare", "tabellen står to ganger. Slå dem sammen til én."),
    ("Unclosed array", "listen mangler et komma mellom to elementer (her eller på linjen over), "
                       "eller ] på slutten."),
    ("Unterminated string", "teksten mangler anførselstegn på slutten."),
    ("Illegal character", "teksten mangler anførselstegn på slutten, eller har et tegn som ikke er lov der."),
    ("Unescaped '\\'", "tekst med omvendt skråstrek (\\), f.eks. en filsti, må stå i enkle anførselstegn: "
                       "'C:\\mappe\\fil.pem'. Du kan også skrive / i stedet for \\."),
)


def syntax_message(name: str, text: str, error: Exception) -> str:
    """«strategi.toml har en skrivefeil på linje 102: `2027 = 1 200 000` — et tall
    kan ikke ha mellomrom i TOML. Skriv 1200000 eller 1_200_000.»"""
    raw = str(error)
    position = _POSITION.search(raw)
    message = _POSITION.sub("", _END.sub("", raw)).strip()
    lines = Lines(text)
    if position is None:
        return f"{name} har en skrivefeil: {_capital(_translate(message))}"
    number = int(position.group(1))
    shown = lines.text(number).strip()
    hint = _hint(message, shown, lines, number) or _translate(message)
    if not shown:  # the error is noticed on an empty line: the cause is above it
        return f"{name} har en skrivefeil på linje {number}: {_capital(hint)} Se på linjene over."
    if len(shown) > 80:
        shown = shown[:77] + "…"
    return f"{name} har en skrivefeil på linje {number}: `{shown}` — {hint}"


def _translate(message: str) -> str:
    for english, norwegian in _MESSAGES:
        if message.startswith(english):
            return norwegian
    return f"TOML-feil ({message})."


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


_NUMBER_SPACES = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+")
_THOUSAND_DOTS = re.compile(r"\d{1,3}(?:\.\d{3}){2,}|\d{1,3}\.\d{3}(?=\s*(?:kr|$))")
_DECIMAL_COMMA = re.compile(r"\d+,\d+")
_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")
_SMART_QUOTES = "“”„‟‘’‚‛«»"


def _hint(message: str, line: str, lines: Lines, number: int) -> str | None:
    """A hint for the usual mistakes, from the text of the line; ``None``: no better hint."""
    key, _, value = line.partition("=")
    key, value = key.strip(), _strip_comment(value.strip())
    if message.startswith("Cannot overwrite a value") and key:
        earlier = next((e.line for e in lines.entries if e.line < number and e.key == _split_key(key)), None)
        also = f" (også på linje {earlier})" if earlier else ""
        return f"«{key}» står to ganger i samme tabell{also}. Fjern den ene."
    if message.startswith("Cannot declare"):
        earlier = next((e.line for e in lines.entries if e.line < number and e.key is None
                        and f"[{'.'.join(e.table)}]" in line.replace(" ", "")), None)
        also = f" (også på linje {earlier})" if earlier else ""
        return f"tabellen {line.split('#')[0].strip()} står to ganger{also}. Slå dem sammen til én."
    if line.startswith("[") and message.startswith(("Expected ']'", "Expected ']]'")):
        name = line.strip("[] \t").split("#")[0].strip().rstrip("]")
        if any(not c.isascii() for c in name):
            return ("navn på tabeller kan bare ha bokstavene a–z, tall, _ og - når de står uten anførselstegn. "
                    f"Skriv [{_ascii(name)}].")
        opening, closing = ("[[", "]]") if line.startswith("[[") else ("[", "]")
        return f"overskriften mangler {closing} på slutten. Skriv {opening}{name}{closing}."
    if message.startswith("Expected '=' after a key") and "=" in line:
        if any(not c.isascii() for c in key):
            return (f"nøkler uten anførselstegn kan bare ha bokstavene a–z, tall, _ og -, ikke æ, ø og å. "
                    f"Skriv {_ascii(key)}, eller sett nøkkelen i anførselstegn: \"{key}\" = …")
        if " " in key:
            return f"en nøkkel kan ikke ha mellomrom. Skriv {key.replace(' ', '_')} eller \"{key}\"."
    if message.startswith(("Expected newline", "Invalid value")) and "=" in line and not value:
        return "verdien mangler etter =. Skriv \"\" for tom tekst, eller fjern linjen."
    if message.startswith(("Expected newline", "Invalid value")) and value:
        return _value_hint(value)
    if message.startswith(("Illegal character '\\n'", "Unterminated string")) and value.count('"') % 2 == 1:
        return "teksten mangler anførselstegn (\") på slutten."
    if message.startswith("Unescaped '\\'") and value.startswith('"') and value.endswith('"'):
        return (f"tekst med omvendt skråstrek (\\), f.eks. en filsti, må stå i enkle anførselstegn: '{value[1:-1]}'. "
                "Du kan også skrive / i stedet for \\.")
    return None


def _value_hint(value: str) -> str | None:
    bare = re.sub(r"\s*(kr\.?|kroner|nok|,-)$", "", value, flags=re.IGNORECASE).strip()
    if any(q in value for q in _SMART_QUOTES):
        return ("bruk vanlige anførselstegn (\"), ikke “ ” eller « ». Tekstbehandlere gjør dem om; "
                "rediger fila i Notisblokk eller en annen tekstredigerer.")
    if _NUMBER_SPACES.fullmatch(bare):
        digits = re.sub(r"\D", "", bare)
        return (f"et tall kan ikke ha mellomrom i TOML. Skriv {digits} eller {_underscored(digits)}.")
    if _THOUSAND_DOTS.fullmatch(bare):
        digits = bare.replace(".", "")
        return f"et tall kan ikke ha punktum som tusenskille i TOML. Skriv {digits} eller {_underscored(digits)}."
    if bare != value and re.fullmatch(r"[\d_]+", bare):
        return f"skriv bare tallet, uten «kr»: {bare}."
    if re.fullmatch(r"\d+(?:[.,]\d+)?\s*%", value):
        number = float(value.rstrip("% ").replace(",", "."))
        return f"skriv prosent som desimaltall, uten %: {_decimal(number / 100)}."
    if _DECIMAL_COMMA.fullmatch(bare):
        return f"TOML bruker punktum som desimaltegn. Skriv {bare.replace(',', '.')}."
    if re.fullmatch(r"\d+(?:[.,]\d+)?\s*(mill(ioner)?|mnok)\.?", bare, re.IGNORECASE):
        amount = float(re.match(r"\d+(?:[.,]\d+)?", bare).group().replace(",", ".")) * 1_000_000
        return f"skriv beløpet i hele kroner: {int(amount)}."
    if _DATE.fullmatch(value):
        return f"en dato skal stå i anførselstegn: \"{value}\"."
    if value in ("True", "False", "TRUE", "FALSE", "Ja", "Nei", "ja", "nei"):
        return "skriv true eller false, med små bokstaver og uten anførselstegn."
    if value.startswith("'") and value.count("'") > 2:
        return f"teksten har en apostrof inne i enkle anførselstegn. Bruk vanlige anførselstegn: \"{value[1:-1]}\"."
    if value[:1].isalpha() or value[:1] in "ÆØÅæøå":
        return f"tekst skal stå i anførselstegn: \"{value}\"."
    if value.startswith('"') and not value.endswith('"'):
        return "teksten mangler anførselstegn på slutten."
    return None


def _strip_comment(value: str) -> str:
    """*value* without a trailing ``# comment`` (outside quotes)."""
    quote = None
    for i, c in enumerate(value):
        if quote:
            quote = None if c == quote else quote
        elif c in "\"'":
            quote = c
        elif c == "#":
            return value[:i].strip()
    return value


def _underscored(digits: str) -> str:
    return f"{int(digits):_}"


def _decimal(number: float) -> str:
    return f"{number:.6f}".rstrip("0").rstrip(".")


_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "AE", "Ø": "O", "Å": "A", "é": "e", "ü": "u"})


def _ascii(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", text.translate(_ASCII))
