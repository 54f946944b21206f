"""Shared helpers for the rule components: phrase matchers and span payloads."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import cast

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span

from caretext.nlp.gazetteer import surface_forms
from caretext.reading import Reading, read

_TEXT_KEY = "caretext.text"


def text_of(doc: Doc) -> str:
    """``doc.text``, computed once per Doc: spaCy rebuilds it from the tokens on every access,
    which costs more than some components' whole work. Cached in ``doc.user_data`` until
    :func:`release_text` (the last caretext component) drops it."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def reading_of(doc: Doc) -> Reading:
    """The one reading (paragraphs, headings, sections, sentences) of the Doc's text: the same
    object ingestion and the classifiers use for that text."""
    title = doc._.doc_title if Doc.has_extension("doc_title") else None
    return read(text_of(doc), title)


def remember_text(doc: Doc, text: str) -> None:
    """Record the string ``doc`` was made from (it equals ``doc.text``)."""
    doc.user_data[_TEXT_KEY] = text


def release_text(doc: Doc) -> None:
    doc.user_data.pop(_TEXT_KEY, None)


def tokenizer_of(nlp: Language) -> Tokenizer:
    """``nlp.tokenizer`` typed as the spaCy Tokenizer it is in a caretext pipeline."""
    return cast(Tokenizer, nlp.tokenizer)


def phrase_matcher(nlp: Language, phrases: Mapping[str, Iterable[str]], attr: str) -> PhraseMatcher:
    """A ``PhraseMatcher`` with one label per key; LOWER matchers get every surface form."""
    matcher = PhraseMatcher(nlp.vocab, attr=attr)
    for label, texts in phrases.items():
        forms: set[str] = set()
        for text in texts:
            forms |= surface_forms(text) if attr == "LOWER" else {text}
        if forms:
            matcher.add(label, list(tokenizer_of(nlp).pipe(sorted(forms))))
    return matcher


def overlaps(start: int, end: int, taken: Iterable[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in taken)


def char_spans(spans: Iterable[Span]) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in spans]


def trim_the(span: Span) -> Span:
    """The span without a leading "the" ("the Department for Education" → its name)."""
    return span[1:] if len(span) > 1 and span[0].lower_ == "the" else span


def span_at(doc: Doc, start: int, end: int, label: str) -> Span | None:
    """A token-aligned span for a character range, or None if it cuts a token."""
    span = doc.char_span(start, end, label=label)
    if span is None:
        span = doc.char_span(start, end, label=label, alignment_mode="contract")
        if span is None or not span.text:
            return None
    return span


def is_word_char(char: str) -> bool:
    """What ``\\w`` matches (letters and digits of any script, and "_")."""
    return char.isalnum() or char == "_"


def at_word_start(text: str, pos: int) -> bool:
    return pos == 0 or not is_word_char(text[pos - 1])


def scan(
    pattern: re.Pattern[str], text: str, may_start: Callable[[str, int], bool] = at_word_start
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern written without its leading ``\\b`` (or
    look-behind), which ``may_start`` checks instead: the same matches, found far faster.

    A pattern that opens with a character class or literal lets ``re`` skip ahead in C to the
    next place that class occurs; one that opens with ``\\b`` or a look-behind is tried at every
    position of the text, which made several components slower than spaCy's tokenizer. A match
    rejected by ``may_start`` is searched again from its next character, so nothing the original
    pattern would have found is skipped."""
    pos, end = 0, len(text)
    while pos <= end:
        m = pattern.search(text, pos)
        if m is None:
            return
        if not may_start(text, m.start()):
            pos = m.start() + 1
            continue
        yield m
        pos = m.end() if m.end() > m.start() else m.end() + 1
