"""Benchmark harness: time queries against baselines measured in the same process and run.

Each measurement is the median wall time of `repeat` runs after one warm-up. A comparison prints
the ratio baseline_time / our_time, so >1 means crm_ehr is faster. Machines here are shared and
noisy: read ratios, not absolute seconds, and never turn them into timed tests.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time

import duckdb

ROOT = pathlib.Path(__file__).resolve().parent.parent
HERE = ROOT / "bench"
EXTENSION = pathlib.Path(os.environ.get("CRM_EHR_EXTENSION", ROOT / "build/release/crm_ehr.duckdb_extension")).resolve()
OUT = ROOT / "bench" / "out"


def connect(database: str = ":memory:") -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(database, config={"allow_unsigned_extensions": "true"})
    con.execute(f"LOAD '{EXTENSION}'")
    return con


def timed(con: duckdb.DuckDBPyConnection, sql: str, repeat: int = 3) -> float:
    con.execute(sql).fetchall()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        con.execute(sql).fetchall()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


@dataclasses.dataclass
class Comparison:
    suite: str
    name: str
    ours: float
    baseline_name: str
    baseline: float
    rows: int
    target: float | None = None  # minimum ratio baseline/ours the issue asks for

    @property
    def ratio(self) -> float:
        return self.baseline / self.ours if self.ours else float("inf")

    @property
    def has_baseline(self) -> bool:
        return self.baseline > 0

    @property
    def verdict(self) -> str:
        if self.target is None:
            return ""
        return "meets" if self.ratio >= self.target else "MISSES"

    def line(self) -> str:
        mrows = self.rows / 1e6
        if not self.has_baseline:
            return (f"{self.suite:<10} {self.name:<34} {self.ours:7.3f}s ({mrows / self.ours:6.1f} M rows/s)  "
                    f"{self.baseline_name}")
        target = f"  target >= {self.target:.2f}x: {self.verdict}" if self.target is not None else ""
        return (f"{self.suite:<10} {self.name:<34} {self.ours:7.3f}s ({mrows / self.ours:6.1f} M rows/s)  "
                f"{self.baseline_name:<34} {self.baseline:7.3f}s  ratio {self.ratio:5.2f}x{target}")


def report(comparisons: list[Comparison], suite: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    data = [dict(dataclasses.asdict(c), ratio=c.ratio) for c in comparisons]
    (OUT / f"{suite}.json").write_text(json.dumps(data, indent=2))
    header = f"{'suite':<10} {'ours':<34} {'time':>8} {'throughput':>17}  {'baseline (same run)':<34} {'time':>8}  ratio = baseline/ours"
    print(header)
    print("-" * len(header))
    for c in comparisons:
        print(c.line())


# Runs in a child process, so peak memory is the variant's own: attach the input database
# read-only, load the bench key, time the statements, then checksum the tables they built.
_CHILD = r"""
import json, sys, time
import duckdb
job = json.loads(sys.stdin.read())
con = duckdb.connect(config={"allow_unsigned_extensions": "true"})
con.execute(f"LOAD '{job['extension']}'")
con.execute(f"ATTACH '{job['db']}' AS src" + ("" if job.get("writable") else " (READ_ONLY)"))
con.execute("PRAGMA crm_ehr_load_key('bench', 'env:CRM_EHR_BENCH_KEY')")
steps = []
for statement in job["statements"]:
    start = time.perf_counter()
    con.execute(statement)
    steps.append(time.perf_counter() - start)
elapsed = sum(steps)
for statement in job.get("after", []):
    con.execute(statement)
sums = {t: [str(v) for v in con.execute(
    f"SELECT count(*), sum(hash({t})::HUGEINT) % 1000000007 FROM {t}").fetchone()] for t in job["tables"]}
# VmHWM is this process image's own peak (ru_maxrss would carry over the parent's across exec).
hwm_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"seconds": elapsed, "steps": steps, "tables": sums, "peak_mb": hwm_kb / 1024}))
"""

BENCH_KEY_HEX = "5a" * 32


def run_isolated(db: pathlib.Path, statements: list[str], tables: list[str], after: list[str] | None = None,
                 writable: bool = False) -> dict:
    """Time `statements` in a fresh process against `db`; return seconds (total and per statement),
    peak MB and (row count, checksum) of each table in `tables`. `after` runs untimed at the end
    (to export results)."""
    job = {"extension": str(EXTENSION), "db": str(db), "statements": statements, "tables": tables,
           "after": after or [], "writable": writable}
    env = dict(os.environ, CRM_EHR_BENCH_KEY=BENCH_KEY_HEX)
    result = subprocess.run([sys.executable, "-c", _CHILD], input=json.dumps(job), text=True,
                            capture_output=True, env=env, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"benchmark child failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def median_run(runs: list[dict]) -> dict:
    return sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
