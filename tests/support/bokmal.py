"""The core's messages as bokmål text, for tests that read what the core says.

The core returns :class:`~pipeline.i18n.Msg` (docs/sprak.md); a test that checks
the wording reads it the way a bokmål workspace shows it::

    from support.bokmal import nb
    assert "Risiko er ikke oppgitt." in nb(a.flags)
"""

from __future__ import annotations

from typing import Any

from pipeline.i18n import Lang, Msg


def nb(item: Any) -> Any:
    """*item* in bokmål: a message or plain text as text, ``None`` as ``None``,
    a tuple or list of them as a tuple of texts."""
    if item is None:
        return None
    if isinstance(item, (tuple, list)):
        return tuple(nb(i) for i in item)
    if isinstance(item, (Msg, str)):
        return Lang.source().render(item)
    raise TypeError(f"not a message: {type(item).__name__}")
