"""Remedies by rule: what the council agreed to do, with amounts that add up.

Remedies are stated in a small, formulaic zone — "Agreed action" (or, in
short statements, the summary, assessment and final decision) — in a closed
vocabulary ("apologise", "pay £300 to acknowledge the distress", "remind
staff", "consider the complaint at stage 2"). Rules read that zone better than
a model trained on a few hundred statements, and they can do the arithmetic a
model cannot: "£200 a month for six months" is a payment of £1,200.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache
from typing import Literal, NamedTuple

from caretext.classify.stance import undertaken
from caretext.data import load_rules
from caretext.document import Document
from caretext.findings import Remedy
from caretext.patterns import MONEY, parse_money
from caretext.reading import Sentence

#: sentence roles read when the statement has no agreed-action section
_FALLBACK_ROLES = frozenset({"summary", "assessment", "final"})
_PROVIDED_ROLES = frozenset({"summary", "assessment", "final", "findings", "other"})

_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}
_NUMBER_WORDS.update({"twenty-four": 24, "twenty four": 24, "thirty": 30, "fifty-two": 52, "a": 1, "an": 1})
_COUNT = r"(?P<n>\d{1,3}|" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True)) + r")"
_DURATION = re.compile(
    r"^\s*(?:\([^)]{0,40}\)\s*)?(?:,\s*)?(?:for|over|covering)\s+(?:each of\s+|a period of\s+|the\s+|a total of\s+)?"
    + _COUNT
    + r"\s+(?:further\s+|full\s+|school\s+|calendar\s+|academic\s+)?(?P<unit>day|week|fortnight|month|year|term|night)s?\b",
    re.I,
)
_UNIT_OF_RATE = {"calendar month": "month", "annum": "year"}
#: "£100 for each of the eight weeks": a rate written after the figure
_EACH = re.compile(
    r"^\s*(?:for|per)\s+(?:each|every)\s+(?:of\s+)?(?:the\s+)?" + _COUNT
    + r"\s+(?:[a-z]+\s+){0,2}?(?P<unit>day|week|fortnight|month|year|term|night|session|visit|appointment)s?\b",
    re.I,
)
_RANGE = re.compile(r"\bbetween\s+$", re.I)
_NEGATED = re.compile(
    r"\b(?:do|does|did|will|would|should|need|could|can|am|is|are) not (?:need to |have to |be able to )?"
    r"(?:recommend|ask|require|seek a|propose|make (?:any|a) recommendation|consider (?:it|a))"
    r"|\bno (?:need|reason|further action|further remedy|remedy|payment|recommendations?)\b"
    r"|\bnot (?:appropriate|necessary|justified|warranted|proportionate) (?:to|for)\b",
    re.I,
)
_COMPLIANCE = re.compile(
    r"^(?:the council |it |they )?(?:should |will |must |has agreed to |agreed to )?(?:provide|send) "
    r"(?:us|the ombudsman|me|evidence)\b.{0,40}\bevidence|^evidence of (?:compliance|this|these)",
    re.I,
)
_RECIPIENT = re.compile(
    r"\b(?:pay|paying|payment of|payments of|paid)\s+(?P<who>(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+(?:and\s+(?:Mr|Mrs|Ms|Miss)\s+)?[A-Z]\b"
    r"|(?:her|his|their)\s+(?:[a-z]+\s+)?(?:son|daughter|child|children|grandson|granddaughter|grandchildren|family)"
    r"|[A-Z]\b(?!\s*[’']))",
)
_RECIPIENT_AFTER = re.compile(
    r"^[^.;]{0,60}?\bto\s+(?P<who>(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+(?:and\s+(?:Mr|Mrs|Ms|Miss)\s+)?[A-Z]\b"
    r"|(?:her|his|their)\s+(?:[a-z]+\s+)?(?:son|daughter|child|children|grandson|granddaughter|grandchildren|family)"
    r"|(?:the\s+)?(?:family|complainants?|parents?|carers?|foster carers?|special guardians?)\b|[A-Z]\b(?!\s*[’']))"
)
_PURPOSES = (
    ("backdated allowance", r"backdat|arrears|underpa|allowance|owed"),
    ("lost provision", r"lost (?:\w+ )?provision|missed (?:\w+ ){0,2}(?:provision|education|support|tuition|therapy)|loss of (?:\w+ )?provision|education (?:he|she|they) missed|lost (?:\w+ )?education"),
    ("time and trouble", r"time and trouble|time and effort|trouble"),
    ("distress", r"distress|anxiety|upset|worry"),
    ("uncertainty", r"uncertain"),
    ("frustration", r"frustrat"),
    ("lost opportunity", r"opportunit"),
    ("financial loss", r"financial loss|out of pocket|costs? (?:she|he|they) (?:incurred|paid)|reimburse|refund|expenses"),
)
_DEADLINE = re.compile(
    r"\bwithin (?:the next )?(?:\d{1,3}|one|two|three|four|five|six|eight|ten|twelve|twenty|twenty-eight)\s+"
    r"(?:working |calendar )?(?:days?|weeks?|months?)\b(?: of (?:my|our|the|this) (?:final )?(?:decision|statement|report))?"
    r"|\bby \d{1,2} [A-Z][a-z]+ \d{4}\b",
    re.I,
)
_INCREASE = re.compile(r"^\s*(?:to|up to|rising to)\s+£", re.I)
_PAY_VERB = re.compile(
    r"\b(?:pay|paying|refund|refunding|reimburse|reimbursing|repay|return|backdate|credit|award|cover|pays)\b[^.;£]*$",
    re.I,
)
_RATE_ONLY = re.compile(r"^\s*(?:for|per)\s+(?:each|every)\s+(?:[a-z]+\s+){0,2}?(?:day|week|month|term|session)\b", re.I)
_BACK_REFERENCE = re.compile(r"\b(?:the|this|that|its|these)\s+$", re.I)


@dataclass(frozen=True)
class RemedyHit:
    type: str
    start: int
    end: int
    rule: str
    amount_gbp: float | None = None
    recipient: str | None = None
    purpose: str | None = None
    deadline: str | None = None
    #: ``agreed`` (to be done), ``provided`` (already done before the decision), ``offered`` (an offer the
    #: statement judges adequate)
    status: Literal["agreed", "provided", "offered"] = "agreed"

    def to_finding(self, document: Document) -> Remedy:
        """The findings record of this remedy, with its text and page."""
        return Remedy(
            type=self.type,
            amount_gbp=self.amount_gbp,
            recipient=self.recipient,
            purpose=self.purpose,
            text=document.text[self.start : self.end],
            start=self.start,
            end=self.end,
            page=document.page_at(self.start),
            deadline=self.deadline,
            rule=self.rule,
            status=self.status,
        )


@cache
def _rules() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    return tuple(
        (row["id"], row["type"], re.compile(row["pattern"], re.I)) for row in load_rules("remedy_rules.jsonl")
    )


_ALREADY = re.compile(
    r"\b(?:has|had|have) (?:also )?(?:already|since|now) (?:also )?(?:apologised|paid|made|arranged|provided|"
    r"reviewed|changed|introduced|trained|reminded|completed|carried out|backdated|refunded|reimbursed|issued)\b",
    re.I,
)


#: a sentence outside "Agreed action" states a remedy only if it says the council did, will or agreed to do it
_UNDERTAKING = re.compile(
    r"\b(?:agreed?|agrees|will|shall|should|must|has been asked|have been asked|is to|are to|to remedy|to put (?:this|things|it) right|"
    r"in recognition|to acknowledge|to recognise|recommend\w*|offer(?:ed|s)?|includ(?:ed|es|ing)|remed(?:y|ies|ied)|"
    r"(?:has|have|had) (?:already |now |since |also )*(?:apologised|paid|made|provided|arranged|reviewed|written|put|added|"
    r"changed|corrected|refunded|reimbursed|backdated|completed|carried out|issued|reinstated|offered|amended|introduced)|"
    r"(?:it|the council) (?:apologised|paid|refunded|reimbursed|backdated|offered))\b",
    re.I,
)
#: a lead-in whose list items are remedies done or to be done ("The Council has already:", "It will:")
_LEAD_IN = re.compile(r"\b(?:already|has|have|had|will|shall|agreed|agrees|should|must|is to|are to|recommend\w*)\b", re.I)
#: a figure the complainant lost, spent or wants: not a remedy unless a payment verb governs it
_CLAIMED = re.compile(
    r"(?P<claim>\bout of pocket\b|\b(?:she|he|they|the family|the complainant|(?:Mrs?|Ms|Miss|Mx|Mr and Mrs) [A-Z])\s+(?:\w+\s+){0,2}?"
    r"(?:has |had |have )?(?:lost|spent|paid out|incurred|owes?|wants?|wanted|asked for|asks for|claims?|claimed|seeks?|"
    r"sought|estimates?|estimated|says?|said|believes?|is owed|was charged|were charged)\b)[^.;]{0,50}$",
)
#: a remedy already in place before the decision, and an offer the statement judges adequate
_DONE = re.compile(
    r"\b(?:has|had|have) (?:also )?(?:already|since|now)? ?(?:also )?(?:apologised|paid|made|arranged|provided|refunded|reimbursed|backdated)\b"
    r"|\balready (?:apologised|paid|made|arranged|provided|refunded|reimbursed|backdated)\b",
    re.I,
)
#: "a further £450", "another £200": a new payment, never a restatement of an earlier one
_FURTHER = re.compile(r"\b(?:further|another|additional|second|extra|also)\b[^.;£]{0,25}$", re.I)
_OFFER = re.compile(r"\b(?:offer(?:ed)?|offers)\b", re.I)


_PROVIDED = re.compile(
    r"\b(?:paid|offer(?:ed|s)?|apologi[sz]ed|refunded|reimbursed|backdated|credited|agreed to|has (?:now )?(?:made|arranged|provided|completed))\b"
    r"|\b(?:suitable|satisfactory|appropriate|adequate) remedy\b",
    re.I,
)


def remedy_zone(sentences: list[Sentence], provided: bool = False) -> list[Sentence]:
    """The sentences that state remedies: agreed action if the statement has it, else the summary,
    assessment and final decision; plus sentences there saying what the council has already done to
    put things right. When the statement closes because the council already remedied the complaint
    (``provided``), every sentence of those sections that says what it paid, offered or did. A
    lead-in ("The Council has already:") comes with the list items chosen after it."""
    agreed = [s for s in sentences if s.role == "agreed"]
    if provided:
        done = [s for s in sentences if s.role in _PROVIDED_ROLES and _PROVIDED.search(s.text)]
        zone = sorted({*agreed, *done}, key=lambda s: s.start)
    elif not agreed:
        if not any(s.role == "summary" for s in sentences):  # a listing or old report summary: no headings
            zone = [s for s in sentences if s.role in _FALLBACK_ROLES or s.role == "other"]
        else:
            zone = [s for s in sentences if s.role in _FALLBACK_ROLES]
    else:
        already = [s for s in sentences if s.role in _FALLBACK_ROLES and _ALREADY.search(s.text)]
        zone = sorted(agreed + already, key=lambda s: s.start)
    chosen = set(zone)
    leads = [
        s for s, nxt in itertools.pairwise(sentences)
        if s not in chosen and nxt in chosen and s.text.rstrip().endswith(":")
    ]
    return sorted(chosen | set(leads), key=lambda s: s.start)


def _count(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


class _Figure(NamedTuple):
    start: int
    end: int
    value: float
    product: bool  # a rate multiplied out by its duration
    rate: bool  # written as a rate ("£300 a month") and not multiplied out


def _amounts(sentence: Sentence) -> list[tuple[int, int, float]]:
    """(start, end, total) of each payment figure in a sentence, rates multiplied out, totals and
    back-references ("the £300") dropped."""
    text = sentence.text
    found: list[_Figure] = []
    matches = list(MONEY.finditer(text))
    outside = [m for m in matches if not _in_parentheses(text, m.start())]
    for i, m in enumerate(matches):
        value, per = parse_money(m)
        end = m.end()
        if _INCREASE.match(text[end:]):  # "increase its offer of £100 to £300": the £300 counts
            continue
        if _RANGE.search(text[max(0, m.start() - 10) : m.start()]) or (
            i > 0 and _RANGE.search(text[max(0, matches[i - 1].start() - 10) : matches[i - 1].start()])
            and re.fullmatch(r"\s*(?:and|to|-|–)\s*", text[matches[i - 1].end() : m.start()])
        ):
            continue  # "between £150 and £250 a month": guidance, not a payment
        if outside and m not in outside:
            continue  # "£1,250 (five months at £250)": the bracket restates the figure
        if not per and (e := _EACH.match(text[end:])) and (n := _count(e.group("n"))) is not None:
            found.append(_Figure(m.start(), end + e.end(), round(value * n, 2), True, False))
            continue
        if _BACK_REFERENCE.search(text[max(0, m.start() - 6) : m.start()]) and not _PAY_VERB.search(
            text[max(0, m.start() - 60) : m.start()]
        ):
            continue  # "the £300" after the payment was stated: a reference back, not a new payment
        product = False
        if per:
            d = _DURATION.match(text[end:])
            unit = _UNIT_OF_RATE.get(per, per)
            if d and d.group("unit").lower() == unit and (n := _count(d.group("n"))) is not None:
                value, end, product = round(value * n, 2), end + d.end(), True
        found.append(_Figure(m.start(), end, value, product, bool(per) and not product))
    # a rate with no duration ("£300 for each month") beside another figure is how that figure was worked out
    if len(found) > 1:
        found = [
            f for f in found if f.product or not (f.rate or _RATE_ONLY.match(text[f.end :]))
        ] or found
    # a figure equal to a product or to the sum of the others restates them: keep one payment
    values = [f.value for f in found]
    total = next((f for f in found if len(found) >= 3 and abs(f.value - (sum(values) - f.value)) < 0.01), None)
    if total is not None:
        return [(total.start, total.end, total.value)]
    out = []
    for i, f in enumerate(found):
        if not f.product and any(abs(f.value - o.value) < 0.01 for j, o in enumerate(found) if j != i and o.product):
            continue  # "£1,200 (£200 a month for six months)"
        out.append((f.start, f.end, f.value))
    return out


def _in_parentheses(text: str, pos: int) -> bool:
    return text.rfind("(", 0, pos) > text.rfind(")", 0, pos)


def _drop_totals(hits: list[RemedyHit]) -> list[RemedyHit]:
    """A payment equal to the sum of two or more others restates them ("£950" in the summary,
    "£800" and "£150" in agreed action), so it is not another payment."""
    amounts = [h.amount_gbp for h in hits if h.type == "payment" and h.amount_gbp]
    out = []
    for h in hits:
        if h.type == "payment" and h.amount_gbp and len(amounts) >= 3:
            others = list(amounts)
            others.remove(h.amount_gbp)
            if abs(sum(others) - h.amount_gbp) < 0.01:
                continue
        out.append(h)
    return out


def _purpose(text: str) -> str | None:
    for name, pattern in _PURPOSES:
        if re.search(pattern, text, re.I):
            return name
    return None


def _recipient(text: str, start: int) -> str | None:
    """Who is paid: the party after "pay" before the figure, or after "to" following it."""
    before = list(_RECIPIENT.finditer(text[max(0, start - 60) : start]))
    if before:
        return before[-1].group("who")
    after = _RECIPIENT_AFTER.match(text[start:])
    return after.group("who") if after else None


_CLAUSE_BREAK = re.compile(r";|•|\n|(?:^|\s)\(?[a-z]\)\s|(?:^|\s)\(?(?:i|ii|iii|iv|v|vi)\)\s")
#: types that can honestly occur more than once in one statement
_REPEATABLE = frozenset({"procedure_review", "provide_service", "other", "training"})
#: a clause that reviews procedure is not also a reassessment of the complainant
_SUPPRESSES = {
    "procedure_review": {"reassessment", "provide_service"},
    "training": {"procedure_review", "provide_service"},
    "complaint_escalation": {"provide_service"},
}


def _clauses(sentence: Sentence) -> list[tuple[int, int]]:
    """(start, end) of the clauses of a sentence, split at semicolons, bullets and (a)/(i) markers."""
    out, pos = [], 0
    for m in _CLAUSE_BREAK.finditer(sentence.text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(sentence.text)))
    return [(a, b) for a, b in out if sentence.text[a:b].strip()]


def _status(text: str) -> Literal["agreed", "provided", "offered"]:
    """Whether a remedy sentence reports a remedy already in place, an adequate offer, or one agreed now."""
    if _OFFER.search(text) and not re.search(r"\b(?:agreed|will|should)\b", text, re.I):
        return "offered"
    if _DONE.search(text) and not re.search(r"\b(?:agreed to|will|should|must)\b", text, re.I):
        return "provided"
    return "agreed"


def _claimed(text: str, start: int) -> bool:
    """A figure the complainant lost or wants ("out of pocket by £1,000"), with no payment verb
    between the claim and the figure."""
    before = text[max(0, start - 80) : start]
    claim = _CLAIMED.search(before)
    if claim is None:
        return False
    between = before[claim.end("claim") :]
    return not re.search(r"\b(?:pay|paid|refund|reimburse|payment|offer|award|backdate|credit)", between, re.I)


def find_remedies(sentences: list[Sentence], provided: bool = False) -> list[RemedyHit]:
    """Every remedy stated in the remedy zone, one hit per remedy, in text order.

    Outside "Agreed action" a sentence states a remedy only when it says the council did, will or
    agreed to do it, and a rule's words count only when they are not the failure complained of
    ("failed to provide respite") or the complainant's wish. A payment is a figure a payment verb
    governs, or a payment named without one ("make a symbolic payment": ``amount_gbp`` is null).
    The same figure twice is one payment when it is restated elsewhere (summary and agreed action),
    two when one sentence names it twice for different purposes or people."""
    hits: list[RemedyHit] = []
    paid: list[tuple[float, str | None, str | None, str]] = []  # amount, recipient, purpose, role
    seen: dict[str, set[str]] = {}
    carried: str | None = None
    lead_in = ""
    for sentence in remedy_zone(sentences, provided):
        text = sentence.text
        if _COMPLIANCE.search(text.strip()) or _NEGATED.search(text):
            continue
        deadline = _DEADLINE.search(text)
        when = deadline.group() if deadline else carried
        if text.rstrip().endswith(":"):  # "Within one month the Council will:" applies to the list after it
            carried, lead_in = when, text
            continue
        listed = bool(lead_in) and text[:1].islower()  # an item of the list a lead-in sentence opened
        if not listed:
            lead_in = ""
        if sentence.role != "agreed" and not _UNDERTAKING.search(text) and not (listed and _LEAD_IN.search(lead_in)):
            continue
        status = _status(text)
        amounts = [(a, b, v) for a, b, v in _amounts(sentence) if not _claimed(text, a) and undertaken(text, a)]
        named_here: list[tuple[float, str | None]] = []
        for c_start, c_end in _clauses(sentence):
            clause = text[c_start:c_end]
            clause_hits: list[RemedyHit] = []
            for start, end, amount in amounts:
                if not c_start <= start < c_end:
                    continue
                recipient = _recipient(text, start)
                window = text[start : min(len(text), end + 90)]
                own = _purpose(window)  # what the words after the figure say it is for
                purpose = own or _purpose(clause)
                further = _FURTHER.search(text[max(0, start - 40) : start]) is not None
                if (amount, recipient) not in named_here and _restated(paid, amount, recipient, own, further):
                    continue
                paid.append((amount, recipient, own, sentence.role))
                named_here.append((amount, recipient))
                clause_hits.append(
                    RemedyHit("payment", sentence.start + c_start, sentence.start + max(c_end, end), "money",
                              amount_gbp=amount, recipient=recipient, purpose=purpose, deadline=when, status=status)
                )
            matched = {
                kind: (rule_id, m)
                for rule_id, kind, pattern in _rules()
                if (m := next((x for x in pattern.finditer(clause) if undertaken(text, c_start + x.start())), None))
            }
            for kind in list(matched):
                for weaker in _SUPPRESSES.get(kind, ()):
                    matched.pop(weaker, None)
            for kind, (rule_id, _m) in matched.items():
                if kind == "payment" and (named_here or any(h.type == "payment" for h in clause_hits)
                                          or (paid and sentence.role != "agreed")):
                    continue  # a figure already stands for this payment
                if kind == "payment" and any(h.type == "payment" and h.amount_gbp is None for h in hits):
                    continue  # "a payment" named again
                key = _recipient_key(clause) if kind == "apology" else clause.strip().lower()
                done = seen.setdefault(kind, set())
                if done and (
                    (kind not in _REPEATABLE and kind != "apology")
                    or key in done
                    or (kind == "apology" and (not key or "" in done))  # two apologies need two named people
                ):
                    continue
                done.add(key)
                clause_hits.append(
                    RemedyHit(kind, sentence.start + c_start, sentence.start + c_end, rule_id,
                              purpose=_purpose(clause) if kind == "payment" else None, deadline=when, status=status)
                )
            hits.extend(sorted(clause_hits, key=lambda h: h.start))
    return _drop_totals(_figures_replace_named(hits))


def _restated(paid: list[tuple[float, str | None, str | None, str]], amount: float, recipient: str | None,
              purpose: str | None, further: bool) -> bool:
    """Whether a figure repeats a payment already found: the same amount for no different recipient or
    purpose. "A further £450" repeats one only when it is for the same stated purpose."""
    for a, r, p, _role in paid:
        if abs(a - amount) >= 0.01:
            continue
        if recipient and r and recipient != r:
            continue
        if further and not (purpose and p == purpose):
            continue
        if purpose and p and purpose != p:
            continue
        return True
    return False


def _figures_replace_named(hits: list[RemedyHit]) -> list[RemedyHit]:
    """A payment named without a figure in the summary and given its figure in agreed action is one
    payment: the figure stands."""
    figured = [h for h in hits if h.type == "payment" and h.amount_gbp is not None]
    return [
        h for h in hits
        if not (h.type == "payment" and h.amount_gbp is None and figured
                and any(h.purpose is None or f.purpose is None or f.purpose == h.purpose for f in figured))
    ]


def _recipient_key(clause: str) -> str:
    """Who an apology is to ("to Ms Z", "to C"), so two apologies to two people count twice."""
    m = re.search(r"\bto\s+((?:Mr|Mrs|Ms|Miss|Mx)\s+[A-Z]\b|[A-Z]\b|(?:her|his|their)\s+\w+)", clause)
    return m.group(1) if m else ""
