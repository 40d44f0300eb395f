"""Regenerate src/domain/phi/data/{first_names,surnames}.txt, the name dictionaries phi_scan
compiles in.

Source: the US Census Bureau's 1990 name frequency files (public domain), as shipped in the
`names` package on PyPI. Surnames are kept down to 0.001% of the population (18,839 names,
77% coverage); every first name is kept. One upper-case name per line, most frequent first.

    pip download names==0.3.0 --no-deps -d /tmp/names && tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    python tools/build_name_lists.py /tmp/names/names-0.3.0/names
"""

import pathlib
import sys

OUT = pathlib.Path(__file__).resolve().parent.parent / "src" / "domain" / "phi" / "data"
MIN_SURNAME_PERCENT = 0.001


def read(path: pathlib.Path) -> list[tuple[str, float]]:
    rows = []
    for line in path.read_text().splitlines():
        name, percent, _cumulative, _rank = line.split()
        rows.append((name, float(percent)))
    return rows


def main(source: str) -> None:
    src = pathlib.Path(source)
    surnames = [n for n, p in read(src / "dist.all.last") if p >= MIN_SURNAME_PERCENT]
    firsts = sorted(read(src / "dist.female.first") + read(src / "dist.male.first"), key=lambda r: -r[1])
    seen, first_names = set(), []
    for name, _ in firsts:
        if name not in seen:
            seen.add(name)
            first_names.append(name)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "surnames.txt").write_text("\n".join(surnames) + "\n")
    (OUT / "first_names.txt").write_text("\n".join(first_names) + "\n")
    print(f"{len(surnames)} surnames, {len(first_names)} first names")


if __name__ == "__main__":
    main(sys.argv[1])
