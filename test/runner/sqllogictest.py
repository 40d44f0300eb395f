"""A small runner for DuckDB's sqllogictest dialect, on top of the pinned `duckdb` wheel.

Supported records (one per blank-line-separated block):

    require <extension>             load an extension; fails the file when it cannot be loaded
    require-env <VAR>               fails the file when the environment variable is not set
    statement ok|error|maybe        run one statement; `error` may give `----` and an expected
                                    message (substring, or `<REGEX>:pattern`)
    query <types> [sort] [label]    run a query and compare with the rows after `----`
                                    (tab-separated; NULL, (empty) for ''); sort is nosort,
                                    rowsort or valuesort; rows of one label must agree
    loop <var> <start> <end>        repeat the records up to `endloop`, with ${var} substituted
    foreach <var> <v1> <v2> ...     likewise, once per value
    mode skip | mode unskip         skip records in between (counted and reported, never silent)
    load [<path>]                   reopen the database on a file (default: in-memory)
    restart                         reopen the current database; requires are loaded again
    halt                            stop the file here (reported)

`__TEST_DIR__` is replaced by a fresh temporary directory per file. Lines starting with `#`
outside results are comments. The run fails when any record fails, when a file cannot be
parsed, when an extension cannot be loaded, or when no test ran at all. The last line printed
is always `N passed, N failed`.

    python test/runner/sqllogictest.py --extension crm_ehr=build/release/crm_ehr.duckdb_extension test/sql
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import os
import pathlib
import re
import shutil
import sys
import tempfile
import traceback

import duckdb


class ParseError(Exception):
    """The file does not follow the dialect; the whole file fails."""


@dataclasses.dataclass
class Record:
    kind: str  # require, require-env, statement, query, loop, foreach, endloop, mode, load, restart, halt
    line: int
    args: list[str]
    sql: str = ""
    expected: list[str] | None = None  # lines after ----, or None when absent


def parse(text: str, path: str) -> list[Record]:
    """Split a .test file into records. Raises ParseError with a file:line location."""
    records: list[Record] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        raw = lines[i]
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        start = i + 1
        words = stripped.split()
        head = words[0]
        if head in ("statement", "query"):
            if head == "statement" and (len(words) < 2 or words[1] not in ("ok", "error", "maybe")):
                raise ParseError(f"{path}:{start}: statement must be followed by ok, error or maybe")
            if head == "query" and len(words) < 2:
                raise ParseError(f"{path}:{start}: query needs its column types, e.g. 'query II'")
            i += 1
            sql_lines: list[str] = []
            while i < len(lines) and lines[i].strip() and lines[i].strip() != "----":
                sql_lines.append(lines[i])
                i += 1
            if not sql_lines:
                raise ParseError(f"{path}:{start}: {head} without SQL")
            expected = None
            if i < len(lines) and lines[i].strip() == "----":
                i += 1
                expected = []
                while i < len(lines) and lines[i].strip() != "":
                    expected.append(lines[i])
                    i += 1
            if head == "query" and expected is None:
                raise ParseError(f"{path}:{start}: query without '----' and expected rows")
            records.append(Record(head, start, words[1:], "\n".join(sql_lines), expected))
            continue
        if head in ("require", "require-env"):
            if len(words) != 2:
                raise ParseError(f"{path}:{start}: {head} takes one name")
        elif head == "loop":
            if len(words) != 4 or not words[2].lstrip("-").isdigit() or not words[3].lstrip("-").isdigit():
                raise ParseError(f"{path}:{start}: loop needs a variable, a start and an end")
        elif head == "foreach":
            if len(words) < 3:
                raise ParseError(f"{path}:{start}: foreach needs a variable and values")
        elif head == "mode":
            if len(words) != 2 or words[1] not in ("skip", "unskip"):
                raise ParseError(f"{path}:{start}: mode must be skip or unskip")
        elif head in ("endloop", "restart", "halt", "load"):
            pass
        else:
            raise ParseError(f"{path}:{start}: unknown record '{head}'")
        records.append(Record(head, start, words[1:]))
        i += 1
    depth = 0
    for r in records:
        depth += r.kind in ("loop", "foreach")
        depth -= r.kind == "endloop"
        if depth < 0:
            raise ParseError(f"{path}:{r.line}: endloop without loop")
    if depth:
        raise ParseError(f"{path}: loop without endloop")
    return records


def expand(records: list[Record], env: dict[str, str]) -> list[tuple[Record, dict[str, str]]]:
    """Unroll loops into (record, variables) pairs."""
    out: list[tuple[Record, dict[str, str]]] = []
    i = 0
    while i < len(records):
        r = records[i]
        if r.kind not in ("loop", "foreach"):
            out.append((r, env))
            i += 1
            continue
        depth, j = 1, i + 1
        while depth:
            depth += records[j].kind in ("loop", "foreach")
            depth -= records[j].kind == "endloop"
            j += 1
        body = records[i + 1 : j - 1]
        if r.kind == "loop":
            values = [str(v) for v in range(int(r.args[1]), int(r.args[2]))]
        else:
            values = r.args[1:]
        for v in values:
            out.extend(expand(body, {**env, r.args[0]: v}))
        i = j
    return out


def substitute(text: str, env: dict[str, str], test_dir: str) -> str:
    for k, v in env.items():
        text = text.replace("${" + k + "}", v)
    return text.replace("__TEST_DIR__", test_dir)


def render(value) -> str:
    """Text of one value as the expected rows write it (values arrive cast to VARCHAR)."""
    if value is None:
        return "NULL"
    if value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def values_equal(actual: str, expected: str, numeric: bool) -> bool:
    if actual == expected:
        return True
    if numeric:
        try:
            a, e = float(actual), float(expected)
        except ValueError:
            return False
        return math.isclose(a, e, rel_tol=1e-9, abs_tol=1e-12) or (math.isnan(a) and math.isnan(e))
    return False


class FileRun:
    def __init__(self, path: pathlib.Path, extensions: dict[str, str]):
        self.path = path
        self.extensions = extensions
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.failures: list[str] = []
        self.loaded: list[str] = []
        self.db_path = ":memory:"
        self.labels: dict[str, list[list[str]]] = {}
        self.con: duckdb.DuckDBPyConnection | None = None

    # -- database -------------------------------------------------------------------------
    def open(self) -> None:
        if self.con is not None:
            self.con.close()
        self.con = duckdb.connect(self.db_path, config={"allow_unsigned_extensions": "true"})
        for name in self.loaded:
            self.load_extension(name)

    def load_extension(self, name: str) -> None:
        assert self.con is not None
        target = self.extensions.get(name)
        self.con.execute(f"LOAD '{target}'" if target else f"LOAD {name}")

    # -- reporting ------------------------------------------------------------------------
    def fail(self, record: Record, message: str, sql: str = "") -> None:
        self.failed += 1
        where = f"{self.path}:{record.line}"
        body = f"\n    {sql.strip()}" if sql else ""
        self.failures.append(f"FAIL {where}: {message}{body}")

    # -- records --------------------------------------------------------------------------
    def run(self, text: str) -> None:
        records = parse(text, str(self.path))
        test_dir = tempfile.mkdtemp(prefix="crm_ehr_test_")
        try:
            self.open()
            skipping = False
            for record, env in expand(records, {}):
                if record.kind == "mode":
                    skipping = record.args[0] == "skip"
                    continue
                if skipping:
                    self.skipped += record.kind in ("statement", "query")
                    continue
                if record.kind == "halt":
                    print(f"  halt at {self.path}:{record.line}: the rest of the file is not run")
                    break
                self.run_record(record, env, test_dir)
        finally:
            if self.con is not None:
                self.con.close()
            shutil.rmtree(test_dir, ignore_errors=True)

    def run_record(self, record: Record, env: dict[str, str], test_dir: str) -> None:
        assert self.con is not None
        if record.kind == "require":
            name = record.args[0]
            try:
                self.load_extension(name)
            except Exception as e:  # noqa: BLE001 - any failure to load fails the file
                self.fail(record, f"require {name}: cannot load the extension: {e}")
                raise RequireFailed() from e
            self.loaded.append(name)
            self.passed += 1
            return
        if record.kind == "require-env":
            if record.args[0] not in os.environ:
                self.fail(record, f"require-env {record.args[0]}: the variable is not set")
                raise RequireFailed()
            self.passed += 1
            return
        if record.kind == "load":
            self.db_path = substitute(record.args[0], env, test_dir) if record.args else ":memory:"
            self.open()
            return
        if record.kind == "restart":
            self.open()
            return
        sql = substitute(record.sql, env, test_dir)
        if record.kind == "statement":
            self.run_statement(record, sql, env, test_dir)
        else:
            self.run_query(record, sql, env, test_dir)

    def run_statement(self, record: Record, sql: str, env: dict[str, str], test_dir: str) -> None:
        assert self.con is not None
        mode = record.args[0]
        try:
            self.con.execute(sql)
            self.con.fetchall() if self.con.description else None
        except Exception as e:  # noqa: BLE001 - the error is the thing under test
            if mode == "ok":
                self.fail(record, f"statement failed: {e}", sql)
                return
            if mode == "error" and record.expected:
                want = substitute("\n".join(record.expected), env, test_dir)
                if not error_matches(str(e), want):
                    self.fail(record, f"error message mismatch\n    expected: {want}\n    actual:   {e}", sql)
                    return
            self.passed += 1
            return
        if mode == "error":
            self.fail(record, "statement succeeded but an error was expected", sql)
            return
        self.passed += 1

    def run_query(self, record: Record, sql: str, env: dict[str, str], test_dir: str) -> None:
        types = record.args[0]
        sort = record.args[1] if len(record.args) > 1 else "nosort"
        label = record.args[2] if len(record.args) > 2 else None
        if sort not in ("nosort", "rowsort", "valuesort"):
            label, sort = sort, "nosort"
        try:
            rows = self.fetch_as_text(sql)
        except Exception as e:  # noqa: BLE001
            self.fail(record, f"query failed: {e}", sql)
            return
        if rows and len(rows[0]) != len(types):
            self.fail(record, f"query returned {len(rows[0])} columns, the header declares {len(types)}", sql)
            return
        expected_lines = [substitute(x, env, test_dir) for x in (record.expected or [])]
        expected = parse_expected(expected_lines, len(types), len(rows))
        if sort == "rowsort":
            rows, expected = sorted(rows), sorted(expected)
        elif sort == "valuesort":
            rows = [[v] for v in sorted(v for r in rows for v in r)]
            expected = [[v] for v in sorted(v for r in expected for v in r)]
        numeric = [t == "R" for t in types]
        if len(rows) != len(expected) or any(
            len(a) != len(e) or not all(values_equal(x, y, numeric[k] if k < len(numeric) else False)
                                        for k, (x, y) in enumerate(zip(a, e)))
            for a, e in zip(rows, expected)
        ):
            self.fail(record, "wrong result\n" + diff(expected, rows), sql)
            return
        if label:
            first = self.labels.setdefault(label, rows)
            if first != rows:
                self.fail(record, f"result differs from the earlier query labelled '{label}'", sql)
                return
        self.passed += 1

    def fetch_as_text(self, sql: str) -> list[list[str]]:
        """Run a query and return its rows as DuckDB's own VARCHAR rendering of each value."""
        assert self.con is not None
        relation = self.con.sql(sql)
        if relation is None:
            raise RuntimeError("the statement returned no result set")
        # Positional references (#1, #2, ...) work for any column name, duplicates included.
        casts = ", ".join(f"CAST(#{i + 1} AS VARCHAR)" for i in range(len(relation.columns)))
        try:
            raw = relation.project(casts).fetchall()
        except duckdb.Error:  # a result DuckDB cannot project again: render the values in Python
            raw = self.con.execute(sql).fetchall()
        return [[render(v) for v in row] for row in raw]


class RequireFailed(Exception):
    """A `require` could not be met: the file stops and fails."""


def error_matches(actual: str, expected: str) -> bool:
    if expected.startswith("<REGEX>:"):
        return re.search(expected[len("<REGEX>:"):], actual, re.DOTALL) is not None
    return expected.strip() in actual


def parse_expected(lines: list[str], columns: int, actual_rows: int) -> list[list[str]]:
    if columns > 1 and lines and all("\t" not in x for x in lines) and len(lines) == columns * actual_rows:
        return [lines[i : i + columns] for i in range(0, len(lines), columns)]
    return [line.split("\t") for line in lines]


def diff(expected: list[list[str]], actual: list[list[str]]) -> str:
    out = []
    for i in range(max(len(expected), len(actual))):
        e = "\t".join(expected[i]) if i < len(expected) else "<missing>"
        a = "\t".join(actual[i]) if i < len(actual) else "<missing>"
        mark = "  " if e == a else "! "
        out.append(f"    {mark}row {i + 1}: expected {e!r}\n             actual   {a!r}")
    return "\n".join(out)


def collect(paths: list[str]) -> list[pathlib.Path]:
    files: list[pathlib.Path] = []
    for p in map(pathlib.Path, paths):
        if p.is_dir():
            files.extend(sorted(p.rglob("*.test")))
        elif p.is_file():
            files.append(p)
        else:
            raise FileNotFoundError(f"no such test file or directory: {p}")
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help=".test files or directories holding them")
    parser.add_argument("--extension", action="append", default=[], metavar="NAME=PATH",
                        help="what `require NAME` loads")
    args = parser.parse_args(argv)
    extensions = {}
    for item in args.extension:
        name, _, path = item.partition("=")
        if not path or not pathlib.Path(path).is_file():
            print(f"extension '{name}': no file at '{path}'", file=sys.stderr)
            print("0 passed, 1 failed")
            return 1
        extensions[name] = str(pathlib.Path(path).resolve())

    passed = failed = skipped = 0
    try:
        files = collect(args.paths)
    except FileNotFoundError as e:
        print(e, file=sys.stderr)
        print("0 passed, 1 failed")
        return 1
    for path in files:
        run = FileRun(path, extensions)
        try:
            run.run(path.read_text(encoding="utf-8"))
        except ParseError as e:
            run.failed += 1
            run.failures.append(f"PARSE {e}")
        except RequireFailed:
            pass
        except Exception:  # noqa: BLE001 - a crash in one file must not hide the others
            run.failed += 1
            run.failures.append(f"CRASH {path}:\n{traceback.format_exc()}")
        status = "ok  " if not run.failed else "FAIL"
        extra = f", {run.skipped} skipped" if run.skipped else ""
        print(f"{status} {path} ({run.passed} passed, {run.failed} failed{extra})")
        for f in run.failures:
            print("  " + f.replace("\n", "\n  "))
        passed, failed, skipped = passed + run.passed, failed + run.failed, skipped + run.skipped
    if passed + failed == 0:
        print("no test records found: nothing was checked", file=sys.stderr)
        failed = 1
    if skipped:
        print(f"{skipped} records skipped by 'mode skip'")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
