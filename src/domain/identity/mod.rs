//! Identity resolution primitives: comparing records ([`compare`]), nickname equivalence
//! ([`nicknames`]), Soundex ([`phonetic`]), the Fellegi-Sunter model ([`model`]) and clustering
//! with safeguards ([`cluster`]). The relational work around them (blocking, pair generation,
//! term frequencies, keys) is SQL in `sql/identity_*.sql`.

pub mod cluster;
pub mod compare;
pub mod model;
pub mod nicknames;
pub mod phonetic;
