"""Sums of money in pounds, as the ``caretext_money`` spaCy component.

"£1,250.50", "£15bn" (15000000000), "£2.5 million", "£300 a month",
"£25 per week": each span gets ``span._.money`` = ``{"value_gbp", "per"}``,
with the rate ("month") kept apart from the amount, so the remedy stage can
total "£200 a month for six months" itself.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from caretext.nlp.matching import span_at, text_of
from caretext.patterns import MONEY, parse_money

__all__ = ["MONEY", "MoneyRecognizer", "make_money_recognizer", "parse_money"]

SPAN_KEY = "money"

if not Span.has_extension("money"):
    Span.set_extension("money", default=None)

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


@Language.factory("caretext_money", assigns=["doc.spans", "span._.money"])
def make_money_recognizer(nlp: Language, name: str) -> MoneyRecognizer:
    return MoneyRecognizer()
