"""Writing to the terminal without ever stopping the work.

``iktplan run | head -1`` closes the pipe after one line; the next write raises
:class:`BrokenPipeError`. Output is a report on the work, never part of it, so a
stream whose reader has gone away is pointed at the null device, as Python's
documentation recommends (*Note on SIGPIPE*, in the :mod:`signal` docs), and the
run goes on: every form in the inbox is still received and answered. Python
keeps ignoring SIGPIPE (its default), so the process is never killed mid-run.

:func:`echo` is :func:`click.echo` with that rule; :func:`write` the same for a
stream written directly (the watcher's spinner); :func:`guarded_output` wraps a
whole command (the final flush too).
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

import click

#: The streams ("stdout", "stderr") whose reader has gone away in this command.
_lost: set[str] = set()


def pipe_closed(exc: BaseException) -> bool:
    """*exc* says the reader of a pipe has gone away (Windows says EINVAL)."""
    if isinstance(exc, BrokenPipeError):
        return True
    return isinstance(exc, OSError) and (exc.errno == errno.EPIPE or (os.name == "nt" and exc.errno == errno.EINVAL))


def echo(message: str = "", *, err: bool = False, **style) -> None:
    """:func:`click.echo` (:func:`click.secho` with *style*) to stdout, or
    stderr with *err*; nothing, once that stream's reader has gone away."""
    name = "stderr" if err else "stdout"
    if name in _lost:
        return
    try:
        if style:
            click.secho(message, err=err, **style)
        else:
            click.echo(message, err=err)
    except OSError as exc:
        if not pipe_closed(exc):
            raise
        _silence(name)


def write(stream: TextIO, text: str) -> None:
    """*text* to *stream* (flushed), unless its reader has gone away."""
    name = "stderr" if stream is sys.stderr else "stdout" if stream is sys.stdout else None
    if name in _lost:
        return
    try:
        stream.write(text)
        stream.flush()
    except OSError as exc:
        if not pipe_closed(exc):
            raise
        if name is not None:
            _silence(name)


def _silence(name: str) -> None:
    """From now on *name* writes to the null device, so neither our next line
    nor the interpreter's last flush meets the closed pipe again."""
    _lost.add(name)
    stream = getattr(sys, name)
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, stream.fileno())
        finally:
            os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation, AttributeError):
        pass  # not a real file (a test's capture): the mark in _lost is enough


def silence_stdout() -> None:
    """After a closed pipe (:func:`pipe_closed`) escaped someone else's write:
    silence stdout, the stream such a write almost always is."""
    _silence("stdout")


@contextmanager
def guarded_output() -> Iterator[None]:
    """Around one command: no stream starts out silenced, and the final flush
    of a stream whose reader has gone away ends quietly; text the terminal cannot
    show (a workspace path with bytes that are not UTF-8, a console in another code
    page) is written escaped (``\\xe6``) instead of stopping the command. (Names
    from outside are printable already: :func:`pipeline.core.names.printable_name`.)"""
    _lost.clear()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError, io.UnsupportedOperation):
            pass  # not a text file of ours (a test's capture), or closed
    try:
        yield
    finally:
        for name in ("stdout", "stderr"):
            if name in _lost:
                continue
            try:
                getattr(sys, name).flush()
            except OSError as exc:
                if pipe_closed(exc):
                    _silence(name)
            except ValueError:
                pass  # closed by whoever owns it (a test's capture)
        _lost.clear()
