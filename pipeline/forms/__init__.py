"""Forms: the mapping form as a file.

The blank form written from the contract and the configuration, filling it in
as a unit would (tests, demo), sniffing what a file really is from its bytes,
reading an .xlsx into raw cells (openpyxl with defusedxml, or the fast
calamine reader), and validating raw cells into the core's form content with
every error and warning. Forms work on the files and bytes they are given; they
know nothing of a workspace, an inbox or a store.

May import: ``pipeline.core``, ``pipeline.fileio`` and ``pipeline.faults``
(atomic writes, fault points), and the base modules (``pipeline.config``,
``pipeline.contract``, ``pipeline.errors``, ``pipeline.formatting``,
``pipeline.identity``).

Must not import: ``pipeline.intake``, ``pipeline.workspace``,
``pipeline.documents``, ``pipeline.mail`` or the entry points.

The rules are import-linter contracts in ``pyproject.toml``
(``[tool.importlinter]``), checked by ``tests/test_architecture.py``.
"""
