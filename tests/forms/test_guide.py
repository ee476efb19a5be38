"""The form's guidance says where, by when and to whom the form goes
(issue 17, «the form»), from ``[innlevering]`` in ``strategi.toml``."""

from __future__ import annotations

import dataclasses
import tomllib
from datetime import date

import openpyxl

from pipeline import contract as c
from pipeline.config import Delivery, parse_config
from pipeline.forms.blankform import write_blank_form
from pipeline.forms.guide import delivery_text, guide_sections
from support.paths import DEFAULTS


def guide_text(path) -> str:
    ws = openpyxl.load_workbook(path)[c.SHEET_GUIDE]
    return "\n".join(str(cell.value) for row in ws.iter_rows() for cell in row if cell.value)


def test_the_blank_form_shows_the_configured_inbox_address_deadline_and_contact(config, tmp_path):
    configured = dataclasses.replace(config, delivery=Delivery(
        deadline=date(2027, 2, 1), contact="Kari Nordmann, tlf. 12 34 56 78", inbox="K:\\IKT-strategi\\inbox",
        email="ikt-strategi@fjordvik.kommune.no"))
    text = guide_text(write_blank_form(configured, tmp_path / "skjema.xlsx"))
    assert ("Lagre skjemaet som Excel-arbeidsbok (.xlsx). Legg fila i mappen «K:\\IKT-strategi\\inbox», eller send "
            "den som vedlegg i e-post til ikt-strategi@fjordvik.kommune.no. Fristen er mandag 1. februar 2027 "
            "(01.02.2027). Dere får en kvittering som viser hva som er lest inn, og eventuelle feil som må rettes. "
            "Har dere spørsmål, kontakt Kari Nordmann, tlf. 12 34 56 78.") in text
    assert "Fristen for å levere skjemaet er mandag 1. februar 2027 (01.02.2027)." in text  # also at the top


def test_the_shipped_configuration_gives_a_deadline_and_a_contact(config, blank_form):
    text = guide_text(blank_form)
    assert f"Fristen er mandag 1. februar 2027 (01.02.2027)" in text
    assert f"Har dere spørsmål, kontakt {config.delivery.contact}." in text


def test_only_a_folder_or_only_an_address_is_said_as_such(config):
    folder = dataclasses.replace(config, delivery=Delivery(inbox="\\\\fil01\\ikt\\inn"))
    assert "Legg fila i mappen «\\\\fil01\\ikt\\inn». Dere får" in delivery_text(folder)
    mail = dataclasses.replace(config, delivery=Delivery(email="ikt@fjordvik.no"))
    assert "Send fila som vedlegg i e-post til ikt@fjordvik.no. Dere får" in delivery_text(mail)


def test_without_innlevering_the_guide_says_nothing_it_does_not_know(config):
    bare = dataclasses.replace(config, delivery=Delivery(), case=dataclasses.replace(config.case, case_officer=""))
    text = "\n".join(t for _, t in guide_sections(bare))
    assert "Frist" not in text and "kontakt " not in text and "spørsmål" not in text
    assert "slik sekretariatet for IKT-strategien har bedt om" in delivery_text(bare)
    officer = dataclasses.replace(config, delivery=Delivery())
    assert delivery_text(officer).endswith(f"Har dere spørsmål, kontakt {config.case.case_officer}.")


def test_the_mailbox_of_epost_is_the_address_when_innlevering_has_none():
    data = tomllib.loads((DEFAULTS / "strategi.toml").read_text("utf-8"))
    data["epost"] = {"imap_server": "imap.fjordvik.no", "imap_bruker": "ikt-strategi@fjordvik.kommune.no"}
    assert parse_config(data).delivery.email == "ikt-strategi@fjordvik.kommune.no"
    data["innlevering"]["epost"] = "skjema@fjordvik.kommune.no"
    assert parse_config(data).delivery.email == "skjema@fjordvik.kommune.no"
    data["epost"]["imap_bruker"] = "ikt-strategi"  # a login that is no address is not shown to units
    del data["innlevering"]["epost"]
    assert parse_config(data).delivery.email is None
