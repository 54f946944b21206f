"""Statistics, as the ``caretext_statistics`` spaCy component.

A statistic is a number that measures something: "56%", "89 per cent",
"almost 400,000 children", "2.3 million", "£15bn" (15000000000), "£10,000 a
week" (``gbp_per_week``), "87 children every day" (``count_per_day``), "one in
five" (``ratio`` 0.2), "more than half" (0.5), "three times as likely"
(``times`` 3). Both ends of "from 60,900 in 2009 to 78,150 in 2019" are
statistics; the years are not.

Numbers that do not measure anything are left out on purpose, because a
researcher summing or charting these values must not find years, ages,
durations, section numbers, phone numbers, postcodes or dates among them.
Each span gets ``span._.statistic`` = ``{"value", "unit", "subject",
"period", "rule"}``: the subject is the noun phrase the number counts ("children
in care"), the period the years or span written in the same clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from caretext.nlp.dates import SPAN_KEY as DATES
from caretext.nlp.matching import (
    at_word_start,
    is_word_char,
    overlaps,
    reading_of,
    release_text,
    scan,
    span_at,
    text_of,
)
from caretext.nlp.money import MONEY, parse_money
from caretext.nlp.number_words import NumberWords, find_number_words, words_value
from caretext.nlp.references import SPAN_KEY as REFERENCES
from caretext.reading import sentence_bounds

SPAN_KEY = "statistics"

if not Span.has_extension("statistic"):
    Span.set_extension("statistic", default=None)

#: fractions text2num does not read as ordinals ("half", "quarter"); thirds, fifths, tenths ...
#: come from its ordinals (see _fraction_words)
_HALVES = re.compile(r"(?i)(?<![\w-])(?:(?P<n>a|an|one|two|three)[\s-])?(?P<d>half|halves|quarters?)(?![\w-])")
_MAGNITUDE = {"million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "k": 1e3,
              "thousand": 1e3, "trillion": 1e12}  # fmt: skip
_QUALIFIER = (
    r"(?:(?:more|fewer|less|greater|higher|lower)\s+than|over|almost|nearly|around|about|"
    r"approximately|roughly|at\s+least|up\s+to|just\s+(?:over|under)|some|an\s+estimated|"
    r"an\s+average\s+of|a\s+total\s+of|close\s+to|well\s+(?:over|under)|upwards\s+of|"
    r"in\s+excess\s+of|as\s+many\s+as|only|just|under|below|above|nearer|up|down)\s+"
)
#: "78,150", "2.3", "400": written with its first digit outside the alternation, which lets re skip
#: in C to the next digit (an alternation of two digit patterns is tried at every position)
_NUM = r"(?P<num>[0-9](?:[0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]*(?:\.[0-9]+)?))"

# Each pattern below finds the number or keyword first; the qualifier written before it
# ("almost", "more than") is found afterwards by looking left from the match (see
# _with_qualifier). A leading optional alternation of qualifiers would be tried at
# every position of the text, which made this component the slowest in the pipeline.
# For the same reason the patterns have neither a leading \b or look-behind (the start is
# checked by matching.scan) nor (?i): they run on the lower-cased text, so that re can skip
# in C to the next place their first character occurs.


def _not_after(chars: str) -> Callable[[str, int], bool]:
    """A start check: the character before the match is not a word character or one of ``chars``."""
    return lambda text, pos: pos == 0 or not (is_word_char(text[pos - 1]) or text[pos - 1] in chars)


@dataclass(frozen=True)
class _Pattern:
    """One statistic pattern, in lower case, with the check its start must pass."""

    source: str
    may_start: Callable[[str, int], bool] = at_word_start

    @cached_property
    def lower(self) -> re.Pattern[str]:
        return re.compile(self.source)

    @cached_property
    def any_case(self) -> re.Pattern[str]:
        return re.compile(self.source, re.I)

    def finditer(self, text: str, low: str | None) -> Iterator[re.Match[str]]:
        """Matches in ``low`` (``text`` lower-cased, same length), or in ``text`` when lower-casing
        changed its length (a few non-ASCII letters do) and offsets would not hold."""
        if low is not None:
            return scan(self.lower, low, self.may_start)
        return scan(self.any_case, text, self.may_start)


PERCENT = _Pattern(rf"{_NUM}(?:\s?%|\s?per\s?cent\b|\s?percent\b|\s?pc\b)")
#: "1 in 5"; a ratio written in words ("one in five") is read from its number words
RATIO = _Pattern(
    r"(?P<a>\d{1,3})\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<b>(?!(?:19|20)\d\d)\d{1,4})(?![\w,.-]\w)",
    _not_after(",.£"),
)
_RATIO_REST = re.compile(r"\s+(?:in|out\s+of)\s+(?:every\s+)?(?:(?P<digits>(?!(?:19|20)\d\d)\d{1,4})(?![\w,.-]\w))?")
_PERCENT_REST = re.compile(r"(?i)\s?(?:%|per\s?cent\b|percent\b)")
_FRACTION_FOLLOW = re.compile(r"(?i)\s+(?:of|the|as|more|fewer|less)\b")
_FRACTION_VERB = re.compile(r"(?i)\s+(?:were|was|are|is|had|have|said|say|agreed|reported|felt)\b")
MULTIPLE = _Pattern(
    r"(?P<word>double|doubled|treble|trebled|triple|tripled|quadruple|quadrupled)\b"
    r"(?=\s+(?:the|that|its|their|in|since|to|from|over|what)\b|[,.;])"
)
_COMPARED = r"(?=\s+(?:as|more|higher|greater|larger|less|lower|the|over|likelier|bigger)\b)"
TIMES = _Pattern(rf"(?:(?P<twice>twice)|(?P<n>\d+(?:\.\d+)?)\s+times){_COMPARED}")
_TIMES_REST = re.compile(rf"(?i)\s+times{_COMPARED}")
COUNT = _Pattern(
    rf"{_NUM}(?P<plus>-plus|\+)?"
    r"(?:\s?(?P<mag>million|billion|trillion|thousand|bn|mn|m|k)\b)?(?![\w%/:]|[.,]\d|-(?:year|month|week|day)|\s?per\s?cent|\s?percent)",
    _not_after("£$€.,/:-"),
)
#: qualifier chains ending where a match starts, each with the boundary its pattern needs
_QUAL_BEFORE = {
    "word": re.compile(rf"(?i)\b(?:{_QUALIFIER})+$"),
    "ratio": re.compile(rf"(?i)(?<![\w,.£])(?:{_QUALIFIER})+$"),
    "count": re.compile(rf"(?i)(?<![\w£$€.,/:-])(?:{_QUALIFIER})+$"),
    "multiple": re.compile(rf"(?i)\b(?:{_QUALIFIER}|(?:more|less)\s+than\s+)+$"),
    "fraction": re.compile(rf"(?i)\b(?:{_QUALIFIER}|by\s+)+$"),
}


def _with_qualifier(text: str, start: int, kind: str, floor: int = 0) -> tuple[int, str | None]:
    """Where a match begins once the qualifier before it is included, and that qualifier
    ("almost ", "more than "): nothing when the text before the match is not a space."""
    if start == 0 or not text[start - 1].isspace():
        return start, None
    m = _QUAL_BEFORE[kind].search(text, max(floor, start - 60), start)
    return (m.start(), m.group()) if m else (start, None)


_RATE = re.compile(
    r"\s+(?:[a-z'’-]+\s+){0,6}?(?:every|a|each|per)\s+(?:single\s+)?(?P<per>day|week|month|year)\b"
)
_MONEY_RATE = {"day", "week", "month", "year"}
#: a number right after one of these is a label, not a measure
_LABEL_BEFORE = re.compile(
    r"(?i)(?:\b(?:section|sections|s\.|paragraph|paragraphs|para|paras|regulation|regulations|"
    r"clause|schedule|part|chapter|article|page|pages|item|number|no\.|stage|stages|key stage|ks|"
    r"year|level|tier|phase|round|grade|step|point|figure|table|annex|appendix|room|flat|ward|"
    r"route|bus|line|question|recommendation|case|option|priority|tranche|wave|cohort|version|"
    r"volume|issue|episode|series|covid|aged|age|ages|over-|top|rule|standard|unit|"
    r"quarter|q|phone|tel|telephone|call|mobile|fax|ref|reference|platform|gate|box|po box|"
    r"junction|vol|col|cols|column|columns|pp|p\.|at|since|until|till)\s+$|[-–]$)"
)
_AGE_BEFORE = re.compile(
    r"(?i)\baged?\s+(?:\d{1,2}|[a-z]+)\s*(?:to|and|or|-|–)\s*$|\b(?:age|ages)\s+of\s+$|\b(?:turned|turns|turning)\s+$"
)
_APPOSITIVE_AGE = re.compile(r"[A-Z][a-z]+,\s\d{1,3},")
_MONTHS = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
_YEAR_WORDS = r"(?:years?|months?|weeks?|days?|hours?|minutes?|decades?|nights?|terms?|mins?|hrs?|yrs?)"
_AFTER_NOT_MEASURE = re.compile(
    rf"(?i)^(?:\s*(?:-|–|to)\s*\d+(?:\s*-?\s*year)|\s*-?\s*{_YEAR_WORDS}\b(?!\s+of\s+\w+\s+(?:funding|support))|"
    r"\s*-?\s*years?[- ]olds?|\s*(?:-|–)?\s*(?:and|to|or)\s+\d{1,2}[- ]years?[- ]olds?|"
    r"\s*(?:am|pm|a\.m\.|p\.m\.)\b|\s*(?:st|nd|rd|th)\b|/\d{2,4}\b|\s*(?:gmt|bst)\b|"
    r"\s*(?:miles?|km|kilometres?|metres?|feet|foot|yards?|mph|cm|kg)\b|"
    r"\s*(?:working|school|calendar|business)\s+(?:days?|weeks?)\b|"
    rf"\s+(?:{_MONTHS})\b)"
)
_PHONE = re.compile(r"\b0\d{2,4}[\s-]\d{3,4}[\s-]?\d{3,4}\b|\+44[\s\d]{10,14}")
_PERIOD = re.compile(
    r"(?i)\bbetween\s+(?P<a>(?:19|20)\d{2}(?:[/-]\d{2})?)\s+and\s+(?P<b>(?:19|20)\d{2}(?:[/-]\d{2})?)"
    r"|\bfrom\s+(?P<c>(?:19|20)\d{2}(?:[/-]\d{2})?)\s+to\s+(?P<d>(?:19|20)\d{2}(?:[/-]\d{2})?)"
    r"|\b(?P<fy>(?:19|20)\d{2}[/-]\d{2})\b"
    r"|\b(?P<since>since\s+(?:19|20)\d{2})\b"
    r"|\b(?P<rel>(?:over|in|during|across)\s+the\s+(?:last|past|previous|next|same)\s+(?:\w+\s+)?(?:decade|years?|months?|period))"
    r"|\b(?P<this>(?:this|last|next)\s+(?:year|financial\s+year|month|decade))"
    r"|\bin\s+(?P<year>(?:19|20)\d{2})\b"
)
_SUBJECT_SKIP = re.compile(
    r"^\s*(?:%|per\s?cent|percent)?\s*(?:(?:increase|rise|fall|drop|decrease|reduction|jump|"
    r"cut|growth|uplift)\s+in\s+)?(?:the\s+)?(?:(?:total\s+)?number\s+of\s+|proportion\s+of\s+|"
    r"share\s+of\s+|of\s+(?:all\s+|the\s+)?)?"
)
_SUBJECT_STOP = {
    "were", "are", "is", "was", "have", "had", "has", "who", "that", "which", "with", "by",
    "from", "to", "between", "since", "during", "over", "this", "last", "per", "a", "an",
    "every", "each", "and", "or", "but", "than", "as", "at", "on", "for", "now", "being",
    "will", "would", "could", "can", "may", "might", "the", "their", "its", "it", "they",
    "in", "of", "more", "less", "fewer", "across", "into", "after", "before", "while",
    "whom", "whose", "not", "up", "down", "compared", "said", "says", "according",
}  # fmt: skip
_IN_CARE = re.compile(r"(?i)^(?:in care|in need|in the care system|leaving care|on child protection plans|on a child protection plan)\b")


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def subject_after(text: str, end: int) -> str | None:
    """The noun phrase a number measures: "78,150 children in care" → "children in care"."""
    rest = text[end : end + 120]
    skip = _SUBJECT_SKIP.match(rest)
    pos = skip.end() if skip else 0
    words: list[str] = []
    for m in re.finditer(r"[\w'’-]+|[^\w\s]", rest[pos:]):
        word = m.group()
        if not re.match(r"[\w'’]", word) or word.lower() in _SUBJECT_STOP or word[:1].isdigit():
            care = _IN_CARE.match(rest[pos + m.start() :])
            if care and words:
                words.append(care.group())
            break
        words.append(word)
        if len(words) == 5:
            break
    phrase = " ".join(words).strip()
    return phrase or None


def period_near(text: str, start: int, end: int) -> str | None:
    """Years or a span written in the number's sentence, after it first, then before."""
    s_start, s_end = sentence_bounds(text, start, end)
    for lo, hi in ((end, s_end), (s_start, start)):
        for m in _PERIOD.finditer(text, lo, hi):
            if m.group("a"):
                return f"{m.group('a')}-{m.group('b')}"
            if m.group("c"):
                return f"{m.group('c')}-{m.group('d')}"
            for key in ("fy", "since", "rel", "this", "year"):
                if m.group(key):
                    return re.sub(r"\s+", " ", m.group(key))
    return None


#: a word after a number in words that shows it does not count anything here
_WORD_COUNT_NOT_BEFORE = re.compile(
    r"(?i)\s*(?:-|–|or\b|to\b|and\b|o['’]clock|of\s+(?:us|them|you|those|these|which|whom)\b|"
    r"(?:am|pm)\b|(?:st|nd|rd|th)\b|[)\]]|[.,;:!?]|$)"
)
#: "one or two homes": a guess between two numbers, not a count
_ALTERNATIVE_BEFORE = re.compile(r"(?i)\b\w+\s+or\s+$")
#: a change or total whose noun went before: "risen by two thousand", "cut from nineteen to seven"
_CHANGE_BEFORE = re.compile(
    rf"(?i)\b(?:risen|rose|rise|fallen|fell|fall|grown|grew|increased|decreased|dropped|cut|down|up|reached|totalled|hit)"
    rf"\s+(?:by|to|from)\s+(?:{_QUALIFIER})?$|\bfrom\s+[a-z-]+\s+to\s+(?:{_QUALIFIER})?$"
)
_DOZEN = re.compile(r"(?i)(?<![\w-])(?P<n>a|[a-z]+)\s+dozen\b")
#: a qualifier written after the number, which stays in the statistic's text ("five or more")
_OR_MORE = re.compile(r"(?i)\s+or\s+(?:more|fewer|less|over|above|under)\b")
_WORD_COUNT_NOUN = re.compile(r"\s+(?:of\s+)?[a-z]")


def _in_words(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, dict[str, Any]]]:
    """Statistics written in words, read by text2num (:mod:`caretext.nlp.number_words`):
    "forty-two per cent", "one in five", "three times as likely", "a third of",
    "two-thirds", "nearly half", "fifteen councils", "four times a year"."""
    found: list[tuple[int, int, dict[str, Any]]] = []
    numbers = find_number_words(text)
    used: set[int] = set()
    by_start = {n.start: k for k, n in enumerate(numbers)}

    def add(k: int, start: int, end: int, kind: str, info: dict[str, Any]) -> None:
        begin, _ = _with_qualifier(text, start, kind)
        if not overlaps(begin, end, taken):
            found.append((begin, end, info))
        used.add(k)

    for m in _HALVES.finditer(text):
        numerator = 1.0 if m.group("n") is None or m.group("n").lower() in ("a", "an", "one") else words_value(m.group("n"))
        if numerator is None:
            continue
        plural = m.group("d").lower() in ("halves", "quarters")
        if plural != (numerator > 1) or not _fraction_reads(text, m.start(), m.end()):
            continue
        value = numerator / (2 if m.group("d").lower().startswith("hal") else 4)
        begin, _ = _with_qualifier(text, m.start(), "fraction")
        if not overlaps(begin, m.end(), taken):
            found.append((begin, m.end(), {"value": round(value, 4), "unit": "ratio", "rule": "fraction-words"}))
            used.update(k for k, n in enumerate(numbers) if overlaps(n.start, n.end, [(begin, m.end())]))
    for m in _DOZEN.finditer(text):  # "a dozen councils", "two dozen homes" (text2num reads no dozens)
        n = 1.0 if m.group("n").lower() in ("a", "one") else words_value(m.group("n"))
        if n is not None and _counts_something(text, m.start(), m.end(), n * 12):
            add(-1, m.start(), m.end(), "count", {"value": n * 12, "unit": "count", "rule": "count-words"})
            used.update(k for k, x in enumerate(numbers) if m.start() <= x.start < m.end())
    for k, num in enumerate(numbers):
        if k in used:
            continue
        if num.ordinal:
            frac = _ordinal_fraction(text, numbers, k)
            if frac:
                start, value = frac
                if _fraction_reads(text, start, num.end):
                    add(k, start, num.end, "fraction", {"value": round(value, 4), "unit": "ratio", "rule": "fraction-words"})
                    used.add(k - 1)
            continue
        percent = _PERCENT_REST.match(text, num.end)
        ratio = _RATIO_REST.match(text, num.end)
        times = _TIMES_REST.match(text, num.end)
        # "one in five", "one in 10": the second number in words or digits, larger than the first
        other = by_start.get(ratio.end()) if ratio and not ratio.group("digits") else None
        b = float(ratio.group("digits")) if ratio and ratio.group("digits") else numbers[other].value if other is not None else 0.0
        is_ratio = 0 < num.value < b and (other is None or not numbers[other].ordinal)
        if percent:
            add(k, num.start, percent.end(), "word", {"value": num.value, "unit": "percent", "rule": "percent-words"})
        elif ratio and is_ratio:
            end = ratio.end() if other is None else numbers[other].end
            if other is not None:
                used.add(other)
            add(k, num.start, end, "ratio", {"value": round(num.value / b, 4), "unit": "ratio", "rule": "one-in-n-words"})
        elif times:
            add(k, num.start, times.end(), "word", {"value": num.value, "unit": "times", "rule": "times-words"})
        elif _counts_something(text, num.start, num.end, num.value):
            rate = _RATE.match(text, num.end)
            unit = f"count_per_{rate.group('per')}" if rate else "count"
            more = _OR_MORE.match(text, num.end)
            add(k, num.start, more.end() if more else num.end, "count", {"value": num.value, "unit": unit, "rule": "count-words"})
    return found


def _ordinal_fraction(text: str, numbers: list[NumberWords], k: int) -> tuple[int, float] | None:
    """(start, value) when the ordinal at ``k`` is a fraction's denominator: "a third",
    "two-thirds", "three fifths" (a numerator right before it, in number agreement)."""
    den = numbers[k]
    if not 3 <= den.value <= 10 or re.match(r"[\w-]", text[den.end : den.end + 1]):
        return None  # "the third time" has no numerator; "third-party" is a compound
    plural = den.text.lower().endswith("s")
    gap = text[max(0, den.start - 1) : den.start]
    if gap not in (" ", "-"):
        return None
    before = den.start - 1
    article = re.search(r"(?i)(?<![\w-])(an?)$", text[max(0, before - 3) : before])
    if article and not plural:
        return before - len(article.group(1)), 1 / den.value
    if k > 0 and numbers[k - 1].end == before and not numbers[k - 1].ordinal:
        n = numbers[k - 1].value
        if (n > 1) == plural and n < den.value:
            return numbers[k - 1].start, n / den.value
    return None


def _fraction_reads(text: str, start: int, end: int) -> bool:
    """A fraction is a measure when qualified ("nearly half") or followed by what it is a
    fraction of ("a third of", "half the", "half as many")."""
    _, qual = _with_qualifier(text, start, "fraction")
    if qual is not None or _FRACTION_FOLLOW.match(text, end) is not None:
        return True
    # "a quarter were aged 12 or under", "half said": a fraction with its numerator as a subject
    counted = re.match(r"(?i)(?:a|an|one|two|three|four|five|six|seven|eight|nine|half)\b", text[start:end])
    return counted is not None and _FRACTION_VERB.match(text, end) is not None


def _counts_something(text: str, start: int, end: int, value: float) -> bool:
    """A number in words counts something ("fifteen councils", "three of its homes") unless it
    is a single thing, a duration or age, a label, part of a name, or not before a noun."""
    if _OR_MORE.match(text, end):
        return value >= 2  # "five or more"
    change = _CHANGE_BEFORE.search(text, max(0, start - 40), start)
    if change and value >= 2 and not _AGE_BEFORE.search(text, max(0, start - 30), start):
        return not _AFTER_NOT_MEASURE.match(text[end : end + 40])  # "risen by more than two thousand", "from nineteen to seven"
    if value < 2 or _WORD_COUNT_NOT_BEFORE.match(text, end) or not _WORD_COUNT_NOUN.match(text, end):
        return False
    after = text[end : end + 40]
    if _AFTER_NOT_MEASURE.match(after):
        return False
    before = text[max(0, start - 30) : start]
    if _LABEL_BEFORE.search(before) or _AGE_BEFORE.search(before) or _ALTERNATIVE_BEFORE.search(before):
        return False
    if text[start].isupper():
        prev = before.rstrip()
        return not prev or prev[-1] in ".!?:\"“‘'" or "\n" in before[len(prev):]
    return True


class StatisticRecognizer:
    """Puts statistics in ``doc.spans["statistics"]`` (not for decisions, whose sums are
    remedies and whose numbers are paragraphs and dates)."""

    def __init__(self, skip_kinds: list[str] | tuple[str, ...] = ("decision",)) -> None:
        self.skip_kinds = frozenset(skip_kinds)

    def __call__(self, doc: Doc) -> Doc:
        if doc._.doc_kind in self.skip_kinds:
            doc.spans[SPAN_KEY] = []
            release_text(doc)
            return doc
        text = text_of(doc)
        blocked = [(s.start_char, s.end_char) for key in (DATES, REFERENCES) for s in doc.spans.get(key, [])]
        blocked += [m.span() for m in _PHONE.finditer(text)]
        # a headline or crosshead repeats a figure the body states with its context
        blocked += reading_of(doc).heading_spans()
        found: list[tuple[int, int, dict[str, Any]]] = []
        low: str | None = text.lower()
        if low is not None and len(low) != len(text):
            low = None
        for m in MONEY.finditer(text):
            value, per = parse_money(m)
            start = self._qualified(text, m.start())
            unit = f"gbp_per_{per}" if per in _MONEY_RATE else "gbp"
            found.append((start, m.end(), {"value": value, "unit": unit, "rule": "money"}))
        floor = 0
        for m in PERCENT.finditer(text, low):
            start, _ = _with_qualifier(text, m.start(), "word", floor)
            floor = m.end()
            found.append((start, m.end(), {"value": _number(m.group("num")), "unit": "percent", "rule": "percent"}))
        floor = 0
        for m in RATIO.finditer(text, low):
            start, _ = _with_qualifier(text, m.start(), "ratio", floor)
            floor = m.end()
            a, b = float(m.group("a")), float(m.group("b"))
            if 0 < a < b:
                found.append((start, m.end(), {"value": round(a / b, 4), "unit": "ratio", "rule": "one-in-n"}))
        floor = 0
        folded = low if low is not None else text.lower()
        multiples = any(w in folded for w in ("doubl", "trebl", "tripl", "quadrupl"))
        for m in MULTIPLE.finditer(text, low) if multiples else ():
            start, qual = _with_qualifier(text, m.start(), "multiple", floor)
            floor = m.end()
            if qual or m.group("word").lower() in ("double", "treble", "triple", "quadruple"):
                value = {"doub": 2, "treb": 3, "trip": 3, "quad": 4}[m.group("word").lower()[:4]]
                found.append((start, m.end(), {"value": float(value), "unit": "times", "rule": "multiple"}))
        floor = 0
        times = any(w in folded for w in ("twice", "times"))
        for m in TIMES.finditer(text, low) if times else ():
            start, _ = _with_qualifier(text, m.start(), "word", floor)
            floor = m.end()
            value = 2.0 if m.group("twice") else float(m.group("n"))
            found.append((start, m.end(), {"value": value, "unit": "times", "rule": "times"}))
        found += _in_words(text, [(s, e) for s, e, _ in found])
        taken = [(s, e) for s, e, _ in found]
        floor = 0
        for m in COUNT.finditer(text, low):
            num_start = m.start("num")
            start, qual = _with_qualifier(text, num_start, "count", floor)
            floor = m.end()
            if overlaps(num_start, m.end(), taken) or not self._is_measure(text, m, qual):
                continue
            value = _number(m.group("num"))
            if m.group("mag"):
                value *= _MAGNITUDE[m.group("mag").lower()]
            unit = "count"
            rate = _RATE.match(text, m.end())
            if rate:
                unit = f"count_per_{rate.group('per')}"
            found.append((start, m.end(), {"value": value, "unit": unit, "rule": "count"}))
        spans = []
        for start, end, info in found:
            if overlaps(start, end, blocked):
                continue
            span = span_at(doc, start, end, "STATISTIC")
            if span is None:
                continue
            info = {
                **info,
                "value": round(float(info["value"]), 4),
                "subject": subject_after(text, end),
                "period": period_near(text, start, end),
            }
            span._.statistic = info
            spans.append(span)
        doc.spans[SPAN_KEY] = filter_spans(spans)
        release_text(doc)  # the last caretext component: the cached text is not kept
        return doc

    @staticmethod
    def _qualified(text: str, start: int) -> int:
        """Extend a sum leftwards over its qualifier ("almost £800m")."""
        m = re.search(rf"(?i)(?:{_QUALIFIER})+$", text[max(0, start - 40) : start])
        return start - len(m.group()) if m else start

    @staticmethod
    def _is_measure(text: str, m: re.Match[str], qual: str | None) -> bool:
        num = m.group("num")
        start, end = m.start("num"), m.end()
        before = text[max(0, start - 30) : start]
        after = text[end : end + 40]
        if _AFTER_NOT_MEASURE.match(after):
            return False
        plain = "," not in num and "." not in num and not m.group("mag")
        if plain and len(num) == 4 and 1800 <= int(num) <= 2100:
            return bool(re.match(r"\s+[a-z]+s\b", after)) and not re.search(
                r"(?i)\b(?:in|since|from|by|between|to|and|until|of|before|after|during)\s+$", before
            )
        if qual is None and _LABEL_BEFORE.search(before):
            return False
        if _AGE_BEFORE.search(before) or _APPOSITIVE_AGE.search(text, max(0, start - 40), end + 1):
            return False  # "aged 19 to 21", "Tayo Adeyemi, 20, who ..."
        if qual and re.search(r"(?i)(?:under|over)\s+$", qual) and int(float(num.replace(",", ""))) <= 25 and not re.match(r"\s+[a-z]+s\b", after):
            return False  # "children under 16"
        if text[start - 1 : start] in ("\n", "") and re.match(r"[.)]\s", after):
            return False  # "1. " list numbering at a line start
        # SE1, Covid-19, 7JY: a number glued to letters is part of a code
        return not (re.search(r"[A-Za-z]-?$", before) or re.match(r"[A-Za-z]", after))


@Language.factory(
    "caretext_statistics",
    default_config={"skip_kinds": ["decision"]},
    requires=["span._.date", "span._.reference"],  # numbers that are dates or references are not measures
    assigns=["doc.spans", "span._.statistic"],
)
def make_statistic_recognizer(nlp: Language, name: str, skip_kinds: list[str]) -> StatisticRecognizer:
    """``skip_kinds``: document kinds whose numbers are not statistics (a decision's sums are
    remedies, its numbers paragraphs and dates)."""
    return StatisticRecognizer(skip_kinds)
