"""No amount, date or short word is broken across lines on the rendered page:
amounts hold together with no-break spaces, and a table column is never narrower
than its widest unbreakable text. Checked on the PDF LibreOffice makes."""

from __future__ import annotations

import dataclasses
import re
import subprocess

import pytest

from pipeline.core.model import Period
from pipeline.documents.pdf import convert_to_pdf
from pipeline.formatting import NBSP, kroner
from support.documents import CASE, STRATEGY, render
from support.libreoffice import needs_libreoffice
from support.models import form, municipality, measure

pytestmark = [needs_libreoffice, pytest.mark.libreoffice]

HUGE = 98_765_432_109  # sum: 395 061 728 436 kr, wider than the 28 mm «Ramme» column


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture(scope="module")
def pages(config, tmp_path_factory):
    """A municipality whose frame is far wider than the template's «Ramme» column was drawn for
    (the other amounts are small, so there is room to give it)."""
    out = tmp_path_factory.mktemp("brudd")
    config = dataclasses.replace(config, investment_frame={y: HUGE for y in config.years})
    model = municipality(config, form(measures=tuple(
        measure(nr, f"Tiltak {nr}", investment=100_000 + nr, operating_cost=20_000, benefit=30_000,
                benefit_kind="Kroner (budsjett)", period=Period(2027 + nr % 4, "Vår"))
        for nr in range(1, 5)
    )))
    assessment, paths = render(model, out / "docx")
    pdfs = convert_to_pdf([p for p in paths if p.name in (STRATEGY, CASE)], out / "pdf")
    return assessment, {p.stem: pdf_text(p) for p in pdfs}


def test_no_amount_in_a_table_is_split_across_lines(pages):
    assessment, texts = pages
    years = assessment.years
    amounts = {kroner(sum(y.frame for y in years)), kroner(sum(y.investment_in_frame for y in years)),
               kroner(sum(y.net_in_frame for y in years))} | {kroner(y.frame) for y in years}
    for name, text in texts.items():
        flat = text.replace(NBSP, " ")
        for value in amounts:
            assert value.replace(NBSP, " ") in flat, (name, value)


def test_dates_and_headers_stand_whole(pages):
    _, texts = pages
    assert re.search(r"\b01\.02\.2027\b", texts["Saksframlegg"])  # the unit's delivery date in its column
    for word in ("Revisjon", "Levert", "Tilfredshet"):
        assert word in texts["IKT-strategi"] + texts["Saksframlegg"], word
    for text in texts.values():
        assert not re.search(r"\b\d{2}\.\d{2}\.\d{2}\s*\n\s*\d{2}\b", text)  # «29.11.20|26»
        assert not re.search(r"\d k\s*\n\s*r\b", text)  # «9 000 000 k|r»
