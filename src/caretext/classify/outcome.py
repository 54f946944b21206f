"""Decision outcome: read from the finding the statement states, with a trained model behind it.

The Ombudsman's published outcome follows from what the summary says was
found: fault (Upheld, with or without injustice), no fault (Not upheld), an
investigation discontinued (usually Not upheld), a complaint not investigated
(Closed after initial enquiries — unless the council has agreed to put things
right, which is filed as Upheld). Each such statement is a *cue*, a rule in
``data/outcome_rules.jsonl``; :func:`read_finding` notes the cues of the
summary's sentences and decides from them in a fixed order. Cues that assert
fault are guarded: "unlikely to find fault", "whether there was fault" and
"complains that the Council was at fault" assert nothing.

When no cue decides, the model (TF-IDF + logistic regression over the key text
and body) does, with ``method="model"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from caretext.classify.stance import asserted
from caretext.data import load_rules
from caretext.reading import Sentence

#: where a statement states its result, most authoritative first
_SCOPES = (("summary",), ("final",), ("assessment", "agreed"))


@dataclass(frozen=True)
class OutcomeGuess:
    label: str
    detail: str | None
    score: float
    method: str
    rule: str | None
    evidence: Sentence | None


@dataclass(frozen=True)
class Cue:
    """One rule that fired: what it says, which rule, in which sentence."""

    kind: str
    rule: str
    sentence: Sentence


@dataclass
class Finding:
    """The outcome a statement's own wording settles, with the sentence that states it."""

    label: str
    detail: str | None
    rule: str
    evidence: Sentence
    cues: list[Cue] = field(default_factory=list)


@cache
def _rules() -> tuple[dict[str, Any], ...]:
    return tuple({**row, "re": re.compile(row["pattern"], re.I)} for row in load_rules("outcome_rules.jsonl"))


def cues(sentences: list[Sentence]) -> list[Cue]:
    """Every cue stated in ``sentences``, in text order (a sentence can state several)."""
    out = []
    for sentence in sentences:
        for rule in _rules():
            for m in rule["re"].finditer(sentence.text):
                if rule.get("guard") and not asserted(sentence.text, m.start()):
                    continue
                out.append(Cue(rule["cue"], rule["id"], sentence))
                break
    return out


#: a no-fault cue that explains a refusal ("no evidence of fault to warrant an investigation") is not a finding
_REFUSAL_REASON = re.compile(r"\b(?:because|reason|warrant|justify|to investigate|our involvement|an investigation|no evidence)\b", re.I)


#: a fault cue that is only a reason not to investigate
_HEDGED_FAULT = re.compile(r"\b(?:justify|warrant|evidence|unlikely)\b", re.I)
#: a remedy for the complainant (not only for others in future): an apology or money
_PERSONAL = re.compile(r"\bapologi[sz]e|\bapology\b|\bpay\b|\bpayments?\b|\bfinancial remed|\breimburse|\brefund|\bbackdate", re.I)


def _decide(found: list[Cue]) -> Finding | None:
    """The outcome the cues of one scope settle, in this order:

    1. fault stated → Upheld (``fault_no_injustice`` when the statement says it caused none,
       ``remedy_already_provided`` when the remedy is already in place and judged adequate);
    2. a remedy agreed or judged adequate, with no refusal to investigate and no discontinued
       investigation → Upheld (a council only remedies what was found or accepted as fault);
    3. investigation discontinued → Not upheld;
    4. not investigated → Upheld (``remedy_already_provided``) when the council has agreed to or
       already put things right and the statement does not say there was nothing to add; Not upheld
       when another part was investigated and no fault found; else Closed;
    5. no fault → Not upheld;
    6. fault only implied ("the Council failed to...", "any fault did not cause") → Upheld.
    """
    kinds: dict[str, list[Cue]] = {}
    for cue in found:
        kinds.setdefault(cue.kind, []).append(cue)
    partial = {c.sentence for c in kinds.get("part_only", [])}
    refused = [c for c in kinds.get("not_investigated", []) if c.sentence not in partial]
    refusing = {c.sentence for c in kinds.get("not_investigated", [])}
    remedied = kinds.get("remedy_agreed", []) + kinds.get("remedy_adequate", [])
    no_fault = kinds.get("no_fault", [])

    personal = [c for c in kinds.get("remedy_agreed", []) if _PERSONAL.search(c.sentence.text)]

    def upheld(cue: Cue, detail: str | None = None, rule: str | None = None) -> Finding:
        if detail is None:
            if kinds.get("no_injustice") and not personal:  # "remind staff" prevents injustice to others
                detail = "fault_no_injustice"
            elif kinds.get("remedy_adequate") or refused:
                detail = "remedy_already_provided"
            else:
                detail = "fault_and_injustice"
        return Finding("upheld", detail, rule or cue.rule, cue.sentence, found)

    # in a refusal, "too little evidence that the panel was at fault to justify an investigation" finds nothing
    stated = [c for c in kinds.get("fault", []) if not (refused and _HEDGED_FAULT.search(c.sentence.text))]
    if stated:
        return upheld(stated[0])
    if remedied and not refused and not kinds.get("discontinued"):
        return upheld(remedied[0], None if kinds.get("fault_weak") else ("remedy_already_provided" if kinds.get("remedy_adequate") else "fault_and_injustice"))
    if kinds.get("discontinued"):
        cue = kinds["discontinued"][0]
        return Finding("not_upheld", "no_fault", cue.rule, cue.sentence, found)
    if refused:
        if remedied and not kinds.get("nothing_to_add"):
            return upheld(remedied[0], "remedy_already_provided", "not_investigated_remedied")
        findings = [c for c in no_fault if c.sentence not in refusing and not _REFUSAL_REASON.search(c.sentence.text)]
        if findings:
            return Finding("not_upheld", "no_fault", findings[0].rule, findings[0].sentence, found)
        return Finding("closed_after_initial_enquiries", None, refused[0].rule, refused[0].sentence, found)
    if no_fault:
        return Finding("not_upheld", "no_fault", no_fault[0].rule, no_fault[0].sentence, found)
    if kinds.get("fault_weak"):
        return upheld(kinds["fault_weak"][0])
    return None


def read_finding(sentences: list[Sentence]) -> Finding | None:
    """The outcome the statement's own wording settles: the summary first, then the final decision,
    then the assessment and agreed action; ``None`` when none of them states a finding."""
    for roles in _SCOPES:
        scope = [s for s in sentences if s.role in roles]
        if not scope:
            continue
        finding = _decide(cues(scope))
        if finding is not None:
            return finding
    if not any(s.role in ("summary", "final") for s in sentences):
        # no headings we know (a listing entry, an old report summary): the opening sentences
        return _decide(cues(sentences[:12]))
    return None


def pick_detail(label: str, detail_proba: dict[str, float], allowed: dict[str, list[str]]) -> str | None:
    """The most probable detail among those the taxonomy allows for ``label``."""
    options = {d: p for d, p in detail_proba.items() if d in allowed.get(label, [])}
    if not options:
        return None
    return max(options, key=lambda d: options[d])
