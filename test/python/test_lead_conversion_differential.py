"""lead_conversion() against an independent Python model of the documented definitions.

The event layer is built from generated exports (bench/events_data.sql at ~12k leads, with 5% of
the leads dropped from the bridge), then every per-lead row of lead_conversion() is compared
with what this file computes from the same event table, for several as-of / known-at cutoffs and
both attribution modes.
"""

import datetime as dt
import math
import os
import unittest

from support import ROOT, connect

EVENTS = 120_000
LOOKBACK = dt.timedelta(days=90)
SHOWN = {"checked_in", "fulfilled", "left_without_being_seen"}


def order_key(e):
    rank = e["lifecycle_rank"] if e["lifecycle_rank"] is not None else 99
    return (e["event_at"], rank, e["known_at"], e["source_status"])


def model(events, as_of, known_at, attribution):
    """Per-lead rows, computed from the definitions in docs/layers/mart.md."""
    known_at = known_at or as_of
    visible = [e for e in events if (known_at is None or e["known_at"] <= known_at)
               and (as_of is None or e["event_at"] <= as_of)]

    leads = {}
    for e in visible:
        if e["entity_type"] == "lead" and e["canonical_status"] == "lead_created":
            lead = leads.setdefault(e["entity_token"], {"created": e["event_at"], "first": e, "person": e["person_key"]})
            if e["event_at"] < lead["created"]:
                lead["created"], lead["first"] = e["event_at"], e
            if e["person_key"] is not None and (lead["person"] is None or e["person_key"] > lead["person"]):
                lead["person"] = e["person_key"]

    entities = {}
    for e in visible:
        if e["entity_type"] in ("appointment", "encounter"):
            entities.setdefault((e["entity_type"], e["entity_token"]), []).append(e)

    def state(evs):
        persons = [x["person_key"] for x in evs if x["person_key"] is not None]
        booked = [x["event_at"] for x in evs if x["category"] == "booked"]
        outcome_times = [x["event_at"] for x in evs if x["category"] in ("shown", "terminal_success", "terminal_fail")]
        visits = [x["event_at"] for x in evs if x["category"] in ("shown", "terminal_success")]
        return {
            "person": max(persons) if persons else None,
            "latest": max(evs, key=order_key)["canonical_status"],
            "void": any(x["canonical_status"] == "entered_in_error" for x in evs),
            "scheduled_at": min(booked) if booked else (min(outcome_times) if outcome_times else None),
            "visit_at": min(visits) if visits else None,
            "root": evs[0]["chain_root_token"],
            "appointment": evs[0]["appointment_token"],
        }

    encounters = {tok: state(evs) for (kind, tok), evs in entities.items() if kind == "encounter"}
    encounters = {tok: s for tok, s in encounters.items() if not s["void"]}
    seen_appointments = {s["appointment"] for s in encounters.values()
                         if s["visit_at"] is not None and s["appointment"] is not None}
    appointments = {}
    for (kind, tok), evs in entities.items():
        if kind != "appointment":
            continue
        s = state(evs)
        if s["void"] or s["scheduled_at"] is None:
            continue
        if s["latest"] in SHOWN or tok in seen_appointments:
            s["outcome"] = "attended"
        else:
            s["outcome"] = {"no_show": "no_show", "canceled": "canceled"}.get(s["latest"], "open")
        appointments[tok] = s

    chains = {}
    for tok, s in appointments.items():
        chains.setdefault(s["root"], []).append((tok, s))
    bookings = {}
    for root, members in chains.items():
        last_tok, last = max(members, key=lambda m: (m[1]["scheduled_at"], m[0]))
        persons = [s["person"] for _, s in members if s["person"] is not None]
        bookings[root] = {"at": min(s["scheduled_at"] for _, s in members), "outcome": last["outcome"],
                          "person": max(persons) if persons else None}

    visits = {}
    for tok, s in encounters.items():
        if s["latest"] == "completed":
            booking = appointments[s["appointment"]]["root"] if s["appointment"] in appointments else None
            visits[tok] = {"at": s["visit_at"] if s["visit_at"] is not None else s["scheduled_at"],
                           "person": s["person"], "booking": booking}

    by_person = {}
    for tok, lead in leads.items():
        if lead["person"] is not None:
            by_person.setdefault(lead["person"], []).append((lead["created"], tok))

    def credit(person, at):
        candidates = [(created, tok) for created, tok in by_person.get(person, []) if at - LOOKBACK <= created <= at]
        if not candidates:
            return None
        if attribution == "first_touch":
            return min(candidates)[1]
        latest = max(c for c, _ in candidates)
        return min(tok for c, tok in candidates if c == latest)

    booking_lead = {root: credit(b["person"], b["at"]) for root, b in bookings.items()}
    per_lead = {tok: {"bookings": [], "visits": []} for tok in leads}
    for root, b in bookings.items():
        if booking_lead[root] is not None:
            per_lead[booking_lead[root]]["bookings"].append((b["at"], root, b["outcome"]))
    for tok, v in visits.items():
        if v["booking"] is not None:
            lead_tok, path = booking_lead[v["booking"]], "appointment"
        else:
            lead_tok, path = credit(v["person"], v["at"]), "walk_in"
        if lead_tok is not None:
            per_lead[lead_tok]["visits"].append((v["at"], tok, path))

    rows = {}
    for tok, lead in leads.items():
        b, v = sorted(per_lead[tok]["bookings"]), sorted(per_lead[tok]["visits"])
        created = lead["created"]
        days = lambda t: None if t is None else (t - created) / dt.timedelta(days=1)  # noqa: E731
        first_scheduled = b[0][0] if b else None
        first_visit = v[0][0] if v else None
        rows[tok] = {
            "channel": lead["first"]["channel"], "campaign": lead["first"]["campaign"], "lead_created_at": created,
            "first_scheduled_at": first_scheduled, "first_appointment_outcome": b[0][2] if b else None,
            "first_completed_visit_at": first_visit, "first_visit_path": v[0][2] if v else None,
            "conversion_outcome": "completed_visit" if v else ("scheduled_only" if b else "no_visit_yet"),
            "days_to_scheduled": days(first_scheduled), "days_to_completed_visit": days(first_visit),
            "appointments": len(b), "completed_visits": len(v), "unmatched": lead["person"] is None,
        }
    return rows


class LeadConversionDifferentialTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.environ["CRM_EHR_DIFF_KEY"] = "3c" * 32
        cls.con = connect()
        cls.con.execute("PRAGMA crm_ehr_load_key('diff', 'env:CRM_EHR_DIFF_KEY')")
        sql = (ROOT / "bench" / "events_data.sql").read_text()
        sizes = {"events": EVENTS, "appointments": EVENTS * 24 // 100, "patients": EVENTS // 8,
                 "walk_ins": EVENTS * 3 // 100, "leads": EVENTS // 10}
        for name, value in sizes.items():
            sql = sql.replace("{" + name + "}", str(value))
        cls.con.execute(sql)
        cls.con.execute("DELETE FROM bridge WHERE source_system = 'crm' AND hash(source_record_id) % 20 = 0")
        cls.con.execute("""CREATE TABLE ev AS FROM status_progression(bridge := 'bridge', key_name := 'diff',
            appointments := 'appointments', encounters := 'encounters', leads := 'leads')""")
        cursor = cls.con.execute("FROM ev")
        names = [d[0] for d in cursor.description]
        cls.events = [dict(zip(names, row)) for row in cursor.fetchall()]

    def compare(self, as_of, known_at, attribution):
        params = [as_of, known_at, attribution]
        cursor = self.con.execute("FROM lead_conversion('ev', as_of := ?::TIMESTAMP, known_at := ?::TIMESTAMP, attribution := ?)",
                                  params)
        names = [d[0] for d in cursor.description]
        actual = {row[0]: dict(zip(names, row)) for row in cursor.fetchall()}
        expected = model(self.events, as_of, known_at, attribution)
        self.assertGreaterEqual(len(expected), 4_000)
        self.assertEqual(set(actual), set(expected))
        mismatches = []
        for tok, want in expected.items():
            got = actual[tok]
            for field, value in want.items():
                other = got[field]
                same = (math.isclose(other, value, rel_tol=1e-9, abs_tol=1e-9)
                        if isinstance(value, float) and other is not None else other == value)
                if not same:
                    mismatches.append(f"{field}: sql {other!r} != model {value!r}")
        self.assertEqual(mismatches[:10], [], f"{len(mismatches)} field mismatches")
        outcomes = {r["conversion_outcome"] for r in expected.values()}
        self.assertEqual(outcomes, {"completed_visit", "scheduled_only", "no_visit_yet"})
        return expected

    def test_everything_known_last_touch(self):
        rows = self.compare(None, None, "last_touch")
        self.assertGreaterEqual(len(rows), 10_000)
        self.assertTrue(any(r["unmatched"] for r in rows.values()))
        self.assertTrue(any(r["first_visit_path"] == "walk_in" for r in rows.values()))
        self.assertTrue(any(r["first_appointment_outcome"] == "no_show" for r in rows.values()))

    def test_published_layers_pass_the_phi_gate(self):
        self.con.execute("CREATE OR REPLACE TEMP TABLE diff_mart AS FROM lead_conversion('ev')")
        self.assertEqual(self.con.execute("FROM phi_assert_clean('ev')").fetchall(), [])
        self.assertEqual(self.con.execute("FROM phi_assert_clean('diff_mart')").fetchall(), [])
        verdicts = dict(self.con.execute("SELECT column_name, verdict FROM phi_scan('diff_mart', sample := 0)").fetchall())
        self.assertEqual(verdicts["lead_token"], "token")

    def test_past_cutoffs_first_touch(self):
        self.compare(dt.datetime(2025, 9, 1), dt.datetime(2025, 8, 20), "first_touch")

    def test_as_of_only_last_touch(self):
        self.compare(dt.datetime(2025, 6, 15, 12, 30), None, "last_touch")


if __name__ == "__main__":
    unittest.main()
