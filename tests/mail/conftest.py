"""What the mail tests share: a real Dovecot on localhost (tests/setup_mail.sh installs it)."""

from __future__ import annotations

import pytest

from support import mailservers


@pytest.fixture(scope="module")
def imap():
    """A Dovecot IMAP server for the test module; skipped where Dovecot is not installed."""
    if mailservers.dovecot_binary() is None:
        pytest.skip("Dovecot er ikke installert (kjør tests/setup_mail.sh)")
    server = mailservers.start_dovecot()
    yield server
    server.stop()
