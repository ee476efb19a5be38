"""Data, not code: the gettext catalogues (``<language>/LC_MESSAGES/<domain>.po``
and the compiled ``.mo``), kept by ``tests/support/catalogues.py``."""
