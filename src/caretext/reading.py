"""One reading of a text — paragraphs, headings, sections with their roles, sentences — computed once,
with offsets, and shared by every stage.

Before this module each stage split the text its own way (four sentence splitters, five "is this a
heading?" tests), so the same line could be a heading for the quote finder and prose for the statistics
finder, and every fix had to be made four times. Now a change to how a paragraph, heading, section or
sentence is found is made here, once: ingestion's ``Document`` and the spaCy ``Doc`` both hand out the
same :class:`Reading` (see :func:`read`), the entity components bound their context windows with
:func:`sentence_bounds`, and the classifiers read :attr:`Reading.sections` and :attr:`Reading.sentences`.

Plain regular expressions and dataclasses: no spaCy or scikit-learn import.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from caretext.data import load_rules
from caretext.patterns import BRACKETED_REFERENCE

# -- paragraphs -------------------------------------------------------------------------------

#: paragraphs are blocks between blank lines (a line of only spaces counts as blank)
PARAGRAPH_BREAK = re.compile(r"\n[ \t\f\v]*\n\s*")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank paragraph, in order."""
    out, pos = [], 0
    for m in PARAGRAPH_BREAK.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


# -- headings ---------------------------------------------------------------------------------

#: a paragraph ending like this is prose, however short
_PROSE_END = (".", "!", "?", ":", ",", ";", "”", '"', "’", "'")


def is_heading(paragraph: str, title: str | None = None, *, max_words: int = 14) -> bool:
    """A headline, crosshead or report heading: the document's title, or a short paragraph that does
    not end like a sentence. Quoted words in it are a teaser, not a quote; a figure in it repeats one
    the body states with its context."""
    paragraph = paragraph.strip()
    if title and paragraph == title.strip():
        return True
    return 0 < len(paragraph.split()) <= max_words and not paragraph.endswith(_PROSE_END)


# -- sections of a decision statement ---------------------------------------------------------

#: section roles, in the order they usually appear in a statement
ROLES = ("summary", "complaint", "powers", "background", "findings", "assessment", "agreed", "final", "other")

#: the roles whose text states the result (what models read as "key text")
KEY_ROLES = frozenset({"summary", "assessment", "agreed", "final"})


@dataclass(frozen=True)
class Section:
    role: str
    heading: str
    start: int  # of the section body (after the heading)
    end: int


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    role: str
    text: str


@cache
def _heading_rules() -> tuple[tuple[str, str, bool, re.Pattern[str]], ...]:
    return tuple(
        (row["id"], row["role"], bool(row.get("colon")), re.compile(row["pattern"], re.I))
        for row in load_rules("decision_sections.jsonl")
    )


_NUMBERED = re.compile(r"^\s*(?:\d{1,3}[.)]|[•\-–])\s")
_INLINE = re.compile(r"^\s*(?P<head>[A-Z][A-Za-z' ’]{2,40}?)\s*:\s+(?=\S)")


def heading_role(line: str) -> str | None:
    """The section role a heading line names (rules ``data/decision_sections.jsonl``), or None if the
    line is not a heading we know."""
    colon = line.rstrip().endswith(":")
    line = line.strip().rstrip(":").strip()
    if not line or len(line) > 90:
        return None
    for _id, role, needs_colon, pattern in _heading_rules():
        if (colon or not needs_colon) and pattern.fullmatch(line):
            return role
    return None


def is_section_heading(line: str) -> bool:
    """A heading we do not know by name: one short line, no closing full stop, starts with a capital."""
    s = line.strip()
    if s.endswith(":") and len(s.split()) >= 3:
        return False  # "The Council has already:" leads into a list; it does not open a section
    return (
        0 < len(s) <= 70
        and "\n" not in s
        and s[0].isupper()
        and not s.endswith((".", ",", ";"))
        and not _NUMBERED.match(s)
        and len(s.split()) <= 9
        and not BRACKETED_REFERENCE.search(s)  # the title line "<Council> (NN NNN NNN)"
    )


def sections(text: str, paras: list[tuple[int, int]] | None = None) -> list[Section]:
    """Sections in text order; text before the first heading is role ``other`` unless a heading
    names it."""
    out: list[Section] = []
    role, heading, start = "other", "", 0
    for p_start, p_end in paras if paras is not None else paragraphs(text):
        para = text[p_start:p_end]
        first_line = para.split("\n", 1)[0]
        known = heading_role(first_line)
        inline = _INLINE.match(para)
        if known is None and inline and (r := heading_role(inline.group("head"))):
            # "Summary: Mrs X complained ..." — heading and body in one paragraph
            out.append(Section(role, heading, start, p_start))
            role, heading, start = r, inline.group("head"), p_start + inline.end()
            continue
        if known is not None or (is_section_heading(first_line) and "\n" not in para.strip()):
            out.append(Section(role, heading, start, p_start))
            body = p_start + len(first_line) if known is not None else p_end
            if known is not None and first_line.rstrip().endswith(":") and len(first_line.split()) > 4:
                body = p_start  # "Within one month the Council will:" leads in and belongs to the list
            role, heading, start = known or "other", first_line.strip(), body
    out.append(Section(role, heading, start, len(text)))
    return [s for s in out if text[s.start : s.end].strip()]


def role_text(text: str, secs: list[Section], roles: frozenset[str]) -> str:
    """The text of every section whose role is in ``roles``, in order."""
    return "\n\n".join(text[s.start : s.end].strip() for s in secs if s.role in roles)


# -- sentences --------------------------------------------------------------------------------

#: words after which a full stop does not end a sentence ("Mr. Smith", "s. 17", "para. 4")
ABBREVIATIONS = frozenset(
    "mr mrs ms dr st s ss para paras no nos e.g i.e eg ie etc cllr prof sch reg regs art arts vs v cf p pp sec".split()
)
#: a sentence ends at ". ", "? ", "! " (after closing quotes or brackets) before a capital or digit,
#: at a blank line, or at a line break before a numbered or bulleted item
SENTENCE_BREAK = re.compile(
    r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(£]?[A-Z0-9])|\n\s*\n|\n(?=\s*(?:\d{1,3}[.)]|[•\-–])\s)"
)
_ABBREV_BEFORE = re.compile(r"([A-Za-z.]+)$")
#: a list number or bullet before a sentence (matched at the sentence start, so no "^")
_LEAD = re.compile(r"\s*(?:\d{1,3}[.)]\s+|[•\-–]\s+)?")


def _ends_sentence(text: str, m: re.Match[str], floor: int) -> bool:
    """A break is not one after an abbreviation ("Mr. Smith")."""
    if text[m.start()] != ".":
        return True
    before = _ABBREV_BEFORE.search(text, max(floor, m.start() - 12), m.start())
    return not (before and before.group(1).lower() in ABBREVIATIONS)


def _break_end(text: str, m: re.Match[str]) -> int:
    """Where the sentence before a break ends: after its final mark, or before the line break."""
    return m.start() + 1 if text[m.start()] in ".!?" else m.start()


def sentences(text: str, secs: list[Section] | None = None) -> list[Sentence]:
    """Sentences with offsets and the role of the section they are in; a sentence never crosses a
    section. A regex splitter: cheap, and good enough for the formal prose of decisions and reports."""
    secs = secs if secs is not None else sections(text)
    out: list[Sentence] = []
    for sec in secs:
        pos = sec.start
        for m in SENTENCE_BREAK.finditer(text, sec.start, sec.end):
            if not _ends_sentence(text, m, pos):
                continue
            _add(out, text, pos, _break_end(text, m), sec.role)
            pos = m.end()
        _add(out, text, pos, sec.end, sec.role)
    return out


def _add(out: list[Sentence], text: str, start: int, end: int, role: str) -> None:
    lead = _LEAD.match(text, start, end)
    start = lead.end() if lead else start
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= 3 and any(c.isalpha() for c in text[start:end]):
        out.append(Sentence(start, end, role, text[start:end]))


#: how far a context window looks for the sentence's ends (a sentence longer than this is cut)
_REACH = 400


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` of the sentence holding ``text[start:end]``, by the same breaks as
    :func:`sentences` — or by a single line break, since outside a decision's prose a line is a
    headline, a caption or a list item, never half a sentence."""
    left = max(0, start - _REACH)
    # the break's look-ahead reads the first characters of the next sentence: let it see them
    for m in SENTENCE_BREAK.finditer(text, left, min(len(text), start + 2)):
        if m.end() <= start and _ends_sentence(text, m, left):
            left = m.end()
    line = text.rfind("\n", 0, start)
    left = max(left, line + 1)
    right = min(len(text), end + _REACH)
    for m in SENTENCE_BREAK.finditer(text, end, right):
        if _ends_sentence(text, m, end):
            right = _break_end(text, m)
            break
    line = text.find("\n", end, right)
    return left, (line if line >= 0 else right)


# -- the reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """The segmentation of one text, computed once (:func:`read`)."""

    text: str
    title: str | None
    paragraphs: tuple[tuple[int, int], ...]
    #: indexes into ``paragraphs`` of the headlines, crossheads and headings
    headings: frozenset[int]
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]
    _starts: tuple[int, ...] = field(repr=False, compare=False, default=())

    def heading_spans(self) -> list[tuple[int, int]]:
        return [self.paragraphs[i] for i in sorted(self.headings)]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding the character at ``offset`` (None between sentences)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None


@lru_cache(maxsize=16)
def read(text: str, title: str | None = None) -> Reading:
    """The reading of ``text`` (cached: ingestion, the entity components and the classifiers ask for
    the same text and get the same object)."""
    paras = paragraphs(text)
    secs = sections(text, paras)
    sents = sentences(text, secs)
    heads = frozenset(i for i, (s, e) in enumerate(paras) if is_heading(text[s:e], title))
    return Reading(
        text, title, tuple(paras), heads, tuple(secs), tuple(sents), tuple(s.start for s in sents)
    )
