"""The store benchmark: a cold run, a revision and a rerun at N units, on SQLite and on
PostgreSQL, in the same run (same forms, same machine, same moment).

    python3 -m benchmarks.store                  # 200 units
    python3 -m benchmarks.store --units 50

The scenarios are :mod:`benchmarks.run`'s (each in its own child process:
``build.run`` with every form in the inbox and an empty store, then one unit's
new revision, then nothing new — also timed as the whole ``python -m pipeline
run`` command). PostgreSQL is a throwaway server started from Debian's binaries
for this run (``tests/support/pgserver.py``) with ``fsync`` on, as durable as the
SQLite store's ``synchronous=FULL``, on the same disk, reached over TCP on
localhost; it is stopped and removed afterwards. The table is printed and written
to ``benchmarks/results/store-<time>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the test suite's throwaway PostgreSQL server

from benchmarks import run as scale  # noqa: E402


def _one(backend: str, n: int, folder: Path, revision_form: Path, tmp_root: Path, url: str | None) -> dict[str, Any]:
    from benchmarks import generate

    forms = [folder / "skjemaer" / generate.unit_form(i)["file_name"] for i in range(n)]
    tmp = Path(tempfile.mkdtemp(prefix=f"{backend}-{n}-", dir=tmp_root))
    ws = scale._workspace(tmp, n, forms)
    if url is not None:
        config = ws / "strategi.toml"
        config.write_text(config.read_text("utf-8") + f'\n[lager]\nurl = "{url}"\n', "utf-8")
    print(f"  {backend}, {n} enheter: kald kjøring …", flush=True)
    cold = scale._scenario("cold", ws, tmp)
    shutil.copyfile(revision_form, ws / "inbox" / revision_form.name)
    print(f"  {backend}, {n} enheter: ny revisjon …", flush=True)
    revision = scale._scenario("revision", ws, tmp)
    print(f"  {backend}, {n} enheter: ingen endring …", flush=True)
    same = scale._scenario("nochange", ws, tmp)
    cli_s, _, code = scale._child([sys.executable, "-m", "pipeline", "-w", str(ws), "run"], quiet=True)
    same["cli_s"] = cli_s if code == 0 else None
    shutil.rmtree(tmp, ignore_errors=True)
    return {"backend": backend, "units": n, "cold": cold, "revision": revision, "nochange": same}


def _table(rows: list[dict[str, Any]]) -> str:
    lines = [f"{'lager':>10} {'enheter':>7} | {'kald s':>7} {'inntak s':>8} | {'revisjon s':>10} | "
             f"{'uendret s':>9} {'kommando s':>10} | {'topp MB':>7}", "-" * 86]
    for r in rows:
        peak = max(r[s]["peak_rss_mb"] for s in ("cold", "revision", "nochange"))
        cli = f"{r['nochange']['cli_s']:.2f}" if r["nochange"].get("cli_s") is not None else "–"
        lines.append(f"{r['backend']:>10} {r['units']:>7} | {r['cold']['run_s']:>7.2f} "
                     f"{r['cold']['timings'].get('inntak', 0):>8.2f} | {r['revision']['run_s']:>10.2f} | "
                     f"{r['nochange']['run_s']:>9.2f} {cli:>10} | {peak:>7.0f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--cache", default=os.environ.get("IKTPLAN_BENCH_CACHE", "~/.cache/iktplan-benchmarks"))
    args = parser.parse_args(argv)
    from support.pgserver import PostgresServer

    load_before = os.getloadavg()
    folder, revisions = scale._prepare_forms(Path(args.cache).expanduser(), [args.units])
    tmp_root = Path(tempfile.mkdtemp(prefix="iktplan-lager-"))
    server = PostgresServer(durable=True)
    server.start()
    try:
        rows = [_one("sqlite", args.units, folder, revisions[args.units], tmp_root, None),
                _one("postgresql", args.units, folder, revisions[args.units], tmp_root, server.url)]
    finally:
        server.stop()
        shutil.rmtree(tmp_root, ignore_errors=True)
    table = _table(rows)
    print()
    print(table)
    report = {"benchmark": "store", "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "machine": {"cpus": os.cpu_count(), "loadavg_before": load_before, "loadavg_after": os.getloadavg()},
              "postgresql": str(server.bindir), "rows": rows}
    scale.RESULTS.mkdir(parents=True, exist_ok=True)
    out = scale.RESULTS / f"store-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print(f"\nSkrevet: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
