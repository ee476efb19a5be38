"""The store, against both backends (``backend``: SQLite, and a real PostgreSQL server started
by the tests) where the behaviour is the interface's, and SQLite's own where it is SQLite's."""

import sqlite3
from datetime import datetime, timezone

import pytest

from pipeline.core.model import FormContent, Provenance, UnitInfo, Measure, Period
from pipeline.core.submission import SubmissionStatus
from pipeline.errors import StoreError
from pipeline.intake.store import Store
from support.stores import open_test_store

WHEN = datetime(2027, 3, 1, 12, 0, tzinfo=timezone.utc)


def content(name="Fjordvik barneskole", title="Nytt nettverk") -> FormContent:
    unit = UnitInfo("Fjordvik kommune", name, "Oppvekst og utdanning", "Kari", "kari@fjordvik.kommune.no", None, "1.0")
    m = Measure(1, title, "Beskrivelse & <mer>", "D4", (1, 2), 100_000, 5_000, 20_000, None, Period(2027, "Vår"),
                6, "Per", None, "Lav", "Quick win", None, Provenance("Tiltak", 2))
    return FormContent(unit=unit, measures=(m,))


def add(store, sha, status=SubmissionStatus.ACCEPTED, c=None, **kw):
    c = c or content()
    accepted = status == SubmissionStatus.ACCEPTED
    return store.add_submission(received_at=WHEN, original_name="x.xlsx", sha256=sha, size=10, status=status,
                                unit_key=c.key if accepted else kw.pop("unit_key", None),
                                unit_name=c.unit.name, stored_path="p", content=c if accepted else None, **kw)


def test_revisions_count_per_unit(backend, tmp_path):
    with open_test_store(backend, tmp_path) as s:
        assert add(s, "a").revision == 1
        assert add(s, "b").revision == 2
        assert add(s, "c", c=content("Hjemmetjenesten")).revision == 1
        assert add(s, "d", status="avvist", errors=["feil"]).revision is None
        assert add(s, "e").revision == 3


def test_latest_accepted_round_trips_the_parsed_content(backend, tmp_path):
    with open_test_store(backend, tmp_path) as s:
        add(s, "a", c=content(title="Første"))
        add(s, "b", c=content(title="Andre"))
        [latest] = s.latest_accepted()
    assert latest.revision == 2
    assert latest.content == content(title="Andre")


def test_store_survives_reopening_and_uses_a_durable_journal(tmp_path):
    path = tmp_path / "db.sqlite"
    with Store(path) as s:
        add(s, "a")
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    with Store(path) as s:
        assert [r.sha256 for r in s.submissions()] == ["a"]
        # synchronous is per connection: every connection must ask for FULL (WAL alone may
        # lose the last commits in a power cut); journal_mode is stored in the file.
        assert s.db.execute("PRAGMA synchronous").fetchone()[0] == 2
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_failed_transaction_leaves_the_old_state(backend, tmp_path):
    with open_test_store(backend, tmp_path) as s:
        add(s, "a")
        with pytest.raises(StoreError, match="avviste en endring"):  # every database error is in Norwegian
            add(s, "b", status="nonsense")
        assert [r.sha256 for r in s.submissions()] == ["a"]


def test_versions_are_recorded_in_order(backend, tmp_path):
    with open_test_store(backend, tmp_path) as s:
        assert s.latest_version() is None
        s.add_version(1, WHEN, "f1", {"tiltak": {}})
        s.add_version(2, WHEN, "f2", {"tiltak": {"A-1": {"tittel": "Æ & <ø>"}}})
        v = s.latest_version()
    assert (v.number, v.fingerprint, v.snapshot["tiltak"]["A-1"]["tittel"]) == (2, "f2", "Æ & <ø>")


def test_the_version_sent_to_political_treatment_is_marked_and_unmarked(backend, tmp_path):
    sent_at = datetime(2027, 3, 2, 9, 30, tzinfo=timezone.utc)
    with open_test_store(backend, tmp_path) as s:
        for n in (1, 2, 3):
            s.add_version(n, WHEN, f"f{n}", {"n": n})
        assert s.last_published() is None and s.latest_version().published_at is None
        s.set_published(2, sent_at)
        assert s.published() == [(2, sent_at)]
        last = s.last_published()
        assert (last.number, last.snapshot, last.published_at) == (2, {"n": 2}, sent_at)
        assert s.last_published(before=2) is None
        s.set_run_input(3, {"token": "t"})
        s.set_published(2, None, stale=3)  # taken away: the draft that compared with it is made again
        assert s.last_published() is None
        assert s.latest_version().fingerprint == "" and s.run_input() is None
        with pytest.raises(StoreError, match="Versjon 9 finnes ikke"):
            s.set_published(9, sent_at)


# --- durability and failures ------------------------------------------------------------------

_ADD_ONE = """
import sys
from datetime import datetime, timezone
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from pipeline.core.submission import SubmissionStatus
from support.stores import open_test_store
with open_test_store(sys.argv[1], Path(sys.argv[3])) as s:
    s.add_submission(received_at=datetime(2027, 3, 1, tzinfo=timezone.utc), original_name="x.xlsx", sha256="b",
                     size=1, status=SubmissionStatus.REJECTED, unit_key=None, unit_name=None, stored_path="p", errors=["feil"])
"""


@pytest.mark.parametrize("point, survives", [("store.before-commit", False), ("store.committed", True)])
def test_a_process_killed_around_a_commit_leaves_the_old_or_the_new_state(backend, tmp_path, point, survives):
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    tests = Path(__file__).resolve().parents[1]
    with open_test_store(backend, tmp_path) as s:
        add(s, "a")
    env = {**os.environ, "IKTPLAN_FAULT": point, "PYTHONPATH": str(tests.parent)}
    done = subprocess.run([sys.executable, "-c", _ADD_ONE, backend, str(tests), str(tmp_path)], env=env,
                          capture_output=True, timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr
    with open_test_store(backend, tmp_path) as s:
        if backend == "sqlite":
            assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [r.sha256 for r in s.submissions()] == (["a", "b"] if survives else ["a"])


def test_a_full_store_is_a_norwegian_error_and_keeps_the_old_state(tmp_path):
    from pipeline.errors import StoreError

    with Store(tmp_path / "db.sqlite") as s:
        add(s, "a")
        pages = s.db.execute("PRAGMA page_count").fetchone()[0]
        s.db.execute(f"PRAGMA max_page_count = {pages + 1}")  # SQLite's own «database or disk is full»
        big = content(title="x" * 50_000)
        with pytest.raises(StoreError, match="disken er full") as exc:
            add(s, "b", c=big)
        assert "Ingen innleverte filer er tapt" in str(exc.value)
        assert [r.sha256 for r in s.submissions()] == ["a"]
        add(s, "c")  # still usable


def test_opening_the_store_does_not_wait_for_a_writer(tmp_path):
    import time

    path = tmp_path / "db.sqlite"
    with Store(path) as s:
        add(s, "a")
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM submissions")
    try:
        start = time.perf_counter()
        with Store(path) as s:
            assert [r.sha256 for r in s.submissions()] == ["a"]  # the committed state, not the half-done one
        assert time.perf_counter() - start < 2
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def _reference_dict(value):
    """``FormContent.to_dict`` as it was first written: asdict, then dates and tuples made plain."""
    import dataclasses
    from datetime import date

    def plain(v):
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        return v.isoformat() if isinstance(v, date) else v

    return plain(dataclasses.asdict(value))


def test_stored_content_is_the_same_json_as_before_and_reads_back_equal(blank_form, tmp_path, config):
    import json

    from pipeline.demo.forms import all_forms
    from pipeline.forms.formfill import fill_form
    from pipeline.forms.reader import read_workbook
    from pipeline.forms.validation import validate

    for i, entry in enumerate(all_forms()):
        result = validate(read_workbook(fill_form(blank_form, tmp_path / f"{i}.xlsx", **entry["form"])), config)
        if result.content is None:
            continue
        data = result.content.to_dict()
        assert json.dumps(data, ensure_ascii=False) == json.dumps(_reference_dict(result.content), ensure_ascii=False)
        assert FormContent.from_dict(json.loads(json.dumps(data))) == result.content


def test_the_latest_run_input_is_kept_with_its_version(backend, tmp_path):
    with open_test_store(backend, tmp_path) as store:
        assert store.run_input() is None and store.latest_version_number() is None
        store.add_version(1, datetime.now(timezone.utc), "fp", {"format": 1}, {"token": "a", "summary": {}})
        assert store.run_input() == {"token": "a", "summary": {}, "version": 1}
        store.set_run_input(1, {"token": "b", "summary": {}})
        assert store.run_input()["token"] == "b"
        store.add_version(2, datetime.now(timezone.utc), "fp2", {"format": 1})
        assert store.latest_version_number() == 2 and store.run_input()["version"] == 1
    with open_test_store(backend, tmp_path) as store:  # kept across opening
        assert store.run_input()["token"] == "b"


def test_every_status_is_kept_as_its_word_and_read_back_as_the_status(backend, tmp_path):
    # Existing stores hold the words, and their CHECK constraint names them.
    assert [s.value for s in SubmissionStatus] == ["godkjent", "avvist", "duplikat", "holdt"]
    with open_test_store(backend, tmp_path) as s:
        for i, status in enumerate(SubmissionStatus):
            add(s, f"sha{i}", status=status, errors=["feil"] if status == SubmissionStatus.REJECTED else [])
        raw = [r["status"] for r in s._rows("SELECT status FROM submissions ORDER BY id")]
        records = s.submissions()
    assert raw == ["godkjent", "avvist", "duplikat", "holdt"]
    assert [r.status for r in records] == list(SubmissionStatus)
    assert all(type(r.status) is SubmissionStatus for r in records)


_WRITER = """
import sys
from datetime import datetime, timezone
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from support.models import measure
from pipeline.core.submission import SubmissionStatus
from pipeline.core.model import FormContent, UnitInfo
from support.stores import open_test_store
unit = UnitInfo("Fjordvik kommune", "Fjordvik barneskole", "Oppvekst", "Kari", "k@x.no", None, "1.0")
with open_test_store(sys.argv[1], Path(sys.argv[3])) as s:
    for i in range(int(sys.argv[5])):
        c = FormContent(unit=unit, measures=(measure(1, f"{sys.argv[4]}-{i}"),))
        s.add_submission(received_at=datetime.now(timezone.utc), original_name="x.xlsx", sha256=f"{sys.argv[4]}-{i}",
                         size=1, status=SubmissionStatus.ACCEPTED, unit_key=c.key, unit_name=c.unit.name, stored_path="p", content=c)
"""


def test_writers_at_once_never_lose_or_repeat_a_revision(backend, tmp_path):
    """Four processes recording revisions of the same unit at the same time (no workspace lock:
    the store alone must hold): every revision recorded, numbered 1..N without a gap."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    tests = Path(__file__).resolve().parents[1]
    with open_test_store(backend, tmp_path):
        pass  # made (and migrated) once, before the writers race
    env = {**os.environ, "PYTHONPATH": str(tests.parent)}
    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, backend, str(tests), str(tmp_path), f"w{n}", "15"],
                                env=env, stderr=subprocess.PIPE, text=True) for n in range(4)]
    for w in writers:
        assert w.wait(120) == 0, w.stderr.read()
        w.stderr.close()
    with open_test_store(backend, tmp_path) as s:
        records = s.submissions()
    assert len(records) == 60
    assert sorted(r.revision for r in records) == list(range(1, 61))


# --- unit keys made by an older normaliser (issue 10, item 5) ------------------------


def test_a_store_keyed_by_the_old_normaliser_combines_invisible_spellings_into_one_unit(tmp_path, config):
    import dataclasses

    from pipeline.core.model import combine
    from pipeline.intake.status import unit_statuses
    from support.stores import TEKNISK_DRIFT, key_version_1, store_with_version_1_keys

    forms = [dataclasses.replace(content(name, title=f"Tiltak {i}"),
                                 unit=dataclasses.replace(content().unit, name=name, service_area="Teknisk og eiendom"))
             for i, name in enumerate([TEKNISK_DRIFT[1], TEKNISK_DRIFT[0], TEKNISK_DRIFT[2], TEKNISK_DRIFT[3]])]
    path = tmp_path / "db.sqlite"
    store_with_version_1_keys(path, forms)
    with sqlite3.connect(path) as db:  # as the old program left it: four units, each revision 1
        assert sorted(db.execute("SELECT unit_key, revision FROM submissions")) == sorted(
            (key_version_1(f.unit.name), 1) for f in forms)

    with Store(path) as s:
        [latest] = s.latest_accepted()
        assert (latest.unit_key, latest.revision, latest.content) == ("teknisk drift", 4, forms[-1])
        assert [(r.unit_key, r.revision) for r in s.submissions()] == [("teknisk drift", n) for n in (1, 2, 3, 4)]
        model = combine(config, s.latest_accepted())
        assert [u.name for u in model.units] == ["Teknisk drift"]  # shown without the byte order mark
        assert [m.title for m in model.measures] == ["Tiltak 3"]
        [status] = [u for u in unit_statuses(config, s) if u.revision is not None]
        assert (status.name, status.revision, status.expected) == ("Teknisk drift", 4, True)
        assert add(s, "ny", c=forms[0]).revision == 5  # the next revision continues the merged count


def test_re_keying_happens_once_and_changes_the_state_token(tmp_path):
    from support.stores import store_with_version_1_keys

    path = tmp_path / "db.sqlite"
    store_with_version_1_keys(path, [content("Tek\u00adnisk drift"), content("Teknisk drift")])
    with sqlite3.connect(path) as db:
        old_token = "{}:{}".format(*db.execute("SELECT COUNT(*), MAX(id) FROM submissions").fetchone())
    with Store(path) as s:
        token = s.state_token()
        rows = [(r.id, r.unit_key, r.revision) for r in s.submissions()]
    assert token != old_token  # so the next run builds the model again instead of keeping the old documents
    with Store(path) as s:
        assert [(r.id, r.unit_key, r.revision) for r in s.submissions()] == rows == [(1, "teknisk drift", 1),
                                                                                   (2, "teknisk drift", 2)]
        assert s.state_token() == token


def test_a_new_store_needs_no_re_keying(tmp_path):
    from pipeline.identity import KEY_VERSION

    with Store(tmp_path / "db.sqlite") as s:
        assert s.db.execute("SELECT value FROM meta WHERE key = 'unit_keys'").fetchone()[0] == str(KEY_VERSION)
