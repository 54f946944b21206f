"""The structure of a decision statement: its sections and sentences, with offsets.

Outcome, remedies and injustice are stated in a few places of a statement
(the summary, the assessment or conclusions, agreed action, final decision),
while "The Ombudsman's role and powers" repeats the same stock wording about
what cannot be investigated in every statement, upheld or not. Classifiers
and rules therefore read sections by role, not the text as one bag of words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from caretext.data import load_rules
from caretext.patterns import BRACKETED_REFERENCE

#: section roles, in the order they usually appear
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


_PARA = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]*)*")
_NUMBERED = re.compile(r"^\s*(?:\d{1,3}[.)]|[•\-–])\s")
_INLINE = re.compile(r"^\s*(?P<head>[A-Z][A-Za-z' ’]{2,40}?)\s*:\s+(?=\S)")


def heading_role(line: str) -> str | None:
    """The section role a heading line names, or None if the line is not a heading we know."""
    colon = line.rstrip().endswith(":")
    line = line.strip().rstrip(":").strip()
    if not line or len(line) > 90:
        return None
    for _id, role, needs_colon, pattern in _heading_rules():
        if (colon or not needs_colon) and pattern.fullmatch(line):
            return role
    return None


def _looks_like_heading(line: str) -> bool:
    """An unknown heading: one short line, no closing full stop, starts with a capital."""
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


def sections(text: str) -> list[Section]:
    """Sections of a statement in text order; text before the first heading is role ``summary``
    when it holds the summary, else ``other``."""
    out: list[Section] = []
    role, heading, start = "other", "", 0
    for m in _PARA.finditer(text):
        para = m.group()
        first_line = para.split("\n", 1)[0]
        known = heading_role(first_line)
        inline = _INLINE.match(para)
        if known is None and inline and (r := heading_role(inline.group("head"))):
            # "Summary: Mrs X complained ..." — heading and body in one paragraph
            out.append(Section(role, heading, start, m.start()))
            role, heading, start = r, inline.group("head"), m.start() + inline.end()
            continue
        if known is not None or (_looks_like_heading(first_line) and "\n" not in para.strip()):
            out.append(Section(role, heading, start, m.start()))
            body = m.start() + len(first_line) if known is not None else m.end()
            if known is not None and first_line.rstrip().endswith(":") and len(first_line.split()) > 4:
                body = m.start()  # "Within one month the Council will:" leads in and belongs to the list
            role, heading, start = known or "other", first_line.strip(), body
    out.append(Section(role, heading, start, len(text)))
    return [s for s in out if text[s.start : s.end].strip()]


_ABBREV = frozenset(
    "mr mrs ms dr st s ss para paras no nos e.g i.e eg ie etc cllr prof sch reg regs art arts vs v cf p pp sec".split()
)
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(£]?[A-Z0-9])|\n\s*\n|\n(?=\s*(?:\d{1,3}[.)]|[•\-–])\s)")


def sentences(text: str, secs: list[Section] | None = None) -> list[Sentence]:
    """Sentences with offsets and the role of the section they are in.

    A regex splitter: cheap, and good enough for the formal prose of decisions.
    It does not split after titles and legal abbreviations ("Mr.", "s.", "para.").
    """
    secs = secs if secs is not None else sections(text)
    out: list[Sentence] = []
    for sec in secs:
        pos = sec.start
        for m in _BOUNDARY.finditer(text, sec.start, sec.end):
            if text[m.start()] == ".":
                before = re.search(r"([A-Za-z.]+)$", text[max(pos, m.start() - 12) : m.start()])
                if before and before.group(1).lower() in _ABBREV:
                    continue
            _add(out, text, pos, m.start() + 1 if text[m.start()] in ".!?" else m.start(), sec.role)
            pos = m.end()
        _add(out, text, pos, sec.end, sec.role)
    return out


_LEAD = re.compile(r"^\s*(?:\d{1,3}[.)]\s+|[•\-–]\s+)?")


def _add(out: list[Sentence], text: str, start: int, end: int, role: str) -> None:
    chunk = text[start:end]
    lead = _LEAD.match(chunk)
    start += lead.end() if lead else 0
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= 3 and any(c.isalpha() for c in text[start:end]):
        out.append(Sentence(start, end, role, text[start:end]))


def role_text(text: str, secs: list[Section], roles: frozenset[str]) -> str:
    """The text of every section whose role is in ``roles``, in order."""
    return "\n\n".join(text[s.start : s.end].strip() for s in secs if s.role in roles)
