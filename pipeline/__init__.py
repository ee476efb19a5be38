"""iktplan: from the units' mapping forms to the municipality's ICT strategy.

The package is a pipeline of small stages, each a module:
intake (inbox → store) → reader (workbook → raw cells) → validation (raw cells →
form content) → model (combined municipality) → assessment → rendering → outbox.
The CLI (``pipeline.cli``) only wires them together.
"""

__version__ = "0.1.0"
