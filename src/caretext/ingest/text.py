"""Plain text (and the text of HTML pages) to a ``Document``.

Two shapes of text are handled differently:

* decision statements (and other prose documents): paragraphs are blocks
  separated by blank lines; hard-wrapped lines inside a block are joined (with
  the same hyphen rule as PDFs); form feeds (``pdftotext`` output) are pages;
  LGSCO header fields become source metadata;
* article text (saved pages pasted as text, or trafilatura output): one
  paragraph a line, cleaned of web furniture by :mod:`caretext.ingest.boilerplate`.
"""

from __future__ import annotations

import re

from caretext.document import TextBuilder
from caretext.ingest import lgsco
from caretext.ingest.boilerplate import clean_article_lines, first_rule
from caretext.ingest.normalize import normalize_line, normalize_newlines

_WRAP_HYPHEN = re.compile(r"[A-Za-z]-$")


def _join_block(lines: list[str]) -> str:
    out = ""
    for line in lines:
        if not out:
            out = line
        elif _WRAP_HYPHEN.search(out) and line[:1].islower():
            out = out[:-1] + line
        else:
            out += " " + line
    return out


def _is_wrapped(blocks: list[list[str]]) -> bool:
    """True when blocks look like hard-wrapped paragraphs rather than line-per-paragraph text."""
    multi = [b for b in blocks if len(b) >= 3]
    if not multi or len(multi) < len(blocks) * 0.3:
        return False
    lengths = sorted(len(line) for b in multi for line in b[:-1])
    p90 = lengths[int(len(lengths) * 0.9)]
    near = sum(1 for n in lengths if n >= 0.6 * p90)
    return 40 <= p90 <= 120 and near >= 0.75 * len(lengths)


def _blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw in text.split("\n"):
        line = normalize_line(raw)
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


#: furniture a saved decision page carries inside the statement's own text
_DECISION_FURNITURE = ("back-to-top", "share", "cookies", "copyright", "print-page")
#: how far into a page the decision's heading may stand for what comes before it to be site furniture
_PREAMBLE_CHARS = 4000


def _preamble(paragraphs: list[str]) -> int:
    """How many opening paragraphs are the site's banner, menu or cookie notice: everything before the
    decision's heading, when the heading comes early and nothing before it is the statement's own
    (a summary, a finding). Decided by position, not by wording, so a banner phrased in a way never
    seen before is still furniture."""
    seen = 0
    for i, para in enumerate(paragraphs):
        if lgsco.is_heading(para):
            return i
        seen += len(para)
        if seen > _PREAMBLE_CHARS or re.match(r"(?i)\s*(?:summary\s*:|the ombudsman[’']s final decision)", para):
            return 0
    return 0


def build_decision_text(text: str, builder: TextBuilder, meta: dict[str, str]) -> str | None:
    """Write a decision-like text into ``builder``; return its heading (title) if found."""
    title = None
    pages = normalize_newlines(text).split("\f")
    for page_number, page_text in enumerate(pages, 1):
        blocks = _blocks(page_text)
        wrapped = _is_wrapped(blocks)
        paragraphs = [
            part for block in blocks for p in ([_join_block(block)] if wrapped else block) for part in lgsco.split_heading(p)
        ]
        banner = _preamble(paragraphs) if page_number == 1 else 0
        for index, para in enumerate(paragraphs):
            if index < banner:
                builder.remove("boilerplate", para, page_number, "site-banner")
                continue
            heading = lgsco.parse_heading(para)
            bare = lgsco.BARE_HEADING.match(para) if title is None and heading is None else None
            if (heading or bare) and title is None:
                title = para.lstrip("•·*-– ").strip()
                if heading:
                    meta.setdefault("organisation", heading[0])
                meta.setdefault("reference", lgsco.normalise_reference(heading[1] if heading else para))
            field = lgsco.parse_field(para)
            if field:
                lgsco.store_field(meta, *field)
                builder.remove("source_metadata", para, page_number, f"lgsco-{field[0]}")
                continue
            status = lgsco.parse_status_line(para)
            if status:
                for key, value in status.items():
                    meta.setdefault(key, value)
                builder.remove("source_metadata", para, page_number, "lgsco-status")
                continue
            rule = first_rule(para, "drop")
            if rule and rule.id in _DECISION_FURNITURE:
                builder.remove("boilerplate", para, page_number, rule.id)
                continue
            builder.add_paragraph(para, page_number)
    return title


def build_article_text(
    lines: list[str], builder: TextBuilder, title: str | None = None
) -> tuple[str | None, str | None, str | None, str | None]:
    """Write cleaned article lines; return ``(title, author, published, publisher)`` found in them."""
    lines = [ln for ln in (normalize_line(x) for x in lines) if ln]
    cleaned = clean_article_lines(lines)
    found_title = lines[cleaned.title_index] if cleaned.title_index is not None else None
    if title and found_title is None:
        builder.add_paragraph(title, 1)
    keep = set(cleaned.keep)
    for i, line in enumerate(lines):
        if i in keep:
            builder.add_paragraph(line, 1)
        else:
            kind, rule = cleaned.removed[i]
            builder.remove(kind, line, 1, rule)
    return title or found_title, cleaned.author, cleaned.published, cleaned.publisher
