"""Organisations, as the ``caretext_organisations`` spaCy component.

Listed bodies (``organisations.jsonl``: the Ombudsman under its names, Ofsted,
the DfE, LGA, ADCS, charities, committees, courts ...) are matched by name and
acronym; combined authorities and the GLA come from the council gazetteer.
Unlisted ones are found by shape (``organisation_patterns.jsonl``): capitalised
words ending in a head word ("Bright Futures Trust", "Ilkley Town Council",
"Durham University", "Kent Police") or starting with a prefix ("University of
Leeds"). Spans a council already holds are left to the council component, so a
principal council is never also an organisation, and a parish or town council
is only ever an organisation.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from caretext.nlp.councils import SPAN_KEY as COUNCILS
from caretext.nlp.gazetteer import Gazetteer, alias_key, default_gazetteer
from caretext.nlp.matching import char_spans, overlaps, phrase_matcher, span_at, text_of, trim_the

SPAN_KEY = "organisations"

if not Span.has_extension("organisation"):
    Span.set_extension("organisation", default=None)

_WORD = r"[A-Z][\w'’]*(?:-[\w'’]+)*"
_JOIN = r"(?:of|and|for|&|the|in|on|upon)"
_JOINED = re.compile(r"(?:['’]s)?\s*(?:,|and\b|&|or\b)")


@cache
def spelled_out(name: str) -> str:
    """A listed organisation's name with its acronym expanded ("NSPCC" → "National Society for the
    Prevention of Cruelty to Children"), as the press guideline writes speakers; else ``name``."""
    if not re.fullmatch(r"[A-Z]{2,8}", name):
        return name
    for org in _load()[0]:
        if org["name"] == name:
            for alias in org.get("aliases", []):
                initials = "".join(w[0] for w in alias.split() if w[0].isupper())
                if initials == name:
                    return str(alias)
    return name


def _load() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    from caretext.data import load_jsonl, load_rules

    orgs = [dict(r) for r in load_jsonl("organisations.jsonl")]
    patterns = {r["id"]: r for r in load_rules("organisation_patterns.jsonl")}
    return orgs, patterns


class OrganisationRecognizer:
    """Puts organisations in ``doc.spans["organisations"]`` with ``span._.organisation``
    = ``{"id", "name", "type", "method": "list" | "pattern", "rule"}``."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer | None = None) -> None:
        orgs, patterns = _load()
        for rec in (gazetteer or default_gazetteer()).records:
            if not rec.council:
                orgs.append(
                    {
                        "id": rec.code,
                        "name": rec.name,
                        "type": "combined authority",
                        "aliases": [n for n in rec.names if n != rec.name],
                        "acronyms": list(rec.shorts),
                    }
                )
        self.orgs = {o["id"]: o for o in orgs}
        self.by_key: dict[str, str] = {}
        self.by_acronym: dict[str, str] = {}
        for org in orgs:
            for name in [org["name"], *org.get("aliases", [])]:
                self.by_key.setdefault(alias_key(name), org["id"])
            for acronym in org.get("acronyms", []):
                self.by_acronym.setdefault(acronym, org["id"])
        self.names = phrase_matcher(
            nlp, {o["id"]: [o["name"], *o.get("aliases", [])] for o in orgs}, "LOWER"
        )
        self.acronyms = phrase_matcher(nlp, {o["id"]: o.get("acronyms", []) for o in orgs}, "ORTH")
        heads = "|".join(sorted(patterns["org-head"]["heads"], key=len, reverse=True))
        prefixes = "|".join(re.escape(p) for p in patterns["org-prefix"]["prefixes"])
        name_seq = rf"{_WORD}(?:\s+(?:{_JOIN}\s+)?{_WORD}){{0,6}}"
        self.head_pattern = re.compile(rf"\b{name_seq}\s+(?:{heads})\b")
        self.prefix_pattern = re.compile(rf"\b(?:{prefixes})\s+(?:the\s+)?{name_seq}")
        self.generic = set(patterns["org-generic"]["words"])

    def find(self, name: str) -> dict[str, Any] | None:
        """The listed organisation a name denotes: its name or an alias, case aside ("local
        government and social care ombudsman"), or its acronym as written ("LGA")."""
        org_id = self.by_key.get(alias_key(name)) or self.by_acronym.get(name.strip())
        return self.orgs[org_id] if org_id else None

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)  # Doc.text is rebuilt on every access
        councils = char_spans(doc.spans[COUNCILS]) if COUNCILS in doc.spans else []
        found: list[Span] = []
        for matcher, method in ((self.names, "list"), (self.acronyms, "acronym")):
            for match_id, start, end in matcher(doc):
                span = trim_the(doc[start:end])
                if method == "list" and not span.text[:1].isupper():
                    continue
                org_id = doc.vocab.strings[match_id]
                if self.orgs[org_id].get("ambiguous") and not _plainly_named(span):
                    continue
                found.append(self._span(span, org_id, method, org_id))
        listed = char_spans(found)
        for rule, pattern in (("org-head", self.head_pattern), ("org-prefix", self.prefix_pattern)):
            for m in pattern.finditer(text):
                start = m.start()
                for c_start, c_end in sorted(councils + listed):
                    # "Kent County Council and Bright Futures Trust", "Ofsted and Care Quality Commission"
                    if start <= c_start and c_end < m.end() and _JOINED.match(text, c_end):
                        start = c_end
                trimmed = self._trim(text[start : m.end()], start, m.end())
                if trimmed is None or _cuts(*trimmed, listed):
                    continue
                start, end = trimmed
                candidate = span_at(doc, start, end, "ORG")
                if candidate is not None:
                    found.append(self._span(candidate, None, "pattern", rule))
        kept = [s for s in filter_spans(found) if not overlaps(s.start_char, s.end_char, councils)]
        doc.spans[SPAN_KEY] = kept
        return doc

    def _trim(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """Drop leading joins and generic words ("and", "Yesterday", "The", "Local");
        None if nothing specific is left."""
        words = list(re.finditer(r"\S+", text))
        i = 0
        while i < len(words) - 1 and (
            words[i].group() in self.generic or re.fullmatch(_JOIN, words[i].group())
        ):
            i += 1
        rest = [w.group() for w in words[i:]]
        if not rest or all(w in self.generic or re.fullmatch(_JOIN, w) for w in rest):
            return None
        return start + words[i].start(), end

    def _span(self, span: Span, org_id: str | None, method: str, rule: str) -> Span:
        out = Span(span.doc, span.start, span.end, label="ORG")
        org = self.orgs.get(org_id) if org_id else None
        if org is None:
            org_id = self.by_key.get(alias_key(span.text))
            org = self.orgs.get(org_id) if org_id else None
        out._.organisation = {
            "id": org["id"] if org else None,
            "name": org["name"] if org else span.text,
            "type": org.get("type") if org else None,
            "method": method,
            "rule": rule,
        }
        return out


def _cuts(start: int, end: int, listed: list[tuple[int, int]]) -> bool:
    """A pattern name may contain a listed one ("North Cumbria ... NHS Foundation Trust"), not cut it."""
    return any(s < end and start < e and not (start <= s and e <= end) for s, e in listed)


def _plainly_named(span: Span) -> bool:
    """For names that are also words: capitalised, not sentence-initial, no lower-case noun after."""
    before = text_of(span.doc)[max(0, span.start_char - 3) : span.start_char].strip()
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if not span.text[:1].isupper():
        return False
    if not before or before[-1] in '.!?"“:':
        # sentence-initial: "Kinship care is ..." is a word, "Become estimates ..." the charity, and so
        # are "Become's head of policy" and "Kinship, the charity for family carers,"
        rest = text_of(span.doc)[span.end_char : span.end_char + 40]
        if re.match(r"['’]s\s|,\s+(?:the|a|an)\s+(?:\w+\s+){0,2}(?:charity|organisation|group|campaign|network|body)\b", rest):
            return True
        return after is not None and after.lower_ in _SUBJECT_VERBS
    return after is None or not (
        after.is_alpha and after.text.islower() and after.lower_ not in _VERBS | _SUBJECT_VERBS
    )


#: verbs after a sentence-initial name that make it the charity speaking ("Become estimates")
_SUBJECT_VERBS = {"said", "says", "warned", "warns", "found", "finds", "estimates", "estimated",
                  "argued", "argues", "told", "added", "called", "calls", "welcomed", "welcomes",
                  "urged", "urges", "has", "is", "published", "surveyed", "represents", "reveals",
                  "revealed", "shows", "showed", "believes", "wants"}  # fmt: skip
#: words that follow a charity's name as its subject ("Kinship said", "Become warned")
_VERBS = {
    "said",
    "says",
    "warned",
    "found",
    "called",
    "argued",
    "added",
    "told",
    "has",
    "have",
    "is",
    "was",
    "and",
    "which",
    "who",
    "chief",
    "director",
    "spokesperson",
    "spokesman",
}


@Language.factory(
    "caretext_organisations",
    default_config={"gazetteer_path": None},
    requires=["span._.council"],  # a council is never also an organisation
    assigns=["doc.spans", "span._.organisation"],
)
def make_organisation_recognizer(
    nlp: Language, name: str, gazetteer_path: str | None
) -> OrganisationRecognizer:
    gazetteer = Gazetteer.from_jsonl(gazetteer_path) if gazetteer_path else None
    return OrganisationRecognizer(nlp, gazetteer=gazetteer)
