"""Forms from units that spell their names in different ways, and workspaces with and
without the secretariat's list of units (``[[enheter]]``)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from pipeline.workspace import Workspace

#: A configured unit of the default strategi.toml, and the same name mistyped as units do.
CONFIGURED = "Fjordvik barneskole"
MISTYPED = "Fjordvik barneskule"
HYPHEN = "Fjordvik-barneskole"

_UNITS_BLOCK = re.compile(r"^\[\[enheter\]\]\n(?:[^\[\n#][^\n]*\n|\n)*", re.MULTILINE)


def unit_form(make_form, name: str, tag: str, *, area: str = "Oppvekst og utdanning", measures: int = 3) -> Path:
    """A valid form from the unit *name*, its measures' titles ending in *tag* (so a
    document shows which form it was built from), with *measures* measures."""
    from pipeline.forms.formfill import example_unit

    data = example_unit()
    data["unit"] = {**data["unit"], "enhet": name, "tjenesteomrade": area}
    data["measures"] = data["measures"][:measures]
    for m in data["measures"]:
        m["Tiltak"] = f"{m['Tiltak']} {tag}"
    safe = re.sub(r"[^\w-]+", "_", f"{name}-{tag}")
    return make_form(f"{safe}.xlsx", **data)


def drop(ws: Workspace, *forms: Path) -> None:
    """Put *forms* in the inbox, in this order of arrival."""
    import os

    for i, form in enumerate(forms):
        target = ws.inbox / form.name
        shutil.copyfile(form, target)
        os.utime(target, ns=(1_900_000_000 * 10**9 + i, 1_900_000_000 * 10**9 + i))


def without_unit_list(ws: Workspace) -> Workspace:
    """*ws* with no ``[[enheter]]`` in its strategi.toml: a municipality that lists no units."""
    text = _UNITS_BLOCK.sub("", ws.config_path.read_text("utf-8"))
    assert "[[enheter]]" not in text
    ws.config_path.write_text(text, "utf-8")
    assert ws.config().expected_units == ()
    return ws
