"""Child processes that a test interrupts with Ctrl+C (SIGINT).

A shell runs a background job (``cmd &`` without job control, as CI runners and
``nohup`` do) with SIGINT ignored, and the ignore is inherited: Python then never
installs its KeyboardInterrupt handler, and a test's SIGINT does nothing. A child
that must react to Ctrl+C as at a terminal gets SIGINT back to its default first.
"""

from __future__ import annotations

import signal


def default_sigint() -> None:
    """``preexec_fn`` for ``subprocess.Popen``: SIGINT as at a terminal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
