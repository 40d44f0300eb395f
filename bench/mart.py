"""The mart end to end (event layer -> lead_conversion -> KPIs) against hand-written SQL for the
same output and against the seed article's naive query, at 1M and 10M leads.

Source exports with a lead-centric mix (0.3 appointments and 0.05 walk-ins per lead) are
generated once, and the event layer is built from them once with status_progression() and kept
in the same file. Each variant runs in its own process; the hand-written mart and KPIs must
equal ours (row counts and checksums) before times are compared.
"""

from __future__ import annotations

import json
import os
import time

from events import generate
from harness import HERE, Comparison, median_run, report, run_isolated

OURS = [
    "CREATE TEMP TABLE mart AS FROM lead_conversion('src.events')",
    "CREATE TEMP TABLE kpis AS FROM lead_conversion_kpis('mart', group_by := ['channel', 'campaign'], period := 'month')",
]


def lead_sizes(leads: int) -> dict:
    return {"events": leads * 2, "appointments": leads * 3 // 10, "patients": leads, "walk_ins": leads // 20,
            "leads": leads}


def prepare(leads: int):
    db = generate(leads, lead_sizes(leads), name="mart")
    import duckdb

    con = duckdb.connect(str(db), config={"allow_unsigned_extensions": "true"})
    if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'events'").fetchone()[0]:
        from harness import BENCH_KEY_HEX, EXTENSION

        os.environ["CRM_EHR_BENCH_KEY"] = BENCH_KEY_HEX
        con.execute(f"LOAD '{EXTENSION}'")
        con.execute("PRAGMA crm_ehr_load_key('bench', 'env:CRM_EHR_BENCH_KEY')")
        start = time.perf_counter()
        con.execute("""CREATE TABLE events AS FROM status_progression(bridge := 'bridge', key_name := 'bench',
            appointments := 'appointments', encounters := 'encounters', leads := 'leads')""")
        print(f"mart: built the event layer for {leads:,} leads in {time.perf_counter() - start:.1f}s")
    events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    con.close()
    return db, events


def run_size(leads: int) -> list[Comparison]:
    db, events = prepare(leads)
    baseline = [s for s in (HERE / "mart_baseline.sql").read_text().split(";") if s.strip()]
    naive = [(HERE / "mart_naive.sql").read_text()]
    ours_runs, base_runs, naive_runs = [], [], []
    for _ in range(3):
        ours_runs.append(run_isolated(db, OURS, ["mart", "kpis"]))
        base_runs.append(run_isolated(db, baseline, ["mart", "kpis"]))
        naive_runs.append(run_isolated(db, naive, ["naive"]))
    if len({json.dumps(r["tables"]) for r in ours_runs + base_runs}) != 1:
        raise RuntimeError(f"outputs differ: ours {ours_runs[0]['tables']}, hand-written {base_runs[0]['tables']}")
    o, b, n = median_run(ours_runs), median_run(base_runs), median_run(naive_runs)
    print(f"mart: {leads:,} leads, {events:,} events; peak memory ours {o['peak_mb']:.0f} MB, "
          f"hand-written {b['peak_mb']:.0f} MB, naive {n['peak_mb']:.0f} MB")
    label = f"{leads // 1_000_000}M leads" if leads >= 1_000_000 else f"{leads:,} leads"
    return [
        Comparison("mart", f"lead_conversion + KPIs, {label}", o["seconds"], "hand-written SQL, same output",
                   b["seconds"], leads, target=1 / 1.2),
        Comparison("mart", f"lead_conversion + KPIs, {label}", o["seconds"], "seed article's naive query",
                   n["seconds"], leads),
    ]


def run(leads: int) -> list[Comparison]:
    sizes = [leads] if os.environ.get("CRM_EHR_BENCH_ROWS") else [1_000_000, 10_000_000]
    return [c for size in sizes for c in run_size(size)]


if __name__ == "__main__":
    report(run(int(os.environ.get("CRM_EHR_BENCH_ROWS", 10_000_000))), "mart")
