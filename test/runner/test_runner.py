"""Tests of the sqllogictest runner itself: a failing expectation must fail the run.

Each case writes a small .test file, runs the runner's main() on it and checks the exit code and
the closing `N passed, N failed` line. No extension is needed except where loading one is the
point of the case.
"""

import contextlib
import io
import pathlib
import sys
import tempfile
import textwrap
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import sqllogictest  # noqa: E402


def run(text: str, *extra: str) -> tuple[int, str]:
    with tempfile.TemporaryDirectory() as d:
        path = pathlib.Path(d) / "case.test"
        path.write_text(textwrap.dedent(text))
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = sqllogictest.main([str(path), *extra])
        return code, out.getvalue()


def closing_line(output: str) -> str:
    return output.strip().splitlines()[-1]


class RunnerTest(unittest.TestCase):
    def test_passing_file(self):
        code, out = run("""
            statement ok
            CREATE TABLE t AS SELECT range AS i, 'x' || range AS s FROM range(3);

            query IT
            SELECT i, s FROM t ORDER BY i;
            ----
            0	x0
            1	x1
            2	x2

            query I rowsort
            SELECT i FROM t ORDER BY i DESC;
            ----
            0
            1
            2

            query II
            SELECT NULL, '';
            ----
            NULL	(empty)

            statement error
            SELECT * FROM no_such_table;
            ----
            no_such_table
            """)
        self.assertEqual(code, 0, out)
        self.assertEqual(closing_line(out), "5 passed, 0 failed")

    def test_wrong_result_fails(self):
        code, out = run("""
            query I
            SELECT 41 + 1;
            ----
            43
            """)
        self.assertEqual(code, 1)
        self.assertEqual(closing_line(out), "0 passed, 1 failed")
        self.assertIn("wrong result", out)

    def test_wrong_column_count_fails(self):
        code, out = run("""
            query II
            SELECT 1;
            ----
            1
            """)
        self.assertEqual(code, 1)
        self.assertIn("declares 2", out)

    def test_unexpected_success_and_wrong_message_fail(self):
        code, out = run("""
            statement error
            SELECT 1;

            statement error
            SELECT * FROM missing_table;
            ----
            a message that is not there
            """)
        self.assertEqual(code, 1)
        self.assertEqual(closing_line(out), "0 passed, 2 failed")

    def test_failing_statement_fails(self):
        code, out = run("""
            statement ok
            SELECT * FROM missing_table;
            """)
        self.assertEqual(code, 1)

    def test_regex_error(self):
        code, out = run("""
            statement error
            SELECT * FROM missing_table;
            ----
            <REGEX>:Table with name missing_\\w+ does not exist
            """)
        self.assertEqual(code, 0, out)

    def test_loops_and_substitution(self):
        code, out = run("""
            statement ok
            CREATE TABLE t(i INTEGER, name VARCHAR);

            loop i 0 3

            statement ok
            INSERT INTO t VALUES (${i}, 'n${i}');

            endloop

            foreach name alpha beta

            statement ok
            INSERT INTO t VALUES (-1, '${name}');

            endloop

            query I
            SELECT count(*) FROM t;
            ----
            5

            query T valuesort
            SELECT name FROM t;
            ----
            alpha
            beta
            n0
            n1
            n2

            statement ok
            COPY (SELECT 1 AS x) TO '__TEST_DIR__/one.csv';

            query I
            SELECT x FROM '__TEST_DIR__/one.csv';
            ----
            1
            """)
        self.assertEqual(code, 0, out)
        self.assertEqual(closing_line(out), "10 passed, 0 failed")

    def test_skips_are_reported_not_silent(self):
        code, out = run("""
            mode skip

            query I
            SELECT 'would fail';
            ----
            no

            mode unskip

            query I
            SELECT 1;
            ----
            1
            """)
        self.assertEqual(code, 0, out)
        self.assertIn("1 records skipped", out)
        self.assertEqual(closing_line(out), "1 passed, 0 failed")

    def test_unloadable_extension_fails(self):
        code, out = run("""
            require crm_ehr_does_not_exist

            query I
            SELECT 1;
            ----
            1
            """)
        self.assertEqual(code, 1)
        self.assertIn("cannot load the extension", out)
        self.assertEqual(closing_line(out), "0 passed, 1 failed")

    def test_extension_path_that_does_not_exist_fails(self):
        code, out = run("query I\nSELECT 1;\n----\n1\n", "--extension", "x=/nonexistent/x.duckdb_extension")
        self.assertEqual(code, 1)
        self.assertEqual(closing_line(out), "0 passed, 1 failed")

    def test_missing_environment_variable_fails(self):
        code, out = run("""
            require-env CRM_EHR_RUNNER_TEST_SURELY_UNSET

            query I
            SELECT 1;
            ----
            1
            """)
        self.assertEqual(code, 1)
        self.assertIn("the variable is not set", out)

    def test_parse_errors_fail(self):
        for text in ["statement sometimes\nSELECT 1;\n", "query I\nSELECT 1;\n", "loop i 0 2\n", "frobnicate\n"]:
            with self.subTest(text=text):
                code, out = run(text)
                self.assertEqual(code, 1, out)
                self.assertIn("PARSE", out)

    def test_empty_run_fails(self):
        code, out = run("# nothing but a comment\n")
        self.assertEqual(code, 1)
        self.assertIn("nothing was checked", out)

    def test_restart_keeps_file_database(self):
        code, out = run("""
            load __TEST_DIR__/db.duckdb

            statement ok
            CREATE TABLE kept AS SELECT 7 AS v;

            restart

            query I
            SELECT v FROM kept;
            ----
            7
            """)
        self.assertEqual(code, 0, out)


if __name__ == "__main__":
    unittest.main()
