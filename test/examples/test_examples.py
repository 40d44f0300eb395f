"""`make examples`: the SQL walkthrough, the notebook script and the dbt project run from a clean
examples/out, print the KPIs and a clean PHI check, draw their charts, and a leaky dbt model fails
its PHI test. Runs with .venv-examples (duckdb==2.0.0, matplotlib, dbt-duckdb)."""

import os
import pathlib
import shutil
import subprocess
import sys
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "examples" / "out"
BIN = pathlib.Path(sys.executable).parent


def run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.setdefault("CRM_EHR_DEMO_KEY", "cd" * 32)  # a test key; real keys come from a secret store
    env.setdefault("CRM_EHR_EXTENSION", str(ROOT / "build" / "release" / "crm_ehr.duckdb_extension"))
    env.update(DBT_TARGET_PATH=str(OUT / "dbt_target"), DBT_LOG_PATH=str(OUT / "dbt_logs"), DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


class ExamplesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        shutil.rmtree(OUT, ignore_errors=True)
        cls.walkthrough = run(sys.executable, "examples/run_sql.py", "examples/walkthrough.sql")

    def test_sql_walkthrough_prints_kpis_and_a_clean_check(self):
        out = self.walkthrough.stdout
        self.assertEqual(self.walkthrough.returncode, 0, self.walkthrough.stderr[-3000:])
        self.assertIn("lead_to_completed_rate", out)
        self.assertIn("paid_search", out)
        for table in ("fct_patient_access_events", "mart_lead_conversion"):
            line = next(l for l in out.splitlines() if f"│ {table}" in l)
            self.assertEqual(line.split("│")[2].strip(), "0", line)

    def test_notebook_script_draws_its_charts(self):
        result = run(sys.executable, "examples/walkthrough.py")
        self.assertEqual(result.returncode, 0, result.stderr[-3000:])
        self.assertIn("0 identifier findings", result.stdout)
        for chart in ("funnel.png", "lag.png"):
            self.assertGreater((OUT / chart).stat().st_size, 10_000, chart)
            self.assertEqual((OUT / chart).read_bytes()[:8], b"\x89PNG\r\n\x1a\n")

    def test_dbt_project_builds_and_its_phi_tests_pass(self):
        self.assertEqual(self.walkthrough.returncode, 0)  # lands the raw exports dbt reads
        dbt = str(BIN / "dbt")
        result = run(dbt, "build", "--project-dir", "examples/dbt", "--profiles-dir", "examples/dbt")
        self.assertEqual(result.returncode, 0, result.stdout[-3000:])
        self.assertIn("PASS phi_clean_mart_lead_conversion", result.stdout)
        leaky = run(dbt, "build", "--project-dir", "examples/dbt", "--profiles-dir", "examples/dbt",
                    "--vars", "{leaky: true}", "--select", "leaky_lead_list+")
        self.assertNotEqual(leaky.returncode, 0, leaky.stdout[-3000:])
        self.assertIn("holds direct identifiers", leaky.stdout)
        self.assertIn("email (email)", leaky.stdout)


if __name__ == "__main__":
    unittest.main()
