"""The ``Document``: clean text, where each character came from, and what was removed.

Ingestion builds a ``Document`` with a :class:`TextBuilder`, which appends text
piece by piece together with the 1-based page it came from. The page map is a
list of contiguous ``PageSpan`` ranges that cover the whole text, so any offset
resolves to a page with one bisection (eyecite keeps offsets through cleaning in
the same spirit). Text that was taken out (running headers, page numbers, web
furniture) is kept as ``RemovedSpan`` entries with the clean-text offset where
it used to be, so nothing is dropped silently.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from caretext.reading import Reading, read

#: what a document is, and what it was read from (values of the findings contract)
Kind = Literal["decision", "report", "article", "other"]
Format = Literal["pdf", "html", "text"]

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class PageSpan:
    """Characters ``[start, end)`` of the clean text come from ``page`` (1-based)."""

    page: int
    start: int
    end: int


@dataclass(frozen=True)
class RemovedSpan:
    """A piece of the source that is not in the clean text, and why.

    ``kind`` is one of ``header``, ``footer``, ``page_number``, ``boilerplate``,
    ``byline``, ``duplicate``, ``source_metadata``. ``at`` is the clean-text
    offset where the piece stood. ``rule`` names the rule that removed it.
    """

    kind: str
    text: str
    at: int
    page: int | None = None
    rule: str | None = None


@dataclass
class Document:
    """Clean text of one source file plus its page map, metadata and removals."""

    text: str
    pages: list[PageSpan]
    format: Format
    kind: Kind = "other"
    path: str | None = None
    sha256: str = ""
    page_count: int = 1
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    title: str | None = None
    published: str | None = None  # ISO date
    author: str | None = None
    publisher: str | None = None
    source_metadata: dict[str, str] = field(default_factory=dict)
    removed: list[RemovedSpan] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        """Stable id: the first 16 hex characters of the source bytes' SHA-256."""
        return self.sha256[:16]

    def page_at(self, offset: int) -> int | None:
        """The 1-based page of the character at ``offset`` (None if out of range)."""
        if not self.pages or offset < 0 or offset >= len(self.text):
            return None
        starts = [p.start for p in self.pages]
        i = bisect.bisect_right(starts, offset) - 1
        span = self.pages[i]
        return span.page if span.start <= offset < span.end else None

    def page_text(self, page: int) -> str:
        """The clean text that came from one page (pieces joined in order)."""
        return "".join(self.text[s.start : s.end] for s in self.pages if s.page == page)

    @property
    def reading(self) -> Reading:
        """Paragraphs, headings, sections and sentences of the clean text, computed once and shared
        by every stage (:mod:`caretext.reading`)."""
        return read(self.text, self.title)

    def paragraph_texts(self) -> list[str]:
        return [self.text[s:e] for s, e in self.paragraphs]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["doc_id"] = self.doc_id
        data["paragraphs"] = [list(p) for p in self.paragraphs]
        return data


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class TextBuilder:
    """Accumulates clean text paragraph by paragraph, keeping the page map exact.

    Separators between paragraphs are attributed to the page of the text before
    them, so the page map covers every character with no gaps.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.pages: list[PageSpan] = []
        self.paragraphs: list[tuple[int, int]] = []
        self.removed: list[RemovedSpan] = []
        self._para_start: int | None = None
        self._last_page = 1

    @property
    def length(self) -> int:
        return self._length

    def _append(self, text: str, page: int) -> None:
        if not text:
            return
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        self._last_page = page
        if self.pages and self.pages[-1].page == page and self.pages[-1].end == start:
            last = self.pages[-1]
            self.pages[-1] = PageSpan(page, last.start, self._length)
        else:
            self.pages.append(PageSpan(page, start, self._length))

    def add(self, text: str, page: int) -> None:
        """Append ``text`` to the current paragraph (opening one if needed)."""
        if not text:
            return
        if self._para_start is None:
            if self._length:
                self._append(PARAGRAPH_SEPARATOR, self._last_page)
            self._para_start = self._length
        self._append(text, page)

    def end_paragraph(self) -> None:
        if self._para_start is not None and self._length > self._para_start:
            self.paragraphs.append((self._para_start, self._length))
        self._para_start = None

    def add_paragraph(self, text: str, page: int) -> None:
        self.end_paragraph()
        self.add(text, page)
        self.end_paragraph()

    @property
    def in_paragraph(self) -> bool:
        return self._para_start is not None

    def remove(
        self, kind: str, text: str, page: int | None = None, rule: str | None = None
    ) -> None:
        """Record that ``text`` was taken out at the current position."""
        self.removed.append(RemovedSpan(kind, text, self._length, page, rule))

    def text(self) -> str:
        return "".join(self._parts)

    def build(self, fmt: Format, **kwargs: Any) -> Document:
        self.end_paragraph()
        return Document(
            text=self.text(),
            pages=list(self.pages),
            format=fmt,
            paragraphs=list(self.paragraphs),
            removed=list(self.removed),
            **kwargs,
        )
