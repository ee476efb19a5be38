"""Outlook messages (``.msg``) with the attachments a test needs, written as
Outlook writes them: an OLE compound file (MS-CFB, version 3, 512-byte sectors,
streams under 4096 bytes in the mini stream) holding the message's property
streams (MS-OXMSG: ``__properties_version1.0``, ``__substg1.0_IIIITTTT``, one
``__attach_version1.0_#NNNNNNNN`` storage per attachment, one recipient, the
named-property storage). No library writes compound files from scratch
(olefile only rewrites streams in place), so this is the writer; the files it
makes are read back by olefile and python-oxmsg in the tests, and
``tests/data/outlook/`` holds a real Outlook file beside them.
"""

from __future__ import annotations

import math
import struct

SECTOR = 512
MINI = 64
CUTOFF = 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF

PT_LONG, PT_BOOLEAN, PT_UNICODE, PT_BINARY = 0x0003, 0x000B, 0x001F, 0x0102
BY_VALUE, BY_REFERENCE_ONLY = 1, 4


def _prop_stream(props: dict[tuple[int, int], object], header: bytes) -> tuple[bytes, dict[str, bytes]]:
    """The ``__properties_version1.0`` stream and the variable-length value streams."""
    out, streams = bytearray(header), {}
    for (pid, ptype), value in sorted(props.items()):
        tag = struct.pack("<II", (pid << 16) | ptype, 0x6)
        if ptype == PT_UNICODE:
            data = str(value).encode("utf-16-le")
            streams[f"__substg1.0_{pid:04X}{ptype:04X}"] = data
            out += tag + struct.pack("<II", len(data) + 2, 0)
        elif ptype == PT_BINARY:
            streams[f"__substg1.0_{pid:04X}{ptype:04X}"] = bytes(value)
            out += tag + struct.pack("<II", len(value), 0)
        elif ptype == PT_BOOLEAN:
            out += tag + struct.pack("<HHI", 1 if value else 0, 0, 0)
        else:
            out += tag + struct.pack("<iI", int(value), 0)
    return bytes(out), streams


def outlook_message(attachments: list[dict], *, subject: str = "Kartleggingsskjema",
                    sender_name: str = "Ingrid Berg", sender_address: str = "ingrid.berg@fjordvik.kommune.no",
                    body: str = "Hei! Skjemaene ligger ved.") -> bytes:
    """A ``.msg`` with *attachments*: each a dict with ``name`` and ``data`` (bytes),
    optional ``mime`` and ``method`` (:data:`BY_VALUE` by default; another method
    writes no data), and ``inline=True`` for a picture in the text."""
    tree: dict = {}
    root_props = {(0x001A, PT_UNICODE): "IPM.Note", (0x0037, PT_UNICODE): subject, (0x1000, PT_UNICODE): body,
                  (0x0C1A, PT_UNICODE): sender_name, (0x0C1F, PT_UNICODE): sender_address,
                  (0x5D01, PT_UNICODE): sender_address, (0x340D, PT_LONG): 0x00040000}
    header = struct.pack("<8xIIII8x", 1, len(attachments), 1, len(attachments))
    stream, values = _prop_stream(root_props, header)
    tree["__properties_version1.0"] = stream
    tree.update(values)
    tree["__nameid_version1.0"] = {f"__substg1.0_000{i}0102": b"" for i in (2, 3, 4)}
    recip, values = _prop_stream({(0x3001, PT_UNICODE): "IKT-strategi", (0x3003, PT_UNICODE): "ikt@fjordvik.no",
                                  (0x0C15, PT_LONG): 1}, bytes(8))
    tree["__recip_version1.0_#00000000"] = {"__properties_version1.0": recip, **values}
    for i, a in enumerate(attachments):
        method = a.get("method", BY_VALUE)
        props = {(0x0E21, PT_LONG): i, (0x3705, PT_LONG): method, (0x3707, PT_UNICODE): a["name"],
                 (0x3001, PT_UNICODE): a["name"], (0x370B, PT_LONG): -1}
        if a.get("mime"):
            props[(0x370E, PT_UNICODE)] = a["mime"]
        if method == BY_VALUE:
            props[(0x3701, PT_BINARY)] = a["data"]
        if a.get("inline"):
            props[(0x3712, PT_UNICODE)] = "image001.png@01DA0000.00000000"
            props[(0x7FFE, PT_BOOLEAN)] = True
        stream, values = _prop_stream(props, bytes(8))
        tree[f"__attach_version1.0_#{i:08X}"] = {"__properties_version1.0": stream, **values}
    return compound_file(tree)


# -- the compound file ----------------------------------------------------------------------------


def _order(name: str) -> tuple[int, str]:
    return len(name), name.upper()  # MS-CFB 2.6.4: shorter names first, then by upper case


def compound_file(tree: dict) -> bytes:
    """A compound file holding *tree*: a dict of stream name → bytes and storage name → dict."""
    entries: list[dict] = [{"name": "Root Entry", "type": 5, "kids": []}]

    def add(node: dict, index: int) -> None:
        for name in sorted(node, key=_order):
            value = node[name]
            entry = {"name": name, "type": 1 if isinstance(value, dict) else 2, "kids": []}
            entries.append(entry)
            entries[index]["kids"].append(len(entries) - 1)
            if isinstance(value, dict):
                add(value, len(entries) - 1)
            else:
                entry["data"] = value

    add(tree, 0)
    mini, minifat, big = bytearray(), [], []
    for e in entries:
        data = e.get("data")
        if data is None:
            continue
        e["size"] = len(data)
        if not data:
            e["start"] = END
        elif len(data) < CUTOFF:
            e["start"] = len(mini) // MINI
            n = math.ceil(len(data) / MINI)
            minifat += [e["start"] + k + 1 for k in range(n - 1)] + [END]
            mini += data + bytes(n * MINI - len(data))
        else:
            big.append(e)
    sectors: list[bytes] = []
    fat: list[int] = []

    def place(data: bytes, kind: int | None = None) -> int:
        if not data:
            return END
        n = math.ceil(len(data) / SECTOR)
        start = len(sectors)
        padded = data + bytes(n * SECTOR - len(data))
        sectors.extend(padded[k * SECTOR:(k + 1) * SECTOR] for k in range(n))
        fat.extend([start + k + 1 for k in range(n - 1)] + [END])
        return start

    for e in big:
        e["start"] = place(e["data"])
    entries[0]["start"], entries[0]["size"] = place(bytes(mini)), len(mini)
    minifat_bytes = b"".join(struct.pack("<I", v) for v in minifat)
    minifat_bytes += struct.pack("<I", FREE) * ((-len(minifat)) % (SECTOR // 4))
    first_minifat = place(minifat_bytes) if minifat else END
    _siblings(entries)
    directory = b"".join(_entry(e) for e in entries)
    directory += _entry(None) * ((-len(entries)) % (SECTOR // 128))
    first_directory = place(directory)
    n_fat = 1
    while math.ceil((len(sectors) + n_fat) / (SECTOR // 4)) > n_fat:
        n_fat += 1
    assert n_fat <= 109, "larger than this writer's header holds"
    fat_start = len(sectors)
    fat.extend([FATSECT] * n_fat)
    fat.extend([FREE] * (n_fat * SECTOR // 4 - len(fat)))
    table = b"".join(struct.pack("<I", v) for v in fat)
    sectors.extend(table[k * SECTOR:(k + 1) * SECTOR] for k in range(n_fat))
    difat = [fat_start + k for k in range(n_fat)] + [FREE] * (109 - n_fat)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", bytes(16), 0x3E, 3, 0xFFFE, 9, 6, bytes(6),
        0, n_fat, first_directory, 0, CUTOFF, first_minifat, math.ceil(len(minifat) / (SECTOR // 4)), END, 0,
    ) + b"".join(struct.pack("<I", v) for v in difat)
    return header + b"".join(sectors)


def _siblings(entries: list[dict]) -> None:
    """Each storage's children as a balanced binary tree (all black: a valid red-black tree)."""
    for e in entries:
        kids = sorted(e["kids"], key=lambda i: _order(entries[i]["name"]))

        def build(items: list[int]) -> int:
            if not items:
                return NOSTREAM
            mid = len(items) // 2
            entries[items[mid]]["left"] = build(items[:mid])
            entries[items[mid]]["right"] = build(items[mid + 1:])
            return items[mid]

        e["child"] = build(kids)


def _entry(e: dict | None) -> bytes:
    if e is None:
        return bytes(64) + struct.pack("<HBBIII16sIQQIQ", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, bytes(16), 0, 0, 0,
                                       0, 0)
    name = e["name"].encode("utf-16-le") + b"\0\0"
    assert len(name) <= 64, e["name"]
    return name.ljust(64, b"\0") + struct.pack(
        "<HBBIII16sIQQIQ", len(name), e["type"], 1, e.get("left", NOSTREAM), e.get("right", NOSTREAM),
        e.get("child", NOSTREAM) if e["type"] != 2 else NOSTREAM, bytes(16), 0, 0, 0,
        e.get("start", END) if e["type"] != 1 else 0, e.get("size", 0),
    )
