"""Write test/data/identity_model.json: a model fitted on 20,000 generated records.

The SQL tests pass it as `model :=` so their matching decisions depend on a model fitted on a
realistic population, not on whatever a dozen fixture rows would teach. Rerun after changing the
comparison levels or the model document format:

    .venv/bin/python tools/identity_reference_model.py
"""

import pathlib
import sys

import duckdb

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import identity_data  # noqa: E402


def main() -> None:
    con = duckdb.connect(config={"allow_unsigned_extensions": "true"})
    con.execute(f"LOAD '{ROOT / 'build' / 'release' / 'crm_ehr.duckdb_extension'}'")
    identity_data.load(con, 20_000)
    con.execute("CREATE VIEW records AS SELECT * EXCLUDE (person_id) FROM person_records")
    model = con.execute("SELECT model FROM identity_model('records')").fetchone()[0]
    path = ROOT / "test" / "data" / "identity_model.json"
    path.write_text(model)
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
