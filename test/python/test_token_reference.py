"""phi_token output equals an independent implementation of the documented construction."""

import os
import unittest

from support import connect, person_value, text_form, token, token_key

MATERIAL = bytes(range(100, 132))


class TokenReferenceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.environ["CRM_EHR_REFERENCE_KEY"] = MATERIAL.hex()
        cls.con = connect()
        cls.con.execute("PRAGMA crm_ehr_load_key('ref', 'env:CRM_EHR_REFERENCE_KEY', purpose = 'bridge', version = 3)")
        cls.key = token_key(MATERIAL, "bridge", 3)

    def one(self, sql, *params):
        return self.con.execute(sql, list(params)).fetchone()[0]

    def test_single_identifier_kinds(self):
        cases = [
            ("email", " Jane.Doe+x@GMAIL.com", "janedoe@gmail.com"),
            ("phone", "(617) 253-1000 x4", "+16172531000"),
            ("last_name", "Núñez Jr.", "NUNEZ"),
            ("birth_date", "02/03/1985", "1985-02-03"),
            ("zip3", "02134-1234", "021"),
            ("id:appointment", "  APT-0001 ", "APT-0001"),
        ]
        for kind, raw, canonical in cases:
            with self.subTest(kind=kind):
                want = token(self.key, kind, "r1", canonical.encode())
                self.assertEqual(self.one("SELECT phi_token_blob(?, ?, 'ref')", kind, raw), want)
                self.assertEqual(self.one("SELECT phi_token_text(?, ?, 'ref')", kind, raw), text_form(want))
                self.assertEqual(self.one("SELECT phi_token(?, ?, 'ref')", kind, raw), int.from_bytes(want[:16], "big"))
                self.assertEqual(self.one("SELECT phi_normalize(?, ?)", kind, raw), canonical)

    def test_person_rule(self):
        want = token(self.key, "person:LAST|FIRST[0]|SEX|DOB", "r1/1.1.1.1", person_value("NUNEZ", "J", "M", "1985-02-03"))
        got = self.one(
            "SELECT phi_person_token_blob('last|first[0]|sex|dob', 'ref', first_name := 'José', last_name := 'Núñez',"
            " sex := 'male', birth_date := DATE '1985-02-03')")
        self.assertEqual(got, want)

    def test_fingerprint(self):
        import hashlib
        import hmac
        want = hmac.new(self.key, b"crm_ehr.fingerprint.v1", hashlib.sha256).hexdigest()[:16]
        self.assertEqual(self.one("SELECT fingerprint FROM crm_ehr_keys() WHERE name = 'ref'"), want)


if __name__ == "__main__":
    unittest.main()


class KeyringScopeTest(unittest.TestCase):
    """Keys belong to one database instance: connections of that instance share them, other
    instances (another duckdb.connect()) do not see them."""

    def test_keys_are_per_instance(self):
        os.environ["CRM_EHR_SCOPE_KEY"] = "11" * 32
        first = connect()
        first.execute("PRAGMA crm_ehr_load_key('scoped', 'env:CRM_EHR_SCOPE_KEY')")
        same_instance = first.cursor()
        self.assertEqual(same_instance.execute("SELECT count(*) FROM crm_ehr_keys()").fetchone()[0], 1)
        self.assertIsNotNone(same_instance.execute("SELECT phi_token('email', 'a@acme-health.com', 'scoped')").fetchone()[0])
        other = connect()
        self.assertEqual(other.execute("SELECT count(*) FROM crm_ehr_keys()").fetchone()[0], 0)
        with self.assertRaisesRegex(Exception, "key 'scoped' is not loaded"):
            other.execute("SELECT phi_token('email', 'a@acme-health.com', 'scoped')").fetchone()
