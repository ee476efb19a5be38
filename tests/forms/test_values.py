"""Cell values as units type them: periods, whole numbers, dates, problem
references, sub-goals, choices and e-mail addresses (amounts: test_amounts.py)."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time

import pytest

from pipeline.config import SubGoal
from pipeline.core.model import Period
from pipeline.forms.values import (
    Remarked,
    excel_spellings,
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


def test_the_decimal_number_excel_made_of_two_references_is_read_back_with_a_remark():
    # Excel turns «1,3» typed in a cell formatted «General» into the number 1,3
    read = parse_problem_refs(1.3)
    assert isinstance(read, Remarked) and read.value == (1, 3)
    assert str(read.remark) == ("«1,3» er lest som problem nr 1 og 3. Excel hadde gjort «1,3» om til desimaltallet 1,3. "
                           "Stemmer ikke det, skriv numrene med mellomrom etter kommaet, f.eks. «1, 3», og send "
                           "skjemaet på nytt.")
    assert parse_problem_refs(12.25).value == (12, 25)


@pytest.mark.parametrize("typed", [1.05, 0.5])
def test_a_decimal_number_that_cannot_be_two_references_is_an_error(typed):
    with pytest.raises(ValueError, match="desimaltall"):
        parse_problem_refs(typed)


def test_references_excel_turned_into_a_date_are_an_error_that_says_so():
    with pytest.raises(ValueError, match="er en dato, ikke problemnumre: Excel har gjort"):
        parse_problem_refs(datetime(2027, 3, 1))


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


def test_the_longest_code_that_leads_the_text_wins():
    goals = (SubGoal("1", "Hovedmål."), SubGoal("1.1", "Første delmål."), SubGoal("1.2", "Andre delmål."))
    assert parse_sub_goal("1.1 – Første delmål.", goals) == "1.1"
    assert parse_sub_goal("1.2: noe", goals) == "1.2"
    assert parse_sub_goal("1 Hovedmål", goals) == "1"


DOTTED = (SubGoal("1.1", "Digitale tjenester."), SubGoal("1.2", "Sikkerhet."), SubGoal("2.10", "Kompetanse."))


@pytest.mark.parametrize("excel_made, code, what", [
    (1.1, "1.1", "tallet 1,1"),  # English Excel, or a cell formatted «General»
    (1.2, "1.2", "tallet 1,2"),
    (2.1, "2.10", "tallet 2,1"),  # «2.10» lost its last zero
    (datetime(2027, 1, 1), "1.1", "datoen 01.01.2027"),  # Norwegian Excel: day.month of this year
    (datetime(2026, 2, 1), "1.2", "datoen 01.02.2026"),
    (datetime(2027, 10, 2), "2.10", "datoen 02.10.2027"),
])
def test_a_sub_goal_code_excel_turned_into_a_number_or_date_is_mapped_back_with_a_remark(excel_made, code, what):
    read = parse_sub_goal(excel_made, DOTTED)
    assert isinstance(read, Remarked) and read.value == code
    assert str(read.remark) == (f"«{shown(excel_made)}» er lest som delmål «{code}». Excel hadde gjort «{code}» om til "
                           f"{what}. Stemmer det, trenger dere ikke gjøre noe; ellers velg delmålet fra listen.")


@pytest.mark.parametrize("excel_made", [1.3, datetime(2027, 1, 3), 7])
def test_a_number_or_date_that_matches_no_code_is_still_an_error(excel_made):
    with pytest.raises(ValueError, match="er ikke et av strategiens delmål"):
        parse_sub_goal(excel_made, DOTTED)


def test_a_number_that_fits_two_codes_is_not_guessed():
    goals = (SubGoal("1.1", "a"), SubGoal("1.10", "b"))
    with pytest.raises(ValueError, match="er ikke et av strategiens delmål"):
        parse_sub_goal(1.1, goals)


def test_excel_spellings_cover_what_excel_makes_of_a_code():
    assert {"1.1", "1,1", "1.10"} <= set(excel_spellings(1.1))
    assert {"1.1", "01.01", "1-1", "1/1", "1.1.27"} <= set(excel_spellings(datetime(2027, 1, 1)))
    assert excel_spellings(3) == ("3",)
    assert excel_spellings("1.1") == () and excel_spellings(True) == ()
    assert excel_spellings(datetime(2027, 1, 1, 12, 30)) == ()


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


@pytest.mark.parametrize("typed, n", [("6 mnd", 6), ("6 mnd.", 6), ("12 måneder", 12), ("ca. 50 brukere", 50),
                                      ("omtrent 1 200 stk", 1200), ("3", 3)])
def test_a_whole_number_may_say_what_it_counts_where_the_column_allows_it(typed, n):
    words = ("mnd", "måneder", "brukere", "stk")
    assert parse_whole(typed, words=words) == n


@pytest.mark.parametrize("typed", ["6 mnd", "ca. 50", "mnd"])
def test_without_words_a_whole_number_is_digits_only(typed):
    with pytest.raises(ValueError, match="er ikke et helt tall"):
        parse_whole(typed)
    with pytest.raises(ValueError, match="er ikke et helt tall"):
        parse_whole("6 år", words=("mnd",))
