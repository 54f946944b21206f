"""Sums of money in pounds, as the ``caretext_money`` spaCy component.

"£1,250.50", "£15bn" (15000000000), "£2.5 million", "£300 a month",
"£25 per week": each span gets ``span._.money`` = ``{"value_gbp", "per"}``,
with the rate ("month") kept apart from the amount, so the remedy stage can
total "£200 a month for six months" itself.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from caretext.nlp.matching import span_at, text_of

SPAN_KEY = "money"

if not Span.has_extension("money"):
    Span.set_extension("money", default=None)

MONEY = re.compile(
    r"£\s?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?"
    r"(?:\s?(?P<mult>bn|billion|mn|m|million|k|thousand)\b)?"
    r"(?P<rate>\s+(?:a|an|per|each|every)\s+(?P<per>day|week|fortnight|month|calendar month|year|annum|night|hour|term))?"
)
_MULTIPLIER = {
    "bn": 1e9,
    "billion": 1e9,
    "mn": 1e6,
    "m": 1e6,
    "million": 1e6,
    "k": 1e3,
    "thousand": 1e3,
}


def parse_money(m: re.Match[str]) -> tuple[float, str | None]:
    value = float(m.group("num").replace(",", "") + (m.group("dec") or ""))
    if m.group("mult"):
        value *= _MULTIPLIER[m.group("mult").lower()]
    per = m.group("per")
    if per in ("annum", "calendar month"):
        per = "year" if per == "annum" else "month"
    return round(value, 2), per


class MoneyRecognizer:
    """Puts sums in ``doc.spans["money"]``."""

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for m in MONEY.finditer(text_of(doc)):
            span = span_at(doc, m.start(), m.end(), "MONEY")
            if span is not None:
                value, per = parse_money(m)
                span._.money = {"value_gbp": value, "per": per}
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc


@Language.factory("caretext_money")
def make_money_recognizer(nlp: Language, name: str) -> MoneyRecognizer:
    return MoneyRecognizer()
