"""Article themes: what a press article is about, from the taxonomy's fault themes.

Rules in ``data/press_theme_rules.jsonl``, not a model: a few dozen annotated
articles cannot teach a classifier, and a theme in news copy is carried by a
small set of words ("agency staff", "funding gap", "care leavers"). A theme
holds when its words appear in at least ``min`` sentences, or in the headline
or first two paragraphs (where an article says what it is about). Every
matching sentence is kept as evidence with exact offsets.
"""

from __future__ import annotations

import re
from functools import cache

from caretext.data import load_rules
from caretext.document import Document
from caretext.findings import Evidence, Theme
from caretext.reading import Section, Sentence, sentences

#: characters of headline + standfirst + first paragraph that say what a story is about
LEAD_PARAGRAPHS = 3
MAX_EVIDENCE = 3


@cache
def _rules() -> tuple[tuple[str, int, re.Pattern[str], str], ...]:
    return tuple(
        (row["label"], int(row["min"]), re.compile(row["pattern"], re.I), row["id"])
        for row in load_rules("press_theme_rules.jsonl")
    )


def _lead_end(doc: Document) -> int:
    paragraphs = doc.paragraphs[:LEAD_PARAGRAPHS]
    return paragraphs[-1][1] if paragraphs else min(len(doc.text), 600)


def article_themes(doc: Document) -> list[Theme]:
    """Themes of an article or report, strongest first, each with its evidence sentences."""
    text = doc.text
    sents: list[Sentence] = sentences(text, [Section("body", "", 0, len(text))])
    lead_end = _lead_end(doc)
    themes = []
    for label, minimum, pattern, rule_id in _rules():
        hits = [s for s in sents if pattern.search(s.text)]
        in_lead = any(s.start < lead_end for s in hits)
        if len(hits) < minimum and not (hits and in_lead):
            continue
        score = 1.0 - 0.5 ** (len(hits) + (1 if in_lead else 0))
        evidence = [
            Evidence.at(doc, s.start, s.end)
            for s in hits[:MAX_EVIDENCE]
        ]
        themes.append(Theme(label=label, score=round(score, 4), evidence=evidence, method="rule", rule=rule_id))
    return sorted(themes, key=lambda t: -t.score)
