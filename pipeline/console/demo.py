"""The demo's rounds («iktplan demo»)."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from pipeline.terminal import echo


def print_demo_round(first: bool, count: int, inbox: Path, second_round: str | None = None,
                     decided: Sequence[str] = (), decisions: Path | None = None) -> None:
    """*second_round*: what happens in the second round (None: Fjordvik's); *decided*:
    what the demo's secretariat typed into *decisions* (beslutninger.xlsx) before it."""
    if first:
        echo(f"Første runde: {count} eksempelskjemaer lagt i {inbox}.")
        return
    echo(second_round or
         "Andre runde: Hjemmetjenesten sender en ny revisjon, Solsiden barnehage sender skjemaet sitt rettet, og "
         "Kulturhuset og biblioteket sender en ny versjon – med navnet sitt skrevet feil.")
    if decided:
        echo(f"Sekretariatet har fylt ut {decisions.name if decisions else 'beslutninger.xlsx'} (som i Excel):")
        for line in decided:
            echo(f"  {line}")


def print_demo_shared_store(municipality: str, store: str, consent: str) -> None:
    """The demo municipality's shared store (*store*, without a password) and what it consented to share."""
    echo(f"{municipality} bruker det felles lageret {store} og deler dette under [samarbeid] i strategi.toml:")
    for line in consent.splitlines():
        echo(f"  {line}")


def print_demo_mapping(misspelled: str, meant: str, reason: str) -> None:
    echo(f"Tredje runde: sekretariatet ser at «{misspelled}» er {meant} med en skrivefeil, og kobler navnet "
               "til enheten:")
    echo(f"  iktplan koble-enhet \"{misspelled}\" --til \"{meant}\" --grunn \"{reason}\"")


def print_demo_end(outbox: Path, again: str, waiting: bool = False, last: bool = False) -> None:
    """*last*: the demo's final round (the second year): nothing more to run."""
    echo("")
    echo(f"Se resultatet i {outbox}: kvitteringer/ har svaret til hver enhet.")
    if last:
        echo(f"Den rullerte handlingsplanen og rulleringssaken ligger i {outbox / 'Rullering 2028'}. Demoen har "
             "ikke flere runder.")
    elif waiting:
        echo("Skjemaet med det feilskrevne enhetsnavnet venter på sekretariatet og er ikke med i dokumentene. "
                   f"Kjør «{again}» en gang til, så kobler demoen det til riktig enhet, slik kommandoen under "
                   "«Venter på sekretariatet» viser.")
    else:
        echo(f"Kjør «{again}» en gang til for neste runde: først nye versjoner fra enhetene, til slutt det andre "
             "året med oppfølging og rullering.")


def print_demo_done(again: str) -> None:
    """A call after the demo's last round: what it does now."""
    echo(f"Demoen har vist alle rundene, også det andre året. «{again}» kjører nå bare pipelinen på nytt; lag en "
         "ny mappe for å se demoen fra starten.")
