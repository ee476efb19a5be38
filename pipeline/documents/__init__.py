"""Documents: from the model and its assessment to what the secretariat and the
politicians read.

The context the Word templates see (``context`` with its ``SCHEMA``,
``measurecontext``, ``casecontext``), rendering the three documents with
docxtpl (``rendering``: ``cleaning``, ``docxtemplate``, ``toc``, and
``segments``, which cuts a body into segments and keeps them processed by the
hash of their text, so a revision processes again only what changed), the
charts and their alt text (``charts``, ``chartimages``, which draws them in a
separate process, ``charttext``), universal
design (``accessibility``), the overview workbook (``overview`` written with
``xlsxtables``), PDF/A with LibreOffice and pikepdf (``pdf``, ``pdfa``),
publishing a version to the outbox with its archive, and the Word templates
themselves (building the shipped ones: ``templatebuild``; checking edited ones:
``templatecheck``, ``templatewarnings``; reading their bytes for the version
fingerprint). ``outbox`` and ``templatefiles`` stay
light: a run with nothing new uses them and must not load docxtpl, python-docx
or matplotlib.

May import: ``pipeline.core``, ``pipeline.forms``, ``pipeline.workspace``,
``pipeline.fileio``, ``pipeline.faults`` and the base modules
(``pipeline.config``, ``pipeline.contract``, ``pipeline.errors``,
``pipeline.formatting``, ``pipeline.identity``).

Must not import: ``pipeline.intake`` (intake and documents are independent
siblings), ``pipeline.mail`` or the entry points.

The rules are import-linter contracts in ``pyproject.toml``
(``[tool.importlinter]``), checked by ``tests/test_architecture.py``.
"""
