"""iktplan: from the units' mapping forms to the municipality's ICT strategy.

The package is a pipeline of stages, each a folder (a room), with imports
running one way, down:

- entry points (``cli``, ``build``, ``watch``, ``console``, ``demo``): the
  commands, one run of the pipeline, the inbox watcher, every terminal line;
- ``mail``: forms from an IMAP mailbox, receipts by SMTP;
- ``intake`` (inbox → checked, kept, recorded, answered) and ``documents``
  (model → Word documents, overview, PDF, the outbox), independent siblings;
- ``forms``: the mapping form as a file (blank form, reading, validation);
- ``core``: the pure domain (model, assessment, receipts, versions);
- the base: ``workspace``, ``fileio`` (the one atomic writer, the lock),
  ``faults``, ``config``, ``contract``, ``errors``, ``formatting``.

The rules are import-linter contracts in ``pyproject.toml``, checked by
``tests/test_architecture.py``. The CLI (``pipeline.cli``) only wires.
"""

__version__ = "0.1.0"
