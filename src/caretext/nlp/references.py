"""LGSCO case references (``18 009 200`` or ``18009200``) as a spaCy component.

A reference is two digits (the year), then three and three digits, spaced or
not. To avoid phone numbers and sums, an unspaced 8-digit form only counts
next to Ombudsman context (a bracketed heading, "reference", "case", "our ref").
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from caretext.nlp.matching import span_at, text_of
from caretext.patterns import COMPACT_REFERENCE, SPACED_REFERENCE

SPAN_KEY = "references"

SPACED = SPACED_REFERENCE
COMPACT = COMPACT_REFERENCE
_CONTEXT = re.compile(
    r"(?i)(\(\s*$|\b(ref(erence)?|case|complaint|decision)( no\.?| number)?:?\s*$)"
)

if not Span.has_extension("reference"):
    Span.set_extension("reference", default=None)


def find_references(text: str) -> list[tuple[str, int, int]]:
    """``(normalised id, start, end)`` for every LGSCO reference in ``text``."""
    out = [
        (f"{m.group(1)} {m.group(2)} {m.group(3)}", m.start(), m.end())
        for m in SPACED.finditer(text)
    ]
    for m in COMPACT.finditer(text):
        if _CONTEXT.search(text[max(0, m.start() - 25) : m.start()]):
            out.append((f"{m.group(1)} {m.group(2)} {m.group(3)}", m.start(), m.end()))
    return sorted(out, key=lambda r: r[1])


@Language.factory("caretext_references", assigns=["doc.spans", "span._.reference"])
def make_references(nlp: Language, name: str) -> ReferenceFinder:
    return ReferenceFinder()


class ReferenceFinder:
    """Puts references in ``doc.spans["references"]`` with ``span._.reference`` =
    ``{"scheme": "lgsco", "id": "18 009 200"}``."""

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for ref_id, start, end in find_references(text_of(doc)):
            span = span_at(doc, start, end, "REFERENCE")
            if span is not None:
                span._.reference = {"scheme": "lgsco", "id": ref_id}
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc
