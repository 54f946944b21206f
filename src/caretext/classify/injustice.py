"""Injustice by rule: the harms a statement finds, named in a closed vocabulary.

Statements name the injustice in stock words ("distress", "uncertainty",
"time and trouble", "lost provision"), in the summary, the assessment, the
agreed action that remedies it and the final decision. Sentences that deny it
("this did not cause Mrs X an injustice") are skipped, and a statement that
finds no fault, or fault without injustice, has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from caretext.data import load_rules
from caretext.reading import Sentence

_ROLES = frozenset({"summary", "assessment", "agreed", "final"})
_DENIED = re.compile(
    r"\b(?:not|no|nor|never|did not|does not|has not)\b(?: [a-z’']+){0,5} (?:caused?|causing|suffered|any|significant|an)?\s*"
    r"(?:significant |real |personal |any )?injustice\b|\bno (?:significant |real )?injustice\b"
    r"|\bnot (?:persuaded|satisfied|convinced) (?:that )?(?:[a-z’']+ ){0,6}(?:caused|suffered)\b"
    r"|\bwould have (?:happened|been the same) anyway\b"
    r"|\b(?:did|does|has|have|was|were|is) not (?:[a-z’']+ ){0,3}(?:cause|caused|suffer|suffered|lead to|led to|result in)\b"
    r"|\bno (?:evidence (?:of|that) )?(?:financial loss|distress|loss)\b",
    re.I,
)
#: outcome details that carry no injustice
NO_INJUSTICE = frozenset({"fault_no_injustice", "no_fault"})


@dataclass(frozen=True)
class InjusticeHit:
    label: str
    start: int
    end: int
    rule: str


@cache
def _rules() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    return tuple(
        (row["id"], row["label"], re.compile(row["pattern"], re.I)) for row in load_rules("injustice_rules.jsonl")
    )


def find_injustice(sentences: list[Sentence]) -> list[InjusticeHit]:
    """The first sentence naming each injustice id, in the statement's result sections."""
    found: dict[str, InjusticeHit] = {}
    for sentence in sentences:
        if sentence.role not in _ROLES or _DENIED.search(sentence.text):
            continue
        for rule_id, label, pattern in _rules():
            if label not in found and pattern.search(sentence.text):
                found[label] = InjusticeHit(label, sentence.start, sentence.end, rule_id)
    return sorted(found.values(), key=lambda h: h.start)
