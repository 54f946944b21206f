"""Is a phrase asserted, or hedged, negated, reported or named as a failure?

Decision statements say the same words in different voices: "the Council was
at fault" is a finding, "Mrs X complains the Council was at fault" is the
complaint, "it is unlikely we would find fault" is a reason not to
investigate; "the Council will arrange respite" is a remedy, "the Council
failed to arrange respite" is the fault it remedies. Outcome cues and remedy
rules both ask the same question of the words before a match, so the answer
lives here, once.
"""

from __future__ import annotations

import re

#: a negation or hedge just before a phrase: "no evidence of fault", "unlikely to find fault"
HEDGE = re.compile(
    r"\b(?:not|no|never|without|any|insufficient|not enough|little|lack of|unlikely to|unlikely that|unlikely we would|"
    r"whether|if|would|could|might|may|"
    r"cannot|can not|to see if|to decide if)\s+(?:[\w’']+\s+){0,3}$",
    re.I,
)
#: reported speech earlier in the clause: the complainant's view or wish, not the Ombudsman's
REPORTED = re.compile(
    r"\b(?:complain(?:s|ed|ing)?|complaints? that|says?|said|alleg(?:e|es|ed|ing)|claim(?:s|ed|ing)?|believes?|believed|feels?|felt|thinks?|thought|argu\w*|"
    r"disputes?|wants?|wanted|asked (?:us|me|the ombudsman|for)|asks (?:us|me|the ombudsman|for)|seeks?|sought|would like|"
    r"considers? that the council)\b",
    re.I,
)
#: the phrase names what went wrong: "failed to provide", "refused to reassess", "the failure to arrange"
FAILURE = re.compile(
    r"\b(?:fail(?:s|ed|ing|ure)?|refus(?:e|es|ed|al|ing)|declin(?:e|es|ed|ing)|neglect(?:ed)?|omitted|delay(?:s|ed|ing)? in|"
    r"did not|does not|had not|has not|was not|were not|not)\s+(?:to\s+)?(?:[\w’']+\s+){0,3}$",
    re.I,
)
_CLAUSE_START = re.compile(r".*(?:[;:]|\bbut\b|\bhowever\b|\balthough\b|\bwhile\b|\bwhereas\b)", re.I | re.S)


def clause_before(text: str, start: int) -> str:
    """The text of the clause that ``start`` is in, up to ``start``."""
    before = text[:start]
    m = _CLAUSE_START.match(before)
    return before[m.end() :] if m else before


def asserted(text: str, start: int) -> bool:
    """Whether a phrase at ``start`` in a sentence is asserted: not hedged or negated just before,
    and not inside the complainant's reported view earlier in its clause."""
    clause = clause_before(text, start)
    return not (HEDGE.search(clause) or REPORTED.search(clause))


def undertaken(text: str, start: int) -> bool:
    """Whether a remedy phrase at ``start`` is something done or to be done, not the failure the
    complaint is about ("failed to provide") nor the complainant's wish ("wants the Council to pay")."""
    clause = clause_before(text, start)
    return not (FAILURE.search(clause) or REPORTED.search(clause))
