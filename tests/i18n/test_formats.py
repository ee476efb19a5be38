"""Numbers, money and dates the way each language writes them (CLDR through Babel).
The expected texts are written by hand from how Norwegian and Danish municipalities
write: «1 250 000 kr», «1.250.000 kr.», «6,3 mio. kr.», «mandag den 1. februar 2027»,
«kl. 14.05» (Ishøj, Københavns Kommune; research/lang/GLOSSARY.md)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pipeline.i18n import Lang

N = "\u00a0"  # no-break space: an amount never breaks across lines

CASES = [
    # (what, call, nb, nn, da)
    ("number", lambda l: l.number(1_250_000), f"1{N}250{N}000", f"1{N}250{N}000", "1.250.000"),
    ("number, decimals", lambda l: l.number(-1_250_000.5, 1), f"−1{N}250{N}000,5", f"−1{N}250{N}000,5",
     "-1.250.000,5"),
    ("number, rounded", lambda l: l.number(72.46, 1), "72,5", "72,5", "72,5"),
    ("number, minus zero", lambda l: l.number(-0.004, 2), "0,00", "0,00", "0,00"),
    ("small number", lambda l: l.number(999), "999", "999", "999"),
    ("kroner", lambda l: l.kroner(1_250_000), f"1{N}250{N}000{N}kr", f"1{N}250{N}000{N}kr", f"1.250.000{N}kr."),
    ("kroner, negative", lambda l: l.kroner(-300), f"−300{N}kr", f"−300{N}kr", f"-300{N}kr."),
    ("kroner, whole", lambda l: l.kroner(1_249_999.6), f"1{N}250{N}000{N}kr", f"1{N}250{N}000{N}kr",
     f"1.250.000{N}kr."),
    ("amount, millions", lambda l: l.amount(6_280_134), f"6,3{N}mill.{N}kr", f"6,3{N}mill.{N}kr",
     f"6,3{N}mio.{N}kr."),
    ("amount, one million", lambda l: l.amount(999_600), f"1{N}mill.{N}kr", f"1{N}mill.{N}kr", f"1{N}mio.{N}kr."),
    ("amount, billions", lambda l: l.amount(2_400_000_000), f"2,4{N}mrd.{N}kr", f"2,4{N}mrd.{N}kr",
     f"2,4{N}mia.{N}kr."),
    ("amount, thousands", lambda l: l.amount(488_737), f"489{N}000{N}kr", f"489{N}000{N}kr", f"489.000{N}kr."),
    ("amount, negative", lambda l: l.amount(-2_490_364), f"−2,5{N}mill.{N}kr", f"−2,5{N}mill.{N}kr",
     f"-2,5{N}mio.{N}kr."),
    ("percent", lambda l: l.percent(0.035), f"3,5{N}%", f"3,5{N}%", f"3,5{N}%"),
    ("percent, whole", lambda l: l.percent(0.04, 0), f"4{N}%", f"4{N}%", f"4{N}%"),
    ("day", lambda l: l.day(date(2027, 3, 15)), "15.03.2027", "15.03.2027", "15.03.2027"),
    ("long day", lambda l: l.long_day(date(2027, 2, 1)), "mandag 1. februar 2027", "måndag 1. februar 2027",
     "mandag den 1. februar 2027"),
    ("long day, March", lambda l: l.long_day(date(2027, 3, 18)), "torsdag 18. mars 2027", "torsdag 18. mars 2027",
     "torsdag den 18. marts 2027"),
    ("timestamp", lambda l: l.timestamp(datetime(2027, 3, 15, 14, 5)), "15.03.2027 kl. 14:05",
     "15.03.2027 kl. 14:05", "15.03.2027 kl. 14.05"),
    ("list", lambda l: l.join(["A", "B", "C"]), "A, B og C", "A, B og C", "A, B og C"),
    ("list, or", lambda l: l.join(["A", "B", "C"], "or"), "A, B eller C", "A, B eller C", "A, B eller C"),
    ("list of one", lambda l: l.join(["A"]), "A", "A", "A"),
    ("quote", lambda l: l.quote("Tiltak"), "«Tiltak»", "«Tiltak»", "»Tiltak«"),
    ("plural, one", lambda l: l.ngettext("Vi fant {n} feil som må rettes:", "Vi fant {n} feil som må rettes:", 1),
     "Vi fant 1 feil som må rettes:", "Vi fann 1 feil som må rettast:", "Vi fandt 1 fejl, der skal rettes:"),
    ("plural, many", lambda l: l.ngettext("{answered} av {n} påstand besvart", "{answered} av {n} påstander besvart",
                                          18, answered=17),
     "17 av 18 påstander besvart", "17 av 18 påstandar har svar", "17 af 18 udsagn besvaret"),
    ("plural, singular", lambda l: l.ngettext("{answered} av {n} påstand besvart",
                                              "{answered} av {n} påstander besvart", 1, answered=1),
     "1 av 1 påstand besvart", "1 av 1 påstand har svar", "1 af 1 udsagn besvaret"),
]


@pytest.mark.parametrize("code", ["nb", "nn", "da"])
@pytest.mark.parametrize(("what", "call", "nb", "nn", "da"), CASES, ids=[c[0] for c in CASES])
def test_each_language_writes_numbers_dates_and_lists_its_own_way(code, what, call, nb, nn, da):
    assert call(Lang.for_code(code)) == {"nb": nb, "nn": nn, "da": da}[code]


def test_the_currency_follows_the_language():
    assert [Lang.for_code(c).currency for c in ("nb", "nn", "da")] == ["NOK", "NOK", "DKK"]


def test_the_languages_name_themselves():
    assert [Lang.for_code(c).name for c in ("nb", "nn", "da")] == ["norsk bokmål", "norsk nynorsk", "dansk"]


def test_none_is_an_empty_string_in_every_language():
    for code in ("nb", "nn", "da"):
        lang = Lang.for_code(code)
        assert [lang.number(None), lang.kroner(None), lang.amount(None), lang.percent(None), lang.day(None),
                lang.long_day(None), lang.timestamp(None)] == [""] * 7
