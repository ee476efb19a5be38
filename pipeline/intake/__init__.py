"""Intake: from a file in the inbox (or a form attached to an e-mail message) to
a recorded submission with its bytes kept and a receipt written.

``inbox`` (what waits in the inbox, what is never a form, which files are
complete, and receiving all of them), ``receive`` (one arrival — a file, bytes
or an e-mail message — kept, recorded and answered), ``readahead`` (the next
files checked while one is recorded), ``message`` (parsing an e-mail message:
pure, bytes in), ``worker`` (reading and validating one file in its own process
with a time and memory limit), ``store`` (the SQLite store of every submission
and version) and ``status`` (the delivery status per unit). Every step that
changes durable state has a fault point.

May import: ``pipeline.forms``, ``pipeline.core``, ``pipeline.workspace``,
``pipeline.fileio``, ``pipeline.faults`` and the base modules
(``pipeline.config``, ``pipeline.contract``, ``pipeline.errors``,
``pipeline.formatting``, ``pipeline.identity``).

Must not import: ``pipeline.documents`` (intake and documents are independent
siblings), ``pipeline.mail`` or the entry points.

The rules are import-linter contracts in ``pyproject.toml``
(``[tool.importlinter]``), checked by ``tests/test_architecture.py``.
"""
