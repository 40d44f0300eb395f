"""Shared helpers for the Python-client tests: open DuckDB 2.0.0 with crm_ehr loaded, and an
independent implementation of the token construction (stdlib hmac/hashlib only)."""

import base64
import hashlib
import hmac
import os
import pathlib

import duckdb

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXTENSION = pathlib.Path(os.environ.get("CRM_EHR_EXTENSION", ROOT / "build/release/crm_ehr.duckdb_extension")).resolve()


def connect(database: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """A connection with crm_ehr loaded; fails loudly when the extension is missing."""
    if not EXTENSION.is_file():
        raise FileNotFoundError(f"{EXTENSION} does not exist: run `make` first")
    con = duckdb.connect(database, config={"allow_unsigned_extensions": "true"})
    con.execute(f"LOAD '{EXTENSION}'")
    return con


def hkdf_sha256(material: bytes, salt: bytes, info: bytes, length: int = 32) -> bytes:
    """RFC 5869, written out so the extension's derivation is checked against a second implementation."""
    prk = hmac.new(salt, material, hashlib.sha256).digest()
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        out += block
        counter += 1
    return out[:length]


def token_key(material: bytes, purpose: str, version: int = 1) -> bytes:
    return hkdf_sha256(material, b"crm_ehr.keyring.v1", f"purpose={purpose}\x1fversion={version}".encode())


def token(key: bytes, label: str, rules: str, value: bytes) -> bytes:
    """HMAC over the header (zero-padded to whole 64-byte blocks) followed by the value."""
    header = b"\x1f".join([b"crm_ehr.token.v1", label.encode(), rules.encode()]) + b"\x1f"
    header += b"\x00" * (-len(header) % 64)
    return hmac.new(key, header + value, hashlib.sha256).digest()


def person_value(*fields: str) -> bytes:
    return b"".join(len(f.encode()).to_bytes(4, "big") + f.encode() for f in fields)


def text_form(digest: bytes) -> str:
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
