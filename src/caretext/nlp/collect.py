"""From the spans of the caretext pipeline to the entity fields of ``Findings``.

The pipeline runs over paragraph-aligned chunks of a document; this module
shifts every span back to document offsets, adds the page, groups mentions of
the same council, organisation or person, and decides which council a
document is about (``subject``) and which it only mentions.

Subject rules, in order: for decisions, the council in the heading
("<Council> (NN NNN NNN)", also read from the page header of a saved web page),
then the council a complaint is "against", then the most-mentioned council;
"the Council" mentions then point at that one council. For articles and
reports, the council or councils named in the headline or lead paragraph and
the most-mentioned one (named at least twice) are subjects.
"""

from __future__ import annotations

import re
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
from caretext.nlp.councils import CouncilRecognizer
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
    people: dict[tuple[str, bool], list[tuple[Mention, dict[str, Any]]]] = defaultdict(list)
    quotes: list[tuple[Quote, dict[str, Any]]] = []

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
            people[(info["name"], info["pseudonym"])].append((mention_of(offset, span, info), info))
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
            quotes.append((quote, info))
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
        out.warnings += _resolver(nlp).body_complained_about(document, out.organisations, out.councils)
    out.people = _people(people)
    out.quotes = _quotes(quotes, out.people, out.councils)
    return out


#: roles that only a council has; with no organisation written they mean the article's council
_COUNCIL_ROLE = re.compile(
    r"(?i)\b(?:director of children['’]s services|cabinet member|lead member|portfolio holder|"
    r"council leader|leader of the council|deputy leader|chief executive of the council|"
    r"corporate director|executive director of children|councillor)\b"
)


def _quotes(
    quotes: list[tuple[Quote, dict[str, Any]]], people: list[Person], councils: list[Council]
) -> list[Quote]:
    """Speakers' roles and organisations from the whole document (a role written at the
    first mention serves every later quote); "a council spokesperson" speaks for the
    article's one subject council, or the one council it names."""
    by_name = {p.name: p for p in people if not p.pseudonym}
    subjects = [c for c in councils if c.role == "subject"]
    only = subjects if len(subjects) == 1 else councils if len(councils) == 1 else []
    out = []
    for quote, info in quotes:
        person = by_name.get(quote.speaker or "") if info["kind"] == "person" else None
        if person is not None:
            quote.role = quote.role or person.role
            quote.organisation = quote.organisation or person.organisation
        if quote.organisation == "council":
            quote.organisation = only[0].name if only else None
            if quote.speaker == "council":
                quote.speaker = quote.organisation
        elif quote.organisation is None and _COUNCIL_ROLE.search(quote.role or ""):
            # "In Kirklees, Councillor Elaine Mortimer, the cabinet member for children, said";
            # "interim director of children's services Paul Deverell" in a story about one council
            near = [
                (m.start, c.name)
                for c in councils
                for m in c.mentions
                if quote.start - 600 <= m.start < quote.start and m.method != "anaphora"
            ]
            quote.organisation = max(near)[1] if near else only[0].name if only else None
        out.append(quote)
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


#: what a pseudonymised party is, most telling first: a relation written beside the name outranks
#: "complains", which any party may do
_PARTY_ORDER = ("child", "parent", "relative", "carer", "complainant")


def _party_role(roles: list[str | None]) -> str:
    """One role for a pseudonym from its mentions; a party the text never places is a complainant
    (real statements name the complainant most, and rarely say so every time)."""
    known = [r for r in roles if r]
    for role in _PARTY_ORDER:
        if role in known:
            return role
    return "complainant"


def _people(groups: dict[tuple[str, bool], list[tuple[Mention, dict[str, Any]]]]) -> list[Person]:
    """One Person per name; "Ms Okafor" joins "Ruth Okafor"; pseudonyms never join anyone."""
    full = [name for name, pseudo in groups if not pseudo and " " in name]
    merged: dict[tuple[str, bool], list[tuple[Mention, dict[str, Any]]]] = defaultdict(list)
    for (name, pseudo), items in groups.items():
        target = name
        if not pseudo and " " not in name:
            owners = [f for f in full if f.split()[-1] == name]
            if len(owners) == 1:
                target = owners[0]
        merged[(target, pseudo)].extend(items)
    people = []
    for (name, pseudo), items in merged.items():
        items.sort(key=lambda item: item[0].start)
        role = _party_role([info["role"] for _, info in items]) if pseudo else next(
            (info["role"] for _, info in items if info["role"]), None
        )
        org = next((info["organisation"] for _, info in items if info["organisation"]), None)
        people.append(
            Person(
                name=name,
                role=role,
                organisation=org,
                pseudonym=pseudo,
                mentions=[m for m, _ in items],
            )
        )
    return sorted(people, key=lambda p: p.mentions[0].start)
