//! The Fellegi-Sunter model: per attribute and level, the probability `m` of seeing that level
//! for a true match and `u` for a non-match, and the prior `lambda` that two records drawn at
//! random are the same person.
//!
//! `u` comes from random record pairs (nearly all non-matches), its exact levels from value
//! frequencies over all records. `m` is fitted without labels by expectation-maximisation with
//! `u` held fixed, in training sessions: each takes the candidate pairs of one blocking rule and
//! ignores the attributes that rule blocks on, because those agree by construction among the
//! rule's non-matches too; an attribute's `m` is the mean over the sessions that estimate it.
//! The share of matches among all candidate pairs, spread over all record pairs, gives `lambda`.
//! Patterns are processed in sorted order so the fit is deterministic. The model is a JSON
//! document: save it, review it, pass it back in, and scores are reproduced bit for bit (floats
//! are written in their shortest round-trip form).
//!
//! Name agreements are adjusted by term frequency: an exact match on a common surname is weaker
//! evidence than on a rare one, so the exact level's `u` is replaced by the value's frequency.

use serde_json::{Map, Value, json};

use super::compare::{ATTRIBUTES, Attribute, MISSING, Pattern};
use crate::error::{Error, Result};

/// Version of the model document layout.
pub const MODEL_FORMAT: u64 = 2;
const MAX_ITERATIONS: usize = 100;
const CONVERGED: f64 = 1e-7;
const FLOOR: f64 = 1e-6;
/// Lower bound of the prior: one match in a trillion record pairs.
const LAMBDA_FLOOR: f64 = 1e-12;

/// Comparison patterns and how many pairs share each.
pub type PatternCounts = [(Pattern, u64)];

/// The candidate pairs of one blocking rule, with the attributes it blocks on set to missing.
#[derive(Debug, Clone)]
pub struct TrainingPairs {
    pub rule: String,
    pub patterns: Vec<(Pattern, u64)>,
}

/// What one training session did, kept in the model document for review.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub rule: String,
    pub pairs: u64,
    pub iterations: usize,
    pub estimated: Vec<String>,
}

/// A fitted model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    /// Prior probability that two random records are the same person.
    pub lambda: f64,
    /// Share of the candidate pairs the model judges to be matches (for review).
    pub candidate_match_share: f64,
    /// Records the model was trained on.
    pub records: u64,
    /// `m[attribute][level]`.
    pub m: Vec<Vec<f64>>,
    /// `u[attribute][level]`.
    pub u: Vec<Vec<f64>>,
    pub sessions: Vec<Session>,
    pub candidate_pairs: u64,
    pub random_pairs: u64,
}

fn clamp(p: f64) -> f64 {
    p.clamp(FLOOR, 1.0 - FLOOR)
}

/// Level frequencies over patterns (with Laplace smoothing), per attribute; `None` for an
/// attribute missing from every pattern.
fn level_frequencies(patterns: &PatternCounts, weight: impl Fn(usize) -> f64) -> Vec<Option<Vec<f64>>> {
    ATTRIBUTES
        .iter()
        .map(|a| {
            let levels = a.levels().len();
            let mut counts = vec![1.0; levels];
            let mut seen = false;
            for (i, (pattern, count)) in patterns.iter().enumerate() {
                let level = usize::from(pattern.level(*a));
                if let Some(slot) = counts.get_mut(level) {
                    *slot += *count as f64 * weight(i);
                    seen = true;
                }
            }
            let total: f64 = counts.iter().sum();
            seen.then(|| counts.into_iter().map(|c| clamp(c / total)).collect())
        })
        .collect()
}

/// Set one level's probability and rescale the others so the levels still sum to one.
fn set_exact_level(levels: &mut [f64], exact_level: usize, exact: f64) {
    let others: f64 = levels.iter().enumerate().filter(|(l, _)| *l != exact_level).map(|(_, p)| p).sum();
    for (level, p) in levels.iter_mut().enumerate() {
        *p = if level == exact_level { exact } else { clamp(*p * (1.0 - exact) / others) };
    }
}

/// The starting `m`: matches mostly agree, mass growing fourfold with each level.
fn initial_m() -> Vec<Vec<f64>> {
    ATTRIBUTES
        .iter()
        .map(|a| {
            let weights: Vec<f64> = (0..a.levels().len()).map(|l| 4f64.powi(l as i32)).collect();
            let total: f64 = weights.iter().sum();
            weights.into_iter().map(|w| w / total).collect()
        })
        .collect()
}

fn sorted(patterns: &PatternCounts) -> Vec<(Pattern, u64)> {
    let mut patterns = patterns.to_vec();
    patterns.sort_unstable();
    patterns
}

fn total_pairs(patterns: &PatternCounts) -> u64 {
    patterns.iter().map(|(_, c)| c).sum()
}

impl Model {
    /// Fit a model on `records` records: `u` from random-pair patterns, `m` by EM over each
    /// training rule's pairs, the prior from the share of matches among all candidate pairs.
    /// With nothing to learn from (no pairs) the starting values stand: every record is then a
    /// singleton anyway.
    ///
    /// `exact_agreement` holds, per attribute in [`ATTRIBUTES`] order, the probability that two
    /// records with the attribute present agree exactly, counted over all records (the sum of
    /// squared value shares). It replaces the exact level's `u` from the sample, which cannot
    /// resolve values rarer than one in the number of random pairs; `None` keeps the sample's.
    pub fn fit(
        training: &[TrainingPairs],
        candidates: &PatternCounts,
        random: &PatternCounts,
        exact_agreement: &[Option<f64>],
        records: u64,
    ) -> Model {
        let mut u: Vec<Vec<f64>> = level_frequencies(&sorted(random), |_| 1.0)
            .into_iter()
            .zip(initial_m())
            .map(|(levels, fallback)| levels.unwrap_or_else(|| vec![1.0 / fallback.len() as f64; fallback.len()]))
            .collect();
        for ((attribute, levels), exact) in ATTRIBUTES.iter().zip(u.iter_mut()).zip(exact_agreement) {
            if let Some(exact) = exact.filter(|p| p.is_finite() && *p > 0.0) {
                set_exact_level(levels, usize::from(attribute.top_level()), clamp(exact));
            }
        }

        let mut training: Vec<TrainingPairs> =
            training.iter().map(|t| TrainingPairs { rule: t.rule.clone(), patterns: sorted(&t.patterns) }).collect();
        training.sort_by(|a, b| a.rule.cmp(&b.rule));
        let mut sums: Vec<Option<Vec<f64>>> = vec![None; ATTRIBUTES.len()];
        let mut sessions_per_attribute = vec![0usize; ATTRIBUTES.len()];
        let mut sessions = Vec::new();
        for pairs in training.iter().filter(|t| !t.patterns.is_empty()) {
            let (m, iterations) = Self::fit_m(&pairs.patterns, &u);
            let mut estimated = Vec::new();
            for (index, levels) in m.into_iter().enumerate() {
                let (Some(levels), Some(sum), Some(n)) =
                    (levels, sums.get_mut(index), sessions_per_attribute.get_mut(index))
                else {
                    continue;
                };
                *sum = Some(match sum.take() {
                    Some(total) => total.iter().zip(&levels).map(|(a, b)| a + b).collect(),
                    None => levels,
                });
                *n += 1;
                estimated.extend(ATTRIBUTES.get(index).map(|a| a.name().to_string()));
            }
            sessions.push(Session {
                rule: pairs.rule.clone(),
                pairs: total_pairs(&pairs.patterns),
                iterations,
                estimated,
            });
        }
        let m: Vec<Vec<f64>> = sums
            .into_iter()
            .zip(sessions_per_attribute)
            .zip(initial_m())
            .map(|((sum, n), fallback)| sum.map_or(fallback, |s| s.into_iter().map(|p| clamp(p / n as f64)).collect()))
            .collect();

        let candidates = sorted(candidates);
        let share = if candidates.is_empty() { 0.0 } else { Self::fit_share(&candidates, &m, &u) };
        let candidate_pairs = total_pairs(&candidates);
        let all_pairs = (records as f64) * (records.saturating_sub(1) as f64) / 2.0;
        let lambda = (share * candidate_pairs as f64 / all_pairs.max(1.0)).clamp(LAMBDA_FLOOR, 1.0 - FLOOR);
        Model {
            lambda,
            candidate_match_share: share,
            records,
            m,
            u,
            sessions,
            candidate_pairs,
            random_pairs: total_pairs(random),
        }
    }

    /// EM for `m` (and the session's match share) with `u` fixed; `None` for attributes the
    /// session does not see. Returns the estimates and the iterations used.
    fn fit_m(patterns: &PatternCounts, u: &[Vec<f64>]) -> (Vec<Option<Vec<f64>>>, usize) {
        let mut model = Model { lambda: 0.5, m: initial_m(), u: u.to_vec(), ..Model::default() };
        let mut estimates = vec![None; ATTRIBUTES.len()];
        let total = total_pairs(patterns) as f64;
        for iteration in 1..=MAX_ITERATIONS {
            let posteriors: Vec<f64> = patterns.iter().map(|(p, _)| model.probability(*p, None, None)).collect();
            let matched: f64 = patterns.iter().zip(&posteriors).map(|((_, c), p)| *c as f64 * p).sum();
            let lambda = clamp(matched / total);
            estimates = level_frequencies(patterns, |i| posteriors.get(i).copied().unwrap_or(0.0));
            let mut change = (lambda - model.lambda).abs();
            for (old, new) in model.m.iter_mut().zip(&estimates) {
                if let Some(new) = new {
                    change = old.iter().zip(new).map(|(a, b)| (a - b).abs()).fold(change, f64::max);
                    old.clone_from(new);
                }
            }
            model.lambda = lambda;
            if change < CONVERGED {
                return (estimates, iteration);
            }
        }
        (estimates, MAX_ITERATIONS)
    }

    /// EM for the share of matches among candidate pairs, with `m` and `u` fixed.
    fn fit_share(candidates: &PatternCounts, m: &[Vec<f64>], u: &[Vec<f64>]) -> f64 {
        let mut model = Model { lambda: 0.5, m: m.to_vec(), u: u.to_vec(), ..Model::default() };
        let total = total_pairs(candidates) as f64;
        for _ in 0..MAX_ITERATIONS {
            let matched: f64 = candidates.iter().map(|(p, c)| *c as f64 * model.probability(*p, None, None)).sum();
            let share = clamp(matched / total);
            let change = (share - model.lambda).abs();
            model.lambda = share;
            if change < CONVERGED {
                break;
            }
        }
        model.lambda
    }

    fn table(table: &[Vec<f64>], attribute: Attribute, level: u8) -> f64 {
        table.get(attribute as usize).and_then(|l| l.get(usize::from(level))).copied().unwrap_or(0.5)
    }

    /// The log2 Bayes factor of one attribute's level; 0 when missing. `tf` replaces the exact
    /// level's `u` with the value's frequency (names).
    pub fn attribute_weight(&self, attribute: Attribute, level: u8, tf: Option<f64>) -> f64 {
        if level == MISSING {
            return 0.0;
        }
        let m = Self::table(&self.m, attribute, level);
        let mut u = Self::table(&self.u, attribute, level);
        if level == attribute.top_level()
            && let Some(tf) = tf
        {
            u = clamp(tf);
        }
        (m / u).log2()
    }

    /// The total match weight: prior log-odds plus every attribute's weight. `tf_first` and
    /// `tf_last` are the frequencies of the pair's first and last name (when they agree exactly).
    pub fn weight(&self, pattern: Pattern, tf_first: Option<f64>, tf_last: Option<f64>) -> f64 {
        let prior = (self.lambda / (1.0 - self.lambda)).log2();
        ATTRIBUTES.iter().fold(prior, |total, a| {
            let tf = match a {
                Attribute::FirstName => tf_first,
                Attribute::LastName => tf_last,
                _ => None,
            };
            total + self.attribute_weight(*a, pattern.level(*a), tf)
        })
    }

    /// Match probability from the weight.
    pub fn probability(&self, pattern: Pattern, tf_first: Option<f64>, tf_last: Option<f64>) -> f64 {
        let odds = self.weight(pattern, tf_first, tf_last).exp2();
        if odds.is_infinite() { 1.0 } else { odds / (1.0 + odds) }
    }

    /// The model as a JSON document.
    pub fn to_json(&self) -> String {
        let attributes: Map<String, Value> = ATTRIBUTES
            .iter()
            .map(|a| {
                let levels: Vec<Value> = a
                    .levels()
                    .iter()
                    .enumerate()
                    .map(|(l, name)| {
                        json!({
                            "level": l,
                            "name": name,
                            "m": Self::table(&self.m, *a, l as u8),
                            "u": Self::table(&self.u, *a, l as u8),
                        })
                    })
                    .collect();
                (a.name().to_string(), Value::Array(levels))
            })
            .collect();
        json!({
            "format": MODEL_FORMAT,
            "kind": "crm_ehr.identity.fellegi_sunter",
            "lambda": self.lambda,
            "candidate_match_share": self.candidate_match_share,
            "records": self.records,
            "training": self.sessions.iter().map(|t| json!({
                "rule": t.rule,
                "pairs": t.pairs,
                "iterations": t.iterations,
                "estimated": t.estimated,
            })).collect::<Vec<_>>(),
            "candidate_pairs": self.candidate_pairs,
            "random_pairs": self.random_pairs,
            "term_frequency_adjusted": ["first_name", "last_name"],
            "attributes": attributes,
        })
        .to_string()
    }

    /// Read a model document written by [`Model::to_json`].
    pub fn from_json(text: &str) -> Result<Model> {
        let bad = |what: &str| Error::invalid(format!("model document: {what}"));
        let doc: Value = serde_json::from_str(text)
            .map_err(|e| bad(&format!("not JSON (line {}, column {})", e.line(), e.column())))?;
        if doc.get("format").and_then(Value::as_u64) != Some(MODEL_FORMAT) {
            return Err(bad(&format!("format must be {MODEL_FORMAT}")));
        }
        let lambda = doc.get("lambda").and_then(Value::as_f64).ok_or_else(|| bad("missing lambda"))?;
        if !(lambda > 0.0 && lambda < 1.0) {
            return Err(bad("lambda must be between 0 and 1"));
        }
        let attributes = doc.get("attributes").and_then(Value::as_object).ok_or_else(|| bad("missing attributes"))?;
        let mut m = Vec::new();
        let mut u = Vec::new();
        for a in ATTRIBUTES {
            let levels = attributes
                .get(a.name())
                .and_then(Value::as_array)
                .ok_or_else(|| bad(&format!("missing {}", a.name())))?;
            if levels.len() != a.levels().len() {
                return Err(bad(&format!("{} needs {} levels", a.name(), a.levels().len())));
            }
            let read = |key: &str| -> Result<Vec<f64>> {
                levels
                    .iter()
                    .map(|l| {
                        l.get(key)
                            .and_then(Value::as_f64)
                            .filter(|p| *p > 0.0 && *p < 1.0)
                            .ok_or_else(|| bad(&format!("{}.{key} must be probabilities between 0 and 1", a.name())))
                    })
                    .collect()
            };
            m.push(read("m")?);
            u.push(read("u")?);
        }
        let count = |key: &str| doc.get(key).and_then(Value::as_u64).unwrap_or(0);
        Ok(Model {
            lambda,
            candidate_match_share: doc.get("candidate_match_share").and_then(Value::as_f64).unwrap_or(0.0),
            records: count("records"),
            m,
            u,
            sessions: doc
                .get("training")
                .and_then(Value::as_array)
                .map(|sessions| {
                    sessions
                        .iter()
                        .map(|t| Session {
                            rule: t.get("rule").and_then(Value::as_str).unwrap_or_default().to_string(),
                            pairs: t.get("pairs").and_then(Value::as_u64).unwrap_or(0),
                            iterations: t.get("iterations").and_then(Value::as_u64).map_or(0, |n| n as usize),
                            estimated: t
                                .get("estimated")
                                .and_then(Value::as_array)
                                .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
                                .unwrap_or_default(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            candidate_pairs: count("candidate_pairs"),
            random_pairs: count("random_pairs"),
        })
    }

    /// A short fingerprint of the document (hex of the first 8 bytes of its SHA-256).
    pub fn fingerprint(&self) -> String {
        use sha2::Digest as _;
        sha2::Sha256::digest(self.to_json().as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(levels: [u8; 9]) -> Pattern {
        Pattern(levels.iter().enumerate().fold(0u64, |acc, (i, l)| acc | (u64::from(*l) << (4 * i))))
    }

    /// Matches agree on most attributes; non-matches on few. EM must find the two groups.
    type Patterns = Vec<(Pattern, u64)>;

    fn training_data() -> (Vec<TrainingPairs>, Patterns, Patterns) {
        let matches = vec![
            (pattern([4, 3, 4, 2, 2, 2, 2, 15, 1]), 800),
            (pattern([3, 3, 4, 15, 2, 2, 1, 15, 1]), 200),
            (pattern([4, 0, 4, 2, 15, 1, 0, 15, 1]), 50),
        ];
        let non_matches =
            vec![(pattern([0, 3, 0, 0, 0, 1, 0, 15, 0]), 300), (pattern([0, 0, 4, 0, 0, 1, 0, 15, 1]), 500)];
        let random = vec![
            (pattern([0, 0, 0, 0, 0, 0, 0, 0, 0]), 9000),
            (pattern([0, 0, 0, 0, 0, 1, 0, 0, 1]), 900),
            (pattern([1, 1, 1, 1, 1, 1, 1, 1, 1]), 90),
            (pattern([4, 3, 4, 2, 2, 2, 2, 2, 1]), 10),
        ];
        let candidates: Vec<_> = matches.into_iter().chain(non_matches).collect();
        // A blocking rule's pairs agree on its attribute by construction; training ignores it.
        let session = |rule: &str, attribute: Attribute| TrainingPairs {
            rule: rule.to_string(),
            patterns: candidates
                .iter()
                .filter(|(p, _)| p.is_exact(attribute))
                .map(|(p, c)| (p.with(attribute, MISSING), *c))
                .collect(),
        };
        (
            vec![session("birth_date", Attribute::BirthDate), session("last_name", Attribute::LastName)],
            candidates,
            random,
        )
    }

    #[test]
    fn fits_and_separates() {
        let (training, candidates, random) = training_data();
        let model = Model::fit(&training, &candidates, &random, &[], 2000);
        let strong = model.probability(pattern([4, 3, 4, 2, 2, 2, 2, 15, 1]), None, None);
        let same_surname = model.probability(pattern([0, 3, 0, 0, 0, 1, 0, 15, 0]), None, None);
        let same_birth_date = model.probability(pattern([0, 0, 4, 0, 0, 1, 0, 15, 1]), None, None);
        assert!(strong > 0.99, "{strong}");
        assert!(same_surname < 0.01, "{same_surname}");
        assert!(same_birth_date < 0.01, "{same_birth_date}");
        assert!((model.candidate_match_share - 1050.0 / 1850.0).abs() < 0.05, "{}", model.candidate_match_share);
        let estimated: Vec<_> =
            model.sessions.iter().map(|s| (s.rule.as_str(), s.estimated.contains(&"birth_date".to_string()))).collect();
        assert_eq!(estimated, [("birth_date", false), ("last_name", true)], "a rule never estimates what it blocks on");
    }

    #[test]
    fn exact_agreement_from_all_records_replaces_the_sampled_one() {
        let (training, candidates, random) = training_data();
        let mut exact = vec![None; ATTRIBUTES.len()];
        exact[Attribute::Email as usize] = Some(1e-7);
        let model = Model::fit(&training, &candidates, &random, &exact, 2000);
        let email = &model.u[Attribute::Email as usize];
        assert_eq!(email[2], 1e-6, "clamped to the floor");
        assert!((email.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        let sampled = Model::fit(&training, &candidates, &random, &[], 2000);
        assert!(model.weight(candidates[0].0, None, None) > sampled.weight(candidates[0].0, None, None));
    }

    #[test]
    fn json_round_trip_is_exact() {
        let (training, candidates, random) = training_data();
        let model = Model::fit(&training, &candidates, &random, &[], 2000);
        let again = Model::from_json(&model.to_json()).unwrap();
        assert_eq!(again, model);
        assert_eq!(again.to_json(), model.to_json());
        assert_eq!(model.fingerprint().len(), 16);
    }

    #[test]
    fn fitting_is_deterministic_in_any_input_order() {
        let (mut training, mut candidates, random) = training_data();
        let a = Model::fit(&training, &candidates, &random, &[], 2000);
        candidates.reverse();
        training.reverse();
        training[0].patterns.reverse();
        assert_eq!(Model::fit(&training, &candidates, &random, &[], 2000).to_json(), a.to_json());
    }

    #[test]
    fn term_frequency_weakens_common_names() {
        let (training, candidates, random) = training_data();
        let model = Model::fit(&training, &candidates, &random, &[], 2000);
        let p = pattern([15, 3, 15, 15, 15, 15, 15, 15, 15]);
        assert!(model.weight(p, None, Some(0.01)) < model.weight(p, None, Some(0.00001)));
    }

    #[test]
    fn bad_documents_are_refused() {
        for doc in ["{", "{}", r#"{"format": 1, "lambda": 2}"#, r#"{"format": 1, "lambda": 0.1, "attributes": {}}"#] {
            assert!(Model::from_json(doc).is_err(), "{doc}");
        }
    }
}
