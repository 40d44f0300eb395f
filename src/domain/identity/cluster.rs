//! Clustering accepted pairs into people without snowballing.
//!
//! Plain connected components merge two whole people through one false edge, and chains of
//! plausible edges grow giant clusters as data grows. Here edges are taken strongest first
//! (manual decisions, approved rules, then by match weight) and two groups are merged only when
//! the merge keeps every safeguard:
//! - no two records a reviewer declared different people (this one binds manual edges too);
//! - no two different SSNs (a one-digit difference counts as a typo, not a conflict);
//! - no two unrelated birth dates (equal, day/month swapped or one digit apart are related);
//! - at most one record per deduplicated source system;
//! - two groups that both already hold several records are joined only by a strong edge or by
//!   a second edge between them (a single weak link is not enough);
//! - no group above the size limit.
//!
//! A reviewer's "same person" edge passes every safeguard but the first. Every refused merge is reported with its reason.

// Indices into `records`, `groups`, `best` and `refused` all come from `node`, which pushes to
// them together, so every index is below their common length.
#![allow(clippy::indexing_slicing)]

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::compare::within_edits;

/// One accepted pair, with what the safeguards need to know about both records.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge<'a> {
    pub a: u64,
    pub b: u64,
    pub weight: f64,
    /// Approved rules outrank scores: such edges are merged first.
    pub by_rule: bool,
    /// A reviewer's decision: merged before anything else, past every safeguard except
    /// [`Safeguards::kept_apart`].
    pub manual: bool,
    pub ssn_a: Option<&'a str>,
    pub ssn_b: Option<&'a str>,
    pub birth_a: Option<&'a str>,
    pub birth_b: Option<&'a str>,
    pub source_a: &'a str,
    pub source_b: &'a str,
}

/// Clustering limits.
#[derive(Debug, Clone, PartialEq)]
pub struct Safeguards {
    /// Source systems that hold at most one record per person.
    pub deduplicated_sources: Vec<String>,
    /// Edges at least this strong may join two multi-record groups on their own.
    pub strong_weight: f64,
    /// No group grows beyond this many records.
    pub max_cluster_size: usize,
    /// Pairs of records a reviewer declared different people: never in one group.
    pub kept_apart: Vec<(u64, u64)>,
}

impl Default for Safeguards {
    fn default() -> Self {
        Safeguards {
            deduplicated_sources: Vec::new(),
            strong_weight: 20.0,
            max_cluster_size: 50,
            kept_apart: Vec::new(),
        }
    }
}

/// One side's view of an edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    pub partner: u64,
    pub weight: f64,
    pub by_rule: bool,
}

/// Where a record ended up.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    pub record: u64,
    /// The smallest record index of its cluster.
    pub cluster: u64,
    /// The strongest merged edge that touches the record, if any: the evidence that placed it.
    pub best: Option<Link>,
    /// Merges involving this record's edges that a safeguard refused, and the first reason.
    pub refused: u32,
    pub refused_reason: Option<&'static str>,
}

/// A small set of distinct values that holds its first value inline (most groups have one SSN
/// and one birth date, and allocating for each record dominated the clustering time).
#[derive(Debug, Default, Clone)]
struct Few<'a> {
    first: Option<&'a str>,
    rest: Vec<&'a str>,
}

impl<'a> Few<'a> {
    fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.first.into_iter().chain(self.rest.iter().copied())
    }

    fn is_empty(&self) -> bool {
        self.first.is_none()
    }

    fn insert(&mut self, value: &'a str) {
        if self.first.is_none() {
            self.first = Some(value);
        } else if !self.iter().any(|v| v == value) {
            self.rest.push(value);
        }
    }

    fn overlaps(&self, other: &Few<'_>, related: impl Fn(&str, &str) -> bool) -> bool {
        self.iter().any(|a| other.iter().any(|b| related(a, b)))
    }
}

/// A group of records merged so far: its size and the distinct identifiers it holds (borrowed
/// from the edges).
#[derive(Debug, Default, Clone)]
struct Group<'a> {
    size: usize,
    ssns: Few<'a>,
    births: Few<'a>,
    /// Deduplicated sources present.
    sources: Few<'a>,
    /// Members (node indexes) with a kept-apart partner.
    constrained: Vec<usize>,
}

impl<'a> Group<'a> {
    fn absorb(&mut self, other: Group<'a>) {
        self.size += other.size;
        self.constrained.extend(other.constrained);
        for (mine, theirs) in
            [(&mut self.ssns, other.ssns), (&mut self.births, other.births), (&mut self.sources, other.sources)]
        {
            theirs.iter().for_each(|value| mine.insert(value));
        }
    }
}

/// A multiplicative hasher for integer keys (record indexes): SipHash's protection against
/// chosen keys is not needed for ids DuckDB assigned, and it dominated the clustering time.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.write_u64(u64::from(*byte));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// Sort key of an edge: manual decisions, approved rules, then by weight descending, then by
/// record ids.
type MergeOrder = (bool, bool, std::cmp::Reverse<i64>, u64, u64);

/// A total order key for weights (NaN never arises, but must not break the sort).
fn ordered(weight: f64) -> i64 {
    let bits = weight.to_bits() as i64;
    bits ^ ((((bits >> 63) as u64) >> 1) as i64)
}

fn related_births(a: &str, b: &str) -> bool {
    if a == b || within_edits(a, b, 1) {
        return true;
    }
    let swap = |d: &str| Some(format!("{}-{}-{}", d.get(..4)?, d.get(8..10)?, d.get(5..7)?));
    swap(a).as_deref() == Some(b)
}

fn conflict(x: &Group<'_>, y: &Group<'_>, guards: &Safeguards) -> Option<&'static str> {
    let typo = |a: &str, b: &str| within_edits(a, b, 1);
    if !x.ssns.is_empty() && !y.ssns.is_empty() && !x.ssns.overlaps(&y.ssns, typo) {
        return Some("conflicting SSNs");
    }
    if !x.births.is_empty() && !y.births.is_empty() && !x.births.overlaps(&y.births, related_births) {
        return Some("conflicting birth dates");
    }
    if x.sources.overlaps(&y.sources, |a, b| a == b) {
        return Some("two records of a deduplicated source");
    }
    if x.size + y.size > guards.max_cluster_size {
        return Some("cluster size limit");
    }
    None
}

struct Forest<'a> {
    parent: Vec<usize>,
    groups: Vec<Group<'a>>,
}

impl Forest<'_> {
    fn find(&mut self, mut i: usize) -> usize {
        while let Some(&p) = self.parent.get(i) {
            if p == i {
                break;
            }
            let grand = self.parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(i) {
                *slot = grand;
            }
            i = grand;
        }
        i
    }
}

/// Cluster the records that appear in `edges`. Records without edges are singletons and are not
/// returned.
pub fn cluster<'a>(edges: &[Edge<'a>], guards: &Safeguards) -> Vec<Placement> {
    // Sized for the usual case (about as many records as edges): the upper bound, twice that,
    // would touch every page of a table twice as large.
    let mut index: IdMap<u64, usize> = IdMap::with_capacity_and_hasher(edges.len(), Default::default());
    let mut records: Vec<u64> = Vec::with_capacity(2 * edges.len());
    let mut groups: Vec<Group<'a>> = Vec::with_capacity(2 * edges.len());
    let mut node = |record: u64, ssn: Option<&'a str>, birth: Option<&'a str>, source: &'a str| -> usize {
        let i = *index.entry(record).or_insert_with(|| {
            records.push(record);
            groups.push(Group { size: 1, ..Group::default() });
            records.len() - 1
        });
        if let Some(g) = groups.get_mut(i) {
            if let Some(s) = ssn {
                g.ssns.insert(s);
            }
            if let Some(b) = birth {
                g.births.insert(b);
            }
            if guards.deduplicated_sources.iter().any(|d| d == source) {
                g.sources.insert(source);
            }
        }
        i
    };
    // Strongest first (approved rules, then weight); ties by record ids so the result never
    // depends on input order.
    let mut order: Vec<(MergeOrder, usize, usize, usize)> = Vec::with_capacity(edges.len());
    for (e, edge) in edges.iter().enumerate() {
        let a = node(edge.a, edge.ssn_a, edge.birth_a, edge.source_a);
        let b = node(edge.b, edge.ssn_b, edge.birth_b, edge.source_b);
        let key = (
            !edge.manual,
            !edge.by_rule,
            std::cmp::Reverse(ordered(edge.weight)),
            edge.a.min(edge.b),
            edge.a.max(edge.b),
        );
        order.push((key, e, a, b));
    }
    order.sort_unstable_by_key(|(key, ..)| *key);

    // Kept-apart partners by node; pairs with a record that has no edge can never meet.
    let mut apart: IdMap<usize, Vec<usize>> = IdMap::default();
    for (x, y) in &guards.kept_apart {
        if let (Some(&i), Some(&j)) = (index.get(x), index.get(y)) {
            apart.entry(i).or_default().push(j);
            apart.entry(j).or_default().push(i);
        }
    }
    for (&i, _) in apart.iter() {
        groups[i].constrained.push(i);
    }

    let n = records.len();
    let mut forest = Forest { parent: (0..n).collect(), groups };
    let mut best: Vec<Option<Link>> = vec![None; n];
    let mut refused: Vec<(u32, Option<&'static str>)> = vec![(0, None); n];
    let mut pending: IdMap<(usize, usize), u32> = IdMap::default();

    for (_, e, a, b) in order {
        let Some(edge) = edges.get(e) else { continue };
        let (ra, rb) = (forest.find(a), forest.find(b));
        let accepted = if ra == rb {
            true
        } else {
            let kept_apart = forest.groups[ra]
                .constrained
                .clone()
                .into_iter()
                .any(|m| apart.get(&m).is_some_and(|partners| partners.iter().any(|p| forest.find(*p) == rb)));
            let (ga, gb) = (&forest.groups[ra], &forest.groups[rb]);
            let mut reason = if kept_apart {
                Some("a reviewer decided these are different people")
            } else if edge.manual {
                None
            } else {
                conflict(ga, gb, guards)
            };
            if reason.is_none()
                && !edge.manual
                && !edge.by_rule
                && edge.weight < guards.strong_weight
                && ga.size > 1
                && gb.size > 1
            {
                let key = (ra.min(rb), ra.max(rb));
                let seen = pending.entry(key).or_insert(0);
                *seen += 1;
                if *seen < 2 {
                    reason = Some("a single weak link between two groups");
                }
            }
            match reason {
                Some(why) => {
                    for r in [a, b] {
                        let slot = &mut refused[r];
                        slot.0 += 1;
                        slot.1.get_or_insert(why);
                    }
                    false
                }
                None => {
                    let absorbed = std::mem::take(&mut forest.groups[rb]);
                    forest.groups[ra].absorb(absorbed);
                    forest.parent[rb] = ra;
                    true
                }
            }
        };
        if accepted {
            for (r, partner) in [(a, edge.b), (b, edge.a)] {
                if best[r].is_none_or(|link| (edge.by_rule, edge.weight) > (link.by_rule, link.weight)) {
                    best[r] = Some(Link { partner, weight: edge.weight, by_rule: edge.by_rule });
                }
            }
        }
    }

    let mut cluster_min: Vec<u64> = vec![u64::MAX; n];
    for (i, record) in records.iter().enumerate() {
        let root = forest.find(i);
        cluster_min[root] = cluster_min[root].min(*record);
    }
    (0..n)
        .map(|i| {
            let root = forest.find(i);
            Placement {
                record: records[i],
                cluster: cluster_min[root],
                best: best[i],
                refused: refused[i].0,
                refused_reason: refused[i].1,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge<'a>(a: u64, b: u64, weight: f64) -> Edge<'a> {
        Edge {
            a,
            b,
            weight,
            by_rule: false,
            manual: false,
            ssn_a: None,
            ssn_b: None,
            birth_a: None,
            birth_b: None,
            source_a: "s",
            source_b: "s",
        }
    }

    #[test]
    fn reviewers_decisions_bind() {
        // 1-2 is a strong match a reviewer rejected; 3-4 a weak one a reviewer confirmed
        // across an SSN conflict.
        let mut confirmed = edge(3, 4, -5.0);
        confirmed.manual = true;
        confirmed.ssn_a = Some("123456789");
        confirmed.ssn_b = Some("987654321");
        let guards = Safeguards { kept_apart: vec![(2, 1)], ..Safeguards::default() };
        let placed = cluster(&[edge(1, 2, 40.0), edge(2, 5, 30.0), edge(1, 5, 30.0), confirmed], &guards);
        // 1-5 comes before 2-5 (equal weights, lower ids first), so 5 joins 1 and 2 stays apart.
        assert_eq!(clusters(&placed), vec![(1, 1), (2, 2), (3, 3), (4, 3), (5, 1)]);
        let one = placed.iter().find(|p| p.record == 1).unwrap();
        assert_eq!(one.refused_reason, Some("a reviewer decided these are different people"));
    }

    fn clusters(placements: &[Placement]) -> Vec<(u64, u64)> {
        let mut out: Vec<(u64, u64)> = placements.iter().map(|p| (p.record, p.cluster)).collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn chains_join_when_supported() {
        let edges = [edge(1, 2, 30.0), edge(2, 3, 25.0), edge(3, 4, 22.0)];
        assert_eq!(clusters(&cluster(&edges, &Safeguards::default())), vec![(1, 1), (2, 1), (3, 1), (4, 1)]);
    }

    #[test]
    fn one_weak_link_does_not_join_two_people() {
        // {1,2} and {3,4} are solid; a single weak edge 2-3 must not merge them.
        let edges = [edge(1, 2, 30.0), edge(3, 4, 30.0), edge(2, 3, 8.0)];
        let placed = cluster(&edges, &Safeguards::default());
        assert_eq!(clusters(&placed), vec![(1, 1), (2, 1), (3, 3), (4, 3)]);
        let refused: Vec<_> = placed.iter().filter(|p| p.refused > 0).map(|p| (p.record, p.refused_reason)).collect();
        assert_eq!(
            refused,
            vec![
                (2, Some("a single weak link between two groups")),
                (3, Some("a single weak link between two groups"))
            ]
        );
        // A second weak edge between the same groups is enough.
        let edges = [edge(1, 2, 30.0), edge(3, 4, 30.0), edge(2, 3, 8.0), edge(1, 4, 7.0)];
        assert_eq!(clusters(&cluster(&edges, &Safeguards::default())).iter().filter(|(_, c)| *c == 1).count(), 4);
    }

    #[test]
    fn conflicting_identifiers_split() {
        let mut e1 = edge(1, 2, 12.0);
        e1.ssn_a = Some("123456788");
        let mut e2 = edge(2, 3, 11.0);
        e2.ssn_b = Some("223456789");
        let placed = cluster(&[e1, e2], &Safeguards::default());
        assert_eq!(clusters(&placed), vec![(1, 1), (2, 1), (3, 3)]);
        assert_eq!(placed.iter().find(|p| p.record == 3).and_then(|p| p.refused_reason), Some("conflicting SSNs"));

        let mut typo = edge(1, 2, 12.0);
        typo.ssn_a = Some("123456788");
        typo.ssn_b = Some("123456789");
        assert_eq!(clusters(&cluster(&[typo], &Safeguards::default())), vec![(1, 1), (2, 1)]);

        let mut births = edge(5, 6, 15.0);
        births.birth_a = Some("1985-02-03");
        births.birth_b = Some("1985-03-02");
        let mut other = edge(6, 7, 14.0);
        other.birth_b = Some("1990-07-07");
        assert_eq!(clusters(&cluster(&[births, other], &Safeguards::default())), vec![(5, 5), (6, 5), (7, 7)]);
    }

    #[test]
    fn deduplicated_sources_hold_one_record_per_person() {
        let mut e = edge(1, 2, 40.0);
        (e.source_a, e.source_b) = ("ehr", "ehr");
        let guards = Safeguards { deduplicated_sources: vec!["ehr".into()], ..Safeguards::default() };
        assert_eq!(clusters(&cluster(&[e.clone()], &guards)), vec![(1, 1), (2, 2)]);
        assert_eq!(clusters(&cluster(&[e], &Safeguards::default())), vec![(1, 1), (2, 1)]);
    }

    #[test]
    fn order_of_input_does_not_matter() {
        let edges = vec![edge(1, 2, 30.0), edge(3, 4, 30.0), edge(2, 3, 8.0), edge(4, 5, 9.0), edge(5, 6, 30.0)];
        let mut reversed = edges.clone();
        reversed.reverse();
        assert_eq!(
            clusters(&cluster(&edges, &Safeguards::default())),
            clusters(&cluster(&reversed, &Safeguards::default()))
        );
    }
}
