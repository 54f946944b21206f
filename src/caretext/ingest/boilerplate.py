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

from caretext.data import load_rules
from caretext.ingest.furniture import SPEAKER_LABEL, furniture_lines, speaks_to_reader
from caretext.patterns import DATE_PATTERN, is_date_line, match_to_iso

_NAME = r"[A-Z][a-zA-Z'’\-]+(?:\s+(?:[A-Z][a-zA-Z'’\-]+|de|van|von|der|al|bin))*"
_BYLINE = re.compile(
    rf"^(?:by|words by|written by|reporter:?|author:?)\s+(?P<name>{_NAME})(?:\s*[,|–-].*)?$", re.I
)
_NAME_ONLY = re.compile(rf"^(?P<name>{_NAME})$")
_QUOTE_START = tuple("\"“‘'")
_NEVER = re.compile(r"(?!)")
#: a teaser's standfirst, cut off mid-word by the page ("... the county has pledged to...")
_CUT = re.compile(r"\w(?:\.\.\.|…)\s*$")
#: an honorific before a bare name ("Cllr Ada Ferris" under a picture)
_TITLE_WORD = re.compile(r"^(?:Cllr|Councillor|Dr|Professor|Sir|Dame|Mr|Mrs|Ms|Miss)\.?\s+")


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
    for row in load_rules("boilerplate.jsonl"):
        out.append(
            Rule(
                row["id"], row["kind"], re.compile(row["pattern"], re.I), row.get("match") == "full"
            )
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
    return (len(words) >= 7 and ends) or (
        len(words) >= 4 and ends and (line.startswith(_QUOTE_START) or _ATTRIBUTED.search(line) is not None)
    ) or (len(words) >= 3 and ends and SPEAKER_LABEL.match(line) is not None)  # "A: Paying carers properly."


def _sentence_prose(line: str) -> bool:
    """Written sentences, not an advert's run of fields: long, and ending like a sentence."""
    return len(line.split()) >= 15 and line.rstrip().endswith((".", "!", "?", '"', "”", "’"))


#: a short paragraph that quotes someone ('Okafor later said: "Act now."') is article text
_ATTRIBUTED = re.compile(r"\b(?:said|says|added|told|asked|replied)\b[^\"“‘]{0,20}[\"“‘]")


def _name_plausible(name: str) -> bool:
    parts = name.split()
    return 2 <= len(parts) <= 4 and not any(p.lower() in _NOT_NAME for p in parts)


#: words of a desk or agency credit, not a person ("Local Democracy Reporting Service")
_DESK_WORDS = frozenset(
    "press release service reporting local democracy agency desk team staff newsroom wire pa".split()
)
_NOT_NAME = frozenset(
    "council councils news report ombudsman children care services social government the and of "
    "for in on editorial sponsored jobs department education read more".split()
)


_ROLE_WORDS = re.compile(
    r"(?i)\b(correspondent|reporter|editor|writer|journalist|contributor|columnist|staff)\b"
)


def _name_with_role(segment: str) -> str | None:
    """'Harriet Lowe Social affairs correspondent' or 'Owen Kershaw, data reporter' → the name."""
    if not _ROLE_WORDS.search(segment):
        return None
    head = segment.split(",")[0].strip()
    tokens = head.split()
    run = []
    for tok in tokens:
        if tok[:1].isupper() and tok.lower() not in _NOT_NAME:
            run.append(tok)
        else:
            break
    if len(run) >= 3 and len(tokens) > len(run) and tokens[len(run)][:1].islower():
        run = run[:-1]  # 'Social' in 'Social affairs correspondent' belongs to the role
    name = " ".join(run)
    return name if _name_plausible(name) else None


def parse_byline(line: str) -> tuple[str | None, str | None] | None:
    """(author, iso_date) if the line is a byline and/or a date line, else None.

    Segments separated by '|' or '·' are read one by one, so
    "Owen Kershaw, data reporter | 16 Nov 2023, 11:02 | 5 min read" is a byline.
    """
    segments = [seg.strip() for seg in re.split(r"\s[|·/]\s", line.strip()) if seg.strip()]
    author: str | None = None
    iso: str | None = None
    names: list[str] = []
    for seg in segments:
        parsed = _parse_segment(seg)
        if parsed is None:
            nm = _NAME_ONLY.match(seg)
            if nm and _name_plausible(nm.group("name")):
                names.append(nm.group("name"))  # "Tom Ashdown | 18 November 2021": a name beside a date
                continue
            if first_rule(seg, "drop") is None and not _ROLE_WORDS.search(seg):
                return None
            continue
        author = author or parsed[0]
        iso = iso or parsed[1]
    if names and iso and not author:
        author = names[0]
    elif names and not (author or iso):
        return None
    return (author, iso) if (author or iso) else None


def _parse_segment(text: str) -> tuple[str | None, str | None] | None:
    date_m = DATE_PATTERN.search(text)
    iso = match_to_iso(date_m) if date_m else None
    if date_m and is_date_line(text):
        return None, iso
    before = text[: date_m.start()].strip(" ,|–-·") if date_m else text
    after = text[date_m.end() :].strip(" ,|–-·") if date_m else ""
    if after and not is_date_line(after) and not first_rule(after, "drop"):
        return None  # "by Name 22 July 2021 Comments (3)": a comment counter may trail
    m = _BYLINE.match(before)
    if m and _name_plausible(m.group("name")):
        return m.group("name"), iso
    role_name = _name_with_role(before)
    if role_name:
        return role_name, iso
    nm = _NAME_ONLY.match(before)
    if date_m and nm and _name_plausible(nm.group("name")):
        return nm.group("name"), iso
    return None


def _first_prose_run(lines: list[str], removed: dict[int, tuple[str, str]]) -> int:
    """Index where the article body starts: a prose line followed by more prose
    (or a long one). An isolated sentence among menus (a banner) is not a body."""
    kept = [i for i in range(len(lines)) if i not in removed]
    for k, i in enumerate(kept):
        if not is_prose(lines[i]) or parse_byline(lines[i]):
            continue  # a long date line ("Thu 10 Dec 2020 10:25 GMT Last modified on ...") is not prose
        if not lines[i].rstrip().endswith((".", "!", "?", '"', "”", "’", ":")) and any(
            parse_byline(lines[j]) for j in kept[k + 1 : k + 5]
        ):
            continue  # a long headline or standfirst: the byline comes after it
        nxt = kept[k + 1] if k + 1 < len(kept) else None
        if len(lines[i].split()) >= 25 or nxt is None or is_prose(lines[nxt]):
            return i
    return len(lines)


@dataclass
class CleanLines:
    """Kept lines (indices into the input) plus what was removed and the metadata found."""

    keep: list[int]
    removed: dict[int, tuple[str, str]] = field(default_factory=dict)  # index -> (kind, rule)
    title_index: int | None = None
    author: str | None = None
    published: str | None = None
    publisher: str | None = None


def clean_article_lines(lines: list[str]) -> CleanLines:
    """Decide, for each (already normalised, non-empty) line, whether it is article text."""
    n = len(lines)
    removed: dict[int, tuple[str, str]] = {}
    out = CleanLines(keep=[], removed=removed)

    # 1. furniture rules that apply anywhere: phrases seen before, then what a block is by its
    # shape, address and position (ingest/furniture.py), for furniture phrased some new way
    for i, line in enumerate(lines):
        rule = first_rule(line, "drop")
        if rule:
            removed[i] = ("boilerplate", rule.id)
    stamps: dict[int, str] = {}  # bylines and date lines: left to the byline steps below, removed after
    for i, reason in furniture_lines(lines, removed).items():
        if parse_byline(lines[i]):
            stamps[i] = reason
        else:
            removed[i] = ("boilerplate", reason)

    first_prose = _first_prose_run(lines, removed)

    # 2. tail: after a related/jobs heading, drop the rest if no article prose follows
    for i in range(first_prose, n):
        widget = removed.get(i, ("", ""))[1] == "structure:widget-heading"  # "Latest news from across Yorkshire"
        if i in removed and not widget:
            continue
        rule = first_rule(lines[i], "tail") or (Rule("structure:widget-heading", "tail", _NEVER, True) if widget else None)
        if not rule:
            continue
        rest = [j for j in range(i + 1, n) if j not in removed]
        article_like = [j for j in rest if is_prose(lines[j]) and not first_rule(lines[j], "job")]
        if len(article_like) < 2:
            for j in range(i, n):
                removed.setdefault(j, ("boilerplate", rule.id))
            break
        removed[i] = ("boilerplate", rule.id)

    # 3. job adverts: a signal line takes its block of short lines with it
    for i in range(n):
        rule = first_rule(lines[i], "job")
        if not rule or (rule.id.startswith("salary") and _sentence_prose(lines[i])):
            continue  # "allowances range from £175 to £304 a week, depending on ..." is news
        removed[i] = ("boilerplate", rule.id)
        for step in (-1, 1):
            j = i + step
            while 0 <= j < n and (
                j in removed or not is_prose(lines[j]) or first_rule(lines[j], "job")
            ):
                if j not in removed:
                    removed[j] = ("boilerplate", f"{rule.id}-block")
                j += step
                if abs(j - i) > 6:
                    break

    # 4. head: bylines, dates, headline, navigation
    first_prose = _first_prose_run(lines, removed)
    head = [i for i in range(min(first_prose, n)) if i not in removed]
    for i in head:
        parsed = parse_byline(lines[i])
        if parsed:
            author, iso = parsed
            out.author = out.author or author
            out.published = out.published or iso
            removed[i] = ("byline", "byline")
    for k, i in enumerate(head):  # "Martin Hollis" ¶ "Local government reporter" ¶ "27 July 2023"
        nm = _NAME_ONLY.match(lines[i])
        if (
            i in removed
            or not nm
            or not _name_plausible(nm.group("name"))
            or out.author
            or lines[i].isupper()
            or any(w.lower() in _DESK_WORDS for w in lines[i].split())
        ):
            continue
        after = [j for j in head[k + 1 : k + 3]]
        if any((_ROLE_WORDS.search(lines[j]) and len(lines[j].split()) <= 5) or (j in removed and removed[j][0] == "byline") for j in after):
            out.author = nm.group("name")
            removed[i] = ("byline", "byline-name")
            for j in after:
                if _ROLE_WORDS.search(lines[j]) and len(lines[j].split()) <= 5:
                    removed[j] = ("byline", "byline-role")
    head = [i for i in head if i not in removed]
    # "Headline | Site name" (the page's <title>) beside the headline itself: the headline is the line
    plain = {" ".join(lines[i].split()) for i in head}
    for i in head:
        left, bar, _site = lines[i].rpartition(" | ")
        if bar and " ".join(left.split()) in plain:
            removed[i] = ("boilerplate", "title-with-site")
    head = [i for i in head if i not in removed]
    # the headline: the longest non-prose line of the head that is not a menu or label
    # (site taglines and teasers are shorter than headlines); ties go to the earlier line
    candidates = [
        i
        for i in head
        if first_rule(lines[i], "nav") is None
        and len(lines[i].split()) >= 4
        and (not is_prose(lines[i]) or not lines[i].rstrip().endswith((".", "!", "?", ":")))
    ]
    if candidates:
        best = max(candidates, key=lambda i: (len(lines[i].split()), -i))
        k = head.index(best)
        if k > 0 and head[k - 1] in candidates and len(lines[head[k - 1]].split()) >= 5:
            best = head[k - 1]  # a headline right above a longer standfirst
        out.title_index = best
    for i in head:
        if out.title_index is None or i < out.title_index:
            removed[i] = ("boilerplate", "navigation")
        elif i > out.title_index and (first_rule(lines[i], "nav") or len(lines[i].split()) <= 8):
            removed[i] = ("boilerplate", "navigation")  # labels and picture text between headline and body

    # 5. bylines/dates inside the first few lines of the body (e.g. after a standfirst)
    for i in range(first_prose, min(n, first_prose + 4)):
        if i not in removed and not is_prose(lines[i]):
            parsed = parse_byline(lines[i])
            if parsed:
                out.author = out.author or parsed[0]
                out.published = out.published or parsed[1]
                removed[i] = ("byline", "byline")

    for i, reason in stamps.items():  # a time stamp the byline steps did not take ("Last updated 13:28")
        removed.setdefault(i, ("boilerplate", reason))

    # 5b. deeper in the body, a byline belongs to a teaser of another story: its headline above it
    # and its cut-off standfirst below go with it; a bare name alone on a line is a picture's caption
    for i in range(first_prose + 4, n):
        if i in removed:
            continue
        if not is_prose(lines[i]) and parse_byline(lines[i]) and _BYLINE.match(lines[i].strip()):
            removed[i] = ("boilerplate", "teaser-byline")
            for j in (i - 1, i + 1):
                if 0 <= j < n and j not in removed and (not is_prose(lines[j]) or _CUT.search(lines[j])):
                    removed[j] = ("boilerplate", "teaser-byline")
    for i in range(first_prose, n):
        stripped = _TITLE_WORD.sub("", lines[i].strip())
        if i not in removed and _NAME_ONLY.match(stripped) and _name_plausible(stripped) and stripped != out.author:
            removed[i] = ("boilerplate", "caption-name")

    # 6. after the last prose paragraph: a bare name is the author; the rest is furniture
    prose = [i for i in range(n) if i not in removed and is_prose(lines[i])]
    # an appeal that closes the page ("If you value reporting like this, please consider ...") is not
    # the article's last paragraph: it speaks to the reader and reports nothing
    while len(prose) > 1 and speaks_to_reader(lines[prose[-1]]):
        removed[prose.pop()] = ("boilerplate", "structure:closing-appeal")
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
    out.publisher = site_name(lines, removed, out.title_index)
    return out


_COPYRIGHT = re.compile(
    r"(?i)(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?P<name>[A-Z][\w’'&-]*(?:\s+[A-Za-z][\w’'&-]*){0,6}?)"
    r"(?=\s*(?:Ltd\b|Limited\b|Media\b|Group\b|plc\b|LLP\b|\.|,|\||all rights|$))"
)


def site_name(lines: list[str], removed: dict[int, tuple[str, str]], title_index: int | None) -> str | None:
    """The publication a text dump came from: its masthead (the first short capitalised
    line of the page, before the headline), else the owner in its copyright line."""
    stop = title_index if title_index is not None else min(len(lines), 15)
    for i in range(min(stop, 15)):
        line = lines[i]
        words = line.split()
        if (
            1 <= len(words) <= 5
            and all(w[:1].isupper() or w.lower() in ("of", "the", "and", "for", "&") for w in words)
            and not any(ch.isdigit() for ch in line)
            and not (first_rule(line, "nav") or first_rule(line, "drop"))
            and not parse_byline(line)
            and not _CALL_TO_ACTION.match(line)
        ):
            return line.title() if line.isupper() else line
    for i in sorted(removed):  # the owner named in the copyright line
        m = _COPYRIGHT.search(lines[i])
        if m and len(m.group("name").split()) <= 6:
            return m.group("name").strip(" .,")
    return None


#: masthead-shaped lines that are buttons ("Support the Sentinel", "Accept all")
_CALL_TO_ACTION = re.compile(
    r"(?i)(?:support|subscribe|contribute|donate|sign|register|accept|reject|join|follow|get|read|find|"
    r"manage|log|skip|more|menu|search|home|previous|next|back|about|contact|give|shop|listen|watch)\b"
)
