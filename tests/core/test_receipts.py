from datetime import datetime

from pipeline.core.receipts import ReceiptFacts, receipt_file_name, receipt_text, safe_name
from pipeline.core.submission import SubmissionStatus

WHEN = datetime(2027, 3, 15, 14, 5, 9)


def facts(**kw) -> ReceiptFacts:
    base = dict(municipality="Fjordvik kommune", original_name="Skjema skole.xlsx", received_at=WHEN,
                sha256="ab" * 32, status=SubmissionStatus.ACCEPTED, unit_name="Fjordvik barneskole", revision=2,
                counts={"problemer": 3, "systemer": 4, "tiltak": 5, "barometersvar": 17}, barometer_total=18)
    base.update(kw)
    return ReceiptFacts(**base)


def test_accepted_receipt_says_what_was_read_and_the_revision():
    text = receipt_text(facts(warnings=("Tiltak, rad 4, «Årlig gevinst (kr)»: tiltaket har kostnader men ingen gevinst.",)))
    assert "GODKJENT – registrert som revisjon 2" in text
    assert "Tiltak:                  5" in text
    assert "17 av 18 påstander besvart" in text
    assert "erstatter revisjon 1" in text
    assert "1. Tiltak, rad 4" in text
    assert "15.03.2027 kl. 14:05" in text


def test_rejected_receipt_lists_every_error_and_what_to_do():
    errors = tuple(f"Tiltak, rad {r}, «Tidsrom»: feil" for r in range(2, 13))
    text = receipt_text(facts(status=SubmissionStatus.REJECTED, revision=None, errors=errors))
    assert "AVVIST" in text and "Vi fant 11 feil" in text
    for e in errors:
        assert e in text
    assert " 1. Tiltak, rad 2" in text and "11. Tiltak, rad 12" in text
    assert "Hva gjør du nå?" in text and "tatt vare på" in text


def test_duplicate_receipt_names_the_identical_revision():
    text = receipt_text(facts(status=SubmissionStatus.DUPLICATE, revision=1, previous_delivery=datetime(2027, 3, 1, 9, 0)))
    assert "identisk med revisjon 1" in text and "01.03.2027 kl. 09:00" in text


def test_hostile_names_become_safe_file_names():
    assert safe_name("../../etc/passwd") == "_.._etc_passwd"  # no separators, no leading dot
    assert "/" not in safe_name("..\\..\\C:\\Windows\\x.xlsx") and "\\" not in safe_name("a\\b")
    assert safe_name("CON.xlsx") == "_CON.xlsx"
    assert safe_name("a\x00b") == "a_b"
    long = safe_name("x" * 300 + ".xlsx")
    assert len(long) <= 80 and long.endswith(".xlsx")
    assert safe_name("Kulturhuset og biblioteket.xlsx") == "Kulturhuset og biblioteket.xlsx"
    nfd = "Sk\u0065\u0301ma bla\u030angen.xlsx"
    assert safe_name(nfd) == "Skéma blången.xlsx"


def test_receipt_file_name_sorts_by_time_and_names_the_unit_revision_and_result():
    assert receipt_file_name(facts(), 7) == "2027-03-15_140509_0007 Fjordvik barneskole – revisjon 2 – godkjent.txt"
    rejected = facts(status=SubmissionStatus.REJECTED, revision=None)
    assert receipt_file_name(rejected, 8) == "2027-03-15_140509_0008 Fjordvik barneskole – AVVIST.txt"
    duplicate = facts(status=SubmissionStatus.DUPLICATE, revision=1)
    assert receipt_file_name(duplicate, 9) == "2027-03-15_140509_0009 Fjordvik barneskole – revisjon 1 – mottatt-tidligere.txt"


def test_a_receipt_whose_unit_could_not_be_read_is_named_by_the_file():
    unknown = facts(status=SubmissionStatus.REJECTED, unit_name=None, revision=None)
    assert receipt_file_name(unknown, 7) == "2027-03-15_140509_0007 Skjema skole – AVVIST.txt"
    blank = facts(status=SubmissionStatus.REJECTED, unit_name="  \n ", revision=None)
    assert receipt_file_name(blank, 7) == "2027-03-15_140509_0007 Skjema skole – AVVIST.txt"


def test_units_that_all_send_the_same_file_name_get_receipts_with_different_names():
    names = {receipt_file_name(facts(original_name="Kartleggingsskjema.xlsx", unit_name=unit, revision=rev), i)
             for i, (unit, rev) in enumerate([("Fjordvik barneskole", 1), ("NAV Fjordvik", 1),
                                              ("Fjordvik barneskole", 2), ("Teknisk drift", 1)])}
    assert len(names) == 4 and not any("Kartleggingsskjema" in n for n in names)
    # The same second, the same unit, the same result: the submission number still tells them apart.
    twice = {receipt_file_name(facts(status=SubmissionStatus.REJECTED, revision=None), i) for i in (41, 42)}
    assert len(twice) == 2


def test_a_hostile_unit_name_gives_a_safe_bounded_receipt_name():
    for unit in ("../../etc/passwd", "CON", "A\\B:C*?\"<>|", "Ærlig " * 80, "😀" * 200, "Linje\nto\tfaner"):
        name = receipt_file_name(facts(unit_name=unit, revision=12), 3)
        assert "/" not in name and "\\" not in name and not any(c in name for c in ':*?"<>|\n\t')
        assert len(name.encode("utf-8")) <= 255 and name.endswith(" – revisjon 12 – godkjent.txt"), name
