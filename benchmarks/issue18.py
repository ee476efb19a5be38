"""The measurements and targets of issue 18, beside the scale benchmark's own
(:mod:`benchmarks.run` calls in here; the issue-6 figures stay as they were).

* **The writing floor**: reading every cell with python-calamine (the old
  floor's first half) plus writing the final documents' bytes: the ``.docx``
  and ``.xlsx`` files of the cold run, their parts read into memory first, then
  zipped again with the same compression, into files. Rendering should come
  close to the cost of writing what it renders.
* **CPU over wall time** of a run (user + system of the run and its reaped
  workers, over the run's wall time): above 1 means the second core helped.
* **The whole command** with nothing changed, ``python -m pipeline run``
  (median of a few runs), the bare interpreter beside it, and where its import
  time goes (``python -X importtime``).
* The ratios against the issue's targets, at every size, and their table.
"""

from __future__ import annotations

import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

#: The targets of issue 18, at 200 units on a 2-core machine, ratios from one run.
TARGETS = {
    "revision_over_cold": 0.3,  # a rerun after one revision ≤ 0.3 × the cold run
    "cold_over_write_floor": 1.5,  # cold run ≤ 1.5 × (calamine read + writing the documents' bytes)
    "peak_rss_mb": 300.0,  # main + workers
    "per_unit_growth": 1.1,  # cost per unit at 200 ≤ 1.1 × at 25, in both modes
    "watch_median_s": 3.0,  # benchmarks/watch_latency.py --units 200
    "command_s": 0.4,  # `python -m pipeline run` with nothing changed, the whole command
}
COMMAND_RUNS = 5  # the whole command is timed this often (the median is kept)
WRITE_ROUNDS = 3  # the documents are written this often (the median is kept)
DOCUMENT_SUFFIXES = (".docx", ".xlsx")


# --- the writing floor (in the floor child) ------------------------------------------------


def keep_documents(outbox: Path, target: Path) -> list[Path]:
    """Copy the current documents of *outbox* (not its archive) to *target*."""
    target.mkdir(parents=True, exist_ok=True)
    kept = []
    for p in sorted(Path(outbox).iterdir()):
        if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES and not p.name.startswith((".", "~")):
            kept.append(Path(shutil.copyfile(p, target / p.name)))
    return kept


def write_floor(documents: Path) -> dict[str, Any]:
    """Time writing the documents in *documents* again from their parts in
    memory (median of :data:`WRITE_ROUNDS`), per kind (``write_docx_s``,
    ``write_xlsx_s``, together ``write_s``), with their sizes."""
    loaded = [(p.name, read_parts(p)) for p in sorted(Path(documents).iterdir())
              if p.suffix.lower() in DOCUMENT_SUFFIXES]
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="iktplan-write-floor-") as tmp:
        for _ in range(WRITE_ROUNDS):
            for name, parts in loaded:
                start = time.perf_counter()
                write_parts(parts, Path(tmp) / name)
                times.setdefault(name, []).append(time.perf_counter() - start)
        written = {name: (Path(tmp) / name).stat().st_size for name, _ in loaded}
    per_document = {name: statistics.median(t) for name, t in times.items()}
    result: dict[str, Any] = {
        "documents": {name: {"write_s": round(per_document[name], 4), "bytes": written[name],
                             "xml_bytes": sum(len(d) for _, d in parts)} for name, parts in loaded},
    }
    for suffix in DOCUMENT_SUFFIXES:
        result[f"write_{suffix[1:]}_s"] = sum(s for n, s in per_document.items() if n.lower().endswith(suffix))
    result["write_s"] = sum(per_document.values())
    result["written_mb"] = round(sum(written.values()) / 2**20, 2)
    result["parts_mb"] = round(sum(d["xml_bytes"] for d in result["documents"].values()) / 2**20, 2)
    return result


def read_parts(path: Path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """Every part of the zip package at *path*, uncompressed, in its order."""
    with zipfile.ZipFile(path) as z:
        return [(_copy_info(info), z.read(info)) for info in z.infolist()]


def write_parts(parts: list[tuple[zipfile.ZipInfo, bytes]], target: Path) -> None:
    """Zip *parts* into *target*, each with its own compression."""
    with open(target, "wb") as f, zipfile.ZipFile(f, "w") as z:
        for info, data in parts:
            z.writestr(info, data)


def _copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """The part's name, time and compression (what ``writestr`` uses), not its sizes."""
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    copy.compress_type = info.compress_type
    copy.external_attr = info.external_attr
    return copy


# --- memory of a process and all it starts (parent side) ------------------------------------


class TreeMemory:
    """The peak of the summed memory of a process and its descendants, sampled
    from ``/proc`` every :data:`INTERVAL` seconds while it runs (Linux).

    ``ru_maxrss`` cannot give this: each process's own peak comes at a
    different time, and a child started with fork and exec inherits its
    parent's peak at the fork in its ``ru_maxrss``. Here every sample sums
    what the processes hold at that moment (new processes are looked for every
    :data:`RESCAN` seconds): PSS (each shared page split
    between the processes that share it, so nothing counts twice) and USS
    (their private pages only), and the peak of each sum is kept."""

    INTERVAL = 0.05
    RESCAN = 0.25  # seconds between looks for new processes (the sampling itself costs CPU)

    def __init__(self, pid: int):
        self.pid = pid
        self.peak_pss_mb = self.peak_uss_mb = 0.0
        self.most_processes = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="minne")
        self._thread.start()

    def stop(self) -> dict[str, Any]:
        self._stop.set()
        self._thread.join()
        return {"tree_pss_peak_mb": round(self.peak_pss_mb, 1), "tree_uss_peak_mb": round(self.peak_uss_mb, 1),
                "tree_processes": self.most_processes, "tree_samples": self.samples}

    def _run(self) -> None:
        pids, scanned = [], float("-inf")
        while not self._stop.is_set():
            if time.monotonic() - scanned >= self.RESCAN:
                pids, scanned = _descendants(self.pid), time.monotonic()
            pss = uss = 0.0
            for pid in pids:
                p, u = _pss_uss_mb(pid)
                pss, uss = pss + p, uss + u
            if pids:
                self.samples += 1
                self.peak_pss_mb = max(self.peak_pss_mb, pss)
                self.peak_uss_mb = max(self.peak_uss_mb, uss)
                self.most_processes = max(self.most_processes, len(pids))
            self._stop.wait(self.INTERVAL)


def available() -> bool:
    return Path("/proc/self/smaps_rollup").is_file()


def _descendants(root: int) -> list[int]:
    """*root* and every process below it, now."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat[stat.rindex(")") + 2:].split()[1])
    tree, frontier = [], [root] if root in parents else []
    while frontier:
        pid = frontier.pop()
        tree.append(pid)
        frontier += [child for child, parent in parents.items() if parent == pid]
    return tree


def _pss_uss_mb(pid: int) -> tuple[float, float]:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0.0, 0.0
    fields = {}
    for line in text.splitlines()[1:]:
        name, _, value = line.partition(":")
        if value.strip().endswith("kB"):
            fields[name] = int(value.split()[0])
    return fields.get("Pss", 0) / 1024, (fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)) / 1024


# --- CPU time (in the run child) -------------------------------------------------------------


def cpu_seconds() -> float:
    """User + system seconds of this process and of its reaped children so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


# --- the whole command (parent side) ---------------------------------------------------------

_IMPORT_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( *)(\S+)\s*$")


def time_command(ws: Path, env: dict[str, str], cwd: Path) -> dict[str, Any]:
    """The whole ``python -m pipeline -w WS run`` with nothing to do, timed
    :data:`COMMAND_RUNS` times; the bare interpreter likewise; and one run
    under ``-X importtime``, summarised."""
    def timed(argv: list[str]) -> tuple[float, subprocess.CompletedProcess]:
        start = time.perf_counter()
        done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
        return time.perf_counter() - start, done

    command = [sys.executable, "-m", "pipeline", "-w", str(ws), "run"]
    runs, ok = [], True
    for _ in range(COMMAND_RUNS):
        seconds, done = timed(command)
        runs.append(round(seconds, 3))
        ok = ok and done.returncode == 0
    bare = [round(timed([sys.executable, "-c", "pass"])[0], 3) for _ in range(COMMAND_RUNS)]
    _, traced = timed([sys.executable, "-X", "importtime", *command[1:]])
    return {
        "command_s": statistics.median(runs) if ok else None,
        "command_runs_s": runs,
        "python_bare_s": statistics.median(bare),
        "importtime": summarise_importtime(traced.stderr),
    }


def summarise_importtime(stderr: str, top: int = 12) -> dict[str, Any]:
    """From ``-X importtime`` output: the total, the heaviest imports made at
    the top level (cumulative, microseconds → seconds), and the import time
    of each root package (its modules' own time, wherever imported)."""
    level0: list[tuple[str, int]] = []
    per_root: dict[str, int] = {}
    modules = 0
    for line in stderr.splitlines():
        m = _IMPORT_LINE.match(line)
        if not m:
            continue
        own, cumulative, indent, name = int(m[1]), int(m[2]), m[3], m[4]
        modules += 1
        if len(indent) <= 1:
            level0.append((name, cumulative))
        root = name.split(".")[0]
        per_root[root] = per_root.get(root, 0) + own
    total = sum(c for _, c in level0)
    return {
        "total_s": round(total / 1e6, 3),
        "modules": modules,
        "top_level": [[n, round(c / 1e6, 3)] for n, c in sorted(level0, key=lambda x: -x[1])[:top]],
        "packages": [[n, round(c / 1e6, 3)] for n, c in sorted(per_root.items(), key=lambda x: -x[1])[:top]],
    }


# --- ratios and the table --------------------------------------------------------------------


def ratios(size: dict[str, Any], smallest: dict[str, Any] | None) -> dict[str, Any]:
    """Issue 18's ratios for one size (``smallest``: the size growth is measured against)."""
    cold, rev, same, floor = size["cold"], size["revision"], size["nochange"], size["floor"]
    main_plus_worker = max(s["main_rss_mb"] + max(1, s.get("workers", 1)) * s["worker_rss_mb"]
                           for s in (cold, rev, same))
    # The run and everything it started, summed as they were at the same moment (see
    # TreeMemory); the older sum of peaks where the tree was not sampled.
    tree = [s["tree_pss_peak_mb"] for s in (cold, rev, same) if s.get("tree_pss_peak_mb")]
    peak = max(tree) if len(tree) == 3 else main_plus_worker
    write_floor_s = floor.get("floor_write_s")
    result: dict[str, Any] = {
        "revision_over_cold": rev["run_s"] / cold["run_s"],
        "cold_over_write_floor": cold["run_s"] / write_floor_s if write_floor_s else None,
        "peak_rss_mb": peak,
        "peak_measure": "pss-tree" if len(tree) == 3 else "main+workers×worker",
        "rss_sum_of_peaks_mb": main_plus_worker,
        "per_unit_ms": 1000 * cold["run_s"] / size["units"],
        "command_s": same.get("command_s"),
        "cpu_over_wall": cold.get("cpu_s", 0) / cold["run_s"] if cold.get("cpu_s") is not None else None,
        "revision_cpu_over_wall": rev.get("cpu_s", 0) / rev["run_s"] if rev.get("cpu_s") is not None else None,
    }
    if smallest is not None:
        result["per_unit_growth"] = result["per_unit_ms"] / (1000 * smallest["cold"]["run_s"] / smallest["units"])
        result["per_unit_growth_vs"] = smallest["units"]

    def under(key: str, value: float | None, strict: bool = False) -> bool | None:
        if value is None:
            return None
        return value < TARGETS[key] if strict else value <= TARGETS[key]

    result["met"] = {
        "revision_over_cold": under("revision_over_cold", result["revision_over_cold"]),
        "cold_over_write_floor": under("cold_over_write_floor", result["cold_over_write_floor"]),
        "peak_rss_mb": under("peak_rss_mb", peak, strict=True),
        "per_unit_growth": under("per_unit_growth", result.get("per_unit_growth")),
        "command_s": under("command_s", result["command_s"], strict=True),
    }
    return result


def add_marginal(sizes: list[dict[str, Any]]) -> None:
    """Give each size's ``ratios18`` the CPU milliseconds each unit added since
    the size before (``marginal_cpu_ms``): the fixed costs of a run (imports,
    charts) hide a quadratic term in the cost per unit at small sizes, not here."""
    for before, size in zip(sizes, sizes[1:]):
        a, b = before["cold"].get("cpu_s"), size["cold"].get("cpu_s")
        if a is not None and b is not None and size["units"] > before["units"]:
            size["ratios18"]["marginal_cpu_ms"] = 1000 * (b - a) / (size["units"] - before["units"])


def table(modes: dict[str, list[dict[str, Any]]], load: dict[str, Any]) -> str:
    def mark(ok: bool | None) -> str:
        return "" if ok is None else (" ✓" if ok else " ✗")

    def num(value: float | None, fmt: str) -> str:
        return "–" if value is None else format(value, fmt)

    t = TARGETS
    lines = [
        f"Issue 18 (mål ved 200 enheter, 2 kjerner): rev/kald ≤ {t['revision_over_cold']}, "
        f"kald/skrivegulv ≤ {t['cold_over_write_floor']}, topp < {t['peak_rss_mb']:.0f} MB, "
        f"vekst ≤ {t['per_unit_growth']} (mot minste størrelse), kommando < {t['command_s']} s, "
        f"watch-median ≤ {t['watch_median_s']} s (watch_latency.py --units 200)",
        f"{'modus':>12} {'enheter':>7} | {'kald s':>7} {'CPU s':>6} {'skriv s':>7} {'gulv s':>7} {'kald/gulv':>10} | "
        f"{'rev s':>6} {'CPU s':>6} {'rev/kald':>9} | {'topp MB':>8} | {'ms/enhet':>8} {'vekst':>7} | "
        f"{'marg. ms':>8} {'CPU/vegg':>8} | {'kommando s':>10} {'python s':>8} | {'last':>4}",
        "-" * 165,
    ]
    for mode, sizes in modes.items():
        for s in sizes:
            r, floor = s["ratios18"], s["floor"]
            met = r["met"]
            growth = f"{r['per_unit_growth']:.2f}{mark(met['per_unit_growth'])}" if "per_unit_growth" in r else "–"
            cold_floor = (f"{r['cold_over_write_floor']:.2f}{mark(met['cold_over_write_floor'])}"
                          if r["cold_over_write_floor"] is not None else "–")
            lines.append(
                f"{mode:>12} {s['units']:>7} | {s['cold']['run_s']:>7.2f} {num(s['cold'].get('cpu_s'), '.2f'):>6} "
                f"{num(floor.get('write_s'), '.2f'):>7} "
                f"{num(floor.get('floor_write_s'), '.2f'):>7} {cold_floor:>10} | {s['revision']['run_s']:>6.2f} "
                f"{num(s['revision'].get('cpu_s'), '.2f'):>6} "
                f"{r['revision_over_cold']:>7.2f}{mark(met['revision_over_cold'])} | "
                f"{r['peak_rss_mb']:>6.0f}{mark(met['peak_rss_mb'])} | {r['per_unit_ms']:>8.1f} {growth:>7} | "
                f"{num(r.get('marginal_cpu_ms'), '.0f'):>8} {num(r['cpu_over_wall'], '.2f'):>8} | "
                f"{num(r['command_s'], '.2f')}{mark(met['command_s']):<2} {num(s['nochange'].get('python_bare_s'), '.2f'):>8}"
                f" | {num(max(s.get('loadavg_1min') or [0]), '.1f'):>4}"
            )
    lines.append("")
    lines.append("Dokumentene (kald kjøring, største størrelse): XML-deler MB / skrevet MB / skrivetid s")
    for mode, sizes in modes.items():
        if not sizes:
            continue
        docs = sizes[-1]["floor"].get("documents", {})
        text = "; ".join(f"{n}: {d['xml_bytes'] / 2**20:.1f}/{d['bytes'] / 2**20:.1f}/{d['write_s']:.2f}"
                         for n, d in docs.items())
        lines.append(f"{mode:>12} {sizes[-1]['units']:>4}: {text}")
    for mode, sizes in modes.items():
        imports = sizes[-1]["nochange"].get("importtime") if sizes else None
        if imports:
            top = ", ".join(f"{n} {s:.3f}" for n, s in imports["top_level"][:8])
            packages = ", ".join(f"{n} {s:.3f}" for n, s in imports["packages"][:10])
            lines.append(f"{mode:>12} import (-X importtime, {imports['modules']} moduler, {imports['total_s']:.2f} s): "
                         f"øverst {top}")
            lines.append(f"{'':>12} per pakke (egen tid): {packages}")
    lines.append("«CPU s»: brukt CPU-tid (bruker + system, med inntaksarbeideren); den påvirkes langt mindre av "
                 "andres last enn veggtiden")
    lines.append("«marg. ms»: CPU-millisekunder hver enhet la til siden størrelsen før (vokser den, vokser "
                 "kjøringen raskere enn lineært)")
    lines.append("«last»: det høyeste 1-minutts lastsnittet ved starten av hvert scenario (2 kjerner; over 2 venter prosessene)")
    lines.append(f"Maskinlast (1/5/15 min): før {_load(load.get('loadavg_before'))}, "
                 f"etter {_load(load.get('loadavg_after'))}")
    return "\n".join(lines)


def _load(values: Any) -> str:
    return "–" if not values else " ".join(f"{v:.2f}" for v in values)


def main(argv: list[str] | None = None) -> int:
    """Print issue 18's table from a results file of :mod:`benchmarks.run`."""
    import argparse
    import json

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("results", help="e.g. benchmarks/results/latest.json")
    args = parser.parse_args(argv)
    report = json.loads(Path(args.results).read_text(encoding="utf-8"))
    modes = report.get("modes") or {report.get("mode", "independent"): report["sizes"]}
    for sizes in modes.values():
        smallest = sizes[0] if len(sizes) > 1 else None
        for size in sizes:
            if "ratios18" not in size:  # a file from before issue 18: what can be worked out
                size["ratios18"] = ratios(size, smallest if size is not smallest else None)
        add_marginal(sizes)
    print(table(modes, report.get("machine", {})))
    return 0


if __name__ == "__main__":
    sys.exit(main())
