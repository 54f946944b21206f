"""Where findings point: evidence and remedy spans checked against the annotators' own text.

The classifier scores (``score_decisions``) compare labels; this checks positions. Each statement goes
through ``caretext.analyze`` — the path users take, findings offsets included — and every span is
compared with the gold quote's position, found from the quote's words in the statement (never from the
code's own spans):

* ``evidence_exact``: of the first evidence sentence of each theme that overlaps a gold evidence
  sentence, the share whose start and end are exactly the gold sentence's;
* ``remedy_contains_gold``: of the remedies that overlap a gold remedy quote of the same type, the share
  whose span contains the whole quote.

A span shifted by one character fails both, which a check that slices the same text the code sliced
cannot see.
"""

from __future__ import annotations

from typing import Any

from caretext.evaluate.decision_gold import GoldDecision


def placement(golds: list[GoldDecision]) -> dict[str, Any]:
    import caretext

    ev_n = ev_exact = rm_n = rm_in = 0
    for g in golds:
        findings = caretext.analyze(g.path)
        gold_evidence = {(e.start, e.end) for e in g.evidence}
        for theme in findings.themes:
            for e in theme.evidence[:1]:
                if any(e.start < ge and gs < e.end for gs, ge in gold_evidence):
                    ev_n += 1
                    ev_exact += (e.start, e.end) in gold_evidence
        for r in findings.remedies:
            overlapping = [q for q in g.remedies if q.label == r.type and q.start < r.end and r.start < q.end]
            if overlapping:
                rm_n += 1
                rm_in += any(r.start <= q.start and q.end <= r.end for q in overlapping)
    return {
        "evidence_exact": round(ev_exact / ev_n, 4) if ev_n else 0.0,
        "evidence_n": ev_n,
        "remedy_contains_gold": round(rm_in / rm_n, 4) if rm_n else 0.0,
        "remedy_n": rm_n,
    }
