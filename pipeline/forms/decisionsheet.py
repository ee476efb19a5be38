"""``beslutninger.xlsx`` as the pipeline writes it: the rows
(:func:`pipeline.forms.decisionbook.merge_rows`) in one sheet, the secretariat's
columns yellow and open, the pipeline's grey and locked under «Til informasjon»,
a «Beslutning» dropdown, a year check over the period, and a guide sheet."""

from __future__ import annotations

import io
from copy import copy
from datetime import datetime
from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.core.decisions import CHOICES, COL_CHOICE, COL_YEAR
from pipeline.forms.decisionbook import (FIRST_ROW, HEADER_ROW, INFO, OWN, Entry, choice_label, header,
                                         reference_values, sheet_name)
from pipeline.i18n import Lang, Msg, pMsg

_FILL_HEADER = PatternFill("solid", fgColor="1F4E78")
_FILL_INFO_HEADER = PatternFill("solid", fgColor="7F7F7F")
_FILL_INPUT = PatternFill("solid", fgColor="FFF2CC")  # light yellow: "write here", as in the form
_FILL_INFO = PatternFill("solid", fgColor="EDEDED")  # grey: the pipeline's
_FILL_GONE = PatternFill("solid", fgColor="F4CCCC")
#: The fills of the rows' cells: yellow for the secretariat, grey for the pipeline, red for a vanished measure.
_ROW_FILLS = {"input": _FILL_INPUT, "info": _FILL_INFO, "gone": _FILL_GONE}
_WHITE_BOLD = Font(bold=True, color="FFFFFF")
_WRAP = Alignment(wrap_text=True, vertical="top")


#: The guide sheet's name (the mapping form's «Veiledning»).
GUIDE_SHEET = pMsg("sheet", "Veiledning")
GROUP_OWN = Msg("Sekretariatets beslutninger – fyll ut de gule cellene")
GROUP_INFO = Msg("Til informasjon – skrives av iktplan ved hver kjøring")
GROUP_EXTRA = Msg("Egne kolonner")
#: The pipeline's columns, as the guide names them.
INFO_NAME = Msg("Til informasjon")


def book_bytes(entries: Sequence[Entry], extra_headers: Sequence[str], municipality: str,
               years: Sequence[int], lang: Lang | None = None) -> bytes:
    """The workbook with *entries* (see :func:`merge_rows`), the secretariat's
    *extra_headers* after the pipeline's columns, a «Beslutning» dropdown, a
    year check over the period *years*, and a guide sheet, in *lang* (None: bokmål)."""
    lang = lang or Lang.source()
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name(lang)
    headers = (*(header(h, lang) for h in (*OWN, *INFO)), *extra_headers)
    info_from, info_to = len(OWN) + 1, len(OWN) + len(INFO)
    _group(ws, 1, len(OWN), lang.render(GROUP_OWN), _FILL_HEADER)
    _group(ws, info_from, info_to, lang.render(GROUP_INFO), _FILL_INFO_HEADER)
    if extra_headers:
        _group(ws, info_to + 1, len(headers), lang.render(GROUP_EXTRA), _FILL_HEADER)
    for j, text in enumerate(headers, start=1):
        cell = ws.cell(HEADER_ROW, j, text)
        cell.font = _WHITE_BOLD
        cell.fill = _FILL_INFO_HEADER if info_from <= j <= info_to else _FILL_HEADER
        cell.alignment = _WRAP
        cell.protection = Protection(locked=True)
    last = HEADER_ROW + len(entries)
    styles = _Styles()
    for i, e in enumerate(entries, start=FIRST_ROW):
        values = [*e.cells, *reference_values(e, lang), *e.extra]
        gone = e.reference is None and bool(e.cells[0])
        for j, value in enumerate(values, start=1):
            cell = ws.cell(i, j)
            own = 1 < j <= len(OWN) or j > info_to
            styles.give(cell, own, "gone" if gone and j <= len(OWN) else "input" if own else "info")
            _put(cell, value)  # after the style: a date gives the cell its number format
    for j, width in enumerate((10, 16, 8, 14, 30, 40, 34, 22, 7, 15, 30, 8, 30, 40), start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    for j in range(len(OWN) + len(INFO) + 1, len(headers) + 1):
        ws.column_dimensions[get_column_letter(j)].width = 20
    _validations(ws, max(last, FIRST_ROW + 200), years, lang)
    ws.freeze_panes = ws.cell(FIRST_ROW, 2)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(headers))}{max(last, FIRST_ROW)}"
    # Locked without a password: a guard against typing in the pipeline's columns by mistake.
    ws.protection.sheet = True
    for allowed in ("sort", "autoFilter", "formatColumns", "formatRows", "formatCells", "insertRows",
                    "insertColumns"):
        setattr(ws.protection, allowed, False)
    _guide(wb.create_sheet(lang.render(GUIDE_SHEET)), municipality, years, lang)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _group(ws, first: int, last: int, title: str, fill: PatternFill) -> None:
    ws.merge_cells(start_row=1, start_column=first, end_row=1, end_column=last)
    cell = ws.cell(1, first, title)
    cell.font = _WHITE_BOLD
    cell.fill = fill
    cell.alignment = Alignment(vertical="center")


class _Styles:
    """The rows' cells get one of a few styles. Each is made once, through
    openpyxl's own setters on the first cell of its kind, and copied to the
    others: setting font, fill, alignment and protection on every cell costs a
    hash of each of them per cell (84,000 for 2,000 measures, most of the
    writing time). The file is the same: the first cell of each kind registers
    the same styles in the same order. A cell is given its style before its
    value, which sets a date's number format on top of it."""

    def __init__(self) -> None:
        self._made: dict[tuple[bool, str], StyleArray] = {}

    def give(self, cell, own: bool, fill: str) -> None:
        """Style *cell* as the secretariat's (*own*: open) or the pipeline's
        (locked), with the fill named *fill* (see :data:`_ROW_FILLS`)."""
        made = self._made.get((own, fill))
        if made is not None:
            cell._style = copy(made)
            return
        cell.alignment = _WRAP
        cell.protection = Protection(locked=not own)
        cell.fill = _ROW_FILLS[fill]
        self._made[own, fill] = copy(cell._style)


def _put(cell, value: Any) -> None:
    """Write *value* as read: text stays text (never a formula), numbers and dates as they were."""
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
    elif isinstance(value, datetime) and value.tzinfo is not None:
        cell.value = value.replace(tzinfo=None)
    else:
        cell.value = value


def _validations(ws, last: int, years: Sequence[int], lang: Lang | None = None) -> None:
    lang = lang or Lang.source()
    _ = lang.gettext
    labels = [choice_label(c, lang) for c in CHOICES]
    choice = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle=_("Ukjent beslutning"),
                            error=_("Velg en av beslutningene i listen."), promptTitle=header(COL_CHOICE, lang),
                            prompt=_("{automatic}: planen regnes ut. {include}: låst inn i planen. {exclude}: står "
                                     "utenfor. {postpone}: skriv året i «{year}».", automatic=labels[0],
                                     include=labels[1], exclude=labels[2], postpone=labels[3],
                                     year=header(COL_YEAR, lang)))
    ws.add_data_validation(choice)
    choice.add(f"B{FIRST_ROW}:B{last}")
    if years:
        year = DataValidation(type="whole", operator="between", formula1=str(min(years)), formula2=str(max(years)),
                              allow_blank=True, showErrorMessage=True, errorTitle=_("Utenfor perioden"),
                              error=_("Skriv et år i strategiperioden {first}–{last}.", first=min(years),
                                      last=max(years)),
                              promptTitle=header(COL_YEAR, lang),
                              prompt=_("Året investeringen skal regnes i (for «{postpone}», eller «{include}» i et "
                                       "bestemt år).", postpone=labels[3], include=labels[1]))
        ws.add_data_validation(year)
        year.add(f"C{FIRST_ROW}:C{last}")


#: The guide, one paragraph a line ("": an empty line); the first is the title.
GUIDE = (
    Msg("Slik bruker du {book}"),
    None,
    Msg("iktplan lager dette arket og oppdaterer det ved hver kjøring. Sekretariatets beslutninger står i de gule "
        "cellene, og neste kjøring leser dem. iktplan endrer aldri det dere har skrevet: nye tiltak får en ny rad "
        "nederst, og de grå kolonnene («{info}») skrives på nytt hver gang."),
    None,
    Msg("{choice}: «{automatic}» (eller tom) betyr at planen regnes ut etter poengsum, avhengigheter og "
        "investeringsramme. «{include}» låser tiltaket inn i planen: det tas inn før alle andre, også om rammen ikke "
        "strekker til. «{exclude}» holder tiltaket utenfor planen. «{postpone}» regner investeringen i året i "
        "kolonnen «{year}»."),
    Msg("{year}: året for «{postpone}» (må fylles ut), eller for «{include}» hvis tiltaket skal tas med i et "
        "bestemt år."),
    Msg("{merge}: id-en til tiltaket dette skal slås sammen med, f.eks. FSH-1. De to blir ett felles tiltak som "
        "regnes én gang, med tallene til FSH-1, og enhetene står som eiere sammen. Kolonnen «{proposal}» viser "
        "samordningsgrupper iktplan har funnet, og hvilket tiltak som kan være det felles tiltaket (S-3 … → FSH-1)."),
    Msg("{title}: en annen tittel enn enhetens, hvis dere vil. {reason}: står ved beslutningen i dokumentene."),
    None,
    Msg("{note} sier hvis noe i raden ikke kunne brukes (f.eks. «{postpone}» uten år), og resten av arket gjelder "
        "likevel. En rad for et tiltak som ikke finnes lenger, flyttes nederst og merkes rødt; beslutningen tas "
        "vare på, men brukes ikke."),
    None,
    Msg("Lukk fila før dere kjører iktplan: er den åpen i Excel eller LibreOffice, bruker iktplan det som er "
        "lagret, men oppdaterer ikke arket. Forrige versjon av fila tas vare på i .iktplan/beslutninger/ før den "
        "byttes ut."),
    Msg("Egne kolonner til høyre for de grå tas vare på (verdiene, ikke formateringen)."),
)


def guide_lines(municipality: str, years: Sequence[int], lang: Lang | None = None) -> list[str]:
    """The guide sheet's lines in *lang* (None: bokmål), the title naming *municipality* and the period."""
    from pipeline.core.decisions import COL_MERGE, COL_REASON, COL_TITLE
    from pipeline.forms.decisionbook import BOOK_NAME, COL_NOTE, COL_PROPOSAL

    lang = lang or Lang.source()
    labels = [choice_label(c, lang) for c in CHOICES]
    words = dict(book=BOOK_NAME, info=lang.render(INFO_NAME), choice=header(COL_CHOICE, lang),
                 automatic=labels[0], include=labels[1], exclude=labels[2], postpone=labels[3],
                 year=header(COL_YEAR, lang), merge=header(COL_MERGE, lang), proposal=header(COL_PROPOSAL, lang),
                 title=header(COL_TITLE, lang), reason=header(COL_REASON, lang), note=header(COL_NOTE, lang))
    lines = [lang.render(m.fill(**{k: v for k, v in words.items() if "{" + k + "}" in m.id})) if m else ""
             for m in GUIDE]
    title = lang.gettext("{title} – {municipality} {first}–{last}", title=lines[0], municipality=municipality,
                         first=min(years), last=max(years)) if years else \
        lang.gettext("{title} – {municipality}", title=lines[0], municipality=municipality)
    return [title, *lines[1:]]


def _guide(ws, municipality: str, years: Sequence[int], lang: Lang | None = None) -> None:
    ws.column_dimensions["A"].width = 110
    for i, line in enumerate(guide_lines(municipality, years, lang), start=1):
        cell = ws.cell(i, 1, line)
        cell.alignment = _WRAP
        if i == 1:
            cell.font = Font(bold=True, size=14)
