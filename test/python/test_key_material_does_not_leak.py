"""Load a key, use it every way a user would, then search every place DuckDB exposes text for the
key material and the derived token key: settings, variables, function and macro definitions,
EXPLAIN and EXPLAIN ANALYZE output, error messages, the query log, the key listing and the
database file itself."""

import base64
import os
import pathlib
import tempfile
import unittest

import duckdb

from support import connect, token_key


class KeyLeakTest(unittest.TestCase):
    def setUp(self):
        self.material = os.urandom(32)
        os.environ["CRM_EHR_LEAK_TEST_KEY"] = self.material.hex()
        derived = token_key(self.material, "leak")
        secrets = [self.material, derived]
        self.needles = set()
        for secret in secrets:
            self.needles |= {secret.hex(), secret.hex().upper(), base64.b64encode(secret).decode(),
                             base64.b64encode(secret).decode().rstrip("="), base64.urlsafe_b64encode(secret).decode().rstrip("=")}
        self.raw_needles = secrets

    def assert_clean(self, where: str, text: str):
        for needle in self.needles:
            self.assertNotIn(needle, text, f"key material found in {where}")

    def test_no_leak(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "leak.duckdb")
            con = connect(path)
            con.execute("CALL enable_logging(level = 'trace')")
            con.execute("PRAGMA crm_ehr_load_key('leak', 'env:CRM_EHR_LEAK_TEST_KEY')")
            con.execute("CREATE TABLE people AS SELECT 'p' || range || '@acme-health.com' AS email FROM range(100)")
            con.execute("CREATE TABLE tokens AS SELECT phi_token('email', email, 'leak') AS t, "
                        "phi_token_blob('email', email, 'leak') AS b, phi_token_text('email', email, 'leak') AS x FROM people")
            con.execute("CREATE VIEW v AS SELECT phi_token('email', email, 'leak') AS t FROM people")
            con.execute("CREATE MACRO tok(e) AS phi_token('email', e, 'leak')")
            outputs = []
            for sql in [
                "EXPLAIN SELECT phi_token('email', email, 'leak') FROM people",
                "EXPLAIN ANALYZE SELECT phi_token('email', email, 'leak') FROM people",
                "EXPLAIN SELECT phi_token('email', 'constant@acme-health.com', 'leak')",
                "SELECT * FROM crm_ehr_keys()",
                "SELECT * FROM duckdb_settings()",
                "SELECT * FROM duckdb_variables()",
                "SELECT * FROM duckdb_functions()",
                "SELECT * FROM duckdb_views()",
                "SELECT * FROM duckdb_extensions()",
                "SELECT tok('a@acme-health.com')",
                "FROM v LIMIT 3",
            ]:
                outputs.append((sql, repr(con.execute(sql).fetchall())))
            for sql in [
                "SELECT phi_token('emial', 'a@b.com', 'leak')",
                "SELECT phi_token('email', 'a@b.com', 'missing')",
                "PRAGMA crm_ehr_load_key('leak', 'env:CRM_EHR_LEAK_OTHER')",
                "PRAGMA crm_ehr_load_key('leak', 'env:HOME')",
                f"PRAGMA crm_ehr_load_key('leak', 'file:{d}/nope')",
            ]:
                with self.assertRaises(duckdb.Error) as caught:
                    con.execute(sql).fetchall()
                outputs.append((sql, str(caught.exception)))
            outputs.append(("duckdb_logs", repr(con.execute("SELECT type, log_level, message FROM duckdb_logs").fetchall())))
            self.assertTrue(any("crm_ehr_load_key" in text for _, text in outputs[-1:]), "the query log was not captured")
            for sql, text in outputs:
                self.assert_clean(sql, text)
            con.execute("CHECKPOINT")
            con.close()
            data = pathlib.Path(path).read_bytes()
            for needle in self.needles:
                self.assertNotIn(needle.encode(), data, "key material found in the database file")
            for raw in self.raw_needles:
                self.assertNotIn(raw, data, "raw key bytes found in the database file")


if __name__ == "__main__":
    unittest.main()
