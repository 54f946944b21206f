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
from functools import cache
from typing import Any

from caretext.classify.features import DecisionView
from caretext.classify.sections import Sentence
from caretext.data import load_jsonl

_TOPIC_ROLES = frozenset({"summary", "complaint"})


@cache
def _rules() -> tuple[dict[str, Any], ...]:
    return tuple(
        {**row, "re": re.compile(row["pattern"], re.I), "unless_re": re.compile(row["unless"], re.I)}
        for row in load_jsonl("category_rules.jsonl")
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
def _theme_rules() -> tuple[tuple[str, int, re.Pattern[str]], ...]:
    return tuple(
        (row["label"], int(row["min"]), re.compile(row["pattern"], re.I)) for row in load_jsonl("theme_rules.jsonl")
    )


def rule_themes(view: DecisionView) -> dict[str, list[Sentence]]:
    """Topical themes named in the summary/complaint sections, each with the sentences that name it."""
    topic = [s for s in view.sentences if s.role in _TOPIC_ROLES] or view.sentences[:12]
    out: dict[str, list[Sentence]] = {}
    for label, minimum, pattern in _theme_rules():
        hits = [s for s in topic if pattern.search(s.text)]
        if sum(len(pattern.findall(s.text)) for s in hits) >= minimum:
            out[label] = hits
    return out
