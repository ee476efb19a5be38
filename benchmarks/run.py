"""Scale benchmark: 25, 50, 100 and 200 units, cold run, one revision, nothing changed.

    python3 -m benchmarks.run                     # 25, 50, 100, 200 units
    python3 -m benchmarks.run --units 25,50       # fewer sizes
    python3 -m benchmarks.run --repeat 3          # median of three rounds per size
    python3 -m benchmarks.run --mode both         # independent forms, then repeated ones (issue 18)
    python3 -m benchmarks.run --profile           # also a cProfile of each cold and revision run

For each number of units, in a fresh workspace (``init_workspace``, the units
listed in ``strategi.toml``) with every form in the inbox:

* **cold**: ``build.run`` with an empty store; all documents written;
* **revision**: one unit sends a new revision; ``build.run`` again;
* **nochange**: ``build.run`` with nothing new (must make no new version);
  also timed as the whole command, ``python -m pipeline run``;
* **floor**: reading every cell of every form with python-calamine, plus
  rendering the three documents once from a ready model (issue 6); and, the
  floor of issue 18, the same read plus writing the cold run's documents'
  bytes again from their parts in memory (:mod:`benchmarks.issue18`).

The forms are the generator's independent ones (every unit writes its own), or
with ``--mode repetition`` units that propose the same things in nearly the same
words (:mod:`benchmarks.repeated`); ``--mode both`` runs both.

Each scenario runs in its own child process, so its peak memory (RSS) is its
own: the child's, and that of the worker processes it started (reaped before
the child ends). Stage times come from ``RunReport.timings``. The table is
printed and written as JSON to ``benchmarks/results/<time>.json`` and
``benchmarks/results/latest.json``. Forms are generated once per generator
version and kept in ``~/.cache/iktplan-benchmarks`` (``--cache``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SIZES = (25, 50, 100, 200)

#: The targets of issue 6, at 200 units on a 2-core machine.
TARGETS = {
    "cold_over_floor": 2.0,  # cold run ≤ 2 × (calamine read + render once)
    "revision_over_render": 1.3,  # rerun after one revision ≤ 1.3 × render once
    "nochange_s": 1.0,  # rerun with nothing changed < 1 s, and no new version
    "peak_rss_mb": 500.0,
    "per_unit_growth": 1.3,  # cost per unit at 200 ≤ 1.3 × cost per unit at 25
}


# --- child side: one scenario ----------------------------------------------------------

_RSS_UNIT = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is bytes on macOS, KB on Linux


def _rusage_mb() -> dict[str, float]:
    """Peak RSS of this process and of its reaped children, in MB (Linux: KB units)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * _RSS_UNIT / 2**20
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * _RSS_UNIT / 2**20
    return {"main_rss_mb": round(own, 1), "worker_rss_mb": round(children, 1)}


def _close_workers() -> int:
    """Stop the intake's worker process so it is reaped and counted; return
    how many workers were started."""
    from pipeline.intake import worker

    checker = worker._checker
    started = getattr(checker, "started", 1)
    checker.close()
    return started


def _scenario_run(ws_path: Path, profile: Path | None = None) -> dict[str, Any]:
    from benchmarks.issue18 import cpu_seconds
    from pipeline import build
    from pipeline.workspace import open_workspace

    ws = open_workspace(ws_path)
    profiler = None
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
    cpu = cpu_seconds()
    start = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    report = build.run(ws)
    if profiler is not None:
        profiler.disable()
    seconds = time.perf_counter() - start
    workers = _close_workers()
    cpu = cpu_seconds() - cpu  # with the intake worker's, now that it is reaped
    if profiler is not None:
        profiler.dump_stats(profile)
    statuses: dict[str, int] = {}
    for o in report.outcomes:
        statuses[o.status] = statuses.get(o.status, 0) + 1
    return {
        "run_s": seconds,
        "cpu_s": cpu,  # user + system of the run and its reaped workers (issue 18: both cores used?)
        "workers": workers,  # worker processes started (each peaks at worker_rss_mb at most)
        "timings": report.timings,
        "new_version": report.new_version,
        "version": report.version,
        "received": statuses,
        # From the summary: a run that changed nothing builds no model (asking for it would).
        "measures": report.summary.measures,
        "units_in_model": report.summary.units,
        "built_model": report.built,
    }


def _scenario_floor(ws_path: Path, forms: list[Path], documents: Path | None = None) -> dict[str, Any]:
    """The floor (calamine read + render once) and, beside it, what each part
    of the pipeline costs on its own, for the profile."""
    import python_calamine

    from pipeline.core.assessment import assess
    from pipeline.core.model import combine
    from pipeline.documents.overview import write_overview
    from pipeline.forms.reader import read_workbook
    from pipeline.documents.chartimages import chart_images
    from pipeline.documents.rendering import render_documents
    from pipeline.intake.store import Store
    from pipeline.forms.validation import validate
    from pipeline.core.versions import VersionInfo
    from pipeline.workspace import open_workspace

    result: dict[str, Any] = {}
    start = time.perf_counter()
    cells = 0
    for p in forms:
        wb = python_calamine.CalamineWorkbook.from_path(str(p))
        for name in wb.sheet_names:
            cells += sum(len(r) for r in wb.get_sheet_by_name(name).to_python())
        wb.close()
    result["read_calamine_s"] = time.perf_counter() - start
    result["cells"] = cells

    ws = open_workspace(ws_path)
    config = ws.config()
    with Store(ws.database) as store:
        submissions = store.latest_accepted()
    model = combine(config, submissions)
    start = time.perf_counter()
    assessment = assess(model)
    result["assess_s"] = time.perf_counter() - start
    version = VersionInfo(1, datetime.now().astimezone())
    with tempfile.TemporaryDirectory(prefix="iktplan-floor-") as tmp:
        start = time.perf_counter()
        render_documents(model, assessment, version, ws.templates, Path(tmp) / "docs")
        result["render_s"] = time.perf_counter() - start
        start = time.perf_counter()
        write_overview(model, assessment, Path(tmp) / "oversikt.xlsx")
        result["overview_s"] = time.perf_counter() - start
    import pipeline.documents.chartimages as chartimages

    getattr(chartimages, "_DRAWN", {}).clear()  # drawn again, not taken from the render above
    start = time.perf_counter()
    chart_images(model, assessment)
    result["charts_s"] = time.perf_counter() - start

    # The read/validate split, in one process (the run does it in a worker).
    start = time.perf_counter()
    raws = [read_workbook(p) for p in forms]
    result["read_openpyxl_s"] = time.perf_counter() - start
    try:
        from pipeline.forms.fastreader import read_workbook as fast_read
    except ImportError:
        fast_read = None
    if fast_read is not None:
        start = time.perf_counter()
        for p in forms:
            fast_read(p)
        result["read_fast_s"] = time.perf_counter() - start
    start = time.perf_counter()
    for raw in raws:
        validate(raw, config)
    result["validate_s"] = time.perf_counter() - start
    result["floor_s"] = result["read_calamine_s"] + result["render_s"]
    if documents is not None:  # issue 18: calamine read + writing the cold run's documents' bytes
        from benchmarks.issue18 import write_floor

        result.update(write_floor(documents))
        result["floor_write_s"] = result["read_calamine_s"] + result["write_s"]
    return result


def child_main(args: argparse.Namespace) -> int:
    if args.scenario == "floor":
        forms = [Path(p) for p in json.loads(Path(args.forms).read_text())]
        result = _scenario_floor(Path(args.workspace), forms, Path(args.documents) if args.documents else None)
    else:
        result = _scenario_run(Path(args.workspace), Path(args.profile_to) if args.profile_to else None)
    result.update(_rusage_mb())
    Path(args.result).write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    return 0


# --- parent side ---------------------------------------------------------------------------


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))


def _child(argv: list[str], quiet: bool = False, memory: dict[str, Any] | None = None) -> tuple[float, float, int]:
    """Run *argv* in a child; (wall seconds, peak RSS in MB of it and its reaped
    children, exit status). *memory* (where /proc allows) receives the peak of
    the child's and its descendants' memory summed over time (issue 18's measure)."""
    from benchmarks import issue18

    env = _env()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL if quiet else None)
    sampler = issue18.TreeMemory(proc.pid) if memory is not None and issue18.available() else None
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if sampler is not None:
        memory.update(sampler.stop())
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss * _RSS_UNIT / 2**20, proc.returncode


def _scenario(name: str, ws: Path, tmp: Path, forms: Path | None = None, documents: Path | None = None,
              profile: Path | None = None) -> dict[str, Any]:
    out = tmp / f"{name}.json"
    argv = [sys.executable, "-m", "benchmarks.run", "--scenario", name, "--workspace", str(ws), "--result", str(out)]
    if forms is not None:
        argv += ["--forms", str(forms)]
    if documents is not None:
        argv += ["--documents", str(documents)]
    if profile is not None:
        argv += ["--profile-to", str(profile)]
    memory: dict[str, Any] = {}
    seconds, peak, code = _child(argv, memory=memory)
    if code != 0:
        raise SystemExit(f"scenario {name} failed (exit {code})")
    result = json.loads(out.read_text(encoding="utf-8"))
    result.update(memory)
    result["process_s"] = seconds
    result["peak_rss_mb"] = round(peak, 1)
    return result


def _prepare_forms(cache: Path, sizes: list[int], repetition: bool = False) -> tuple[Path, dict[int, Path]]:
    """Generate (or reuse) the forms for the largest size and one revision per size."""
    from benchmarks import generate
    from pipeline.forms.blankform import write_blank_form
    from pipeline.config import parse_config
    from pipeline.workspace import defaults_dir

    import tomllib

    base = (defaults_dir() / "strategi.toml").read_text(encoding="utf-8")
    biggest = max(sizes)
    config_text = generate.config_text(base, biggest)
    folder = cache / generate.cache_key(base.encode(), repetition=repetition)  # the units listed do not change the blank form
    folder.mkdir(parents=True, exist_ok=True)
    blank = folder / "Kartleggingsskjema.xlsx"
    if not blank.exists():
        write_blank_form(parse_config(tomllib.loads(config_text)), blank)
    entries = [generate.unit_form(i, repetition=repetition) for i in range(biggest)]
    revisions = {n: generate.revision(n // 2, repetition=repetition) for n in sizes}
    start = time.perf_counter()
    paths = generate.write_forms(blank, folder / "skjemaer", entries + list(revisions.values()))
    print(f"skjemaer: {len(paths)} i {folder} ({time.perf_counter() - start:.1f} s)", flush=True)
    return folder, {n: paths[biggest + i] for i, n in enumerate(sizes)}


def _workspace(tmp: Path, n: int, forms: list[Path]) -> Path:
    from benchmarks import generate
    from pipeline.workspace import defaults_dir, init_workspace

    ws = init_workspace(tmp / f"ws-{n}")
    base = (defaults_dir() / "strategi.toml").read_text(encoding="utf-8")
    ws.config_path.write_text(generate.config_text(base, n), encoding="utf-8")
    first = time.time_ns() - len(forms) * 1_000_000_000
    for i, form in enumerate(forms):
        target = ws.inbox / form.name
        shutil.copyfile(form, target)
        stamp = first + i * 1_000_000_000  # arrival order = unit order
        os.utime(target, ns=(stamp, stamp))
    return ws.root


def _one_size(n: int, folder: Path, revision_form: Path, tmp_root: Path, mode: str = "independent",
              profile: bool = False) -> dict[str, Any]:
    from benchmarks import generate, issue18

    forms = [folder / "skjemaer" / generate.unit_form(i, repetition=mode == "repetition")["file_name"]
             for i in range(n)]
    tmp = Path(tempfile.mkdtemp(prefix=f"n{n}-", dir=tmp_root))
    ws = _workspace(tmp, n, forms)
    forms_list = tmp / "forms.json"
    forms_list.write_text(json.dumps([str(p) for p in forms]), encoding="utf-8")
    profiles = {name: RESULTS / f"profil-{mode}-{n}-{name}.prof" if profile else None for name in ("cold", "revision")}
    if profile:
        RESULTS.mkdir(parents=True, exist_ok=True)
    print(f"  {n} enheter ({mode}): kald kjøring …", flush=True)
    load = [os.getloadavg()[0]]  # the 1-minute load at each scenario's start: the machine is shared
    cold = _scenario("cold", ws, tmp, profile=profiles["cold"])
    load.append(os.getloadavg()[0])
    documents = tmp / "kalde-dokumenter"
    issue18.keep_documents(ws / "outbox", documents)  # issue 18's floor writes these again
    shutil.copyfile(revision_form, ws / "inbox" / revision_form.name)
    print(f"  {n} enheter ({mode}): ny revisjon …", flush=True)
    rev = _scenario("revision", ws, tmp, profile=profiles["revision"])
    load.append(os.getloadavg()[0])
    print(f"  {n} enheter ({mode}): ingen endring …", flush=True)
    same = _scenario("nochange", ws, tmp)
    cli_s, cli_rss, code = _child([sys.executable, "-m", "pipeline", "-w", str(ws), "run"], quiet=True)
    same["cli_s"] = cli_s if code == 0 else None
    same.update(issue18.time_command(ws, _env(), ROOT))
    print(f"  {n} enheter ({mode}): gulvet …", flush=True)
    load.append(os.getloadavg()[0])
    floor = _scenario("floor", ws, tmp, forms_list, documents)
    load.append(os.getloadavg()[0])
    shutil.rmtree(tmp, ignore_errors=True)
    return {"units": n, "mode": mode, "cold": cold, "revision": rev, "nochange": same, "floor": floor,
            "loadavg_1min": load}  # before cold, revision, nochange, floor and after


def _median_round(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """The round with the median cold time (so one round's figures stay together)."""
    ordered = sorted(rounds, key=lambda r: r["cold"]["run_s"])
    return ordered[(len(ordered) - 1) // 2]


def _ratios(size: dict[str, Any], smallest: dict[str, Any] | None) -> dict[str, Any]:
    cold, rev, same, floor = size["cold"], size["revision"], size["nochange"], size["floor"]
    peak = max(s.get("peak_rss_mb", 0) for s in (cold, rev, same))
    # The run and all its workers may be alive together: the sum is the safe figure.
    main_plus_worker = max(s["main_rss_mb"] + max(1, s.get("workers", 1)) * s["worker_rss_mb"]
                           for s in (cold, rev, same))
    ratios = {
        "cold_over_floor": cold["run_s"] / floor["floor_s"],
        "revision_over_render": rev["run_s"] / floor["render_s"],
        "nochange_s": same["run_s"],
        "nochange_cli_s": same.get("cli_s"),
        "nochange_new_version": same["new_version"],
        "peak_rss_mb": peak,
        "main_plus_worker_rss_mb": main_plus_worker,
        "per_unit_ms": 1000 * cold["run_s"] / size["units"],
    }
    if smallest is not None:
        ratios["per_unit_growth"] = ratios["per_unit_ms"] / (1000 * smallest["cold"]["run_s"] / smallest["units"])
        ratios["per_unit_growth_vs"] = smallest["units"]
    ratios["met"] = {
        "cold_over_floor": ratios["cold_over_floor"] <= TARGETS["cold_over_floor"],
        "revision_over_render": ratios["revision_over_render"] <= TARGETS["revision_over_render"],
        "nochange_s": same["run_s"] < TARGETS["nochange_s"] and not same["new_version"],
        "peak_rss_mb": main_plus_worker < TARGETS["peak_rss_mb"],
        "per_unit_growth": (ratios["per_unit_growth"] <= TARGETS["per_unit_growth"]
                            if "per_unit_growth" in ratios else None),
    }
    return ratios


def _table(sizes: list[dict[str, Any]]) -> str:
    def mark(ok: bool | None) -> str:
        return "" if ok is None else (" ✓" if ok else " ✗")

    lines = [
        f"{'enheter':>7} | {'kald s':>7} {'gulv s':>7} {'kald/gulv':>11} | {'rev s':>6} {'rev/render':>11} | "
        f"{'uendret s':>10} {'(kommando)':>10} | {'topp MB':>9} | {'ms/enhet':>8} {'vekst':>8}",
        "-" * 120,
    ]
    for s in sizes:
        r = s["ratios"]
        met = r["met"]
        growth = f"{r['per_unit_growth']:.2f}{mark(met['per_unit_growth'])}" if "per_unit_growth" in r else "–"
        cli = f"{r['nochange_cli_s']:.2f}" if r.get("nochange_cli_s") is not None else "–"
        lines.append(
            f"{s['units']:>7} | {s['cold']['run_s']:>7.2f} {s['floor']['floor_s']:>7.2f} "
            f"{r['cold_over_floor']:>9.2f}{mark(met['cold_over_floor'])} | {s['revision']['run_s']:>6.2f} "
            f"{r['revision_over_render']:>9.2f}{mark(met['revision_over_render'])} | "
            f"{r['nochange_s']:>8.2f}{mark(met['nochange_s'])} {cli:>10} | "
            f"{r['main_plus_worker_rss_mb']:>7.0f}{mark(met['peak_rss_mb'])} | {r['per_unit_ms']:>8.1f} {growth:>8}"
        )
    lines += ["", "Trinn (sekunder): kald kjøring / revisjon; gulvet: calamine-lesing, render, og hver del for seg"]
    stages = sorted({k for s in sizes for k in s["cold"]["timings"]} | {k for s in sizes for k in s["revision"]["timings"]},
                    key=lambda k: _STAGE_ORDER.get(k, 99))
    parts = ("read_calamine_s", "read_openpyxl_s", "read_fast_s", "validate_s", "assess_s", "charts_s", "render_s",
             "overview_s")
    for s in sizes:
        cold = " ".join(f"{k}={s['cold']['timings'].get(k, 0):.2f}" for k in stages)
        rev = " ".join(f"{k}={s['revision']['timings'].get(k, 0):.2f}" for k in stages)
        floor = " ".join(f"{k[:-2]}={s['floor'][k]:.2f}" for k in parts if k in s["floor"])
        lines.append(f"{s['units']:>7} kald: {cold}")
        lines.append(f"{'':>7} rev:  {rev}")
        lines.append(f"{'':>7} deler: {floor}")
    return "\n".join(lines)


_STAGE_ORDER = {name: i for i, name in enumerate(
    ("inntak", "lesing", "validering", "modell", "vurdering", "dokumenter", "oversikt", "pdf", "publisering"))}


def _sources_hash() -> str:
    import hashlib

    h = hashlib.sha256()
    for p in sorted((ROOT / "pipeline").rglob("*.py")):
        h.update(p.relative_to(ROOT).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:12]


def _one_mode(mode: str, sizes: list[int], cache: Path, args: argparse.Namespace) -> list[dict[str, Any]]:
    from benchmarks import issue18

    folder, revisions = _prepare_forms(cache, sizes, repetition=mode == "repetition")
    tmp_root = Path(tempfile.mkdtemp(prefix="iktplan-bench-"))
    results = []
    try:
        for n in sizes:
            rounds = [_one_size(n, folder, revisions[n], tmp_root, mode, args.profile) for _ in range(args.repeat)]
            chosen = _median_round(rounds)
            if args.repeat > 1:
                chosen["rounds"] = [{"cold_s": r["cold"]["run_s"], "revision_s": r["revision"]["run_s"],
                                     "nochange_s": r["nochange"]["run_s"], "floor_s": r["floor"]["floor_s"],
                                     "render_s": r["floor"]["render_s"],
                                     "floor_write_s": r["floor"].get("floor_write_s")} for r in rounds]
            results.append(chosen)
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)
    smallest = results[0] if results and results[0]["units"] != results[-1]["units"] else None
    for s in results:
        s["ratios"] = _ratios(s, smallest if s is not smallest else None)
        s["ratios18"] = issue18.ratios(s, smallest if s is not smallest else None)
    issue18.add_marginal(results)
    return results


MODES = {"independent": ("independent",), "repetition": ("repetition",), "both": ("independent", "repetition")}


def parent_main(args: argparse.Namespace) -> int:
    from benchmarks import issue18

    sizes = sorted({int(x) for x in args.units.split(",") if x.strip()})
    cache = Path(args.cache).expanduser()
    load_before = os.getloadavg()
    modes = {mode: _one_mode(mode, sizes, cache, args) for mode in MODES[args.mode]}
    results = next(iter(modes.values()))  # «sizes» as before: the first mode's

    from pipeline import __version__

    report = {
        "benchmark": "scale",
        "label": args.label,
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "iktplan": __version__,
        "sources": _sources_hash(),
        "machine": {"python": platform.python_version(), "system": platform.platform(), "cpus": os.cpu_count(),
                    "loadavg_before": load_before, "loadavg_after": os.getloadavg()},
        "repeat": args.repeat,
        "targets": TARGETS,
        "targets_issue18": issue18.TARGETS,
        "mode": next(iter(modes)),  # of «sizes»
        "sizes": results,
        "modes": modes,
    }
    machine = report["machine"]
    table = "\n\n".join([*(f"[{mode}]\n{_table(sizes)}" for mode, sizes in modes.items()),
                          issue18.table(modes, machine)])
    print()
    print(table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    text = json.dumps(report, indent=2, ensure_ascii=False, default=str)
    for name in (f"{stamp}.json", "latest.json", *([f"{args.label}.json"] if args.label else [])):
        (RESULTS / name).write_text(text + "\n", encoding="utf-8")
    print(f"\nSkrevet: {RESULTS / (stamp + '.json')} og latest.json")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", default=",".join(map(str, SIZES)), help="comma-separated sizes (25,50,100,200)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds per size; the median round is kept")
    parser.add_argument("--label", default=None, help="also write results/<label>.json (e.g. before, after)")
    parser.add_argument("--cache", default=os.environ.get("IKTPLAN_BENCH_CACHE", "~/.cache/iktplan-benchmarks"))
    parser.add_argument("--mode", choices=tuple(MODES), default="independent",
                        help="the generator's forms: independent (default), repetition (issue 18), or both")
    parser.add_argument("--profile", action="store_true",
                        help="also write a cProfile of each cold and revision run to results/profil-*.prof")
    parser.add_argument("--documents", help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", help=argparse.SUPPRESS)
    parser.add_argument("--scenario", choices=("cold", "revision", "nochange", "floor"), help=argparse.SUPPRESS)
    parser.add_argument("--workspace", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--forms", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scenario:
        return child_main(args)
    return parent_main(args)


if __name__ == "__main__":
    sys.exit(main())
