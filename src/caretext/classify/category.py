"""Category and topical-theme rules: the archive-wide categories that a few hundred statements cannot teach a model.

Children's care services and Education are learnt (the corpus covers them in
depth); a planning, parking, council-tax or bin complaint announces itself in
its first lines with words no children's statement uses. Rules in
``data/category_rules.jsonl`` read the summary and complaint sections only,
where the subject of the complaint is stated, and step aside when children's
services words appear there (a homeless 17-year-old may be a care leaver).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from caretext.classify.features import DecisionView
from caretext.data import load_rules
from caretext.reading import Sentence

_TOPIC_ROLES = frozenset({"summary", "complaint"})


@cache
def _rules() -> tuple[dict[str, Any], ...]:
    return tuple(
        {**row, "re": re.compile(row["pattern"], re.I), "unless_re": re.compile(row["unless"], re.I)}
        for row in load_rules("category_rules.jsonl")
    )


def topic_text(view: DecisionView) -> str:
    """Summary and complaint sections; the opening paragraphs when the statement has no such headings."""
    text = "\n".join(view.text[s.start : s.end] for s in view.sections if s.role in _TOPIC_ROLES)
    return text if len(text) >= 150 else view.text[:2000]


def rule_category(view: DecisionView) -> dict[str, Any] | None:
    """The first category rule whose words the statement's topic sections carry, or None."""
    text = topic_text(view)
    for rule in _rules():
        if len(rule["re"].findall(text)) >= int(rule["min"]) and not rule["unless_re"].search(text):
            return rule
    return None


@cache
def _subcategory_cues() -> tuple[tuple[str, str, str, float, bool, re.Pattern[str]], ...]:
    return tuple(
        (row["id"], row["category"], row["subcategory"], float(row["weight"]), bool(row.get("across", True)),
         re.compile(row["pattern"], re.I))
        for row in load_rules("subcategory_cues.jsonl")
    )


#: how much a cue counts by where it stands: the summary's opening sentences state what the complaint is about
_LEAD_WEIGHT, _SUMMARY_WEIGHT, _COMPLAINT_WEIGHT = 2.0, 1.0, 0.5


@dataclass(frozen=True)
class SubcategoryCues:
    """The subcategories of one category that a statement's topic sentences name, scored."""

    scores: dict[str, float]
    rules: dict[str, list[str]]

    def best(self, margin: float = 1.0, minimum: float = 2.0) -> str | None:
        """The clear winner: at least ``minimum`` and ``margin`` ahead of the next, else None."""
        ranked = sorted(self.scores.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < minimum:
            return None
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < margin:
            return None
        return ranked[0][0]


def subcategory_cues(view: DecisionView, category: str, across: bool = False) -> SubcategoryCues:
    """Score ``category``'s subcategories by the cues (``data/subcategory_cues.jsonl``) in the summary
    — its first two sentences count double — and, more weakly, the complaint section. ``across``:
    only the cues that also tell the category (for choosing between sibling categories)."""
    summary = [s for s in view.sentences if s.role == "summary"]
    if not summary:  # no headings we know: the opening sentences state the complaint
        summary = [s for s in view.sentences if s.role == "other"][:4]
    weighted = [(s, _LEAD_WEIGHT if i < 2 else _SUMMARY_WEIGHT) for i, s in enumerate(summary)]
    weighted += [(s, _COMPLAINT_WEIGHT) for s in view.sentences if s.role == "complaint"][:6]
    scores: dict[str, float] = {}
    rules: dict[str, list[str]] = {}
    for rule_id, cat, sub, weight, tells_category, pattern in _subcategory_cues():
        if cat != category or (across and not tells_category):
            continue
        for sentence, where in weighted:
            if pattern.search(sentence.text):
                scores[sub] = scores.get(sub, 0.0) + weight * where
                rules.setdefault(sub, [])
                if rule_id not in rules[sub]:
                    rules[sub].append(rule_id)
    return SubcategoryCues(scores, rules)


@cache
def _theme_rules() -> tuple[tuple[str, int, re.Pattern[str], str], ...]:
    return tuple(
        (row["label"], int(row["min"]), re.compile(row["pattern"], re.I), row["id"])
        for row in load_rules("theme_rules.jsonl")
    )


def theme_rule_id(label: str) -> str | None:
    """The id of the topical rule for a theme (what findings report as ``themes[].rule``)."""
    return next((rule_id for lab, _m, _p, rule_id in _theme_rules() if lab == label), None)


def rule_themes(view: DecisionView) -> dict[str, list[Sentence]]:
    """Topical themes named in the summary/complaint sections, each with the sentences that name it."""
    topic = [s for s in view.sentences if s.role in _TOPIC_ROLES] or view.sentences[:12]
    out: dict[str, list[Sentence]] = {}
    for label, minimum, pattern, _id in _theme_rules():
        hits = [s for s in topic if pattern.search(s.text)]
        if sum(len(pattern.findall(s.text)) for s in hits) >= minimum:
            out[label] = hits
    return out
