"""Remedies by rule: what the council agreed to do, with amounts that add up.

Remedies are stated in a small, formulaic zone — "Agreed action" (or, in
short statements, the summary, assessment and final decision) — in a closed
vocabulary ("apologise", "pay £300 to acknowledge the distress", "remind
staff", "consider the complaint at stage 2"). Rules read that zone better than
a model trained on a few hundred statements, and they can do the arithmetic a
model cannot: "£200 a month for six months" is a payment of £1,200.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from caretext.classify.sections import Sentence
from caretext.data import load_jsonl
from caretext.document import Document
from caretext.findings import Remedy
from caretext.nlp.money import MONEY, parse_money

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
        )


@cache
def _rules() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    return tuple(
        (row["id"], row["type"], re.compile(row["pattern"], re.I)) for row in load_jsonl("remedy_rules.jsonl")
    )


_ALREADY = re.compile(
    r"\b(?:has|had|have) (?:also )?(?:already|since|now) (?:also )?(?:apologised|paid|made|arranged|provided|"
    r"reviewed|changed|introduced|trained|reminded|completed|carried out|backdated|refunded|reimbursed|issued)\b",
    re.I,
)


_PROVIDED = re.compile(
    r"\b(?:paid|offered|apologi[sz]ed|refunded|reimbursed|backdated|credited|agreed to|has (?:now )?(?:made|arranged|provided|completed))\b",
    re.I,
)


def remedy_zone(sentences: list[Sentence], provided: bool = False) -> list[Sentence]:
    """The sentences that state remedies: agreed action if the statement has it, else the summary,
    assessment and final decision; plus sentences there saying what the council has already done to
    put things right. When the statement closes because the council already remedied the complaint
    (``provided``), every sentence of those sections that says what it paid, offered or did."""
    agreed = [s for s in sentences if s.role == "agreed"]
    if provided:
        done = [s for s in sentences if s.role in _PROVIDED_ROLES and _PROVIDED.search(s.text)]
        return sorted({*agreed, *done}, key=lambda s: s.start)
    if not agreed:
        return [s for s in sentences if s.role in _FALLBACK_ROLES]
    already = [s for s in sentences if s.role in _FALLBACK_ROLES and _ALREADY.search(s.text)]
    return sorted(agreed + already, key=lambda s: s.start)


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


def find_remedies(sentences: list[Sentence], provided: bool = False) -> list[RemedyHit]:
    """Every remedy stated in the remedy zone, one hit per remedy, in text order."""
    hits: list[RemedyHit] = []
    seen_pay: set[tuple[float, str | None]] = set()
    seen: dict[str, set[str]] = {}
    carried: str | None = None
    for sentence in remedy_zone(sentences, provided):
        text = sentence.text
        if _COMPLIANCE.search(text.strip()) or _NEGATED.search(text):
            continue
        deadline = _DEADLINE.search(text)
        when = deadline.group() if deadline else carried
        if text.rstrip().endswith(":"):  # "Within one month the Council will:" applies to the list after it
            carried = when
            continue
        amounts = _amounts(sentence)
        for c_start, c_end in _clauses(sentence):
            clause = text[c_start:c_end]
            clause_hits: list[RemedyHit] = []
            for start, end, amount in amounts:
                if not c_start <= start < c_end:
                    continue
                recipient = _recipient(text, start)
                if (amount, recipient) in seen_pay or (amount, None) in seen_pay or (
                    recipient is None and any(a == amount for a, _r in seen_pay)
                ):
                    continue
                seen_pay.add((amount, recipient))
                window = text[start : min(len(text), end + 90)]
                clause_hits.append(
                    RemedyHit("payment", sentence.start + c_start, sentence.start + max(c_end, end), "money",
                              amount_gbp=amount, recipient=recipient,
                              purpose=_purpose(window) or _purpose(clause), deadline=when)
                )
            matched = {kind: (rule_id, m) for rule_id, kind, pattern in _rules() if (m := pattern.search(clause))}
            for kind in list(matched):
                for weaker in _SUPPRESSES.get(kind, ()):
                    matched.pop(weaker, None)
            for kind, (rule_id, _m) in matched.items():
                if kind == "payment" and (clause_hits or seen_pay):
                    continue  # a figure already stands for this payment
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
                              purpose=_purpose(clause) if kind == "payment" else None, deadline=when)
                )
            hits.extend(sorted(clause_hits, key=lambda h: h.start))
    return _drop_totals(hits)


def _recipient_key(clause: str) -> str:
    """Who an apology is to ("to Ms Z", "to C"), so two apologies to two people count twice."""
    m = re.search(r"\bto\s+((?:Mr|Mrs|Ms|Miss|Mx)\s+[A-Z]\b|[A-Z]\b|(?:her|his|their)\s+\w+)", clause)
    return m.group(1) if m else ""
