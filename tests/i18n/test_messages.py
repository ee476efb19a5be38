"""The core returns messages, not text: a Msg is rendered later in the workspace's
language, survives the parse worker (pickle) and the store (JSON), and stores
written before issue 14 – plain bokmål strings – still read."""

from __future__ import annotations

import json
import pickle
from datetime import date, datetime, timezone

import pytest

from pipeline.core.submission import SubmissionStatus
from pipeline.errors import ConfigError
from pipeline.i18n import (
    Amount, Day, Lang, LongDay, Msg, NP_, N_, Number, Percent, Rounded, Timestamp, Words, every_translation,
    from_stored, nMsg, npMsg, pMsg, to_stored,
)

N = "\u00a0"

EXAMPLES = [
    Msg("Feltet er tomt, men må fylles ut."),
    Msg("Rammen for {year} er brukt opp av {what}.", year=2027, what=pMsg("status", "avvist")),
    pMsg("status", "godkjent"),
    nMsg("Vi fant {n} feil som må rettes:", "Vi fant {n} feil som må rettes:", 3),
    npMsg("sheet", "{n} ark", "{n} ark", 1, extra="x"),
    Msg("{a} {b} {c} {d} {e} {f} {g} {h}", a=Number(1234.5, 1), b=Amount(1_250_000), c=Rounded(6_280_134),
        d=Percent(0.035), e=Day(date(2027, 3, 15)), f=LongDay(date(2027, 2, 1)),
        g=Timestamp(datetime(2027, 3, 15, 14, 5, tzinfo=timezone.utc)),
        h=Words(("A", pMsg("status", "avvist"), "C"), last="or")),
    Msg("Ingenting å vise {x}.", x=None),
    Msg("Sekretariatet {what} {day}: {reason}", what="godtok «X»", day=Day(datetime(2027, 2, 3, 9, 0)), reason="r"),
]


@pytest.mark.parametrize("msg", EXAMPLES, ids=range(len(EXAMPLES)))
def test_a_message_survives_the_worker_and_the_store_unchanged(msg):
    assert pickle.loads(pickle.dumps(msg)) == msg
    stored = json.loads(json.dumps(to_stored(msg), ensure_ascii=False))
    assert from_stored(stored) == msg
    for code in ("nb", "nn", "da"):
        lang = Lang.for_code(code)
        assert lang.render(from_stored(stored)) == lang.render(msg)


def test_an_old_store_holds_plain_text_and_it_is_shown_as_it_is():
    old = "Tiltak, rad 4, «Årlig gevinst (kr)»: tiltaket har kostnader men ingen gevinst."
    assert from_stored(json.loads(json.dumps(to_stored(old)))) == old
    assert Lang.for_code("da").render(old) == old


def test_parameters_are_shown_the_languages_way():
    msg = EXAMPLES[5]
    assert Lang.for_code("nb").render(msg) == (
        f"1{N}234,5 1{N}250{N}000{N}kr 6,3{N}mill.{N}kr 3,5{N}% 15.03.2027 mandag 1. februar 2027 "
        "15.03.2027 kl. 14:05 A, avvist eller C")
    assert Lang.for_code("da").render(msg) == (
        f"1.234,5 1.250.000{N}kr. 6,3{N}mio.{N}kr. 3,5{N}% 15.03.2027 mandag den 1. februar 2027 "
        "15.03.2027 kl. 14.05 A, afvist eller C")


def test_a_year_is_not_grouped_like_an_amount():
    assert Lang.for_code("nb").render(Msg("Rammen for {year}", year=2027)) == "Rammen for 2027"


def test_plural_messages_pick_the_form_and_know_their_count():
    assert str(nMsg("{n} rad", "{n} rader", 1)) == "1 rad"
    assert str(nMsg("{n} rad", "{n} rader", 4)) == "4 rader"
    assert Lang.for_code("nn").render(nMsg("Vi fant {n} feil som må rettes:", "Vi fant {n} feil som må rettes:", 2)) \
        == "Vi fann 2 feil som må rettast:"


def test_str_of_a_message_is_bokmal_and_a_nested_message_follows_the_language():
    msg = Msg("Status: {status}", status=SubmissionStatus.REJECTED.text)
    assert str(msg) == "Status: avvist"
    assert Lang.for_code("da").render(msg) == "Status: afvist"  # the outer msgid is not translated yet: bokmål


def test_a_float_must_say_how_it_is_shown():
    with pytest.raises(TypeError, match="wrap a float"):
        Msg("{x}", x=0.5)
    with pytest.raises(TypeError, match="cannot be shown"):
        Msg("{x}", x=[1, 2])


def test_a_message_is_immutable_and_a_constant_is_filled_where_it_is_used():
    template = Msg("Rammen for {year} er brukt opp.")
    with pytest.raises(AttributeError):
        template.id = "x"
    assert str(template.fill(year=2028)) == "Rammen for 2028 er brukt opp."
    assert template.params == ()


def test_the_no_op_markers_return_what_they_mark():
    assert N_("Høy") == "Høy"
    assert NP_("priority", "Høy") == pMsg("priority", "Høy")


def test_a_translation_that_breaks_its_placeholders_falls_back_to_bokmal(monkeypatch):
    lang = Lang.for_code("nn")
    monkeypatch.setattr(lang._translations, "gettext", lambda msgid: "Rammen for {aar} er brukt opp.")
    assert lang.gettext("Rammen for {year} er brukt opp.", year=2027) == "Rammen for 2027 er brukt opp."


def test_a_reader_knows_a_text_in_every_language():
    assert every_translation(pMsg("status", "avvist")) == {"avvist", "afvist"}
    assert every_translation(nMsg("Vi fant {n} feil som må rettes:", "Vi fant {n} feil som må rettes:", 1)) == {
        "Vi fant {n} feil som må rettes:", "Vi fann {n} feil som må rettast:", "Vi fandt {n} fejl, der skal rettes:"}


def test_a_user_error_carries_a_message_and_renders_it_in_a_language():
    error = ConfigError(pMsg("status", "avvist"))
    assert str(error) == error.message == "avvist"
    assert error.render(Lang.for_code("da")) == "afvist"
    assert ConfigError("Vanlig tekst.").render(Lang.for_code("nn")) == "Vanlig tekst."


def test_an_unknown_language_is_refused():
    with pytest.raises(LookupError, match="available: nb"):
        Lang.for_code("sv")


def test_a_danish_amount_at_the_end_of_a_sentence_has_one_full_stop():
    """«… overskrides i 2027 med 460.000 kr.» – the amount's abbreviation is the sentence's
    full stop, in every text a message makes (console, receipts, e-mail)."""
    msg = Msg("Rammen overskrides med {amount}.", amount=Amount(460_000))
    assert Lang.for_code("da").render(msg) == "Rammen overskrides med 460.000\u00a0kr."
    assert Lang.for_code("nb").render(msg) == "Rammen overskrides med 460\u00a0000\u00a0kr."
    assert Lang.for_code("da").render(Msg("Se {x}...", x="kr")) == "Se kr..."
