"""What kind of document is this: decision, report, article or other.

Scored from signals real documents share, not from one phrase: an LGSCO
reference heading and the decision section headings for decisions; the
report's self-description, contents and recommendations for Ombudsman
reports; bylines, publisher metadata and reported speech for articles.
"""

from __future__ import annotations

import re

from caretext.document import Document, Kind
from caretext.patterns import BARE_DECISION_HEADING, BRACKETED_REFERENCE

_DECISION_SIGNALS = [
    (BRACKETED_REFERENCE, 2.0),
    (re.compile(r"(?i)\bthe ombudsman'?s final decision|\bombudsman['’]s final decision"), 2.0),
    (re.compile(r"(?im)^summary\s*:"), 1.5),
    (re.compile(r"(?im)^the complaint\s*$"), 1.0),
    (
        re.compile(
            r"(?im)^(agreed action|final decision|my assessment|what i found|conclusions?)\s*$"
        ),
        1.0,
    ),
    (re.compile(r"(?i)\b(i|we) (have|has) (found|not found) fault|\bwe will not investigate"), 1.0),
    # old-format pages and report summaries: the Ombudsman's finding (the bare reference heading
    # they open with is weighed in detect_kind)
    (re.compile(r"(?i)\bthe ombudsman (?:upheld|has upheld|did not uphold|found fault|finds fault|has found|will not investigate)"), 1.0),
]
_REPORT_SIGNALS = [
    (re.compile(r"(?i)report by the local government (and social care )?ombudsman"), 3.0),
    (
        re.compile(
            r"(?i)\b(focus report|public interest report|investigation into a complaint|learning lessons from complaints|annual review)\b"
        ),
        2.0,
    ),
    (re.compile(r"(?im)^(contents|table of contents)\s*$"), 1.5),
    (re.compile(r"(?im)^recommendations\b"), 1.0),
    (re.compile(r"(?im)^questions for (council )?scrutiny"), 1.0),
    (re.compile(r"(?im)^case stud(y|ies)\b"), 1.0),
    (re.compile(r"(?im)^(foreword|introduction)\s*$"), 0.5),
    (re.compile(r"(?i)\bthe complaints we (investigated|received|upheld)\b"), 1.0),
]
_ARTICLE_SIGNALS = [
    (
        re.compile(
            r"(?i)\b(said|says|added|told)\b[^.\n]{0,40}[:,]?\s*[\"“‘']|[\"”’'],?\s+(he|she|they|[A-Z][a-z]+) (said|added|says)"
        ),
        2.0,
    ),
    (re.compile(r"(?i)\b(spokes(man|woman|person)|chief executive|chair of|minister)\b"), 1.0),
    # news without quotes: figures reported on someone's authority
    (re.compile(r"(?i)\baccording to (the |new |latest |official )?(figures|data|analysis|statistics|the [A-Z]|[A-Z])"), 1.0),
    (
        re.compile(
            r"(?i)\b(figures|statistics|data|analysis|survey|research) (published|released|compiled|obtained|show|shows|showed|suggest|found|reveal)"
        ),
        1.0,
    ),
]
_STOPWORDS = frozenset(
    "the of and to a in is that for it was on with as be by this are "
    "not at or from have has an they which their but been were had will would council children".split()
)


def english_ratio(text: str) -> float:
    words = re.findall(r"[A-Za-z]+", text[:20000].lower())
    if not words:
        return 0.0
    return sum(1 for w in words if w in _STOPWORDS) / len(words)


def detect_kind(doc: Document) -> Kind:
    text = doc.text
    head = text[:6000]
    decision = sum(w for rx, w in _DECISION_SIGNALS if rx.search(head))
    first_line = text.lstrip().split("\n", 1)[0]
    if BARE_DECISION_HEADING.match(first_line):
        decision += 2.0  # "15 010 742" alone on the first line: an old-format page or report summary
    report = sum(w for rx, w in _REPORT_SIGNALS if rx.search(text[:20000]))
    article = sum(w for rx, w in _ARTICLE_SIGNALS if rx.search(text[:20000]))
    if doc.author or doc.publisher:
        article += 1.5
    if doc.published and doc.format != "pdf":
        article += 0.5  # a dated web page
    if doc.source_metadata.get("decision"):
        decision += 3.0
    if doc.source_metadata.get("reference") and doc.format != "pdf":
        decision += 1.0  # a saved page or text headed by an Ombudsman reference
    if doc.page_count >= 12:
        report += 1.0
    # a web page that reports on a report ("the Ombudsman's focus report found ...") is news
    news_page = doc.format != "pdf" and article >= 2.0 and report < 5.0
    if report >= 3.0 and report >= decision and not news_page:
        return "report"
    if decision >= 3.0:
        return "decision"
    if article >= 2.0:
        return "article"
    return "other"
