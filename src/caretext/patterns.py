"""The text patterns every stage shares, written once: Ombudsman references, decision headings, sums
of money and dates.

Plain regular expressions and functions, with no spaCy or scikit-learn import, so ingestion, the entity
components and the classifiers all read a reference or a sum the same way, and a fix is made here once.
"""

from __future__ import annotations

import re
from datetime import date

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
#: a saved decision page's published-result line ("Decision : Upheld", "Category : Education > ..."):
#: the answer a classifier must never read
PUBLISHED_RESULT_LINE = re.compile(
    r"^[ \t]*(?:category|decision|decision date|outcome|remedy|ombudsman reference)[ \t]*:.*$", re.I | re.M
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


# -- dates: in the forms UK documents and web pages write them, to ISO 8601 (day first: "10/12/2020"
# is 10 December) ---------------------------------------------------------------------------------

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for name in names
}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*,?"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:gmt|bst|utc))?)"

DATE_PATTERN = re.compile(
    rf"""(?ix)
    (?:{_WEEKDAY}\s+)?
    (?:
        (?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH}),?\s+(?P<y1>\d{{4}})
      | (?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})
      | (?P<y3>\d{{4}})-(?P<m3>\d{{1,2}})-(?P<d3>\d{{1,2}})
      | (?P<d4>\d{{1,2}})[/.](?P<m4>\d{{1,2}})[/.](?P<y4>\d{{4}}|\d{{2}})
    )
    (?P<time>{_TIME})?
    """
)


def _month(token: str) -> int:
    key = token.lower().rstrip(".")
    return MONTHS[key] if key in MONTHS else MONTHS[key[:3]]


def parse_date(text: str) -> str | None:
    """The first valid date in ``text`` as ``YYYY-MM-DD``, or None."""
    for m in DATE_PATTERN.finditer(text):
        iso = match_to_iso(m)
        if iso:
            return iso
    return None


def match_to_iso(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    try:
        if g["y1"]:
            y, mo, d = int(g["y1"]), _month(g["m1"]), int(g["d1"])
        elif g["y2"]:
            y, mo, d = int(g["y2"]), _month(g["m2"]), int(g["d2"])
        elif g["y3"]:
            y, mo, d = int(g["y3"]), int(g["m3"]), int(g["d3"])
        else:
            y, mo, d = int(g["y4"]), int(g["m4"]), int(g["d4"])
            if y < 100:
                y += 2000 if y < 70 else 1900
        return date(y, mo, d).isoformat()
    except (ValueError, KeyError):
        return None


_DATE_LABEL = re.compile(
    r"(?i)\b(published|updated|posted|first published|last (updated|modified)|modified|date)\b(\s+on)?:?"
    r"|\b\d+\s*(min|mins|minute|minutes) read\b"
)


def is_date_line(text: str) -> bool:
    """True when the line holds dates and at most labels such as 'Published:' or '5 min read'."""
    if not DATE_PATTERN.search(text):
        return False
    rest = _DATE_LABEL.sub(" ", DATE_PATTERN.sub(" ", text))
    return not rest.strip(" |·,-–:")
