"""A rendered body in segments, and processed segments kept by the hash of their text.

:class:`Segmenter` cuts the body Jinja streams out into *segments* of whole
top-level elements: every table or content control on its own, and the
paragraphs between them in runs whose ends depend only on the text near them
(so a change early in a document does not move the cuts after it). A
segment is processed on its own (:mod:`pipeline.documents.docxtemplate`); the
result depends only on its text, so :class:`PieceCache` keeps it under the
hash of that text, and a revision processes again only the segments whose
text changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sqlite3
import zlib
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator

log = logging.getLogger("iktplan.documents")

#: Start and end tags of the elements that hold paragraphs at the top of the body.
_CONTAINER_TAG = re.compile(r"<(/?)w:(?:tbl|sdt)(?=[\s/>])[^>]*?(/?)>")
_BODY_START = re.compile(r"<w:body(?:\s[^>]*)?>")
BODY_END = "</w:body>"
_PARAGRAPH_END = "</w:p>"
#: A run of paragraphs is cut after a paragraph once it is this long, where the text
#: before the cut says so (see :meth:`Segmenter._paragraph_cuts`), and always at the longest.
MIN_RUN, MAX_RUN = 2048, 32768
#: Jinja's output is cut after this many of the strings it yields.
BATCH = 4096
#: Kept segments are read back this many at a time.
READ_BATCH = 256


class CannotCut(Exception):
    """The body is not a sequence of top-level elements this module can follow
    (text boxes, whose paragraphs nest; an element left open)."""


class Segmenter:
    """Cuts a body (``<w:body …>…</w:body>``) into segments as its text comes.

    Paragraphs nest only in text boxes; without them, tables and content
    controls are all that must be followed. A cut inside any other element
    leaves it unclosed in its segment, which then fails to parse: the caller
    takes the whole-tree way then."""

    def __init__(self) -> None:
        self.start_tag: str | None = None
        self._buffer = ""
        self._scanned = 0  # characters of the buffer whose container tags are counted
        self._depth = 0

    def feed(self, text: str) -> list[str]:
        """The segments *text* completes (a segment's text is kept until its end has come)."""
        if "txbxContent" in text or "txbxContent" in self._buffer[-16:] + text[:16]:
            raise CannotCut()
        buffer = self._buffer + text
        if self.start_tag is None:
            match = _BODY_START.match(buffer)
            if match is None:
                if ">" in buffer:
                    raise CannotCut()
                self._buffer = buffer
                return []
            self.start_tag, buffer = match.group(), buffer[match.end():]
        safe = buffer.rfind(">") + 1  # tags are only counted whole
        cuts: list[int] = []
        cursor = self._scanned
        for tag in _CONTAINER_TAG.finditer(buffer, self._scanned, safe):
            closing, empty = tag.group(1), tag.group(2)
            if self._depth == 0:
                self._paragraph_cuts(buffer, cursor, tag.start(), cuts)
                if buffer[cuts[-1] if cuts else 0: tag.start()].strip():
                    cuts.append(tag.start())
            if empty:
                if self._depth == 0:
                    cuts.append(tag.end())
            elif not closing:
                self._depth += 1
            else:
                self._depth -= 1
                if self._depth < 0:
                    raise CannotCut()
                if self._depth == 0:
                    cuts.append(tag.end())
            cursor = tag.end()
        if self._depth == 0:
            self._paragraph_cuts(buffer, cursor, safe, cuts)
        segments, last = [], 0
        for cut in cuts:
            if cut > last:
                segments.append(buffer[last:cut])
                last = cut
        self._buffer, self._scanned = buffer[last:], max(safe, cursor) - last
        return segments

    def close(self) -> list[str]:
        """The last segment, once the whole body has been fed."""
        buffer = self._buffer.rstrip()
        if self.start_tag is None or self._depth != 0 or not buffer.endswith(BODY_END):
            raise CannotCut()
        last = buffer[: -len(BODY_END)]
        self._buffer = ""
        return [last] if last else []

    @staticmethod
    def _paragraph_cuts(buffer: str, start: int, end: int, cuts: list[int]) -> None:
        """Cuts after the top-level paragraphs ending in [start, end): once the
        run since the last cut is :data:`MIN_RUN` long, after a paragraph whose
        last characters hash to a multiple of four (so a cut depends on the
        text near it, not on the length of all before it); always at :data:`MAX_RUN`."""
        at = start
        while True:
            close = buffer.find(_PARAGRAPH_END, at, end)
            if close < 0:
                return
            at = close + len(_PARAGRAPH_END)
            length = at - (cuts[-1] if cuts else 0)
            if length >= MAX_RUN or (length >= MIN_RUN and zlib.crc32(buffer[close - 40: close].encode()) % 4 == 0):
                cuts.append(at)


def segments(chunks: Iterable[str], segmenter: Segmenter | None = None) -> Iterable[str]:
    """The segments of a body streamed as *chunks* (Jinja's output, in pieces
    of any size). Raises :class:`CannotCut`."""
    segmenter = segmenter or Segmenter()
    chunks = iter(chunks)
    while True:
        batch = list(islice(chunks, BATCH))  # Jinja yields short strings: taken many at a time
        if not batch:
            break
        yield from segmenter.feed("".join(batch))
    yield from segmenter.close()


# --- processed segments by content hash --------------------------------------------------------


class PieceCache:
    """Processed segments of one document, by a hash of their text (and of
    everything else the processing depends on: *salt*).

    With a *folder*, they are kept in an sqlite file there between runs: what
    the last render of each document used. A render asks for every segment
    (:meth:`get`) and adds those it had to process (:meth:`add`), then
    commits (:meth:`commit`), reads them back in order (:meth:`xmls`) while it
    writes the document, and finishes (:meth:`finish`: the segments it did
    not use are forgotten), or closes (:meth:`close`) on failure. It is a cache: a file that cannot be opened
    is made anew, and one that fails later raises :class:`sqlite3.Error`,
    after which the caller renders without it. Without a folder, they are kept
    in memory for this render."""

    FILE = "dokumentdeler.sqlite"

    def __init__(self, folder: Path | None, document: str, salt: bytes):
        self.document = document
        self._salt = hashlib.blake2b(salt, digest_size=32).digest()
        self._memory: dict[bytes, bytes] = {}  # processed here and not yet in the file (or no file)
        self._pending = 0  # bytes in _memory
        self._meta: dict[bytes, Any] = {}  # key → meta of every segment known
        self._used: set[bytes] = set()
        self._db: sqlite3.Connection | None = None
        self.hits = self.misses = 0
        if folder is not None:
            self._open(Path(folder))

    def key(self, text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16, key=self._salt).digest()

    def get(self, key: bytes) -> tuple[bool, Any]:
        """(True, meta) if the segment with *key* is kept, else (False, None)."""
        if key in self._meta:
            self.hits += key not in self._used
            self._used.add(key)
            return True, self._meta[key]
        return False, None

    def add(self, key: bytes, xml: bytes, meta: Any) -> None:
        self.misses += 1
        self._used.add(key)
        self._meta[key] = meta
        self._memory[key] = xml
        self._pending += len(xml)
        if self._db is not None and self._pending > 1 << 20:
            self._flush()

    def commit(self) -> None:
        """Keep what was added and forget what this render did not use (the
        segments are all known now), in one transaction."""
        if self._db is not None:
            self._flush()
            self._db.execute("CREATE TEMP TABLE used (key BLOB PRIMARY KEY)")
            self._db.executemany("INSERT INTO used VALUES (?)", ((k,) for k in self._used))
            self._db.execute("DELETE FROM pieces WHERE document = ? AND key NOT IN (SELECT key FROM used)",
                             (self.document,))
            self._db.execute("COMMIT")

    def xmls(self, keys: list[bytes]) -> Iterator[bytes]:
        """:meth:`xml` of each of *keys*, in order, read from the file a few hundred at a time."""
        for start in range(0, len(keys), READ_BATCH):
            batch = keys[start:start + READ_BATCH]
            wanted = [k for k in set(batch) if k not in self._memory]
            found = {}
            if wanted:
                marks = ",".join("?" * len(wanted))
                found.update(self._db.execute(f"SELECT key, xml FROM pieces WHERE document = ? AND key IN ({marks})",
                                              (self.document, *wanted)))
            for key in batch:
                data = self._memory.get(key) or found.get(key)
                if data is None:
                    raise sqlite3.DatabaseError("a kept segment is gone")
                yield data

    def finish(self) -> None:
        """Close the file after a render that succeeded."""
        self.close()

    def close(self) -> None:
        """Close the file; what was added and not committed is not kept."""
        db, self._db = self._db, None
        if db is not None:
            db.close()

    def _open(self, folder: Path) -> None:
        path = folder / self.FILE
        for _ in range(2):
            db = None
            try:
                folder.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(path, isolation_level=None, timeout=30)
                # A rollback journal, not WAL: the workspace may be on a network share,
                # where WAL's shared memory does not work (the workspace lock keeps
                # every other process out meanwhile).
                db.execute("PRAGMA locking_mode=EXCLUSIVE")
                db.execute("PRAGMA journal_mode=TRUNCATE")
                db.execute("PRAGMA synchronous=FULL")
                db.execute("CREATE TABLE IF NOT EXISTS pieces (document TEXT NOT NULL, key BLOB NOT NULL, "
                           "xml BLOB NOT NULL, meta TEXT, PRIMARY KEY (document, key))")
                db.execute("BEGIN")
                self._meta = {
                    key: None if meta is None else json.loads(meta)
                    for key, meta in db.execute("SELECT key, meta FROM pieces WHERE document = ?", (self.document,))
                }
                self._db = db
                return
            except (sqlite3.Error, ValueError, OSError) as exc:
                log.warning("dokumentdelene fra forrige kjøring kan ikke leses (%s); de lages på nytt", exc)
                if db is not None:
                    db.close()
                for suffix in ("", "-wal", "-shm"):
                    try:
                        Path(f"{path}{suffix}").unlink()
                    except OSError:
                        pass
        self._meta = {}

    def _flush(self) -> None:
        if self._memory and self._db is not None:
            self._db.executemany(
                "INSERT OR REPLACE INTO pieces VALUES (?, ?, ?, ?)",
                ((self.document, k, xml, None if self._meta[k] is None else json.dumps(self._meta[k]))
                 for k, xml in self._memory.items()),
            )
            self._memory, self._pending = {}, 0
