"""Quotes and who said them, as the ``caretext_quotes`` spaCy component.

Two steps, both rules, because press attribution is written in a handful of
fixed shapes (citron's survey of news quoting says the same):

1. **Spans.** Quotation marks are paired per paragraph
   (:mod:`caretext.nlp.quote_marks`): straight, curly and British single marks,
   apostrophes told apart, unclosed paragraphs continued by the next.
2. **Speakers.** A reporting verb next to the quote ("…," said X / X said: "…" /
   according to X, "…" / X warned that … "…") and the referent beside that
   verb: a person (also "Mr King", "Ashley", "she" resolved to the person
   introduced earlier), an organisation or council ("Ofsted said"), an unnamed
   spokesperson ("A Department for Education spokesman" → organisation DfE),
   or a body ("the report", "inspectors") resolved to the organisation behind
   it. A quote with no attribution of its own takes the speaker of the
   quote it continues. Quoted words that nobody says (a report title, scare
   quotes) are dropped; nothing is quoted that has no quotation marks.

Each span gets ``span._.quote`` = ``{"speaker", "role", "organisation",
"kind": person | spokesperson | organisation | None, "rule"}``; a spokesperson
for "the council" has ``organisation`` ``"council"`` until the findings stage
knows which council the article is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

from spacy.language import Language
from spacy.tokens import Doc, Span

from caretext.nlp.councils import SPAN_KEY as COUNCILS
from caretext.nlp.matching import reading_of, scan, span_at, text_of
from caretext.nlp.organisations import SPAN_KEY as ORGANISATIONS
from caretext.nlp.organisations import OrganisationRecognizer
from caretext.nlp.people import SPAN_KEY as PEOPLE
from caretext.nlp.people import given_names
from caretext.nlp.quote_marks import QuoteSpan, find_quote_spans
from caretext.nlp.same_person import SamePerson
from caretext.nlp.transcripts import labelled_quotes
from caretext.reading import sentence_bounds

SPAN_KEY = "quotes"

if not Span.has_extension("quote"):
    Span.set_extension("quote", default=None)

#: verbs that introduce or follow a quote; the inverted form ("said X") only for the first group
_INVERTIBLE = (
    r"said|says|added|adds|explained|explains|warned|warns|continued|continues|wrote|writes|"
    r"argued|argues|insisted|insists|commented|stated|states|noted|notes|admitted|admits|"
    r"conceded|concedes|acknowledged|responded|replied|asked|asks|[Aa]ccording to"
)
_VERB = re.compile(
    rf"\b(?:{_INVERTIBLE}|told|tells|say|tell|went on|goes on|urged|urges|called|calls|called on|described|"
    r"describes|believes|believed|claimed|claims|concluded|concludes|found|finds|highlighted|"
    r"highlights|revealed|reveals|recommended|recommends|suggested|suggests|pointed out|stressed|"
    r"stresses|emphasised|emphasises|welcomed|welcomes|criticised|criticises|accused|accuses|"
    r"reported|reports|put it|puts it|branded|brands|labelled|dubbed|spoke of|speaks of|"
    r"questioned|questions|agreed|agrees|announced|announces|declared|declares|observed|"
    r"observes|complained|complains|accepted|accepts|pledged|pledges|vowed|vows|promised|"
    r"promises|defended|defends|hit back|maintained|maintains|predicted|predicts|cautioned|"
    r"cautions|hoped|hopes|feared|fears|thinks|thought|felt|feels|knows|recalled|recalls|"
    r"recounted|remembers|explained|added|wrote)\b"
)
_INVERTED = re.compile(rf"(?:{_INVERTIBLE})$")
_POSTNOMINAL = r"(?:\s+(?:MP|MSP|MS|AM|OBE|CBE|MBE|KC|QC|JP))*"
_ADVERBS = (
    r"has|had|have|also|later|then|further|previously|herself|himself|itself|this week|today|"
    r"yesterday|last week|simply|once|was|is|recently|earlier|separately|however|too|publicly|already|repeatedly|"
    r"again|now|since|first|also"
)
#: between a speaker and the verb: nothing, post-nominals, a few adverbs ("has previously")
_ADJACENT = re.compile(rf"(?:\s+(?:MP|MSP|MS|AM|OBE|CBE|MBE|KC|QC|JP))+\s*,?\s*|(?:\s+(?:{_ADVERBS}))*\s*|{_POSTNOMINAL}\s*,\s*(?:{_ADVERBS})\s*,\s*")
#: an appositive: ", chief executive of Family Rights Group, " or ", who "
_BY_AGENT = re.compile(r"\s+by\s+(?:the\s+)?(?=[A-Za-z])")
_NEW_CLAUSE = re.compile(r"\s*[,;]?\s*(?:while|whereas|but|although|though|and\s+(?:the|a|an|its|their|his|her)\b)")
_AFTER_APPOSITIVE = re.compile(rf"\s*,\s+(?:(?:{_ADVERBS})\s+)+")
_APPOSITIVE = re.compile(
    rf"{_POSTNOMINAL},[^\"“”\n]{{0,180}}?,\s*(?:who\s+)?(?:(?:{_ADVERBS})\s+)*|,?\s+who\s+(?:(?:{_ADVERBS})\s+)*"
)
_BEFORE_NAME = re.compile(
    r"\s+(?:(?:Cllr|Councillor|Dr|Professor|Prof|Sir|Dame|Lord|Lady|Baroness|Mr|Mrs|Ms|Miss|Mx|Rev)\.?\s+)?"
)
_ROLE_BEFORE_NAME = re.compile(r"\s+(?:(?:its|the|their|his|her)\s+)?[a-z][\w'’ -]{2,70},?\s+(?:(?:Cllr|Dr|Professor|Sir|Dame|Mr|Mrs|Ms)\.?\s+)?")
#: the patterns read with matching.scan have no leading \b: scan checks the word start
_UNNAMED_NOUNS = (
    r"young person|young people|young man|young woman|man|woman|mother|father|mum|dad|parent|grandmother|"
    r"grandfather|grandparent|aunt|uncle|sister|brother|care leaver|social worker|foster carer|kinship carer|"
    r"special guardian|carer|teenager|girl|boy|pupil|student|headteacher|teacher|resident|campaigner|"
    r"manager|director|officer|source|insider|official|councillor|MP|worker|lawyer|solicitor|inspector|"
    r"expert|academic|researcher|member(?:\s+of\s+(?:the\s+|its\s+|their\s+)?[A-Z][\w'’-]*(?:\s+(?:in|of|and|for|[A-Z][\w'’-]*))*)?"
)
_UNNAMED = re.compile(
    rf"(?:[Aa]n?|[Oo]ne|[Aa]nother|[Hh]is|[Hh]er|[Tt]heir)\s+(?P<who>(?:[\w-]+\s+){{0,2}}?(?:{_UNNAMED_NOUNS})"
    r"(?:\s+(?:from|in|at)\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)?)\b"
)
#: a capitalised word standing alone (not part of a longer name): a given name if listed as one
_GIVEN_ONLY = re.compile(r"(?<![A-Z][a-z]\s)[A-Z][a-z]{2,}\b(?![ \t]+[A-Z]|['’]s\b|-)")
#: a reporting verb after a speaker, past an appositive ("…, who asked not to be named, told the Star")
_REPORTED = re.compile(
    r"(?:,[^,.\n\"“]{0,80},|\s+(?:in|at|from|for|with|of|on|who|whose)\s+[^,.;\n\"“]{1,90}?)?"
    r"\s+(?:has\s+|had\s+)?(?:said|says|told|tells|explained|described|recalled|added)\b"
)
#: a relative clause between a speaker and the verb: "A grandmother who has looked after her grandsons since 2021 told"
_RELATIVE = re.compile(r"\s+(?:who|whose)\s+[^.;:\n\"“”]{1,110}?\s+")
_PRONOUN = re.compile(r"(?:he|she|He|She)\b")
_IT = re.compile(r"(?:it|It)\b")
_THEY = re.compile(r"[Tt]hey\b")
_SPOKES = re.compile(
    r"(?:[Aa]n?|[Tt]he|[Oo]ne)[ \t]+(?P<who>(?:(?!(?:[Aa]n?|[Tt]he|[Oo]ne|said|says|and|but|was|is)\b)[\w'’&-]+[ \t]+){0,7}?"
    r"(?:spokes(?:man|woman|person|people)|representative|source|insider|press office))"
    r"(?:\s+(?:for|from|at)\s+(?:the\s+)?(?P<for>[A-Z][\w'’&-]*(?:\s+(?:[A-Z][\w'’&-]*|of|for|and|the|on|in))*"
    r"|(?:local\s+)?(?:council|authority|department|government|ministry|commissioner|ombudsman)(?:['’]s\s+office)?\b))?"
)
#: "Kent County Council's spokeswoman", "the DfE’s press office": the body owns its spokesperson
_SPOKES_OWNER = re.compile(
    r"(?P<for>[A-Z][\w&-]*(?:\s+(?:[A-Z][\w&-]*|of|for|and|the|on|in))*)['’]s[ \t]+(?P<who>(?:[\w-]+[ \t]+){0,2}?"
    r"(?:spokes(?:man|woman|person|people)|press office|press officer))\b"
)
_BODY = re.compile(
    r"(?:[Tt]he|[Ii]ts|[Tt]heir|[Tt]his|[Tt]hat)\s+(?:(?:new|latest|final|annual|full|damning|"
    r"critical|inspection|Ofsted|Ombudsman's|Ombudsman’s|committee's|committee’s|group's|group’s|"
    r"official|published|joint|independent)\s+)*"
    r"(?P<noun>report|review|inquiry|study|research|analysis|survey|inspection|letter|judgment|"
    r"judgement|ruling|decision|findings|committee|group|watchdog|regulator|ombudsman|Ombudsman|"
    r"department|Department|government|Government|charity|council|Council|authority|"
    r"inspectorate|commission|Commission|association|Association|board|panel|audit|paper|"
    r"statement|guidance|document|assessment)\b"
    r"|\b(?P<inspectors>[Ii]nspectors)\b"
)
_ROLE_REF = re.compile(
    r"(?:[Tt]he)\s+(?P<role>minister|chief executive|chair|chairman|chairwoman|president|"
    r"director|commissioner|Commissioner|ombudsman|Ombudsman|councillor|MP|leader|"
    r"cabinet member|secretary of state|Secretary of State|head|headteacher|chief inspector|"
    r"Chief Inspector|mother|father|mum|dad|parent|grandmother|grandfather|carer|teenager|"
    r"young person|care leaver|social worker|campaigner)\b"
)
_BODY_TO_ORG = {
    "inspectors": ("Ofsted",),
    "inspection": ("Ofsted",),
    "inspectorate": ("Ofsted",),
    "watchdog": ("Ofsted", "Local Government and Social Care Ombudsman"),
    "regulator": ("Ofsted",),
    "ombudsman": ("Local Government and Social Care Ombudsman",),
    "ruling": ("Local Government and Social Care Ombudsman",),
    "judgment": ("Ofsted",),
    "judgement": ("Ofsted",),
    "department": ("Department for Education",),
    "government": ("Department for Education",),
}
#: roles that name the body they speak for
_ROLE_BODIES = (
    (re.compile(r"(?i)^(?!.*\b(?:former|shadow|ex-)\b).*\b(?:children['’]s|schools?|education|families)\s+minister\b|"
                r"\bminister (?:for|of state for) (?:children|schools|education|families)|\beducation secretary\b|"
                r"\bsecretary of state for education\b"), "Department for Education"),
    (re.compile(r"(?i)^(?:the\s+)?(?:local government (?:and social care )?)?ombudsman$"), "Local Government and Social Care Ombudsman"),
    (re.compile(r"(?i)^(?:the\s+)?children['’]s commissioner(?: for england)?$"), "Children's Commissioner for England"),
    (re.compile(r"(?i)^(?:the\s+)?(?:his majesty['’]s |hm )?chief inspector(?: of education, children['’]s services and skills)?$"), "Ofsted"),
)  # fmt: skip
_ROLE_ONLY_BODIES = {
    "commissioner": "Children's Commissioner for England",
    "ombudsman": "Local Government and Social Care Ombudsman",
}
_PUBLICATIONS = {"report", "review", "study", "research", "analysis", "survey", "paper", "findings",
                 "document", "audit", "assessment", "guidance", "letter"}  # fmt: skip
#: words of a spokesperson's description that do not name the organisation
_SPOKES_GENERIC = {"council", "government", "department", "charity", "ministry", "union",
                   "authority", "watchdog", "regulator", "ombudsman", "spokesman",
                   "spokeswoman", "spokesperson", "senior", "local", "press", "office"}  # fmt: skip


@dataclass
class Ref:
    """Something that can speak, where it is written."""

    start: int
    end: int
    kind: str  # person | pronoun | it | spokesperson | organisation | body | role
    name: str | None = None
    org: str | None = None
    role: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class QuoteAttributor:
    """Puts quotes in ``doc.spans["quotes"]`` (for articles, reports and other documents;
    decisions quote letters and guidance, which is not what users mean by a quote)."""

    def __init__(
        self, nlp: Language, skip_kinds: list[str] | tuple[str, ...] = ("decision",), attribution_chars: int = 160
    ) -> None:
        self.nlp = nlp
        self.skip_kinds = frozenset(skip_kinds)
        self.attribution_chars = attribution_chars

    def _org_key(self, text: str) -> str | None:
        """The name of the listed organisation a phrase names (see ``OrganisationRecognizer.find``)."""
        if "caretext_organisations" not in self.nlp.pipe_names:
            return None
        org = cast(OrganisationRecognizer, self.nlp.get_pipe("caretext_organisations")).find(text)
        return str(org["name"]) if org else None

    def __call__(self, doc: Doc) -> Doc:
        if doc._.doc_kind in self.skip_kinds:
            doc.spans[SPAN_KEY] = []
            return doc
        text = text_of(doc)
        quotes = find_quote_spans(text)
        reading = reading_of(doc)
        paragraphs = list(reading.paragraphs)
        headings = reading.headings
        titles = {(s.start_char, s.end_char) for s in doc.spans.get("reports", [])}
        # a headline's teaser and a report's title in quotation marks are nobody's words
        quotes = [q for q in quotes if q.para not in headings and (q.start, q.end) not in titles]
        # transcripts and Q&A: a labelled paragraph is one quote, its inner quotation marks included
        people = [
            (s.start_char, s._.person["name"]) for s in doc.spans.get(PEOPLE, []) if not s._.person["pseudonym"]
        ]
        labelled = labelled_quotes(text, paragraphs, people, headings)
        spoken_paras = {lq.para for lq in labelled}
        quotes = [q for q in quotes if q.para not in spoken_paras]
        refs = self._refs(doc, text, quotes)
        self._attribute(text, quotes, refs, paragraphs)
        found: list[tuple[int, int, dict[str, Any]]] = []
        for q in quotes:
            payload = self._payload(q)
            if payload is not None:
                found.append((q.start, q.end, payload))
        for lq in labelled:
            payload = {"speaker": lq.speaker, "role": None, "organisation": None, "kind": "person", "rule": lq.rule}
            found.append((lq.start, lq.end, payload))
        out = []
        for start, end, payload in sorted(found, key=lambda f: f[0]):
            span = span_at(doc, start, end, "QUOTE")
            if span is None:
                continue
            span._.quote = payload
            out.append(span)
        doc.spans[SPAN_KEY] = out
        return doc

    # -- referents -------------------------------------------------------------------

    def _refs(self, doc: Doc, text: str, quotes: list[QuoteSpan]) -> list[Ref]:
        inside = [(q.start, q.end) for q in quotes]

        def quoted(start: int) -> bool:
            return any(s <= start < e for s, e in inside)

        refs: list[Ref] = []
        people: dict[str, dict[str, Any]] = {}
        spans = [s for s in doc.spans.get(PEOPLE, []) if not s._.person["pseudonym"]]
        for span in spans:
            info = span._.person
            record = people.setdefault(info["name"], {"role": None, "org": None})
            record["role"] = record["role"] or info["role"]
            record["org"] = record["org"] or info["organisation"]
        same = SamePerson(people)
        by_surname = same.by_surname
        gender: dict[str, str] = {}
        for span in spans:  # "Mrs Bowler" says which Bowler she is, and that she is one
            name = self._full_name(text, span.start_char, span._.person["name"], same, gender)
            g = _gender(text, span.start_char, name)
            if g and name not in gender:
                gender[name] = g
        for name, record in people.items():
            if " " not in name and name in by_surname:
                target = people[by_surname[name][0]]
                target["role"] = target["role"] or record["role"]
                target["org"] = target["org"] or record["org"]
        named = [
            (s._.organisation or {}).get("name") for s in doc.spans.get(ORGANISATIONS, [])
        ] + [(s._.council or {}).get("name") for s in doc.spans.get(COUNCILS, [])]
        for record in people.values():
            record["org"] = self._organisation_of(record["role"], record["org"], [n for n in named if n])
        for span in spans:
            if quoted(span.start_char):
                continue
            name = self._full_name(text, span.start_char, span._.person["name"], same, gender)
            record = people.get(name, {"role": None, "org": None})
            refs.append(Ref(span.start_char, span.end_char, "person", name, record["org"], record["role"],
                            {"gender": gender.get(name)}))  # fmt: skip
        taken = [(r.start, r.end) for r in refs]
        for given, names in same.by_given.items():  # "Kerry said Oliver was back at school"
            if len(names) != 1 or given in by_surname:
                continue
            for m in re.finditer(rf"\b{re.escape(given)}\b(?![ \t]+[A-Z])", text):
                if not quoted(m.start()) and not any(s <= m.start() < e for s, e in taken):
                    record = people[names[0]]
                    refs.append(Ref(m.start(), m.end(), "person", names[0], record["org"], record["role"],
                                    {"gender": gender.get(names[0])}))  # fmt: skip
        for surname, names in by_surname.items():
            for m in re.finditer(rf"\b{re.escape(surname)}\b(?!['’]s)", text):
                if not quoted(m.start()) and not any(s <= m.start() < e for s, e in taken):
                    name = names[0]
                    record = people[name]
                    refs.append(Ref(m.start(), m.end(), "person", name, record["org"], record["role"],
                                    {"gender": gender.get(name)}))  # fmt: skip
        for key in (ORGANISATIONS, COUNCILS):
            for span in doc.spans.get(key, []):
                info = span._.organisation if key == ORGANISATIONS else span._.council
                if quoted(span.start_char) or info.get("name") is None:
                    continue
                refs.append(Ref(span.start_char, span.end_char, "organisation", info["name"], info["name"],
                                extra={"council": key == COUNCILS}))  # fmt: skip
        for m in scan(_PRONOUN, text):
            if not quoted(m.start()):
                refs.append(Ref(m.start(), m.end(), "pronoun", extra={"word": m.group()}))
        for m in scan(_IT, text):
            if not quoted(m.start()):
                refs.append(Ref(m.start(), m.end(), "it"))
        for m in scan(_THEY, text):
            if not quoted(m.start()):
                refs.append(Ref(m.start(), m.end(), "they"))
        for pattern in (_SPOKES, _SPOKES_OWNER):
            for m in scan(pattern, text):
                if not quoted(m.start()):
                    refs.append(self._spokesperson(doc, m))
        for m in scan(_UNNAMED, text):
            if not quoted(m.start()):
                # "A mum from Brierley Hill, who asked not to be named, told the Star ...": she has spoken,
                # so the "she said" after it is hers
                told = _REPORTED.match(text, m.end())
                refs.append(Ref(m.start(), m.end(), "unnamed", m.group("who"), extra={"spoke": bool(told)}))
        for m in scan(_BODY, text):
            if not quoted(m.start()):
                noun = (m.group("noun") or m.group("inspectors")).lower()
                refs.append(Ref(m.start(), m.end(), "body", extra={"noun": noun}))
        for m in scan(_ROLE_REF, text):
            if not quoted(m.start()):
                refs.append(Ref(m.start(), m.end(), "role", role=m.group("role").lower()))
        for span in doc.spans.get("reports", []):
            publisher = span._.report["publisher"]
            if publisher:
                refs.append(Ref(span.start_char, span.end_char, "publication", publisher, publisher))
        for m in scan(_GIVEN_ONLY, text):  # "Matthew said:" — a parent the article names by first name
            name = m.group()
            alone = name in given_names() and name not in same.by_given and not quoted(m.start())
            if alone and not any(s <= m.start() < e for s, e in taken):
                refs.append(Ref(m.start(), m.end(), "person", name, extra={"gender": _given_gender(name + " x")}))
        refs.sort(key=lambda r: (r.start, -(r.end - r.start)))
        refs = _drop_nested(refs)
        last_org: str | None = None
        for k, ref in enumerate(refs):
            if ref.kind != "spokesperson":
                continue
            if ref.org is None and re.match(r"(?i)the\s", text[ref.start : ref.end]):
                ref.org = last_org  # "The spokesman continued": the spokesperson named before
            elif ref.org is None:
                # "Unison said caseloads were rising. A spokesperson said: ..." — the body named in the
                # sentence before, when the paragraph names exactly one
                para_start = text.rfind("\n", 0, ref.start) + 1
                floor = max(para_start, sentence_bounds(text, max(para_start, ref.start - 2), ref.start)[0] - 250)
                bodies = {r.org for r in refs[:k] if r.kind == "organisation" and r.org and r.start >= floor}
                if len(bodies) == 1:
                    ref.org = bodies.pop()
            last_org = ref.org or last_org
        return refs

    def _organisation_of(self, role: str | None, org: str | None, named: list[str]) -> str | None:
        """The body a role speaks for: as written; else the body the role names ("local
        government and social care ombudsman", "children's minister" → DfE); a generic
        "the partnership" becomes the partnership the article names."""
        if org and not org[:1].isupper():
            word = org.split()[-1].lower()
            org = next((n for n in named if word in n.lower().split()), None)
        owner = re.match(r"(.+?)['’]s\s", org or "")
        if owner and self._org_key(owner.group(1)):
            org = self._org_key(owner.group(1))  # "LGA's Children and Young People Board" → the LGA
        if org or not role:
            return org
        key = self._org_key(re.sub(r"^(?:the|a|an)\s+", "", role, flags=re.I))
        if key:
            return key
        for pattern, body in _ROLE_BODIES:
            if pattern.search(role):
                return body
        return None

    @staticmethod
    def _full_name(text: str, start: int, name: str, same: SamePerson, gender: dict[str, str]) -> str:
        """ "Okafor" → "Ruth Okafor"; of two Bowlers, "Mrs Bowler" is the one who is not a man."""
        if " " in name:
            return name
        known = {n: gender.get(n) or _given_gender(n) for n in same.by_surname.get(name, [])}
        return same.full_name(name, _gender(text, start, None), {n: g for n, g in known.items() if g})

    def _spokesperson(self, doc: Doc, m: re.Match[str]) -> Ref:
        who = m.group("who")
        speaker = text_of(doc)[m.start("who") : m.end()] if m.group("for") else who
        org = None
        for key in (ORGANISATIONS, COUNCILS):
            for span in doc.spans.get(key, []):
                if m.start() <= span.start_char and span.end_char <= m.end():
                    info = span._.organisation if key == ORGANISATIONS else span._.council
                    org = org or info.get("name")
        named_for = m.group("for") if m.group("for") and m.group("for")[0].isupper() else None
        if org is None and named_for:
            org = self._org_key(named_for) or named_for
        if org is None:  # "a council spokesman", "a spokesman for the council": the article's council
            words = [w.lower() for w in re.findall(r"[\w'’]+", f"{who} {m.group('for') or ''}")]
            if "council" in words or "authority" in words:
                org = "council"
            elif {"government", "department", "dfe", "ministry"} & set(words):
                org = "Department for Education"
            elif {"commissioner", "ombudsman"} & set(words):  # "a spokesperson for the commissioner's office"
                org = next(_ROLE_ONLY_BODIES[w] for w in words if w in _ROLE_ONLY_BODIES)
            elif words and words[0] not in _SPOKES_GENERIC:
                org = self._org_key(" ".join(who.split()[:-1])) or None
        role = re.search(r"spokes\w+|representative|source|insider|press office", who)
        return Ref(m.start(), m.end(), "spokesperson", speaker, org, role.group() if role else None)

    # -- attribution -----------------------------------------------------------------

    def _attribute(
        self, text: str, quotes: list[QuoteSpan], refs: list[Ref], paragraphs: list[tuple[int, int]]
    ) -> None:
        marks = [(q.start - 1, min(len(text), q.end + 1)) for q in quotes]
        previous: QuoteSpan | None = None
        for index, q in enumerate(quotes):
            right = self._right(text, q, quotes[index + 1] if index + 1 < len(quotes) else None)
            left = self._left(text, q, quotes[index - 1] if index else None)
            found = None
            for window, rule in ((right, "verb-after"), (left, "verb-before")):
                if window is None:
                    continue
                found = self._speaker_in(text, window, refs, marks, rule == "verb-after", q)
                if found:
                    q.speaker, q.rule = found, rule
                    if found.kind == "unnamed":
                        found.extra["spoke"] = True  # "she added" may now mean this mother
                    break
            if not found and q.at_para_start and q.para > 0 and all(p.para != q.para - 1 for p in quotes):
                # "X told the Star her family had four social workers." ¶ "Every time, I ..."
                p_start, p_end = paragraphs[q.para - 1]
                window = (max(p_start, sentence_bounds(text, p_end - 1, p_end)[0]), p_end)
                found = self._speaker_in(text, window, refs, marks, False, q)
                if found:
                    q.speaker, q.rule = found, "reported-before"
            if not found and previous is not None and previous.speaker is not None:
                same_para = previous.para == q.para
                continues = q.at_para_start and q.para - previous.para <= 2
                if same_para or continues:
                    q.speaker, q.rule = previous.speaker, "continuation"
            if q.speaker is not None and q.speaker.kind in ("pronoun", "they", "it", "body", "role"):
                q.speaker = self._resolve(q.speaker, refs, q)
                if q.speaker is None:
                    q.rule = None
            previous = q

    def _right(self, text: str, q: QuoteSpan, nxt: QuoteSpan | None) -> tuple[int, int] | None:
        start = q.end + 1 if q.end < len(text) and text[q.end] == "," else q.end
        if q.open_end:
            return None
        start += 1  # the closing mark
        limit = min(len(text), start + self.attribution_chars, (nxt.start - 1) if nxt else len(text))
        para_end = text.find("\n", start)
        if para_end >= 0:
            limit = min(limit, para_end)
        end = min(limit, sentence_bounds(text, start, start)[1])
        if end < limit and text[end - 1 : end] in ".!?":
            end -= 1  # the window stops before the full stop
        if not re.match(r"\s*[,;:—–-]?\s*\S", text[start:end]) or re.match(r"\s*\.", text[start:]):
            return None
        if _NEW_CLAUSE.match(text, start):
            return None  # '... warned of "real risks", while the council said ...': another speaker's clause
        return start, end

    def _left(self, text: str, q: QuoteSpan, prev: QuoteSpan | None) -> tuple[int, int] | None:
        end = q.start - 1
        para_start = text.rfind("\n", 0, end) + 1
        if q.at_para_start and text[:para_start].rstrip().endswith(":"):
            # "Marcus Ellwood, chief executive of Action for Children, said:" ¶ "These figures ..."
            end = len(text[:para_start].rstrip())
            para_start = text.rfind("\n", 0, end) + 1
        start = para_start
        if prev is not None and prev.para == q.para:
            start = max(start, prev.end + 1)
        # the sentence that ends at the quote ("she said. “...") still introduces it
        start = max(start, sentence_bounds(text, max(start, end - 1), end)[0])
        if start >= end:
            return None
        return start, end

    def _speaker_in(
        self,
        text: str,
        window: tuple[int, int],
        refs: list[Ref],
        marks: list[tuple[int, int]],
        after: bool,
        q: QuoteSpan,
    ) -> Ref | None:
        start, end = window
        verbs = [
            m
            for m in _VERB.finditer(text, start, end)
            if not any(s <= m.start() < e for s, e in marks)
        ]
        if not verbs:
            return None
        # after a quote the nearest verb attributes it; before, the last one does
        for verb in verbs if after else reversed(verbs):
            agent = self._agent(text, verb, refs)  # "was branded by Ofsted as “failing children”"
            if agent is not None:
                return agent
            ref = self._subject(text, verb, refs, start) or (
                self._object(text, verb, refs, end) if _INVERTED.search(verb.group()) else None
            )
            if ref is not None:
                return ref
        return None

    def _subject(self, text: str, verb: re.Match[str], refs: list[Ref], floor: int) -> Ref | None:
        """The referent written just before the verb: "Name said", "Name, role of Org, said",
        "Name MP said", "Name, who said", "She added", "A DfE spokesman said", "the report found".
        A person wins over an organisation named inside the person's appositive ("Joanna
        Reyes, chief executive of Become, the charity for ..., said")."""
        before = [r for r in refs if floor <= r.start and r.end <= verb.start()]
        chosen: Ref | None = None
        for ref in reversed([r for r in before if r.start >= verb.start() - 220]):
            gap = text[ref.end : verb.start()]
            if re.search(r"\b(?:for|of|in|at|from)\s+(?:the\s+)?$", text[max(0, ref.start - 12) : ref.start]):
                continue  # "the Labour MP for Ashby Vale, said": a place in a role, not a speaker
            named = ref.kind in ("person", "publication")
            # "..., Graham Lyle, had already warned": the comma closes the appositive the name stands in
            if _ADJACENT.fullmatch(gap) or (named and (re.fullmatch(r"\s*,\s*", gap) or _AFTER_APPOSITIVE.fullmatch(gap))):
                return ref
            if _APPOSITIVE.fullmatch(gap) or (ref.kind in ("person", "unnamed") and _RELATIVE.fullmatch(gap)):
                if ref.kind in ("person", "unnamed"):
                    return ref
                if "who" not in gap and chosen is None:
                    chosen = ref  # keep looking for the person this may describe
                continue
            if ref.kind == "person" and re.fullmatch(r"['’]s\s+(?:\w+\s+){0,3}", gap):
                return None  # "Mr King's report said": not him speaking
        if chosen is not None:
            return chosen
        who = re.search(r"\bwho\s+(?:has\s+|had\s+|also\s+)?$", text[floor : verb.start()])
        if who:
            people = [r for r in before if r.kind == "person"]
            if people:
                return people[-1]
        return None

    @staticmethod
    def _agent(text: str, verb: re.Match[str], refs: list[Ref]) -> Ref | None:
        """The agent of a passive reporting verb: "was described by the council as", "branded by Ofsted"."""
        by = _BY_AGENT.match(text, verb.end())
        if by is None:
            return None
        return next((r for r in refs if r.start == by.end() and r.kind in ("person", "organisation", "spokesperson", "body")), None)

    def _object(self, text: str, verb: re.Match[str], refs: list[Ref], ceiling: int) -> Ref | None:
        """The referent right after an inverted verb: ", said Daniel Forsythe"."""
        for ref in refs:
            if ref.start < verb.end():
                continue
            if ref.start > ceiling:
                break
            gap = text[verb.end() : ref.start]
            if _BEFORE_NAME.fullmatch(gap) or (ref.kind == "person" and _ROLE_BEFORE_NAME.fullmatch(gap)):
                return ref  # ", said Daniel Forsythe" / "according to its director of policy, Marcus Oduya"
            if ref.kind == "person":
                break
        return None

    def _resolve(self, ref: Ref, refs: list[Ref], q: QuoteSpan) -> Ref | None:
        earlier = [r for r in refs if r.end <= ref.start]
        if ref.kind == "pronoun":
            wanted = "f" if ref.extra.get("word", "").lower() == "she" else "m"
            for r in reversed(earlier):
                if r.kind == "person" and r.name and r.extra.get("gender") in (None, wanted):
                    return r
                if r.kind == "unnamed" and r.extra.get("spoke"):
                    return r
            return None
        if ref.kind == "they":
            near = [r for r in earlier if r.start >= ref.start - 300]
            return next((r for r in reversed(near) if r.kind == "unnamed"), None)
        if ref.kind == "it":
            return next(
                (r for r in reversed(earlier) if r.kind in ("organisation", "spokesperson") and r.org),
                None,
            )
        if ref.kind == "role":
            role = ref.role or ""
            person = next(
                (r for r in reversed(earlier) if r.kind == "person" and r.role and role in r.role.lower()),
                None,
            )
            if person:
                return person
            org = _ROLE_ONLY_BODIES.get(role)  # "the Ombudsman said" with no Ombudsman named
            return Ref(ref.start, ref.end, "organisation", org, org) if org else None
        noun = ref.extra.get("noun", "")
        orgs = [r for r in reversed(earlier) if r.kind == "organisation" and r.name]
        if noun in _PUBLICATIONS:
            publication = next((r for r in reversed(earlier) if r.kind == "publication"), None)
            if publication is not None:
                return Ref(ref.start, ref.end, "organisation", publication.name, publication.org)
            # councils are written about; inspectorates, ombudsmen and charities write reports
            orgs = [r for r in orgs if not r.extra.get("council")] + [r for r in orgs if r.extra.get("council")]
        candidates = _BODY_TO_ORG.get(noun)
        if candidates:
            for r in orgs:
                if r.name in candidates:
                    return r
            if noun in ("inspectors", "ombudsman", "department"):
                return Ref(ref.start, ref.end, "organisation", candidates[0], candidates[0])
        if noun in ("council", "authority"):
            return next((r for r in orgs if r.name and "Council" in r.name), None) or Ref(
                ref.start, ref.end, "organisation", "council", "council"
            )
        if noun in ("committee", "group", "charity", "commission", "association", "board", "panel"):
            return next((r for r in orgs if r.name and noun in r.name.lower()), orgs[0] if orgs else None)
        return orgs[0] if orgs else None

    def _payload(self, q: QuoteSpan) -> dict[str, Any] | None:
        ref = q.speaker
        if ref is None:
            return None
        kind = "organisation" if ref.kind == "publication" else ref.kind
        return {
            "speaker": ref.name,
            "role": ref.role,
            "organisation": ref.org,
            "kind": kind,
            "rule": q.rule,
        }


_FEMALE_TITLES = re.compile(r"(?:Mrs|Ms|Miss|Dame|Lady|Baroness)\.?\s+$")
_MALE_TITLES = re.compile(r"(?:Mr|Sir|Lord)\.?\s+$")


@cache
def _gendered_names() -> dict[str, str]:
    from caretext.data import load_lines

    out: dict[str, str] = {}
    for line in load_lines("gendered_names.txt"):
        tag, _, names = line.partition(":")
        out.update(dict.fromkeys(names.split(), tag.strip()))
    return out


def _given_gender(name: str) -> str | None:
    return _gendered_names().get(name.split()[0]) if " " in name else None


def _gender(text: str, start: int, name: str | None) -> str | None:
    """ "f" or "m" from an honorific before the mention, else from the given name."""
    before = text[max(0, start - 12) : start]
    if _FEMALE_TITLES.search(before):
        return "f"
    if _MALE_TITLES.search(before):
        return "m"
    return _given_gender(name) if name else None


def _drop_nested(refs: list[Ref]) -> list[Ref]:
    """Keep the outermost referent where several overlap (a spokesperson phrase holds an
    organisation; "the Council" is both a body noun and a council)."""
    out: list[Ref] = []
    for ref in refs:
        if out and ref.start < out[-1].end:
            continue
        out.append(ref)
    return out


@Language.factory(
    "caretext_quotes",
    default_config={"skip_kinds": ["decision"], "attribution_chars": 160},
    # speakers are the people, bodies and publications found before
    requires=["span._.person", "span._.organisation", "span._.council", "span._.report"],
    assigns=["doc.spans", "span._.quote"],
)
def make_quote_attributor(
    nlp: Language, name: str, skip_kinds: list[str], attribution_chars: int
) -> QuoteAttributor:
    """``skip_kinds``: document kinds whose quotation marks are not quotes (decisions quote letters
    and guidance); ``attribution_chars``: how far after a quote its "said X" may stand."""
    return QuoteAttributor(nlp, skip_kinds, attribution_chars)
