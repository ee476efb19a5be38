"""How long from a form landing in the inbox to the documents being up to date,
with ``iktplan watch`` running and 50 units (``--units``) already in the store.

Each of 20 drops is a new revision of one unit's form, delivered the way a copy
program does (temporary name, then a rename). The latency is measured from the
rename to the end of the run the watcher started for it (the documents are
written within the run). The run's own duration is reported beside it, so the
share spent waiting for the file to settle is visible.

    python benchmarks/watch_latency.py               # inotify, default settle time
    python benchmarks/watch_latency.py --polling     # polling observer (network shares)
    python benchmarks/watch_latency.py --units 200 --forms independent   # issue 18's target

The forms are by default the small example form, one per unit (as the issue-6
figures were measured); ``--forms independent`` or ``--forms repetition`` uses
the scale benchmark's realistic forms (:mod:`benchmarks.generate`, cached like
``benchmarks.run``'s), and each drop is the next revision of one of them.

Prints a table with issue 18's target (median ≤ 3 s at 200 units) and writes
``benchmarks/results/watch_latency[-polling].json`` (with ``-<units>-<forms>``
in the name unless 50 example forms).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import generate  # noqa: E402
from benchmarks.issue18 import TARGETS  # noqa: E402
from pipeline import build  # noqa: E402
from pipeline.forms.formfill import example_unit, fill_form  # noqa: E402
from pipeline.watch import WatchEvent, watch  # noqa: E402
from pipeline.workspace import defaults_dir, init_workspace  # noqa: E402

UNITS = 50
DROPS = 20
AREAS = ["Oppvekst og utdanning", "Helse og omsorg", "Teknisk og eiendom", "Kultur og fritid",
         "Sentraladministrasjonen", "NAV og sosiale tjenester"]
RESULTS = Path(__file__).resolve().parent / "results"


def unit_form(blank: Path, out: Path, i: int, revision: int) -> Path:
    data = example_unit()
    data["unit"] = {**data["unit"], "enhet": f"Enhet {i:02d} {AREAS[i % len(AREAS)].split()[0]}",
                    "tjenesteomrade": AREAS[i % len(AREAS)]}
    data["measures"] = [{**m, "Tiltak": f"{m['Tiltak']} (enhet {i}, revisjon {revision})"} for m in data["measures"]]
    return fill_form(blank, out, **data)


def generated_forms(cache: Path, units: int, drops: int, repetition: bool) -> tuple[list[Path], list[Path]]:
    """The benchmark generator's forms for *units* units and the next revision
    of the first *drops* of them, from (or into) the scale benchmark's cache."""
    import tomllib

    from pipeline.config import parse_config
    from pipeline.forms.blankform import write_blank_form

    base = (defaults_dir() / "strategi.toml").read_text(encoding="utf-8")
    folder = cache / generate.cache_key(base.encode(), repetition=repetition)
    folder.mkdir(parents=True, exist_ok=True)
    blank = folder / "Kartleggingsskjema.xlsx"
    if not blank.exists():
        write_blank_form(parse_config(tomllib.loads(generate.config_text(base, units))), blank)
    entries = [generate.unit_form(i, repetition=repetition) for i in range(units)]
    entries += [generate.revision(k, repetition=repetition) for k in range(drops)]
    paths = generate.write_forms(blank, folder / "skjemaer", entries)
    return paths[:units], paths[units:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polling", action="store_true", help="use the polling observer")
    parser.add_argument("--settle", type=float, default=None, help="settle seconds (default: watch()'s default)")
    parser.add_argument("--drops", type=int, default=DROPS)
    parser.add_argument("--units", type=int, default=UNITS, help="units in the store before the drops (50)")
    parser.add_argument("--forms", choices=("example", "independent", "repetition"), default="example",
                        help="the example form per unit (default), or the scale benchmark's generated forms")
    parser.add_argument("--cache", default=os.environ.get("IKTPLAN_BENCH_CACHE", "~/.cache/iktplan-benchmarks"))
    args = parser.parse_args()
    if args.forms != "example" and args.drops > args.units:
        parser.error("--drops must not exceed --units with generated forms (each drop revises one unit)")
    load_before = os.getloadavg()

    with tempfile.TemporaryDirectory(prefix="iktplan-watch-bench-") as tmp:
        ws = init_workspace(Path(tmp) / "ws")
        forms = Path(tmp) / "forms"
        forms.mkdir()
        print(f"Lager {args.units} enheters skjemaer og {args.drops} nye revisjoner …", flush=True)
        if args.forms == "example":
            blank = build.write_forms(ws)
            for i in range(args.units):
                unit_form(blank, ws.inbox / f"Enhet {i:02d}.xlsx", i, 1)
            drops = [unit_form(blank, forms / f"Enhet {k:02d} rev2.xlsx", k, 2) for k in range(args.drops)]
        else:
            base = (defaults_dir() / "strategi.toml").read_text(encoding="utf-8")
            ws.config_path.write_text(generate.config_text(base, args.units), encoding="utf-8")
            firsts, drops = generated_forms(Path(args.cache).expanduser(), args.units, args.drops,
                                            args.forms == "repetition")
            stamp = time.time_ns() - len(firsts) * 1_000_000_000
            for i, form in enumerate(firsts):
                target = ws.inbox / form.name
                shutil.copyfile(form, target)
                os.utime(target, ns=(stamp + i * 1_000_000_000,) * 2)  # arrival order = unit order
        t = time.monotonic()
        first = build.run(ws)
        first_s = time.monotonic() - t
        print(f"Første kjøring med {len(first.outcomes)} skjemaer: {first_s:.1f} s", flush=True)
        assert len(first.model.units) == args.units, [o.record.errors for o in first.outcomes
                                                      if o.status != "godkjent"]

        events: list[tuple[float, WatchEvent]] = []
        arrived = threading.Condition()

        def on_event(event: WatchEvent) -> None:
            with arrived:
                events.append((time.monotonic(), event))
                arrived.notify_all()

        stop = threading.Event()
        kwargs = {"settle_seconds": args.settle} if args.settle else {}
        thread = threading.Thread(
            target=watch, args=(ws,),
            kwargs=dict(polling=args.polling, on_event=on_event, stop=stop, handle_signals=False, **kwargs),
            daemon=True,
        )
        thread.start()
        with arrived:
            arrived.wait_for(lambda: any(e.kind == "start" for _, e in events), 30)

        rows = []
        try:
            for k, form in enumerate(drops):
                time.sleep(0.5)  # quiet between drops, so each is its own arrival
                seen = len(events)
                target = ws.inbox / (f"Enhet {k:02d} revisjon 2.xlsx" if args.forms == "example" else form.name)
                tmp_name = ws.inbox / f".~kopi-{k}.xlsx"
                tmp_name.write_bytes(form.read_bytes())
                landed = time.monotonic()
                os.replace(tmp_name, target)
                with arrived:
                    ok = arrived.wait_for(lambda: any(e.kind in ("run", "error") for _, e in events[seen:]), 60)
                if not ok:
                    raise SystemExit(f"drop {k}: no run within 60 s")
                start = next(t for t, e in events[seen:] if e.kind == "run-start")
                end, done = next((t, e) for t, e in events[seen:] if e.kind in ("run", "error"))
                if done.kind == "error":
                    raise SystemExit(f"drop {k}: {done.message}")
                outcomes = done.data.outcomes
                assert [o.status for o in outcomes] == ["godkjent"], [o.record.errors for o in outcomes]
                version = done.data.version if getattr(done.data, "new_version", False) else None
                rows.append({"drop": k + 1, "latency_s": end - landed, "wait_s": start - landed,
                             "run_s": end - start, "new_document_version": version})
                print(f"  slipp {k + 1:2d}: {end - landed:5.2f} s (venting {start - landed:4.2f} s, "
                      f"kjøring {end - start:4.2f} s)", flush=True)
        finally:
            stop.set()
            thread.join(timeout=30)

    latencies = [r["latency_s"] for r in rows]
    runs = [r["run_s"] for r in rows]
    waits = [r["wait_s"] for r in rows]
    summary = {
        "drops_with_new_document_version": sum(1 for r in rows if r["new_document_version"] is not None),
        "median_s": statistics.median(latencies),
        "worst_s": max(latencies),
        "best_s": min(latencies),
        "median_wait_s": statistics.median(waits),
        "median_run_s": statistics.median(runs),
    }
    observer = "polling" if args.polling else "inotify"
    target = TARGETS["watch_median_s"]
    summary["target_median_s"] = target
    summary["met"] = summary["median_s"] <= target if args.units == 200 else None
    print()
    print(f"Fra fil i innboksen til dokumentene er oppdatert ({args.units} enheter, {args.forms}, {len(rows)} slipp, "
          f"{observer}):")
    print(f"  {'':18}{'median':>8}{'verste':>8}{'beste':>8}")
    print(f"  {'totalt':18}{summary['median_s']:8.2f}{summary['worst_s']:8.2f}{summary['best_s']:8.2f}")
    print(f"  {'venting (settle)':18}{statistics.median(waits):8.2f}{max(waits):8.2f}{min(waits):8.2f}")
    print(f"  {'selve kjøringen':18}{statistics.median(runs):8.2f}{max(runs):8.2f}{min(runs):8.2f}")
    verdict = {True: "✓", False: "✗", None: "(målet gjelder 200 enheter)"}[summary["met"]]
    print(f"Mål (issue 18): median ≤ {target:g} s ved 200 enheter; målt median {summary['median_s']:.2f} s {verdict}")
    print(f"Maskinlast (1/5/15 min): før {' '.join(f'{v:.2f}' for v in load_before)}, "
          f"etter {' '.join(f'{v:.2f}' for v in os.getloadavg())}")

    RESULTS.mkdir(parents=True, exist_ok=True)
    variant = "" if (args.units, args.forms) == (UNITS, "example") else f"-{args.units}-{args.forms}"
    out = RESULTS / f"watch_latency{'-polling' if args.polling else ''}{variant}.json"
    out.write_text(json.dumps({
        "benchmark": "watch_latency",
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "observer": observer,
        "settle_seconds": args.settle or "default",
        "units_in_store": args.units,
        "forms": args.forms,
        "first_run_s": first_s,
        "drops": len(rows),
        "machine": {"python": platform.python_version(), "system": platform.platform(), "cpus": os.cpu_count(),
                    "loadavg_before": load_before, "loadavg_after": os.getloadavg()},
        "summary": summary,
        "drops_detail": rows,
    }, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"\nSkrevet: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
