"""Token and normalizer throughput against DuckDB built-ins on the same column, same run.

Tokens: phi_token against sha256() (HMAC-SHA256 hashes twice as much as SHA-256: inner and outer).
Normalizers: each against the closest built-in SQL expression chain a user would write instead
(which validates far less: see the notes printed with the results).
"""

from __future__ import annotations

import os

from harness import Comparison, connect, report, timed

KEY_HEX = "5a" * 32

# A realistic mix of the formats and junk real exports carry.
DATA_SQL = """
CREATE TABLE raw AS
SELECT
  i,
  CASE i % 10
    WHEN 0 THEN ' ' || upper('Pat' || i) || '.Lee+promo@GMAIL.com '
    WHEN 1 THEN 'noemail@clinic.org'
    WHEN 2 THEN NULL
    ELSE 'pat.' || i || '@acme-health' || (i % 40) || '.com'
  END AS email,
  CASE i % 5
    WHEN 0 THEN format('({:03d}) {:03d}-{:04d}', 201 + i % 700, 200 + (i // 7) % 700, i % 10000)
    WHEN 1 THEN format('{:03d}.{:03d}.{:04d}', 201 + i % 700, 200 + (i // 7) % 700, i % 10000)
    WHEN 2 THEN format('+1 {:03d} {:03d} {:04d} x12', 201 + i % 700, 200 + (i // 7) % 700, i % 10000)
    WHEN 3 THEN '000-000-0000'
    ELSE format('1{:03d}{:03d}{:04d}', 201 + i % 700, 200 + (i // 7) % 700, i % 10000)
  END AS phone,
  CASE i % 4
    WHEN 0 THEN 'Dr. José Núñez Jr.'
    WHEN 1 THEN 'O''Brien-Smith'
    WHEN 2 THEN 'mary ann ' || (['lee', 'kim', 'nguyen', 'garcia'])[1 + i % 4]
    ELSE 'UNKNOWN'
  END AS name,
  CASE i % 4
    WHEN 0 THEN strftime(DATE '1940-01-01' + (i % 25000)::INTEGER, '%Y-%m-%d')
    WHEN 1 THEN strftime(DATE '1940-01-01' + (i % 25000)::INTEGER, '%m/%d/%Y')
    WHEN 2 THEN strftime(DATE '1940-01-01' + (i % 25000)::INTEGER, '%Y%m%d')
    ELSE '1900-01-01'
  END AS birth_date,
  format('{:05d}', i % 99999) || CASE WHEN i % 3 = 0 THEN '-1234' ELSE '' END AS zip,
  format('{:03d}-{:02d}-{:04d}', 1 + i % 899, 1 + i % 99, 1 + i % 9999) AS ssn
FROM range({rows}) t(i)
"""

# (name, ours, baseline name, baseline SQL expression over column `v`)
NORMALIZERS = [
    ("email", "phi_normalize_email(email)", "lower/trim + gmail regexp chain",
     "CASE WHEN regexp_full_match(lower(trim(email)), '[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}') THEN "
     "CASE WHEN split_part(lower(trim(email)), '@', 2) IN ('gmail.com', 'googlemail.com') "
     "THEN replace(split_part(split_part(lower(trim(email)), '@', 1), '+', 1), '.', '') || '@gmail.com' "
     "ELSE lower(trim(email)) END END"),
    ("name", "phi_normalize_name(name)", "strip_accents/upper/regexp chain",
     "nullif(trim(regexp_replace(upper(strip_accents(name)), '[^A-Z ]', '', 'g')), '')"),
    ("phone", "phi_normalize_phone(phone)", "digits regexp + length rules",
     "CASE WHEN length(regexp_replace(phone, '[^0-9]', '', 'g')) = 10 THEN '+1' || regexp_replace(phone, '[^0-9]', '', 'g') "
     "WHEN length(regexp_replace(phone, '[^0-9]', '', 'g')) = 11 AND regexp_replace(phone, '[^0-9]', '', 'g')[1] = '1' "
     "THEN '+' || regexp_replace(phone, '[^0-9]', '', 'g') END"),
    ("birth_date", "phi_normalize_birth_date(birth_date)", "try_strptime over 3 formats",
     "coalesce(try_strptime(birth_date, '%Y-%m-%d'), try_strptime(birth_date, '%m/%d/%Y'), try_strptime(birth_date, '%Y%m%d'))::DATE"),
    ("zip5", "phi_normalize_zip5(zip)", "regexp_full_match + left",
     "CASE WHEN regexp_full_match(zip, '[0-9]{5}(-[0-9]{4})?') THEN left(zip, 5) END"),
    ("ssn", "phi_normalize_ssn(ssn)", "digits regexp + area/group/serial",
     "CASE WHEN regexp_full_match(ssn, '[0-9]{3}-?[0-9]{2}-?[0-9]{4}') AND left(ssn, 3) NOT IN ('000', '666') "
     "AND left(ssn, 1) <> '9' THEN regexp_replace(ssn, '[^0-9]', '', 'g') END"),
]


def run(rows: int) -> list[Comparison]:
    os.environ["CRM_EHR_BENCH_KEY"] = KEY_HEX
    con = connect()
    con.execute(DATA_SQL.replace("{rows}", str(rows)))
    con.execute("PRAGMA crm_ehr_load_key('bench', 'env:CRM_EHR_BENCH_KEY')")
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    print(f"tokens: {rows:,} rows, {threads} threads")

    def q(expr: str) -> str:
        # max() over the result keeps output materialization out of the measurement.
        return f"SELECT max({expr}) FROM raw"

    sha = timed(con, q("sha256(email)"))
    results = [
        Comparison("tokens", "phi_token('id:x', email)", timed(con, q("phi_token('id:x', email, 'bench')")),
                   "sha256(email)", sha, rows, target=1.5),
        Comparison("tokens", "phi_token_text('id:x', email)", timed(con, q("phi_token_text('id:x', email, 'bench')")),
                   "sha256(email)", sha, rows),
        Comparison("tokens", "phi_token('email', email) normalized", timed(con, q("phi_token('email', email, 'bench')")),
                   "sha256(email)", sha, rows),
        Comparison("tokens", "phi_person_token(LAST|FIRST[0]|DOB)",
                   timed(con, q("phi_person_token('LAST|FIRST[0]|DOB', 'bench', first_name := name, last_name := name, birth_date := birth_date)")),
                   "sha256(name || '|' || birth_date)", timed(con, q("sha256(name || '|' || birth_date)")), rows),
    ]
    for name, ours, baseline_name, baseline in NORMALIZERS:
        results.append(Comparison("normalize", name, timed(con, q(ours)), baseline_name, timed(con, q(baseline)), rows))
    return results


if __name__ == "__main__":
    comparisons = run(int(os.environ.get("CRM_EHR_BENCH_ROWS", 10_000_000)))
    report(comparisons, "tokens")
