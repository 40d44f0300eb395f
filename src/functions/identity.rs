//! Identity resolution: the scalar primitives (`identity_compare`, `identity_fit`,
//! `identity_weight`, `identity_explain`, `identity_agreeing`, `identity_cluster`, `identity_soundex`,
//! `identity_name_root`) and the table macros built from `sql/identity/*.sql`
//! (`identity_signals`, `identity_blocks`, `identity_model`, `identity_pairs`, `resolve_identity`).

use duckdb_neo::{
    AsDuckDB, DuckDBType,
    connection::Context,
    data_chunk::VectorCollection,
    enums::{FunctionProperty, FunctionPropertyStability},
    extension::Extension,
    scalar::{ScalarCallbacks, ScalarFunctionBuilder},
    signature::{FunctionParameter, SignatureBuilder},
    types::List,
    vector::{Unknown, Vector},
};

use super::{Doc, scalar_macro, sql_error, table_macro};
use crate::domain::identity::cluster::{self, Edge, Safeguards};
use crate::domain::identity::compare::{ATTRIBUTES, Attribute, MISSING, Pattern, Signals, compare};
use crate::domain::identity::model::{Model, TrainingPairs};
use crate::domain::identity::{nicknames, phonetic};

/// A record's matching signals as DuckDB sees them: `STRUCT(first_name VARCHAR, ...)`.
#[derive(Debug, AsDuckDB)]
struct SignalsRow {
    first_name: Option<String>,
    last_name: Option<String>,
    birth_date: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    postal_code: Option<String>,
    street_address: Option<String>,
    ssn: Option<String>,
    sex: Option<String>,
}

// ---------------------------------------------------------------------------------------------

struct Compare;

impl ScalarCallbacks for Compare {
    type BindData = ();
    type InitData = ();

    fn exec(
        &self,
        _: Option<&()>,
        _: Option<&mut ()>,
        _: &Context,
        vectors: &mut VectorCollection,
        output: Vector<'_, Unknown>,
    ) -> duckdb_neo::Result<()> {
        let rows = vectors.row_count()?;
        let a = vectors.get_vector_at::<SignalsRow>(0)?.reader()?;
        let b = vectors.get_vector_at::<SignalsRow>(1)?.reader()?;
        fn signals<'a>(r: &SignalsRowRef<'a>) -> Signals<'a> {
            Signals {
                first_name: r.first_name,
                last_name: r.last_name,
                birth_date: r.birth_date,
                email: r.email,
                phone: r.phone,
                postal_code: r.postal_code,
                street_address: r.street_address,
                ssn: r.ssn,
                sex: r.sex,
            }
        }
        let mut output = output.cast::<u64>()?;
        output.set_size(rows)?;
        let mut writer = output.writer()?;
        for row in 0..rows {
            let pattern = match (a.get(row)?, b.get(row)?) {
                (Some(x), Some(y)) => Some(compare(&signals(&x), &signals(&y)).0),
                _ => None,
            };
            writer.set(row, pattern)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------

/// Comparison patterns with their pair counts, as `identity_fit` takes them. `rule` is NULL for
/// the whole candidate set (or random pairs) and names the blocking rule of a training session.
#[derive(Debug, AsDuckDB)]
struct PatternCountRow {
    rule: Option<String>,
    pattern: u64,
    pairs: i64,
}

struct Fit;

impl ScalarCallbacks for Fit {
    type BindData = ();
    type InitData = ();

    fn exec(
        &self,
        _: Option<&()>,
        _: Option<&mut ()>,
        _: &Context,
        vectors: &mut VectorCollection,
        output: Vector<'_, Unknown>,
    ) -> duckdb_neo::Result<()> {
        const NAME: &str = "identity_fit";
        let rows = vectors.row_count()?;
        let candidates = vectors.get_vector_at::<List<PatternCountRow>>(0)?.reader()?;
        let random = vectors.get_vector_at::<List<PatternCountRow>>(1)?.reader()?;
        let exact_agreement = vectors.get_vector_at::<List<f64>>(2)?.reader()?;
        let records = vectors.get_vector_at::<i64>(3)?.reader()?;
        let mut models = Vec::with_capacity(rows);
        for row in 0..rows {
            let mut all = Vec::new();
            let mut training: Vec<TrainingPairs> = Vec::new();
            for c in candidates.get(row)?.iter().flat_map(|l| l.iter()).flatten() {
                let (Some(pattern), Some(pairs)) = (c.pattern, c.pairs.and_then(|n| u64::try_from(*n).ok())) else {
                    return Err(sql_error(NAME, "every pattern needs a pattern and a non-negative pair count"));
                };
                let entry = (Pattern(*pattern), pairs);
                match c.rule {
                    None => all.push(entry),
                    Some(rule) => match training.iter_mut().find(|t| t.rule == rule) {
                        Some(t) => t.patterns.push(entry),
                        None => training.push(TrainingPairs { rule: rule.to_string(), patterns: vec![entry] }),
                    },
                }
            }
            let random: Vec<(Pattern, u64)> = random
                .get(row)?
                .iter()
                .flat_map(|l| l.iter())
                .flatten()
                .filter_map(|c| Some((Pattern(*c.pattern?), u64::try_from(*c.pairs?).ok()?)))
                .collect();
            let exact: Vec<Option<f64>> = match exact_agreement.get(row)? {
                Some(list) => list.iter().map(|v| v.copied()).collect(),
                None => Vec::new(),
            };
            let records = records.get(row)?.and_then(|n| u64::try_from(*n).ok()).unwrap_or(0);
            models.push(Model::fit(&training, &all, &random, &exact, records).to_json());
        }
        let mut output = output.cast::<String>()?;
        output.set_size(rows)?;
        let mut writer = output.writer()?;
        for (row, model) in models.iter().enumerate() {
            writer.set(row, Some(model.as_str()))?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------

/// The last model document parsed by a worker, reused while the text stays the same.
#[derive(Default)]
struct ModelCache {
    text: String,
    model: Option<Model>,
}

impl ModelCache {
    fn get(&mut self, function: &str, text: &str) -> duckdb_neo::Result<&Model> {
        if self.model.is_none() || self.text != text {
            self.model = Some(Model::from_json(text).map_err(|e| sql_error(function, e))?);
            self.text = text.to_string();
        }
        self.model.as_ref().ok_or_else(|| sql_error(function, "model not parsed"))
    }
}

/// Evaluate `f` on each row of `(model, pattern, tf_first_name, tf_last_name)`; NULL model or
/// pattern gives NULL. The model text is compared in full only when a row's text is not the
/// previous row's own bytes (a column repeating one document shares them).
fn per_model_row<T>(
    function: &str,
    cache: Option<&mut ModelCache>,
    vectors: &mut VectorCollection,
    f: impl Fn(&Model, Pattern, Option<f64>, Option<f64>) -> T,
) -> duckdb_neo::Result<Vec<Option<T>>> {
    let cache = cache.ok_or_else(|| sql_error(function, "no worker state"))?;
    let rows = vectors.row_count()?;
    let models = vectors.get_vector_at::<String>(0)?.reader()?;
    let patterns = vectors.get_vector_at::<u64>(1)?.reader()?;
    let tf_first = vectors.get_vector_at::<f64>(2)?.reader()?;
    let tf_last = vectors.get_vector_at::<f64>(3)?.reader()?;
    let mut out = Vec::with_capacity(rows);
    let mut previous: Option<(*const u8, usize)> = None;
    for row in 0..rows {
        let (Some(text), Some(pattern)) = (models.get(row)?, patterns.get(row)?) else {
            out.push(None);
            continue;
        };
        let this = (text.as_ptr(), text.len());
        let model = match (&cache.model, previous == Some(this)) {
            (Some(model), true) => model,
            _ => cache.get(function, text)?,
        };
        previous = Some(this);
        out.push(Some(f(model, Pattern(*pattern), tf_first.get(row)?.copied(), tf_last.get(row)?.copied())));
    }
    Ok(out)
}

macro_rules! model_scalar_init {
    ($($callbacks:ty),*) => {$(
        impl duckdb_neo::scalar::ScalarInitCallbacks for $callbacks {
            fn init(&self, _: Option<&()>, _: &Context) -> duckdb_neo::Result<ModelCache> {
                Ok(ModelCache::default())
            }
        }
    )*};
}
model_scalar_init!(Weight, Explain, Agreeing);

struct Weight;

impl ScalarCallbacks for Weight {
    type BindData = ();
    type InitData = ModelCache;

    fn exec(
        &self,
        _: Option<&()>,
        cache: Option<&mut ModelCache>,
        _: &Context,
        vectors: &mut VectorCollection,
        output: Vector<'_, Unknown>,
    ) -> duckdb_neo::Result<()> {
        let weights = per_model_row("identity_weight", cache, vectors, |m, p, f, l| m.weight(p, f, l))?;
        let mut output = output.cast::<f64>()?;
        output.set_size(weights.len())?;
        let mut writer = output.writer()?;
        for (row, w) in weights.into_iter().enumerate() {
            writer.set(row, w)?;
        }
        Ok(())
    }
}

struct Agreeing;

impl ScalarCallbacks for Agreeing {
    type BindData = ();
    type InitData = ModelCache;

    fn exec(
        &self,
        _: Option<&()>,
        cache: Option<&mut ModelCache>,
        _: &Context,
        vectors: &mut VectorCollection,
        output: Vector<'_, Unknown>,
    ) -> duckdb_neo::Result<()> {
        let lists = per_model_row("identity_agreeing", cache, vectors, agreeing)?;
        let total: usize = lists.iter().flatten().map(Vec::len).sum();
        let mut output = output.cast::<List<String>>()?;
        output.set_size(lists.len())?;
        // SAFETY: the writes below fill exactly `total` elements, one per agreeing attribute.
        unsafe { output.set_child_size(total)? };
        let mut writer = output.writer()?;
        for (row, names) in lists.into_iter().enumerate() {
            writer.set(row, names.map(|n| List(n.into_iter().map(Some).collect())))?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------

/// Per attribute: the comparison level and its weight; plus a one-line reason.
#[derive(Debug, AsDuckDB)]
struct Explanation {
    first_name: String,
    first_name_weight: f64,
    last_name: String,
    last_name_weight: f64,
    birth_date: String,
    birth_date_weight: f64,
    email: String,
    email_weight: f64,
    phone: String,
    phone_weight: f64,
    postal_code: String,
    postal_code_weight: f64,
    street_address: String,
    street_address_weight: f64,
    ssn: String,
    ssn_weight: f64,
    sex: String,
    sex_weight: f64,
    agreeing: String,
    reason: String,
}

fn level_name(attribute: Attribute, level: u8) -> &'static str {
    if level == MISSING { "missing" } else { attribute.levels().get(usize::from(level)).copied().unwrap_or("?") }
}

/// An attribute's weight in a pair, with the name frequencies that adjust it.
fn attribute_weight(model: &Model, pattern: Pattern, a: Attribute, tf_first: Option<f64>, tf_last: Option<f64>) -> f64 {
    let tf = match a {
        Attribute::FirstName => tf_first,
        Attribute::LastName => tf_last,
        _ => None,
    };
    model.attribute_weight(a, pattern.level(a), tf)
}

/// The attributes whose comparison counts for a match: present, not disagreeing, and a level
/// seen more often among matches than by chance (a ZIP3-only agreement may count against).
fn agreeing(model: &Model, pattern: Pattern, tf_first: Option<f64>, tf_last: Option<f64>) -> Vec<&'static str> {
    ATTRIBUTES
        .iter()
        .filter(|a| {
            let level = pattern.level(**a);
            level != MISSING && level > 0 && attribute_weight(model, pattern, **a, tf_first, tf_last) > 0.0
        })
        .map(|a| a.name())
        .collect()
}

fn explain(model: &Model, pattern: Pattern, tf_first: Option<f64>, tf_last: Option<f64>) -> Explanation {
    let weight = |a: Attribute| attribute_weight(model, pattern, a, tf_first, tf_last);
    let mut evidence = Vec::new();
    let mut missing = Vec::new();
    for a in ATTRIBUTES {
        let level = pattern.level(a);
        let w = weight(a);
        let name = a.name().replace('_', " ");
        if level == MISSING {
            missing.push(name);
        } else if level > 0 {
            evidence.push((w, format!("{name} {} ({w:+.1})", level_name(a, level))));
        } else {
            evidence.push((w, format!("{name} differs ({w:+.1})")));
        }
    }
    evidence.sort_by(|x, y| y.0.abs().total_cmp(&x.0.abs()));
    let mut reason = evidence.iter().map(|(_, s)| s.as_str()).collect::<Vec<_>>().join(", ");
    if !missing.is_empty() {
        reason.push_str(&format!("; no {}", missing.join(", ")));
    }
    let field = |a: Attribute| (level_name(a, pattern.level(a)).to_string(), weight(a));
    let (first_name, first_name_weight) = field(Attribute::FirstName);
    let (last_name, last_name_weight) = field(Attribute::LastName);
    let (birth_date, birth_date_weight) = field(Attribute::BirthDate);
    let (email, email_weight) = field(Attribute::Email);
    let (phone, phone_weight) = field(Attribute::Phone);
    let (postal_code, postal_code_weight) = field(Attribute::Postal);
    let (street_address, street_address_weight) = field(Attribute::Street);
    let (ssn, ssn_weight) = field(Attribute::Ssn);
    let (sex, sex_weight) = field(Attribute::Sex);
    Explanation {
        first_name,
        first_name_weight,
        last_name,
        last_name_weight,
        birth_date,
        birth_date_weight,
        email,
        email_weight,
        phone,
        phone_weight,
        postal_code,
        postal_code_weight,
        street_address,
        street_address_weight,
        ssn,
        ssn_weight,
        sex,
        sex_weight,
        agreeing: agreeing(model, pattern, tf_first, tf_last).join(","),
        reason,
    }
}

struct Explain;

impl ScalarCallbacks for Explain {
    type BindData = ();
    type InitData = ModelCache;

    fn exec(
        &self,
        _: Option<&()>,
        cache: Option<&mut ModelCache>,
        _: &Context,
        vectors: &mut VectorCollection,
        output: Vector<'_, Unknown>,
    ) -> duckdb_neo::Result<()> {
        let explanations = per_model_row("identity_explain", cache, vectors, explain)?;
        let mut output = output.cast::<Explanation>()?;
        output.set_size(explanations.len())?;
        let mut writer = output.writer()?;
        for (row, e) in explanations.into_iter().enumerate() {
            writer.set(row, e)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------

/// One accepted pair handed to the clustering.
#[derive(Debug, AsDuckDB)]
struct EdgeRow {
    a: i64,
    b: i64,
    weight: f64,
    by_rule: bool,
    manual: bool,
    ssn_a: Option<String>,
    ssn_b: Option<String>,
    birth_a: Option<String>,
    birth_b: Option<String>,
    source_a: String,
    source_b: String,
}

/// Two records a reviewer declared different people.
#[derive(Debug, AsDuckDB)]
struct ApartRow {
    a: i64,
    b: i64,
}

/// Where the clustering put one record.
#[derive(Debug, AsDuckDB)]
struct PlacementRow {
    record: i64,
    cluster: i64,
    best_weight: Option<f64>,
    best_by_rule: Option<bool>,
    best_partner: Option<i64>,
    refused: i32,
    refused_reason: Option<String>,
}

struct Cluster;

impl ScalarCallbacks for Cluster {
    type BindData = ();
    type InitData = ();

    fn exec(
        &self,
        _: Option<&()>,
        _: Option<&mut ()>,
        _: &Context,
        vectors: &mut VectorCollection,
        output: Vector<'_, Unknown>,
    ) -> duckdb_neo::Result<()> {
        const NAME: &str = "identity_cluster";
        let rows = vectors.row_count()?;
        let edge_lists = vectors.get_vector_at::<List<EdgeRow>>(0)?.reader()?;
        let sources = vectors.get_vector_at::<List<String>>(1)?.reader()?;
        let strong = vectors.get_vector_at::<f64>(2)?.reader()?;
        let max_size = vectors.get_vector_at::<i64>(3)?.reader()?;
        let apart = vectors.get_vector_at::<List<ApartRow>>(4)?.reader()?;
        let mut results: Vec<Option<Vec<Option<PlacementRow>>>> = Vec::with_capacity(rows);
        for row in 0..rows {
            let Some(list) = edge_lists.get(row)? else {
                results.push(None);
                continue;
            };
            let mut guards = Safeguards::default();
            if let Some(s) = sources.get(row)? {
                guards.deduplicated_sources = s.iter().flatten().map(str::to_string).collect();
            }
            if let Some(w) = strong.get(row)? {
                guards.strong_weight = *w;
            }
            if let Some(n) = max_size.get(row)? {
                guards.max_cluster_size =
                    usize::try_from(*n).map_err(|_| sql_error(NAME, "max_cluster_size must be positive"))?;
            }
            if let Some(pairs) = apart.get(row)? {
                guards.kept_apart = pairs
                    .iter()
                    .flatten()
                    .filter_map(|p| Some((u64::try_from(*p.a?).ok()?, u64::try_from(*p.b?).ok()?)))
                    .collect();
            }
            let mut edges = Vec::with_capacity(list.len());
            for e in list.iter().flatten() {
                let (Some(a), Some(b), Some(weight), Some(by_rule), Some(manual), Some(source_a), Some(source_b)) =
                    (e.a, e.b, e.weight, e.by_rule, e.manual, e.source_a, e.source_b)
                else {
                    return Err(sql_error(NAME, "an edge lacks a record, weight, rule or manual flag, or source"));
                };
                let (Ok(a), Ok(b)) = (u64::try_from(*a), u64::try_from(*b)) else {
                    return Err(sql_error(NAME, "record indexes must not be negative"));
                };
                edges.push(Edge {
                    a,
                    b,
                    weight: *weight,
                    by_rule: *by_rule,
                    manual: *manual,
                    ssn_a: e.ssn_a,
                    ssn_b: e.ssn_b,
                    birth_a: e.birth_a,
                    birth_b: e.birth_b,
                    source_a,
                    source_b,
                });
            }
            let placements = cluster::cluster(&edges, &guards);
            // Millions of edges and placements at scale, outside DuckDB's memory limit: free the
            // edges before the output rows are built.
            drop(edges);
            let as_i64 = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
            results.push(Some(
                placements
                    .into_iter()
                    .map(|p| {
                        Some(PlacementRow {
                            record: as_i64(p.record),
                            cluster: as_i64(p.cluster),
                            best_weight: p.best.map(|l| l.weight),
                            best_by_rule: p.best.map(|l| l.by_rule),
                            best_partner: p.best.map(|l| as_i64(l.partner)),
                            refused: i32::try_from(p.refused).unwrap_or(i32::MAX),
                            refused_reason: p.refused_reason.map(str::to_string),
                        })
                    })
                    .collect(),
            ));
        }
        let total: usize = results.iter().flatten().map(Vec::len).sum();
        let mut output = output.cast::<List<PlacementRow>>()?;
        output.set_size(rows)?;
        // SAFETY: the writes below fill exactly `total` elements, one per placement.
        unsafe { output.set_child_size(total)? };
        let mut writer = output.writer()?;
        for (row, placements) in results.into_iter().enumerate() {
            writer.set(row, placements.map(List))?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------

/// How a blocking key is made from a normalized name.
type NameKeyFn = fn(&str) -> Option<String>;

/// A blocking key of a normalized name: `identity_soundex` or `identity_name_root`.
struct NameKey(NameKeyFn);

impl ScalarCallbacks for NameKey {
    type BindData = ();
    type InitData = ();

    fn exec(
        &self,
        _: Option<&()>,
        _: Option<&mut ()>,
        _: &Context,
        vectors: &mut VectorCollection,
        output: Vector<'_, Unknown>,
    ) -> duckdb_neo::Result<()> {
        let rows = vectors.row_count()?;
        let names = vectors.get_vector_at::<String>(0)?.reader()?;
        let mut output = output.cast::<String>()?;
        output.set_size(rows)?;
        let mut writer = output.writer()?;
        for row in 0..rows {
            let key = names.get(row)?.and_then(self.0);
            writer.set(row, key.as_deref())?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------

const DOCS: [(&str, Doc); 18] = [
    (
        "resolve_identity",
        Doc {
            description: "The restricted identity bridge: one row per person record (source_system, source_record_id, \
                          identifiers) with its governed person_key (a keyed hash under key_name, never of an \
                          identifier) and why: previous_key and key_event (kept, joined, new, merged, split) against \
                          the previous bridge, cluster_size, match_rule (a manual decision, an approved rule, score \
                          or singleton), match_probability, agreeing_signals, matched_with_system/_id, refused_links \
                          and refused_reason, model_fingerprint, resolved_at. Options: model (from identity_model; \
                          default: fitted on these records), threshold (0.95), max_block_size (100), training_pairs \
                          (5,000,000: beyond that many candidate pairs the fit uses a uniform sample), \
                          deduplicated_sources, strong_weight (20), max_cluster_size (50), decisions (a table of \
                          reviewed pairs: same_person true or false), previous (the last bridge: keys carry over), \
                          resolved_at (now).",
            examples: &["FROM resolve_identity('person_records', key_name := 'bridge_2026')"],
            category: "crm_ehr.identity",
        },
    ),
    (
        "identity_key_changes",
        Doc {
            description: "The merge history between two bridges (current, previous): one row per 'merge' (a previous \
                          key retired into the key of the person now holding most of its records), 'split' (records \
                          of a previous key now under another key) or 'removed' (none of its records remain), with the \
                          records affected and the evidence (rule or refusal, probability, the pair by source ids), \
                          model fingerprint and time. Append it to a restricted table after each rebuild.",
            examples: &["FROM identity_key_changes('identity_bridge', 'identity_bridge')"],
            category: "crm_ehr.identity",
        },
    ),
    (
        "identity_crosswalk",
        Doc {
            description: "Every person key of a previous bridge and the current key carrying most of its records \
                          (change: unchanged, split, merged or removed), to repair tables built with old keys without \
                          touching identifiers.",
            examples: &["FROM identity_crosswalk('identity_bridge', 'identity_bridge')"],
            category: "crm_ehr.identity",
        },
    ),
    (
        "identity_pairs",
        Doc {
            description: "Every scored candidate pair, for review: both record ids, the blocking rules that paired them, \
                      the comparison pattern, match weight and probability, accepted_by (an approved rule or score; \
                      NULL when rejected), the conflict that vetoed it, and a per-attribute explanation. Options: \
                      model, threshold, max_block_size, training_pairs, decisions (as for resolve_identity).",
            examples: &["FROM identity_pairs('person_records', threshold := 0.95)"],
            category: "crm_ehr.identity",
        },
    ),
    (
        "identity_model",
        Doc {
            description: "Fit the match model on person records without labels and return it as a JSON document with its \
                      fingerprint, to review, save and pass back to resolve_identity for reproducible runs. Beyond \
                      training_pairs candidate pairs (default 5,000,000) it trains on a deterministic uniform sample \
                      of them.",
            examples: &["SELECT fingerprint, candidate_pairs FROM identity_model('person_records')"],
            category: "crm_ehr.identity",
        },
    ),
    (
        "identity_link",
        Doc {
            description: "Incremental linking: resolve only new or changed person records (records) against the \
                          people of the previous bridge (previous) through its stored index (signals_index, from \
                          identity_index), with the model the bridge was built with (model). Returns the bridge rows \
                          to replace: the records given, and the records of people whose key, size or members \
                          changed. Same columns and options as resolve_identity.",
            examples: &[
                "FROM identity_link('person_records', 'bridge_2026', previous := 'identity_bridge', signals_index := 'identity_index', model := (SELECT model FROM identity_model('person_records')))",
            ],
            category: "crm_ehr.identity",
        },
    ),
    (
        "identity_index",
        Doc {
            description: "The normalized signals and hashed blocking keys of person records, to keep in the restricted \
                          zone next to the bridge so identity_link can match new records without re-reading everyone.",
            examples: &["FROM identity_index('person_records')"],
            category: "crm_ehr.identity",
        },
    ),
    (
        "identity_block_keys",
        Doc {
            description: "The hashed blocking keys of one normalized record (a row of identity_signals), one per rule in \
                          the order identity_blocks lists them by bit: email, phone, ssn, birth_date+surname_sound, \
                          birth_date+first_name_root, names+zip3, birth_date+zip5, street+zip5, source_mrn; NULL \
                          where the record lacks a part.",
            examples: &["SELECT identity_block_keys(s) FROM identity_signals('person_records') s"],
            category: "crm_ehr.identity",
        },
    ),
    (
        "identity_blocks",
        Doc {
            description: "Blocking report per rule: blocks, candidate pairs, and the blocks larger than max_block_size \
                      (default 100: a shared clinic phone, a very common name) that were skipped, with their records.",
            examples: &["FROM identity_blocks('person_records', max_block_size := 100)"],
            category: "crm_ehr.identity",
        },
    ),
    (
        "identity_signals",
        Doc {
            description: "The normalized matching signals of each person record (names, birth date, email, phone, ZIP5, \
                      street, MRN, SSN, sex), as resolve_identity compares them; placeholders become NULL.",
            examples: &["FROM identity_signals('person_records')"],
            category: "crm_ehr.identity",
        },
    ),
    (
        "identity_compare",
        Doc {
            description: "Compare two records' normalized signals (STRUCT of first_name, last_name, birth_date, email, \
                      phone, postal_code, street_address, ssn, sex) into a comparison pattern: a level per attribute \
                      (4 bits each, 15 = missing), e.g. exact, nickname, typo, day/month swapped.",
            examples: &[
                "identity_compare({'first_name': 'BOB', 'last_name': 'SMITH', 'birth_date': '1985-02-03', 'email': NULL, 'phone': NULL, 'postal_code': NULL, 'street_address': NULL, 'ssn': NULL, 'sex': 'M'}, {'first_name': 'ROBERT', 'last_name': 'SMITH', 'birth_date': '1985-03-02', 'email': NULL, 'phone': NULL, 'postal_code': NULL, 'street_address': NULL, 'ssn': NULL, 'sex': 'M'})",
            ],
            category: "crm_ehr.identity",
        },
    ),
    (
        "identity_fit",
        Doc {
            description: "Fit the Fellegi-Sunter model: u from random-pair patterns (and exact_agreement, per attribute \
                      the chance two records agree exactly; NULL keeps the sample's), m by EM over the candidate \
                      patterns of each training rule (rule names it), the prior from the share of matches among all \
                      candidates (rule NULL) and the number of records. Returns the model as a JSON document.",
            examples: &[
                "identity_fit([{'rule': NULL::VARCHAR, 'pattern': 4369::UBIGINT, 'pairs': 10::BIGINT}], [{'rule': NULL::VARCHAR, 'pattern': 0::UBIGINT, 'pairs': 90::BIGINT}], []::DOUBLE[], 100)",
            ],
            category: "crm_ehr.identity",
        },
    ),
    (
        "identity_weight",
        Doc {
            description: "Match weight (log2 odds) of a comparison pattern under a model document, with term-frequency \
                      adjustment from the frequencies of the pair's first and last name (NULL: none).",
            examples: &[
                "identity_weight(identity_fit([{'rule': NULL::VARCHAR, 'pattern': 4369::UBIGINT, 'pairs': 10::BIGINT}], [{'rule': NULL::VARCHAR, 'pattern': 0::UBIGINT, 'pairs': 90::BIGINT}], []::DOUBLE[], 100), 4369, NULL, NULL)",
            ],
            category: "crm_ehr.identity",
        },
    ),
    (
        "identity_explain",
        Doc {
            description: "Explain a comparison pattern under a model: per attribute the comparison level and its weight, \
                      the agreeing attributes (those whose level counts for a match), and a one-line reason ordered by \
                      weight.",
            examples: &[
                "identity_explain(identity_fit([{'rule': NULL::VARCHAR, 'pattern': 4369::UBIGINT, 'pairs': 10::BIGINT}], [{'rule': NULL::VARCHAR, 'pattern': 0::UBIGINT, 'pairs': 90::BIGINT}], []::DOUBLE[], 100), 4369, NULL, NULL).reason",
            ],
            category: "crm_ehr.identity",
        },
    ),
    (
        "identity_agreeing",
        Doc {
            description: "The attributes whose comparison counts for a match under a model (present, not disagreeing, \
                          and more common among matches than by chance): the agreeing_signals of resolve_identity.",
            examples: &[
                "identity_agreeing(identity_fit([{'rule': NULL::VARCHAR, 'pattern': 4369::UBIGINT, 'pairs': 10::BIGINT}], [{'rule': NULL::VARCHAR, 'pattern': 0::UBIGINT, 'pairs': 90::BIGINT}], []::DOUBLE[], 100), 4369, NULL, NULL)",
            ],
            category: "crm_ehr.identity",
        },
    ),
    (
        "identity_cluster",
        Doc {
            description: "Cluster accepted pairs into people, manual decisions first, then approved rules, then by weight, \
                      refusing merges that would put two records a reviewer kept apart, two SSNs or unrelated birth \
                      dates in one person, two records of a deduplicated source together, join two groups by one weak \
                      link, or exceed the size limit (manual edges pass all but the first). Returns each record's \
                      cluster, the edge that placed it and refusals.",
            examples: &[
                "identity_cluster([{'a': 1, 'b': 2, 'weight': 30.0, 'by_rule': false, 'manual': false, 'ssn_a': NULL, 'ssn_b': NULL, 'birth_a': NULL, 'birth_b': NULL, 'source_a': 'crm', 'source_b': 'ehr'}], [], 20.0, 50, [])",
            ],
            category: "crm_ehr.identity",
        },
    ),
    (
        "identity_soundex",
        Doc {
            description: "American Soundex code of a normalized name, for blocking on how a surname sounds.",
            examples: &["identity_soundex('SMYTH')"],
            category: "crm_ehr.identity",
        },
    ),
    (
        "identity_name_root",
        Doc {
            description: "The formal name a normalized first name stands for (BOBBY -> ROBERT), for blocking on nicknames.",
            examples: &["identity_name_root('BOBBY')"],
            category: "crm_ehr.identity",
        },
    ),
];

fn doc(name: &str) -> Doc {
    DOCS.iter().find(|(n, _)| *n == name).map(|(_, d)| *d).unwrap_or(Doc {
        description: "",
        examples: &[],
        category: "crm_ehr.identity",
    })
}

pub fn register(extension: &Extension) -> duckdb_neo::Result<()> {
    let varchar = || String::logical_type(extension);
    let signals = || SignalsRow::logical_type(extension);
    ScalarFunctionBuilder::new(
        "identity_compare",
        SignatureBuilder::new()
            .param(FunctionParameter::with_type("a", signals()?))
            .param(FunctionParameter::with_type("b", signals()?))
            .return_type(u64::logical_type(extension)?)
            .documentation(doc("identity_compare").builder()),
        Compare,
    )
    .register(extension)?;
    ScalarFunctionBuilder::new(
        "identity_fit",
        SignatureBuilder::new()
            .param(FunctionParameter::new::<List<PatternCountRow>>("candidates"))
            .param(FunctionParameter::new::<List<PatternCountRow>>("random_pairs"))
            .param(FunctionParameter::new::<List<f64>>("exact_agreement"))
            .param(FunctionParameter::new::<i64>("records"))
            .return_type(varchar()?)
            .documentation(doc("identity_fit").builder()),
        Fit,
    )
    .register(extension)?;
    let model_signature = |name: &str, returns| -> duckdb_neo::Result<SignatureBuilder> {
        Ok(SignatureBuilder::new()
            .param(FunctionParameter::new::<String>("model"))
            .param(FunctionParameter::new::<u64>("pattern"))
            .param(FunctionParameter::new::<f64>("tf_first_name"))
            .param(FunctionParameter::new::<f64>("tf_last_name"))
            .return_type(returns)
            .documentation(doc(name).builder()))
    };
    ScalarFunctionBuilder::new(
        "identity_weight",
        model_signature("identity_weight", f64::logical_type(extension)?)?,
        Weight,
    )
    .with_init()
    .set_property(FunctionProperty::HasSpecialNullHandling(true))
    .register(extension)?;
    ScalarFunctionBuilder::new(
        "identity_explain",
        model_signature("identity_explain", Explanation::logical_type(extension)?)?,
        Explain,
    )
    .with_init()
    .set_property(FunctionProperty::HasSpecialNullHandling(true))
    .register(extension)?;
    ScalarFunctionBuilder::new(
        "identity_agreeing",
        model_signature("identity_agreeing", List::<String>::logical_type(extension)?)?,
        Agreeing,
    )
    .with_init()
    .set_property(FunctionProperty::HasSpecialNullHandling(true))
    .register(extension)?;
    ScalarFunctionBuilder::new(
        "identity_cluster",
        SignatureBuilder::new()
            .param(FunctionParameter::new::<List<EdgeRow>>("edges"))
            .param(FunctionParameter::new::<List<String>>("deduplicated_sources"))
            .param(FunctionParameter::new::<f64>("strong_weight"))
            .param(FunctionParameter::new::<i64>("max_cluster_size"))
            .param(FunctionParameter::new::<List<ApartRow>>("kept_apart"))
            .return_type(List::<PlacementRow>::logical_type(extension)?)
            .documentation(doc("identity_cluster").builder()),
        Cluster,
    )
    .set_property(FunctionProperty::Stability(FunctionPropertyStability::Consistent))
    .register(extension)?;
    let name_keys: [(&str, NameKeyFn); 2] = [
        ("identity_soundex", phonetic::soundex),
        ("identity_name_root", |name| Some(nicknames::blocking_root(name).to_string())),
    ];
    for (name, key) in name_keys {
        let signature = SignatureBuilder::new()
            .param(FunctionParameter::new::<String>("name"))
            .return_type(varchar()?)
            .documentation(doc(name).builder());
        ScalarFunctionBuilder::new(name, signature, NameKey(key)).register(extension)?;
    }
    register_macros(extension)
}

/// The SQL macros, assembled from shared CTE fragments so no step is written twice.
fn register_macros(extension: &Extension) -> duckdb_neo::Result<()> {
    const SIGNALS: &str = include_str!("../../sql/identity/signals.sql");
    const RECORDS: &str = include_str!("../../sql/identity/records.sql");
    const PREVIOUS: &str = include_str!("../../sql/identity/previous.sql");
    const LINK: &str = include_str!("../../sql/identity/link.sql");
    const BLOCKING: &str = include_str!("../../sql/identity/blocking.sql");
    const MODEL: &str = include_str!("../../sql/identity/model.sql");
    const SCORING: &str = include_str!("../../sql/identity/scoring.sql");
    const DECISIONS: &str = include_str!("../../sql/identity/decisions.sql");
    const CLUSTERING: &str = include_str!("../../sql/identity/clustering.sql");
    const KEYS: &str = include_str!("../../sql/identity/keys.sql");
    const FLOWS: &str = include_str!("../../sql/identity/flows.sql");
    struct TableMacro {
        name: &'static str,
        required: &'static [&'static str],
        optional: &'static [&'static str],
        fragments: &'static [&'static str],
        body: &'static str,
    }
    let macros = [
        TableMacro {
            name: "identity_signals",
            required: &["records"],
            optional: &[],
            fragments: &[SIGNALS, RECORDS],
            body: include_str!("../../sql/identity/identity_signals.sql"),
        },
        TableMacro {
            name: "identity_index",
            required: &["records"],
            optional: &[],
            fragments: &[SIGNALS, RECORDS],
            body: include_str!("../../sql/identity/identity_index.sql"),
        },
        TableMacro {
            name: "identity_blocks",
            required: &["records"],
            optional: &["max_block_size"],
            fragments: &[SIGNALS, RECORDS, BLOCKING],
            body: include_str!("../../sql/identity/identity_blocks.sql"),
        },
        TableMacro {
            name: "identity_model",
            required: &["records"],
            optional: &["max_block_size", "training_pairs"],
            fragments: &[SIGNALS, RECORDS, BLOCKING, MODEL],
            body: include_str!("../../sql/identity/identity_model.sql"),
        },
        TableMacro {
            name: "identity_pairs",
            required: &["records"],
            optional: &["model", "threshold", "max_block_size", "training_pairs", "decisions"],
            fragments: &[SIGNALS, RECORDS, BLOCKING, MODEL, DECISIONS, SCORING],
            body: include_str!("../../sql/identity/identity_pairs.sql"),
        },
        TableMacro {
            name: "resolve_identity",
            required: &["records", "key_name"],
            optional: &[
                "model",
                "threshold",
                "max_block_size",
                "training_pairs",
                "deduplicated_sources",
                "strong_weight",
                "max_cluster_size",
                "decisions",
                "previous",
                "resolved_at",
            ],
            fragments: &[SIGNALS, PREVIOUS, RECORDS, BLOCKING, MODEL, DECISIONS, SCORING, CLUSTERING, KEYS],
            body: include_str!("../../sql/identity/resolve_identity.sql"),
        },
        TableMacro {
            name: "identity_link",
            required: &["records", "key_name"],
            optional: &[
                "previous",
                "signals_index",
                "model",
                "threshold",
                "max_block_size",
                "deduplicated_sources",
                "strong_weight",
                "max_cluster_size",
                "decisions",
                "resolved_at",
            ],
            fragments: &[SIGNALS, PREVIOUS, LINK, BLOCKING, DECISIONS, SCORING, CLUSTERING, KEYS],
            body: include_str!("../../sql/identity/resolve_identity.sql"),
        },
        TableMacro {
            name: "identity_key_changes",
            required: &["current", "previous"],
            optional: &[],
            fragments: &[FLOWS],
            body: include_str!("../../sql/identity/identity_key_changes.sql"),
        },
        TableMacro {
            name: "identity_crosswalk",
            required: &["current", "previous"],
            optional: &[],
            fragments: &[FLOWS],
            body: include_str!("../../sql/identity/identity_crosswalk.sql"),
        },
    ];
    for m in macros {
        table_macro(extension, m.name, m.required, m.optional, &doc(m.name), assemble(m.fragments, m.body))?;
    }
    let block_keys = include_str!("../../sql/identity/identity_block_keys.sql");
    let expression = block_keys.lines().filter(|line| !line.starts_with("--")).collect::<Vec<_>>().join("\n");
    scalar_macro(extension, "identity_block_keys", &["record"], &doc("identity_block_keys"), expression)?;
    Ok(())
}

/// One query from CTE fragments (each ending in a comma) and a final SELECT, with the
/// comparison-level placeholders filled in: `{lvl:attribute}` (the pair's level),
/// `{top:attribute}` (the attribute's exact level), `{missing:a,b}` (a mask setting a and b to
/// missing).
fn assemble(fragments: &[&str], body: &str) -> String {
    let mut sql = String::from("WITH ");
    for fragment in fragments {
        sql.push_str(fragment.trim_end());
        sql.push('\n');
    }
    // The last fragment's trailing comma must go before the final SELECT.
    let without_comma = sql.trim_end().strip_suffix(',').map(str::to_owned);
    let mut sql = without_comma.unwrap_or(sql);
    sql.push('\n');
    sql.push_str(body);
    for (index, attribute) in ATTRIBUTES.iter().enumerate() {
        let level = format!("((p.pattern >> {}) & 15)", 4 * index);
        sql = sql.replace(&format!("{{lvl:{}}}", attribute.name()), &level);
        sql = sql.replace(&format!("{{top:{}}}", attribute.name()), &attribute.top_level().to_string());
    }
    while let Some(start) = sql.find("{missing:") {
        let Some(length) = sql.get(start..).and_then(|rest| rest.find('}')) else { break };
        let names = sql.get(start + "{missing:".len()..start + length).unwrap_or_default();
        let mask = ATTRIBUTES
            .iter()
            .filter(|a| names.split(',').any(|n| n.trim() == a.name()))
            .fold(Pattern(0), |p, a| p.with(*a, MISSING));
        sql.replace_range(start..=start + length, &format!("{}::UBIGINT", mask.0));
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assembled_macros_fill_every_placeholder_and_drop_the_last_comma() {
        let sql = assemble(&["a AS (SELECT 1),", "b AS (SELECT {lvl:ssn} = {top:ssn} FROM p),"], "SELECT * FROM b");
        assert_eq!(sql, "WITH a AS (SELECT 1),\nb AS (SELECT ((p.pattern >> 28) & 15) = 2 FROM p)\nSELECT * FROM b");
        assert_eq!(
            assemble(&[], "SELECT {missing:first_name,ssn}"),
            format!("WITH \nSELECT {}::UBIGINT", 0xf000_000f_u64)
        );
    }
}
