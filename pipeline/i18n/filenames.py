"""The names of the files and folders iktplan writes, in a workspace's language (issue 14).

Politicians and units see these names, so they follow the language
(docs/sprak.md, «Navnene på filene og mappene»). They live in the catalogue
(msgctxt ``file`` for a file, ``folder`` for a folder): a new language is a
catalogue, not a code change. Code names a file by its key (``"strategy"``,
``"overview"``, ``"receipts"`` …) and asks :class:`FileNames` for it; bokmål is
the msgid, so a bokmål workspace keeps the names it always had.

A reader that must find what an earlier language wrote (a workspace whose
``sprak`` was changed) asks :func:`every_name` for a key's name in every
language. Nothing written under an old name is renamed, replaced or deleted.

Fixed on purpose (the same in every language): the top-level folders
(``inbox/``, ``outbox/``, ``excel_forms/``, ``word_templates/``, ``.iktplan/``)
and the version archive ``outbox/arkiv/`` (the same word in nb, nn and da; one
archive keeps the versions of a workspace in one row when its language changes).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from pipeline.i18n.lang import Lang, every_translation
from pipeline.i18n.message import Msg, pMsg

#: Every named file and folder, by key; the msgid is the bokmål name.
NAMES: dict[str, Msg] = {
    # TRANSLATORS: file names (msgctxt "file", "folder") are what politicians and units see in the
    # folders. Keep the extension, use no «/», «\», «:», and keep them short.
    "strategy": pMsg("file", "IKT-strategi.docx"),
    "measures": pMsg("file", "Tiltaksbeskrivelser.docx"),
    "case": pMsg("file", "Saksframlegg.docx"),
    "overview": pMsg("file", "Samlet-oversikt.xlsx"),
    "form": pMsg("file", "Kartleggingsskjema.xlsx"),
    "joint_overview": pMsg("file", "Samarbeid-oversikt.xlsx"),
    # the yearly cycle (issue 15)
    "rolled_plan": pMsg("file", "Handlingsplan-rullert.docx"),
    "rolling_case": pMsg("file", "Saksframlegg-rullering.docx"),
    "status_template": pMsg("file", "Statusrapport.docx"),
    # folders in outbox/
    "receipts": pMsg("folder", "kvitteringer"),
    "quarantine": pMsg("folder", "karantene"),
}

#: Names with the year (and the unit) in them: a stem or a folder, filled in where used.
# TRANSLATORS: the year's status report, written as «Statusrapport 2028.docx» and «Statusrapport 2028.xlsx».
STATUS_REPORT = pMsg("file", "Statusrapport {year}")
# TRANSLATORS: the folder in outbox/ with the year's rolled plan and case document («Rullering 2028»).
ROLLING_FOLDER = pMsg("folder", "Rullering {year}")
# TRANSLATORS: the folder in outbox/ with the year's follow-up forms, one per unit («Oppfølging 2028»).
FOLLOWUP_FOLDER = pMsg("folder", "Oppfølging {year}")
# TRANSLATORS: a unit's follow-up form: «2028 Oppfølging Fjordvik barneskole.xlsx».
FOLLOWUP_FORM = pMsg("file", "{year} Oppfølging {unit}.xlsx")
# TRANSLATORS: the rolled action plan for a year, in outbox/Rullering 2028/.
ROLLED_PLAN = pMsg("file", "Handlingsplan {year} (rullert).docx")
# TRANSLATORS: the case document for the yearly rullering, in outbox/Rullering 2028/.
ROLLING_CASE = pMsg("file", "Saksframlegg rullering {year}.docx")
#: The rullering's documents: their templates' keys (in the order they are rendered) and what they are written as.
ROLL_OUTPUTS = {"rolled_plan": ROLLED_PLAN, "rolling_case": ROLLING_CASE}

# TRANSLATORS: a copy of a document a person edited, kept in the archive:
# «Saksframlegg (redigert 29.11.2026 kl. 14.02).docx». One word, lower case.
EDITED = pMsg("file", "redigert")
# TRANSLATORS: every copy of a yearly document kept in the archive: «Statusrapport 2028 (laget 29.11.2026 kl.
# 14.02).docx». One word, lower case.
MADE = pMsg("file", "laget")

#: The Word documents of a version, in the order they are rendered (keys of :data:`NAMES`).
DOCUMENTS = ("strategy", "measures", "case")
#: The overview workbook of a version.
OVERVIEW = "overview"


def pdf_name(name: str) -> str:
    """``IKT-strategi.docx`` → ``IKT-strategi.pdf``: the PDF beside a document."""
    return name.rsplit(".", 1)[0] + ".pdf"


def every_word(msg: Msg) -> tuple[str, ...]:
    """:data:`EDITED` or :data:`MADE` in every language (bokmål first, no repeats)."""
    return (msg.id, *sorted(every_translation(msg) - {msg.id}))


def every_name(key: str) -> tuple[str, ...]:
    """The name of *key* in every language iktplan has (bokmål first, no repeats): what
    a reader looks for when a workspace's language may have changed."""
    source = NAMES[key].id
    return (source, *sorted(every_translation(NAMES[key]) - {source}))


@dataclass(frozen=True)
class FileNames:
    """The names in one language (``FileNames(Lang.for_code("da")).strategy`` →
    ``It-strategi.docx``); ``FileNames()`` is bokmål."""

    lang: Lang | None = None

    def name(self, key: str) -> str:
        return self._lang.render(NAMES[key])

    @cached_property
    def _lang(self) -> Lang:
        return self.lang or Lang.source()

    @property
    def strategy(self) -> str:
        return self.name("strategy")

    @property
    def measures(self) -> str:
        return self.name("measures")

    @property
    def case(self) -> str:
        return self.name("case")

    @property
    def overview(self) -> str:
        return self.name(OVERVIEW)

    @property
    def form(self) -> str:
        return self.name("form")

    @property
    def receipts(self) -> str:
        return self.name("receipts")

    @property
    def quarantine(self) -> str:
        return self.name("quarantine")

    @property
    def documents(self) -> tuple[str, ...]:
        """The Word documents of a version, in :data:`DOCUMENTS` order."""
        return tuple(self.name(key) for key in DOCUMENTS)

    @property
    def outbox(self) -> list[str]:
        """Every file a version puts in ``outbox/``: the documents, their PDFs, the overview."""
        return [*self.documents, *(pdf_name(d) for d in self.documents), self.overview]

    @property
    def edited(self) -> str:
        """``redigert`` (Danish ``redigeret``): the word in an edited copy's name."""
        return self._lang.render(EDITED)

    @property
    def made(self) -> str:
        """``laget`` (nynorsk ``laga``): the word in a yearly document's kept copies."""
        return self._lang.render(MADE)

    def status_report(self, year: int) -> str:
        """``Statusrapport 2028`` (a stem: ``.docx`` and ``.xlsx`` are added)."""
        return self._lang.render(STATUS_REPORT.fill(year=year))

    def rolling_folder(self, year: int) -> str:
        return self._lang.render(ROLLING_FOLDER.fill(year=year))

    def followup_folder(self, year: int) -> str:
        return self._lang.render(FOLLOWUP_FOLDER.fill(year=year))

    def followup_form(self, year: int, unit: str) -> str:
        return self._lang.render(FOLLOWUP_FORM.fill(year=year, unit=unit))

    def roll_output(self, key: str, year: int) -> str:
        """The rullering's document of template *key* (``"rolled_plan"``, ``"rolling_case"``) for *year*."""
        return self._lang.render(ROLL_OUTPUTS[key].fill(year=year))
