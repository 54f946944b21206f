"""Calendar dates, as the ``caretext_dates`` spaCy component.

UK forms ("3 March 2021", "3rd March 2021", "Thu 10 Dec 2020 10:25",
"10/12/2020", day first) are read by :mod:`caretext.dates`; each span gets
``span._.date`` = ``{"iso": "YYYY-MM-DD"}``. Strings that look like dates but
are not ("31/02/2021") are left out.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from caretext.dates import DATE_PATTERN, match_to_iso
from caretext.nlp.matching import span_at

SPAN_KEY = "dates"

if not Span.has_extension("date"):
    Span.set_extension("date", default=None)


class DateRecognizer:
    """Puts dates in ``doc.spans["dates"]``."""

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for m in DATE_PATTERN.finditer(doc.text):
            iso = match_to_iso(m)
            end = m.start("time") if m.group("time") else m.end()
            while end > m.start() and doc.text[end - 1] in " ,":
                end -= 1
            span = span_at(doc, m.start(), end, "DATE") if iso else None
            if span is not None:
                span._.date = {"iso": iso}
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc


@Language.factory("caretext_dates")
def make_date_recognizer(nlp: Language, name: str) -> DateRecognizer:
    return DateRecognizer()
