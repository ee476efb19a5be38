from datetime import datetime

import pytest

from pipeline.core.receipts import (
    JUDGED_ACCEPTED, JUDGED_MAPPED, ReceiptFacts, read_receipt, receipt_file_name, receipt_text, safe_name,
)
from pipeline.core.submission import SubmissionStatus
from pipeline.i18n import Day, Lang, Msg, pMsg
from support.languages import assert_no_foreign_words

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


def test_a_kept_message_says_what_in_it_is_not_registered_and_that_it_is_kept():
    text = receipt_text(facts(status=SubmissionStatus.REJECTED, revision=None, unit_name=None, container="e-posten",
                              original_name="Skjemaer fra helse.eml",
                              errors=("«Følgebrev.pdf»: Vedlegget er ikke et Excel-skjema og er ikke registrert.",),
                              warnings=("30 skjemaer fra den samme meldingen er behandlet hver for seg.",)))
    assert "AVVIST – ikke alt i e-posten er registrert" in text
    assert "Dette er ikke registrert:" in text and "1. «Følgebrev.pdf»" in text
    assert "Merk:" in text and "30 skjemaer" in text
    assert "E-posten er tatt vare på hos sekretariatet" in text and "Vi fant" not in text
    none = receipt_text(facts(status=SubmissionStatus.REJECTED, revision=None, container="Outlook-meldingen",
                              errors=("Outlook-meldingen hadde ikke kartleggingsskjemaet vedlagt.",)))
    assert "AVVIST – ingen skjema er registrert fra Outlook-meldingen" in none
    assert "Outlook-meldingen er tatt vare på" in none


def test_safe_names_read_latin1_bytes_and_never_show_control_or_direction_characters():
    assert safe_name("Skjema \udce6\udcf8\udce5.xlsx") == "Skjema æøå.xlsx"  # Latin-1 bytes from the file system
    assert safe_name("fdp\u202exslx.exe") == "fdp_xslx.exe"  # shown reversed as «exe.xlsx» if obeyed
    assert safe_name("a\u2028b\x85c.xlsx") == "a_b_c.xlsx"
    assert safe_name("   ") == "uten-navn"


# --- the receipt in the workspace's language (issue 14) --------------------------------------

LANGS = ("nb", "nn", "da")


def every_kind():
    """A receipt of each kind, with content that is the same in every language."""
    return {
        "accepted": facts(unit_name="NAV Fjordvik", warnings=("Merk 1",), revision=3),
        "rejected": facts(status=SubmissionStatus.REJECTED, unit_name="NAV Fjordvik", revision=None,
                          errors=("E1", "E2"), warnings=("Merk 1",), sender="nav@fjordvik.kommune.no"),
        "duplicate": facts(status=SubmissionStatus.DUPLICATE, unit_name="NAV Fjordvik", revision=1,
                           previous_delivery=datetime(2027, 3, 1, 9, 0)),
        # issue 12: a name the secretariat has not seen, its duplicate, a mapped name, and the judged receipt
        "held": facts(status=SubmissionStatus.HELD, unit_name="NAV Fjordvk", revision=None, near="NAV Fjordvik",
                      warnings=("Merk 1",)),
        "held, not listed": facts(status=SubmissionStatus.HELD, unit_name="NAV Fjordvk", revision=None,
                                  near="NAV Fjordvik", listed=False),
        "held duplicate": facts(status=SubmissionStatus.DUPLICATE, unit_name="NAV Fjordvk", revision=None,
                                previous_delivery=datetime(2027, 3, 1, 9, 0)),
        "mapped": facts(unit_name="NAV Fjordvik", typed_name="NAV Fjordvk", revision=3),
        "judged mapped": facts(unit_name="NAV Fjordvik", typed_name="NAV Fjordvk", revision=3, newer_revision=4,
                               judged_at=datetime(2027, 3, 20, 10, 0),
                               judgement=JUDGED_MAPPED.fill(day=Day(datetime(2027, 3, 20)), unit="NAV Fjordvik")),
        "judged accepted": facts(unit_name="Fjordvik frivilligsentral", revision=1,
                                 judged_at=datetime(2027, 3, 20, 10, 0),
                                 judgement=JUDGED_ACCEPTED.fill(day=Day(datetime(2027, 3, 20)), name=pMsg(
                                     "quote", "«{text}»", text="Fjordvik frivilligsentral"))),
        # issue 15: the yearly follow-up form
        "follow-up": facts(form="oppfolging", year=2027, revision=2, warnings=("Merk 1",),
                           counts={"tiltak": 4, "rapportert": 3, "Ferdig": 1, "Pågår": 1, "Utsatt": 1, "Avbrutt": 0}),
        "follow-up rejected": facts(form="oppfolging", year=2027, status=SubmissionStatus.REJECTED, revision=None,
                                    errors=("E1",)),
    }


@pytest.mark.parametrize("code", LANGS)
def test_every_receipt_is_written_in_the_workspace_language_only(code):
    for kind, f in every_kind().items():
        text = receipt_text(f, Lang.for_code(code))
        assert_no_foreign_words(text.replace("Skjema skole.xlsx", ""), code, f"kvitteringen ({kind})")


@pytest.mark.parametrize(("code", "headline", "errors", "what_now"), [
    ("nb", "Resultat:  AVVIST – skjemaet er ikke registrert", "Vi fant 2 feil som må rettes:", "Hva gjør du nå?"),
    ("nn", "Resultat:  AVVIST – skjemaet er ikkje registrert", "Vi fann 2 feil som må rettast:", "Kva gjer du no?"),
    ("da", "Resultat:  AFVIST – skemaet er ikke registreret", "Vi fandt 2 fejl, der skal rettes:", "Hvad gør du nu?"),
])
def test_a_rejection_lists_every_error_in_the_workspace_language(code, headline, errors, what_now):
    text = receipt_text(every_kind()["rejected"], Lang.for_code(code))
    assert headline in text and errors in text and what_now in text
    assert "  1. E1\n  2. E2\n" in text


def test_the_header_block_is_aligned_in_every_language():
    for code in LANGS:
        lines = receipt_text(every_kind()["rejected"], Lang.for_code(code)).splitlines()[3:8]
        columns = {len(line) - len(line.split(maxsplit=1)[1]) for line in lines}
        assert len(columns) == 1, (code, lines)


def test_a_danish_receipt_writes_danish_times():
    text = receipt_text(every_kind()["duplicate"], Lang.for_code("da"))
    assert "Modtaget:  15.03.2027 kl. 14.05" in text and "den 01.03.2027 kl. 09.00 (revision 1)" in text


def test_messages_from_the_core_are_rendered_in_the_language_and_old_text_as_it_is():
    f = facts(status=SubmissionStatus.REJECTED, revision=None,
              errors=(Msg("Status: {s}", s=SubmissionStatus.ACCEPTED.text), "Gammel tekst fra et lager."))
    text = receipt_text(f, Lang.for_code("da"))
    assert "  1. Status: godkendt\n  2. Gammel tekst fra et lager.\n" in text


@pytest.mark.parametrize("code", LANGS)
def test_a_receipt_in_any_language_is_read_back(code):
    kinds = every_kind()
    accepted = read_receipt(receipt_text(kinds["accepted"], Lang.for_code(code)))
    assert accepted.sha256 == "ab" * 32 and accepted.revision == 3 and accepted.errors == ()
    assert accepted.header == {"file": "Skjema skole.xlsx", "received": Lang.for_code(code).timestamp(WHEN),
                               "unit": "NAV Fjordvik"}
    rejected = read_receipt(receipt_text(kinds["rejected"], Lang.for_code(code)))
    assert rejected.errors == ("E1", "E2") and rejected.warnings == ("Merk 1",) and rejected.revision is None
    assert rejected.header["sender"] == "nav@fjordvik.kommune.no"
    duplicate = read_receipt(receipt_text(kinds["duplicate"], Lang.for_code(code)))
    assert duplicate.sha256 == "ab" * 32 and duplicate.revision is None
    held = read_receipt(receipt_text(kinds["held"], Lang.for_code(code)))  # rebuilt as held, by its file name
    assert held.sha256 == "ab" * 32 and held.revision is None and held.errors == ()
    assert held.header == {"file": "Skjema skole.xlsx", "received": Lang.for_code(code).timestamp(WHEN),
                           "unit": "NAV Fjordvk"}
    mapped = read_receipt(receipt_text(kinds["mapped"], Lang.for_code(code)))
    assert mapped.revision == 3 and mapped.header["unit"] == "NAV Fjordvik"


@pytest.mark.parametrize(("code", "held", "judged"), [
    ("nb", "Resultat:  MOTTATT – venter på sekretariatet", "20.03.2027 koblet sekretariatet skjemaet til NAV Fjordvik"),
    ("nn", "Resultat:  MOTTEKE – ventar på sekretariatet", "20.03.2027 kopla sekretariatet skjemaet til NAV Fjordvik"),
    ("da", "Resultat:  MODTAGET – afventer sekretariatet",
     "Den 20.03.2027 knyttede sekretariatet skemaet til NAV Fjordvik"),
])
def test_a_held_form_and_the_secretariats_judgement_are_told_in_the_workspace_language(code, held, judged):
    lang = Lang.for_code(code)
    kinds = every_kind()
    text = receipt_text(kinds["held"], lang)
    assert held in text and lang.quote("NAV Fjordvk") in text and lang.quote("NAV Fjordvik") in text
    assert judged in receipt_text(kinds["judged mapped"], lang)
    assert lang.quote("NAV Fjordvk") in receipt_text(kinds["mapped"], lang)


def test_the_bokmal_receipt_is_the_default():
    f = every_kind()["accepted"]
    assert receipt_text(f) == receipt_text(f, Lang.for_code("nb"))


@pytest.mark.parametrize(("code", "title", "status"), [
    ("nb", "KVITTERING – oppfølgingsskjema for IKT-handlingsplanen 2027", "Utsatt:"),
    ("nn", "KVITTERING – oppfølgingsskjema for IKT-handlingsplanen 2027", "Utsett:"),
    ("da", "KVITTERING – opfølgningsskema til it-handleplanen 2027", "Udskudt:"),
])
def test_a_follow_up_receipt_counts_the_statuses_in_the_workspace_language_and_reads_back(code, title, status):
    f = every_kind()["follow-up"]
    text = receipt_text(f, Lang.for_code(code))
    assert text.startswith(title) and f"  {status}" in text
    assert "Avbrutt" not in text and "Afbrudt" not in text  # a status no measure has is not listed
    assert read_receipt(text).revision == 2
    assert " – oppfølging 2027 – revisjon 2 – godkjent.txt" in receipt_file_name(f, 7)
    assert "_O0007 " in receipt_file_name(f, 7)
