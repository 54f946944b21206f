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
import statistics
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
_NUMBERED = re.compile(r"^(?:\d{1,3}[.)]|\(?[a-z]\)|\(?[ivx]{1,4}\))\s+\S")
_BULLET = re.compile(r"^[•●▪◦‣∙·*o\-–]\s+\S")
_SENTENCE_END = tuple(".!?:;\"”’)")
_COMPOUND_PREFIXES = frozenset(
    "self non well long short full part half ex cross step follow co anti pre-school "
    "mid multi one two three four five six seven eight nine ten year month week day "
    "face child decision case court family able".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


def _digit_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


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
    out = []
    for page, (heads, foots) in zip(pages, margins):
        drop: dict[int, tuple[str, str]] = {}
        for zone, lines in (("header", heads), ("footer", foots)):
            for ln in lines:
                if is_page_number(ln.text):
                    drop[id(ln)] = ("page_number", f"{zone}-page-number")
                elif counts[(zone, _digit_key(ln.text))] >= threshold:
                    drop[id(ln)] = (zone, f"repeated-{zone}")
        body = [ln for ln in page.lines if id(ln) not in drop]
        removed = [(drop[id(ln)][0], ln, drop[id(ln)][1]) for ln in page.lines if id(ln) in drop]
        out.append(_Classified(page, body, removed))
    return out


def _vocabulary(classified: Iterable[_Classified]) -> Counter[str]:
    vocab: Counter[str] = Counter()
    for c in classified:
        for ln in c.body:
            vocab.update(w.lower() for w in _WORD.findall(ln.text))
    return vocab


def _join_hyphenated(left: str, right: str, vocab: Counter[str]) -> str:
    """Join ``left`` (ending in '-') and ``right``, deciding whether the hyphen stays."""
    head_match = re.search(r"([A-Za-z]+)-$", left)
    tail_match = re.match(r"([A-Za-z]+)", right)
    if not head_match or not tail_match:
        return left + right
    head, tail = head_match.group(1).lower(), tail_match.group(1).lower()
    keep = vocab[f"{head}-{tail}"] > 0 or (
        vocab[head + tail] == 0 and head in _COMPOUND_PREFIXES
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


def _starts_paragraph(text: str) -> bool:
    return bool(_NUMBERED.match(text) or _BULLET.match(text))


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

    def _flush(self, end_paragraph: bool) -> None:
        if self.pending:
            self.b.add(self.pending, self.pending_page)
            self.pending = ""
        if end_paragraph:
            self.b.end_paragraph()

    def _width_ratio(self, line: Line, left: float) -> float:
        span = max(self.right - left, 1.0)
        return (line.x1 - left) / span

    def feed(self, line: Line, page: int, left: float) -> None:
        text = normalize_line(line.text)
        if not text:
            return
        if self.prev is None:
            self.pending, self.pending_page = text, page
            self.prev, self.prev_text, self.prev_page = line, text, page
            return
        prev, prev_text = self.prev, self.prev_text
        prev_ratio = self._width_ratio(prev, left)
        same_page = page == self.prev_page
        gap_break = same_page and (prev.bottom - line.bottom) > 1.45 * self.leading
        new_para = (
            gap_break
            or (same_page and line.top > prev.top + 1)  # moved up the page: new column/block
            or _starts_paragraph(text)
            or _is_heading(prev_text, prev_ratio)
            or (prev_text.endswith(_SENTENCE_END) and prev_ratio < 0.85)
            or (not same_page and prev_text.endswith(_SENTENCE_END) and text[:1].isupper())
            or (_is_heading(text, self._width_ratio(line, left)) and prev_text.endswith(_SENTENCE_END))
        )
        if new_para:
            self._flush(end_paragraph=True)
            self.pending, self.pending_page = text, page
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
    leading = statistics.median(leadings) if leadings else 14.0
    if leadings:
        # the most common spacing is the within-paragraph leading
        leading = Counter(leadings).most_common(1)[0][0]
    lefts = [round(ln.x0) for ln in body_lines]
    left = Counter(lefts).most_common(1)[0][0] if lefts else 0.0
    rights = sorted(ln.x1 for ln in body_lines)
    right = rights[int(len(rights) * 0.9)] if rights else 1.0
    asm = _Assembler(builder, vocab, leading, right)
    for c in classified:
        removed_iter = iter(c.removed)
        for kind, line, rule in removed_iter:
            if kind in ("header",) or line.top >= c.page.height / 2:
                builder.remove(kind, normalize_line(line.text), c.page.number, rule)
        for line in c.body:
            asm.feed(line, c.page.number, float(left))
        for kind, line, rule in c.removed:
            if not (kind in ("header",) or line.top >= c.page.height / 2):
                builder.remove(kind, normalize_line(line.text), c.page.number, rule)
    asm.close()
