"""docs/functions.md is generated from duckdb_functions(): it must match what the extension says."""

import subprocess
import sys
import unittest

from support import EXTENSION, ROOT


class FunctionReferenceTest(unittest.TestCase):
    def test_reference_is_current(self):
        result = subprocess.run([sys.executable, str(ROOT / "tools" / "function_reference.py"), "--check"],
                                env={"CRM_EHR_EXTENSION": str(EXTENSION), "PATH": ""}, capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)


if __name__ == "__main__":
    unittest.main()
