"""End to end: fabricated exports (examples/demo_data.sql) through all three layers.

For 1M and 10M leads: the restricted identity bridge (model fit, then resolve_identity), the
governed event layer (status_progression), the mart and its KPIs (lead_conversion,
lead_conversion_kpis) and the PHI gate on what is published; each layer in its own process on
2 threads (reading the previous layer's tables from one database file), with its time and peak
memory. There is no baseline to race here: the figures say what a nightly build costs.
"""

from __future__ import annotations

import hashlib
import os
import time

import duckdb

from harness import EXTENSION, HERE, OUT, Comparison, run_isolated
from identity_metrics import cluster_scores

# DuckDB's default memory limit is 80% of RAM; the clustering's state lives outside it, so leave
# it room as the docs advise: 60% (14GB on a 24 GB machine, where the default was OOM-killed at 10M leads).
_RAM_GB = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
SETTING = ["SET threads = 2", f"SET memory_limit = '{int(_RAM_GB * 0.6)}GB'", "SET preserve_insertion_order = false"]
LAYERS = [
    ("identity bridge", [
        "CREATE OR REPLACE TABLE src.identity_model AS SELECT * FROM identity_model('src.person_records')",
        "CREATE OR REPLACE TABLE src.identity_bridge AS FROM resolve_identity('src.person_records', 'bench', "
        "model := (SELECT model FROM src.identity_model))",
    ]),
    ("event layer", [
        "CREATE OR REPLACE TABLE src.events AS FROM status_progression(bridge := 'src.identity_bridge', key_name := 'bench', "
        "appointments := 'src.appointment_events', encounters := 'src.encounter_events', leads := 'src.crm_leads')",
    ]),
    ("mart and KPIs", [
        "CREATE OR REPLACE TABLE src.mart AS FROM lead_conversion('src.events', as_of := TIMESTAMP '2026-07-31 23:59:59')",
        "CREATE OR REPLACE TABLE src.kpis AS FROM lead_conversion_kpis('src.mart', group_by := ['channel', 'campaign'], "
        "period := 'month')",
    ]),
    ("PHI gate", [
        "CREATE TEMP TABLE gate AS SELECT * FROM phi_assert_clean('src.events') UNION ALL "
        "SELECT * FROM phi_assert_clean('src.mart') UNION ALL SELECT * FROM phi_assert_clean('src.kpis')",
    ]),
]


def _data(leads: int):
    version = hashlib.sha256((HERE.parent / "examples" / "demo_data.sql").read_bytes()).hexdigest()[:8]
    db = OUT / f"e2e_{leads}_{version}.duckdb"
    OUT.mkdir(parents=True, exist_ok=True)
    seconds = None
    if not db.exists():
        start = time.perf_counter()
        con = duckdb.connect(str(db), config={"allow_unsigned_extensions": "true"})
        con.execute(f"LOAD '{EXTENSION}'")
        con.execute("SET threads = 2")
        con.execute(f"SET VARIABLE demo_leads = {leads}")
        os.chdir(HERE.parent)  # the generator reads the name lists relative to the repository root
        con.execute((HERE.parent / "examples" / "demo_data.sql").read_text()).fetchall()
        con.execute("CREATE TABLE identity_truth AS FROM demo_truth")
        con.close()
        seconds = time.perf_counter() - start
    return db, seconds


def _score_bridge(db) -> None:
    """Cluster precision / recall / F1 of the bridge against the generator's truth."""
    con = duckdb.connect(str(db), read_only=True)
    con.execute("SET enable_progress_bar = false")
    scores = cluster_scores(con, "identity_truth",
                            "(SELECT source_system, source_record_id, person_key AS cluster FROM identity_bridge)")
    people, truth = con.execute("SELECT (SELECT count(DISTINCT person_key) FROM identity_bridge), "
                                "(SELECT count(DISTINCT person_id) FROM identity_truth)").fetchall()[0]
    trained, candidates = con.execute("SELECT json_extract(model, '$.candidate_pairs')::BIGINT, candidate_pairs "
                                      "FROM identity_model").fetchall()[0]
    con.close()
    print(f"e2e:     cluster P {scores['precision']:.4f} R {scores['recall']:.4f} F1 {scores['f1']:.4f}; "
          f"{people:,} people found, {truth:,} generated; {candidates:,} candidate pairs"
          f"{', the model fitted on a sample of them' if trained != candidates else ''}")


def run(rows: int) -> list[Comparison]:
    sizes = [1_000_000, 10_000_000] if rows >= 10_000_000 else [rows]
    comparisons = []
    for leads in sizes:
        db, generated = _data(leads)
        con = duckdb.connect(str(db), read_only=True)
        records = con.execute("SELECT count(*) FROM person_records").fetchall()[0][0]
        events_in = con.execute("SELECT (SELECT count(*) FROM appointment_events) + (SELECT count(*) FROM encounter_events)"
                                " + (SELECT count(*) FROM crm_leads)").fetchall()[0][0]
        con.close()
        note = f" (generated in {generated:.0f}s)" if generated else ""
        print(f"e2e: {leads:,} leads, {records:,} person records, {events_in:,} source events{note}")
        total = 0.0
        for layer, statements in LAYERS:
            result = run_isolated(db, SETTING + statements, [], writable=True)
            total += result["seconds"]
            print(f"e2e:   {layer:<16} {result['seconds']:8.1f}s   peak {result['peak_mb']:8.0f} MB", flush=True)
            if layer == "identity bridge":
                _score_bridge(db)
            comparisons.append(Comparison("e2e", f"{layer}, {leads // 1_000_000}M leads", result["seconds"],
                                          f"peak {result['peak_mb']:.0f} MB", 0.0, leads))
        print(f"e2e:   {'all layers':<16} {total:8.1f}s")
    return comparisons
