"""Site furniture by what a block *is*, not by what it says.

The phrase rules in ``data/boilerplate.jsonl`` remove furniture someone has seen before ("Sign up
to our daily bulletin"). Pages the project never saw phrase it their own way: a chatty
newsletter box ending in "!", a wall asking the reader to register before reading on, a
four-paragraph donation appeal, a relative time ("5h ago") glued to a headline. What such blocks share is their shape and their address, and that is what
this module scores, line by line (``data/furniture_signals.jsonl``):

* **address** — the reader is spoken to (you, your, imperatives, "Join the conversation!") and
  "we" is the publisher, with no reporting frame (said, told) and no quotation marks;
* **page machinery** — e-mail addresses, handles, phone numbers after a field label, time stamps
  ("Last updated 13:28"), relative times ("3h ago"), pipes between segments, media labels
  ("Image caption", "… image", "Photo by … from …"), widget headings ("Latest news from …");
* **shape and position** — short lines score more than long ones; a lower-case fragment with no
  sentence end is alt text; a short line repeated on the page is a label (ad slots, section
  tags); a line shown twice in a row is a caption and its figcaption; lines sandwiched between
  two furniture lines that address the reader belong to the same block (an appeal's paragraphs).

Article text carries evidence the other way (reporting verbs, quotation marks, measured figures)
which the scores subtract. A line scoring :data:`THRESHOLD` or more is furniture; its reason is
``structure:<strongest signal>`` so that a removed line can always be traced to why.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from caretext.data import load_rules

#: a line scoring this much is furniture
THRESHOLD = 2.0
#: how many lines two furniture lines may enclose and still make one block with them
SANDWICH = 4
#: a transcript or Q&A label ("JANE SMITH:", "A:"): its line speaks to someone in the piece,
#: not to the reader, so the address signals do not count there
SPEAKER_LABEL = re.compile(r"^(?:[QA]\.?|[A-Z][A-Za-z.'’ -]{1,40}):\s")
_ADDRESS = frozenset({"reader-you", "publisher-we", "imperative-start", "exclaim", "reader-question", "button"})
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ":", ")", ";")


@dataclass(frozen=True)
class Signal:
    id: str
    weight: float
    regex: re.Pattern[str]
    start: bool

    def found(self, line: str) -> bool:
        return bool(self.regex.match(line) if self.start else self.regex.search(line))


@lru_cache(maxsize=1)
def signals() -> tuple[Signal, ...]:
    return tuple(
        Signal(row["id"], float(row["weight"]), re.compile(row["pattern"], re.I), row.get("match") == "start")
        for row in load_rules("furniture_signals.jsonl")
    )


def score(line: str) -> tuple[float, list[str]]:
    """The furniture score of one line and the signals that made it (strongest first)."""
    words = len(line.split())
    labelled = bool(SPEAKER_LABEL.match(line))
    total, hits = 0.0, []
    for sig in signals():
        if labelled and sig.id in _ADDRESS:
            continue
        if sig.found(line):
            total += sig.weight
            hits.append(sig)
    if total > 0:
        # long lines are usually prose, unless they name the site's own machinery (a thank-you for
        # visiting that asks the reader to register)
        machinery = any(s.id in ("site-action", "contact") for s in hits)
        total += 0.5 * (words <= 12) + 0.5 * (words <= 6) - 1.0 * (words > 30 and not machinery)
    hits.sort(key=lambda s: -s.weight)
    return total, [s.id for s in hits if s.weight > 0]


def _alt_text(line: str) -> bool:
    """A picture's description: a short lower-case fragment that does not end like a sentence
    ("empty chairs", "grayscale photography of child beside tree")."""
    words = line.split()
    return 1 <= len(words) <= 10 and line[:1].islower() and not line.rstrip().endswith(_SENTENCE_END)


def _found(line: str, ids: set[str]) -> set[str]:
    """Which of the signals ``ids`` the line shows."""
    return {s.id for s in signals() if s.id in ids and s.found(line)}


def speaks_to_reader(line: str) -> bool:
    """A paragraph addressed to the reader ("you", "your") that reports nothing: no reporting verb,
    no quotation marks, no transcript label."""
    found = _found(line, {"reader-you", "reporting-verb", "quotation"})
    return found == {"reader-you"} and not SPEAKER_LABEL.match(line)


def _addresses_reader(line: str) -> bool:
    if SPEAKER_LABEL.match(line):
        return False  # "A: ...", "JANE SMITH: ..." speak to the interviewer, not the reader
    found = _found(line, {"reader-you", "publisher-we", "reporting-verb"})
    return bool(found & {"reader-you", "publisher-we"}) and "reporting-verb" not in found


def furniture_lines(lines: list[str], removed: dict[int, tuple[str, str]]) -> dict[int, str]:
    """Reasons (``structure:<signal>``) for the lines of ``lines`` that are furniture by their
    shape, address and position; ``removed`` are the lines already known to be furniture."""
    out: dict[int, str] = {}
    n = len(lines)
    for i, line in enumerate(lines):
        if i in removed:
            continue
        total, hits = score(line)
        if total >= THRESHOLD:
            out[i] = f"structure:{hits[0] if hits else 'score'}"
        elif _alt_text(line):
            out[i] = "structure:alt-text"
    # a short label repeated on the page (ad slots, a section tag over every teaser)
    short = Counter(" ".join(line.lower().split()) for line in lines if len(line.split()) <= 6)
    for i, line in enumerate(lines):
        key = " ".join(line.lower().split())
        if i not in removed and i not in out and len(line.split()) <= 6 and short[key] >= 2 and not SPEAKER_LABEL.match(line):
            out[i] = "structure:repeated-label"
    # a caption shown twice in a row (the picture's caption and its figcaption)
    for i in range(1, n):
        before, line = lines[i - 1], lines[i]
        # (a headline shown twice is the title: only the repeat goes, as a duplicate, later)
        twice = before.strip() == line.strip() and len(line.split()) <= 40
        if twice and line.rstrip().endswith(_SENTENCE_END) and score(line)[0] > -2:
            for j in (i - 1, i):
                if j not in removed:
                    out.setdefault(j, "structure:caption-twice")
    # the paragraphs of one appeal: reader-addressing lines enclosed by two furniture lines
    gone = sorted(set(out) | set(removed))
    for a, b in pairwise(gone):
        inner = range(a + 1, b)
        enclosed = 0 < len(inner) <= SANDWICH and any(j in out for j in (a, b))
        if enclosed and all(_addresses_reader(lines[j]) for j in inner):
            for j in inner:
                out[j] = "structure:appeal-block"
    return out
