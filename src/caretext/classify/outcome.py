"""Decision outcome and its detail: a trained model, with decisive wording taking over openly.

The model (TF-IDF + logistic regression over the statement's key text and
body) gives a probability per outcome. A few phrasings settle the outcome by
themselves whatever the rest of the text says — they are rules in
``data/outcome_rules.jsonl``; when one fires in the summary or final decision
the result says ``method="rule"`` and names the rule, otherwise ``"model"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from caretext.classify.sections import Sentence
from caretext.data import load_jsonl


@dataclass(frozen=True)
class OutcomeGuess:
    label: str
    detail: str | None
    score: float
    method: str
    rule: str | None
    evidence: Sentence | None


@cache
def _rules() -> tuple[dict[str, Any], ...]:
    rows = []
    for row in load_jsonl("outcome_rules.jsonl"):
        rows.append({**row, "re": re.compile(row["pattern"], re.I), "unless_re": re.compile(row["unless"], re.I) if row.get("unless") else None})
    return tuple(rows)


def rule_outcome(sentences: list[Sentence]) -> tuple[dict[str, Any], Sentence] | None:
    """The first decisive rule that fires in a sentence of its sections, with that sentence."""
    for rule in _rules():
        scope = [s for s in sentences if s.role in rule["roles"]]
        hit = next((s for s in scope if rule["re"].search(s.text)), None)
        if hit is None:
            continue
        if rule["unless_re"] is not None and any(rule["unless_re"].search(s.text) for s in scope):
            continue
        return rule, hit
    return None


def pick_detail(label: str, detail_proba: dict[str, float], allowed: dict[str, list[str]]) -> str | None:
    """The most probable detail among those the taxonomy allows for ``label``."""
    options = {d: p for d, p in detail_proba.items() if d in allowed.get(label, [])}
    if not options:
        return None
    return max(options, key=lambda d: options[d])
