"""Fuzz the intake with names: file names in the inbox and attachment names in
e-mail, as bytes a file system or a mail client can produce.

Each round writes real files into the inbox of a real workspace — names in
Latin-1, CP437 or broken UTF-8, with control characters, invisible and
bidirectional characters, NFD letters, up to 255 bytes, only an extension,
differing only in case, in subfolders with such names — and one saved e-mail
whose attachments carry such names in RFC 2231 and RFC 2047 with right, wrong
and unknown character sets. Then the intake runs once. Counted:

* crash — the intake raised (the run would have stopped);
* loss  — a file neither recorded nor reported as left in the inbox, or left in
  the inbox without being reported; an attachment neither recorded nor named
  in the kept message's receipt;
* unreadable — a name that reaches the store, a receipt, a receipt's file name
  or a console line as something that is not valid, printable UTF-8.

Usage::

    python benchmarks/fuzz_names.py --rounds 20 [--seed 1]

``tests/intake/test_fuzz.py`` runs a few rounds in the normal test run.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline import console  # noqa: E402
from pipeline.intake.inbox import intake  # noqa: E402
from pipeline.intake.store import Store  # noqa: E402
from pipeline.workspace import Workspace, init_workspace  # noqa: E402

STEMS = ["Skjema æøå", "Kartlegging Ærlig Østre Åsen", "Teknisk drift", "Åsen skole – revisjon 2", "skjema"]
_INVISIBLE = ["\u200b", "\u00ad", "\ufeff", "\u2060", "\u200d", "\u202e", "\u2066", "\u200f"]
_CONTROL = ["\n", "\r", "\t", "\x1b", "\x7f", "\x01", "\x85"]


def name_bytes(rng: random.Random, i: int) -> bytes:
    """One file name as bytes (at most 255, never «/» or NUL), mutated one to three ways."""
    stem, suffix = f"{rng.choice(STEMS)} {i}", rng.choice([".xlsx", ".xlsx", ".XLSX", ".xlsm", ".xls", ""])
    text = stem
    for _ in range(rng.choice((1, 1, 2, 3))):
        kind = rng.randrange(9)
        if kind == 0:
            text = unicodedata.normalize("NFD", text)
        elif kind == 1:
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(_INVISIBLE) + text[at:]
        elif kind == 2:
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(_CONTROL) + text[at:]
        elif kind == 3:
            text = text + " " + rng.choice(["😀👩‍💻", "日本語", "ÆØÅ", "ß ü é"]) * rng.randrange(1, 4)
        elif kind == 4:
            text = text.upper() if rng.random() < 0.5 else text.lower()
        elif kind == 5:
            text = "~" + text
        elif kind == 6:
            text = text + " " * rng.randrange(1, 3) + "."
    encoding = rng.choice(["utf-8", "utf-8", "latin-1", "cp1252", "cp437", "broken"])
    if encoding == "broken":
        raw = text.encode("utf-8")
        raw = raw[: rng.randrange(len(raw) + 1)] + bytes([rng.choice([0xC3, 0xE6, 0xFF, 0x80])]) + raw[len(raw) // 2:]
    else:
        raw = text.encode(encoding, "replace")
    raw = raw.replace(b"/", b"_").replace(b"\0", b"_")
    if rng.random() < 0.1:
        raw = raw + b"L" * 300  # long: cut to the 255 bytes a name may have
    return raw[: 255 - len(suffix)] + suffix.encode()


@dataclass
class NameResult:
    files: int = 0
    attachments: int = 0
    crashes: list[str] = field(default_factory=list)
    losses: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.crashes or self.losses or self.unreadable)

    def summary(self) -> str:
        return (f"{self.files} files, {self.attachments} attachments, {len(self.crashes)} crashes, "
                f"{len(self.losses)} losses, {len(self.unreadable)} unreadable names")


def _readable(text: str) -> bool:
    try:
        text.encode("utf-8", "strict")
    except UnicodeEncodeError:
        return False
    # Spaces of any width are readable; the zero-width joiner holds emoji together.
    return all(ch.isprintable() or ch == "\u200d" or unicodedata.category(ch) == "Zs" for ch in text)


def _attachment_parts(rng: random.Random, names: list[bytes], form: bytes) -> bytes:
    """A saved e-mail with one form per name, each name sent a different way."""
    msg = EmailMessage()
    msg["From"], msg["Subject"] = "Kari <kari@fjordvik.no>", "Skjemaer"
    msg.set_content("Vedlagt.")
    for raw in names:
        msg.add_attachment(form, maintype="application", subtype="vnd.openxmlformats-officedocument.spreadsheetml"
                           ".sheet", filename="x.xlsx")
    data = msg.as_bytes(policy=policy.SMTP)
    for raw in names:  # each placeholder name replaced by a hostile spelling, as a client might send it
        way = rng.randrange(4)
        quoted = "".join(f"%{b:02X}" for b in raw)
        charset = rng.choice(["utf-8", "iso-8859-1", "x-ukjent", "windows-1252"])
        if way == 0:
            header = f"filename*={charset}''{quoted}".encode()
        elif way == 1:
            header = b'filename="=?' + charset.encode() + b"?Q?" + "".join(
                f"={b:02X}" for b in raw).encode() + b'?="'
        elif way == 2:
            header = b'filename="' + raw.replace(b'"', b"'").replace(b"\r", b"").replace(b"\n", b"") + b'"'
        else:
            header = f"filename*0*={charset}''{quoted[:30]}; filename*1*={quoted[30:] or '.xlsx'}".encode()
        data = data.replace(b'filename="x.xlsx"', header, 1)
    return data


def fuzz_names(ws: Workspace, forms: list[bytes], rounds: int, seed: int = 1, per_round: int = 12) -> NameResult:
    """*rounds* of inbox files and one e-mail with hostile names each, through :func:`intake`."""
    rng = random.Random(seed)
    result = NameResult()
    config = ws.config()
    inbox = os.fsencode(ws.inbox)
    for r in range(rounds):
        written: dict[bytes, bytes] = {}
        for i in range(per_round):
            raw = name_bytes(rng, r * 100 + i)
            folder = inbox
            if rng.random() < 0.25:  # a unit's folder, itself oddly named
                folder = os.path.join(inbox, name_bytes(rng, r * 100 + i)[:60].rstrip(b".") or b"mappe")
                os.makedirs(folder, exist_ok=True)
            path = os.path.join(folder, raw)
            if path in written:
                continue
            with open(path, "wb") as f:
                f.write(rng.choice(forms))
            written[path] = raw
        attached = [name_bytes(rng, r * 100 + 50 + i) for i in range(4)]
        eml = os.path.join(inbox, f"melding {r}.eml".encode())
        with open(eml, "wb") as f:
            f.write(_attachment_parts(rng, attached, rng.choice(forms)))
        result.files += len(written) + 1
        result.attachments += len(attached)
        left, outcomes = [], []
        try:
            with Store(ws.database) as store:
                outcomes = intake(ws, store, config, on_left=left.append)
        except Exception as exc:  # noqa: BLE001 - a crash is what we count
            result.crashes.append(f"round {r}: {type(exc).__name__}: {exc!r}"[:300])
            continue
        _check(ws, r, written, eml, attached, outcomes, left, result)
        _empty(inbox)
    return result


def _check(ws, r, written, eml, attached, outcomes, left, result: NameResult) -> None:
    remaining = [os.path.join(d, f) for d, _, files in os.walk(os.fsencode(ws.inbox)) for f in files]
    if len(remaining) != len(left):
        result.losses.append(f"round {r}: {len(remaining)} files stay in the inbox, {len(left)} reported")
    from_folder = [o for o in outcomes if o.record.source == "mappe"]
    from_mail = [o for o in outcomes if o.record.source == "epost"]
    if len(from_folder) + len(left) != len(written):
        result.losses.append(f"round {r}: {len(written)} files, {len(from_folder)} received, {len(left)} reported")
    forms_taken = [o for o in from_mail if not o.record.stored_path.endswith(".eml")]
    kept = [o for o in from_mail if o.record.stored_path.endswith(".eml")]
    named_in_kept = sum(e.count("«") for o in kept for e in o.record.errors)
    if len(forms_taken) + named_in_kept < len(attached):
        result.losses.append(f"round {r}: {len(attached)} attachments, {len(forms_taken)} taken, "
                             f"{named_in_kept} named as not taken")
    for o in outcomes:
        name = o.record.original_name
        texts = [name, console.outcome_line(o), o.receipt.name if o.receipt else ""]
        if o.receipt is not None:
            texts.append(o.receipt.read_text("utf-8-sig").splitlines()[3])
        if not all(_readable(t) for t in texts) or len(o.receipt.name.encode()) > 255:
            result.unreadable.append(f"round {r}: {name!r}")
    for x in left:
        if not _readable(console.left_line(x)):
            result.unreadable.append(f"round {r}: left {x.name!r}")


def _empty(inbox: bytes) -> None:
    """The inbox emptied for the next round (what a round left is checked already)."""
    for d, dirs, files in os.walk(inbox, topdown=False):
        for f in files:
            os.unlink(os.path.join(d, f))
        for sub in dirs:
            os.rmdir(os.path.join(d, sub))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    from benchmarks.fuzz import seed_forms
    from pipeline.forms.blankform import write_blank_form

    with tempfile.TemporaryDirectory() as tmp:
        ws = init_workspace(Path(tmp) / "ws")
        write_blank_form(ws.config(), ws.blank_form)
        result = fuzz_names(ws, seed_forms(ws.blank_form, Path(tmp))[:3], args.rounds, args.seed)
    print(result.summary())
    for title, items in (("CRASH", result.crashes), ("LOSS", result.losses), ("UNREADABLE", result.unreadable)):
        for item in items[:20]:
            print(f"{title}: {item}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
