"""Precision, recall and F1 of an identity resolution against the generator's truth.

Shared by our benchmark and the Splink baseline so both are scored by the same code:
- cluster: every pair of records put in one cluster is a predicted match;
- pairwise: every pair the matcher accepted (before clustering) is a predicted match.
A predicted match is right when both records carry the same `person_id`; recall is over all
pairs of records of one person.
"""

from __future__ import annotations

import duckdb


def _scores(tp: float, predicted: float, actual: float) -> dict:
    precision = tp / predicted if predicted else 1.0
    recall = tp / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def cluster_scores(con: duckdb.DuckDBPyConnection, truth: str, clusters: str) -> dict:
    """`truth(person_id, source_system, source_record_id)`, `clusters(source_system, source_record_id, cluster)`."""
    tp, predicted, actual = con.execute(f"""
        WITH j AS (SELECT t.person_id, hash(c.cluster) AS cluster  -- any id type; not ::VARCHAR, slow for UHUGEINT
                   FROM {truth} t JOIN {clusters} c USING (source_system, source_record_id))
        SELECT (SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) AS n FROM j GROUP BY cluster, person_id)),
               (SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) AS n FROM j GROUP BY cluster)),
               (SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) AS n FROM {truth} GROUP BY person_id))
    """).fetchone()
    return _scores(float(tp or 0), float(predicted or 0), float(actual or 0))


def pairwise_scores(con: duckdb.DuckDBPyConnection, truth: str, pairs: str) -> dict:
    """`pairs(source_system_a, source_record_id_a, source_system_b, source_record_id_b)`, each pair once."""
    tp, predicted, actual = con.execute(f"""
        SELECT (SELECT count(*) FROM {pairs} p
                JOIN {truth} a ON a.source_system = p.source_system_a AND a.source_record_id = p.source_record_id_a
                JOIN {truth} b ON b.source_system = p.source_system_b AND b.source_record_id = p.source_record_id_b
                WHERE a.person_id = b.person_id),
               (SELECT count(*) FROM {pairs}),
               (SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) AS n FROM {truth} GROUP BY person_id))
    """).fetchone()
    return _scores(float(tp or 0), float(predicted or 0), float(actual or 0))
