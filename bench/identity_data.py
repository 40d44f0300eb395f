"""Synthetic person records with ground truth, for identity-resolution tests and benchmarks.

Deterministic for a given (records, seed). Every value is fabricated. People get records in up
to three sources with the corruption real exports carry; `person_id` is the truth the resolver
never sees. Rates (per person or per record, as noted):

| what | rate |
|---|---|
| record in ehr / scheduling / crm (per person, at least one) | 75% / 60% / 50% |
| second record in the same source (within-source duplicate, per record) | 5% |
| lives in a shared household (2-4 people: same address, usually same surname and home phone) | 30% of people |
| uses the household's shared email (household members) | 15% |
| twin (same surname, birth date, address, phone; different first name and SSN) | 1% of people |
| first name as a nickname (crm, scheduling / ehr) | 15% / 5% |
| first-name typo / last-name typo (one character) | 4% / 4% |
| first and last name swapped | 2% |
| married surname in some sources (women) | 8% of women |
| birth date missing (crm / scheduling / ehr) | 60% / 10% / 0% |
| birth date with day and month swapped / one digit wrong | 2% / 2% |
| email missing (ehr / scheduling / crm) | 35% / 30% / 5% |
| email an old address / with a typo | 10% / 2% |
| phone missing / another number (cell vs home) | 15% / 12% |
| moved: other street and ZIP in this record | 12% |
| SSN present (ehr / scheduling / crm) / with a typo | 60% / 20% / 0% / 1% |
| sex missing (crm) | 30% |
| a placeholder instead of a value (test@test.com, 000-000-0000, UNKNOWN) | 1% |

Surnames follow the US Census frequency ranking (Zipf-like: SMITH is the commonest); first names
likewise. Formats differ by source (ISO dates in the EHR, MM/DD/YYYY in scheduling, mixed in the
CRM; phones with and without punctuation).

    python bench/identity_data.py 100000 out.csv
"""

from __future__ import annotations

import csv
import pathlib
import random
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "domain" / "phi" / "data"

COLUMNS = ["person_id", "source_system", "source_record_id", "first_name", "middle_name", "last_name",
           "birth_date", "sex", "email", "phone", "postal_code", "street_address", "mrn", "ssn"]

# The generator's own nickname list (not the matcher's table: some of these it does not know).
NICKNAMES = {
    "ROBERT": ["BOB", "ROB", "BOBBY", "ROBBIE"], "WILLIAM": ["BILL", "WILL", "BILLY", "LIAM"],
    "JAMES": ["JIM", "JIMMY", "JAMIE"], "JOHN": ["JACK", "JOHNNY"], "MICHAEL": ["MIKE", "MICKEY"],
    "RICHARD": ["RICK", "DICK", "RICH"], "JOSEPH": ["JOE", "JOEY"], "THOMAS": ["TOM", "TOMMY"],
    "CHARLES": ["CHARLIE", "CHUCK"], "CHRISTOPHER": ["CHRIS", "KIT"], "DANIEL": ["DAN", "DANNY"],
    "MATTHEW": ["MATT"], "ANTHONY": ["TONY"], "DONALD": ["DON"], "STEVEN": ["STEVE"], "ANDREW": ["ANDY", "DREW"],
    "JOSHUA": ["JOSH"], "KENNETH": ["KEN", "KENNY"], "EDWARD": ["ED", "EDDIE", "TED"], "ALEXANDER": ["ALEX", "SASHA"],
    "ELIZABETH": ["LIZ", "BETH", "BETTY", "LIZZIE"], "JENNIFER": ["JEN", "JENNY"], "PATRICIA": ["PAT", "TRISH", "PATTY"],
    "MARGARET": ["PEGGY", "MAGGIE", "MEG"], "SUSAN": ["SUE", "SUZY"], "KATHERINE": ["KATE", "KATHY", "KATIE"],
    "CATHERINE": ["CATHY", "KATE"], "DEBORAH": ["DEB", "DEBBIE"], "REBECCA": ["BECKY"], "JESSICA": ["JESS"],
    "VICTORIA": ["VICKY", "TORI"], "SAMANTHA": ["SAM"], "BARBARA": ["BARB"], "DOROTHY": ["DOT", "DOTTIE"],
    "ABIGAIL": ["ABBY"], "STEPHANIE": ["STEPH"], "CHRISTINE": ["CHRISSY", "TINA"], "VIRGINIA": ["GINNY"],
    "HENRY": ["HANK"], "FRANCIS": ["FRANK"], "NICHOLAS": ["NICK", "NICO"], "ZACHARY": ["ZACH"],
}
STREETS = ["MAIN", "OAK", "PINE", "MAPLE", "CEDAR", "ELM", "WASHINGTON", "LAKE", "HILL", "PARK", "WALNUT",
           "CHESTNUT", "SPRUCE", "RIVER", "SUNSET", "HIGHLAND", "FOREST", "MEADOW", "CHURCH", "MILL", "SPRING",
           "CENTER", "FRANKLIN", "JEFFERSON", "LINCOLN", "MADISON", "ADAMS", "JACKSON", "MONROE", "WILLOW",
           "BIRCH", "ASH", "HICKORY", "VALLEY", "RIDGE", "GROVE", "HARBOR", "BAY", "UNION", "STATE"]
SUFFIXES = ["ST", "AVE", "RD", "LN", "DR", "CT", "BLVD", "WAY", "PL"]
DOMAINS = ["gmail.com"] * 8 + ["yahoo.com"] * 3 + ["outlook.com"] * 2 + ["aol.com", "icloud.com", "comcast.net",
           "hotmail.com", "verizon.net", "att.net", "protonmail.com"]
AREA_CODES = [201, 202, 203, 206, 212, 213, 214, 215, 216, 217, 240, 301, 303, 305, 310, 312, 313, 314, 315,
              317, 404, 407, 408, 410, 412, 414, 415, 469, 480, 503, 504, 508, 510, 512, 513, 516, 520, 602,
              608, 612, 614, 615, 617, 619, 646, 650, 702, 703, 704, 713, 714, 717, 718, 720, 732, 757, 773,
              781, 786, 801, 804, 813, 815, 817, 818, 832, 847, 857, 858, 860, 904, 908, 916, 919, 925, 941,
              952, 954, 971, 978]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
VOWELS = "AEIOU"


def zipf_cumulative(n: int, s: float) -> list[float]:
    """Cumulative Zipf weights (for random.choices' cum_weights: a bisection per draw)."""
    total, out = 0.0, []
    for rank in range(1, n + 1):
        total += 1.0 / (rank ** s)
        out.append(total)
    return out


class Generator:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.first_names = (DATA / "first_names.txt").read_text().split()[:1500]
        self.surnames = (DATA / "surnames.txt").read_text().split()
        self.first_weights = zipf_cumulative(len(self.first_names), 0.9)
        self.surname_weights = zipf_cumulative(len(self.surnames), 1.0)
        self.zips = [f"{self.r.randint(1000, 99950):05d}" for _ in range(2500)]
        self.zip_weights = zipf_cumulative(len(self.zips), 0.6)
        self.ssns: set[str] = set()
        self.emails: set[str] = set()
        self.counters = {"ehr": 0, "scheduling": 0, "crm": 0}

    # -- people ---------------------------------------------------------------------------------
    def first_name(self) -> str:
        return self.r.choices(self.first_names, cum_weights=self.first_weights)[0]

    def surname(self) -> str:
        return self.r.choices(self.surnames, cum_weights=self.surname_weights)[0]

    def address(self) -> tuple[str, str]:
        street = f"{self.r.randint(1, 9999)} {self.r.choice(STREETS)} {self.r.choice(SUFFIXES)}"
        return street, self.r.choices(self.zips, cum_weights=self.zip_weights)[0]

    def phone(self) -> str:
        return f"{self.r.choice(AREA_CODES)}{self.r.randint(200, 999)}{self.r.randint(0, 9999):04d}"

    def ssn(self) -> str:
        while True:
            area = self.r.randint(1, 665)
            value = f"{area:03d}{self.r.randint(1, 99):02d}{self.r.randint(1, 9999):04d}"
            if value not in self.ssns:
                self.ssns.add(value)
                return value

    def birth_date(self) -> tuple[int, int, int]:
        return self.r.randint(1935, 2010), self.r.randint(1, 12), self.r.randint(1, 28)

    def email(self, first: str, last: str) -> str:
        """A mailbox of this person's own: an address belongs to one owner, so collisions get a number."""
        style = self.r.randint(0, 3)
        local = [f"{first}.{last}", f"{first}{last}{self.r.randint(1, 99)}", f"{first[0]}{last}",
                 f"{last}.{first}{self.r.randint(1, 9)}"][style].lower()
        domain = self.r.choice(DOMAINS)
        address = f"{local}@{domain}"
        while address in self.emails:
            address = f"{local}{self.r.randint(1, 9999)}@{domain}"
        self.emails.add(address)
        return address

    def person(self, pid: int, household: dict | None) -> dict:
        sex = self.r.choice("FM")
        first = self.first_name()
        last = household["last"] if household and self.r.random() < 0.8 else self.surname()
        street, zip5 = (household["street"], household["zip"]) if household else self.address()
        phone = household["phone"] if household and self.r.random() < 0.7 else self.phone()
        p = {"person_id": pid, "sex": sex, "first": first, "middle": self.first_name() if self.r.random() < 0.3 else None,
             "last": last, "dob": self.birth_date(), "street": street, "zip": zip5, "phone": phone,
             "cell": self.phone(), "ssn": self.ssn(), "married": None}
        p["email"] = self.email(first, last)
        p["old_email"] = self.email(first, last)
        if household and self.r.random() < 0.15:
            p["email"] = household["email"]
        if sex == "F" and self.r.random() < 0.08:
            p["married"] = self.surname()
        return p

    # -- corruption -----------------------------------------------------------------------------
    def typo(self, word: str) -> str:
        if len(word) < 3:
            return word
        i = self.r.randint(1, len(word) - 1)
        kind = self.r.randint(0, 2)
        if kind == 0:
            return word[:i] + self.r.choice("ABCDEFGHIJKLMNOPRSTUVWY") + word[i + 1:]
        if kind == 1:
            return word[:i] + word[i + 1:]
        return word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]

    def record(self, p: dict, source: str) -> dict:
        r = self.r
        first = p["first"]
        if first in NICKNAMES and r.random() < (0.05 if source == "ehr" else 0.15):
            first = r.choice(NICKNAMES[first])
        if r.random() < 0.04:
            first = self.typo(first)
        last = p["married"] if p["married"] and r.random() < 0.5 else p["last"]
        if r.random() < 0.04:
            last = self.typo(last)
        if r.random() < 0.02:
            first, last = last, first
        year, month, day = p["dob"]
        dob_missing = {"crm": 0.6, "scheduling": 0.1, "ehr": 0.0}[source]
        birth = None
        if r.random() >= dob_missing:
            roll = r.random()
            if roll < 0.02 and day <= 12:
                month, day = day, month
            elif roll < 0.04:
                day = max(1, min(28, day + r.choice([-1, 1, 10, -10])))
            birth = self.format_date(source, year, month, day)
        email = None
        if r.random() >= {"ehr": 0.35, "scheduling": 0.3, "crm": 0.05}[source]:
            email = p["old_email"] if r.random() < 0.1 else p["email"]
            if r.random() < 0.02:
                local, domain = email.split("@")
                email = self.typo(local.upper()).lower() + "@" + domain
        phone = None
        if r.random() >= 0.15:
            phone = self.format_phone(p["cell"] if r.random() < 0.12 else p["phone"])
        street, zip5 = (self.address() if r.random() < 0.12 else (p["street"], p["zip"]))
        if r.random() < 0.1:
            street = None
        ssn_present = {"ehr": 0.6, "scheduling": 0.2, "crm": 0.0}[source]
        ssn = None
        if r.random() < ssn_present:
            ssn = p["ssn"]
            if r.random() < 0.01:
                i = r.randint(3, 8)
                ssn = ssn[:i] + str((int(ssn[i]) + 1) % 10) + ssn[i + 1:]
            ssn = f"{ssn[:3]}-{ssn[3:5]}-{ssn[5:]}" if r.random() < 0.5 else ssn
        sex = None if source == "crm" and r.random() < 0.3 else p["sex"]
        if r.random() < 0.01:
            which = r.randint(0, 2)
            if which == 0:
                email = "test@test.com"
            elif which == 1:
                phone = "000-000-0000"
            else:
                first = "UNKNOWN"
        self.counters[source] += 1
        prefix = {"ehr": "EHR", "scheduling": "SCH", "crm": "CRM"}[source]
        return {"person_id": p["person_id"], "source_system": source,
                "source_record_id": f"{prefix}-{self.counters[source]:08d}",
                "first_name": first.title() if source == "crm" else first,
                "middle_name": p["middle"] if source == "ehr" else None, "last_name": last.title() if source == "crm" else last,
                "birth_date": birth, "sex": sex, "email": email, "phone": phone, "postal_code": zip5,
                "street_address": street, "mrn": f"E{1000000 + self.counters[source]}" if source == "ehr" else None,
                "ssn": ssn}

    def format_date(self, source: str, y: int, m: int, d: int) -> str:
        if source == "ehr":
            return f"{y:04d}-{m:02d}-{d:02d}"
        if source == "scheduling":
            return f"{m:02d}/{d:02d}/{y:04d}"
        return f"{y:04d}-{m:02d}-{d:02d}" if self.r.random() < 0.5 else f"{MONTHS[m - 1]} {d}, {y}"

    def format_phone(self, digits: str) -> str:
        style = self.r.randint(0, 3)
        return [digits, f"({digits[:3]}) {digits[3:6]}-{digits[6:]}", f"{digits[:3]}-{digits[3:6]}-{digits[6:]}",
                f"+1 {digits[:3]}.{digits[3:6]}.{digits[6:]}"][style]

    # -- population -----------------------------------------------------------------------------
    def records(self, target: int):
        pid = 0
        produced = 0
        while produced < target:
            household = None
            members = 1
            if self.r.random() < 0.3 / 2.5:
                street, zip5 = self.address()
                last = self.surname()
                household = {"last": last, "street": street, "zip": zip5, "phone": self.phone(),
                             "email": self.email("the", last + "s")}
                members = self.r.randint(2, 4)
            people = []
            for _ in range(members):
                pid += 1
                people.append(self.person(pid, household))
            if self.r.random() < 0.01:
                twin = dict(people[0])
                pid += 1
                twin.update(person_id=pid, first=self.first_name(), ssn=self.ssn(), married=None)
                twin["email"] = self.email(twin["first"], twin["last"])
                twin["old_email"] = twin["email"]
                twin["cell"] = self.phone()
                people.append(twin)
            for p in people:
                sources = [s for s, rate in (("ehr", 0.75), ("scheduling", 0.6), ("crm", 0.5)) if self.r.random() < rate]
                for source in sources or [self.r.choice(["ehr", "scheduling", "crm"])]:
                    copies = 2 if self.r.random() < 0.05 else 1
                    for _ in range(copies):
                        yield self.record(p, source)
                        produced += 1


def write_csv(records: int, path: pathlib.Path, seed: int = 2026) -> None:
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        for i, row in enumerate(Generator(seed).records(records)):
            if i >= records:
                break
            writer.writerow(row)


def load(con, records: int, table: str = "person_records", seed: int = 2026) -> None:
    """Create `table` (with the person_id truth column) in a DuckDB connection."""
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = pathlib.Path(d) / "records.csv"
        write_csv(records, path, seed)
        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_csv('{path}', all_varchar = true, header = true)")
        con.execute(f"ALTER TABLE {table} ALTER person_id TYPE BIGINT")


if __name__ == "__main__":
    write_csv(int(sys.argv[1]), pathlib.Path(sys.argv[2]))
