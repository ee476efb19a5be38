"""The core: the pure domain every other room builds on.

What one form says and the combined municipality (``model``), the assessment
of every measure (``assessment``: its ``scoring``, ``flags``, the investment
``frame``, the ``barometer``) with its ``economics`` and the ``coordination``
across units, the receipt texts a unit reads, a submission's status with its
labels (``submission``), and document versions (snapshot, fingerprint, change
list). Pure and deterministic: no clock, no files, no database, no processes;
everything is computed from values passed in, so a test can build a
municipality by hand.

May import: the base modules (``pipeline.config``, ``pipeline.contract``,
``pipeline.errors``, ``pipeline.formatting``, ``pipeline.identity``) and the standard library.

Must not import: any other room (forms, intake, documents, mail), the entry
points, ``pipeline.workspace``, ``pipeline.fileio``, ``pipeline.faults``,
``sqlite3`` or ``subprocess``.

The rules are import-linter contracts in ``pyproject.toml``
(``[tool.importlinter]``), checked by ``tests/test_architecture.py``.
"""
