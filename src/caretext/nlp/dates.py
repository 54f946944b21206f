"""Calendar dates, as the ``caretext_dates`` spaCy component.

UK forms ("3 March 2021", "3rd March 2021", "Thu 10 Dec 2020 10:25",
"10/12/2020", day first) are read by :mod:`caretext.patterns`; each span gets
``span._.date`` = ``{"iso": "YYYY-MM-DD"}``. Strings that look like dates but
are not ("31/02/2021") are left out.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from caretext.nlp.matching import span_at, text_of
from caretext.patterns import DATE_PATTERN, match_to_iso

SPAN_KEY = "dates"

if not Span.has_extension("date"):
    Span.set_extension("date", default=None)


#: a date has a year: scan only around years, so the full pattern runs on a few windows
_YEAR = re.compile(r"(?<!\d)(?:1[89]\d\d|20\d\d|\d{1,2}[/.]\d{1,2}[/.]\d\d)(?!\d)")
_BACK = 32


def find_dates(text: str) -> list[re.Match[str]]:
    """``DATE_PATTERN`` matches in ``text``, found by looking only just before each year."""
    out: list[re.Match[str]] = []
    last_end = 0
    for year in _YEAR.finditer(text):
        start = max(last_end, year.start() - _BACK)
        for m in DATE_PATTERN.finditer(text, start, min(len(text), year.end() + 24)):
            if m.start() >= last_end and m.start() <= year.start() <= m.end():
                out.append(m)
                last_end = m.end()
                break
    return out


class DateRecognizer:
    """Puts dates in ``doc.spans["dates"]``."""

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        text = text_of(doc)  # Doc.text is rebuilt on every access
        for m in find_dates(text):
            iso = match_to_iso(m)
            end = m.start("time") if m.group("time") else m.end()
            while end > m.start() and text[end - 1] in " ,":
                end -= 1
            span = span_at(doc, m.start(), end, "DATE") if iso else None
            if span is not None:
                span._.date = {"iso": iso}
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc


@Language.factory("caretext_dates", assigns=["doc.spans", "span._.date"])
def make_date_recognizer(nlp: Language, name: str) -> DateRecognizer:
    return DateRecognizer()
