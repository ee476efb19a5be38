"""Whole example municipalities as combined models: the demo units read from
forms filled into the real blank form, and units that typed everything that
breaks naive documents (:data:`HOSTILE`)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path

from pipeline.contract import BAROMETER
from pipeline.core.model import (
    BarometerAnswer,
    FormContent,
    Measure,
    Period,
    Problem,
    Provenance,
    Submission,
    System,
    UnitInfo,
    combine,
    unit_key,
)

_DEMO_CACHE: dict[tuple, list[Submission]] = {}


# --- inputs -------------------------------------------------------------------------


def demo_submissions(config, blank_form: Path, folder: Path, *, revision: bool = False) -> list[Submission]:
    """The demo units' forms, filled into the real blank form, read and validated
    as the intake does; with *revision*, Hjemmetjenesten's revised form as revision 2."""
    from pipeline.demo.forms import DEMO_UNITS
    from pipeline.demo.health import demo_revision
    from pipeline.forms.formfill import fill_form
    from pipeline.forms.reader import read_workbook
    from pipeline.forms.validation import validate

    key = (str(blank_form), revision)
    if key not in _DEMO_CACHE:
        entries = [(entry, 1) for entry in DEMO_UNITS]
        if revision:
            entries.append((demo_revision(), 2))
        subs = []
        for i, (entry, rev) in enumerate(entries):
            path = fill_form(blank_form, folder / f"{i}-{entry['file_name']}", **entry["form"])
            result = validate(read_workbook(path), config)
            assert result.ok, [str(e) for e in result.errors]
            content = result.content
            subs.append(Submission(unit_key(content.unit.name), rev, datetime(2027, 1, 10 + i, 9, 30),
                                   entry["file_name"], content))
        _DEMO_CACHE[key] = subs
    return _DEMO_CACHE[key]


def demo_model(config, blank_form: Path, folder: Path, *, revision: bool = False):
    return combine(config, demo_submissions(config, blank_form, folder, revision=revision))


HOSTILE = {
    "markup": 'R&D <b>fet</b> "sitat" \'apostrof\' & <script>alert(1)</script>',
    "lines": "Linje 1\nLinje 2\r\nLinje 3",
    "tab": "Kolonne A\tKolonne B",
    "control": "Kontroll\x01\x07\x0btegn\x0c\x1f slutt",
    "emoji": "Emoji 🚀👩‍💻 og æøå ÆØÅ é ü ß",
    "tags": "{{ kommune }} og {% if true %}ja{% endif %} og {# kommentar #} og {%p endfor %} og {_{ x }_} {_% y %_}",
    "xml": "]]> <![CDATA[ x ]]> &amp; &lt; <w:t>",
    "money": "Spar $5 og $10, 100 % sikkert \\ backslash",
    # The private-use characters the document engine marks picture ids, bookmarks and late values with.
    "marks": '\ue0d0\ue0d1 id="\ue0d0" <w:bookmarkEnd w:id="\ue0d10"/> ns0:start \ue000 \ue0d20\ue0d3 \ue0d21\ue0d3',
}


def _prov(sheet: str, row: int) -> Provenance:
    return Provenance(sheet, row)


def hostile_forms() -> list[FormContent]:
    """Two units whose texts carry :data:`HOSTILE` everywhere a unit can type."""
    h = HOSTILE
    first = FormContent(
        unit=UnitInfo("Fjordvik kommune", "R&D <avdeling> «Øst»", "Oppvekst og utdanning", h["emoji"],
                      "a@b.no", date(2027, 1, 5), "1.0"),
        problems=(Problem(1, h["markup"], "Problem", h["lines"], "Høy", _prov("Problemer og muligheter", 2)),
                  Problem(2, h["tags"], "Mulighet", h["xml"], "Lav", _prov("Problemer og muligheter", 3))),
        systems=(System(h["money"], h["markup"], h["tab"], 10, 3, "Beholde", h["control"], _prov("Systemer", 2)),),
        measures=(
            Measure(1, h["markup"], h["lines"], "D1", (1,), 200_000, 20_000, 150_000, h["tab"],
                    Period(2027, "Vår"), 4, h["emoji"], h["tags"], "Lav", "Quick win", h["xml"],
                    _prov("Tiltak", 2)),
            Measure(2, h["tags"], h["control"], "D2", (2,), 900_000, 50_000, 300_000, h["emoji"],
                    Period(2028, "Høst"), 10, h["money"], h["markup"], "Middels", None, None, _prov("Tiltak", 3)),
            Measure(3, h["money"], h["xml"], None, (), 5_000_000, 0, 0, None, None, None, h["lines"], None, None,
                    "Kritisk prosess", h["tags"], _prov("Tiltak", 4)),
            Measure(4, h["marks"], h["marks"], None, (), 400_000, 0, 0, None, Period(2029, "Vår"), 2, h["marks"],
                    None, None, None, None, _prov("Tiltak", 5)),
        ),
        barometer=tuple(BarometerAnswer(a, s, 3, h["markup"], _prov("IKT-barometer", 2 + i))
                        for i, (a, s) in enumerate(BAROMETER)),
    )
    second = FormContent(
        unit=UnitInfo("Fjordvik kommune", h["emoji"][:12], "Helse og omsorg", "Kari", "k@b.no", None, "1.0"),
        measures=(Measure(1, h["emoji"], h["tab"], "D6", (), 100_000, 10_000, 80_000, h["lines"],
                          Period(2027, "Høst"), 3, h["control"], h["emoji"], "Lav", "Quick win", None,
                          _prov("Tiltak", 2)),),
    )
    return [first, second]


def hostile_model(config):
    config = dataclasses.replace(config, municipality="Ærlige & <Øvre> «Kommune»")
    subs = [Submission(unit_key(f.unit.name), 1, datetime(2027, 1, 20 + i, 8, 0), "x.xlsx", f)
            for i, f in enumerate(hostile_forms())]
    return combine(config, subs)


def demo_decisions():
    """The demo secretariat's decisions (``pipeline.demo.secretariat``) as the core reads them."""
    from pipeline.core.decisions import AUTOMATIC, COL_CHOICE, COL_MERGE, COL_REASON, COL_TITLE, COL_YEAR
    from pipeline.core.decisions import Decision, Decisions
    from pipeline.demo.secretariat import DEMO_DECISIONS

    return Decisions(tuple(
        Decision(id, cells.get(COL_CHOICE, AUTOMATIC), cells.get(COL_YEAR), cells.get(COL_MERGE),
                 cells.get(COL_TITLE), cells.get(COL_REASON), row=3 + i)
        for i, (id, cells) in enumerate(DEMO_DECISIONS)
    ))
