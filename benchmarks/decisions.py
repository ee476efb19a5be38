"""The decisions workbook (``beslutninger.xlsx``) at benchmark size: how long
:func:`pipeline.forms.decisionsheet.book_bytes` takes to write it and
:func:`pipeline.forms.decisionbook.read_book` to read it back, for a realistic
book (every measure a row, a tenth of them decided by the secretariat, one
column of their own).

    python3 -m benchmarks.decisions --measures 2000 --repeat 5

Prints the median of *repeat* timings of each.
"""

from __future__ import annotations

import argparse
import statistics
import time

from pipeline.core.decisions import CHOICES
from pipeline.forms.decisionbook import OWN, Entry, Reference
from pipeline.forms.decisionsheet import book_bytes
from pipeline.forms.decisionbook import read_book

YEARS = (2027, 2028, 2029, 2030)
UNITS = ("Fjordvik barneskole", "Sentrum helsehus", "Kulturetaten", "Teknisk drift", "Nordbygda sykehjem")


def entries(measures: int) -> tuple[list[Entry], tuple[str, ...]]:
    """*measures* rows as a run writes them after the secretariat has decided on
    every tenth measure and kept a note column of its own."""
    rows = []
    for i in range(measures):
        unit = UNITS[i % len(UNITS)]
        id = f"U{i // 10:03d}-{i % 10 + 1}"
        score = round(20 + (i * 37 % 800) / 10, 1)
        ref = Reference(f"Tiltak {i}: nye PC-er og trådløst nett til {unit.lower()}", unit, score,
                        ("Quick win", "Strategisk", "Vurderes", "Lav prioritet")[i % 4],
                        "innenfor rammen 2027" if i % 3 else "utenfor rammen", 2027 + i % 4 if i % 3 else None,
                        f"S-{i % 50}: Felles løsning, 3 enheter → U000-1" if i % 7 == 0 else None)
        cells: list = [id, *([None] * (len(OWN) - 1))]
        extra = (None,)
        if i % 10 == 0:
            cells[1] = CHOICES[i // 10 % len(CHOICES)]
            cells[2] = 2029 if "år" in cells[1] else None
            cells[5] = "Vedtatt i formannskapet, sak 12/34"
            extra = ("Ring IKT",)
        rows.append(Entry(tuple(cells), extra, ref, "«År» mangler." if i % 97 == 0 else None))
    return rows, ("Notat",)


def median_seconds(work, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--measures", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    rows, extra = entries(args.measures)
    data = book_bytes(rows, extra, "Fjordvik kommune", YEARS)
    write = median_seconds(lambda: book_bytes(rows, extra, "Fjordvik kommune", YEARS), args.repeat)
    read = median_seconds(lambda: read_book(data), args.repeat)
    book = read_book(data)
    print(f"measures={args.measures} bytes={len(data)} rows_read={len(book.rows)} "
          f"book_bytes={write:.3f}s read_book={read:.3f}s (median of {args.repeat})")


if __name__ == "__main__":
    main()
