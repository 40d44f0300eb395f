"""Write docs/functions.md from duckdb_functions(), so the reference cannot drift from the code.

    .venv/bin/python tools/function_reference.py           # write it (`make docs`)
    .venv/bin/python tools/function_reference.py --check   # fail when it is out of date (a test)
"""

from __future__ import annotations

import os
import pathlib
import sys

import duckdb

ROOT = pathlib.Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "functions.md"
EXTENSION = os.environ.get("CRM_EHR_EXTENSION", str(ROOT / "build" / "release" / "crm_ehr.duckdb_extension"))

FAMILIES = [
    ("crm_ehr.identity", "Identity bridge", "layers/identity.md"),
    ("crm_ehr.events", "Governed event layer", "layers/events.md"),
    ("crm_ehr.mart", "Lead conversion mart", "layers/mart.md"),
    ("crm_ehr.phi", "PHI scanner", "phi.md"),
    ("crm_ehr.tokens", "Keyed-hash tokens", "keys.md"),
    ("crm_ehr.keys", "Keyring", "keys.md"),
    ("crm_ehr.normalize", "Normalizers", None),
    ("crm_ehr.meta", "Extension", None),
]


def rows() -> list[tuple]:
    plain = duckdb.connect()
    builtin = {r[0] for r in plain.execute("SELECT DISTINCT function_name FROM duckdb_functions()").fetchall()}
    con = duckdb.connect(config={"allow_unsigned_extensions": "true"})
    con.execute(f"LOAD '{EXTENSION}'")
    found = con.execute("""
        SELECT categories[1], function_name, function_type, parameters, parameter_types, return_type, description, examples
        FROM duckdb_functions() ORDER BY categories[1], function_name, len(parameters), parameter_types::VARCHAR""").fetchall()
    return [r for r in found if r[1] not in builtin]


def signature(name: str, kind: str, params: list, types: list, returns: str | None) -> str:
    args = ", ".join(p if t in (None, "ANY") else f"{p} {t}" for p, t in zip(params, types or [None] * len(params)))
    if kind == "pragma":
        return f"PRAGMA {name}({args})"
    tail = {"table_macro": " → table", "table": " → table", "macro": ""}.get(kind, f" → {returns}" if returns else "")
    return f"{name}({args}){tail}"


def render() -> str:
    by_family: dict[str, list[tuple]] = {}
    for row in rows():
        by_family.setdefault(row[0], []).append(row)
    lines = ["# Function reference", "",
             "Generated from `duckdb_functions()` by `tools/function_reference.py` (`make docs`); a test fails",
             "when it is out of date. Every function also carries these descriptions and examples in DuckDB:",
             "`SELECT * FROM duckdb_functions() WHERE categories[1] LIKE 'crm_ehr.%'`.", ""]
    known = [f for f, _, _ in FAMILIES]
    unknown = sorted(set(by_family) - set(known))
    if unknown:
        raise SystemExit(f"function_reference: categories without a section: {unknown}")
    for family, title, page in FAMILIES:
        entries = by_family.get(family, [])
        if not entries:
            continue
        lines += [f"## {title}" + (f" ([guide]({page}))" if page else ""), ""]
        names = list(dict.fromkeys(row[1] for row in entries))
        for name in names:
            overloads = [row for row in entries if row[1] == name]
            lines += [f"### `{name}`", ""]
            for sig, kind in dict.fromkeys((signature(name, r[2], r[3] or [], r[4], r[5]), r[2]) for r in overloads):
                lines += [f"- `{sig}` ({kind.replace('_', ' ')})"]
            lines += [""]
            for description in dict.fromkeys(r[6] for r in overloads if r[6]):
                lines += [description, ""]
            examples = list(dict.fromkeys(e for r in overloads for e in (r[7] or [])))
            if examples:
                lines += ["```sql", *examples, "```", ""]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.rstrip() + "\n"


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        if not TARGET.exists() or TARGET.read_text() != text:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run `make docs`", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text)
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
