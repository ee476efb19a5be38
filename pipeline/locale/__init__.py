"""Data, not code: the gettext catalogues (``<language>/LC_MESSAGES/<domain>.po``
and the compiled ``.mo``), kept with ``python3 -m pipeline.i18n.catalogue``."""
