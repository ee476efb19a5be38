"""The measurements the scale benchmark adds for issue 18: the writing floor,
the import-time summary and the ratios against the targets."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from docx import Document
from openpyxl import Workbook

from benchmarks import issue18


def _documents(folder):
    folder.mkdir()
    doc = Document()
    for i in range(200):
        doc.add_paragraph(f"Tiltak {i}: nye elev-PC-er med Microsoft 365 og Feide.")
    doc.save(folder / "Tiltaksbeskrivelser.docx")
    wb = Workbook()
    for i in range(1, 300):
        wb.active.append([i, f"Tiltak {i}", 100_000 + i])
    wb.save(folder / "Samlet-oversikt.xlsx")
    return folder


def test_the_documents_are_written_again_with_the_same_parts_and_compression(tmp_path):
    source = _documents(tmp_path / "ut") / "Tiltaksbeskrivelser.docx"
    parts = issue18.read_parts(source)
    issue18.write_parts(parts, tmp_path / "igjen.docx")
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(tmp_path / "igjen.docx") as b:
        assert [i.filename for i in a.infolist()] == [i.filename for i in b.infolist()]
        assert [i.compress_type for i in a.infolist()] == [i.compress_type for i in b.infolist()]
        assert all(a.read(n) == b.read(n) for n in a.namelist())
    assert Document(tmp_path / "igjen.docx").paragraphs[5].text.startswith("Tiltak 5:")


def test_the_writing_floor_times_every_word_and_excel_document_of_the_run(tmp_path):
    folder = _documents(tmp_path / "ut")
    (folder / "Saksframlegg.pdf").write_bytes(b"%PDF-1.4\n")  # not a zip package: not written again
    result = issue18.write_floor(folder)
    assert set(result["documents"]) == {"Tiltaksbeskrivelser.docx", "Samlet-oversikt.xlsx"}
    assert result["write_docx_s"] > 0 and result["write_xlsx_s"] > 0
    assert result["write_s"] == result["write_docx_s"] + result["write_xlsx_s"]
    unpacked = sum(len(d) for name in result["documents"] for _, d in issue18.read_parts(folder / name))
    assert sum(d["xml_bytes"] for d in result["documents"].values()) == unpacked


def test_only_the_current_documents_are_kept_not_the_archive(tmp_path):
    outbox = _documents(tmp_path / "outbox")
    (outbox / "arkiv" / "v1").mkdir(parents=True)
    (outbox / "arkiv" / "v1" / "Gammel.docx").write_bytes(b"PK")
    (outbox / ".iktplan-tmp.docx").write_bytes(b"PK")
    kept = issue18.keep_documents(outbox, tmp_path / "kopi")
    assert sorted(p.name for p in kept) == ["Samlet-oversikt.xlsx", "Tiltaksbeskrivelser.docx"]


def test_import_time_is_summarised_per_top_level_import_and_per_package():
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import json, email.message"],
                          capture_output=True, text=True, check=True)
    summary = issue18.summarise_importtime(done.stderr, top=100)
    top = dict(summary["top_level"])
    assert "json" in top and "email.message" in top
    assert summary["total_s"] >= top["json"] + top["email.message"] - 0.002
    packages = summary["packages"]
    assert {"email", "json", "encodings"} <= {name for name, _ in packages}
    assert [s for _, s in packages] == sorted((s for _, s in packages), reverse=True)
    assert summary["modules"] >= len(summary["top_level"])


def _size(units, cold, revision, floor_write, main=200.0, worker=40.0, command=0.5, cpu=None):
    run = {"main_rss_mb": main, "worker_rss_mb": worker, "workers": 1}
    return {"units": units,
            "cold": {**run, "run_s": cold, "cpu_s": cpu},
            "revision": {**run, "run_s": revision},
            "nochange": {**run, "run_s": 0.01, "command_s": command},
            "floor": {"floor_write_s": floor_write}}


def test_ratios_are_measured_against_issue_18s_targets():
    small = _size(25, cold=5.0, revision=2.0, floor_write=1.0)
    big = _size(200, cold=44.0, revision=13.2, floor_write=29.4, main=250.0, worker=49.0, command=0.39, cpu=66.0)
    r = issue18.ratios(big, small)
    assert r["revision_over_cold"] == 13.2 / 44.0 and r["met"]["revision_over_cold"] is True
    assert abs(r["cold_over_write_floor"] - 44.0 / 29.4) < 1e-12 and r["met"]["cold_over_write_floor"] is True
    assert r["peak_rss_mb"] == 299.0 and r["met"]["peak_rss_mb"] is True
    assert abs(r["per_unit_growth"] - (44.0 / 200) / (5.0 / 25)) < 1e-12 and r["met"]["per_unit_growth"] is True
    assert r["met"]["command_s"] is True and r["cpu_over_wall"] == 1.5
    worse = issue18.ratios(_size(200, cold=50.0, revision=15.1, floor_write=30.0, main=250.0, worker=50.0, command=0.4), small)
    assert not any(worse["met"].values())
    assert issue18.ratios(small, None)["met"]["per_unit_growth"] is None
