"""Reference baseline: deduplicate the synthetic person records with Splink 5 (DuckDB backend).

Splink is configured the way a competent user would set it up without labels: light SQL cleaning,
the library's out-of-the-box comparisons (names with term-frequency adjustments, date of birth,
email, exact matches on identifiers and address parts), a handful of blocking rules for
prediction, and fully unsupervised training (prior from deterministic rules, u by random
sampling, m by expectation maximisation). The ground-truth `person_id` column is dropped before
Splink ever sees the data; it is only used by the `__main__` entry to score the clusters.

    .venv-splink/bin/python bench/identity_splink.py people.csv [threads] [--config careful]

Requires splink==5.0.0 (bench/requirements-splink.txt; tested with duckdb 2.0.0).
"""

from __future__ import annotations

import logging
import sys
import time
import warnings

import duckdb

import splink
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
import splink.comparison_level_library as cll
import splink.comparison_library as cl

# Splink's own cluster threshold; the benchmark compares at this probability.
MATCH_THRESHOLD = 0.95

# Values that sources put in a field when they have nothing to put there.
_NAME_PLACEHOLDERS = ("UNKNOWN", "UNK", "NONE", "NULL", "NA", "N/A", "TEST", "XXX", "FNU", "LNU", "NFN", "NLN")
_EMAIL_PLACEHOLDER_LOCALS = ("test", "none", "noemail", "no.email", "na", "unknown", "null", "noreply", "no-reply")
_EMAIL_PLACEHOLDER_DOMAINS = ("test.com", "example.com", "none.com", "noemail.com")


def _sql_list(values) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _clean_sql(csv_path: str) -> str:
    """One SELECT producing Splink's input table from the raw CSV (person_id excluded)."""
    path = csv_path.replace("'", "''")
    names = _sql_list(_NAME_PLACEHOLDERS)
    return f"""
    WITH raw AS (
        SELECT * EXCLUDE (person_id)
        FROM read_csv('{path}', header = true, all_varchar = true)
    ),
    stage AS (
        SELECT
            source_system || '-' || source_record_id AS unique_id,
            source_system,
            source_record_id,
            -- names: upper case, letters/space/hyphen/apostrophe only, whitespace collapsed
            nullif(trim(regexp_replace(regexp_replace(upper(first_name), '[^A-Z'' -]', '', 'g'), '\\s+', ' ', 'g')), '') AS first_name,
            nullif(trim(regexp_replace(regexp_replace(upper(last_name),  '[^A-Z'' -]', '', 'g'), '\\s+', ' ', 'g')), '') AS last_name,
            -- dates: the three formats present, to ISO
            strftime(coalesce(
                try_strptime(trim(birth_date), '%Y-%m-%d'),
                try_strptime(trim(birth_date), '%m/%d/%Y'),
                try_strptime(trim(birth_date), '%b %d, %Y')
            ), '%Y-%m-%d') AS birth_date,
            CASE upper(left(trim(sex), 1)) WHEN 'M' THEN 'M' WHEN 'F' THEN 'F' END AS sex,
            nullif(lower(trim(email)), '') AS email,
            right(regexp_replace(phone, '[^0-9]', '', 'g'), 10) AS phone,
            left(regexp_replace(postal_code, '[^0-9]', '', 'g'), 5) AS postal_code,
            nullif(trim(regexp_replace(upper(street_address), '\\s+', ' ', 'g')), '') AS street_address,
            regexp_replace(ssn, '[^0-9]', '', 'g') AS ssn
        FROM raw
    )
    SELECT
        unique_id,
        source_system,
        source_record_id,
        CASE WHEN first_name IN ({names}) THEN NULL ELSE first_name END AS first_name,
        CASE WHEN last_name IN ({names}) THEN NULL ELSE last_name END AS last_name,
        CASE WHEN birth_date IN ('1900-01-01', '1901-01-01') THEN NULL ELSE birth_date END AS birth_date,
        sex,
        CASE WHEN email NOT LIKE '%_@_%'
               OR split_part(email, '@', 1) IN ({_sql_list(_EMAIL_PLACEHOLDER_LOCALS)})
               OR split_part(email, '@', 2) IN ({_sql_list(_EMAIL_PLACEHOLDER_DOMAINS)})
             THEN NULL ELSE email END AS email,
        -- phone: 10 digits, not all one digit, not 1234567890
        CASE WHEN length(phone) <> 10 OR replace(phone, left(phone, 1), '') = '' OR phone = '1234567890'
             THEN NULL ELSE phone END AS phone,
        CASE WHEN length(postal_code) <> 5 OR postal_code = '00000' THEN NULL ELSE postal_code END AS postal_code,
        CASE WHEN street_address IN ({names}) THEN NULL ELSE street_address END AS street_address,
        CASE WHEN length(ssn) <> 9 OR replace(ssn, left(ssn, 1), '') = '' OR ssn = '123456789'
                  OR left(ssn, 3) = '000' OR substr(ssn, 4, 2) = '00' OR right(ssn, 4) = '0000'
             THEN NULL ELSE ssn END AS ssn
    FROM stage
    """


# Two label-free configurations. "standard" is the textbook set-up (one comparison per column,
# EM sessions blocked on birth date, full name and phone). "careful" makes two changes a user
# could justify from the data dictionary alone: street address and ZIP are modelled as one
# address comparison (they are strongly correlated, and Fellegi-Sunter assumes independence),
# and the third EM session blocks on email rather than phone (home phones are shared within
# households, so a phone block is not dominated by true matches).
CONFIGS = ("standard", "careful")


def _comparisons(config: str) -> list:
    names_dob_email = [
        # exact match (term-frequency adjusted) / Jaro-Winkler >= 0.92 / 0.88 / 0.7 / else
        cl.NameComparison("first_name"),
        cl.NameComparison("last_name"),
        # exact / Levenshtein <= 1 / within 1 month / 1 year / 10 years / else
        cl.DateOfBirthComparison("birth_date", input_is_string=True, datetime_format="%Y-%m-%d"),
        # exact (term-frequency adjusted) / same username / JW >= 0.88 on address / on username / else
        cl.EmailComparison("email"),
        cl.ExactMatch("phone").configure(term_frequency_adjustments=True),
    ]
    if config == "standard":
        address = [
            cl.ExactMatch("postal_code").configure(term_frequency_adjustments=True),
            cl.ExactMatch("street_address"),
        ]
    else:
        address = [
            cl.CustomComparison(
                output_column_name="address",
                comparison_levels=[
                    cll.And(cll.NullLevel("street_address"), cll.NullLevel("postal_code")),
                    cll.And(cll.ExactMatchLevel("street_address"), cll.ExactMatchLevel("postal_code")),
                    cll.ExactMatchLevel("postal_code").configure(tf_adjustment_column="postal_code"),
                    cll.ElseLevel(),
                ],
                comparison_description="Street address and ZIP",
            )
        ]
    return names_dob_email + address + [
        cl.LevenshteinAtThresholds("ssn", 1),  # exact / one digit off / else
        cl.ExactMatch("sex"),
    ]


def _em_blocking_rules(config: str) -> list:
    third = block_on("phone") if config == "standard" else block_on("email")
    return [block_on("birth_date"), block_on("first_name", "last_name"), third]


def _settings(config: str = "standard") -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=_comparisons(config),
        blocking_rules_to_generate_predictions=[
            block_on("email"),
            block_on("phone"),
            block_on("ssn"),
            block_on("birth_date", "substr(last_name, 1, 3)"),
            block_on("birth_date", "substr(first_name, 1, 3)"),
            block_on("first_name", "last_name", "substr(postal_code, 1, 3)"),
            block_on("birth_date", "postal_code"),
            block_on("street_address", "postal_code"),
        ],
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=False,
    )


def run_splink(
    csv_path: str,
    threads: int = 2,
    *,
    threshold: float = MATCH_THRESHOLD,
    predict_threshold: float = 0.0,
    u_max_pairs: float = 2e6,
    em_max_pairs: float = 5e6,
    seed: int = 42,
    verbose: bool = False,
    config: str = "standard",
    export_prefix: str | None = None,
) -> dict:
    """Deduplicate `csv_path` with Splink 5; returns timings (total and per phase) and, with
    `export_prefix`, writes `<prefix>_clusters.parquet` and `<prefix>_pairs.parquet` (the pairs at
    or above `threshold`) for scoring.

    `u_max_pairs` / `em_max_pairs` bound the training samples (u by random sampling, seeded;
    each EM session is downsampled only if its blocking rule yields more pairs than that).
    `predict_threshold` only limits which scored pairs are kept in the predict table (the same
    pairs are scored whatever it is); clustering uses pairs with probability >= `threshold`.
    `config` is "standard" or "careful" (see CONFIGS).
    """
    if config not in CONFIGS:
        raise ValueError(f"config must be one of {CONFIGS}")
    t_start = time.perf_counter()
    if not verbose:
        logging.getLogger("splink").setLevel(logging.WARNING)

    # --- load + clean -------------------------------------------------------------------------
    con = duckdb.connect(":memory:")
    con.execute(f"SET threads = {int(threads)}")
    con.execute("SET preserve_insertion_order = false")
    con.execute(f"CREATE TABLE splink_input AS {_clean_sql(csv_path)}")
    db_api = DuckDBAPI(connection=con)
    # A string is taken as the name of a table already in the connection.
    records = db_api.register("splink_input", dataset_display_name="people")
    t_load = time.perf_counter()

    # --- train (unsupervised) -----------------------------------------------------------------
    linker = Linker(records, _settings(config), log_level=logging.INFO if verbose else logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [
            block_on("email", "birth_date"),
            block_on("ssn"),
            block_on("first_name", "last_name", "birth_date"),
        ],
        recall=0.7,
    )
    t_prior = time.perf_counter()
    linker.training.estimate_u_using_random_sampling(max_pairs=u_max_pairs, seed=seed)
    t_u = time.perf_counter()
    for rule in _em_blocking_rules(config):
        # max_pairs caps each session by hash-sampling records when the rule would block more
        # pairs (full name blocks ~75M pairs at 1M records: ~15 min and ~19 GB unsampled).
        linker.training.estimate_parameters_using_expectation_maximisation(rule, max_pairs=em_max_pairs)
    t_train = time.perf_counter()

    # --- predict ------------------------------------------------------------------------------
    df_predict = linker.inference.predict(threshold_match_probability=predict_threshold, warning_mode="never")
    scored_pairs = con.execute(f"SELECT count(*) FROM {df_predict.physical_name}").fetchall()[0][0]
    t_predict = time.perf_counter()

    # --- cluster ------------------------------------------------------------------------------
    df_clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        df_predict, threshold_match_probability=threshold
    )
    t_cluster = time.perf_counter()

    # --- export (not part of Splink's work) ----------------------------------------------------
    if export_prefix:
        con.execute(f"""COPY (SELECT source_system, source_record_id, cluster_id AS cluster
                              FROM {df_clusters.physical_name}) TO '{export_prefix}_clusters.parquet'""")
        con.execute(f"""COPY (SELECT a.source_system AS source_system_a, a.source_record_id AS source_record_id_a,
                                     b.source_system AS source_system_b, b.source_record_id AS source_record_id_b
                              FROM {df_predict.physical_name} p
                              JOIN splink_input a ON a.unique_id = p.unique_id_l
                              JOIN splink_input b ON b.unique_id = p.unique_id_r
                              WHERE p.match_probability >= {threshold}) TO '{export_prefix}_pairs.parquet'""")
    con.close()

    return {
        "scored_pairs": scored_pairs,
        "seconds": t_cluster - t_start,
        "phases": {
            "load": t_load - t_start,
            "train": t_train - t_load,
            "predict": t_predict - t_train,
            "cluster": t_cluster - t_predict,
        },
        "training": {"prior": t_prior - t_load, "u": t_u - t_prior, "em": t_train - t_u},
    }


def main() -> None:
    import argparse
    import json
    import pathlib
    import tempfile

    parser = argparse.ArgumentParser(description="Deduplicate a person-records CSV with Splink 5 and score it.")
    parser.add_argument("csv")
    parser.add_argument("threads", nargs="?", type=int, default=2)
    parser.add_argument("--config", choices=CONFIGS, default="standard")
    parser.add_argument("--export", help="write <EXPORT>_clusters.parquet and <EXPORT>_pairs.parquet")
    parser.add_argument("--json", action="store_true", help="print one JSON line: seconds, phases, peak_mb")
    parser.add_argument("--verbose", action="store_true", help="show Splink's INFO logging")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        prefix = args.export or str(pathlib.Path(scratch) / "splink")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = run_splink(args.csv, args.threads, config=args.config, verbose=args.verbose, export_prefix=prefix)
        for w in caught:
            print(f"warning: {w.category.__name__}: {w.message}", file=sys.stderr)
        # VmHWM is this process's own peak resident memory.
        result["peak_mb"] = next(int(line.split()[1]) for line in open("/proc/self/status")
                                 if line.startswith("VmHWM:")) / 1024
        if args.json:
            print(json.dumps(result))
            return
        from identity_metrics import cluster_scores, pairwise_scores

        con = duckdb.connect()
        con.execute(f"CREATE VIEW people AS SELECT * FROM read_csv('{args.csv}', all_varchar = true, header = true)")
        print(f"splink {splink.__version__} / duckdb {duckdb.__version__}  {args.csv}  threads={args.threads}  "
              f"config={args.config}")
        print(f"seconds: total={result['seconds']:.2f}  " + "  ".join(f"{k}={v:.2f}" for k, v in result["phases"].items()))
        print(f"peak memory: {result['peak_mb']:.0f} MB   scored pairs: {result['scored_pairs']:,}")
        for name, scores in (("cluster", cluster_scores(con, "people", f"'{prefix}_clusters.parquet'")),
                             ("pairwise", pairwise_scores(con, "people", f"'{prefix}_pairs.parquet'"))):
            print(f"{name}: precision={scores['precision']:.4f} recall={scores['recall']:.4f} f1={scores['f1']:.4f}")


if __name__ == "__main__":
    main()
