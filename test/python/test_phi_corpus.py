"""phi_scan on the labelled corpus (test/data/phi_corpus.sql): recall on the leaky columns and
false alarms on the clean ones, printed as precision and recall of the 'identifier' verdicts."""

import os
import unittest

from support import ROOT, connect


class PhiCorpusTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.environ["CRM_EHR_CORPUS_KEY"] = "7e" * 32
        cls.con = connect()
        cls.con.execute("PRAGMA crm_ehr_load_key('corpus_key', 'env:CRM_EHR_CORPUS_KEY')")
        cls.con.execute((ROOT / "test" / "data" / "phi_corpus.sql").read_text())
        labels = cls.con.execute("SELECT table_name, column_name, expected_kind FROM phi_corpus_labels").fetchall()
        cls.expected = {(t, c): k for t, c, k in labels}
        cls.results = {}
        for table in ("phi_corpus_clean", "phi_corpus_leaky"):
            for column, verdict, kinds, reason in cls.con.execute(
                    f"SELECT column_name, verdict, kinds, reason FROM phi_scan('{table}', sample := 0)").fetchall():
                cls.results[(table, column)] = (verdict, kinds, reason)

    def test_precision_and_recall(self):
        flagged = {key for key, (verdict, _, _) in self.results.items() if verdict == "identifier"}
        leaky = set(self.expected)
        true_positives = flagged & leaky
        precision = len(true_positives) / len(flagged) if flagged else 1.0
        recall = len(true_positives) / len(leaky)
        clean = set(self.results) - leaky
        print(f"\nphi_scan corpus: {len(self.results)} columns ({len(leaky)} leaky, {len(clean)} clean); "
              f"precision {precision:.3f}, recall {recall:.3f}, false alarms {len(flagged - leaky)}")
        self.assertGreaterEqual(len(self.results), 40)
        self.assertEqual(sorted(leaky - flagged), [], "leaky columns missed")
        self.assertEqual(sorted(flagged - leaky), [], "clean columns flagged")

    def test_leaky_columns_name_the_right_kind(self):
        wrong = {key: (kinds, expected) for key, expected in self.expected.items()
                 if expected not in self.results[key][1] for kinds in [self.results[key][1]]}
        self.assertEqual(wrong, {})

    def test_reasons_never_carry_values(self):
        leaky_values = {str(v) for row in self.con.execute("FROM phi_corpus_leaky LIMIT 50").fetchall() for v in row}
        for key, (_, _, reason) in self.results.items():
            for value in leaky_values:
                if len(value) > 4:
                    self.assertNotIn(value, reason, key)

    def test_strict_form_names_columns_not_values(self):
        with self.assertRaises(Exception) as caught:
            self.con.execute("FROM phi_assert_clean('phi_corpus_leaky')").fetchall()
        message = str(caught.exception)
        self.assertIn("phi_assert_clean: phi_corpus_leaky holds direct identifiers in 22 column(s)", message)
        self.assertIn("email (email)", message)
        self.assertNotIn("@gmail.com", message)
        self.assertEqual(self.con.execute("FROM phi_assert_clean('phi_corpus_clean')").fetchall(), [])


if __name__ == "__main__":
    unittest.main()
