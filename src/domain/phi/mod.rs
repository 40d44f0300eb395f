//! The PHI scanner's logic: per-value content detectors, column-name hints, the census name
//! dictionaries, and the rules that turn per-column counts into a verdict.

pub mod detect;
pub mod hints;
pub mod names;
pub mod verdict;

#[cfg(test)]
mod tests;
