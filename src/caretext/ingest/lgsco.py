"""The header fields of a saved LGSCO decision page, kept out of the prose.

A decision web page carries ``Category : A > B``, ``Decision : Upheld`` and
``Decision date : 10 Dec 2020`` lines under a ``<Council> (NN NNN NNN)``
heading. Those lines are source metadata: classifiers must infer the outcome
from the prose, so the lines are removed from the text and kept in
``Document.source_metadata``.
"""

from __future__ import annotations

import re

from caretext import patterns
from caretext.patterns import parse_date

REFERENCE = patterns.REFERENCE
HEADING = patterns.DECISION_HEADING
INLINE_HEADING = patterns.INLINE_DECISION_HEADING
BARE_HEADING = patterns.BARE_DECISION_HEADING
#: a decision listing's status line: "Statement Upheld Fostering 22-Jan-2024"
STATUS_LINE = re.compile(
    r"^(?:Statement|Decision|Report)\s+(?P<decision>Upheld|Not upheld|Closed after initial enquiries)"
    r"(?:\s+(?P<subcategory>[A-Z][A-Za-z0-9 ,'’()-]{1,60}?))?\s+(?P<date>\d{1,2}[-/ ][A-Z][a-z]{2}[-/ ]\d{4})\s*$",
    re.I,
)
_FIELDS = {
    "category": re.compile(r"^category\s*:\s*(?P<v>.+)$", re.I),
    "decision": re.compile(
        r"^decision\s*:\s*(?P<v>upheld|not upheld|closed after initial enquiries|.{1,60})$", re.I
    ),
    "decision_date": re.compile(r"^decision date\s*:\s*(?P<v>.+)$", re.I),
    "reference": re.compile(
        r"^(?:reference|ref\.?|our ref)\s*:\s*(?P<v>\d{2}\s?\d{3}\s?\d{3})\s*$", re.I
    ),
    "organisation": re.compile(r"^(?:organisation|council|authority)\s*:\s*(?P<v>.+)$", re.I),
}


normalise_reference = patterns.normalise_reference


def parse_status_line(line: str) -> dict[str, str] | None:
    """The published decision, subcategory and date of a listing's status line, or None."""
    m = STATUS_LINE.match(line.strip())
    if not m:
        return None
    out = {"decision": m.group("decision"), "decision_date": parse_date(m.group("date").replace("-", " ")) or m.group("date")}
    if m.group("subcategory"):
        out["subcategory"] = m.group("subcategory").strip()
    return out


def parse_field(line: str) -> tuple[str, str] | None:
    """``(field, value)`` when a line is an LGSCO page header field."""
    for name, regex in _FIELDS.items():
        m = regex.match(line.strip())
        if m:
            return name, m.group("v").strip()
    return None


def store_field(meta: dict[str, str], name: str, value: str) -> None:
    if name == "category" and ">" in value:
        cat, sub = (p.strip() for p in value.split(">", 1))
        meta["category"], meta["subcategory"] = cat, sub
    elif name == "decision_date":
        meta["decision_date"] = parse_date(value) or value
    elif name == "reference":
        meta["reference"] = normalise_reference(value)
    else:
        meta[name] = value


def parse_heading(line: str) -> tuple[str, str] | None:
    """``(organisation, reference)`` from a ``Council Name (18 009 200)`` heading (a listing's leading
    bullet allowed)."""
    m = HEADING.match(line.strip())
    if not m:
        return None
    return m.group("org").strip(), normalise_reference(m.group("ref"))


def is_heading(line: str) -> bool:
    """A decision's heading: ``Council Name (18 009 200)`` or, on old pages, the bare reference."""
    return parse_heading(line) is not None or BARE_HEADING.match(line) is not None or INLINE_HEADING.match(line) is not None


def split_heading(line: str) -> list[str]:
    """A listing line that runs the heading into its summary, as two paragraphs; other lines as they are."""
    m = INLINE_HEADING.match(line)
    return [m.group("heading"), line[m.end() :]] if m else [line]


_DECISION_WORDS = re.compile(
    r"^\s*summary\s*:|\)\s+summary\s*:|\bfinal decision\b|\bthe ombudsman (?:upheld|has upheld|did not uphold|found|finds|has found|"
    r"will not investigate|cannot investigate|has completed)|\b(?:we|i) (?:will not|cannot) investigate\b|"
    r"\b(?:we|i) (?:have )?(?:found|find) (?:the council )?(?:at )?fault\b",
    re.I | re.M,
)


def looks_like_decision(text: str) -> bool:
    """A decision statement, a saved decision page, a listing entry (heading + summary) or an old
    report summary (bare reference heading + the Ombudsman's finding)."""
    head = text[:3000].lower()
    if ("final decision" in head and "summary" in head) or re.search(r"^\s*decision date\s*:", text[:5000], re.I | re.M):
        return True
    lines = [line for line in text[:6000].splitlines() if line.strip()]
    heading = next((i for i, line in enumerate(lines[:60]) if is_heading(line.strip())), None)
    return heading is not None and _DECISION_WORDS.search("\n".join(lines[heading : heading + 12])) is not None
