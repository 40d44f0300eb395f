"""phi_scan full scan against a hand-written regexp scan of the same values, same run.

A table of N rows and five text columns (clean categories, free-text notes with occasional
emails and phone numbers, names, dates, ids) is scanned in full by phi_scan(sample := 0) and by
a hand-written query that unpivots the same columns and counts regexp_matches per kind (email,
phone, SSN, date, street address, IPv4, URL, ZIP+4). The regexp scan finds less (no name
dictionary, no SSN or NANP validation, no verdicts); it is the baseline a team would write.
Reported per million values scanned. The scan detects each distinct value of a column once, so
a second table of all-distinct values shows the cost when nothing repeats.
"""

from __future__ import annotations

import os

from harness import Comparison, connect, report, timed

DATA = """
CREATE TABLE scan_me AS
SELECT ['web', 'referral', 'paid_search', 'social'][1 + i % 4] AS channel,
       CASE WHEN i % 50 = 0 THEN 'email me at pat' || i || '@gmail.com'
            WHEN i % 70 = 0 THEN 'call ' || format('({:03d}) {:03d}-{:04d}', 212 + i % 700, 555 + i % 300, i % 10000)
            ELSE ['left voicemail', 'confirmed for tuesday', 'needs interpreter', 'rescheduled'][1 + i % 4] END AS notes,
       ['Ann Lee', 'Bob Smith', 'Maria Chen', 'Jose Lopez', 'Linda Davis'][1 + i % 5] AS contact,
       strftime(DATE '1950-01-01' + (i % 20000)::INTEGER, '%Y-%m-%d') AS d,
       'L-' || i AS lead_ref
FROM range({rows}) t(i)
"""

REGEXPS = {
    "email": r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}",
    "phone": r"\(?[2-9][0-9]{2}\)?[ .-]?[2-9][0-9]{2}[ .-]?[0-9]{4}",
    "ssn": r"\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b",
    "date": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$|^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$",
    "address": r"\b[0-9]{1,6} [A-Za-z ]+ (St|Street|Ave|Avenue|Rd|Road|Blvd|Lane|Ln|Dr|Drive)\b",
    "ip": r"\b([0-9]{1,3}\.){3}[0-9]{1,3}\b",
    "url": r"https?://|www\.",
    "zip4": r"\b[0-9]{5}-[0-9]{4}\b",
}

DISTINCT = """
CREATE TABLE all_distinct AS
SELECT 'L-' || i AS lead_ref, 'note ' || i || ' ok' AS notes,
       strftime(TIMESTAMP '2020-01-01' + to_seconds(i), '%Y-%m-%d %H:%M:%S') AS at, i * 7919 AS n, 'x' || (i * 31) AS code
FROM range({rows}) t(i)
"""

BASELINE = """
SELECT column_name, count(*) AS non_null, {counts}
FROM (UNPIVOT (SELECT COLUMNS(*)::VARCHAR FROM scan_me) ON COLUMNS(*) INTO NAME column_name VALUE value)
GROUP BY column_name
"""


def run(rows: int) -> list[Comparison]:
    con = connect()
    con.execute(DATA.replace("{rows}", str(rows)))
    values = rows * 5
    counts = ", ".join(f"count(*) FILTER (WHERE regexp_matches(value, '{pattern}')) AS {kind}"
                       for kind, pattern in REGEXPS.items())
    ours = timed(con, "FROM phi_scan('scan_me', sample := 0)", repeat=3)
    baseline = timed(con, BASELINE.replace("{counts}", counts), repeat=3)
    verdicts = dict(con.execute("SELECT column_name, verdict FROM phi_scan('scan_me', sample := 0)").fetchall())
    print(f"phi: {values:,} values; verdicts {verdicts}")
    print(f"phi: phi_scan {ours / values * 1e6 * 1e3:.1f} ms per million values, "
          f"regexp scan {baseline / values * 1e6 * 1e3:.1f} ms per million values")
    con.execute(DISTINCT.replace("{rows}", str(rows)))
    ours_distinct = timed(con, "FROM phi_scan('all_distinct', sample := 0)", repeat=3)
    baseline_distinct = timed(con, BASELINE.replace("{counts}", counts).replace("scan_me", "all_distinct"), repeat=3)
    return [Comparison("phi", "phi_scan(sample := 0)", ours, "hand-written regexp scan", baseline, values),
            Comparison("phi", "phi_scan, all values distinct", ours_distinct, "hand-written regexp scan",
                       baseline_distinct, values)]


if __name__ == "__main__":
    report(run(int(os.environ.get("CRM_EHR_BENCH_ROWS", 2_000_000))), "phi")
