"""status_progression() on generated exports against hand-written SQL for the same output.

The inputs (~N events: appointments, encounters, leads, bridge) are generated once into
bench/out/events_<N>.duckdb by bench/events_data.sql. Each variant then runs in its own process
(so peak memory is its own) against that file attached read-only, building the output as a temp
table. Both outputs are checked to be identical (row count and an order-independent checksum)
before their times are compared.
"""

from __future__ import annotations

import json
import os
import pathlib
import time

from harness import OUT, Comparison, median_run, report, run_isolated

HERE = pathlib.Path(__file__).resolve().parent

OURS = """CREATE TEMP TABLE out AS FROM status_progression(bridge := 'src.bridge', key_name := 'bench',
    appointments := 'src.appointments', encounters := 'src.encounters', leads := 'src.leads')"""


def event_sizes(events: int) -> dict:
    """A patient-access mix: ~2.4 appointments per lead-sized unit."""
    return {"events": events, "appointments": events * 24 // 100, "patients": max(1, events // 8),
            "walk_ins": events * 3 // 100, "leads": events // 10}


def generate(events: int, sizes: dict | None = None, name: str = "events") -> pathlib.Path:
    """Source exports (tables appointments, encounters, leads, bridge) in bench/out/<name>_<n>.duckdb."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}_{events}.duckdb"
    if path.exists():
        return path
    import duckdb

    sizes = sizes or event_sizes(events)
    sql = (HERE / "events_data.sql").read_text()
    for key, value in sizes.items():
        sql = sql.replace("{" + key + "}", str(value))
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    start = time.perf_counter()
    con = duckdb.connect(str(tmp))
    con.execute(sql)
    con.close()
    tmp.rename(path)
    print(f"{name}: generated {path.name} in {time.perf_counter() - start:.1f}s")
    return path


def run(events: int) -> list[Comparison]:
    db = generate(events)
    baseline_sql = (HERE / "events_baseline.sql").read_text()
    ours, baseline = [], []
    for _ in range(3):  # alternate, so both see the same machine conditions
        ours.append(run_isolated(db, [OURS], ["out"]))
        baseline.append(run_isolated(db, [baseline_sql], ["out"]))
    if len({json.dumps(r["tables"]) for r in ours + baseline}) != 1:
        raise RuntimeError(f"outputs differ: ours {ours[0]['tables']}, hand-written {baseline[0]['tables']}")
    o, b = median_run(ours), median_run(baseline)
    rows = int(o["tables"]["out"][0])
    print(f"events: {rows:,} output rows; peak memory ours {o['peak_mb']:.0f} MB, "
          f"hand-written {b['peak_mb']:.0f} MB (ratio {o['peak_mb'] / b['peak_mb']:.2f})")
    return [Comparison("events", "status_progression()", o["seconds"], "hand-written SQL, same output",
                       b["seconds"], rows, target=1 / 1.2)]


if __name__ == "__main__":
    report(run(int(os.environ.get("CRM_EHR_BENCH_ROWS", 10_000_000))), "events")
