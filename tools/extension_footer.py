"""Turn the shared library cargo builds into a loadable `<name>.duckdb_extension`.

DuckDB reads a 534-byte metadata footer at the end of the file:

    22 bytes   00 93 04 10, the text "duckdb_signature", 80 04
    8 x 32     NUL-padded ASCII fields: three unused, ABI type, extension version,
               DuckDB version, platform, and the metadata format "4"
    256 bytes  NUL (room for a signature; our builds are unsigned)

Name, versions and ABI type come from extension_config.toml; the platform is what the pinned
duckdb wheel reports (`PRAGMA platform`), so the footer always matches the DuckDB that loads it.

    python tools/extension_footer.py target/release/libcrm_ehr.so build/release/crm_ehr.duckdb_extension
"""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import config  # noqa: E402

FIELD_BYTES = 32
SIGNATURE_BYTES = 256
MAGIC = b"\x00\x93\x04\x10" + b"duckdb_signature" + b"\x80\x04"
METADATA_FORMAT = "4"


def field(text: str) -> bytes:
    raw = text.encode("ascii")
    if len(raw) > FIELD_BYTES:
        raise ValueError(f"footer field '{text}' is longer than {FIELD_BYTES} bytes")
    return raw.ljust(FIELD_BYTES, b"\x00")


def footer(abi_type: str, extension_version: str, duckdb_version: str, platform: str) -> bytes:
    fields = ["", "", "", abi_type, extension_version, duckdb_version, platform, METADATA_FORMAT]
    return MAGIC + b"".join(field(f) for f in fields) + b"\x00" * SIGNATURE_BYTES


def duckdb_platform() -> str:
    import duckdb

    return duckdb.connect().execute("PRAGMA platform").fetchone()[0]


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    library, output = pathlib.Path(argv[1]), pathlib.Path(argv[2])
    cfg = config.load()
    expected_stem = config.get("extension.name", cfg)
    if output.name != f"{expected_stem}.duckdb_extension":
        print(f"extension_footer: output must be named {expected_stem}.duckdb_extension "
              "(DuckDB derives the entrypoint from the file name)", file=sys.stderr)
        return 2
    data = footer(
        abi_type=config.get("duckdb.abi_type", cfg),
        extension_version=config.get("extension.version", cfg),
        duckdb_version=config.get("duckdb.version", cfg),
        platform=duckdb_platform(),
    )
    assert len(data) == 534, len(data)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_suffix(".tmp")
    tmp.write_bytes(library.read_bytes() + data)
    tmp.replace(output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
