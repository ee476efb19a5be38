"""A reader that goes away (``iktplan run | head -1``) never stops the work:
every form in the inbox is still received and answered, and nothing but the
closed pipe's silence is the result — no «Uventet feil (BrokenPipeError)», no
traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from pipeline import terminal
from support.workspaces import env, forms_in_inbox, iktplan, new_workspace


def test_a_write_to_a_closed_pipe_is_dropped_quietly():
    read, write_end = os.pipe()
    os.close(read)
    stream = io.TextIOWrapper(io.FileIO(write_end, "w"), encoding="utf-8")
    terminal.write(stream, "første linje\n")  # the reader is gone: no exception
    terminal.write(stream, "andre linje\n")
    closed = io.StringIO()
    closed.close()
    with pytest.raises(ValueError):
        terminal.write(closed, "x")  # anything else is not swallowed


@pytest.mark.skipif(os.name != "posix", reason="a shell pipeline")
def test_run_piped_into_head_still_receives_every_form(tmp_path, make_form, config):
    ws = new_workspace(tmp_path / "ws")
    placed = forms_in_inbox(ws, make_form, config, 3)
    done = subprocess.run(["bash", "-o", "pipefail", "-c", f'"{sys.executable}" -m pipeline -w "{ws}" run | head -1'],
                          capture_output=True, text=True, env=env(), timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 1
    assert "Uventet" not in done.stderr and "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
    _all_received(ws, len(placed))


@pytest.mark.skipif(os.name != "posix", reason="closes the pipe while the run writes")
def test_a_reader_that_leaves_after_the_first_line_does_not_cut_the_intake_in_half(tmp_path, make_form, config):
    """The pipe closes while the run is still receiving forms: the reader is gone
    long before the last form has been read (the bash test above may finish
    writing before head exits)."""
    ws = new_workspace(tmp_path / "ws")
    placed = forms_in_inbox(ws, make_form, config, 5)
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "-w", str(ws), "run"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env(), text=True)
    first = proc.stdout.readline()
    proc.stdout.close()
    _, err = proc.communicate(timeout=300)
    assert "GODKJENT" in first
    assert proc.returncode == 0, err
    assert err == ""
    _all_received(ws, len(placed))


def _all_received(ws, count):
    assert list((ws / "inbox").iterdir()) == []
    assert len(list((ws / "outbox" / "kvitteringer").iterdir())) == count
    assert (ws / "outbox" / "IKT-strategi.docx").is_file()
    status = iktplan("-w", ws, "status")
    assert f"{count} av 8 forventede enheter har levert." in status.stdout


def test_help_piped_into_head_ends_quietly(tmp_path):
    if os.name != "posix":
        pytest.skip("a shell pipeline")
    done = subprocess.run(["bash", "-c", f'"{sys.executable}" -m pipeline --help | head -1'], capture_output=True,
                          text=True, env=env(), timeout=120)
    assert done.stdout.startswith("Bruk: iktplan") and "Traceback" not in done.stderr
