"""The three layers from a notebook: the DuckDB Python client (pin duckdb==2.0.0), the raw data in
an attached restricted database, the key from an environment variable, charts with matplotlib.

    export CRM_EHR_DEMO_KEY=$(openssl rand -hex 32)
    .venv-examples/bin/python examples/walkthrough.py      # from the repository root, after `make`

Writes examples/out/notebook_restricted.duckdb (identifiers), examples/out/notebook_analytics.duckdb
(what is published), examples/out/funnel.png and examples/out/lag.png, and prints the KPIs.
"""

from __future__ import annotations

import os
import pathlib

import duckdb
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "examples" / "out"
EXTENSION = os.environ.get("CRM_EHR_EXTENSION", str(ROOT / "build" / "release" / "crm_ehr.duckdb_extension"))
LEADS = int(os.environ.get("CRM_EHR_DEMO_LEADS", "20000"))


def connect() -> duckdb.DuckDBPyConnection:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in ("notebook_restricted.duckdb", "notebook_analytics.duckdb"):
        (OUT / name).unlink(missing_ok=True)
    con = duckdb.connect(config={"allow_unsigned_extensions": "true"})
    con.execute(f"LOAD '{EXTENSION}'")
    con.execute("PRAGMA crm_ehr_load_key('demo_2026', 'env:CRM_EHR_DEMO_KEY')")
    con.execute(f"ATTACH '{OUT / 'notebook_restricted.duckdb'}' AS restricted")
    con.execute(f"ATTACH '{OUT / 'notebook_analytics.duckdb'}' AS analytics")
    return con


def build_layers(con: duckdb.DuckDBPyConnection) -> None:
    # Source exports land in the restricted zone (fabricated here).
    con.execute("USE restricted")
    con.execute(f"SET VARIABLE demo_leads = {LEADS}")
    con.execute((ROOT / "examples" / "demo_data.sql").read_text()).fetchall()

    # Layer 1: the identity bridge, inside the restricted zone.
    con.execute("CREATE TABLE restricted.identity_model AS SELECT * FROM identity_model('restricted.person_records')")
    con.execute("""CREATE TABLE restricted.identity_bridge AS
                   FROM resolve_identity('restricted.person_records', key_name := 'demo_2026',
                                         model := (SELECT model FROM restricted.identity_model))""")

    # Layers 2 and 3: published, no PHI.
    con.execute("USE analytics")
    con.execute("""CREATE TABLE analytics.fct_patient_access_events AS
                   FROM status_progression(bridge := 'restricted.identity_bridge', key_name := 'demo_2026',
                                           appointments := 'restricted.appointment_events',
                                           encounters := 'restricted.encounter_events',
                                           leads := 'restricted.crm_leads')""")
    con.execute("""CREATE TABLE analytics.mart_lead_conversion AS
                   FROM lead_conversion('analytics.fct_patient_access_events',
                                        as_of := TIMESTAMP '2026-07-31 23:59:59')""")


def check_published(con: duckdb.DuckDBPyConnection) -> None:
    for table in ("analytics.fct_patient_access_events", "analytics.mart_lead_conversion"):
        findings = con.execute(f"FROM phi_assert_clean('{table}')").fetchall()  # raises when not clean
        print(f"{table}: {len(findings)} identifier findings")


def charts(con: duckdb.DuckDBPyConnection) -> None:
    kpis = con.execute("""SELECT channel, leads, scheduled_leads, completed_leads
                          FROM lead_conversion_kpis('analytics.mart_lead_conversion', group_by := ['channel'],
                                                    period := 'all')
                          ORDER BY leads DESC""").fetchall()
    fig, ax = plt.subplots(figsize=(8, 4))
    width = 0.27
    for offset, (label, column) in enumerate((("leads", 1), ("scheduled", 2), ("completed visit", 3))):
        ax.bar([i + (offset - 1) * width for i in range(len(kpis))], [row[column] for row in kpis], width, label=label)
    ax.set_xticks(range(len(kpis)), [row[0] for row in kpis])
    ax.set_title("Lead conversion funnel by channel")
    ax.legend()
    fig.tight_layout()
    fig.savefig(OUT / "funnel.png", dpi=120)

    lags = [row[0] for row in con.execute("""SELECT days_to_completed_visit FROM analytics.mart_lead_conversion
                                             WHERE days_to_completed_visit IS NOT NULL""").fetchall()]
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.hist(lags, bins=40)
    ax.set_xlabel("days from lead to completed visit")
    ax.set_ylabel("leads")
    ax.set_title("Lag to completed visit")
    fig.tight_layout()
    fig.savefig(OUT / "lag.png", dpi=120)


def main() -> None:
    con = connect()
    build_layers(con)
    check_published(con)
    con.sql("""SELECT channel, leads, lead_to_scheduled_rate, lead_to_completed_rate, no_show_rate,
                      median_days_to_completed_visit
               FROM lead_conversion_kpis('analytics.mart_lead_conversion', group_by := ['channel'], period := 'all')
               ORDER BY leads DESC""").show(max_width=160)
    charts(con)
    print(f"charts: {OUT / 'funnel.png'}, {OUT / 'lag.png'}")


if __name__ == "__main__":
    main()
