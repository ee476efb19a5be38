"""One exception hierarchy for everything a user can cause or fix.

Every message is Norwegian bokmål and written for the person who must act on it:
the CLI prints ``str(error)`` as one line and exits 1, never a traceback.
Programming errors are *not* ``IktplanError`` and keep their tracebacks (with
``--debug``).
"""


class IktplanError(Exception):
    """Base class: an error the user can understand and act on."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


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
