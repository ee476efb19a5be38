"""Amounts for readers: exact in tables, rounded in running text, never broken across lines."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.formatting import NBSP, amount, file_stamp, kroner


@pytest.mark.parametrize(("value", "shown"), [
    (6_280_134, "6,3 mill. kr"),
    (5_626_248.3, "5,6 mill. kr"),
    (1_450_000, "1,5 mill. kr"),  # half up, as a reader rounds
    (1_000_000, "1 mill. kr"),
    (999_600, "1 mill. kr"),
    (123_456_789, "123 mill. kr"),
    (2_400_000_000, "2,4 mrd. kr"),
    (488_737, "489 000 kr"),
    (450_000, "450 000 kr"),
    (8_540, "8 500 kr"),
    (999, "999 kr"),
    (0, "0 kr"),
    (-2_490_364, "−2,5 mill. kr"),
    (-300, "−300 kr"),
])
def test_amounts_in_running_text_are_rounded_for_readers(value, shown):
    assert amount(value).replace(NBSP, " ") == shown


@pytest.mark.parametrize("value", [6_280_134, 488_737, 2_400_000_000, -2_490_364])
def test_an_amount_never_breaks_a_line_inside(value):
    for text in (amount(value), kroner(value)):
        assert " " not in text and NBSP in text


def test_tables_keep_the_exact_amount():
    assert kroner(6_280_134).replace(NBSP, " ") == "6 280 134 kr"


def test_a_time_in_a_file_name_has_no_colon():
    assert file_stamp(datetime(2026, 11, 29, 14, 2)) == "29.11.2026 kl. 14.02"
