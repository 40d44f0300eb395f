//! Email addresses: ` John.Smith+news@GoogleMail.com ` → `johnsmith@gmail.com`.
//!
//! Rules: trim (and a `mailto:` prefix or `<...>` brackets), NFKC, lower case; exactly one `@`;
//! a local part of 1-64 characters without leading, trailing or doubled dots; a domain of at
//! least two labels of letters, digits and hyphens, with an alphabetic top-level label. Gmail
//! ignores dots and `+tags` in the local part, so for `gmail.com` and `googlemail.com` (and only
//! those, other providers treat them as significant) dots and tags are removed and the domain
//! becomes `gmail.com`. Placeholder mailboxes (`noemail@...`, `test@test.com`, reserved
//! `example.*` and `.test`/`.invalid` domains) give `None`.

use std::borrow::Cow;

use super::{nfkc, trim};

/// Bump when any input would normalize differently.
pub const RULES_VERSION: u32 = 1;

const GMAIL_DOMAINS: &[&str] = &["gmail.com", "googlemail.com"];

/// Local parts that mean "no address".
const PLACEHOLDER_LOCALS: &[&str] = &[
    "noemail",
    "no.email",
    "no_email",
    "no-email",
    "nomail",
    "no.mail",
    "none",
    "no",
    "na",
    "n/a",
    "null",
    "nil",
    "unknown",
    "unk",
    "test",
    "testing",
    "donotreply",
    "do.not.reply",
    "do-not-reply",
    "noreply",
    "no-reply",
    "no.reply",
    "declined",
    "refused",
    "patient",
    "email",
    "fake",
    "abc",
    "asdf",
    "xxx",
    "noname",
    "notprovided",
    "not.provided",
    "notavailable",
    "dummy",
    "sample",
    "nobody",
];

/// Domains that never deliver to a person.
const PLACEHOLDER_DOMAINS: &[&str] = &[
    "test.com",
    "example.com",
    "example.org",
    "example.net",
    "example.edu",
    "noemail.com",
    "noemail.org",
    "nomail.com",
    "none.com",
    "unknown.com",
    "domain.com",
    "fake.com",
    "invalid.com",
    "email.invalid",
    "na.com",
];

/// Top-level labels reserved by RFC 2606 / RFC 6761.
const RESERVED_TLDS: &[&str] = &["test", "example", "invalid", "localhost", "local"];

/// Normalize an email address.
pub fn normalize(raw: &str) -> Option<String> {
    let mut text = trim(raw);
    if text.len() > 7 && text.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("mailto:")) {
        text = text.get(7..).unwrap_or_default();
    }
    if let Some(inner) = text.strip_prefix('<').and_then(|t| t.strip_suffix('>')) {
        text = inner;
    }
    let folded = nfkc(trim(text));
    let lower: Cow<'_, str> = if !folded.is_ascii() {
        Cow::Owned(folded.to_lowercase())
    } else if folded.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(folded.to_ascii_lowercase())
    } else {
        folded
    };
    let (local, domain) = lower.split_once('@')?;
    let domain = domain.strip_suffix('.').unwrap_or(domain);
    if !valid_local(local) || !valid_domain(domain) || is_placeholder(local, domain) {
        return None;
    }
    if GMAIL_DOMAINS.contains(&domain) {
        let tagless = local.split('+').next().unwrap_or_default();
        let mut mailbox = String::with_capacity(tagless.len() + 10);
        mailbox.extend(tagless.chars().filter(|&c| c != '.'));
        if mailbox.is_empty() || is_placeholder(&mailbox, "gmail.com") {
            return None;
        }
        mailbox.push_str("@gmail.com");
        return Some(mailbox);
    }
    let mut out = String::with_capacity(local.len() + domain.len() + 1);
    out.push_str(local);
    out.push('@');
    out.push_str(domain);
    Some(out)
}

/// ASCII characters allowed in a local part (RFC 5322 atext and the dot).
fn local_ascii_ok(c: u8) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'/'
                | b'='
                | b'?'
                | b'^'
                | b'_'
                | b'`'
                | b'{'
                | b'|'
                | b'}'
                | b'~'
                | b'.'
                | b'-'
        )
}

fn valid_local(local: &str) -> bool {
    let allowed = |c: char| if c.is_ascii() { local_ascii_ok(c as u8) } else { c.is_alphanumeric() };
    (1..=64).contains(&local.chars().count())
        && local.chars().all(allowed)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
}

fn valid_domain(domain: &str) -> bool {
    if domain.is_empty() || domain.len() > 253 {
        return false;
    }
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let mut labels = 0;
    let mut last = "";
    for label in domain.split('.') {
        if !label_ok(label) {
            return false;
        }
        labels += 1;
        last = label;
    }
    let tld_ok = (last.chars().count() >= 2 && last.chars().all(char::is_alphabetic)) || last.starts_with("xn--");
    labels >= 2 && tld_ok
}

fn is_placeholder(local: &str, domain: &str) -> bool {
    let tld = domain.rsplit('.').next().unwrap_or_default();
    PLACEHOLDER_LOCALS.contains(&local)
        || local.starts_with("noemail")
        || local.starts_with("no.email")
        || PLACEHOLDER_DOMAINS.contains(&domain)
        || RESERVED_TLDS.contains(&tld)
        || super::is_repeated_char(local, 3)
}
