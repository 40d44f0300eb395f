//! A fast path for numbers of the North American Numbering Plan (+1), the bulk of US exports.
//!
//! `phonenumber` matches its metadata patterns through a regex cache behind one global mutex and
//! parses with a general natural-language grammar: about 12 µs per number, serialized across
//! threads. Here the same metadata patterns (read from `phonenumber`'s database, so the pinned
//! metadata stays the single source of validity) are compiled once into dense DFAs, which need
//! no mutable search cache and so scale across DuckDB's threads, and
//! plainly formatted numbers (`(617) 253-1000`, `+1 617.253.1000 x12`, `16172531000`) are read
//! directly. Anything else takes the library path. Both paths agree: see the equivalence
//! property test in `normalize/tests.rs`.

use std::sync::OnceLock;

use phonenumber::country;
use phonenumber::metadata::{DATABASE, Descriptor, Metadata};
use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::{Anchored, Input, util::syntax};

/// A metadata pattern as an anchored dense DFA: "does it match at the start of the number".
struct Pattern(dense::DFA<Vec<u32>>);

impl Pattern {
    fn is_match(&self, national: &str) -> bool {
        let input = Input::new(national).anchored(Anchored::Yes).earliest(true);
        matches!(self.0.try_search_fwd(&input), Ok(Some(_)))
    }
}

/// Compile a metadata pattern as `phonenumber` does (the metadata spreads patterns over lines, so
/// whitespace is ignored), for anchored searches.
fn anchored(pattern: &str) -> Option<Pattern> {
    dense::Builder::new()
        .syntax(syntax::Config::new().ignore_whitespace(true))
        .configure(dense::Config::new().start_kind(StartKind::Anchored))
        .build(pattern)
        .ok()
        .map(Pattern)
}

/// A metadata pattern with its possible lengths, matched like `Descriptor::is_match`.
struct Rule {
    pattern: Pattern,
    lengths: Vec<u16>,
}

impl Rule {
    fn new(descriptor: &Descriptor) -> Option<Rule> {
        let pattern = anchored(descriptor.national_number().as_str())?;
        Some(Rule { pattern, lengths: descriptor.possible_length().to_vec() })
    }

    fn matches(&self, national: &str) -> bool {
        let length_ok = self.lengths.is_empty() || self.lengths.iter().any(|&l| usize::from(l) == national.len());
        length_ok && self.pattern.is_match(national)
    }
}

/// One +1 region: which numbers it claims, and which of those are valid.
struct Region {
    leading_digits: Option<Pattern>,
    general: Rule,
    /// The number types' rules, commonest first and without duplicates (US fixed-line and mobile
    /// share one pattern); validity only asks whether any of them matches.
    types: Vec<Rule>,
}

impl Region {
    fn new(meta: &Metadata) -> Option<Region> {
        let d = meta.descriptors();
        let leading_digits = match meta.leading_digits() {
            Some(p) => Some(anchored(p.as_str())?),
            None => None,
        };
        let typed = [
            d.fixed_line(),
            d.mobile(),
            d.toll_free(),
            d.premium_rate(),
            d.shared_cost(),
            d.voip(),
            d.personal_number(),
            d.pager(),
            d.uan(),
            d.voicemail(),
        ];
        let mut seen: Vec<(&str, &[u16])> = Vec::new();
        let mut types = Vec::new();
        for descriptor in typed.into_iter().flatten() {
            let identity = (descriptor.national_number().as_str(), descriptor.possible_length());
            if !seen.contains(&identity) {
                seen.push(identity);
                types.push(Rule::new(descriptor)?);
            }
        }
        Some(Region { leading_digits, general: Rule::new(d.general())?, types })
    }

    /// `phonenumber::validator::number_type(..) != Unknown`.
    fn has_type(&self, national: &str) -> bool {
        self.general.matches(national) && self.types.iter().any(|t| t.matches(national))
    }
}

/// A +1 region whose patterns are compiled on first use: most exports only ever need the US
/// ones, and compiling all 25 regions up front cost 0.2 s in every new process.
struct LazyRegion {
    id: &'static str,
    compiled: OnceLock<Option<Region>>,
}

impl LazyRegion {
    fn get(&self) -> Option<&Region> {
        self.compiled.get_or_init(|| DATABASE.by_id::<str>(self.id).and_then(Region::new)).as_ref()
    }
}

/// The +1 regions in the database's order (the main country, US, first).
fn regions() -> Option<&'static [LazyRegion]> {
    static REGIONS: OnceLock<Option<Vec<LazyRegion>>> = OnceLock::new();
    REGIONS
        .get_or_init(|| {
            let ids = DATABASE.region(&1u16)?;
            Some(ids.iter().map(|id| LazyRegion { id, compiled: OnceLock::new() }).collect())
        })
        .as_deref()
}

/// Whether numbers of `region` are dialled with +1 (looked up once).
pub fn is_nanp(region: country::Id) -> bool {
    static IDS: OnceLock<Vec<country::Id>> = OnceLock::new();
    IDS.get_or_init(|| DATABASE.region(&1u16).unwrap_or_default().iter().filter_map(|id| id.parse().ok()).collect())
        .contains(&region)
}

/// Whether a ten-digit +1 national number is valid, as `phonenumber::is_valid` decides: the
/// number belongs to the first region whose leading digits match (or, for regions without
/// leading digits, whose patterns accept it), and must have a type there.
pub fn is_valid(national: &str) -> Option<bool> {
    for lazy in regions()? {
        let r = lazy.get()?;
        let verdict = match &r.leading_digits {
            Some(leading) => leading.is_match(national).then(|| r.has_type(national)),
            // A region without leading digits owns the number exactly when it has a type there.
            None => r.has_type(national).then_some(true),
        };
        if verdict.is_some() {
            return verdict;
        }
    }
    Some(false)
}

/// The ten-digit national number of a plainly formatted +1 number, or `None` to take the library
/// path. Accepts digits with spaces, `-`, `.`, `/`, parentheses, a leading `+1` or `1`, and a
/// trailing extension written `x12`, `ext 12` or `ext. 12`.
pub fn national_number(text: &str) -> Option<String> {
    let number = strip_extension(text);
    let mut digits = String::with_capacity(11);
    let mut plus = false;
    for c in number.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' | '/' => {}
            '+' if digits.is_empty() && !plus => plus = true,
            _ => return None,
        }
    }
    match digits.len() {
        10 if !plus => Some(digits),
        11 if digits.starts_with('1') => digits.get(1..).map(str::to_owned),
        _ => None,
    }
}

/// Remove a trailing extension (`x12`, `ext 12`, `ext. 12`), when there is one.
fn strip_extension(text: &str) -> &str {
    let trimmed = text.trim_end();
    let body = trimmed.trim_end_matches(|c: char| c.is_ascii_digit());
    let extension_digits = trimmed.len() - body.len();
    if extension_digits == 0 || extension_digits > 7 {
        return text;
    }
    let marker_end = body.trim_end_matches([' ', '.']);
    let lower = marker_end.to_ascii_lowercase();
    for marker in ["ext", "x"] {
        if lower.ends_with(marker) {
            let cut = marker_end.len() - marker.len();
            let before = marker_end.get(..cut).unwrap_or_default();
            // The marker must stand apart from the number or follow its last digit directly.
            if before.ends_with([' ', '.']) || before.ends_with(|c: char| c.is_ascii_digit()) {
                return before;
            }
        }
    }
    text
}
