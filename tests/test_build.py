"""The build's rerun: a run with nothing new makes no new version and builds
no model, yet still puts back a missing document and makes missing PDFs; any
change to the submissions, the configuration or a template is still seen."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from pipeline import build
from pipeline.intake.store import Store
from support.documents import DOCUMENTS, OVERVIEW_NAME
from pipeline.workspace import init_workspace


@pytest.fixture
def ws(tmp_path, make_form):
    ws = init_workspace(tmp_path / "ws")
    shutil.copyfile(make_form("Skjema skole.xlsx"), ws.inbox / "Skjema skole.xlsx")
    first = build.run(ws)
    assert first.new_version and first.version == 1 and first.built
    return ws


def test_a_rerun_with_nothing_new_builds_nothing_and_makes_no_version(ws):
    before = {p.name: p.stat().st_mtime_ns for p in ws.outbox.iterdir() if p.is_file()}
    report = build.run(ws)
    assert (report.new_version, report.version, report.built) == (False, 1, False)
    assert report.outputs == [] and report.outcomes == []
    assert set(report.timings) == {"inntak"}
    assert {p.name: p.stat().st_mtime_ns for p in ws.outbox.iterdir() if p.is_file()} == before
    with Store(ws.database) as store:
        assert store.latest_version_number() == 1


def test_the_summary_and_the_model_of_a_rerun_are_those_of_a_full_run(ws):
    full = build.run(ws, ready=lambda path: True)
    rerun = build.run(ws)
    assert not rerun.built
    model, assessment = build.load_model(ws)  # built when asked for
    assert rerun.summary == build.RunSummary.of(model, assessment)
    assert [u.name for u in model.units] == ["Fjordvik barneskole"]
    assert rerun.summary.measures == len(model.measures) == 3
    assert rerun.summary == full.summary


def test_a_deleted_document_is_put_back_from_the_archive_without_a_new_version(ws):
    for name in (DOCUMENTS[1], OVERVIEW_NAME):
        (ws.outbox / name).unlink()
    report = build.run(ws)
    assert (report.new_version, report.version, report.built) == (False, 1, False)
    assert sorted(p.name for p in report.outputs) == sorted([DOCUMENTS[1], OVERVIEW_NAME])
    for name in (DOCUMENTS[1], OVERVIEW_NAME):
        assert (ws.outbox / name).read_bytes() == (ws.outbox / "arkiv" / "v1" / name).read_bytes()


def test_pdfs_are_made_for_the_current_version_on_a_rerun(ws, monkeypatch):
    from pipeline.documents import pdf

    asked = []

    def fake_convert(documents, out_dir):
        asked.extend(p.name for p in documents)
        out_dir.mkdir(parents=True, exist_ok=True)
        made = []
        for p in documents:
            target = out_dir / p.with_suffix(".pdf").name
            target.write_bytes(b"%PDF-1.4 " + p.name.encode())
            made.append(target)
        return made

    monkeypatch.setattr(pdf, "convert_to_pdf", fake_convert)
    report = build.run(ws, pdf=True)
    assert (report.new_version, report.built) == (False, False)
    assert asked == list(DOCUMENTS)
    for name in DOCUMENTS:
        pdf_name = name.replace(".docx", ".pdf")
        assert (ws.outbox / pdf_name).is_file() and (ws.outbox / "arkiv" / "v1" / pdf_name).is_file()
    asked.clear()
    build.run(ws, pdf=True)
    assert asked == []  # all there already


def test_a_changed_template_makes_a_new_version(ws):
    template = ws.templates / DOCUMENTS[2]
    data = template.read_bytes()
    with zipfile.ZipFile(template, "a") as z:
        z.comment = b"endret"  # other bytes, the same document
    assert template.read_bytes() != data
    report = build.run(ws)
    assert (report.new_version, report.version, report.built) == (True, 2, True)
    assert report.changes is not None and report.changes.empty
    assert build.run(ws).built is False


def test_a_changed_configuration_makes_a_new_version(ws):
    with open(ws.config_path, "a", encoding="utf-8") as f:
        f.write("\n# endret av sekretariatet\n")
    report = build.run(ws)
    assert (report.new_version, report.version) == (True, 2)


def _measure(nr: int, title: str) -> dict:
    from pipeline.forms.formfill import example_unit

    return {**example_unit()["measures"][0], "Nr": nr, "Tiltak": title}


def test_a_new_revision_makes_a_new_version(ws, make_form):
    form = make_form("Skjema skole v2.xlsx", measures=[_measure(1, "Bare ett tiltak nå")])
    shutil.copyfile(form, ws.inbox / form.name)
    report = build.run(ws)
    assert (report.new_version, report.version, report.built) == (True, 2, True)
    assert [m.title for m in report.model.measures] == ["Bare ett tiltak nå"]


def test_a_duplicate_builds_the_model_once_then_reruns_are_quick_again(ws):
    [kept] = ws.submissions.iterdir()
    shutil.copyfile(kept, ws.inbox / "samme skjema igjen.xlsx")
    report = build.run(ws)
    assert [o.status for o in report.outcomes] == ["duplikat"]
    assert (report.new_version, report.version, report.built) == (False, 1, True)
    assert build.run(ws).built is False


def test_a_file_not_ready_waits_and_the_rerun_stays_quick(ws, make_form):
    form = make_form("Skjema skole v2.xlsx", measures=[_measure(1, "Nytt")])
    waiting = ws.inbox / form.name
    shutil.copyfile(form, waiting)
    report = build.run(ws, ready=lambda path: False)
    assert (report.new_version, report.built, report.outcomes) == (False, False, [])
    assert waiting.exists()
    assert build.run(ws).new_version is True


def test_a_store_from_before_the_input_was_recorded_builds_the_model_once(ws):
    with Store(ws.database) as store, store.transaction():
        store.db.execute("DELETE FROM meta WHERE key = 'run_input'")
    report = build.run(ws)
    assert (report.new_version, report.version, report.built) == (False, 1, True)
    assert build.run(ws).built is False


def test_an_input_recorded_for_an_older_version_is_not_trusted(ws):
    with Store(ws.database) as store:
        recorded = store.run_input()
        assert recorded["version"] == 1
        store.set_run_input(0, recorded)
    assert build.run(ws).built is True


def test_a_rerun_with_nothing_new_loads_no_word_or_chart_library(ws):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    script = (
        "import sys\n"
        "from pipeline import build\n"
        "from pipeline.workspace import open_workspace\n"
        f"report = build.run(open_workspace({str(ws.root)!r}))\n"
        "assert not report.built and not report.new_version\n"
        "heavy = [m for m in ('matplotlib', 'docxtpl', 'docx', 'jinja2', 'pipeline.core.assessment') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


#: What a rerun with nothing new needs none of: the readers, the Word, chart and
#: spreadsheet libraries, the assessment (a root package, or one module of ours).
HEAVY = ("openpyxl", "numpy", "lxml", "docx", "docxtpl", "jinja2", "matplotlib", "python_calamine", "defusedxml",
         "pipeline.core.assessment", "pipeline.forms.reader", "pipeline.intake.worker", "pipeline.documents.rendering")


def test_the_whole_command_with_nothing_new_loads_no_heavy_module(ws):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    script = (
        "import runpy, sys\n"
        f"sys.argv = ['iktplan', '-w', {str(ws.root)!r}, 'run']\n"
        "try:\n"
        "    runpy.run_module('pipeline', run_name='__main__', alter_sys=True)\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} or m in {HEAVY!r})\n"
        "print('LOADED', heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stdout.splitlines(), done.stdout
    assert "versjon 1" in done.stdout  # it did run: the current version stays


# --- one unit, whatever invisible characters its name carries (issue 10, item 5) ------


def _teknisk_drift(make_form, name: str, tag: str):
    """A form from «Teknisk drift» typed as *name*, its measures' titles ending in *tag*."""
    from pipeline.forms.formfill import example_unit

    data = example_unit()
    data["unit"] = {**data["unit"], "enhet": name, "tjenesteomrade": "Teknisk og eiendom"}
    for m in data["measures"]:
        m["Tiltak"] = f"{m['Tiltak']} {tag}"
    return make_form(f"teknisk-{tag}.xlsx", **data)


def _assert_one_teknisk_drift(ws, report, old_tags, tag):
    from support.documents import document_text

    assert [u.name for u in report.model.units] == ["Teknisk drift"]
    assert [m.title.rsplit(" ", 1)[1] for m in report.model.measures] == [tag] * 3
    for name in DOCUMENTS:
        text = document_text(ws.outbox / name)
        assert f"Felles skoleplattform for foreldre og elever {tag}" in text, name
        if name == "Saksframlegg.docx":
            continue  # its list of changes since the last version names the old titles, rightly
        for old in old_tags:
            assert f" {old}" not in text, (name, old)  # the superseded revisions' measures are gone
    [row] = [u for u in build.status(ws).units if u.revision is not None]
    assert (row.name, row.revision, row.expected) == ("Teknisk drift", len(old_tags) + 1, True)


def test_three_invisible_spellings_of_a_unit_are_one_unit_with_one_set_of_measures(tmp_path, make_form):
    from support.stores import TEKNISK_DRIFT

    ws = init_workspace(tmp_path / "ws")
    tags = ["(A)", "(B)", "(C)"]
    for spelling, tag in zip(TEKNISK_DRIFT[1:], tags):  # zero-width space, soft hyphen, byte order mark
        form = _teknisk_drift(make_form, spelling, tag)
        shutil.copyfile(form, ws.inbox / form.name)
        report = build.run(ws)
        assert [o.record.status for o in report.outcomes] == ["godkjent"]
    assert report.new_version and report.version == 3
    _assert_one_teknisk_drift(ws, report, tags[:2], tags[2])


def test_a_store_keyed_before_the_normaliser_builds_documents_with_one_unit(tmp_path, make_form, config):
    import dataclasses

    from pipeline.forms.reader import read_workbook
    from pipeline.forms.validation import validate
    from support.stores import TEKNISK_DRIFT, store_with_version_1_keys

    ws = init_workspace(tmp_path / "ws")
    tags = ["(A)", "(B)", "(C)", "(D)"]
    forms = []
    for spelling, tag in zip(TEKNISK_DRIFT, tags):
        content = validate(read_workbook(_teknisk_drift(make_form, spelling, tag)), config).content
        # the old validation kept the name as typed, invisible characters and all
        forms.append(dataclasses.replace(content, unit=dataclasses.replace(content.unit, name=spelling)))
    store_with_version_1_keys(ws.database, forms)
    report = build.run(ws)
    assert report.new_version and report.version == 1
    _assert_one_teknisk_drift(ws, report, tags[:3], tags[3])
