"""Dates in the forms UK documents and web pages write them, to ISO 8601.

Day-first for numeric dates ("10/12/2020" is 10 December), as in the UK.
"""

from __future__ import annotations

import re
from datetime import date

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
