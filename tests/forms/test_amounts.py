"""Kroner as units write them (issue 10, items 6 and 7): every common way of
writing an amount, read together from one table of real strings, and the
amounts that cannot be what the unit meant."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.formatting import kroner, number
from pipeline.forms.amounts import FRACTION_LIMIT, IMPLAUSIBLE, SMALL, parse_amount, small_amount_remark

NBSP, NNBSP, THIN = "\u00a0", "\u202f", "\u2009"

# (as typed in the cell, kroner read). Strings seen in filled-in forms, e-mails and budgets.
READ = [
    # plain numbers and thousands separators
    (150000, 150000),
    (150000.0, 150000),
    (150000.5, 150001),  # half up, not banker's rounding
    (149999.49, 149999),
    (0, 0),
    ("0", 0),
    ("150000", 150000),
    ("150 000", 150000),
    ("1.500.000", 1500000),
    ("1,500,000", 1500000),
    ("1,500,000.50", 1500001),
    ("150.000,50", 150001),
    ("1'500'000", 1500000),
    ("1\u2019500\u2019000", 1500000),
    (f"150{NBSP}000", 150000),
    (f"150{NNBSP}000{NBSP}kr", 150000),
    (f"1{THIN}250{THIN}000", 1250000),
    ("  85 000  ", 85000),
    ("\ufeff150 000\u200b", 150000),  # pasted from Teams/Word
    # currency before or after, with ,-
    ("150 000 kr", 150000),
    ("1 500 000 kr", 1500000),
    ("kr 150.000", 150000),
    ("kr. 150 000,-", 150000),
    ("kr 1 500 000,-", 1500000),
    ("150 000,-", 150000),
    ("150 000.-", 150000),
    ("150 000 kroner", 150000),
    ("NOK 15000", 15000),
    ("15000 NOK", 15000),
    ("15 000 DKK", 15000),
    ("0,-", 0),
    ("-", 0),  # a dash in a cost cell: nothing
    ("–", 0),
    # millions
    ("1,5 mill", 1500000),
    ("1,5 mill.", 1500000),
    ("1.5 mill.", 1500000),
    ("1,5mill", 1500000),
    ("1,5 mill. kr", 1500000),
    ("1,5 mill kr", 1500000),
    ("kr 1,5 mill.", 1500000),
    ("1,5 kr mill", 1500000),
    ("2 millioner", 2000000),
    ("2 millioner kroner", 2000000),
    ("2 MILL", 2000000),
    ("1,5 MNOK", 1500000),
    ("1,5 mnok", 1500000),
    ("1,5 MKr", 1500000),
    ("1,5 mkr", 1500000),
    ("1,5 M", 1500000),
    ("NOK 1.5m", 1500000),
    ("1.5 million", 1500000),
    ("1,5 mln", 1500000),
    ("1,5 mio.", 1500000),  # Danish
    ("1,5 mio. kr.", 1500000),
    ("0,5 mill", 500000),
    ("1,500 mill", 1500000),  # with a multiplier, one separator is the decimal sign
    # thousands
    ("300k", 300000),
    ("300 k", 300000),
    ("300 tusen", 300000),
    ("300 tusen kroner", 300000),
    ("300 tusind", 300000),  # Danish
    ("300 kNOK", 300000),
    ("300 KNOK", 300000),
    ("300 TNOK", 300000),
    ("300 tkr", 300000),
    ("300 t.kr.", 300000),  # Danish
    ("300 kkr", 300000),
    ("1,5 k", 1500),
]


@pytest.mark.parametrize("typed, kr", READ)
def test_amount_written_as_units_write_it_is_read(typed, kr):
    assert parse_amount(typed) == kr


# (as typed, words the message must contain)
REFUSED = [
    ("se vedlegg", "er ikke et beløp"),
    ("1 50", "er ikke et beløp"),
    ("1e6", "er ikke et beløp"),
    ("mill", "er ikke et beløp"),
    ("kr", "er ikke et beløp"),
    ("k", "er ikke et beløp"),
    ("2 mill?", "er ikke et beløp"),
    ("500'", "er ikke et beløp"),
    ("300 t", "er ikke et beløp"),  # «t» alone is not a unit
    ("10 %", "er ikke et beløp"),
    ("x", "er ikke et beløp"),
    (True, "er ikke et beløp"),
    (float("nan"), "er ikke et beløp"),
    (float("inf"), "er ikke et beløp"),
    (date(2027, 1, 1), "er ikke et beløp"),
    ("ca. 2 mill", "uten «ca.»"),
    ("ca 150 000", "uten «ca»"),
    ("~ 150 000", "uten «~»"),
    ("1-2 mill.", "er et intervall"),
    ("1 - 2 mill", "er et intervall"),
    ("1,5–2 mill", "er et intervall"),
    ("10-20 000", "er et intervall"),
    ("100 000 – 200 000", "er et intervall"),
    ("1 til 2 mill", "er et intervall"),
    ("mellom 1 og 2 mill", "er et intervall"),
    (-5000, "negativt beløp"),
    (-0.6, "negativt beløp"),
    ("-5000", "negativt beløp"),
    ("kr -5 000", "negativt beløp"),
    ("\u22125000 kr", "negativt beløp"),
    ("-1,5 mill", "negativt beløp"),
    ("(150 000)", "negativt beløp"),
    ("1,5 mrd.", "urimelig mye"),
    ("2 milliarder", "urimelig mye"),
    ("15 000 000 000 000", "urimelig stort"),
    ("1 000 000 000", "urimelig stort"),
    ("1,500", "kan leses både som 1 500 og 1,5 kroner"),
    ("kr 2,000", "kan leses både som 2 000 og 2 kroner"),
]


@pytest.mark.parametrize("typed, words", REFUSED)
def test_amount_that_is_not_one_plausible_amount_is_refused_with_its_reason(typed, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(")) as exc:
        parse_amount(typed)
    assert str(exc.value).startswith("«")  # quotes the value; the caller names the cell


def test_a_billion_written_with_mrd_suggests_millions():
    with pytest.raises(ValueError) as exc:
        parse_amount("1,5 mrd.")
    assert str(exc.value) == ("«1,5 mrd.» er 1\u00a0500\u00a0000\u00a0000\u00a0kr, og det er urimelig mye for ett tiltak. "
                              "Mente du «1,5 mill»? Skriv beløpet i hele kroner eller med «mill».")


# --- «1,5» in a kroner column (issue 10, item 6) --------------------------------------


@pytest.mark.parametrize("typed, meant", [("1,5", "1,5 mill. kr (1\u00a0500\u00a0000\u00a0kr)"),
                                          ("0,4", "0,4 mill. kr (400\u00a0000\u00a0kr)"),
                                          (1.5, "1,5 mill. kr (1\u00a0500\u00a0000\u00a0kr)"),  # what Excel made of it
                                          ("1.5", "1,5 mill. kr (1\u00a0500\u00a0000\u00a0kr)"),
                                          ("kr 12,75", "12,75 mill. kr (12\u00a0750\u00a0000\u00a0kr)"),
                                          ("999,5", "999,5 mill. kr (999\u00a0500\u00a0000\u00a0kr)")])
def test_a_small_number_with_a_fraction_is_refused_and_the_message_says_what_was_meant(typed, meant):
    with pytest.raises(ValueError) as exc:
        parse_amount(typed)
    message = str(exc.value)
    assert "er ikke et helt kronebeløp" in message and f"Mente du {meant}?" in message


def test_the_fraction_rule_ends_where_øre_begin():
    assert parse_amount(f"{FRACTION_LIMIT},50") == FRACTION_LIMIT + 1
    assert parse_amount(FRACTION_LIMIT + 0.4) == FRACTION_LIMIT
    with pytest.raises(ValueError, match="helt kronebeløp"):
        parse_amount(f"{FRACTION_LIMIT - 1},50")


def test_a_whole_small_amount_is_read_with_a_remark_that_says_what_to_do():
    assert parse_amount("2") == 2
    remark = small_amount_remark("2", 2)
    assert str(remark) == ("«2» er lest som 2\u00a0kr, og det er svært lite. Mente dere tusen eller millioner kroner, skriv "
                      "f.eks. «2 tusen» eller «2 mill». Stemmer beløpet, trenger dere ikke gjøre noe.")
    assert small_amount_remark(999, SMALL - 1) is not None
    assert small_amount_remark(0, 0) is None and small_amount_remark(1000, SMALL) is None


def test_the_limits_are_documented_values():
    assert (FRACTION_LIMIT, SMALL, IMPLAUSIBLE) == (1_000, 1_000, 1_000_000_000)
    assert parse_amount(IMPLAUSIBLE - 1) == IMPLAUSIBLE - 1


def test_empty_amount_is_an_error_for_the_caller_to_decide():
    with pytest.raises(ValueError):
        parse_amount("   ")


# --- round trips -----------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=IMPLAUSIBLE - 1))
def test_amount_formatted_as_kroner_reads_back_equal(kr):
    assert parse_amount(kroner(kr)) == kr


@given(st.integers(min_value=0, max_value=IMPLAUSIBLE - 1))
def test_amount_formatted_with_thousands_spaces_reads_back_equal(kr):
    assert parse_amount(number(kr)) == kr
    assert parse_amount(number(kr).replace(NBSP, " ") + " kr") == kr
    assert parse_amount("kr " + f"{kr:,}".replace(",", ".")) == kr
    assert parse_amount(f"{kr:,}".replace(",", "'")) == kr


@given(st.integers(min_value=FRACTION_LIMIT, max_value=IMPLAUSIBLE - 2), st.integers(min_value=0, max_value=99))
def test_amount_with_decimal_comma_rounds_half_up(whole, cents):
    expected = whole + (1 if cents >= 50 else 0)
    assert parse_amount(f"{number(whole)},{cents:02d}") == expected


@given(st.decimals(min_value="0.01", max_value="999.99", places=2))
def test_every_small_fraction_is_refused(amount):
    if amount != amount.to_integral_value():
        with pytest.raises(ValueError, match="Mente du"):
            parse_amount(str(amount).replace(".", ","))


@pytest.mark.parametrize("typed", ["utredes", "Utredes.", "prisavhengig", "ukjent", "Ikke beregnet", "vet ikke"])
def test_words_for_an_amount_not_known_yet_are_not_computed_never_zero(typed):
    from pipeline.forms.amounts import parse_cost

    assert parse_cost(typed) is None


def test_a_cost_that_is_an_amount_reads_as_the_amount_and_anything_else_is_still_refused():
    from pipeline.forms.amounts import parse_cost

    assert parse_cost("1,5 mill") == 1_500_000 and parse_cost(0) == 0 and parse_cost("-") == 0
    with pytest.raises(ValueError):
        parse_cost("kanskje")
