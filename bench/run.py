"""`make bench`: run every benchmark suite and print one summary table.

Suites are modules with a `run(rows) -> list[Comparison]`. Row counts default to what the issues
ask for; override with CRM_EHR_BENCH_ROWS. Results also land in bench/out/<suite>.json.
"""

import os
import sys

from harness import report

import e2e
import events
import identity
import identity_keys
import mart
import phi
import tokens

SUITES = {
    "tokens": (tokens.run, 10_000_000),
    "events": (events.run, 10_000_000),
    "mart": (mart.run, 10_000_000),
    "phi": (phi.run, 2_000_000),
    "identity": (identity.run, 1_000_000),
    "keys": (identity_keys.run, 1_000_000),
    "e2e": (e2e.run, 10_000_000),
}


def main() -> int:
    wanted = sys.argv[1:] or list(SUITES)
    override = os.environ.get("CRM_EHR_BENCH_ROWS")
    everything = []
    for name in wanted:
        run, default_rows = SUITES[name]
        everything += run(int(override) if override else default_rows)
    print()
    report(everything, "summary")
    misses = [c for c in everything if c.verdict == "MISSES"]
    for c in misses:
        print(f"target missed: {c.suite} {c.name}: {c.ratio:.2f}x < {c.target:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
