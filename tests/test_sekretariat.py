"""The secretariat decides, through the CLI as it runs it, on SQLite and on PostgreSQL: a
form from a mistyped unit waits, is mapped to its unit, the unit corrects its name, a
submission is withdrawn, an action undone, a new unit accepted — every action recorded
with time and reason, in ``status`` and in the case document's change list, and a command
killed at any step repaired by the next run."""

from __future__ import annotations

import json
import re
import shutil
import signal
from datetime import date

import pytest

from pipeline.workspace import Workspace, init_workspace
from support.crashrun import finish, run_cli
from support.documents import document_text
from support.stores import cli, use_postgres
from support.units import CONFIGURED, HYPHEN, drop, unit_form

TODAY = date.today().strftime("%d.%m.%Y")
REASON = "skrivefeil i enhetsnavnet"


@pytest.fixture(params=["sqlite", "postgresql"])
def ws(request, tmp_path, blank_form) -> Workspace:
    ws = init_workspace(tmp_path / "ws")
    shutil.copyfile(blank_form, ws.blank_form)
    if request.param == "postgresql":
        use_postgres(ws, request.getfixturevalue("pg_url"))
    return ws


def ok(ws: Workspace, *args: str) -> str:
    code, out = cli(ws.root, *args)
    assert code == 0 and "Traceback" not in out, out
    return out


def refused(ws: Workspace, *args: str) -> str:
    code, out = cli(ws.root, *args)
    assert code == 1 and "Traceback" not in out and "Ingenting er endret." in out, out
    return out


def case_changes(ws: Workspace) -> str:
    text = document_text(ws.outbox / "Saksframlegg.docx")
    return text[text.index("Endringer siden forrige behandling"):text.index("Konklusjon")]


def test_a_mistyped_unit_is_mapped_corrected_withdrawn_and_undone_and_every_step_is_in_the_change_list(ws, make_form):
    drop(ws, unit_form(make_form, CONFIGURED, "xalfa"),
         unit_form(make_form, "Fjordvik sykehjem", "sykehjem", area="Helse og omsorg"),
         unit_form(make_form, HYPHEN, "xbeta", measures=2))
    out = ok(ws, "run")
    assert f"VENTER PÅ SEKRETARIATET  {HYPHEN}-xbeta.xlsx: «{HYPHEN}», innlevering 3" in out
    assert f'iktplan koble-enhet 3 --til "{CONFIGURED}" --grunn "{REASON}"' in out
    status = ok(ws, "status")
    assert re.search(rf"^{CONFIGURED}\s+Oppvekst og utdanning\s+1\s+1\s", status, re.MULTILINE), status
    assert f"Innlevering 3 fra «{HYPHEN}»" in status and "ligner «Fjordvik barneskole»" in status
    assert "2 av 8 enheter" in document_text(ws.outbox / "Saksframlegg.docx")
    ok(ws, "publiser")  # the change list counts from the version last sent

    # Mapped: the held form is the unit's revision 2, with a new receipt, and the documents say so.
    out = ok(ws, "koble-enhet", "3", "--til", CONFIGURED.upper(), "--grunn", REASON)
    sentence = f"Sekretariatet koblet «{HYPHEN}» til {CONFIGURED} {TODAY}: {REASON}"
    assert f"Handling 1 er registrert: {sentence}" in out and "Dokumentene er nå versjon 2" in out
    judged = [p for p in ws.receipts.iterdir() if p.name.endswith("godkjent etter vurdering.txt")]
    assert len(judged) == 1 and "GODKJENT etter sekretariatets vurdering – registrert som revisjon 2" in \
        judged[0].read_text("utf-8-sig")
    changes = case_changes(ws)
    assert f"Sekretariatets vurderinger:\n{sentence}" in changes
    assert f"{CONFIGURED}: revisjon 1 → 2" in changes
    strategy = document_text(ws.outbox / "IKT-strategi.docx")
    assert "xbeta" in strategy and "xalfa" not in strategy and HYPHEN not in strategy
    assert "2 av 8 enheter" in document_text(ws.outbox / "Saksframlegg.docx")

    # The unit corrects its name: one row, revision 3, nothing waits.
    drop(ws, unit_form(make_form, CONFIGURED, "xgamma"))
    ok(ws, "run")
    status = ok(ws, "status")
    assert re.search(rf"^{CONFIGURED}\s+Oppvekst og utdanning\s+3\s+4\s", status, re.MULTILINE), status
    assert HYPHEN not in status.split("Sekretariatets handlinger")[0] and "Venter på sekretariatet" not in status

    ok(ws, "publiser")  # version 3 sent: the withdrawal's change list counts from it

    # Withdrawn: revision 2 counts again; undone: revision 3 again.
    out = ok(ws, "trekk-tilbake", "4", "--grunn", "sendt ved en feil")
    assert f"trakk tilbake innlevering 4 ({CONFIGURED}, revisjon 3) {TODAY}: sendt ved en feil" in out
    assert "xbeta" in document_text(ws.outbox / "IKT-strategi.docx")
    assert f"{CONFIGURED}: revisjon 3 → 2" in case_changes(ws)
    out = ok(ws, "angre", "2", "--grunn", "det var riktig skjema")
    assert "Handling 3 er registrert: Sekretariatet angret handling 2 (trakk tilbake innlevering 4" in out
    assert "xgamma" in document_text(ws.outbox / "IKT-strategi.docx")
    status = ok(ws, "status")
    assert "Sekretariatets handlinger (3):" in status
    assert re.search(r"^\s+2 .*trakk tilbake innlevering 4 .* – sendt ved en feil  \(angret ved handling 3\)$",
                     status, re.MULTILINE), status
    assert re.search(rf"^{CONFIGURED}\s+Oppvekst og utdanning\s+3\s+4\s", status, re.MULTILINE), status

    # What the secretariat cannot do, said in Norwegian, and nothing recorded.
    assert "Det finnes ingen innlevering 99" in refused(ws, "trekk-tilbake", "99", "--grunn", "x")
    assert "kan ikke angres" in refused(ws, "angre", "3", "--grunn", "x")
    assert "er allerede angret" in refused(ws, "angre", "2", "--grunn", "x")
    assert "står i [[enheter]]" in refused(ws, "koble-enhet", CONFIGURED, "--til", "Fjordvik sykehjem", "--grunn", "x")
    assert "har allerede koblet" in refused(ws, "koble-enhet", HYPHEN, "--til", "Fjordvik sykehjem", "--grunn", "x")
    assert "Skriv hvorfor med --grunn" in refused(ws, "trekk-tilbake", "1", "--grunn", "  ")
    code, out = cli(ws.root, "trekk-tilbake", "1")
    assert code == 2 and "--grunn" in out and "Traceback" not in out
    assert "Sekretariatets handlinger (3):" in ok(ws, "status")


def test_a_new_unit_is_accepted_and_the_list_entry_to_add_is_shown(ws, make_form):
    drop(ws, unit_form(make_form, "Fjordvik kulturskole", "ny", area="Kultur og fritid"))
    assert "Innlevering 1 fra «Fjordvik kulturskole»" in ok(ws, "run")
    out = ok(ws, "godta-enhet", "Fjordvik KULTURSKOLE", "--grunn", "ny enhet fra 2027")
    assert f"Sekretariatet godtok «Fjordvik kulturskole» som ny enhet {TODAY}: ny enhet fra 2027" in out
    assert '[[enheter]]\n  navn = "Fjordvik kulturskole"\n  tjenesteomrade = "Kultur og fritid"' in out
    assert "Dokumentene er nå versjon 2" in out
    assert "Fjordvik kulturskole" in document_text(ws.outbox / "IKT-strategi.docx")
    status = ok(ws, "status")
    assert re.search(r"^Fjordvik kulturskole \(ikke i listen\)\s+Kultur og fritid\s+1\s+1\s", status, re.MULTILINE)


# --- a command killed at any step -------------------------------------------------------------


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="trenger SIGKILL (POSIX)")
@pytest.mark.parametrize("point", ["sekretariat.recorded", "sekretariat.journal-written",
                                   "sekretariat.receipt-written", "store.before-commit"])
def test_a_command_killed_at_any_step_is_finished_by_the_next_run(tmp_path, blank_form, make_form, point):
    ws = init_workspace(tmp_path / "ws")
    shutil.copyfile(blank_form, ws.blank_form)
    drop(ws, unit_form(make_form, CONFIGURED, "xalfa"), unit_form(make_form, HYPHEN, "xbeta"))
    ok(ws, "run")
    code, out = finish(run_cli(ws.root, "koble-enhet", "2", "--til", CONFIGURED, "--grunn", REASON,
                               env={"IKTPLAN_FAULT": point}))
    assert code == -signal.SIGKILL, out
    recorded = point != "store.before-commit"
    out = ok(ws, "run")
    journal = sorted(ws.actions.glob("*.json")) if ws.actions.is_dir() else []
    receipts = [p for p in ws.receipts.iterdir() if p.name.endswith("godkjent etter vurdering.txt")]
    if not recorded:  # killed before the commit: nothing happened, and the command can simply be given again
        assert journal == [] and receipts == [] and "Venter på sekretariatet" in out
        ok(ws, "koble-enhet", "2", "--til", CONFIGURED, "--grunn", REASON)
        journal = sorted(ws.actions.glob("*.json"))
        receipts = [p for p in ws.receipts.iterdir() if p.name.endswith("godkjent etter vurdering.txt")]
    assert [json.loads(p.read_text("utf-8"))["kind"] for p in journal] == ["koble"]
    assert len(receipts) == 1 and "xbeta" in document_text(ws.outbox / "IKT-strategi.docx")
    assert "Sekretariatets handlinger (1):" in ok(ws, "status")
    assert "har allerede koblet" in refused(ws, "koble-enhet", "2", "--til", CONFIGURED, "--grunn", REASON)
    assert not [p for p in ws.root.rglob(".~tmp-*") if ws.staging not in p.parents]
