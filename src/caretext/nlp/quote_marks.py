"""Quotation marks, paired: the spans of a text that are inside quotes.

Per paragraph: double marks (straight or curly) and British single marks,
where a closing ``’`` must not be an apostrophe ("children’s", "councils’
actions"). A quote with no closing mark runs to the end of its paragraph; the
next paragraph opening with a mark continues it (the newspaper convention for
multi-paragraph quotes). Who said each quote is :mod:`caretext.nlp.quotes`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from caretext.reading import paragraphs

if TYPE_CHECKING:
    from caretext.nlp.quotes import Ref

_OPEN_DOUBLE = "“\"„"
_CLOSE_DOUBLE = "”\""
_SINGLE = "‘’'"
_MARK = re.compile("[" + re.escape("".join(sorted(set(_OPEN_DOUBLE + _CLOSE_DOUBLE + _SINGLE)))) + "]")
_END_PUNCT = ".,!?;:…-–—"


@dataclass
class QuoteSpan:
    """The words inside one pair of marks; ``speaker``/``rule`` are filled by attribution."""

    start: int  # content, without the marks
    end: int
    para: int
    at_para_start: bool
    open_end: bool
    speaker: Ref | None = None
    rule: str | None = None


def _single_opens(text: str, i: int, p_start: int) -> bool:
    nxt = text[i + 1 : i + 2]
    if not nxt or not (nxt.isalnum() or nxt in "…'\"“"):
        return False
    if i == p_start:
        return True
    prev = text[i - 1]
    return text[i] != "’" and (prev.isspace() or prev in "([—–-\"“:")


def _single_closes(text: str, i: int) -> bool:
    prev, nxt = text[i - 1 : i], text[i + 1 : i + 2]
    if nxt and nxt.isalnum():
        return False  # children’s
    if prev and prev in _END_PUNCT:
        return True
    if prev in ("s", "S") and (not nxt or nxt.isspace()):
        return False  # councils’ actions
    return bool(prev) and not prev.isspace()


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every stretch inside quotation marks, per paragraph, content offsets only."""
    spans: list[QuoteSpan] = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        state, content = "", 0
        for mark in _MARK.finditer(text, p_start, p_end):  # only the marks change the state
            i = mark.start()
            ch = text[i]
            if not state:
                if ch in _OPEN_DOUBLE and (
                    ch != '"' or i == p_start or not text[i - 1].isalnum()
                ) and i + 1 < p_end and not text[i + 1].isspace():
                    state, content = "d", i + 1
                elif ch in _SINGLE and _single_opens(text, i, p_start):
                    state, content = "s", i + 1
            elif (state == "d" and ch in _CLOSE_DOUBLE) or (
                state == "s" and ch in "’'" and _single_closes(text, i)
            ):
                spans.append(_span(text, content, i, number, p_start, False))
                state = ""
        if state:
            spans.append(_span(text, content, p_end, number, p_start, True))
    return [s for s in spans if s.end > s.start and re.search(r"[A-Za-z]", text[s.start : s.end])]


def _span(text: str, start: int, end: int, para: int, p_start: int, open_end: bool) -> QuoteSpan:
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and text[end - 1] == ",":
        end -= 1  # "…difference," said X: the comma closes the quote
    return QuoteSpan(start, end, para, start - 1 == p_start, open_end)
