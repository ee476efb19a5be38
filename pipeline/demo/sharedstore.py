"""Two demo municipalities in one shared store: ``iktplan demo MAPPE [--kommune havvik]
[--lager URL]`` writes the new workspace's ``strategi.toml`` for Fjordvik or its
neighbour Havvik (:mod:`pipeline.demo.havvik`), with ``[lager] url`` and the
consent under ``[samarbeid]`` the demo shows: Fjordvik shares its IKT-barometer by
name, Havvik without it (the others see «Kommune A»), and both share their measures
and systems with the samarbeid's secretariat. Pure: text in, text out.
"""

from __future__ import annotations

import re

from pipeline.demo.havvik import HAVVIK, UNITS
from pipeline.errors import WorkspaceError

FJORDVIK = "fjordvik"
#: The demo municipalities ``--kommune`` knows.
MUNICIPALITIES = (FJORDVIK, "havvik")

#: The consent each demo municipality gives (``[samarbeid]``), as written in its strategi.toml.
CONSENT = {
    FJORDVIK: ("del_barometer = true\n"
               "vis_navn = true      # de andre kommunene ser navnet Fjordvik kommune\n"
               "del_tiltak = true    # sekretariatet i samarbeidet ser tiltak og systemer\n"),
    "havvik": ("del_barometer = true\n"
               "vis_navn = false     # de andre kommunene ser Havvik uten navn («Kommune A» …)\n"
               "del_tiltak = true    # sekretariatet i samarbeidet ser tiltak og systemer\n"),
}

_TABLE = re.compile(r"^\s*\[")
_UNIT_TABLE = re.compile(r"^\s*\[\[\s*enheter\s*\]\]")


def demo_config(text: str, municipality: str, store_url: str | None) -> str:
    """The packaged ``strategi.toml`` (*text*) for demo *municipality* (one of
    :data:`MUNICIPALITIES`), pointed at the PostgreSQL store *store_url* with the
    demo's consent (None: the embedded store, no sharing)."""
    if municipality != FJORDVIK:
        text = _havvik(text)
    if store_url is None:
        return text
    if "\n[lager]" in text or "\n[samarbeid]" in text:
        raise WorkspaceError("strategi.toml har allerede [lager] eller [samarbeid]; demoen skriver dem bare i en ny "
                             "arbeidsmappe.")
    url = store_url.replace("\\", "\\\\").replace('"', '\\"')
    return (text.rstrip("\n") + "\n\n# Skrevet av «iktplan demo --lager»: kommunen deler lager med nabokommunen.\n"
            f'[lager]\nurl = "{url}"\n\n[samarbeid]\n{CONSENT[municipality]}')


def _havvik(text: str) -> str:
    """Fjordvik's configuration made Havvik's: the name, and Havvik's units in place of Fjordvik's."""
    lines = text.replace("Fjordvik kommune", HAVVIK).replace("Fjordvik", "Havvik") \
                .replace("fjordvik", "havvik").splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if _UNIT_TABLE.match(line)), None)
    if first is None:
        return "".join(lines)
    end = first
    for i in range(first, len(lines)):
        stripped = lines[i].strip()
        if _UNIT_TABLE.match(lines[i]) or not stripped or re.match(r"(navn|kode|tjenesteomrade)\s*=", stripped):
            end = i + 1
            continue
        break
    while end > first and not lines[end - 1].strip():
        end -= 1
    units = "\n".join(f'[[enheter]]\nnavn = "{name}"\nkode = "{code}"\ntjenesteomrade = "{area}"\n'
                      for name, code, area in UNITS)
    return "".join(lines[:first]) + units + "".join(lines[end:])
