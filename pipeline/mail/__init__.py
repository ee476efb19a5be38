"""Mail: the network side of e-mail.

The ``[epost]`` settings and what the clients share (passwords from the
environment, never logged; the TLS context; the Norwegian reason for a network
failure), fetching forms from a mailbox over IMAP into the intake, and sending
receipts back by SMTP. Mail returns what it did as data (``FetchReport``); the
entry points print it (``pipeline.console``).

May import: ``pipeline.intake``, ``pipeline.documents``, ``pipeline.forms``,
``pipeline.core``, ``pipeline.workspace``, ``pipeline.fileio``,
``pipeline.faults`` and the base modules (``pipeline.config``,
``pipeline.contract``, ``pipeline.errors``, ``pipeline.formatting``).

Must not import: the entry points (``pipeline.cli``, ``pipeline.build``,
``pipeline.watch``, ``pipeline.demo``); they call mail, not the other way round.

The rules are import-linter contracts in ``pyproject.toml``
(``[tool.importlinter]``), checked by ``tests/test_architecture.py``.
"""
