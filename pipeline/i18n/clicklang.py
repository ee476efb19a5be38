"""click's own messages in our language.

click (8.x) translates its messages with the module-level :func:`gettext.gettext`
and :func:`gettext.ngettext`, which look up the *global* text domain, its folder
and the language in the environment on every call. There is no per-call hook
(click issue #2706), so :func:`click_language` points that global state at our
``click`` catalogue for as long as a command runs, and puts it back after.

Two of click's words are fixed when a parameter is *declared*, not when it is
used: a path type's name («directory» in «Directory 'x' is a file.») and a
number range's description («5<=x<=3600»). :class:`Path` and :class:`IntRange`
look them up when a message is made instead; the CLI declares its parameters
with them.

The language is the one the command line speaks
(:func:`pipeline.i18n.peek_language`): click's messages come from that
language's ``click.mo``, and the few words we add around them (ranges, quotes)
from our own catalogue in the same language (:func:`current`).
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager

import click

from pipeline.i18n import DEFAULT_LANGUAGE, LOCALE_DIR, Lang, available

DOMAIN = "click"

# click's domain through the global gettext API. Named so that our extraction
# (which looks for gettext/ngettext) does not take click's English msgids.
_click_gettext = gettext.gettext
_click_ngettext = gettext.ngettext

#: ``LANGUAGE`` as it was before each :func:`click_language` still open (None: not set).
_outer: list[str | None] = []
#: The language of each :func:`click_language` still open.
_languages: list[Lang] = []


def current() -> Lang:
    """The language click speaks now (bokmål outside :func:`click_language`)."""
    return _languages[-1] if _languages else Lang.source()


@contextmanager
def click_language(code: str = DEFAULT_LANGUAGE) -> Iterator[None]:
    """click speaks *code* inside the block (its catalogue in
    ``pipeline/locale/<code>/LC_MESSAGES/click.mo``; English where there is none).

    Sets the global gettext domain and ``LANGUAGE`` (the variable gettext reads
    first), and restores both afterwards. A child process that should see the
    user's own environment gets :func:`child_environment`."""
    old_dir = gettext.bindtextdomain(DOMAIN)
    old_domain = gettext.textdomain()
    old_env = os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    _outer.append(old_env)
    _languages.append(Lang.for_code(code) if code in available() else Lang.source())
    os.environ["LANGUAGE"] = code
    try:
        yield
    finally:
        _outer.pop()
        _languages.pop()
        gettext.textdomain(old_domain)
        gettext.bindtextdomain(DOMAIN, old_dir)
        if old_env is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = old_env


def child_environment() -> dict[str, str]:
    """``os.environ`` as the user set it, for a child process (LibreOffice): without
    the ``LANGUAGE`` that :func:`click_language` set for click."""
    env = dict(os.environ)
    if _outer:
        if _outer[0] is None:
            env.pop("LANGUAGE", None)
        else:
            env["LANGUAGE"] = _outer[0]
    return env


class Path(click.Path):
    """:class:`click.Path` whose name («mappen», «filen», «stien») is translated
    when a message uses it, not when the parameter is declared (at import, before
    :func:`click_language`)."""

    @property
    def name(self) -> str:  # type: ignore[override]
        return _click_gettext(self._english_name)

    @name.setter
    def name(self, value: str) -> None:
        self._english_name = value


class IntRange(click.IntRange):
    """:class:`click.IntRange` described the way we write ranges: «5–3600»,
    «minst 5», «høyst 10» (click writes ``5<=x<=3600``), in the help and in the
    error «2 er utenfor området 5–3600.». Open bounds are not supported."""

    def __init__(self, min: int | None = None, max: int | None = None, clamp: bool = False):
        super().__init__(min, max, clamp=clamp)

    @property  # type: ignore[override]
    def name(self) -> str:
        # TRANSLATORS: the type of a command-line value, as click's messages name it.
        return current().pgettext("value type", "heltall")

    def _describe_range(self) -> str:
        lang = current()
        if self.min is None:
            # TRANSLATORS: a range of allowed values with only an upper bound, in the CLI help.
            return lang.pgettext("range", "høyst {max}", max=self.max)
        if self.max is None:
            return lang.pgettext("range", "minst {min}", min=self.min)
        return lang.pgettext("range", "{min}–{max}", min=self.min, max=self.max)


# -- quotes -------------------------------------------------------------------------------------
# click quotes names in its messages with repr() (''--pdf''), outside the catalogue's
# reach. The classes below quote them «--pdf» instead, as the rest of iktplan does.


def quote(text: str) -> str:
    return current().quote(text)


class Option(click.Option):
    def get_error_hint(self, ctx: click.Context) -> str:
        return " / ".join(quote(x) for x in self.opts)


class Argument(click.Argument):
    def get_error_hint(self, ctx: click.Context) -> str:
        return quote(self.make_metavar(ctx))


def quote_params(params: list[click.Parameter]) -> None:
    """Give click's own parameter classes in *params* our quotes (the same
    objects, one method different: declared with ``@click.option`` as usual)."""
    for p in params:
        if type(p) is click.Option:
            p.__class__ = Option
        elif type(p) is click.Argument:
            p.__class__ = Argument


def _did_you_mean(possibilities: list[str]) -> str:
    names = ", ".join(quote(p) for p in sorted(possibilities))
    return _click_ngettext(
        "Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", len(possibilities)
    ).format(possibility=names, possibilities=names)


class NoSuchOption(click.NoSuchOption):
    def format_message(self) -> str:
        return f"{self.message} {_did_you_mean(self.possibilities)}" if self.possibilities else self.message


class NoSuchCommand(click.exceptions.NoSuchCommand):
    def format_message(self) -> str:
        return f"{self.message} {_did_you_mean(self.possibilities)}" if self.possibilities else self.message


def requote(exc: click.UsageError) -> click.UsageError:
    """*exc* with our quotes in its «Did you mean …?» (the same exception otherwise)."""
    if type(exc) is click.NoSuchOption:
        exc.__class__ = NoSuchOption
    elif type(exc) is click.exceptions.NoSuchCommand:
        exc.__class__ = NoSuchCommand
    return exc
