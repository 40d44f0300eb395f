"""The README's quick start runs as written (SQL block through the Python client, Python block as is)."""

import contextlib
import io
import os
import re
import unittest

import duckdb

from support import EXTENSION, ROOT


def blocks(language: str) -> list[str]:
    text = (ROOT / "README.md").read_text()
    quick_start = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", quick_start, re.DOTALL)


class ReadmeTest(unittest.TestCase):
    def setUp(self):
        os.environ.setdefault("CRM_EHR_BRIDGE_KEY", "cd" * 32)
        self.cwd = os.getcwd()
        os.chdir(ROOT)
        self.assertTrue(EXTENSION.is_file(), "build the extension first")

    def tearDown(self):
        os.chdir(self.cwd)

    def test_sql_quick_start(self):
        [sql] = blocks("sql")
        con = duckdb.connect(config={"allow_unsigned_extensions": "true"})
        statements = [s.strip() for s in sql.split(";") if s.strip()]
        self.assertEqual(len(statements), 4)
        results = [con.execute(s).fetchall() for s in statements]
        email, email_token = results[2][0]
        self.assertEqual(email, "janedoe@gmail.com")
        self.assertIsInstance(email_token, int)
        self.assertEqual(results[3][0][0], "bridge_2026")

    def test_python_quick_start(self):
        [code] = blocks("python")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, "README.md", "exec"), {})
        self.assertRegex(out.getvalue().strip(), r"^[A-Za-z0-9_-]{43}$")


if __name__ == "__main__":
    unittest.main()
