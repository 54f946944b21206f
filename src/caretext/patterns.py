"""The text patterns every stage shares, written once: Ombudsman references, decision headings and
sums of money.

Plain regular expressions and functions, with no spaCy or scikit-learn import, so ingestion, the entity
components and the classifiers all read a reference or a sum the same way, and a fix is made here once.
"""

from __future__ import annotations

import re

#: an LGSCO reference, spaced or not: "18 009 200", "18009200" (two digits for the year, then 3 + 3)
REFERENCE = re.compile(r"\b(\d{2})\s?(\d{3})\s?(\d{3})\b")
#: the same in brackets, as a decision heading writes it: "(18 009 200)"
BRACKETED_REFERENCE = re.compile(r"\(\s*\d{2}\s?\d{3}\s?\d{3}\s*\)")
#: a reference as the words of a text write it, with the guards that keep sums and phone numbers out
SPACED_REFERENCE = re.compile(r"(?<![\d£.,])(\d{2}) (\d{3}) (\d{3})(?![\d,.]\d)")
COMPACT_REFERENCE = re.compile(r"(?<![\d£.,])(\d{2})(\d{3})(\d{3})(?![\d,.]\d)")

_BULLET = r"(?:[•·*\-–]\s*)?"
#: a decision's heading: "Kent County Council (18 009 200)" (a listing's bullet allowed)
DECISION_HEADING = re.compile(
    rf"^{_BULLET}(?P<org>[A-Z][^()\n]{{2,120}}?)\s*\((?P<ref>\d{{2}}\s?\d{{3}}\s?\d{{3}})\)\s*$"
)
#: a listing copied as one line: "Kent County Council (18 009 200) Summary: ..."
INLINE_DECISION_HEADING = re.compile(
    rf"^(?P<heading>{_BULLET}[A-Z][^()\n]{{2,120}}?\s*\(\d{{2}}\s?\d{{3}}\s?\d{{3}}\))\s+(?=Summary\s*:)"
)
#: an old-format page or report summary opens with the bare reference: "15 010 742"
BARE_DECISION_HEADING = re.compile(r"^\s*(?:Ref(?:erence)?\s*:?\s*)?(?P<ref>\d{2}\s\d{3}\s\d{3})\s*$")

#: a sum of money in pounds, with its multiplier and rate: "£1,250.50", "£15bn", "£300 a month"
MONEY = re.compile(
    r"£\s?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?"
    r"(?:\s?(?P<mult>bn|billion|mn|m|million|k|thousand)\b)?"
    r"(?P<rate>\s+(?:a|an|per|each|every)\s+(?P<per>day|week|fortnight|month|calendar month|year|annum|night|hour|term))?"
)
_MULTIPLIER = {"bn": 1e9, "billion": 1e9, "mn": 1e6, "m": 1e6, "million": 1e6, "k": 1e3, "thousand": 1e3}


def normalise_reference(text: str) -> str:
    """``"18009200"`` or ``"18 009 200"`` → ``"18 009 200"`` (the text itself if it holds none)."""
    m = REFERENCE.search(text)
    return f"{m.group(1)} {m.group(2)} {m.group(3)}" if m else text.strip()


def parse_money(m: re.Match[str]) -> tuple[float, str | None]:
    """``(pounds, rate)`` of a :data:`MONEY` match: ``"£2.5 million"`` → ``(2500000.0, None)``,
    ``"£300 a month"`` → ``(300.0, "month")``."""
    value = float(m.group("num").replace(",", "") + (m.group("dec") or ""))
    if m.group("mult"):
        value *= _MULTIPLIER[m.group("mult").lower()]
    per = m.group("per")
    if per in ("annum", "calendar month"):
        per = "year" if per == "annum" else "month"
    return round(value, 2), per
