"""Read extension_config.toml, the single source of the extension's identity.

    python3 tools/config.py extension.name      # prints crm_ehr
"""

import pathlib
import sys
import tomllib

CONFIG_PATH = pathlib.Path(__file__).resolve().parent.parent / "extension_config.toml"


def load(path: pathlib.Path = CONFIG_PATH) -> dict:
    with open(path, "rb") as f:
        return tomllib.load(f)


def get(dotted: str, config: dict | None = None) -> str:
    node = config if config is not None else load()
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(f"extension_config.toml has no '{dotted}'")
        node = node[part]
    return str(node)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: config.py section.key")
    print(get(sys.argv[1]))
