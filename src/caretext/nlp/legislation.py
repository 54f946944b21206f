"""Legislation and statutory guidance, as the ``caretext_legislation`` spaCy component.

What decisions cite: an Act, regulations or order by title and year ("Children
Act 1989"), a provision of one ("section 20 of the Children Act 1989",
"sections 26(1) and 26A(1) of the Local Government Act 1974", "Part 7 of the
Housing Act 1996", "Housing Act 1996, Part 7", "Regulation 24 of ..."), a bare
provision ("s17", "s.20", "s17(10)") that belongs to the Act in force in the
text around it, "the 1989 Act" (resolved to the Act of that year named
earlier), and the titles of statutory guidance (``legislation.jsonl``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from caretext.nlp.gazetteer import alias_key
from caretext.nlp.matching import phrase_matcher, span_at, text_of, trim_the

SPAN_KEY = "legislation"

if not Span.has_extension("legislation"):
    Span.set_extension("legislation", default=None)

_TITLE_JOIN = r"(?:and|of|for|on|to|with|in|&)"
_TITLE_WORD = rf"(?:[A-Z][\w'’-]*|\([A-Z][\w'’-]*(?:\s+(?:{_TITLE_JOIN}\s+)?[A-Z][\w'’-]*)*\))"
ACT = re.compile(
    rf"{_TITLE_WORD}(?:,?\s+(?:{_TITLE_JOIN}\s+)*{_TITLE_WORD}){{0,10}}?\s+"
    r"(?:Act|Regulations|Order|Rules|Measure)\s+(?P<year>1[89]\d\d|20\d\d)\b"
)
YEAR_ACT = re.compile(r"\b(?P<year>1[89]\d\d|20\d\d) (?P<what>Act|Regulations)\b")
_NUM = r"\d+[A-Z]{0,2}(?:\(\d+[A-Za-z]?\))*(?:\([a-z]{1,4}\))?"
_PROVISION_WORD = r"(?:[Ss]ections?|(?<![\w'’])s{1,2}\.?\s?(?=\d)|[Rr]egulations?|[Rr]eg\.|[Pp]aragraphs?|para\.|Part|Schedule|Article)"
PROVISION = re.compile(
    rf"(?<![\w'’])(?P<word>{_PROVISION_WORD})\s*(?P<nums>{_NUM}(?:\s*(?:,|and|or|to)\s*(?:{_PROVISION_WORD}\s*)?{_NUM})*)"
    r"(?P<tail>\s+(?:of|to|under)\s+(?:the\s+)?)?"
)
POST_PROVISION = re.compile(
    rf",?\s+(?P<word>Part|[Ss]ections?|Schedule|[Rr]egulations?)\s+(?P<nums>{_NUM}(?:\s*(?:,|and|or|to)\s*{_NUM})*)"
)
#: "Children Act 1989 (Higher Education Bursary) (England) Regulations 2009"
SUBORDINATE = re.compile(
    r"\s+(?:\([^()\n]{2,80}\)\s+)+(?:[A-Z][\w'’-]*\s+)*(?:Regulations|Order|Rules)\s+(?:1[89]|20)\d\d\b"
)
GUIDANCE_YEAR = re.compile(r"\s\(?(?:19|20)\d\d\)?(?![\d/])")
_LEADING = {
    "Under",
    "In",
    "The",
    "By",
    "See",
    "Both",
    "Section",
    "Sections",
    "Part",
    "Schedule",
    "And",
    "Of",
}


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    title: str
    section: str | None
    rule: str


class LegislationRecognizer:
    """Puts citations in ``doc.spans["legislation"]`` with ``span._.legislation`` =
    ``{"title", "section", "kind", "rule"}``."""

    def __init__(self, nlp: Language) -> None:
        from caretext.data import load_jsonl

        self.known = {alias_key(r["title"]): dict(r) for r in load_jsonl("legislation.jsonl")}
        for row in list(self.known.values()):
            for alias in row.get("aliases", []):
                self.known.setdefault(alias_key(alias), row)
        guidance: dict[str, list[str]] = {
            r["title"]: [r["title"], *r.get("aliases", [])]
            for r in self.known.values()
            if r["kind"] == "guidance"
        }
        self.guidance = phrase_matcher(nlp, guidance, "LOWER")
        self.default_sections = {
            s: r["title"] for r in load_jsonl("legislation.jsonl") for s in r.get("sections", [])
        }

    def canonical(self, title: str) -> tuple[str, str]:
        row = self.known.get(alias_key(title))
        if row:
            return row["title"], row["kind"]
        return title, "regulations" if "Regulations" in title else "act"

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        acts: list[_Found] = []
        for m in ACT.finditer(text):
            start = m.start()
            words = m.group().split()
            while len(words) > 3 and words[0] in _LEADING:
                start = text.index(words[1], start + len(words[0]))
                words.pop(0)
            end = m.end()
            sub = SUBORDINATE.match(text, end)
            if sub:
                end = sub.end()
            act_title, _ = self.canonical(text[start:end])
            acts.append(_Found(start, end, act_title, None, "act"))
        found: list[_Found] = list(acts)
        named = sorted(acts, key=lambda a: a.start)

        def act_before(pos: int, year: str | None = None) -> str | None:
            prior = [a for a in named if a.end <= pos and (year is None or a.title.endswith(year))]
            return prior[-1].title if prior else None

        for m in YEAR_ACT.finditer(text):
            if any(a.start <= m.start() < a.end for a in acts):
                continue
            year_title = (
                act_before(m.start(), m.group("year")) or f"{m.group('year')} {m.group('what')}"
            )
            found.append(_Found(m.start(), m.end(), year_title, None, "year-act"))
        for m in PROVISION.finditer(text):
            if any(a.start <= m.start() < a.end for a in acts):
                continue
            section = _section(m.group("word"), m.group("nums"))
            end, rule = m.end("nums"), "provision"
            title: str | None = None
            if m.group("tail"):
                after = m.end()
                nxt = next((a for a in acts if a.start == after), None)
                ya = YEAR_ACT.match(text, after)
                if nxt is not None:
                    end, title, rule = nxt.end, nxt.title, "provision-of-act"
                    found = [f for f in found if f is not nxt]
                elif ya is not None:
                    end, rule = ya.end(), "provision-of-year-act"
                    title = act_before(after, ya.group("year")) or ya.group()
                    found = [f for f in found if not (f.start == after and f.rule == "year-act")]
            if title is None:
                word = m.group("word").lower()
                if word.startswith(("para", "part", "article")):
                    continue
                if word.startswith("reg"):
                    regs = [a for a in named if a.end <= m.start() and "Regulations" in a.title]
                    if not regs:
                        continue
                    title = regs[-1].title
                else:
                    acts_only = [a for a in named if "Act" in a.title.split()]
                    prior = [a for a in acts_only if a.end <= m.start()]
                    title = (
                        prior[-1].title if prior else (acts_only[0].title if acts_only else None)
                    )
                if title is None:
                    first = re.match(r"\d+[A-Z]*", m.group("nums"))
                    title = self.default_sections.get(first.group()) if first else None
                if title is None:
                    continue
                rule = "bare-provision"
            found.append(_Found(m.start(), end, title, section, rule))
        for act in list(found):
            if act.rule != "act":
                continue
            post = POST_PROVISION.match(text, act.end)
            if post:
                found.remove(act)
                found.append(
                    _Found(
                        act.start,
                        post.end(),
                        act.title,
                        _section(post.group("word"), post.group("nums")),
                        "act-provision",
                    )
                )
        spans = []
        for f in found:
            span = span_at(doc, f.start, f.end, "LEGISLATION")
            if span is not None:
                span._.legislation = self._payload(f.title, f.section, f.rule)
                spans.append(span)
        for match_id, start, end in self.guidance(doc):
            guide = trim_the(doc[start:end])
            if not guide.text[:1].isupper():
                continue
            year = GUIDANCE_YEAR.match(text, guide.end_char)
            wider = doc.char_span(guide.start_char, year.end()) if year else None
            span = Span(doc, guide.start, (wider or guide).end, label="LEGISLATION")
            span._.legislation = self._payload(doc.vocab.strings[match_id], None, "guidance")
            spans.append(span)
        doc.spans[SPAN_KEY] = filter_spans(spans)
        return doc

    def _payload(self, title: str, section: str | None, rule: str) -> dict[str, Any]:
        title, kind = self.canonical(title)
        return {"title": title, "section": section, "kind": kind, "rule": rule}


def _section(word: str, nums: str) -> str:
    """ "sections 26(1) and 26A(1)" → "26(1), 26A(1)"; "Schedule 5, paragraph 1" → "Schedule 5, paragraph 1"."""
    pieces = []
    for m in re.finditer(rf"(?P<w>{_PROVISION_WORD})?\s*(?P<n>{_NUM})", word + " " + nums):
        if m.group("w"):
            word = m.group("w")
        pieces.append(_prefix(word) + m.group("n"))
    return ", ".join(pieces)


def _prefix(word: str) -> str:
    word = word.strip()
    if re.match(r"Part|Schedule|Article", word):
        return word.rstrip("s") + " "
    if re.match(r"(?i)reg", word):
        return "regulation "
    if re.match(r"(?i)para", word):
        return "paragraph "
    return ""


@Language.factory("caretext_legislation", assigns=["doc.spans", "span._.legislation"])
def make_legislation_recognizer(nlp: Language, name: str) -> LegislationRecognizer:
    return LegislationRecognizer(nlp)
