//! The canonical status vocabulary of the governed event layer and the built-in mapping to it.
//!
//! Every canonical status has a category (which drives the KPIs) and a lifecycle rank (which
//! orders same-instant events: `scheduled` before `checked_in` before `fulfilled`). The mapping
//! covers FHIR R4/R5 `Appointment.status` and `Encounter.status`, HL7 v2 SIU trigger events and
//! filler status codes (table 0278), HL7 v2 ADT triggers, and the labels common EHR and CRM
//! exports use. Source statuses are matched by their [`status_key`]: lower case, letters and
//! digits only, so `No Show`, `no-show`, `NOSHOW` and `noshow` are one key.
//!
//! Deviations from `../shared/spec/status-vocabulary.md`, with reasons:
//! - appointments get `left_without_being_seen` (Epic appointment status 5 exists at appointment
//!   level; the patient showed, so it is not a no-show, and did not complete a visit);
//! - HL7 `A13` (cancel discharge) maps to `in_progress`, since it reopens the encounter.

/// One canonical status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Canonical {
    pub entity: &'static str,
    pub status: &'static str,
    pub category: &'static str,
    pub rank: u8,
}

const fn c(entity: &'static str, status: &'static str, category: &'static str, rank: u8) -> Canonical {
    Canonical { entity, status, category, rank }
}

/// The vocabulary, by entity and lifecycle rank.
pub const VOCABULARY: &[Canonical] = &[
    c("lead", "lead_created", "open", 1),
    c("lead", "lead_qualified", "open", 2),
    c("lead", "lead_disqualified", "terminal_fail", 3),
    c("lead", "lead_converted", "terminal_success", 4),
    c("appointment", "proposed", "open", 1),
    c("appointment", "waitlisted", "open", 2),
    c("appointment", "scheduled", "booked", 3),
    c("appointment", "rescheduled", "booked", 4),
    c("appointment", "checked_in", "shown", 5),
    c("appointment", "fulfilled", "shown", 6),
    c("appointment", "left_without_being_seen", "terminal_fail", 7),
    c("appointment", "canceled", "terminal_fail", 8),
    c("appointment", "no_show", "terminal_fail", 9),
    c("appointment", "entered_in_error", "void", 10),
    c("encounter", "unknown", "open", 0),
    c("encounter", "planned", "open", 1),
    c("encounter", "arrived", "shown", 2),
    c("encounter", "triaged", "shown", 3),
    c("encounter", "in_progress", "shown", 4),
    c("encounter", "on_hold", "shown", 5),
    c("encounter", "completed", "terminal_success", 6),
    c("encounter", "left_without_being_seen", "terminal_fail", 7),
    c("encounter", "canceled", "terminal_fail", 8),
    c("encounter", "entered_in_error", "void", 9),
];

/// One built-in mapping: (entity, source status key, canonical status, where the code comes from).
pub type Mapping = (&'static str, &'static str, &'static str, &'static str);

const FHIR_APPT: &str = "FHIR R4/R5 Appointment.status";
const SIU: &str = "HL7 v2 SIU trigger event";
const FILLER: &str = "HL7 v2 filler status (table 0278)";
const FHIR_ENC: &str = "FHIR R4/R5 Encounter.status";
const ADT: &str = "HL7 v2 ADT trigger event";
const LABEL: &str = "common EHR/CRM label";

/// The built-in mapping, keyed by [`status_key`] of the source status.
pub const MAPPINGS: &[Mapping] = &[
    // Appointments: FHIR.
    ("appointment", "proposed", "proposed", FHIR_APPT),
    ("appointment", "pending", "proposed", FHIR_APPT),
    ("appointment", "booked", "scheduled", FHIR_APPT),
    ("appointment", "arrived", "checked_in", FHIR_APPT),
    ("appointment", "checkedin", "checked_in", FHIR_APPT),
    ("appointment", "fulfilled", "fulfilled", FHIR_APPT),
    ("appointment", "cancelled", "canceled", FHIR_APPT),
    ("appointment", "noshow", "no_show", FHIR_APPT),
    ("appointment", "enteredinerror", "entered_in_error", FHIR_APPT),
    ("appointment", "waitlist", "waitlisted", FHIR_APPT),
    // Appointments: HL7 v2 SIU triggers.
    ("appointment", "s12", "scheduled", SIU),
    ("appointment", "s13", "rescheduled", SIU),
    ("appointment", "s14", "scheduled", SIU),
    ("appointment", "s15", "canceled", SIU),
    ("appointment", "s16", "canceled", SIU),
    ("appointment", "s17", "entered_in_error", SIU),
    ("appointment", "s26", "no_show", SIU),
    // Appointments: HL7 v2 filler status codes.
    ("appointment", "started", "checked_in", FILLER),
    ("appointment", "complete", "fulfilled", FILLER),
    ("appointment", "dc", "canceled", FILLER),
    ("appointment", "deleted", "entered_in_error", FILLER),
    ("appointment", "overbook", "scheduled", FILLER),
    // Appointments: labels.
    ("appointment", "scheduled", "scheduled", LABEL),
    ("appointment", "confirmed", "scheduled", LABEL),
    ("appointment", "tentative", "proposed", LABEL),
    ("appointment", "requested", "proposed", LABEL),
    ("appointment", "waitlisted", "waitlisted", LABEL),
    ("appointment", "rescheduled", "rescheduled", LABEL),
    ("appointment", "rebooked", "rescheduled", LABEL),
    ("appointment", "roomed", "checked_in", LABEL),
    ("appointment", "inprogress", "checked_in", LABEL),
    ("appointment", "ptarrived", "checked_in", LABEL),
    ("appointment", "completed", "fulfilled", LABEL),
    ("appointment", "checkedout", "fulfilled", LABEL),
    ("appointment", "attended", "fulfilled", LABEL),
    ("appointment", "seen", "fulfilled", LABEL),
    ("appointment", "canceled", "canceled", LABEL),
    ("appointment", "latecancel", "canceled", LABEL),
    ("appointment", "latecanceled", "canceled", LABEL),
    ("appointment", "latecancelled", "canceled", LABEL),
    ("appointment", "bumped", "canceled", LABEL),
    ("appointment", "dna", "no_show", LABEL),
    ("appointment", "didnotattend", "no_show", LABEL),
    ("appointment", "leftwithoutbeingseen", "left_without_being_seen", LABEL),
    ("appointment", "leftwithoutseen", "left_without_being_seen", LABEL),
    ("appointment", "lwbs", "left_without_being_seen", LABEL),
    ("appointment", "error", "entered_in_error", LABEL),
    // Encounters: FHIR R4 and R5.
    ("encounter", "planned", "planned", FHIR_ENC),
    ("encounter", "arrived", "arrived", FHIR_ENC),
    ("encounter", "triaged", "triaged", FHIR_ENC),
    ("encounter", "inprogress", "in_progress", FHIR_ENC),
    ("encounter", "onleave", "on_hold", FHIR_ENC),
    ("encounter", "onhold", "on_hold", FHIR_ENC),
    ("encounter", "finished", "completed", FHIR_ENC),
    ("encounter", "completed", "completed", FHIR_ENC),
    ("encounter", "discharged", "completed", FHIR_ENC),
    ("encounter", "discontinued", "left_without_being_seen", FHIR_ENC),
    ("encounter", "cancelled", "canceled", FHIR_ENC),
    ("encounter", "enteredinerror", "entered_in_error", FHIR_ENC),
    ("encounter", "unknown", "unknown", FHIR_ENC),
    // Encounters: HL7 v2 ADT triggers.
    ("encounter", "a01", "arrived", ADT),
    ("encounter", "a04", "arrived", ADT),
    ("encounter", "a03", "completed", ADT),
    ("encounter", "a11", "canceled", ADT),
    ("encounter", "a13", "in_progress", ADT),
    // Encounters: labels.
    ("encounter", "checkedin", "arrived", LABEL),
    ("encounter", "registered", "arrived", LABEL),
    ("encounter", "roomed", "in_progress", LABEL),
    ("encounter", "started", "in_progress", LABEL),
    ("encounter", "complete", "completed", LABEL),
    ("encounter", "closed", "completed", LABEL),
    ("encounter", "signed", "completed", LABEL),
    ("encounter", "seen", "completed", LABEL),
    ("encounter", "leftwithoutbeingseen", "left_without_being_seen", LABEL),
    ("encounter", "leftwithoutseen", "left_without_being_seen", LABEL),
    ("encounter", "lwbs", "left_without_being_seen", LABEL),
    ("encounter", "canceled", "canceled", LABEL),
    ("encounter", "error", "entered_in_error", LABEL),
    // Leads.
    ("lead", "new", "lead_created", LABEL),
    ("lead", "created", "lead_created", LABEL),
    ("lead", "open", "lead_created", LABEL),
    ("lead", "leadcreated", "lead_created", LABEL),
    ("lead", "working", "lead_qualified", LABEL),
    ("lead", "contacted", "lead_qualified", LABEL),
    ("lead", "qualified", "lead_qualified", LABEL),
    ("lead", "mql", "lead_qualified", LABEL),
    ("lead", "sql", "lead_qualified", LABEL),
    ("lead", "leadqualified", "lead_qualified", LABEL),
    ("lead", "disqualified", "lead_disqualified", LABEL),
    ("lead", "unqualified", "lead_disqualified", LABEL),
    ("lead", "lost", "lead_disqualified", LABEL),
    ("lead", "junk", "lead_disqualified", LABEL),
    ("lead", "leaddisqualified", "lead_disqualified", LABEL),
    ("lead", "converted", "lead_converted", LABEL),
    ("lead", "won", "lead_converted", LABEL),
    ("lead", "closedwon", "lead_converted", LABEL),
    ("lead", "leadconverted", "lead_converted", LABEL),
];

/// The key a source status is matched by: lower case ASCII letters and digits only.
/// (The SQL macros compute the same key with `lower(regexp_replace(s, '[^A-Za-z0-9]', '', 'g'))`.)
pub fn status_key(source_status: &str) -> String {
    source_status.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// SQL for a table macro returning the vocabulary.
pub fn vocabulary_sql() -> String {
    let rows: Vec<String> =
        VOCABULARY.iter().map(|v| format!("('{}', '{}', '{}', {})", v.entity, v.status, v.category, v.rank)).collect();
    format!(
        "SELECT * FROM (VALUES {}) AS vocabulary(entity_type, canonical_status, category, lifecycle_rank)",
        rows.join(", ")
    )
}

/// SQL for a table macro returning the built-in mapping.
pub fn mapping_sql() -> String {
    let rows: Vec<String> =
        MAPPINGS.iter().map(|(e, key, status, origin)| format!("('{e}', '{key}', '{status}', '{origin}')")).collect();
    format!("SELECT * FROM (VALUES {}) AS mapping(entity_type, status_key, canonical_status, origin)", rows.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mapping_targets_a_canonical_status_of_its_entity() {
        for (entity, key, status, _) in MAPPINGS {
            assert!(
                VOCABULARY.iter().any(|v| v.entity == *entity && v.status == *status),
                "{entity}/{key} -> {status}"
            );
            assert_eq!(status_key(key), *key, "mapping keys are stored normalized");
        }
    }

    #[test]
    fn keys_are_unique_per_entity_and_ranks_unique_per_entity() {
        for (i, (entity, key, ..)) in MAPPINGS.iter().enumerate() {
            assert!(!MAPPINGS[i + 1..].iter().any(|(e, k, ..)| e == entity && k == key), "duplicate {entity}/{key}");
        }
        for (i, v) in VOCABULARY.iter().enumerate() {
            assert!(!VOCABULARY[i + 1..].iter().any(|w| w.entity == v.entity && w.rank == v.rank), "{v:?}");
        }
    }

    #[test]
    fn every_canonical_status_is_reachable_by_its_own_name() {
        for v in VOCABULARY {
            let key = status_key(v.status);
            let hit = MAPPINGS.iter().any(|(e, k, s, _)| *e == v.entity && *k == key && *s == v.status);
            assert!(hit, "{} {} is not mapped from its own name", v.entity, v.status);
        }
    }

    #[test]
    fn status_keys_fold_spelling() {
        for spelling in ["No Show", "no-show", "NOSHOW", " no_show "] {
            assert_eq!(status_key(spelling), "noshow");
        }
        assert_eq!(status_key("entered-in-error"), "enteredinerror");
    }
}
