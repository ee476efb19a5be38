"""The demo's rounds («iktplan demo»)."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from pipeline.console.common import lang_of
from pipeline.i18n import Lang
from pipeline.i18n.filenames import FileNames
from pipeline.terminal import echo


def print_demo_round(first: bool, count: int, inbox: Path, second_round: str | None = None,
                     decided: Sequence[str] = (), decisions: Path | None = None, lang: Lang | None = None) -> None:
    """*second_round*: what happens in the second round (None: Fjordvik's); *decided*:
    what the demo's secretariat typed into *decisions* (beslutninger.xlsx) before it."""
    lang = lang_of(lang)
    _ = lang.gettext
    if first:
        echo(lang.ngettext("Første runde: {n} eksempelskjema lagt i {inbox}.",
                           "Første runde: {n} eksempelskjemaer lagt i {inbox}.", count, inbox=str(inbox)))
        return
    echo(lang.render(second_round) if second_round else
         _("Andre runde: Hjemmetjenesten sender en ny revisjon, Solsiden barnehage sender skjemaet sitt rettet, og "
           "Kulturhuset og biblioteket sender en ny versjon – med navnet sitt skrevet feil."))
    if decided:
        echo(_("Sekretariatet har fylt ut {file} (som i Excel):",
               file=decisions.name if decisions else "beslutninger.xlsx"))
        for line in decided:
            echo(f"  {lang.render(line)}")


def print_demo_shared_store(municipality: str, store: str, consent: str, lang: Lang | None = None) -> None:
    """The demo municipality's shared store (*store*, without a password) and what it consented to share."""
    echo(lang_of(lang).gettext("{municipality} bruker det felles lageret {store} og deler dette under [samarbeid] i "
                               "strategi.toml:", municipality=municipality, store=store))
    for line in consent.splitlines():
        echo(f"  {line}")


def print_demo_mapping(misspelled: str, meant: str, reason: str, lang: Lang | None = None) -> None:
    echo(lang_of(lang).gettext("Tredje runde: sekretariatet ser at «{misspelled}» er {meant} med en skrivefeil, og "
                               "kobler navnet til enheten:", misspelled=misspelled, meant=meant))
    echo(f"  iktplan koble-enhet \"{misspelled}\" --til \"{meant}\" --grunn \"{reason}\"")


def print_demo_end(outbox: Path, again: str, waiting: bool = False, last: bool = False,
                   lang: Lang | None = None) -> None:
    """*last*: the demo's final round (the second year): nothing more to run."""
    _ = lang_of(lang).gettext
    echo("")
    echo(_("Se resultatet i {outbox}: kvitteringer/ har svaret til hver enhet.", outbox=str(outbox)))
    if last:
        echo(_("Den rullerte handlingsplanen og rulleringssaken ligger i {folder}. Demoen har ikke flere runder.",
               folder=str(outbox / FileNames(lang_of(lang)).rolling_folder(2028))))
    elif waiting:
        echo(_("Skjemaet med det feilskrevne enhetsnavnet venter på sekretariatet og er ikke med i dokumentene. "
               "Kjør «{again}» en gang til, så kobler demoen det til riktig enhet, slik kommandoen under "
               "«Venter på sekretariatet» viser.", again=again))
    else:
        echo(_("Kjør «{again}» en gang til for neste runde: først nye versjoner fra enhetene, til slutt det andre "
               "året med oppfølging og rullering.", again=again))


def print_demo_done(again: str, lang: Lang | None = None) -> None:
    """A call after the demo's last round: what it does now."""
    _ = lang_of(lang).gettext
    echo(_("Demoen har vist alle rundene, også det andre året. «{again}» kjører nå bare pipelinen på nytt; lag en "
           "ny mappe for å se demoen fra starten.", again=again))
