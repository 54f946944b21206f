"""The header fields of a saved LGSCO decision page, kept out of the prose.

A decision web page carries ``Category : A > B``, ``Decision : Upheld`` and
``Decision date : 10 Dec 2020`` lines under a ``<Council> (NN NNN NNN)``
heading. Those lines are source metadata: classifiers must infer the outcome
from the prose, so the lines are removed from the text and kept in
``Document.source_metadata``.
"""

from __future__ import annotations

import re

from caretext.dates import parse_date

REFERENCE = re.compile(r"\b(\d{2})\s?(\d{3})\s?(\d{3})\b")
HEADING = re.compile(r"^(?P<org>[A-Z][^()\n]{2,120}?)\s*\((?P<ref>\d{2}\s?\d{3}\s?\d{3})\)\s*$")
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


def normalise_reference(ref: str) -> str:
    m = REFERENCE.search(ref)
    return f"{m.group(1)} {m.group(2)} {m.group(3)}" if m else ref.strip()


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
    """``(organisation, reference)`` from a ``Council Name (18 009 200)`` heading."""
    m = HEADING.match(line.strip())
    if not m:
        return None
    return m.group("org").strip(), normalise_reference(m.group("ref"))


def looks_like_decision(text: str) -> bool:
    head = text[:3000].lower()
    return ("final decision" in head and "summary" in head) or bool(
        re.search(r"^\s*decision date\s*:", text[:5000], re.I | re.M)
    )
