"""Remove web furniture from article text, line by line, with a reason for each removal.

Works on the lines of a text dump (one paragraph a line, furniture interleaved)
and on the text trafilatura extracts from HTML. Rules live in
``data/boilerplate.jsonl``; the structure-based steps are here:

* the headline is the last non-prose line before the first prose paragraph;
  menu and section labels before it are navigation;
* bylines and date lines near the top (and a bare name after the last
  paragraph) become ``author``/``published`` metadata;
* after a "More like this" / "jobs" heading the rest is dropped when it holds
  no more article prose;
* a job-advert signal (salary, "Recruiter:") removes its whole advert block, so
  councils named only in adverts never reach the text;
* repeated paragraphs (carousels, standfirsts shown twice) are kept once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from caretext.dates import DATE_PATTERN, is_date_line, match_to_iso
from caretext.data import load_jsonl

_NAME = r"[A-Z][a-zA-Z'’\-]+(?:\s+(?:[A-Z][a-zA-Z'’\-]+|de|van|von|der|al|bin))*"
_BYLINE = re.compile(rf"^(?:by|words by|written by|reporter:?|author:?)\s+(?P<name>{_NAME})(?:\s*[,|–-].*)?$", re.I)
_NAME_ONLY = re.compile(rf"^(?P<name>{_NAME})$")
_QUOTE_START = tuple("\"“‘'")


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    regex: re.Pattern[str]
    full: bool

    def matches(self, line: str) -> bool:
        return bool(self.regex.fullmatch(line) if self.full else self.regex.match(line))


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    out = []
    for row in load_jsonl("boilerplate.jsonl"):
        out.append(
            Rule(row["id"], row["kind"], re.compile(row["pattern"], re.I), row.get("match") == "full")
        )
    return tuple(out)


def first_rule(line: str, kind: str | None = None) -> Rule | None:
    for rule in rules():
        if (kind is None or rule.kind == kind) and rule.matches(line):
            return rule
    return None


def is_prose(line: str) -> bool:
    """A sentence-like paragraph of article text (not a headline, label or link)."""
    words = line.split()
    if len(words) >= 15:
        return True
    ends = line.rstrip().endswith((".", "!", "?", '"', "”", "’", "'", ":", ".)"))
    return len(words) >= 7 and ends or (len(words) >= 4 and line.startswith(_QUOTE_START) and ends)


def _name_plausible(name: str) -> bool:
    parts = name.split()
    return 2 <= len(parts) <= 4 and not any(p.lower() in _NOT_NAME for p in parts)


_NOT_NAME = frozenset(
    "council councils news report ombudsman children care services social government the and "
    "of for in on editorial sponsored jobs department education read more".split()
)


def parse_byline(line: str) -> tuple[str | None, str | None] | None:
    """(author, iso_date) if the line is a byline and/or a date line, else None."""
    text = line.strip()
    m = _BYLINE.match(text)
    date_m = DATE_PATTERN.search(text)
    if m and _name_plausible(m.group("name")):
        iso = match_to_iso(date_m) if date_m else None
        name = m.group("name")
        if date_m and date_m.start() < len(text):
            name = _BYLINE.match(text[: date_m.start()].strip(" ,|–-"))
            name = name.group("name") if name else m.group("name")
        return name, iso
    if date_m:
        iso = match_to_iso(date_m)
        if is_date_line(text):
            return None, iso
        before = text[: date_m.start()].strip(" ,|–-·")
        after = text[date_m.end() :].strip(" ,|–-·")
        nm = _NAME_ONLY.match(before)
        if not after and nm and _name_plausible(nm.group("name")):
            return nm.group("name"), iso
    return None


@dataclass
class CleanLines:
    """Kept lines (indices into the input) plus what was removed and the metadata found."""

    keep: list[int]
    removed: dict[int, tuple[str, str]] = field(default_factory=dict)  # index -> (kind, rule)
    title_index: int | None = None
    author: str | None = None
    published: str | None = None


def clean_article_lines(lines: list[str]) -> CleanLines:
    """Decide, for each (already normalised, non-empty) line, whether it is article text."""
    n = len(lines)
    removed: dict[int, tuple[str, str]] = {}
    out = CleanLines(keep=[], removed=removed)

    # 1. furniture rules that apply anywhere
    for i, line in enumerate(lines):
        rule = first_rule(line, "drop")
        if rule:
            removed[i] = ("boilerplate", rule.id)

    prose = [i for i in range(n) if i not in removed and is_prose(lines[i])]
    first_prose = prose[0] if prose else n

    # 2. tail: after a related/jobs heading, drop the rest if no article prose follows
    for i in range(first_prose, n):
        if i in removed:
            continue
        rule = first_rule(lines[i], "tail")
        if not rule:
            continue
        rest = [j for j in range(i + 1, n) if j not in removed]
        article_like = [
            j for j in rest if is_prose(lines[j]) and not first_rule(lines[j], "job")
        ]
        if len(article_like) < 2:
            for j in range(i, n):
                removed.setdefault(j, ("boilerplate", rule.id))
            break
        removed[i] = ("boilerplate", rule.id)

    # 3. job adverts: a signal line takes its block of short lines with it
    for i in range(n):
        rule = first_rule(lines[i], "job")
        if not rule:
            continue
        removed[i] = ("boilerplate", rule.id)
        for step in (-1, 1):
            j = i + step
            while 0 <= j < n and (j in removed or not is_prose(lines[j]) or first_rule(lines[j], "job")):
                if j not in removed:
                    removed[j] = ("boilerplate", f"{rule.id}-block")
                j += step
                if abs(j - i) > 6:
                    break

    # 4. head: bylines, dates, headline, navigation
    prose = [i for i in range(n) if i not in removed and is_prose(lines[i])]
    first_prose = prose[0] if prose else n
    head = [i for i in range(min(first_prose, n)) if i not in removed]
    for i in head:
        parsed = parse_byline(lines[i])
        if parsed:
            author, iso = parsed
            out.author = out.author or author
            out.published = out.published or iso
            removed[i] = ("byline", "byline")
    head = [i for i in head if i not in removed]
    for i in reversed(head):
        if first_rule(lines[i], "nav") is None and len(lines[i].split()) >= 3:
            out.title_index = i
            break
    for i in head:
        if i != out.title_index and (out.title_index is None or i < out.title_index):
            removed[i] = ("boilerplate", "navigation")
    # lines between the headline and the first paragraph: standfirst stays, labels go
    for i in head:
        if out.title_index is not None and i > out.title_index and first_rule(lines[i], "nav"):
            removed[i] = ("boilerplate", "navigation")

    # 5. bylines/dates inside the first few lines of the body (e.g. after a standfirst)
    for i in range(first_prose, min(n, first_prose + 4)):
        if i not in removed and not is_prose(lines[i]):
            parsed = parse_byline(lines[i])
            if parsed:
                out.author = out.author or parsed[0]
                out.published = out.published or parsed[1]
                removed[i] = ("byline", "byline")

    # 6. after the last prose paragraph: a bare name is the author; the rest is furniture
    prose = [i for i in range(n) if i not in removed and is_prose(lines[i])]
    last_prose = prose[-1] if prose else -1
    for i in range(last_prose + 1, n):
        if i in removed:
            continue
        nm = _NAME_ONLY.match(lines[i])
        if nm and _name_plausible(nm.group("name")) and out.author is None:
            out.author = nm.group("name")
            removed[i] = ("byline", "trailing-byline")
        else:
            removed[i] = ("boilerplate", "after-article")

    # 7. duplicates of earlier kept paragraphs
    seen: set[str] = set()
    for i in range(n):
        if i in removed:
            continue
        key = " ".join(lines[i].lower().split())
        if key in seen and len(key.split()) >= 4:
            removed[i] = ("duplicate", "repeated-paragraph")
        seen.add(key)

    out.keep = [i for i in range(n) if i not in removed]
    return out
