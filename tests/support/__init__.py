"""Builders the tests share: models, example municipalities, documents read
back, workbooks, LibreOffice, real mail servers, the crash scenario.

Test modules import shared builders from here and never from each other (nor
from ``conftest``, which holds the fixtures). ``tests/`` is on ``sys.path``
because it holds ``conftest.py``, so ``from support.models import form`` works
with pytest's default import mode."""
