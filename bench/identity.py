"""Identity resolution benchmark: resolve_identity against Splink 5 on generated people.

For each size, the same generated records (bench/identity_data.py, with ground truth) are
resolved by crm_ehr and by Splink 5 on DuckDB, each in its own process on 2 threads, fully
unsupervised. Printed per tool: cluster and pairwise precision/recall/F1 at the 0.95 threshold,
end-to-end time (training included), time per phase, and peak memory. The Splink side runs in
the venv `make bench` builds from bench/requirements-splink.txt (CRM_EHR_SPLINK_PYTHON overrides).

Our phases are the macros that stop after each stage, timed one by one in one process: each
runs its prefix of the pipeline (DuckDB prunes what a macro's output does not need), so they
are cumulative, not additive: signals (identity_signals), blocks (identity_blocks), model
(identity_model: training), pairs (identity_pairs: scoring with a given model), bridge
(resolve_identity with a given model: scoring and clustering).

Issue targets: cluster F1 at least Splink's at 100k and at least 0.95 at 1M; end-to-end time
at most half of Splink's.
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import subprocess
import sys

import duckdb

import identity_data
from harness import HERE, OUT, Comparison, run_isolated
from identity_metrics import cluster_scores, pairwise_scores

THREADS = 2
# "careful" is the better of the two label-free Splink set-ups (see identity_splink.py).
SPLINK_CONFIGS = ("careful", "standard")
SPLINK_PYTHON = pathlib.Path(os.environ.get("CRM_EHR_SPLINK_PYTHON", HERE.parent / ".venv-splink" / "bin" / "python"))


def _data(records: int) -> tuple[pathlib.Path, pathlib.Path]:
    """The CSV and a DuckDB file holding `people` (with truth) and `records` (without), cached
    per size and generator version."""
    version = hashlib.sha256((HERE / "identity_data.py").read_bytes()).hexdigest()[:8]
    csv = OUT / f"identity_{records}_{version}.csv"
    db = OUT / f"identity_{records}_{version}.duckdb"
    OUT.mkdir(parents=True, exist_ok=True)
    if not csv.exists():
        identity_data.write_csv(records, csv)
    if not db.exists():
        con = duckdb.connect(str(db))
        con.execute(f"CREATE TABLE people AS SELECT * FROM read_csv('{csv}', all_varchar = true, header = true)")
        con.execute("CREATE VIEW records AS SELECT * EXCLUDE (person_id) FROM people")
        con.close()
    return csv, db


def _ours(db: pathlib.Path, records: int) -> dict:
    setting = [f"SET threads = {THREADS}"]
    bridge = OUT / f"identity_{records}_bridge.parquet"
    pairs = OUT / f"identity_{records}_pairs.parquet"
    end_to_end = run_isolated(
        db, setting + ["CREATE TABLE bridge AS FROM resolve_identity('src.records', 'bench')"], ["bridge"],
        after=[f"COPY (SELECT source_system, source_record_id, person_key AS cluster FROM bridge) TO '{bridge}'"])
    phases = run_isolated(db, setting + [
        "CREATE TABLE s AS FROM identity_signals('src.records')",
        "CREATE TABLE b AS FROM identity_blocks('src.records')",
        "CREATE TABLE m AS FROM identity_model('src.records')",
        "CREATE TABLE p AS FROM identity_pairs('src.records', model := (SELECT model FROM m))",
        "CREATE TABLE r AS FROM resolve_identity('src.records', 'bench', model := (SELECT model FROM m))",
    ], ["r"], after=[f"COPY (SELECT source_system_a, source_record_id_a, source_system_b, source_record_id_b "
                     f"FROM p WHERE accepted_by IS NOT NULL) TO '{pairs}'"])
    _, signals, blocks, model, pairs_time, bridge_time = phases["steps"]
    con = duckdb.connect()
    con.execute(f"ATTACH '{db}' AS src (READ_ONLY)")
    return {
        "seconds": end_to_end["seconds"],
        "peak_mb": end_to_end["peak_mb"],
        "phases": {"signals": signals, "blocks": blocks, "model": model, "pairs": pairs_time, "bridge": bridge_time},
        "cluster": cluster_scores(con, "src.people", f"'{bridge}'"),
        "pairwise": pairwise_scores(con, "src.people", f"'{pairs}'"),
    }


def _splink(csv: pathlib.Path, records: int, config: str) -> dict | None:
    if not SPLINK_PYTHON.exists():
        print(f"identity: Splink baseline unavailable: {SPLINK_PYTHON} missing (make bench creates it)", file=sys.stderr)
        return None
    prefix = OUT / f"identity_{records}_splink_{config}"
    result = subprocess.run([str(SPLINK_PYTHON), str(HERE / "identity_splink.py"), str(csv), str(THREADS),
                             "--config", config, "--export", str(prefix), "--json"],
                            capture_output=True, text=True, check=False, cwd=HERE)
    if result.returncode != 0:
        raise RuntimeError(f"Splink baseline failed:\n{result.stderr[-4000:]}")
    run = json.loads(result.stdout.strip().splitlines()[-1])
    con = duckdb.connect()
    con.execute(f"CREATE VIEW people AS SELECT * FROM read_csv('{csv}', all_varchar = true, header = true)")
    run["cluster"] = cluster_scores(con, "people", f"'{prefix}_clusters.parquet'")
    run["pairwise"] = pairwise_scores(con, "people", f"'{prefix}_pairs.parquet'")
    return run


def _row(tool: str, records: int, run: dict) -> str:
    c, p = run["cluster"], run["pairwise"]
    phases = " ".join(f"{k} {v:.1f}" for k, v in run["phases"].items())
    return (f"{tool:<16} {records:>9,} {c['precision']:.4f} {c['recall']:.4f} {c['f1']:.4f}   "
            f"{p['precision']:.4f} {p['recall']:.4f} {p['f1']:.4f}  {run['seconds']:8.1f}s {run['peak_mb']:8.0f} MB  {phases}")


def run(rows: int) -> list[Comparison]:
    sizes = [100_000, 1_000_000] if rows >= 1_000_000 else [rows]
    results = {}
    comparisons = []
    print(f"{'tool':<16} {'records':>9} {'cluster P / R / F1':<22}   {'pairwise P / R / F1':<22} {'end to end':>10} "
          f"{'peak':>11}  phases (s)")
    for records in sizes:
        csv, db = _data(records)
        runs = {"crm_ehr": _ours(db, records)}
        print(_row("crm_ehr", records, runs["crm_ehr"]), flush=True)
        for config in SPLINK_CONFIGS:
            runs[f"splink-{config}"] = _splink(csv, records, config)
            if runs[f"splink-{config}"]:
                print(_row(f"splink-{config}", records, runs[f"splink-{config}"]), flush=True)
        results[records] = runs
    for records, runs in results.items():
        ours = runs["crm_ehr"]
        for config in SPLINK_CONFIGS:
            splink = runs[f"splink-{config}"]
            if not splink:
                continue
            comparisons.append(Comparison("identity", f"resolve_identity {records:,} records", ours["seconds"],
                                          f"Splink 5 ({config}) end to end", splink["seconds"], records, target=2.0))
            if ours["cluster"]["f1"] < splink["cluster"]["f1"]:
                print(f"target missed: identity cluster F1 {ours['cluster']['f1']:.4f} < Splink ({config}) "
                      f"{splink['cluster']['f1']:.4f} at {records:,}")
        if records >= 1_000_000 and ours["cluster"]["f1"] < 0.95:
            print(f"target missed: identity cluster F1 {ours['cluster']['f1']:.4f} < 0.95 at {records:,}")
    (OUT / "identity.json").write_text(json.dumps(results, indent=2))
    return comparisons
