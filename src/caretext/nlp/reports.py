"""Named reports and publications, as the ``caretext_reports`` spaCy component.

Articles name what they report on in a few set ways: an appositive ("The
report, Lost in Transition: care leavers and the housing gap, found"), a
naming verb ("a review called Nowhere Safe"), a title in
quotation marks next to a publication noun ("the ‘Bright Spots’ survey"), or a
body's periodic publication ("the Ombudsman's annual review"). The publisher is
the organisation the sentence ties to it ("by the LGA", "Ofsted's", "published
by"), else the organisation named nearest before it in the sentence.

Each span gets ``span._.report`` = ``{"title", "publisher", "rule"}``.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from caretext.nlp.councils import SPAN_KEY as COUNCILS
from caretext.nlp.matching import span_at, text_of
from caretext.nlp.organisations import SPAN_KEY as ORGANISATIONS
from caretext.reading import sentence_bounds

SPAN_KEY = "reports"

if not Span.has_extension("report"):
    Span.set_extension("report", default=None)

_NOUN = (
    r"(?:report|review|study|inquiry|paper|strategy|briefing|survey|analysis|research|guidance|"
    r"consultation|white paper|green paper|plan|framework|document|publication|guide|toolkit|"
    r"checklist|audit|evaluation|assessment|bulletin|dashboard|index|commission|release|statistics)"
)
_TITLE = r"[A-Z0-9](?:[^\n\"“”‘’]|[’'](?=[a-z])){1,140}?"
_OPEN, _CLOSE = "[\"“‘']", "[\"”’'](?![a-z])"
_DET = r"(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Hh]er|[Hh]is|[Oo]ur|[Tt]his|[A-Z][\w’'&-]*(?:\s+[A-Z][\w’'&-]*)*['’]s)"
_PATTERNS = (
    (
        "named",
        re.compile(
            rf"\b{_NOUN},?\s+(?:which\s+is\s+|is\s+)?(?:called|titled|entitled|named|dubbed|published\s+as)\s+"
            rf"{_OPEN}?(?P<title>{_TITLE}){_CLOSE}?(?=[,.;:]\s|\s+(?:found|finds|says|said|and|by|which|was|is|has|sets|makes|calls|warns|comes|published)\b|\s*\(|$)"
        ),
    ),
    (
        "quoted-appositive",  # "The report, “Nowhere to Call Home”, draws on ..."; "annual release, "Children looked after ...""
        re.compile(rf"\b{_NOUN},?\s+{_OPEN}(?P<title>[A-Z](?:[^\n\"“”‘’]|[’'](?=[a-z])){{2,140}}?){_CLOSE}"),
    ),
    (
        "appositive",  # "its report, Holding the Line: the funding of children’s social care, which finds"
        re.compile(
            rf"\b{_DET}\s+(?:[\w’'-]+\s+){{0,2}}?{_NOUN},\s+(?P<title>[A-Z][^\n,\"“”‘]{{2,140}}?),\s+(?=[a-z])"
        ),
    ),
    (
        "by-appositive",  # "A report by the National Audit Office in October, Support for ..., concluded"
        re.compile(
            rf"\b{_NOUN}\s+by\s+(?:the\s+)?[A-Z][^,.\n]{{2,80}},\s+(?P<title>[A-Z][^\n,\"“”‘]{{2,140}}?),\s+(?=[a-z])"
        ),
    ),
    (
        "quoted-before",
        re.compile(rf"{_OPEN}(?P<title>[A-Z](?:[^\n\"“”‘’]|[’'](?=[a-z])){{2,100}}?){_CLOSE}\s+{_NOUN}\b"),
    ),
    (
        "quoted-after",
        re.compile(rf"\b{_NOUN}\s+{_OPEN}(?P<title>[A-Z](?:[^\n\"“”‘’]|[’'](?=[a-z])){{2,100}}?){_CLOSE}"),
    ),
    (
        "periodic",  # "the Ombudsman's annual review of complaints", "Ofsted's annual report"
        re.compile(
            r"(?P<title>\b(?:(?P<owner>[A-Z][\w’'-]*['’]s)\s+(?:[a-z]+\s+){0,3}?)?(?:[Aa]nnual|[Yy]early)\s+(?:review|report)"
            r"(?:\s+(?:of|on|into)\s+(?:local government |adult social care |children['’]s social care |children['’]s services )?complaints)?)(?=[\s,.;:]|$)"
        ),
    ),
)
#: what a report is, when the article names it by description rather than by title
_KIND = (
    r"(?:report|review|study|inquiry|survey|audit|evaluation|letter|analysis|briefing|paper|"
    r"market study|statistics|data|investigation|assessment)"
)
#: words that describe a report without naming it ("latest", "damning"): not part of the title
_EPITHET = r"(?:(?:latest|new|recent|most\s+recent|first|final|own|damning|critical|scathing|long-awaited|interim|full|published|official)\s+)*"
#: a word of a report's description: lower case, not an article, pronoun or verb of the sentence
_DESC_WORD = r"(?!(?:the|a|an|its|their|this|that|to|and|or|was|is|has|had|were|are|which|who|of|in|on|by)\s)[a-z][\w’'-]*\s+"
#: who a described report belongs to: "Ofsted's", "the watchdog's", "its", "her"
_OWNER = r"(?P<owner>\b[A-Z][\w’'&-]*(?:\s+(?:of|for|and|[A-Z][\w’'&-]*))*['’]s|\b(?:[Tt]he\s+)?[a-z]+['’]s|\b(?:[Ii]ts|[Tt]heir|[Hh]er|[Hh]is))"
#: what a described report is about: "on Dudley Metropolitan Borough Council", "of children's complaints"
_ABOUT = r"(?:\s+(?:of|on|into|about)\s+(?:[A-Z][\w’'&-]*(?:\s+(?:of|and|[A-Z][\w’'&-]*))*|(?:[a-z][\w’'-]*\s+){0,3}?complaints))?"
_DESCRIBED = (
    (
        "described",  # "the Ombudsman's annual review of children's complaints", "the watchdog's report on Dudley ..."
        re.compile(rf"{_OWNER}\s+{_EPITHET}(?P<title>(?:{_DESC_WORD}){{0,3}}{_KIND}{_ABOUT})\b(?!,\s+[A-Z\"“‘])"),
    ),
    (
        "titled-kind",  # "its Careless report", "the Bright Spots survey"
        re.compile(rf"\b(?:[Ii]ts|[Tt]heir|[Tt]he|[A-Z][\w’'&-]*['’]s)\s+{_EPITHET}(?P<title>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){{0,5}})\s+(?:report|review|survey|study|inquiry)\b"),
    ),
    (
        "described-by",  # "a monitoring report by the DfE", "A child safeguarding practice review, commissioned by ..."
        re.compile(
            rf"\b(?:[Aa]n?|[Tt]he)\s+{_EPITHET}(?P<title>(?:{_DESC_WORD}){{1,3}}{_KIND}{_ABOUT})"
            r",?\s+(?=(?:(?:commissioned|carried\s+out|published|written|produced|led|issued)\s+)?(?:by|from)\s+(?:the\s+)?[A-Z]|(?:published|issued)\b)"
        ),
    ),
    (
        "described-about",  # "a public report about Medway Council"
        re.compile(rf"\b(?:[Aa]n?|[Tt]he)\s+{_EPITHET}(?P<title>(?:{_DESC_WORD}){{0,2}}(?:report|review|investigation|inquiry)\s+(?:about|on|into)\s+[A-Z][\w’'&-]*(?:\s+(?:of|and|[A-Z][\w’'&-]*))*)"),
    ),
)
_OWNED = frozenset({"described", "titled-kind"})
_NOT_TITLES = re.compile(r"(?i)^(?:the|this|that|it|a|an|which|and|but|published|last|this year|today)$")
_BY = re.compile(r"^[^.\n]{0,60}?\b(?:by|from|for)\s+(?:the\s+)?$")


class ReportRecognizer:
    """Puts named publications in ``doc.spans["reports"]``."""

    def __init__(self, skip_kinds: list[str] | tuple[str, ...] = ("decision",)) -> None:
        self.skip_kinds = frozenset(skip_kinds)

    def __call__(self, doc: Doc) -> Doc:
        if doc._.doc_kind in self.skip_kinds:
            doc.spans[SPAN_KEY] = []
            return doc
        text = text_of(doc)
        bodies = [
            (s.start_char, s.end_char, (s._.organisation or {}).get("name") or s.text)
            for key in (ORGANISATIONS,)
            for s in doc.spans.get(key, [])
        ] + [(s.start_char, s.end_char, (s._.council or {}).get("name") or s.text) for s in doc.spans.get(COUNCILS, [])]
        bodies.sort()
        found = []
        names = {name for _s, _e, name in bodies} | {text[s:e] for s, e, _n in bodies}
        for rule, pattern in (*_PATTERNS, *_DESCRIBED):
            for m in pattern.finditer(text):
                title = m.group("title").strip(" ,.;:")
                if rule == "titled-kind" and title in names:
                    continue  # "the Ofsted report": a body's report, not a title
                if rule.startswith("described") and re.fullmatch(rf"(?:{_EPITHET}|\w+\s+)?{_KIND}", title) and not re.match(
                    r"(?i)(?:annual|monitoring|inspection|market|workforce|serious case|practice|safeguarding|interim|public|progress)\s", title
                ):
                    continue  # "its report", "a new study": nothing names it
                if rule == "periodic" and m.group("owner"):  # "Ofsted’s most recent annual report"
                    title = m.group("owner") + title[title.lower().find(" annual") if " annual" in title.lower() else len(m.group("owner")) :]
                if _NOT_TITLES.match(title) or len(title) < 3:
                    continue
                if rule == "periodic" and not re.search(r"['’]s\s|\bcomplaints$", title):
                    continue  # a bare "annual report" names nothing
                start = m.start("title")
                span = span_at(doc, start, start + len(title), "REPORT")
                if span is None:
                    continue
                span._.report = {
                    "title": title,
                    # a described report's owner ("Ofsted's") stands before its title
                    "publisher": _publisher(text, m.start("title") if rule in _OWNED else m.start(), m.end(), bodies),
                    "rule": rule,
                }
                found.append(span)
        doc.spans[SPAN_KEY] = filter_spans(found)
        return doc


def _publisher(text: str, start: int, end: int, bodies: list[tuple[int, int, str]]) -> str | None:
    """The body the sentence ties to the publication."""
    s_start, s_end = sentence_bounds(text, start, end)
    after = [b for b in bodies if end <= b[0] < s_end]
    for b_start, _b_end, name in after:
        if _BY.match(text[end:b_start]):
            return name  # "... by the Local Government Association"
    before = [b for b in bodies if s_start <= b[0] and b[1] <= start]
    for b_start, b_end, name in reversed(before):
        gap = text[b_end:start]
        if re.match(r"^['’]s?\s", gap) or re.search(r"\bby\s+(?:the\s+)?$", text[s_start:b_start]):
            return name  # "Ofsted's annual report", "published by the Ombudsman, the report ..."
    # "The report, ..." refers back to "a new report by the charity Become" in the lines before
    earlier = [b for b in bodies if start - 400 <= b[0] and b[1] <= s_start]
    for b_start, _b_end, name in reversed(earlier):
        if re.search(r"\b(?:by|from)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}$", text[max(0, b_start - 40) : b_start]):
            return name
    if before:
        return before[-1][2]
    if earlier:
        return earlier[-1][2]
    return after[0][2] if after else None


@Language.factory(
    "caretext_reports",
    default_config={"skip_kinds": ["decision"]},
    requires=["span._.council", "span._.organisation"],  # the publisher
    assigns=["doc.spans", "span._.report"],
)
def make_report_recognizer(nlp: Language, name: str, skip_kinds: list[str]) -> ReportRecognizer:
    """``skip_kinds``: document kinds read without looking for named publications."""
    return ReportRecognizer(skip_kinds)
