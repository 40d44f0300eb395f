//! What a column's name says it holds.

use super::detect::Finding;

/// Split `patientFirstName`, `first_name`, `DOB-2` into lower-case words.
fn words(column: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in column.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && previous_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Words that say a column holds a derived token or key rather than the identifier itself.
const DERIVED: &[&str] = &["token", "hash", "hashed", "key", "fingerprint", "count", "n", "rate", "flag", "is", "has"];

/// Words that, next to `name`, make it a person's name (`campaign_name` is not one).
const PERSON_NAME_QUALIFIERS: &[&str] = &[
    "first",
    "last",
    "given",
    "family",
    "middle",
    "full",
    "patient",
    "person",
    "member",
    "maiden",
    "legal",
    "preferred",
    "contact",
];

/// The identifier kinds a column name suggests, as [`Finding`] bits (birth dates use `DateOnly`,
/// ZIP codes `Zip4`). Token and count columns (`email_token`, `phone_count`) suggest none.
pub fn name_hints(column: &str) -> u32 {
    let w = words(column);
    let has = |x: &str| w.iter().any(|v| v == x);
    if w.iter().any(|v| DERIVED.contains(&v.as_str())) {
        return 0;
    }
    let mut mask = 0;
    let mut add = |f: Finding| mask |= f.bit();
    if has("email") || has("emailaddress") || (has("e") && has("mail")) {
        add(Finding::Email);
    }
    if ["phone", "telephone", "tel", "mobile", "cellphone", "fax", "phonenumber"].iter().any(|x| has(x)) {
        add(Finding::Phone);
    }
    if has("ssn") || (has("social") && has("security")) {
        add(Finding::Ssn);
    }
    if ["dob", "birth", "birthdate", "birthday", "dateofbirth"].iter().any(|x| has(x)) {
        add(Finding::DateOnly);
    }
    let person_name = (has("name") && (w.len() == 1 || PERSON_NAME_QUALIFIERS.iter().any(|q| has(q))))
        || ["surname", "fname", "lname", "firstname", "lastname", "fullname", "givenname"].iter().any(|x| has(x));
    if person_name {
        add(Finding::Name);
    }
    if ["address", "street", "addr", "address1", "address2"].iter().any(|x| has(x)) {
        add(Finding::Address);
    }
    if has("mrn") || (has("medical") && has("record")) || (has("chart") && (has("number") || has("id"))) {
        add(Finding::Mrn);
    }
    if has("ip") || has("ipaddress") {
        add(Finding::Ip);
    }
    if has("url") || has("website") {
        add(Finding::Url);
    }
    if has("zip") || has("zipcode") || has("postal") || has("postcode") {
        add(Finding::Zip4);
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_suggest_identifiers() {
        let cases: &[(&str, &[Finding])] = &[
            ("email", &[Finding::Email]),
            ("patientEmail", &[Finding::Email]),
            ("home_phone", &[Finding::Phone]),
            ("SSN", &[Finding::Ssn]),
            ("date_of_birth", &[Finding::DateOnly]),
            ("DOB", &[Finding::DateOnly]),
            ("first_name", &[Finding::Name]),
            ("patientLastName", &[Finding::Name]),
            ("name", &[Finding::Name]),
            ("street_address", &[Finding::Address]),
            ("mrn", &[Finding::Mrn]),
            ("zip_code", &[Finding::Zip4]),
        ];
        for (column, kinds) in cases {
            let want = kinds.iter().fold(0, |m, k| m | k.bit());
            assert_eq!(name_hints(column), want, "{column}");
        }
    }

    #[test]
    fn names_that_do_not() {
        for column in [
            "campaign_name",
            "channel",
            "email_token",
            "phone_count",
            "lead_token",
            "person_key",
            "location",
            "service_line",
            "is_email_valid",
        ] {
            assert_eq!(name_hints(column), 0, "{column}");
        }
    }
}
