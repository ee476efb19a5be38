"""pipeline.formatting now runs on the language mechanism (Babel's CLDR data); for
bokmål its output must stay exactly what it always was, because dozens of
documents, receipts and tests show it. The oracle is the module as it was before
issue 14, kept here verbatim."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import formatting as fmt
from pipeline.i18n import Lang

NBSP = "\u00a0"


# --- the oracle: formatting.py before issue 14 -------------------------------------------------


def old_number(value, decimals=0):
    if value is None:
        return ""
    text = f"{abs(value):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return ("−" if value < 0 and round(abs(value), decimals) != 0 else "") + text


def old_kroner(value):
    return "" if value is None else f"{old_number(round(value))}{NBSP}kr"


def old_percent(value, decimals=1):
    return "" if value is None else f"{old_number(value * 100, decimals)}{NBSP}%"


def old_day(value):
    return "" if value is None else value.strftime("%d.%m.%Y")


def old_timestamp(value):
    return "" if value is None else value.strftime("%d.%m.%Y kl. %H:%M")


def old_plural(n, one, many):
    return f"{old_number(n)} {one if n == 1 else many}"


# --- the same output, for every value ------------------------------------------------------------

amounts = st.one_of(st.none(), st.integers(-10**12, 10**12),
                    st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False))
moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 12, 31))


@settings(max_examples=400, deadline=None)
@given(amounts, st.integers(0, 3))
def test_numbers_are_written_as_before(value, decimals):
    assert fmt.number(value, decimals) == old_number(value, decimals)


@settings(max_examples=300, deadline=None)
@given(amounts)
def test_kroner_are_written_as_before(value):
    assert fmt.kroner(value) == old_kroner(value)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.floats(-10, 10, allow_nan=False)), st.integers(0, 2))
def test_percentages_are_written_as_before(value, decimals):
    assert fmt.percent(value, decimals) == old_percent(value, decimals)


@settings(max_examples=200, deadline=None)
@given(moments)
def test_days_and_timestamps_are_written_as_before(moment):
    assert fmt.day(moment) == old_day(moment) and fmt.day(moment.date()) == old_day(moment.date())
    assert fmt.timestamp(moment) == old_timestamp(moment)


def test_a_timestamp_shows_its_own_wall_clock_whatever_its_zone():
    from datetime import timezone

    aware = datetime(2027, 3, 15, 14, 5, tzinfo=timezone(timedelta(hours=-7)))
    assert fmt.timestamp(aware) == "15.03.2027 kl. 14:05" == old_timestamp(aware)


@given(st.integers(-5, 20000))
def test_plural_is_written_as_before(n):
    assert fmt.plural(n, "rad", "rader") == old_plural(n, "rad", "rader")


def test_none_is_an_empty_string_everywhere():
    assert [fmt.number(None), fmt.kroner(None), fmt.amount(None), fmt.percent(None), fmt.day(None),
            fmt.long_day(None), fmt.timestamp(None)] == [""] * 7


def test_bokmal_is_the_default_and_another_language_is_one_argument_away():
    da = Lang.for_code("da")
    assert fmt.kroner(1_250_000) == f"1{NBSP}250{NBSP}000{NBSP}kr"
    assert fmt.kroner(1_250_000, lang=da) == f"1.250.000{NBSP}kr." == da.kroner(1_250_000)
    assert fmt.timestamp(datetime(2027, 3, 15, 14, 5), lang=da) == "15.03.2027 kl. 14.05"
