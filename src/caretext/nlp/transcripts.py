"""Quotes without quotation marks: speaker-label transcripts and Q&A layouts.

A broadcaster's transcript page ("JANE SMITH: We were not told.") and a Q&A interview ("Q: …" /
"A: We were not told.") quote people on every line without a single quotation mark, so the mark
pairing in :mod:`caretext.nlp.quote_marks` never sees them. The press guideline counts each
labelled paragraph by a named person as one quote, and the unlabelled paragraphs that continue an
answer (up to the next label) as quotes of the same speaker; questions are the publication's words.

Which labels are speakers is decided by who the label names, not by a list of label words:

* ``Q``/``Question`` opens a question (not a quote); ``A``/``Answer`` is the interviewee: the person
  the piece names most often before its first question (else in the whole piece);
* a label that is a person the document names ("Jane Smith", "SMITH", "Ms Smith", initials "JS")
  is that person, in their full name;
* a two- or three-word label whose first word is a given name ("DEREK BOWLER") is a person not
  named elsewhere;
* any other label ("PRESENTER", "Update", "Notes to editors") is not a named speaker: its
  paragraph stays as it is, and it ends the answer before it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from caretext.nlp.people import given_names
from caretext.nlp.same_person import SamePerson

#: a label at the start of a paragraph: a few words (or Q/A) and a colon, then the spoken words
_LABEL = re.compile(
    r"(?P<label>[A-Z][\w.'’ -]{0,40}?(?:\s*\([^)\n]{1,60}\))?|[QA]\.?)\s*[:：]\s+(?P<open>[\"“‘']?)(?=\S)"
)
_QUESTION = re.compile(r"(?i)^(?:q\.?|question)$")
_ANSWER = re.compile(r"(?i)^(?:a\.?|answer)$")
_HONORIFIC = re.compile(r"^(?:Cllr|Councillor|Dr|Professor|Prof|Sir|Dame|Lord|Lady|Baroness|Mr|Mrs|Ms|Miss|Mx)\.?\s+", re.I)


@dataclass(frozen=True)
class LabelledQuote:
    """One paragraph's words spoken by ``speaker`` (a full name), with how it was found."""

    start: int
    end: int
    para: int
    speaker: str
    rule: str  # speaker-label | qa-answer | label-continuation


@cache
def _given_names() -> frozenset[str]:
    return frozenset(n.lower() for n in given_names())


def _person_label(label: str, names: SamePerson, full: dict[str, str]) -> str | None:
    """The full name a label stands for, or None when it names no person."""
    label = re.sub(r"\s*\(.*\)$", "", label).strip()
    label = _HONORIFIC.sub("", label)
    words = label.split()
    if not 1 <= len(words) <= 4:
        return None
    key = label.lower()
    if key in full:
        return full[key]
    titled = " ".join(w.capitalize() if w.isupper() else w for w in words)
    if len(words) == 1:
        owner = names.surname_owner(titled)
        if owner:
            return owner
        initials = [n for n in full.values() if "".join(p[0] for p in n.split()).lower() == key]
        return initials[0] if len(set(initials)) == 1 and len(key) >= 2 else None
    if words[0].lower() in _given_names() and all(w[:1].isupper() for w in words):
        return titled
    return None


def labelled_quotes(
    text: str, paragraphs: list[tuple[int, int]], people: list[tuple[int, str]], headings: frozenset[int] = frozenset()
) -> list[LabelledQuote]:
    """The quotes a transcript or Q&A layout makes of its paragraphs.

    ``people`` are ``(offset, full name)`` for each person mention the document has; ``headings``
    the paragraph indexes that are headlines or crossheads (never a continuation)."""
    found = [(k, m) for k, (p_start, p_end) in enumerate(paragraphs) if (m := _LABEL.match(text, p_start, p_end))]
    known = [name for _, name in people]
    # a label written in full ("GRACE OKAFOR:") names the person a later "OKAFOR:" stands for
    known += [n for _, m in found if (n := _person_label(m.group("label").strip(), SamePerson(known), {})) and " " in n]
    names = SamePerson(known)
    full = {name.lower(): name for name in known}
    labels: dict[int, tuple[str | None, str, int]] = {}  # para -> (speaker, kind, content start)
    for k, m in found:
        label = m.group("label").strip()
        if _QUESTION.match(label):
            labels[k] = (None, "question", m.end())
        elif _ANSWER.match(label):
            labels[k] = (None, "answer", m.end())
        else:
            labels[k] = (_person_label(label, names, full), "person", m.end())
    answers = [k for k, v in labels.items() if v[1] == "answer"]
    if answers:
        interviewee = _interviewee(people, paragraphs[min(labels)][0] if labels else 0)
        for k in answers:
            labels[k] = (interviewee, "answer", labels[k][2])
    named = [k for k, v in labels.items() if v[0] is not None]
    if not named:
        return []
    out: list[LabelledQuote] = []
    for k in sorted(labels):
        speaker, kind, content = labels[k]
        if speaker is None:
            continue
        rule = "qa-answer" if kind == "answer" else "speaker-label"
        span = _content(text, content, paragraphs[k][1])
        if span:
            out.append(LabelledQuote(*span, k, speaker, rule))
        nxt = min((j for j in labels if j > k), default=None)
        if nxt is None:
            continue  # after the last label the article's own prose resumes
        for j in range(k + 1, nxt):
            if j in headings:
                break
            span = _content(text, paragraphs[j][0], paragraphs[j][1])
            if span:
                out.append(LabelledQuote(*span, j, speaker, "label-continuation"))
    return out


def _interviewee(people: list[tuple[int, str]], first_question: int) -> str | None:
    """The person a Q&A interviews: the one named most before its first question (the
    introduction), else most in the whole piece."""
    before = Counter(name for at, name in people if at < first_question and " " in name)
    counts = before or Counter(name for _, name in people if " " in name)
    return counts.most_common(1)[0][0] if counts else None


def _content(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The spoken words of a paragraph: without an opening quotation mark, and without the closing
    one that matches it, or trailing space."""
    while start < end and text[start] in " \t":
        start += 1
    opened = start < end and text[start] in "\"“‘'"
    if opened:
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if opened and end > start and text[end - 1] in "\"”’'":
        end -= 1
    return (start, end) if re.search(r"[A-Za-z]", text[start:end]) else None
