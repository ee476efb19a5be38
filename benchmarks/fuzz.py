"""Fuzz the intake with mutations of real, valid forms.

Every input goes through :func:`pipeline.intake.receive.receive_bytes` into a real
workspace and store, exactly as a file from the inbox. An input must end as a
recorded submission with its bytes kept and a receipt written. Counted:

* crash — ``receive_bytes`` raised (the run would have stopped);
* hang  — the parse worker hit its time limit (code ``timeout``), or the whole
  input took longer than the limit plus a margin;
* loss  — no record, kept bytes that differ from the input, or no receipt;
* parser — the worker died or a library raised (codes ``crash``,
  ``parser-error``, ``memory``): handled (the file is quarantined), but worth a
  look, so they are listed.

Usage::

    python benchmarks/fuzz.py --count 2000 --seconds 600 [--seed 1] [--workspace DIR] [--store 60]

``--store N`` also damages the store file N times (:data:`STORE_MUTATIONS`:
emptied, cut short, pages overwritten or torn, the header overwritten) and runs
``iktplan run`` on each as a real process: a clean Norwegian error that names the
store (after which ``iktplan gjenopprett-lager`` gives back the same model) or a
correct run, never a traceback, a lost form or an overwritten archive.

The mutations (:data:`MUTATIONS`) change bytes inside zip entries (and re-zip),
change XML tokens, truncate, reorder entries, flip bytes in the central
directory or anywhere, duplicate, drop or splice entries, and lie about sizes.
``tests/intake/test_fuzz.py`` runs a bounded number of them in the normal test run.
Names (file names in the inbox, attachment names in e-mail) are fuzzed by
``benchmarks/fuzz_names.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import re
import struct
import sys
import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.intake import receive as intake_module  # noqa: E402
from pipeline.intake import worker as worker_module  # noqa: E402
from pipeline.errors import StoreError  # noqa: E402
from pipeline.intake.store import Store  # noqa: E402
from pipeline.workspace import Workspace, init_workspace  # noqa: E402

Mutation = Callable[[random.Random, bytes, list[bytes]], bytes]


# --- zip helpers -------------------------------------------------------------------------------


def entries(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i, z.read(i)) for i in z.infolist()]


def pack(items: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in items:
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data, compress_type=compression)
    return buf.getvalue()


def _xml_entry(rng: random.Random, items: list[tuple[zipfile.ZipInfo, bytes]]) -> int:
    xml = [i for i, (info, _) in enumerate(items) if info.filename.endswith((".xml", ".rels"))]
    # Sheets and the workbook are where the parser works hardest: pick them more often.
    weighted = xml + [i for i in xml if "worksheets/" in items[i][0].filename or "workbook" in items[i][0].filename] * 3
    return rng.choice(weighted)


def _rezip(items: list[tuple[zipfile.ZipInfo, bytes]], index: int, data: bytes) -> bytes:
    return pack([(info.filename, data if i == index else raw) for i, (info, raw) in enumerate(items)])


# --- mutations --------------------------------------------------------------------------------


def flip_inside_entry(rng: random.Random, form: bytes, _others: list[bytes]) -> bytes:
    """Random bytes changed inside one XML part, then packed again (a valid zip)."""
    items = entries(form)
    index = _xml_entry(rng, items)
    raw = bytearray(items[index][1])
    for _ in range(rng.choice((1, 1, 2, 4, 16))):
        at = rng.randrange(len(raw))
        raw[at] = rng.choice((rng.randrange(256), ord("<"), ord(">"), ord("&"), ord('"'), 0, ord("9")))
    return _rezip(items, index, bytes(raw))


_TOKEN = re.compile(rb'"[^"]{0,40}"|\d+|<[a-zA-Z:]+|</[a-zA-Z:]+>|[A-Z]{1,3}\d+')
_NASTY = (b"99999999999999999999", b"-1", b"0", b"1048577", b"XFD1048576", b"A0", b'""', b"&amp;", b"&#0;",
          b"&#xFFFF;", b"<![CDATA[", b"<x>", b"</row>", b"<row>", b"1e308", b"NaN", b"\xff\xfe", b"\xc3\x28",
          b"<c r=\"A1\" t=\"s\"><v>999999</v></c>", b"<f>1/0</f>", b"t=\"e\"", b"s=\"99999\"")


def mutate_xml_token(rng: random.Random, form: bytes, _others: list[bytes]) -> bytes:
    """A number, reference, attribute value or tag in one XML part replaced by something nasty."""
    items = entries(form)
    index = _xml_entry(rng, items)
    raw = items[index][1]
    tokens = list(_TOKEN.finditer(raw))
    if not tokens:
        return flip_inside_entry(rng, form, _others)
    for _ in range(rng.choice((1, 1, 3))):
        token = rng.choice(tokens)
        raw = raw[: token.start()] + rng.choice(_NASTY) + raw[token.end():]
        tokens = list(_TOKEN.finditer(raw)) or tokens
    return _rezip(items, index, raw)


def cut_inside_entry(rng: random.Random, form: bytes, _others: list[bytes]) -> bytes:
    """One XML part cut short, or a slice of it repeated, then packed again."""
    items = entries(form)
    index = _xml_entry(rng, items)
    raw = items[index][1]
    a, b = sorted(rng.randrange(len(raw) + 1) for _ in range(2))
    raw = raw[:a] if rng.random() < 0.5 else raw[:b] + raw[a:b] * rng.choice((2, 10, 100)) + raw[b:]
    return _rezip(items, index, raw)


def truncate(rng: random.Random, form: bytes, _others: list[bytes]) -> bytes:
    """The file cut short, as a copy that did not finish."""
    return form[: rng.randrange(len(form))]


def reorder_entries(rng: random.Random, form: bytes, _others: list[bytes]) -> bytes:
    """The same parts in another order (legal; some tools do it)."""
    items = [(info.filename, raw) for info, raw in entries(form)]
    rng.shuffle(items)
    return pack(items, rng.choice((zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED)))


def flip_central_directory(rng: random.Random, form: bytes, _others: list[bytes]) -> bytes:
    """Bytes flipped in the zip's central directory (names, sizes, offsets, flags)."""
    start = form.find(b"PK\x01\x02")
    data = bytearray(form)
    for _ in range(rng.choice((1, 2, 8))):
        at = rng.randrange(start, len(data))
        data[at] ^= 1 << rng.randrange(8)
    return bytes(data)


def flip_anywhere(rng: random.Random, form: bytes, _others: list[bytes]) -> bytes:
    """Bytes flipped anywhere in the file (a bad disk, a bad transfer)."""
    data = bytearray(form)
    for _ in range(rng.choice((1, 4, 32))):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def lie_about_sizes(rng: random.Random, form: bytes, _others: list[bytes]) -> bytes:
    """A central directory entry claims another uncompressed or compressed size."""
    data = bytearray(form)
    headers = [m.start() for m in re.finditer(b"PK\x01\x02", form)]
    at = rng.choice(headers)
    field_offset = rng.choice((20, 24))  # compressed size, uncompressed size
    value = rng.choice((0, 1, 2**31 - 1, 2**32 - 1, struct.unpack_from("<I", data, at + field_offset)[0] * 1000 % 2**32))
    struct.pack_into("<I", data, at + field_offset, value)
    return bytes(data)


def duplicate_or_drop_entry(rng: random.Random, form: bytes, _others: list[bytes]) -> bytes:
    """A part twice (with different content), in another spelling, or missing."""
    items = [(info.filename, raw) for info, raw in entries(form)]
    index = rng.randrange(len(items))
    name, raw = items[index]
    choice = rng.random()
    if choice < 0.4:
        items.append((name, raw.replace(b"Fjordvik", b"Annen")))
    elif choice < 0.6:
        items.append((name.upper(), raw))
    else:
        del items[index]
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names, which is the point
        return pack(items)


def splice_forms(rng: random.Random, form: bytes, others: list[bytes]) -> bytes:
    """Parts of two different forms in one package."""
    mine = dict((info.filename, raw) for info, raw in entries(form))
    theirs = dict((info.filename, raw) for info, raw in entries(rng.choice(others)))
    names = sorted(mine)
    for name in rng.sample(names, k=max(1, len(names) // 3)):
        if name in theirs:
            mine[name] = theirs[name]
    return pack(list(mine.items()))


MUTATIONS: dict[str, Mutation] = {
    "flip-inside-entry": flip_inside_entry,
    "xml-token": mutate_xml_token,
    "cut-inside-entry": cut_inside_entry,
    "truncate": truncate,
    "reorder-entries": reorder_entries,
    "flip-central-directory": flip_central_directory,
    "flip-anywhere": flip_anywhere,
    "lie-about-sizes": lie_about_sizes,
    "duplicate-or-drop-entry": duplicate_or_drop_entry,
    "splice-forms": splice_forms,
}


# --- the run ----------------------------------------------------------------------------------


@dataclass
class Result:
    inputs: int = 0
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    losses: list[str] = field(default_factory=list)
    parser: list[str] = field(default_factory=list)
    causes: Counter = field(default_factory=Counter)
    mutations: Counter = field(default_factory=Counter)
    slowest: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.crashes or self.hangs or self.losses)

    def summary(self) -> str:
        return (f"{self.inputs} inputs, {len(self.crashes)} crashes, {len(self.hangs)} hangs, "
                f"{len(self.losses)} losses, {len(self.parser)} parser failures handled; "
                f"slowest input {self.slowest:.2f} s")


def seed_forms(blank: Path, work: Path) -> list[bytes]:
    """Valid forms to mutate: the demo municipality's, filled into the real blank form."""
    from pipeline.demo.forms import all_forms
    from pipeline.forms.formfill import fill_form

    forms = []
    for i, entry in enumerate(all_forms()):
        out = work / f"seed{i}.xlsx"
        fill_form(blank, out, **entry["form"])
        forms.append(out.read_bytes())
    return forms


def fuzz(ws: Workspace, forms: list[bytes], count: int, seconds: float, seed: int = 1,
         parse_seconds: float | None = None, on_input: Callable[[int, str, float], None] | None = None) -> Result:
    """Feed up to *count* mutated forms (for at most *seconds*) through the intake of *ws*."""
    rng = random.Random(seed)
    config = ws.config()
    limit = parse_seconds if parse_seconds is not None else worker_module.PARSE_SECONDS
    checker = worker_module.FormChecker(seconds=limit)
    previous, worker_module._checker = worker_module._checker, checker
    result = Result()
    names = sorted(MUTATIONS)
    deadline = time.monotonic() + seconds
    try:
        with Store(ws.database) as store:
            while result.inputs < count and time.monotonic() < deadline:
                kind = names[result.inputs % len(names)] if result.inputs < len(names) else rng.choice(names)
                form = rng.choice(forms)
                data = MUTATIONS[kind](rng, form, forms)
                label = f"#{result.inputs} {kind} sha256={hashlib.sha256(data).hexdigest()[:12]}"
                result.inputs += 1
                result.mutations[kind] += 1
                start = time.monotonic()
                try:
                    outcome = intake_module.receive_bytes(ws, store, config, data, f"fuzz-{result.inputs}.xlsx")
                except Exception as exc:  # noqa: BLE001 - a crash is what we count
                    result.crashes.append(f"{label}: {type(exc).__name__}: {exc}")
                    continue
                elapsed = time.monotonic() - start
                result.slowest = max(result.slowest, elapsed)
                result.causes[outcome.cause] += 1
                if outcome.cause == "timeout" or elapsed > limit + 15:
                    result.hangs.append(f"{label}: {elapsed:.1f} s")
                if outcome.cause in ("crash", "parser-error", "memory"):
                    result.parser.append(f"{label}: {outcome.cause}")
                problem = _lost(ws, outcome, data)
                if problem:
                    result.losses.append(f"{label}: {problem}")
                if on_input is not None:
                    on_input(result.inputs, f"{kind} → {outcome.cause}", elapsed)
    finally:
        worker_module._checker = previous
        checker.close()
    return result


def _lost(ws: Workspace, outcome, data: bytes) -> str | None:
    record = outcome.record
    if record.status not in ("godkjent", "avvist", "duplikat"):
        return f"status {record.status}"
    kept = ws.root / record.stored_path
    if not kept.is_file() or kept.read_bytes() != data:
        return "bytes not kept"
    if outcome.receipt is None or not outcome.receipt.is_file():
        return "no receipt"
    if record.sha256 not in outcome.receipt.read_text("utf-8-sig"):
        return "receipt does not name the file"
    return None


# --- the store file ----------------------------------------------------------------------------
#
# What happens to a store file in real life: emptied or cut short by an interrupted
# copy or a sync conflict, pages overwritten by a failing disk or torn by a power
# cut. Each mutation is applied to a copy of a workspace with history, and
# ``iktplan run`` runs on it as a real process, as the secretariat runs it. It
# must stop with a Norwegian message that names the store (and then
# ``iktplan gjenopprett-lager`` must give back the same model), or run correctly
# (the same model) — never a traceback, never an archived document overwritten,
# never a kept form lost.

PAGE = 4096  # SQLite's default page size, which the store uses
StoreMutation = Callable[[Path, random.Random], str]



def empty_store(path: Path, rng: random.Random) -> str:
    """Emptied, as an interrupted copy or a sync conflict leaves it."""
    path.write_bytes(b"")
    return "tømt til 0 byte"


def cut_store(path: Path, rng: random.Random) -> str:
    """Cut off after a whole number of pages (an interrupted copy that got part of the way)."""
    pages = path.stat().st_size // PAGE
    keep = rng.randrange(1, max(pages, 2))
    with open(path, "r+b") as f:
        f.truncate(keep * PAGE)
    return f"kuttet etter side {keep} av {pages}"


def garbage_page(path: Path, rng: random.Random) -> str:
    """One page overwritten with random bytes (a failing disk or a torn write)."""
    return _overwrite_page(path, rng, lambda n: rng.randbytes(n), "tilfeldige byte")


def zero_page(path: Path, rng: random.Random) -> str:
    """One page overwritten with zeros (a sector the disk could not read back)."""
    return _overwrite_page(path, rng, lambda n: bytes(n), "nuller")


def torn_page(path: Path, rng: random.Random) -> str:
    """The second half of one page zeroed: a write torn by a power cut on a disk without atomic sectors."""
    pages = path.stat().st_size // PAGE
    page = rng.randrange(1, max(pages, 2))
    with open(path, "r+b") as f:
        f.seek(page * PAGE + PAGE // 2)
        f.write(bytes(PAGE // 2))
    return f"side {page + 1} halvt skrevet"


def overwrite_header(path: Path, rng: random.Random) -> str:
    """The first page (SQLite's header and the schema) overwritten."""
    with open(path, "r+b") as f:
        f.write(rng.randbytes(100))
    return "filhodet overskrevet"


def _overwrite_page(path: Path, rng: random.Random, make, what: str) -> str:
    pages = path.stat().st_size // PAGE
    page = rng.randrange(1, max(pages, 2))  # page 1 (index 0) is the header: its own mutation
    with open(path, "r+b") as f:
        f.seek(page * PAGE)
        f.write(make(PAGE))
    return f"side {page + 1} av {pages} overskrevet med {what}"


STORE_MUTATIONS: dict[str, StoreMutation] = {
    "empty": empty_store,
    "cut": cut_store,
    "garbage-page": garbage_page,
    "zero-page": zero_page,
    "torn-page": torn_page,
    "header": overwrite_header,
}


@dataclass
class StoreResult:
    runs: int = 0
    stopped: int = 0  # a clean Norwegian error that names the store
    correct: int = 0  # the run went on, with the same model
    recovered: int = 0  # stopped, then rebuilt with «iktplan gjenopprett-lager» to the same model
    latent: int = 0  # the run had nothing to read and kept the documents; reading the forms then stops
    crashes: list[str] = field(default_factory=list)
    losses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    mutations: Counter = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not (self.crashes or self.losses or self.wrong)

    def summary(self) -> str:
        return (f"{self.runs} damaged stores: {self.stopped} stopped cleanly ({self.latent} of them only when the "
                f"forms were read; {self.recovered} rebuilt to the same model), {self.correct} ran correctly, "
                f"{len(self.crashes)} crashes, {len(self.losses)} losses, {len(self.wrong)} wrong results")


def _cli(root: Path, *args: str) -> tuple[int, str]:
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if not k.startswith("IKTPLAN_FAULT")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[1]),
                                                      env.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, "-m", "pipeline", "-w", str(root), *args], env=env, capture_output=True,
                          text=True, timeout=600)
    return done.returncode, done.stdout + done.stderr


def _model(ws: Workspace) -> list[tuple] | str:
    """The latest revision of every unit, or the store's message if it cannot be read."""
    try:
        with Store(ws.database) as store:
            return [(s.unit_key, s.revision, s.content) for s in store.latest_accepted()]
    except StoreError as exc:
        return str(exc)


def _kept(ws: Workspace) -> dict[str, bytes]:
    """What must never change: the archived documents and the kept forms."""
    return {p.relative_to(ws.root).as_posix(): p.read_bytes()
            for folder in (ws.archive, ws.submissions, ws.quarantine) for p in sorted(folder.rglob("*")) if p.is_file()}


def fuzz_store(template: Workspace, work: Path, count: int, seed: int = 1, recover: bool = True,
               on_run: Callable[[int, str], None] | None = None) -> StoreResult:
    """Damage the store of *count* copies of *template* (a workspace with history and
    documents) and run ``iktplan run`` on each; with *recover*, rebuild every store
    that stopped the run and check that it gives the same model again."""
    import shutil

    rng = random.Random(seed)
    expected, kept = _model(template), _kept(template)
    names = sorted(STORE_MUTATIONS)
    result = StoreResult()
    for i in range(count):
        kind = names[i % len(names)] if i < len(names) else rng.choice(names)
        ws = Workspace(work / f"lager{i}")
        shutil.rmtree(ws.root, ignore_errors=True)
        shutil.copytree(template.root, ws.root)
        what = STORE_MUTATIONS[kind](ws.database, rng)
        label = f"#{i} {kind} ({what})"
        result.runs += 1
        result.mutations[kind] += 1
        code, output = _cli(ws.root, "run")
        stopped = code == 1
        if code not in (0, 1) or "Traceback" in output or "Uventet feil" in output:
            result.crashes.append(f"{label}: exit {code}: {output[-400:]}")
            stopped = False
        elif code == 1 and str(ws.database) not in output:
            result.crashes.append(f"{label}: the message does not name the store: {output[-400:]}")
            stopped = False
        elif code == 0:
            model = _model(ws)
            if isinstance(model, str) and str(ws.database) in model:
                # Damage inside a form's stored content: the run had nothing new to read, so it
                # kept the documents as they were; the next run that reads the forms stops.
                result.latent += 1
                stopped = True
            elif model != expected:
                result.wrong.append(f"{label}: the run went on with another model")
            else:
                result.correct += 1
        if stopped:
            result.stopped += 1
            if recover:
                rebuilt, out = _cli(ws.root, "gjenopprett-lager")
                again, out2 = _cli(ws.root, "run") if rebuilt == 0 else (rebuilt, out)
                if rebuilt != 0 or again != 0:
                    result.wrong.append(f"{label}: not rebuilt: {(out + out2)[-400:]}")
                elif _model(ws) != expected:
                    result.wrong.append(f"{label}: rebuilt to another model")
                else:
                    result.recovered += 1
        changed = sorted(name for name, data in kept.items()
                         if not (ws.root / name).is_file() or (ws.root / name).read_bytes() != data)
        if changed:
            result.losses.append(f"{label}: changed or gone: {', '.join(changed[:5])}")
        if on_run is not None:
            on_run(i + 1, f"{label} → exit {code}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="largest number of inputs")
    parser.add_argument("--seconds", type=float, default=300, help="longest time to run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--parse-seconds", type=float, default=None, help="the worker's time limit per file")
    parser.add_argument("--workspace", type=Path, default=None, help="keep the workspace here (default: temporary)")
    parser.add_argument("--store", type=int, default=0, metavar="N",
                        help="also damage the store file N times (a demo workspace, `iktplan run` on each)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = args.workspace or Path(tmp) / "ws"
        ws = init_workspace(root)
        from pipeline.forms.blankform import write_blank_form

        write_blank_form(ws.config(), ws.blank_form)
        forms = seed_forms(ws.blank_form, Path(tmp))
        started = time.monotonic()

        def progress(n: int, what: str, elapsed: float) -> None:
            if n % 100 == 0:
                print(f"  {n} inputs, {time.monotonic() - started:.0f} s", flush=True)

        result = fuzz(ws, forms, args.count, args.seconds, args.seed, args.parse_seconds, progress)
    print(result.summary())
    print("causes: " + ", ".join(f"{k}={v}" for k, v in result.causes.most_common()))
    print("mutations: " + ", ".join(f"{k}={v}" for k, v in sorted(result.mutations.items())))
    for title, items in (("CRASHES", result.crashes), ("HANGS", result.hangs), ("LOSSES", result.losses),
                         ("parser failures (handled)", result.parser)):
        for item in items[:20]:
            print(f"{title}: {item}")
    if not args.store:
        return 0 if result.ok else 1
    with tempfile.TemporaryDirectory() as tmp:
        template = Workspace(Path(tmp) / "demo")
        for _ in range(2):  # two rounds: revisions, a rejection and its correction, two document versions
            code, output = _cli(template.root, "demo", str(template.root))
            if code != 0:
                print(output)
                return 1
        stores = fuzz_store(template, Path(tmp), args.store, args.seed,
                            on_run=lambda n, what: print(f"  {what}", flush=True))
    print(stores.summary())
    for title, items in (("CRASHES", stores.crashes), ("LOSSES", stores.losses), ("WRONG", stores.wrong)):
        for item in items[:20]:
            print(f"{title}: {item}")
    return 0 if result.ok and stores.ok else 1


if __name__ == "__main__":
    sys.exit(main())
