"""Every example crm_ehr puts into duckdb_functions() runs, with the documented key loaded and the
tables the examples name created by test/data/example_tables.sql."""

import os
import unittest

import duckdb

from support import ROOT, connect

FIXTURES = (ROOT / "test" / "data" / "example_tables.sql").read_text()


class DocumentationExamplesTest(unittest.TestCase):
    def test_every_example_runs(self):
        os.environ.setdefault("CRM_EHR_BRIDGE_KEY", "ab" * 32)
        plain = duckdb.connect()
        builtin = {r[0] for r in plain.execute("SELECT DISTINCT function_name FROM duckdb_functions()").fetchall()}
        con = connect()
        rows = con.execute("SELECT function_name, examples FROM duckdb_functions()").fetchall()
        ours = [(name, examples) for name, examples in rows if name not in builtin]
        self.assertGreater(len(ours), 10)
        ran = 0
        for name, examples in ours:
            self.assertTrue(examples, f"{name} has no example")
            for example in examples:
                with self.subTest(function=name, example=example):
                    fresh = connect()
                    fresh.execute("PRAGMA crm_ehr_load_key('bridge_2026', 'env:CRM_EHR_BRIDGE_KEY')")
                    fresh.execute(FIXTURES)
                    statement = example if example.split()[0].upper() in ("PRAGMA", "FROM", "SELECT", "CALL") else f"SELECT {example}"
                    fresh.execute(statement)
                    ran += 1
        self.assertGreaterEqual(ran, len(ours))


if __name__ == "__main__":
    unittest.main()
