"""HTML pages: trafilatura finds the main text and metadata; caretext prunes the rest.

An LGSCO decision page's header fields are read from the whole page (they can
sit outside the main-content block trafilatura picks) and removed from the
prose. For press pages trafilatura's title/author/date/sitename are used, with
caretext's furniture rules applied on top of its text.
"""

from __future__ import annotations

import re
from typing import Any

from caretext.document import TextBuilder
from caretext.ingest import lgsco
from caretext.ingest.boilerplate import site_name
from caretext.ingest.text import build_article_text, build_decision_text
from caretext.settings import SETTINGS

_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "ignore") if m else None


#: above this many elements a page is read line by line with lxml, not by trafilatura (which can
#: take hours on a page of a million paragraphs)
MAX_EXTRACTOR_ELEMENTS = SETTINGS.max_extractor_elements
_TAG = re.compile(r"<[A-Za-z]")


def _page_lines(html: str) -> list[str]:
    """All visible text lines of the page, for finding header fields (and as the text itself when the
    page is too large or too deeply nested for the main-text extractor). libxml2's limits on depth and
    size are lifted, so deep pages keep their text."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True, recover=True))
    except (ValueError, lxml.etree.ParserError):
        return []
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    lines = []
    for el in tree.iter():
        for chunk in (el.text, el.tail):
            if chunk and chunk.strip():
                lines.append(" ".join(chunk.split()))
    return lines


def _stream_lines(html: str) -> list[str]:
    """Visible text lines read by a streaming parser that builds no tree, so no nesting depth
    (libxml2 stops at a few hundred levels) can hide text; scripts and styles are skipped."""
    from html.parser import HTMLParser

    class _Lines(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.lines: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            if tag in ("script", "style", "noscript"):
                self.skip += 1

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style", "noscript") and self.skip:
                self.skip -= 1

        def handle_data(self, data: str) -> None:
            if not self.skip and data.strip():
                self.lines.append(" ".join(data.split()))

    parser = _Lines()
    parser.feed(html)
    parser.close()
    return parser.lines


def _extract(html: str) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        deduplicate=False,
    )


def build_html(html: str, builder: TextBuilder) -> dict[str, Any]:
    """Write the page's main text into ``builder``; return metadata found."""
    huge = len(_TAG.findall(html, 0, len(html))) > MAX_EXTRACTOR_ELEMENTS
    result = None if huge else _extract(html)
    text = (getattr(result, "text", None) or "") if result is not None else ""
    if not text.strip():  # too large for the extractor, or nested deeper than it reads: every visible line
        text = "\n".join(_stream_lines(html))
    meta: dict[str, Any] = {
        "title": getattr(result, "title", None),
        "author": getattr(result, "author", None),
        "published": getattr(result, "date", None),
        "publisher": getattr(result, "sitename", None),
        "source_metadata": {},
    }
    page_lines = _page_lines(html)
    if lgsco.looks_like_decision("\n".join(page_lines[:400])):
        source: dict[str, str] = {}
        heading = None
        for line in page_lines:
            field = lgsco.parse_field(line)
            if field and field[0] not in source:
                lgsco.store_field(source, *field)
                if line not in text:  # outside the main text: still list what was set aside
                    builder.remove("source_metadata", line, 1, f"lgsco-{field[0]}")
            parsed = lgsco.parse_heading(line)
            if parsed and heading is None:
                heading = line
                source.setdefault("organisation", parsed[0])
                source.setdefault("reference", parsed[1])
        if heading and heading not in text[:500]:
            builder.add_paragraph(heading, 1)
        found = build_decision_text(text, builder, source)
        meta["title"] = heading or found or meta["title"]
        meta["published"] = source.get("decision_date") or meta["published"]
        meta["source_metadata"] = source
        meta["is_decision"] = True
        return meta
    title, author, published, _ = build_article_text(text.split("\n"), builder, meta["title"])
    meta["title"] = meta["title"] or title
    meta["author"] = _plain_author(meta["author"]) or author
    meta["published"] = meta["published"] or published
    if not meta["publisher"] or re.fullmatch(r"[\w.-]+\.[a-z]{2,}", meta["publisher"]):
        # trafilatura falls back to the domain; the page's copyright line names the site
        meta["publisher"] = site_name(page_lines, dict.fromkeys(range(len(page_lines)), ("", "")), 0) or meta["publisher"]
    elif re.search(r"\s[-–|]\s", meta["publisher"]):
        meta["publisher"] = re.split(r"\s[-–|]\s", meta["publisher"])[0]  # "UK Parliament - Committees"
    return meta


def _plain_author(author: str | None) -> str | None:
    """ "Siân Pritchard NBS West" → "Siân Pritchard": a desk or outlet after the name goes."""
    if not author:
        return author
    words = author.split()
    for k, word in enumerate(words[2:], 2):
        if word.isupper() and len(word) >= 2:
            return " ".join(words[:k])
    return author
