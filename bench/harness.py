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
import time

import duckdb

ROOT = pathlib.Path(__file__).resolve().parent.parent
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
    def verdict(self) -> str:
        if self.target is None:
            return ""
        return "meets" if self.ratio >= self.target else "MISSES"

    def line(self) -> str:
        mrows = self.rows / 1e6
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
