"""Cell values as units type them: amounts, periods, whole numbers, dates,
problem references, choices and e-mail addresses."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.config import SubGoal
from pipeline.formatting import kroner, number
from pipeline.core.model import Period
from pipeline.forms.values import (
    parse_amount,
    parse_choice,
    parse_date,
    parse_email,
    parse_period,
    parse_problem_refs,
    parse_sub_goal,
    parse_whole,
    shown,
    text_value,
    valid_email,
)

NBSP, NNBSP, THIN = "\u00a0", "\u202f", "\u2009"


# --- amounts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, kr",
    [
        (150000, 150000),
        (150000.0, 150000),
        (150000.5, 150001),  # half up, not banker's rounding
        (149999.49, 149999),
        (0, 0),
        ("150000", 150000),
        ("150 000", 150000),
        ("150 000 kr", 150000),
        ("kr 150.000", 150000),
        ("kr. 150 000,-", 150000),
        ("150 000,-", 150000),
        ("150.000,50", 150001),
        ("1.500.000", 1500000),
        ("1,500,000", 1500000),
        ("1,500,000.50", 1500001),
        ("1,5 mill", 1500000),
        ("1.5 mill.", 1500000),
        ("1,5mill", 1500000),
        ("0,5 mill", 500000),
        ("2 millioner", 2000000),
        ("2 MILL", 2000000),
        ("2,5 mill kr", 2500000),
        ("300k", 300000),
        ("300 k", 300000),
        ("300 tusen", 300000),
        ("NOK 15000", 15000),
        ("15000 NOK", 15000),
        (f"150{NBSP}000", 150000),
        (f"150{NNBSP}000{NBSP}kr", 150000),
        (f"1{THIN}250{THIN}000", 1250000),
        ("  85 000  ", 85000),
        ("0", 0),
    ],
)
def test_amount_typed_as_units_type_it_is_read(typed, kr):
    assert parse_amount(typed) == kr


@pytest.mark.parametrize("typed", ["ca. 2 mill", "se vedlegg", "1 50", "10-20 000", "1e6", "mill", "kr", "k", "2 mill?",
                                   "100 000 – 200 000", "x", True, float("nan"), float("inf"), date(2027, 1, 1)])
def test_text_that_is_not_one_amount_is_an_error(typed):
    with pytest.raises(ValueError, match="er ikke et beløp"):
        parse_amount(typed)


def test_amount_error_quotes_the_value_and_says_how_to_write_it():
    with pytest.raises(ValueError) as exc:
        parse_amount("ca. 2 mill")
    assert str(exc.value) == "«ca. 2 mill» er ikke et beløp. Skriv et tall, f.eks. 2 000 000 eller «2 mill»."


@pytest.mark.parametrize("typed", [-5000, -0.6, "-5000", "kr -5 000", "−5000 kr", "-1,5 mill"])
def test_negative_amount_is_an_error(typed):
    with pytest.raises(ValueError, match="negativt beløp"):
        parse_amount(typed)


def test_comma_with_three_decimals_is_ambiguous_and_rejected():
    # 1,500 is 1,5 kroner to a Norwegian and 1 500 kroner to an English reader
    with pytest.raises(ValueError, match="kan leses både som 1 500 og 1,5 kroner"):
        parse_amount("1,500")
    with pytest.raises(ValueError, match="kan leses både som 2 000 og 2 kroner"):
        parse_amount("kr 2,000")
    assert parse_amount("1,500 mill") == 1_500_000  # with «mill» only the decimal reading makes sense


def test_thousands_dot_is_norwegian_but_a_short_dot_fraction_is_a_decimal():
    assert parse_amount("1.500") == 1500
    assert parse_amount("1.5") == 2


def test_absurd_amount_is_an_error():
    with pytest.raises(ValueError, match="urimelig stort"):
        parse_amount("15 000 000 000 000")


def test_empty_amount_is_an_error_for_the_caller_to_decide():
    with pytest.raises(ValueError):
        parse_amount("   ")


@given(st.integers(min_value=0, max_value=10**11))
def test_amount_formatted_as_kroner_reads_back_equal(kr):
    assert parse_amount(kroner(kr)) == kr


@given(st.integers(min_value=0, max_value=10**11))
def test_amount_formatted_with_thousands_spaces_reads_back_equal(kr):
    assert parse_amount(number(kr)) == kr
    assert parse_amount(number(kr).replace(NBSP, " ") + " kr") == kr
    assert parse_amount("kr " + f"{kr:,}".replace(",", ".")) == kr


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_amount_with_decimal_comma_rounds_half_up(whole, cents):
    expected = whole + (1 if cents >= 50 else 0)
    assert parse_amount(f"{number(whole)},{cents:02d}") == expected


# --- periods -----------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["Vår 2027", "Vår-2027", "vår 2027", "VÅR-2027", "  vår   2027 ", "Vår–2027",
                                   "Vår2027", "Våren 2027", "vår / 2027"])
def test_spring_2027_in_its_many_spellings_is_read(typed):
    assert parse_period(typed) == Period(2027, "Vår")


def test_period_in_decomposed_unicode_is_read():
    typed = unicodedata.normalize("NFD", "vår 2028 ")  # «å» as «a» + combining ring
    assert typed != "vår 2028 "
    assert parse_period(typed) == Period(2028, "Vår")


@pytest.mark.parametrize("typed, season", [("vinter 2029", "Vinter"), ("SOMMER 2029", "Sommer"),
                                           ("høsten 2029", "Høst")])
def test_period_returns_the_canonical_season(typed, season):
    assert parse_period(typed).season == season


@pytest.mark.parametrize("typed", ["Var 2027", "2027", 2027, "Vår", "vår 27", "Q1 2027", "Vår 2027-2028",
                                   "Vår 1999", datetime(2027, 4, 1)])
def test_text_that_is_not_a_season_and_year_is_an_error(typed):
    with pytest.raises(ValueError, match="Vår 2027"):
        parse_period(typed)


# --- whole numbers -----------------------------------------------------------------


@pytest.mark.parametrize("typed, n", [(3, 3), (3.0, 3), ("3", 3), (" 12 ", 12), ("1 200", 1200), ("3,0", 3),
                                      (f"1{NBSP}200", 1200)])
def test_whole_number_is_read_from_numbers_and_text(typed, n):
    assert parse_whole(typed) == n


@pytest.mark.parametrize("typed", [3.5, "3,5", "tre", True, "3 stk", "3 4", "12 00", datetime(2027, 1, 1)])
def test_value_that_is_not_a_whole_number_is_an_error(typed):
    with pytest.raises(ValueError, match="er ikke et helt tall"):
        parse_whole(typed)


def test_whole_number_outside_limits_is_an_error_that_names_the_range():
    with pytest.raises(ValueError, match=r"«7» er for stort\. Skriv et helt tall fra 1 til 5\."):
        parse_whole(7, 1, 5)
    with pytest.raises(ValueError, match="for lite"):
        parse_whole("0", 1)
    with pytest.raises(ValueError, match="for lite"):
        parse_whole(-1, 0)
    assert parse_whole(5, 1, 5) == 5


# --- dates -------------------------------------------------------------------------


@pytest.mark.parametrize("typed", [datetime(2027, 3, 15, 0, 0), date(2027, 3, 15), 46461, 46461.75, "15.03.2027",
                                   "15.3.2027", " 15.03.2027 ", "15.03.27", "15/03/2027", "15-03-2027", "2027-03-15"])
def test_date_is_read_from_excel_dates_serial_numbers_and_text(typed):
    assert parse_date(typed) == date(2027, 3, 15)


def test_single_digit_day_and_month_are_read():
    assert parse_date("1.3.2027") == date(2027, 3, 1)


@pytest.mark.parametrize("typed", ["31.02.2027", "mars 2027", "15.03", time(10, 0), -1, True, "2027"])
def test_value_that_is_not_a_date_is_an_error(typed):
    with pytest.raises(ValueError, match="dato"):
        parse_date(typed)


# --- problem references ------------------------------------------------------------


@pytest.mark.parametrize("typed, refs", [(None, ()), ("", ()), ("  ", ()), (3, (3,)), (3.0, (3,)), ("3", (3,)),
                                         ("1, 3", (1, 3)), ("1,3", (1, 3)), ("1;3", (1, 3)), ("1 3", (1, 3)),
                                         ("1 og 3", (1, 3)), ("1, 2 og 4", (1, 2, 4)), ("3, 1, 3", (3, 1))])
def test_problem_references_are_read(typed, refs):
    assert parse_problem_refs(typed) == refs


def test_decimal_number_from_excel_explains_the_comma_trap():
    # Excel turns «1,2» typed in a number cell into 1.2
    with pytest.raises(ValueError, match="desimaltall"):
        parse_problem_refs(1.2)


@pytest.mark.parametrize("typed", ["1-3", "0", "a", "problem 2", "2.5"])
def test_text_that_is_not_problem_numbers_is_an_error(typed):
    with pytest.raises(ValueError, match="er ikke problemnumre"):
        parse_problem_refs(typed)


# --- choices, sub-goals, e-mail, display -------------------------------------------


def test_choice_ignores_case_spaces_and_unicode_form_and_returns_canonical_spelling():
    options = ("Kritisk prosess", "Quick win")
    assert parse_choice("  quick   WIN ", options) == "Quick win"
    assert parse_choice(unicodedata.normalize("NFD", "vår 2027"), ("Vinter 2027", "Vår 2027")) == "Vår 2027"


def test_invalid_choice_lists_the_options():
    with pytest.raises(ValueError) as exc:
        parse_choice("Kanskje", ("Høy", "Middels", "Lav"))
    assert str(exc.value) == "«Kanskje» er ikke et gyldig valg. Velg «Høy», «Middels» eller «Lav»."


GOALS = (SubGoal("D1", "Flere digitale tjenester."), SubGoal("D3", "Alle ansatte skal ha digital kompetanse."))


@pytest.mark.parametrize("typed", ["D3", "d3", " D3 ", "D3 – Alle ansatte skal ha digital kompetanse.", "D3: x",
                                   "alle ansatte skal ha digital kompetanse."])
def test_sub_goal_is_read_as_its_code(typed):
    assert parse_sub_goal(typed, GOALS) == "D3"


def test_unknown_sub_goal_lists_the_codes():
    with pytest.raises(ValueError, match=r"«D9» er ikke et av strategiens delmål.*\(D1 eller D3\)"):
        parse_sub_goal("D9", GOALS)


@pytest.mark.parametrize("address", ["kari@fjordvik.kommune.no", "kari.nordmann+skjema@fjordvik.no",
                                     "ola@ærlig.no", "A_B@x.co"])
def test_valid_email_addresses_are_accepted(address):
    assert valid_email(address)


@pytest.mark.parametrize("address", ["kari", "kari@fjordvik", "kari @x.no", "kari@@x.no", "a@b.c", "x@y..no",
                                     "@x.no", "kari@.no", "kari@x.no, ola@x.no"])
def test_invalid_email_addresses_are_rejected(address):
    assert not valid_email(address)


def test_email_is_trimmed_and_a_pasted_mailto_removed():
    assert parse_email("  mailto:kari@fjordvik.no ") == "kari@fjordvik.no"
    with pytest.raises(ValueError, match="gyldig e-postadresse"):
        parse_email("kari(at)fjordvik.no")


def test_values_are_shown_as_excel_shows_them():
    assert shown(3.0) == "3"
    assert shown(1.2) == "1,2"
    assert shown(datetime(2027, 3, 15)) == "15.03.2027"
    assert shown(True) == "SANN"
    assert shown(None) == ""


def test_free_text_keeps_line_breaks_and_special_characters():
    typed = "  Lærere & elever <i> «Nytt»\nlinje 2 = =SUM(A1)  "
    assert text_value(typed) == "Lærere & elever <i> «Nytt»\nlinje 2 = =SUM(A1)"
    assert text_value(unicodedata.normalize("NFD", "Åsane")) == "Åsane"
