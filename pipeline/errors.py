"""One exception hierarchy for everything a user can cause or fix.

Every message is written for the person who must act on it: the CLI prints it
as one line and exits 1, never a traceback. Programming errors are *not*
``IktplanError`` and keep their tracebacks (with ``--debug``).

A message is a :class:`~pipeline.i18n.Msg` (swept code: ``raise
ConfigError(Msg("«{key}» mangler i strategi.toml.", key=key))``) or, from code
not yet swept, bokmål text. ``error.render(lang)`` is the message in a
language; ``str(error)`` and ``error.message`` are bokmål (logs, ``--debug``).
"""

from __future__ import annotations

from pipeline.i18n import Lang, Msg


class IktplanError(Exception):
    """Base class: an error the user can understand and act on."""

    def __init__(self, message: str | Msg):
        super().__init__(str(message))
        self.msg = message
        self.message = str(message)

    def __str__(self) -> str:
        return self.message

    def render(self, lang: Lang | None = None) -> str:
        """The message in *lang* (``None``: bokmål)."""
        return (lang or Lang.source()).render(self.msg)


class ConfigError(IktplanError):
    """``strategi.toml`` is missing, unreadable or has an invalid value."""


class WorkspaceError(IktplanError):
    """The workspace folder is missing, incomplete or not writable."""


class LockedError(IktplanError):
    """Another iktplan process is working on the same workspace."""


class StoreError(IktplanError):
    """The workspace's store cannot be opened or written."""


class TemplateError(IktplanError):
    """A Word template is missing or refers to something the model does not have."""


class RenderError(IktplanError):
    """A document could not be produced."""


class PdfError(IktplanError):
    """Conversion to PDF failed (LibreOffice missing, timed out, or wrote nothing)."""
