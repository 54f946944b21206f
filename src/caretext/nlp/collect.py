"""From the spans of the caretext pipeline to the entity fields of ``Findings``.

The pipeline runs over paragraph-aligned chunks of a document; this module shifts every span back to
document offsets and adds the page. The document-level reasoning it calls has homes of its own, each
typed and tested: which council a document is about (``nlp/subjects.py``), which mentions are the same
person (``nlp/same_person.py``) and who a quoted speaker speaks for (``nlp/speakers.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from spacy.language import Language
from spacy.tokens import Doc, Span

from caretext.document import Document
from caretext.findings import (
    Council,
    DateMention,
    Legislation,
    Mention,
    Money,
    Organisation,
    Person,
    Publication,
    Quote,
    Reference,
    Statistic,
)
from caretext.nlp import same_person
from caretext.nlp.councils import CouncilRecognizer
from caretext.nlp.same_person import PersonMention
from caretext.nlp.speakers import SpokenQuote, speakers
from caretext.nlp.subjects import SubjectResolver


@dataclass
class Entities:
    """The entity fields of one document's findings."""

    councils: list[Council] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    legislation: list[Legislation] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    money: list[Money] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    reports: list[Publication] = field(default_factory=list)
    #: what the reader should know about the entities (no subject council found, a non-council body)
    warnings: list[str] = field(default_factory=list)


def collect(nlp: Language, document: Document, docs: Iterable[tuple[int, Doc]]) -> Entities:
    """Gather the entities of ``document`` from its spaCy ``docs`` (each with its chunk offset)."""
    out = Entities()
    council_spans: list[tuple[int, Span]] = []
    org_mentions: dict[str, list[Mention]] = defaultdict(list)
    org_info: dict[str, dict[str, Any]] = {}
    people: list[PersonMention] = []
    quotes: list[SpokenQuote] = []

    def where(offset: int, span: Span) -> tuple[int, int, int | None]:
        start = offset + span.start_char
        return start, offset + span.end_char, document.page_at(start)

    def mention_of(offset: int, span: Span, info: dict[str, Any]) -> Mention:
        start, end, page = where(offset, span)
        return Mention(
            text=span.text,
            start=start,
            end=end,
            page=page,
            method=info["method"],
            rule=info["rule"],
        )

    for offset, doc in docs:
        council_spans.extend((offset, s) for s in doc.spans.get("councils", []))
        for span in doc.spans.get("organisations", []):
            info = span._.organisation
            org_mentions[info["name"]].append(mention_of(offset, span, info))
            org_info.setdefault(info["name"], info)
        for span in doc.spans.get("people", []):
            info = span._.person
            people.append(
                PersonMention(
                    info["name"],
                    info["pseudonym"],
                    info["role"],
                    info["organisation"],
                    mention_of(offset, span, info),
                )
            )
        for span in doc.spans.get("legislation", []):
            info = span._.legislation
            start, end, page = where(offset, span)
            out.legislation.append(
                Legislation(
                    title=info["title"],
                    section=info["section"],
                    kind=info["kind"],
                    text=span.text,
                    start=start,
                    end=end,
                    page=page,
                )
            )
        for span in doc.spans.get("references", []):
            start, end, page = where(offset, span)
            out.references.append(
                Reference(
                    scheme=span._.reference["scheme"],
                    id=span._.reference["id"],
                    start=start,
                    end=end,
                    page=page,
                )
            )
        for span in doc.spans.get("money", []):
            start, end, page = where(offset, span)
            out.money.append(
                Money(
                    text=span.text,
                    value_gbp=span._.money["value_gbp"],
                    per=span._.money["per"],
                    start=start,
                    end=end,
                    page=page,
                )
            )
        for span in doc.spans.get("dates", []):
            start, end, page = where(offset, span)
            out.dates.append(
                DateMention(text=span.text, iso=span._.date["iso"], start=start, end=end, page=page)
            )
        for span in doc.spans.get("quotes", []):
            start, end, page = where(offset, span)
            info = span._.quote
            quote = Quote(
                speaker=info["speaker"],
                role=info["role"],
                organisation=info["organisation"],
                text=span.text,
                start=start,
                end=end,
                page=page,
                rule=info["rule"],
            )
            quotes.append(SpokenQuote(quote, info["kind"]))
        for span in doc.spans.get("reports", []):
            start, end, page = where(offset, span)
            info = span._.report
            if all(r.title != info["title"] for r in out.reports):  # named once, listed once
                out.reports.append(
                    Publication(
                        title=info["title"],
                        publisher=info["publisher"],
                        text=span.text,
                        start=start,
                        end=end,
                        page=page,
                    )
                )
        for span in doc.spans.get("statistics", []):
            start, end, page = where(offset, span)
            info = span._.statistic
            out.statistics.append(
                Statistic(
                    text=span.text,
                    value=info["value"],
                    unit=info["unit"],
                    subject=info["subject"],
                    period=info["period"],
                    start=start,
                    end=end,
                    page=page,
                    rule=info["rule"],
                )
            )

    out.councils = _councils(nlp, document, council_spans)
    out.organisations = [
        Organisation(
            name=name, id=org_info[name]["id"], type=org_info[name]["type"], mentions=mentions
        )
        for name, mentions in org_mentions.items()
    ]
    if document.kind == "decision":
        out.warnings += _resolver(nlp).body_complained_about(
            document, out.organisations, out.councils
        )
    out.people = same_person.people(people)
    out.quotes = speakers(quotes, out.people, out.councils)
    return out


def _councils(nlp: Language, document: Document, spans: list[tuple[int, Span]]) -> list[Council]:
    named: dict[str, list[Mention]] = defaultdict(list)
    payload: dict[str, dict[str, Any]] = {}
    anaphora: list[Mention] = []
    for offset, span in spans:
        info = span._.council
        start, end = offset + span.start_char, offset + span.end_char
        mention = Mention(
            text=span.text,
            start=start,
            end=end,
            page=document.page_at(start),
            method=info["method"],
            score=info["score"],
            rule=info["rule"],
        )
        if info["code"] is None:
            anaphora.append(mention)
        else:
            named[info["code"]].append(mention)
            payload.setdefault(info["code"], info)
    subjects = _resolver(nlp).councils(document, named)
    for code in subjects:
        if code not in payload:  # named only in the page header
            rec = _linker(nlp).gazetteer.by_code[code]
            payload[code] = {"code": code, "gss": rec.gss, "name": rec.name, "score": 1.0}
    if document.kind == "decision" and len(subjects) == 1:
        named[subjects[0]].extend(anaphora)
    councils = []
    for code in sorted(
        named.keys() | set(subjects), key=lambda c: (c not in subjects, _first(named[c]))
    ):
        mentions = sorted(named[code], key=lambda m: m.start)
        scores = [m.score for m in mentions if m.score is not None and m.method != "anaphora"]
        councils.append(
            Council(
                name=payload[code]["name"],
                gss=payload[code]["gss"],
                code=code,
                role="subject" if code in subjects else "mentioned",
                score=max(scores) if scores else 1.0,
                mentions=mentions,
            )
        )
    return councils


def _linker(nlp: Language) -> CouncilRecognizer:
    return cast(CouncilRecognizer, nlp.get_pipe("caretext_councils"))


def _first(mentions: list[Mention]) -> int:
    return min((m.start for m in mentions), default=0)


def _resolver(nlp: Language) -> SubjectResolver:
    return SubjectResolver(_linker(nlp))
