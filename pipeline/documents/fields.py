"""The markers :data:`pipeline.documents.context.SCHEMA` describes a field's kind
with, shared by the modules that build parts of the context."""

TEXT = "tekst"
FLAG = "ja/nei"
#: A chart image, added by :mod:`pipeline.documents.rendering`.
IMAGE = "bilde"
#: The secretariat's own text from Word (a subdocument, or ``""`` when there is
#: none), added by :mod:`pipeline.documents.rendering`; use it alone in a
#: paragraph as ``{{p felt }}``, after ``{%p if felt %}``.
PROSE = "tekst fra Word"
