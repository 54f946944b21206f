"""Which council (or other body) a document is about: the subject of a decision or an article.

Document-level reasoning with a home of its own, typed: it reads the mentions the council component
found (``code -> [Mention]``) and the document, and returns codes. A decision names the body complained
about in its heading ("Kent County Council (18 009 200)"); failing that, the council named just before
a heading reference or after "complaint against", else the one named most. An article's subjects are
the councils in its headline and lead, the one it names most (not as a speaker's employer), and those
that open paragraphs of their own in a story comparing several.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from caretext.document import Document
from caretext.findings import Council, Mention, Organisation
from caretext.patterns import BRACKETED_REFERENCE

if TYPE_CHECKING:
    from caretext.nlp.councils import CouncilRecognizer

_HEADING_REF = re.compile(r"\s*" + BRACKETED_REFERENCE.pattern)
_AGAINST = re.compile(r"(?i)\bcomplain(?:t|ts|ed|s|ing)?\s+(?:made\s+)?(?:against|about)\s+(?:the\s+)?$")
_EMPLOYER = re.compile(r"\b(?:at|of|for|from)\s+(?:the\s+)?$")
#: characters from the start of an article that count as its headline and lead
LEAD_CHARS = 400
#: a body complained about that is not a council: schools and their admission authorities, trusts
NON_COUNCIL_BODY = re.compile(
    r"(?i)\b(?:school|academy|college|governing body|governors|trust|diocese|diocesan|federation|"
    r"admission authority|admissions authority|board|partnership|commissioner|police|fire and rescue)\b"
)

Named = dict[str, list[Mention]]


def _first(mentions: list[Mention]) -> int:
    return min((m.start for m in mentions), default=0)


class SubjectResolver:
    """Decides a document's subject councils from the council linker and the mentions found."""

    def __init__(self, linker: CouncilRecognizer) -> None:
        self.linker = linker

    def councils(self, document: Document, named: Named) -> list[str]:
        """Council codes the document is about (a decision has at most one)."""
        if document.kind == "decision":
            return self._decision(document, named)
        return self._article(document, named)

    def _decision(self, document: Document, named: Named) -> list[str]:
        text = document.text
        header = document.source_metadata.get("organisation")
        if header:
            rec = self.linker.link_name(header, document.published)
            if rec is not None:
                return [rec.code]
            if NON_COUNCIL_BODY.search(header):
                return []  # a school or trust is complained about: no council is the subject
        for rule in (
            lambda m: m.start < 600 and _HEADING_REF.match(text, m.end) is not None,
            lambda m: _AGAINST.search(text[max(0, m.start - 60) : m.start]) is not None,
        ):
            hits = [code for code, ms in named.items() if any(rule(m) for m in ms)]
            if hits:
                return [min(hits, key=lambda c: _first(named[c]))]
        counts = Counter({code: len(ms) for code, ms in named.items()})
        return [counts.most_common(1)[0][0]] if counts else []

    def _article(self, document: Document, named: Named) -> list[str]:
        text = document.text
        subjects = [code for code, ms in named.items() if any(m.start < LEAD_CHARS for m in ms)]
        # a council named as a speaker's employer ("principal social worker at Leeds City Council")
        # is where a voice comes from, not what the story is about
        counted = {
            code: [m for m in ms if not _EMPLOYER.search(text[max(0, m.start - 12) : m.start])]
            for code, ms in named.items()
        }
        counts = Counter({code: len(ms) for code, ms in counted.items()})
        if counts:
            top, n = counts.most_common(1)[0]
            if n >= 2 and list(counts.values()).count(n) == 1 and top not in subjects:
                subjects.append(top)
        # a council that opens paragraphs of its own ("In Cornwall, ...", "Kent County Council has ...")
        # in a story comparing several is one of its subjects
        starts = {s for s, _e in document.paragraphs}
        for code, ms in counted.items():
            opening = [m for m in ms if any(0 <= m.start - p < 40 for p in starts)]
            if code not in subjects and len(ms) >= 2 and opening:
                subjects.append(code)
        return subjects

    def body_complained_about(
        self, document: Document, organisations: list[Organisation], councils: list[Council]
    ) -> list[str]:
        """For a decision: mark a non-council body complained about (a school's admission authority) as
        the subject organisation, adding it if the organisation component missed it; return the
        warnings a reader needs (a non-council subject; no subject at all)."""
        header = document.source_metadata.get("organisation")
        body = (
            header
            if header and self.linker.link_name(header, document.published) is None and NON_COUNCIL_BODY.search(header)
            else None
        )
        if body is not None:
            at = document.text.find(body)
            mentions = [Mention(text=body, start=at, end=at + len(body), page=document.page_at(at), method="heading",
                                score=1.0, rule="decision-heading")] if at >= 0 else []
            known = next((o for o in organisations if o.name in body or body in o.name), None)
            if known is not None:
                known.role = "subject"
            else:
                organisations.insert(0, Organisation(name=body, type="body complained about", role="subject",
                                                     mentions=mentions))
            return [f"the body complained about is not a council: {body} (reported as the subject organisation)"]
        if not any(c.role == "subject" for c in councils):
            return ["no subject council found: the decision does not name the council complained about"]
        return []
