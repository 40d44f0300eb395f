"""resolve_identity from the Python client on generated people with ground truth: accuracy
floors that catch a matching regression, keys that match the independent token construction,
and a bridge whose published columns pass the PHI gate."""

import sys
import unittest

from support import ROOT, connect, token, token_key

sys.path.insert(0, str(ROOT / "bench"))

import identity_data  # noqa: E402
from identity_metrics import cluster_scores, pairwise_scores  # noqa: E402

KEY = bytes(range(32))


class IdentityResolutionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import os

        os.environ["CRM_EHR_IDENTITY_TEST_KEY"] = KEY.hex()
        cls.con = connect()
        cls.con.execute("PRAGMA crm_ehr_load_key('bridge', 'env:CRM_EHR_IDENTITY_TEST_KEY')")
        identity_data.load(cls.con, 8_000, table="people", seed=7)
        cls.con.execute("CREATE VIEW records AS SELECT * EXCLUDE (person_id) FROM people")
        cls.con.execute("CREATE TABLE bridge AS FROM resolve_identity('records', 'bridge')")
        cls.con.execute("""CREATE TABLE accepted AS SELECT source_system_a, source_record_id_a, source_system_b,
                           source_record_id_b FROM identity_pairs('records') WHERE accepted_by IS NOT NULL""")

    def test_every_record_once(self):
        n, distinct = self.con.execute(
            "SELECT count(*), count(DISTINCT (source_system, source_record_id)) FROM bridge").fetchone()
        self.assertEqual(n, 8_000)
        self.assertEqual(distinct, n)

    def test_accuracy_floors(self):
        # At this size the bench measures cluster P 0.999 / R 0.97; floors leave room for
        # tuning but not for a broken comparison, model or clustering.
        cluster = cluster_scores(self.con, "people", "(SELECT source_system, source_record_id, person_key AS cluster FROM bridge)")
        self.assertGreater(cluster["precision"], 0.99, cluster)
        self.assertGreater(cluster["recall"], 0.95, cluster)
        pairwise = pairwise_scores(self.con, "people", "accepted")
        self.assertGreater(pairwise["precision"], 0.99, pairwise)
        self.assertGreater(pairwise["recall"], 0.93, pairwise)

    def test_person_key_is_the_keyed_hash_of_the_first_record_id(self):
        rows = self.con.execute("""
            SELECT * FROM (SELECT person_key, min(source_system || chr(31) || source_record_id), count(*) AS n
                           FROM bridge GROUP BY person_key)
            ORDER BY n DESC, 2 LIMIT 50""").fetchall()
        derived = token_key(KEY, "bridge")
        self.assertGreater(rows[0][2], 1, "multi-record people are checked")
        for key, anchor, _ in rows:
            digest = token(derived, "id:person", "r1", anchor.encode())
            self.assertEqual(key, int.from_bytes(digest[:16], "big"), anchor)

    def test_published_columns_carry_no_identifiers(self):
        self.con.execute("""CREATE TABLE published AS SELECT person_key, cluster_size, match_rule, match_probability,
                            agreeing_signals, refused_reason, model_fingerprint FROM bridge""")
        self.assertEqual(self.con.execute("FROM phi_assert_clean('published')").fetchall(), [])

    def test_training_on_a_sample_of_candidates(self):
        import json

        full, full_fingerprint, candidates = self.con.execute(
            "SELECT model, fingerprint, candidate_pairs FROM identity_model('records')").fetchall()[0]
        sample_sql = f"SELECT model, fingerprint, candidate_pairs FROM identity_model('records', training_pairs := {candidates // 4})"
        sampled, fingerprint, reported = self.con.execute(sample_sql).fetchall()[0]
        self.assertEqual(self.con.execute(sample_sql).fetchall()[0][1], fingerprint, "the sample is deterministic")
        self.assertNotEqual(fingerprint, full_fingerprint, "a quarter of the pairs trained it")
        self.assertEqual(reported, candidates)
        full, sampled = json.loads(full), json.loads(sampled)
        # counts are scaled back, so the prior and the match share estimate the full fit's
        self.assertAlmostEqual(sampled["candidate_pairs"] / full["candidate_pairs"], 1.0, delta=0.05)
        self.assertAlmostEqual(sampled["candidate_match_share"], full["candidate_match_share"], delta=0.03)
        self.assertAlmostEqual(sampled["lambda"] / full["lambda"], 1.0, delta=0.1)
        self.con.execute("DROP TABLE IF EXISTS sampled_model")
        self.con.execute(f"CREATE TABLE sampled_model AS {sample_sql}")
        bridge = "(SELECT source_system, source_record_id, person_key AS cluster FROM resolve_identity('records', 'bridge', model := (SELECT model FROM sampled_model)))"
        cluster = cluster_scores(self.con, "people", bridge)
        self.assertGreater(cluster["precision"], 0.99, cluster)
        self.assertGreater(cluster["recall"], 0.95, cluster)

    def test_explanations_name_what_agreed(self):
        rule, reason = self.con.execute("""
            SELECT accepted_by, explanation.reason FROM identity_pairs('records')
            WHERE accepted_by = 'rule:email+birth_date' LIMIT 1""").fetchone()
        self.assertIn("email exact", reason)
        self.assertIn("birth date exact", reason)


if __name__ == "__main__":
    unittest.main()
