"""Turn positioned PDF lines into clean, page-mapped paragraphs.

Steps, each decided from the page geometry rather than from a fixed list:

1. Running headers and footers: lines in the top or bottom margin band of a
   page whose digit-normalised text repeats in the same band on many pages.
2. Page numbers: margin-band lines that are only a page number in one of its
   usual forms ("3", "Page 3 of 8", "- 3 -", "3/8").
3. Paragraphs: a new paragraph starts after a vertical gap larger than the
   usual line spacing, at a numbered paragraph or bullet, after a short line
   that ends a sentence, and around headings (short lines with no final
   punctuation). Other line breaks are wraps and become spaces.
4. Words hyphenated across a line end are re-joined; the hyphen is kept only
   when the document itself writes that word with a hyphen elsewhere, or the
   first part is a prefix that forms compounds ("self-", "well-", "long-").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from caretext.document import TextBuilder
from caretext.ingest.normalize import normalize_line
from caretext.ingest.pdf import Line, PageLines

# Share of the page height, from the top or bottom edge, where running heads sit.
MARGIN_BAND = 0.12
# A margin line must recur on at least this share of pages (and on two pages).
REPEAT_SHARE = 0.5

_PAGE_NUMBER = re.compile(
    r"""^(?:
        (?:page|p\.?)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?   # Page 3, Page 3 of 8
      | \d{1,4}\s*(?:of|/)\s*\d{1,4}                       # 3 of 8, 3/8
      | [-–—]\s*\d{1,4}\s*[-–—]                            # - 3 -
      | \d{1,4}                                            # 3
      | [ivxlc]{1,6}                                       # iv
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_NUMBERED = re.compile(r"^(?:\d{1,4}[.)]|\(?[a-z]\)|\(?[ivx]{1,4}\))\s+\S")
_BULLET = re.compile(r"^[•●▪◦‣∙·*o\-–]\s+\S")
_SENTENCE_END = tuple('.!?:;"”’)')
_COMPOUND_PREFIXES = frozenset(
    "self non well long short full part half ex cross step co anti mid multi one two three "
    "four five six seven eight nine ten year month week day face child decision case court "
    "family able".split()
)
_SUFFIXES = frozenset(
    "s es ed d ing ings er ers est ly ment ments ness tion tions sion sions ation ations "
    "ity ities ence ences ance ances ant ent ive ous ful able ible al ial ical ic ism ist "
    "ure ures age ship ward wards ise ised ising ize ized izing ate ated ating ory ary".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


def _digit_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def is_labelled_page_number(text: str) -> bool:
    """A short label and a page number on one margin line: "Final decision  - 3 -"."""
    tokens = text.split()
    for cut in range(1, len(tokens)):
        left, right = " ".join(tokens[:cut]), " ".join(tokens[cut:])
        for label, number in ((left, right), (right, left)):
            if (
                is_page_number(number)
                and len(label.split()) <= 5
                and not any(ch.isdigit() for ch in label)
                and not label.endswith((".", ","))
            ):
                return True
    return False


@dataclass
class _Classified:
    page: PageLines
    body: list[Line]
    removed: list[tuple[str, Line, str]]  # (kind, line, rule)


def _margin_lines(page: PageLines) -> tuple[list[Line], list[Line]]:
    """Candidate header and footer lines: up to 3 lines inside each margin band."""
    top_cut = page.height * (1 - MARGIN_BAND)
    bottom_cut = page.height * MARGIN_BAND
    by_top = sorted(page.lines, key=lambda ln: -ln.top)
    heads = [ln for ln in by_top[:3] if ln.bottom >= top_cut]
    foots = [ln for ln in sorted(page.lines, key=lambda ln: ln.bottom)[:3] if ln.top <= bottom_cut]
    return heads, foots


def classify_pages(pages: list[PageLines]) -> list[_Classified]:
    """Split every page's lines into body lines and removed margin lines."""
    margins = [_margin_lines(p) for p in pages]
    counts: Counter[tuple[str, str]] = Counter()
    for heads, foots in margins:
        keys = {("header", _digit_key(ln.text)) for ln in heads}
        keys |= {("footer", _digit_key(ln.text)) for ln in foots}
        counts.update(keys)
    n_text_pages = sum(1 for p in pages if p.lines)
    threshold = max(2, round(REPEAT_SHARE * n_text_pages))
    sizes = sorted(ln.size for p in pages for ln in p.lines)
    body_size = sizes[len(sizes) // 2] if sizes else 0.0
    out = []
    for page, (heads, foots) in zip(pages, margins):
        drop: dict[int, tuple[str, str]] = {}
        for zone, lines in (("header", heads), ("footer", foots)):
            seen: set[str] = set()  # a running head occurs once a page; a twin is real text
            for ln in lines:
                key = _digit_key(ln.text)
                if is_page_number(ln.text):
                    drop[id(ln)] = ("page_number", f"{zone}-page-number")
                elif is_labelled_page_number(ln.text):
                    drop[id(ln)] = (zone, f"{zone}-labelled-page-number")
                elif counts[(zone, key)] >= threshold and key not in seen:
                    drop[id(ln)] = (zone, f"repeated-{zone}")
                elif n_text_pages == 1 and _small_print(ln, page, zone, body_size):
                    # one page gives no repetition to go by: position and size decide
                    drop[id(ln)] = (zone, f"small-print-{zone}")
                seen.add(key)
        body = [ln for ln in page.lines if id(ln) not in drop]
        removed = [(drop[id(ln)][0], ln, drop[id(ln)][1]) for ln in page.lines if id(ln) in drop]
        out.append(_Classified(page, body, removed))
    return out


def _small_print(line: Line, page: PageLines, zone: str, body_size: float) -> bool:
    """A margin line in smaller type than the body, set apart from every other line."""
    if body_size <= 0 or line.size <= 0 or line.size > 0.9 * body_size:
        return False
    others = [ln for ln in page.lines if ln is not line]
    if not others:
        return False
    if zone == "header":
        nearest = max((ln.top for ln in others if ln.top < line.bottom), default=None)
        gap = line.bottom - nearest if nearest is not None else 0.0
    else:
        nearest = min((ln.bottom for ln in others if ln.bottom > line.top), default=None)
        gap = nearest - line.top if nearest is not None else 0.0
    return gap > 1.5 * body_size


def _vocabulary(classified: Iterable[_Classified]) -> Counter[str]:
    """Words of the document, counted whole and (for compounds) by their parts.

    A word broken at a line end is counted as its two fragments, which the
    rules in ``_join_hyphenated`` never look up as whole words.
    """
    vocab: Counter[str] = Counter()
    after_hyphen = False
    for c in classified:
        for ln in c.body:
            words = _WORD.findall(ln.text)
            ends_hyphen = ln.text.rstrip().endswith("-")
            if ends_hyphen and words:
                words = words[:-1]  # the fragment before a line-end hyphen is not a word
            if after_hyphen and words:
                words = words[1:]  # nor is the fragment that opens the next line
            after_hyphen = ends_hyphen
            for w in words:
                w = w.lower()
                vocab[w] += 1
                if "-" in w:
                    vocab.update(part for part in w.split("-") if part)
    return vocab


def _join_hyphenated(left: str, right: str, vocab: Counter[str]) -> str:
    """Join ``left`` (ending in '-') and ``right``, deciding whether the hyphen stays."""
    head_match = re.search(r"([A-Za-z]+)-$", left)
    tail_match = re.match(r"([A-Za-z]+)", right)
    if not head_match or not tail_match:
        return left + right
    head, tail = head_match.group(1).lower(), tail_match.group(1).lower()
    if vocab[f"{head}-{tail}"] > 0 or right[len(tail) : len(tail) + 1] == "-":
        keep = True  # written with the hyphen elsewhere, or a chain such as "up-to-date"
    elif vocab[head + tail] > 0 or tail in _SUFFIXES:
        keep = False  # the joined word occurs elsewhere, or the tail is only a suffix
    else:
        # both parts standing alone elsewhere suggests a compound ("first-tier")
        keep = head in _COMPOUND_PREFIXES or (
            vocab[head] > 0 and vocab[tail] > 0 and len(tail) >= 3
        )
    return left + right if keep else left[:-1] + right


def _is_heading(text: str, width_ratio: float) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 12
        and width_ratio < 0.75
        and not text.endswith(_SENTENCE_END[:-1])  # a closing bracket may end a heading
        and (text[0].isupper() or text[0].isdigit())
        and not _NUMBERED.match(text)
    )


_PARA_NUMBER = re.compile(r"^(\d{1,4})[.)]\s")


def _starts_paragraph(text: str, prev_text: str, last_number: int | None) -> bool:
    """A numbered paragraph or bullet starts here (not a wrapped line such as "18. She ...")."""
    if _BULLET.match(text):
        return True
    if not _NUMBERED.match(text):
        return False
    m = _PARA_NUMBER.match(text)
    if m is None or prev_text.endswith(_SENTENCE_END) or prev_text.endswith(("•", "-")):
        return True
    # a line-initial number after an unfinished sentence must continue the paragraph sequence
    return last_number is not None and int(m.group(1)) == last_number + 1


class _Assembler:
    """Streams body lines into a TextBuilder, deciding wraps vs paragraph breaks."""

    def __init__(self, builder: TextBuilder, vocab: Counter[str], leading: float, right: float):
        self.b = builder
        self.vocab = vocab
        self.leading = leading
        self.right = right
        self.prev: Line | None = None
        self.prev_text = ""
        self.prev_page = 0
        self.pending = ""  # text of the current paragraph's last line, not yet written
        self.pending_page = 0
        self.last_number: int | None = None  # last numbered paragraph seen

    def _flush(self, end_paragraph: bool) -> None:
        if self.pending:
            self.b.add(self.pending, self.pending_page)
            self.pending = ""
        if end_paragraph:
            self.b.end_paragraph()

    def _width_ratio(self, line: Line, left: float) -> float:
        span = max(self.right - left, 1.0)
        return (line.x1 - left) / span

    def _open(self, text: str, page: int) -> None:
        """Start a paragraph with ``text``, remembering its number if it has one."""
        self.pending, self.pending_page = text, page
        number = _PARA_NUMBER.match(text)
        if number:
            self.last_number = int(number.group(1))

    def _room_for(self, prev: Line, prev_text: str, text: str) -> bool:
        """True if the first word of ``text`` would have fitted at the end of ``prev``:
        a wrap would have put it there, so the line break ends a paragraph."""
        char_width = (prev.x1 - prev.x0) / max(len(prev_text), 1)
        first_word = text.split(" ", 1)[0]
        return self.right - prev.x1 > (len(first_word) + 1.5) * char_width

    def feed(self, line: Line, page: int, left: float) -> None:
        text = normalize_line(line.text)
        if not text:
            return
        if self.prev is None:
            self._open(text, page)
            self.prev, self.prev_text, self.prev_page = line, text, page
            return
        prev, prev_text = self.prev, self.prev_text
        prev_ratio = self._width_ratio(prev, left)
        same_page = page == self.prev_page
        gap_break = same_page and (prev.bottom - line.bottom) > 1.45 * self.leading
        new_para = (
            gap_break
            or (same_page and line.top > prev.top + 1)  # moved up the page: new column/block
            or _starts_paragraph(text, prev_text, self.last_number)
            or _is_heading(prev_text, prev_ratio)
            or (prev_text.endswith(_SENTENCE_END) and self._room_for(prev, prev_text, text))
            or (
                _is_heading(text, self._width_ratio(line, left))
                and prev_text.endswith(_SENTENCE_END)
            )
        )
        if new_para:
            self._flush(end_paragraph=True)
            self._open(text, page)
        elif re.search(r"[A-Za-z]-$", self.pending) and text[:1].islower():
            joined = _join_hyphenated(self.pending, text, self.vocab)
            if page == self.pending_page:
                self.pending = joined
            else:
                # the first part stays on its own page so the page map stays exact
                head = joined[: len(joined) - len(text)]
                self.b.add(head, self.pending_page)
                self.pending, self.pending_page = text, page
        else:
            self._flush(end_paragraph=False)
            self.b.add(" ", self.prev_page)
            self.pending, self.pending_page = text, page
        self.prev, self.prev_text, self.prev_page = line, text, page

    def close(self) -> None:
        self._flush(end_paragraph=True)


def assemble(pages: list[PageLines], builder: TextBuilder) -> None:
    """Write the clean paragraphs of ``pages`` into ``builder``."""
    classified = classify_pages(pages)
    vocab = _vocabulary(classified)
    body_lines = [ln for c in classified for ln in c.body]
    leadings = []
    for c in classified:
        for a, b in zip(c.body, c.body[1:]):
            d = a.bottom - b.bottom
            if 0 < d < 60:
                leadings.append(round(d, 1))
    # the most common spacing is the within-paragraph leading
    leading = Counter(leadings).most_common(1)[0][0] if leadings else 14.0
    lefts = [round(ln.x0) for ln in body_lines]
    left = Counter(lefts).most_common(1)[0][0] if lefts else 0.0
    rights = sorted(ln.x1 for ln in body_lines)
    right = rights[int(len(rights) * 0.9)] if rights else 1.0
    asm = _Assembler(builder, vocab, leading, right)
    for c in classified:
        above = [r for r in c.removed if r[0] == "header" or r[1].top >= c.page.height / 2]
        below = [r for r in c.removed if r not in above]
        for kind, line, rule in above:
            builder.remove(kind, normalize_line(line.text), c.page.number, rule)
        for line in c.body:
            asm.feed(line, c.page.number, float(left))
        for kind, line, rule in below:
            builder.remove(kind, normalize_line(line.text), c.page.number, rule)
    asm.close()
