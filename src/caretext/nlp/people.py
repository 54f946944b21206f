"""People, as the ``caretext_people`` spaCy component.

Rules, because the signals are written in the text: an honorific ("Cllr
Priya Shah", "Dr Ruth Allen"), a common given name followed by a surname
("Maria Lopez"), or a name next to a reporting verb or a role ("said Anna
Smith", "Tim Brown, director of children's services at ..."). The role and
organisation written next to a name are kept ("X, chief executive of Family
Rights Group, said"; "Ombudsman Rebecca Hartnell").

Pseudonyms in decisions ("Mr X", "Mrs Y", "Child B") are kept apart: they are
parties to the complaint (``role`` complainant or child, ``pseudonym`` true),
never real people, and never merged with anyone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from caretext.nlp.councils import SPAN_KEY as COUNCILS
from caretext.nlp.matching import char_spans, overlaps, scan, span_at, text_of
from caretext.nlp.organisations import SPAN_KEY as ORGANISATIONS

SPAN_KEY = "people"

if not Span.has_extension("person"):
    Span.set_extension("person", default=None)

_HONORIFIC = r"(?:Cllr|Councillor|Dr|Professor|Prof|Sir|Dame|Lord|Lady|Baroness|Baron|Judge|Rt Hon|Rev|Revd|Mr|Mrs|Ms|Miss|Mx)"
_NAME = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|O['’][A-Z][a-z]+|[A-Z][a-z]*[A-Z][a-z]+"
_PARTICLE = r"(?:de|van|von|der|da|di|le|la|du|bin|al|el)"
_SURNAMES = rf"(?:{_NAME})(?:[ \t]+(?:{_PARTICLE}[ \t]+)?(?:{_NAME})){{0,2}}"
#: the patterns read with matching.scan have no leading \b: scan checks the word start
PSEUDONYM = re.compile(
    r"(?:(?P<adult>Mr|Mrs|Ms|Miss|Mx|Dr)\.?|(?P<child>Child|Young Person|Baby|Son|Daughter))\s+"
    r"(?P<letter>[A-Z])(?![\w&])"
)
_RELATIONS = {
    **dict.fromkeys("son daughter child grandson granddaughter grandchild stepson stepdaughter baby".split(), "child"),
    **dict.fromkeys("mother father mum dad stepmother stepfather".split(), "parent"),
    **dict.fromkeys("grandmother grandfather grandparent husband wife partner brother sister aunt uncle nephew niece "
                    "cousin mother-in-law father-in-law".split(), "relative"),
}
_RELATION_WORD = "|".join(sorted(map(re.escape, _RELATIONS), key=len, reverse=True))
_KIN = r"(?:her|his|their|the complainant[’']s|(?:Mr|Mrs|Ms|Miss|Mx) [A-Z][’']s)"
#: "her son, Mr B", "his late mother Mrs W": the relation written just before a pseudonym
_RELATION_BEFORE = re.compile(
    rf"\b{_KIN}\s+(?:late |elderly |adult |eldest |youngest |younger |older |disabled |teenage |young )?"
    rf"(?P<rel>{_RELATION_WORD})\s*,?\s*$", re.I,
)
#: "Mrs C, his grandmother,": the relation written just after
_RELATION_AFTER = re.compile(rf"^\s*,\s*{_KIN}\s+(?:late |elderly |adult )?(?P<rel>{_RELATION_WORD})\b", re.I)
_CARER_BEFORE = re.compile(r"\b(?:foster carers?|special guardians?|kinship carers?|carers?|guardians?)\s*,?\s*(?:Mr and |Mrs and )?$", re.I)
_CARER_AFTER = re.compile(r"^\s*,\s*(?:an? |the )?(?:former |approved )?(?:foster carer|special guardian|kinship carer)s?\b", re.I)
_COMPLAINANT_BEFORE = re.compile(r"\b(?:complainant|complainants)(?:,)?\s+(?:(?:whom|who) (?:I|we) (?:shall |will )?(?:call|refer to as)\s+)?$|\b(?:whom|who) (?:I|we) (?:shall |will )?(?:call|refer to as)\s+$", re.I)
_COMPLAINANT_AFTER = re.compile(
    r"^\s*(?:and (?:Mr|Mrs|Ms|Miss|Mx) [A-Z]\s+)?(?:\([^)]{1,40}\)\s*)?(?:also |further )?"
    r"(?:complain(?:s|ed)?|say|says|said|asked|asks|wants|wanted|believes?|feels?|felt|disagree[sd]?|"
    r"brought|made a complaint|raised)\b",
    re.I,
)


def party_role(text: str, start: int, end: int) -> str | None:
    """The part a pseudonymised adult plays, as the text gives it: ``child``, ``parent``, ``relative``
    (kin written beside the name), ``carer`` (foster carer, special guardian), ``complainant`` (the one
    who complains, "the complainant, whom I shall call Mrs X"), or None when the text does not say."""
    before, after = text[max(0, start - 60) : start], text[end : end + 60]
    rel = _RELATION_BEFORE.search(before) or _RELATION_AFTER.match(after)
    if rel:
        return _RELATIONS[rel.group("rel").lower()]
    if _CARER_BEFORE.search(before) or _CARER_AFTER.match(after):
        return "carer"
    if _COMPLAINANT_BEFORE.search(before) or _COMPLAINANT_AFTER.match(after):
        return "complainant"
    return None


#: last words of job titles, teams and buildings written in capitals in decisions: never a surname
_TITLE_HEAD = re.compile(
    r"Officer|Officers|Worker|Workers|Manager|Managers|Director|Panel|Team|Service|Services|Home|House|Lodge|"
    r"Court|Tribunal|Assessor|Adviser|Advisor|Coordinator|Co-ordinator|Chair|Reviewer|Investigator|Carer|Carers|"
    r"Practitioner|Lead|Head|Member|Unit|Centre|Center|School|Academy|Nursery|Hospital|Trust|Board|Group|Panel|"
    r"Conference|Meeting|Plan|Order|Procedure|Ombudsman|Council|Authority|Agency|"
    r"Square|Street|Road|Lane|Avenue|Place|Gardens|Crescent|Terrace|Parade|Quay|Wharf"  # a street is not a person
)
_SPACE_BEFORE_CAPITAL = re.compile(r"(?<=[\w.)]) (?=[A-Z])")
#: the longest role phrase, in characters ("director of children's services and skills")
_ROLE_REACH = 80
HONORIFIC_NAME = re.compile(rf"{_HONORIFIC}\.?[ \t]+(?P<name>{_SURNAMES})")
_CAPITAL_PAIR = re.compile(r"([A-Z][a-z]+)[ \t]+(?=[A-Z])")
_NAME_AT = re.compile(rf"[ \t]*(?P<name>(?:{_NAME})[ \t]+{_SURNAMES})")
_SAID = r"(?:said|says|added|explained|warned|told|argued|commented|stated|wrote|insisted|claimed|noted|according to)"
_SAID_WORD = re.compile(rf"{_SAID}\b")
_NAME_COMMA = re.compile(rf"(?P<name>(?:{_NAME})[ \t]+{_SURNAMES}),[ \t]+")
_PLACE_BEFORE = re.compile(r"\b(?:for|in|at|from|of)[ \t]+(?:the[ \t]+)?$")
_VERB_FIRST = re.compile(r"(?:said|says|told|added|warned|argued|explained|who|which|when|where)\b")
_AGE = re.compile(r",[ \t]+\d{1,2},")
_NAME_END = re.compile(rf"(?P<name>\b(?:{_NAME})[ \t]+{_SURNAMES})$")
_NAME_BEFORE = re.compile(rf"(?P<name>\b(?:{_NAME})[ \t]+{_SURNAMES}),?[ \t]+$")
#: words that look like names but start organisations, places, titles or sentences
_NOT_NAMES = {
    "The",
    "This",
    "That",
    "These",
    "Those",
    "Council",
    "County",
    "Borough",
    "City",
    "District",
    "Act",
    "Children",
    "Children's",
    "Social",
    "Services",
    "Department",
    "Ofsted",
    "Ombudsman",
    "Local",
    "Government",
    "Committee",
    "Association",
    "Court",
    "Tribunal",
    "Regulations",
    "Section",
    "Part",
    "Schedule",
    "Family",
    "Care",
    "Education",
    "National",
    "Minister",
    "Secretary",
    "Director",
    "Chief",
    "Executive",
    "Health",
    "Trust",
    "Group",
    "Report",
    "Summary",
    "Complaint",
    "Final",
    "Decision",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Labour",
    "Conservative",
    "Liberal",
    "Green",
    "Reform",
    "Tory",
    "Tories",
    "Government's",
    "Council's",
    "He",
    "She",
    "They",
    "It",
    "We",
    "I",
    "But",
    "And",
    "In",
    "On",
    "At",
    "By",
    "For",
    "From",
    "With",
    "As",
    "Cllr",
    "Councillor",
    "Dr",
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Mx",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "Professor",
    "Prof",
    "Baroness",
    "Baron",
    "Judge",
    "Rt",
    "Hon",
    "Rev",
    "Revd",
    "Guidance",
    "Statutory",
    "Support",
    "Code",
    "Practice",
    "Plan",
    "Policy",
    "Review",
    "Panel",
    "Board",
    "Stage",
    "Team",
    "Unit",
    "Office",
    "Service",
    "School",
}


#: (start, end, name) of an organisation or council named in the text
Body = tuple[int, int, str]


def given_names() -> frozenset[str]:
    """Common UK given names (``data/given_names.txt`` and the gendered lists)."""
    return _load()[0]


@cache
def _load() -> tuple[frozenset[str], tuple[str, ...]]:
    from caretext.data import load_lines, load_words

    roles = sorted(load_lines("person_roles.txt"), key=len, reverse=True)
    gendered = [w for w in load_words("gendered_names.txt") if not w.endswith(":")]
    return frozenset(load_words("given_names.txt")) | frozenset(gendered), tuple(roles)


class PersonRecognizer:
    """Puts people in ``doc.spans["people"]`` with ``span._.person`` = ``{"name", "role",
    "organisation", "pseudonym", "method", "rule"}``."""

    def __init__(self, nlp: Language) -> None:
        given, roles = _load()
        self.given = given
        role_alt = "|".join(re.escape(r).replace("'", "['’]") for r in roles)  # "children’s" too
        self.role_word = re.compile(rf"(?i)\b(?:{role_alt})\b")
        #: the roles as lower-case word sequences, for the check before a name (a set lookup per name)
        self.role_phrases = frozenset(" ".join(r.lower().split()) for r in roles)
        self.role_words = max((len(r.split()) for r in roles), default=1)
        #: the last word of every role: most capitals follow none, and need no phrase built
        self.role_last = frozenset(p.rsplit(None, 1)[-1] for p in self.role_phrases if p)

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        taken = char_spans(doc.spans[COUNCILS]) if COUNCILS in doc.spans else []
        org_spans = list(doc.spans[ORGANISATIONS]) if ORGANISATIONS in doc.spans else []
        taken += char_spans(org_spans)
        orgs = sorted(
            [(o.start_char, o.end_char, o._.organisation["name"]) for o in org_spans]
            + [(c.start_char, c.end_char, c._.council["name"]) for c in doc.spans.get(COUNCILS, []) if c._.council.get("name")]
        )
        found: list[Span] = []
        for m in scan(PSEUDONYM, text):
            span = span_at(doc, m.start(), m.end(), "PSEUDONYM")
            if span is not None:
                said = None if m.group("child") else party_role(text, m.start(), m.end())
                party = "child" if m.group("child") else (said or "complainant")
                found.append(
                    _with(
                        span,
                        {
                            "name": span.text,
                            "role": party,
                            "organisation": None,
                            "pseudonym": True,
                            "method": "pattern",
                            # "pseudonym-context": the role is written beside the name; "pseudonym": by default
                            "rule": "pseudonym-context" if said else "pseudonym",
                        },
                    )
                )
        pseudonyms = char_spans(found)
        for rule, m in self._candidates(text):
            start, end = self._name_bounds(text, m.start("name"), m.end("name"))
            if start is None or overlaps(start, end, taken) or overlaps(start, end, pseudonyms):
                continue
            if rule != "honorific" and _PLACE_BEFORE.search(text, max(0, start - 12), start):
                continue  # "the Labour MP for Ashby Vale": a constituency, not a person
            named = span_at(doc, start, end, "PERSON")
            if named is None:
                continue
            span = named
            role, organisation = self._role(text, span, orgs)
            found.append(
                _with(
                    span,
                    {
                        "name": span.text,
                        "role": role,
                        "organisation": organisation,
                        "pseudonym": False,
                        "method": "pattern",
                        "rule": rule,
                    },
                )
            )
        doc.spans[SPAN_KEY] = filter_spans(found)
        return doc

    def _candidates(self, text: str) -> Iterator[tuple[str, re.Match[str]]]:
        """Name-shaped matches, each found from a cheap anchor rather than a scan of every
        position: an honorific, a capitalised word that is a given name, a reporting verb."""
        yield from (("honorific", m) for m in scan(HONORIFIC_NAME, text))
        for first in scan(_CAPITAL_PAIR, text):
            if first.group(1) in self.given:
                m = _NAME_AT.match(text, first.start())
                if m:
                    yield "given-name", m
        # "Schools minister Nathaniel Crewe replied": a role word just before a capitalised name. Anchored
        # at each space before a capital (a few hundred a document) rather than scanning the whole text
        # for the long alternation of roles, which was most of this component's time
        for space in _SPACE_BEFORE_CAPITAL.finditer(text):
            at = space.start()
            before = text[max(0, at - _ROLE_REACH) : at]
            last = before.rsplit(None, 1)
            if not last or last[-1].lower() not in self.role_last:
                continue
            words = before.lower().replace("’", "'").split()
            if any(" ".join(words[-k:]) in self.role_phrases for k in range(1, min(len(words), self.role_words) + 1)):
                m = _NAME_AT.match(text, at)
                if m:
                    yield "role-before", m
        for m in scan(_NAME_COMMA, text):  # "Xanthe Okoro, principal social worker at ..."
            if self.role_word.match(text, m.end()) or (re.match(
                r"(?:the|a|an)\s+(?:[\w'’-]+\s+){0,3}", text[m.end() : m.end() + 40]
            ) and self.role_word.search(text[m.end() : m.end() + 60].split(",")[0])):
                yield "role-appositive", m
        for age in _AGE.finditer(text):  # "Tayo Adeyemi, 20, who ..."
            m = _NAME_END.search(text, max(0, age.start() - 60), age.start())
            if m:
                yield "age-appositive", m
        for said in scan(_SAID_WORD, text):
            m = _NAME_AT.match(text, said.end())
            if m:
                yield "said-before", m
            m = _NAME_BEFORE.search(text, max(0, said.start() - 80), said.start())
            if m:
                yield "said-after", m

    def _name_bounds(self, text: str, start: int, end: int) -> tuple[int | None, int]:
        """Trim words that cannot be part of a name; None if fewer than two remain."""
        words = list(re.finditer(r"\S+", text[start:end]))
        while words and words[0].group() in _NOT_NAMES:
            words.pop(0)
        if words and words[-1].group().rstrip("'’s") in _NOT_NAMES:
            return None, end  # "Young People Board": the end of an organisation's name
        titled = re.search(rf"{_HONORIFIC}\.?\s+$", text[max(0, start - 12) : start]) is not None
        if words and not titled and _TITLE_HEAD.fullmatch(words[-1].group().rstrip("'’s.,")):
            return None, end  # "Independent Reviewing Officer", "Oakwood House": a post or a place, not a person
        if len(words) == 1 and re.fullmatch(r"[A-Z]s", words[0].group()):
            return None, end  # "Mrs Xs complaint": a pseudonym's possessive with its apostrophe lost
        if not words:
            return None, end
        if len(words) == 1 and not re.search(
            rf"{_HONORIFIC}\.?\s+$", text[max(0, start - 12) : start]
        ):
            return None, end
        last = words[-1]
        possessive = re.search(r"['’]s$", last.group())
        # "Margaret Holroyd’s grandson": the name ends before the possessive
        return start + words[0].start(), start + (last.end() - 2 if possessive else last.end())

    def _role(self, text: str, span: Span, orgs: list[Body]) -> tuple[str | None, str | None]:
        """Role and organisation written right after (", chief executive of X,") or before the name."""
        after = text[span.end_char : span.end_char + 140]
        m = re.match(
            r"(?:\s+(?:MP|MSP|MS|AM|OBE|CBE|MBE|KC|QC))*,\s+(?:the\s+|a\s+|an\s+)?(?P<phrase>(?:[^,;:\"“”()]|\([A-Z][A-Za-z]{1,9}\)){2,110}?)(?=,|;|\s+(?:said|says|added|told)\b|\.\s|\)|$)",
            after,
        )
        if m and self.role_word.search(m.group("phrase")) and not _VERB_FIRST.match(m.group("phrase")):
            phrase = m.group("phrase")
            return _split_role(phrase, span.end_char + m.start("phrase"), orgs)
        m = _BECAME.match(after)  # "Sunita Marwaha became director of children's services at Sheffield City Council"
        if m and self.role_word.match(m.group("phrase")):
            return _split_role(m.group("phrase"), span.end_char + m.start("phrase"), orgs)
        before = text[max(0, span.start_char - 90) : span.start_char]
        m = re.search(
            r"(?:^|[.,;:\n(]\s*|\b(?:and|by|from|with|to)\s+)(?:the\s+)?(?P<phrase>[^.,;:\n(]{2,85}?),?\s+$",
            before,
        )
        if m:
            phrase = m.group("phrase")
            p_start = span.start_char - len(before) + m.start("phrase")
            body = [o for o in orgs if o[1] == p_start + len(phrase.rstrip()) and o[0] >= p_start]
            if body:  # "The Children's Commissioner for England, Miriam Stokeley, said"
                return phrase.strip(), body[0][2]
            owned = _owned_role(phrase, p_start, orgs)
            if owned and self.role_word.search(owned[0]):
                return owned
            last = list(self.role_word.finditer(phrase))
            if (
                last
                and last[-1].end() == len(phrase.rstrip())
                and not re.search(r"\b(?:said|says|told)\b", phrase)
            ):
                offset = span.start_char - len(before) + m.start("phrase")
                role, org = _split_role(phrase, offset, orgs)
                return role, org
        return None, None


#: a role given by a verb after the name: "X became director of ... at Y", "X, who is chief executive of Y"
_BECAME = re.compile(
    r"\s+(?:became|becomes|has\s+been|had\s+been|took\s+over\s+as|joined\s+\S+\s+as|was\s+appointed(?:\s+as)?|is\s+now)\s+"
    r"(?:the\s+|its\s+|an?\s+)?(?P<phrase>[^,;:.\"“”()\n]{3,100}?)(?=\s+(?:in|on|last|this|after|before|when|from)\s|[,;:.\n]|$)"
)
#: a role owned by "the council" or "the authority" without its name ("the council's director of ...")
_OWNER = re.compile(r"(?i)^(?:the\s+)?(?P<owner>council|authority)['’]s\s+")
#: statutory and service titles whose "of ..." names a service, not an employer
_SERVICE_TITLE = re.compile(
    r"(?i)(?:(?:the|a|its|their)\s+)?(?:(?:previous|former|new|current|outgoing|incoming)\s+)*"
    r"(?:(?:interim|acting|deputy|assistant|executive|corporate|strategic)\s+)*"
    r"director\s+of\s+(?:children['’]s|adult|adults['’]?|social|education)\s+(?:services|care)"
    r"(?:\s+and\s+[\w'’ ]{3,40})?"
)


def _owned_role(phrase: str, offset: int, orgs: list[Body]) -> tuple[str, str] | None:
    """ "Become's head of policy" → ("head of policy", "Become"); "Its policy lead" → the body named
    last before it (within a few sentences)."""
    for start, end, name in orgs:
        if start == offset and re.match(r"['’]s\s+\S", phrase[end - offset :]):
            return phrase[end - offset + 2 :].strip(), name
    its = re.match(r"(?i)(?:its|their)\s+(?P<role>.+)$", phrase.strip())
    if its:
        earlier = [o for o in orgs if offset - 400 <= o[0] < offset]
        if earlier:
            return its.group("role"), max(earlier)[2]
    return None


def _split_role(phrase: str, offset: int, orgs: list[Body]) -> tuple[str | None, str | None]:
    """ "chief executive of Family Rights Group" → ("chief executive", "Family Rights Group");
    a named body inside the phrase is the organisation ("cabinet member for children at
    Lancashire County Council" → the council)."""
    end = offset + len(phrase)
    inside = [o for o in orgs if offset <= o[0] and o[1] <= end]
    organisation = inside[0][2] if inside else None
    owner = _OWNER.match(phrase)
    if owner and not inside:  # "the council's director of children's services": the article's council
        phrase, organisation = phrase[owner.end() :], owner.group("owner").lower()
    if _SERVICE_TITLE.fullmatch(phrase):
        return phrase, organisation  # "director of children's services" is a title, not a role at a body
    title = _SERVICE_TITLE.match(phrase)
    at = re.match(r"\s+(?:at|for|of|in)\s+(?:the\s+)?(?P<org>.+)$", phrase[title.end() :]) if title else None
    if title and at:  # "director of children's services at Sheffield City Council"
        return title.group(), organisation or at.group("org").strip()
    m = re.match(r"(?P<role>.+?)\s+(?P<prep>of|at|for|from)\s+(?:the\s+)?(?P<org>.+)$", phrase)
    role = phrase
    if m and re.search(r"\b(?:MP|MSP|MS|AM|councillor|member)$", m.group("role")) and m.group("prep") == "for":
        return phrase, organisation  # "Labour MP for Ashby Vale": a constituency, not an employer
    if m:
        role = m.group("role")
        organisation = organisation or m.group("org").strip()
    elif inside:
        rest = (phrase[: inside[0][0] - offset] + phrase[inside[0][1] - offset :]).strip()
        rest = re.sub(r"^['’]s\s+", "", rest)
        role = rest or phrase  # "Local Government and Social Care Ombudsman, Rebecca Hartnell"
    return role.strip() or None, organisation


def _with(span: Span, payload: dict[str, Any]) -> Span:
    out = Span(span.doc, span.start, span.end, label=span.label_)
    out._.person = payload
    return out


@Language.factory(
    "caretext_people",
    requires=["span._.council", "span._.organisation"],  # the body named beside a name
    assigns=["doc.spans", "span._.person"],
)
def make_person_recognizer(nlp: Language, name: str) -> PersonRecognizer:
    return PersonRecognizer(nlp)
