"""Council mentions linked to GSS codes, as the ``caretext_councils`` spaCy component.

Three passes, each recorded in the mention's ``method``:

1. ``alias``: exact names from the gazetteer (token matcher, case-insensitive
   for names, case-sensitive for acronyms such as RBKC), in every spelling
   :func:`~caretext.nlp.gazetteer.surface_forms` knows. Bare place names
   ("Kent") only count where a context rule from ``council_context.jsonl``
   says a council is meant ("Kent's children's services", "councils such as
   Kent and Essex", "complaint against Kent").
2. ``fuzzy``: spans shaped like a council name ("<Capitalised words> County
   Council", "London Borough of <...>") that the first pass missed are matched
   on their place part with a small edit-distance budget, so "Nottinghamshre
   County Council" links and "Sussex County Council" does not become Essex.
3. ``anaphora``: in decisions, "the Council" / "the Authority" are kept as
   unlinked mentions; the findings stage points them at the subject council.

Names two councils share ("Somerset") are resolved by the document date in
``doc._.doc_date`` (see :meth:`Gazetteer.resolve`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from caretext.nlp.extensions import set_context_extensions
from caretext.nlp.gazetteer import (
    CouncilRecord,
    Gazetteer,
    alias_key,
    default_gazetteer,
)
from caretext.nlp.matching import char_spans, overlaps, phrase_matcher, text_of, trim_the
from caretext.reading import sentence_bounds

SPAN_KEY = "councils"

set_context_extensions()
if not Span.has_extension("council"):
    Span.set_extension("council", default=None)

#: generic words around a council's place name, stripped before fuzzy matching
_HEAD = re.compile(
    r"^(?:(?:the )?(?:london borough of|royal borough of|lb of|lb|rb|city of|city and county of|"
    r"borough of|council of the|council of|cyngor sir|cyngor dinas|cyngor bwrdeistref sirol|cyngor) )?"
    r"(?P<core>.+?)"
    r"(?: (?:metropolitan borough|metropolitan district|county borough|london borough|city and district|"
    r"county|city|borough|district))?"
    r"(?: (?:council|cc|mbc|bc|dc|lbc|corporation))?$"
)
#: "Council" and its typos, transposed letters included ("Coucnil", "Cuoncil", "Councli")
_COUNCIL_WORD = r"C[ou0]{1,2}[nc]{1,2}[cs]?(?:[ie]{0,2}l+|l[ie])"
_COUNCIL_WORD_RE = re.compile(rf"\b(?:{_COUNCIL_WORD}|CC|MBC)$")
_NAME_WORD = rf"(?:(?!{_COUNCIL_WORD}\b|CC\b|MBC\b)[A-Z][\w'’]*(?:-[\w'’]+)*|&|and|upon|on|under|in|le|of|the|St\.?)"
_CANDIDATE = re.compile(
    rf"\b(?:(?:London|Royal) Borough of|LB(?: of)?) {_NAME_WORD}(?: {_NAME_WORD}){{0,5}}"
    rf"|\b(?!{_COUNCIL_WORD}\b)[A-Z][\w'’]*(?:-[\w'’]+)*(?: {_NAME_WORD}){{0,6}} (?:{_COUNCIL_WORD}|CC|MBC)\b"
)
_NOT_A_COUNCIL_HEAD = re.compile(
    r"(?i)\b(?:town|parish|community|youth|neighbourhood|village|research|arts|sports?|"
    r"press|security|privy|school|student|european|world|british|national|advisory|"
    r"governing|city region|children['’]s|disabled children)\s+" + _COUNCIL_WORD + r"$"
)
#: a bare place followed by another capitalised word is part of a bigger name
_PART_OF_NAME = re.compile(
    r"\s+(?!(?:County|City|Borough|District|Metropolitan|Council|Corporation)\b)[A-Z][a-z]"
)
_LOCATIVE = re.compile(
    r"(?i:\b(?:in|into|across|from|of|at|near|around|throughout|to|outside|within|for|by|between|north|south|east|west|rural|urban|visit|visited|live|lives|lived|living|based))\s+(?:the\s+)?"
    r"(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s*(?:,|and|&)\s*)*$"
)
_COUNCIL_WORD_AFTER = re.compile(
    r"\s+(?:(?:county|city|borough|district|metropolitan borough)\s+)?council\b(?!\s+tax)", re.I
)
_ANAPHORA = re.compile(r"\b[Tt]he (?:Council|Authority)\b(?!\s*(?:\d|[A-Z]\b|for\b|of\b|Tax\b))")


@dataclass(frozen=True)
class ContextRule:
    id: str
    side: str
    action: str
    pattern: re.Pattern[str]


def load_context_rules(name: str = "council_context.jsonl") -> tuple[ContextRule, ...]:
    from caretext.data import load_rules

    return tuple(
        ContextRule(r["id"], r["side"], r["action"], re.compile(r["pattern"]))
        for r in load_rules(name)
    )


class CouncilRecognizer:
    """Finds council mentions and puts them in ``doc.spans["councils"]``.

    Each span's label is the council's code ("ANAPHORA" for "the Council"),
    and ``span._.council`` holds a plain dict (so it serialises with the Doc):
    ``code``, ``gss``, ``name``, ``method``, ``score``, ``rule``.
    """

    def __init__(
        self,
        nlp: Language,
        gazetteer: Gazetteer | None = None,
        max_edits: int = 2,
        anaphora: bool = True,
        context_chars: int = 160,
    ) -> None:
        self.gazetteer = gazetteer or default_gazetteer()
        self.context_chars = context_chars
        self.max_edits = max_edits
        self._fuzzy_cache: dict[tuple[str, str | None], tuple[CouncilRecord, float] | None] = {}
        self.anaphora = anaphora
        self.rules = load_context_rules()
        self.lookup: dict[str, tuple[str, tuple[str, ...]]] = {}
        for label, index in (
            ("name", self.gazetteer.name_index),
            ("place", self.gazetteer.place_index),
        ):
            for key, codes in index.items():
                self.lookup[key] = (label, codes)
        councils = list(self.gazetteer.councils())
        self.names = phrase_matcher(
            nlp,
            {
                "name": [n for rec in councils for n in rec.names],
                "place": [p for rec in councils for p in rec.places],
            },
            "LOWER",
        )
        self.short_lookup = self.gazetteer.short_index
        self.shorts = phrase_matcher(nlp, {"short": self.short_lookup}, "ORTH")
        self.cores: dict[str, list[str]] = {}
        for key, (_label, codes) in self.lookup.items():
            core = _core(key)
            if len(core) >= 4:
                for code in codes:
                    if code not in self.cores.setdefault(core, []):
                        self.cores[core].append(code)
        self.core_keys = list(self.cores)

    def link_name(self, name: str, day: str | None = None) -> CouncilRecord | None:
        """The council a whole name string denotes (exactly, or by the fuzzy rule), or None."""
        key = alias_key(name)
        entry = self.lookup.get(key)
        if entry is not None:
            return self.gazetteer.resolve(entry[1], day)
        if key in self.short_lookup:
            return self.gazetteer.resolve(self.short_lookup[key], day)
        linked = self._fuzzy_link(name, day)
        return linked[0] if linked else None

    # -- the component ---------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        day = doc._.doc_date
        found: list[Span] = []
        waiting: list[tuple[Span, tuple[str, ...]]] = []  # bare places with no context yet
        for match_id, start, end in self.names(doc):
            span = doc[start:end]
            label = doc.vocab.strings[match_id]
            span = trim_the(span)
            if not span.text[:1].isupper():
                continue
            key = alias_key(span.text)
            entry = self.lookup.get(key)
            if entry is None:
                continue
            place = entry[0] == "place"
            if place and _PART_OF_NAME.match(text, span.end_char):
                continue  # "Durham University", "Kent Police"
            accepted, rejected = self._context(text, span.start_char, span.end_char)
            if rejected:
                continue
            if place and accepted is None:
                waiting.append((span, entry[1]))
                continue
            rule = accepted or "name"
            if place:
                span = _with_council_word(span, text)
            found.append(
                self._link(span, entry[1], day, "alias", 1.0 if label == "name" else 0.9, rule)
            )
        for _match_id, start, end in self.shorts(doc):
            span = doc[start:end]
            accepted, rejected = self._context(text, span.start_char, span.end_char)
            if not rejected:
                found.append(
                    self._link(
                        span, self.short_lookup[span.text], day, "alias", 1.0, accepted or "name"
                    )
                )
        found = [s for s in found if s is not None and s.label_]
        named = {s.label_ for s in found}
        for span, codes in waiting:
            # a bare place whose council the document names elsewhere, not after "in"/"across"
            rec = self.gazetteer.resolve(codes, day)
            if (
                rec is not None
                and rec.code in named
                and not _LOCATIVE.search(text[max(0, span.start_char - 60) : span.start_char])
            ):
                found.append(self._link(span, codes, day, "alias", 0.8, "place-named-council"))
        found.extend(self._fuzzy(doc, found, day))
        spans = filter_spans(found)
        if self.anaphora and doc._.doc_kind in (None, "decision"):
            spans.extend(self._anaphora(doc, spans))
        doc.spans[SPAN_KEY] = sorted(spans, key=lambda s: s.start)
        return doc

    def _link(
        self,
        span: Span,
        codes: tuple[str, ...],
        day: str | None,
        method: str,
        score: float,
        rule: str,
    ) -> Span:
        rec = self.gazetteer.resolve(codes, day)
        if rec is not None and day and not rec.active_on(day):
            # "Somerset Council" in 2021 means the county council that existed then
            then = [
                c
                for c in self.cores.get(_core(alias_key(span.text)), ())
                if self.gazetteer.by_code[c].active_on(day)
            ]
            if len(then) == 1:
                rec, rule = self.gazetteer.by_code[then[0]], f"{rule}+date"
        out = Span(span.doc, span.start, span.end, label=rec.code if rec else "")
        if rec is not None:
            out._.council = _payload(rec, method, score, rule)
        return out

    def _context(self, text: str, start: int, end: int) -> tuple[str | None, bool]:
        """``(id of the first accepting rule or None, whether a reject rule fired)``,
        judged on the match's sentence either side of it."""
        s_start, s_end = sentence_bounds(text, start, end)
        left = text[max(s_start, start - self.context_chars) : start]
        right = text[end : min(s_end, end + self.context_chars)]
        accepted = None
        for rule in self.rules:
            window = left if rule.side == "left" else right
            if rule.pattern.search(window):
                if rule.action == "reject":
                    return None, True
                accepted = accepted or rule.id
        return accepted, False

    def _fuzzy(self, doc: Doc, found: list[Span], day: str | None) -> list[Span]:
        taken = char_spans(found)
        out = []
        text = text_of(doc)
        for m in _CANDIDATE.finditer(text):
            start, end = m.start(), m.end()
            if overlaps(start, end, taken) or _NOT_A_COUNCIL_HEAD.search(m.group()):
                continue
            # the candidate may begin with a capitalised word that is not part of the name
            # ("Against Kent Conuty Council"): try it whole, then without its leading words
            linked = None
            while linked is None and start < end:
                linked = self._fuzzy_link(text[start:end], day)
                if linked is None:
                    nxt = text.find(" ", start, end)
                    if nxt < 0 or not _COUNCIL_WORD_RE.search(text[nxt + 1 : end]) or text[nxt + 1 : end].count(" ") < 1:
                        break
                    start = nxt + 1
            if linked is None:
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or self._context(text, start, end)[1]:
                continue
            rec, score = linked
            out_span = Span(doc, span.start, span.end, label=rec.code)
            out_span._.council = _payload(rec, "fuzzy", score, "fuzzy-core")
            out.append(out_span)
        return out

    def _fuzzy_link(self, surface: str, day: str | None) -> tuple[CouncilRecord, float] | None:
        """The council a name-shaped phrase denotes within the edit budget (cached: the same phrases —
        "Borough Council", "Parish Council" — recur across documents)."""
        cache_key = (surface, day)
        if cache_key not in self._fuzzy_cache:
            if len(self._fuzzy_cache) > 50_000:
                self._fuzzy_cache.clear()
            self._fuzzy_cache[cache_key] = self._fuzzy_link_uncached(surface, day)
        return self._fuzzy_cache[cache_key]

    def _fuzzy_link_uncached(self, surface: str, day: str | None) -> tuple[CouncilRecord, float] | None:
        key = _fix_head_words(alias_key(surface))
        core = _core(key)
        if len(core) < 4 or not re.search(r"[a-z]", core):
            return None
        budget = 1 if len(core) <= 8 else self.max_edits
        best = process.extractOne(core, self.core_keys, scorer=OSA.distance, score_cutoff=budget)
        if best is None:
            return None
        match, _distance, _ = best
        if match[0] != core[0]:
            return None
        mended = key.replace(core, match, 1)
        exact = self.lookup.get(mended)
        if exact is None:  # the place is right but the rest is not one of its names
            return None  # ("Chichester City Council" is a parish-level council)
        rec = self.gazetteer.resolve(exact[1], day)
        if rec is None:
            return None
        return rec, round(fuzz.ratio(alias_key(surface), mended) / 100, 3)

    def _anaphora(self, doc: Doc, named: list[Span]) -> list[Span]:
        taken = char_spans(named)
        out = []
        for m in _ANAPHORA.finditer(text_of(doc)):
            if overlaps(m.start(), m.end(), taken):
                continue
            span = doc.char_span(m.start() + 4, m.end())
            if span is not None:
                span = Span(doc, span.start, span.end, label="ANAPHORA")
                span._.council = {
                    "code": None,
                    "gss": None,
                    "name": None,
                    "method": "anaphora",
                    "score": 1.0,
                    "rule": "the-council",
                }
                out.append(span)
        return out


_HEAD_WORDS = (
    "council",
    "county",
    "city",
    "borough",
    "district",
    "metropolitan",
    "london",
    "royal",
)


def _fix_head_words(key: str) -> str:
    """Mend one-letter typos in the generic words ("Conty Council" → "county council")."""
    words = key.split(" ")
    for i, word in enumerate(words[1:], 1):
        if len(word) >= 4 and word not in _HEAD_WORDS:
            for head in _HEAD_WORDS:
                if OSA.distance(word, head, score_cutoff=1) <= 1:
                    words[i] = head
                    break
    return " ".join(words)


def _core(key: str) -> str:
    m = _HEAD.match(key)
    return m.group("core") if m else key


def _with_council_word(span: Span, text: str) -> Span:
    """ "Anglesey council": a bare place followed by a lower-case council word takes it in."""
    m = _COUNCIL_WORD_AFTER.match(text, span.end_char)
    if m:
        wider = span.doc.char_span(span.start_char, m.end())
        if wider is not None:
            return wider
    return span


def _payload(rec: CouncilRecord, method: str, score: float, rule: str) -> dict[str, Any]:
    return {
        "code": rec.code,
        "gss": rec.gss,
        "name": rec.name,
        "method": method,
        "score": score,
        "rule": rule,
    }


@Language.factory(
    "caretext_councils",
    default_config={"gazetteer_path": None, "max_edits": 2, "anaphora": True, "context_chars": 160},
    assigns=["doc.spans", "span._.council"],
)
def make_council_recognizer(
    nlp: Language,
    name: str,
    gazetteer_path: str | None,
    max_edits: int,
    anaphora: bool,
    context_chars: int,
) -> CouncilRecognizer:
    """``gazetteer_path``: a JSON Lines gazetteer of your own (default: the packaged one);
    ``max_edits``: the fuzzy match's edit budget for a misspelt place; ``anaphora``: mark "the
    Council"; ``context_chars``: how far either side of a bare place name the context rules read
    (never past its sentence)."""
    gazetteer = Gazetteer.from_jsonl(gazetteer_path) if gazetteer_path else None
    return CouncilRecognizer(
        nlp, gazetteer=gazetteer, max_edits=max_edits, anaphora=anaphora, context_chars=context_chars
    )
