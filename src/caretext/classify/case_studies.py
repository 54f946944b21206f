"""Ombudsman reports: their case studies read like small decisions, their recommendations listed.

A focus report or annual review tells its cases under headings ("Case study 2:
the uncle who waited nine months", "Mrs D's story"). Each case study runs to
the next case study or to the next report-level section (recommendations,
questions for scrutiny, conclusions) and is read with the decision rules: the
outcome from its decisive wording ("We found fault", "we did not find
fault"), its remedies with their arithmetic (the same rules and
``data/remedy_rules.jsonl`` as decisions) and the council it names most.
Recommendations are the paragraphs and bullets under a recommendations or
scrutiny-questions heading.
"""

from __future__ import annotations

import re
from typing import Any

from caretext.classify.remedies import find_remedies
from caretext.document import Document
from caretext.findings import CaseStudy, Council, Evidence, Outcome
from caretext.reading import Section, Sentence, is_heading, sections, sentences

CASE_HEADING = re.compile(
    r"(?i)^(?:case stud(?:y|ies)\b.*|(?:mr|mrs|ms|miss|mx)\s+[a-z]['’]s\s+(?:story|case|complaint)\b.*|"
    r".{1,40}['’]s story\b.*|the story of\b.*)$"
)
SECTION_HEADING = re.compile(
    r"(?i)^(?:recommendations?|our recommendations|conclusions?|questions? (?:for|councillors|to ask)\b.*|"
    r"lessons?\b.*|what (?:councils|we|you) (?:should|can|need)\b.*|about (?:us|the ombudsman)|introduction|"
    r"background|foreword|contents|summary|key findings|next steps|further information|appendix\b.*|"
    r"annex\b.*|good practice\b.*|checklist\b.*|the (?:law|legal framework)\b.*)$"
)
RECOMMENDATION_HEADING = re.compile(
    r"(?i)^(?:recommendations?|our recommendations|questions? (?:for|councillors|to ask)\b.*|"
    r"what (?:councils|you) should do\b.*|checklist\b.*|good practice\b.*)$"
)
_FAULT = re.compile(
    r"(?i)\b(?:we|i|the ombudsman) (?:found|find|decided) (?:that )?(?:there was |this was |it was )?"
    r"(?:fault|the council (?:was )?at fault)|\bthis was fault\b|\bwas at fault\b|\bfault causing injustice\b"
)
_NO_FAULT = re.compile(r"(?i)\b(?:did not|didn['’]t) find (?:any )?fault\b|\bno fault\b|\bwas not at fault\b")


_PUT_RIGHT = re.compile(
    r"(?i)\b(?:agreed to|agrees to|to put (?:things|this|matters) right|we (?:asked|recommended|told) the council|"
    r"the council (?:will|should|has agreed|must)|(?:has|have) (?:now )?(?:apologised|paid))\b"
)


def _is_heading(text: str) -> bool:
    """A report's headings may be longer than a press crosshead, and may lead in with a colon."""
    return is_heading(text.rstrip().rstrip(":"), max_words=16)


def report_fields(doc: Document, councils: list[Council]) -> dict[str, Any]:
    """``case_studies`` and ``recommendations`` of a report, with offsets and pages."""
    paragraphs = [(s, e, doc.text[s:e].strip()) for s, e in doc.paragraphs]
    heads = [(s, e, t) for s, e, t in paragraphs if _is_heading(t)]
    cases: list[CaseStudy] = []
    recommendations: list[Evidence] = []
    for k, (start, end, title) in enumerate(heads):
        nxt = heads[k + 1 :]
        if CASE_HEADING.match(title):
            stop = next(
                (s for s, _e, t in nxt if CASE_HEADING.match(t) or SECTION_HEADING.match(t)), len(doc.text)
            )
            cases.append(_case_study(doc, title, start, end, stop, councils))
        elif RECOMMENDATION_HEADING.match(title):
            stop = next((s for s, _e, t in nxt if not t.startswith(("•", "-", "–"))), len(doc.text))
            for p_start, p_end, text in paragraphs:
                if end <= p_start and p_end <= stop and not _is_heading(text.lstrip("•-– ")):
                    lead = len(doc.text[p_start:p_end]) - len(doc.text[p_start:p_end].lstrip("•-– "))
                    recommendations.append(Evidence.at(doc, p_start + lead, p_end))
    return {"case_studies": cases, "recommendations": recommendations}


def _case_study(
    doc: Document, title: str, start: int, title_end: int, stop: int, councils: list[Council]
) -> CaseStudy:
    body = doc.text[title_end:stop]
    secs = sections(body) or [Section("findings", "", 0, len(body))]
    sents = [
        Sentence(s.start + title_end, s.end + title_end, s.role, s.text) for s in sentences(body, secs)
    ]
    # the remedy zone: an "agreed action" sub-heading, else from the first sentence that puts
    # things right ("To put things right, the council agreed to ...") to the end of the case
    if not any(s.role == "agreed" for s in sents):
        first = next((k for k, s in enumerate(sents) if _PUT_RIGHT.search(s.text)), len(sents))
        sents = [Sentence(s.start, s.end, "agreed" if k >= first else "findings", s.text) for k, s in enumerate(sents)]
    remedies = [r.to_finding(doc) for r in find_remedies(sents)]
    named = [
        (sum(1 for m in c.mentions if start <= m.start < stop and m.method != "anaphora"), c)
        for c in councils
    ]
    named = [(n, c) for n, c in named if n]
    council = max(named, key=lambda nc: nc[0])[1] if named else None
    return CaseStudy(
        title=title,
        council=council.name if council else None,
        gss=council.gss if council else None,
        outcome=_outcome(doc, sents),
        remedies=remedies,
        start=start,
        end=len(doc.text[:stop].rstrip()),
        page=doc.page_at(start),
    )


def _outcome(doc: Document, sents: list[Sentence]) -> Outcome | None:
    for pattern, label in ((_NO_FAULT, "not_upheld"), (_FAULT, "upheld")):
        hit = next((s for s in sents if pattern.search(s.text)), None)
        if hit is not None:
            return Outcome(
                label=label,  # type: ignore[arg-type]
                detail="no_fault" if label == "not_upheld" else None,
                score=0.9,
                evidence=Evidence.at(doc, hit.start, hit.end),
                method="rule",
                rule="case-study-no-fault" if label == "not_upheld" else "case-study-fault",
            )
    return None
