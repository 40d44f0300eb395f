"""Run a SQL script the way the DuckDB CLI's `.read` does, with the DuckDB Python client, printing
every result: for machines without the CLI, and for `make examples`.

    .venv/bin/python examples/run_sql.py examples/walkthrough.sql

Handles `.read <file>` lines; statements end with `;` at the end of a line.
"""

from __future__ import annotations

import pathlib
import sys

import duckdb


def statements(path: pathlib.Path):
    pending: list[str] = []
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if stripped.startswith(".read "):
            yield from statements(pathlib.Path(stripped.split(maxsplit=1)[1]))
            continue
        if stripped.startswith("--") or not stripped:
            continue
        pending.append(line)
        if stripped.endswith(";"):
            yield "\n".join(pending)
            pending = []
    if pending:
        yield "\n".join(pending)


def main(script: str) -> int:
    pathlib.Path("examples/out").mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(config={"allow_unsigned_extensions": "true"})
    for sql in statements(pathlib.Path(script)):
        if sql.lstrip().split(None, 1)[0].upper() in ("SELECT", "FROM", "WITH", "SUMMARIZE", "DESCRIBE"):
            con.sql(sql).show(max_width=160)
        else:
            con.execute(sql).fetchall()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
