"""Ingestion: any supported file or bytes to a clean, page-mapped ``Document``.

``extract_text`` sniffs the format from the bytes (the name is only a hint),
reads PDFs page by page, HTML through trafilatura, text through encoding
detection, removes furniture, fills metadata and detects the document kind.
Unreadable input raises a :mod:`caretext.errors` class naming the file.
"""

from __future__ import annotations

import os
from pathlib import Path

from caretext.document import Document, Format, TextBuilder, sha256_hex
from caretext.errors import EmptyFileError, FileTooLargeError, NotPdfError, UnsupportedFormatError
from caretext.ingest import lgsco
from caretext.ingest.decoding import decode_bytes
from caretext.ingest.kind import detect_kind, english_ratio
from caretext.ingest.layout import assemble
from caretext.ingest.pdf import PageLines, has_pdf_header, iter_pages
from caretext.settings import SETTINGS

__all__ = ["SUPPORTED_SUFFIXES", "extract_text", "sniff_format"]

SUPPORTED_SUFFIXES: dict[str, Format] = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
}
#: text and HTML above this size are refused (PDFs are read page by page instead)
#: size limits, from caretext.settings (kept as names here for callers that read them)
MAX_TEXT_BYTES = SETTINGS.max_text_bytes
MAX_PDF_BYTES = SETTINGS.max_pdf_bytes

_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"Rar!",
    b"\xd0\xcf\x11\xe0",
    b"7z\xbc\xaf",
)


def sniff_format(data: bytes, name: str | None) -> Format:
    """``pdf``, ``html`` or ``text`` from the bytes first, the file name second."""
    suffix = Path(name).suffix.lower() if name else ""
    head = data[:2048].lstrip().lower()
    if has_pdf_header(data):
        return "pdf"
    if suffix == ".pdf":
        raise NotPdfError("the file is named .pdf but does not start with a PDF header", name)
    if data.startswith(_BINARY_MAGIC):
        raise UnsupportedFormatError("binary file type (image, archive or office document)", name)
    if (
        head.startswith((b"<!doctype html", b"<html", b"<?xml"))
        or b"<html" in head
        or b"<body" in head
    ):
        return "html"
    if suffix in SUPPORTED_SUFFIXES:
        return SUPPORTED_SUFFIXES[suffix]
    if not suffix:
        return "text"
    raise UnsupportedFormatError(
        f"unsupported file type {suffix!r} (expected PDF, HTML or text)", name
    )


def _read_source(
    source: str | os.PathLike[str] | bytes, name: str | None
) -> tuple[bytes, str | None]:
    if isinstance(source, bytes):
        return source, name
    path = Path(source)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnsupportedFormatError(f"cannot read the file ({exc.strerror})", str(path)) from exc
    if path.is_dir():
        raise UnsupportedFormatError("is a directory, not a file", str(path))
    if size == 0:
        raise EmptyFileError("the file is empty (0 bytes)", str(path))
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise UnsupportedFormatError(f"cannot read the file ({exc.strerror})", str(path)) from exc
    is_pdf = has_pdf_header(head)
    if path.suffix.lower() == ".pdf" and not is_pdf:  # decided from the head, before reading it all
        raise NotPdfError("the file is named .pdf but does not start with a PDF header", str(path))
    limit = MAX_PDF_BYTES if is_pdf else MAX_TEXT_BYTES
    if size > limit:
        raise FileTooLargeError(
            f"{size / 1e6:.0f} MB is above the {limit / 1e6:.0f} MB limit for {'PDF' if is_pdf else 'text/HTML'}",
            str(path),
        )
    try:
        return path.read_bytes(), str(path)
    except OSError as exc:
        raise UnsupportedFormatError(f"cannot read the file ({exc.strerror})", str(path)) from exc


def extract_text(
    source: str | os.PathLike[str] | bytes,
    *,
    name: str | None = None,
    engine: str = "pdfium",
    ocr: bool = True,
) -> Document:
    """Read a file (path) or raw bytes into a clean ``Document``.

    ``name`` gives bytes a file name for format hints and error messages.
    ``engine`` is ``pdfium`` (fast, default) or ``pdfplumber`` for PDFs.
    """
    data, path = _read_source(source, name)
    if not data:
        raise EmptyFileError("the file is empty (0 bytes)", path)
    fmt = sniff_format(data, path)
    builder = TextBuilder()
    meta: dict = {"source_metadata": {}}
    warnings: list[str] = []
    page_count = 1
    if fmt == "pdf":
        pages: list[PageLines] = []
        for page in iter_pages(data, path, engine=engine, ocr=ocr):
            pages.append(page)
            if page.ocr:
                warnings.append(f"no text layer on page {page.number}: text read by OCR")
            elif not page.has_text_layer and page.damaged is None:
                warnings.append(f"no text layer on page {page.number} (scanned image?)")
        page_count = len(pages)
        warnings += _damage_warnings(pages)
        assemble(pages, builder)
        if not any(p.has_text_layer or p.ocr for p in pages) and not any(p.damaged for p in pages):
            warnings.append(
                "no text layer on any page: the PDF is scanned images and OCR was not available"
            )
    else:
        text, _encoding = decode_bytes(
            data, path, declared=_declared(data) if fmt == "html" else None
        )
        if not text.strip():
            raise EmptyFileError("the file holds no text", path)
        if fmt == "html":
            from caretext.ingest.html import build_html

            meta = build_html(text, builder)
        else:
            meta = _build_text(text, builder)
    doc = builder.build(
        fmt,
        path=path,
        sha256=sha256_hex(data),
        page_count=page_count,
        title=meta.get("title"),
        author=meta.get("author"),
        published=meta.get("published"),
        publisher=meta.get("publisher"),
        source_metadata=meta.get("source_metadata") or {},
        warnings=warnings,
    )
    if fmt == "pdf":
        _decision_heading(doc)
    doc.kind = detect_kind(doc)
    if doc.kind == "report" and doc.title is None and doc.paragraphs:
        start, end = doc.paragraphs[0]
        first = doc.text[start:end]
        if len(first.split()) <= 25 and not first.rstrip().endswith((".", ":", ";")):
            doc.title = first  # a report opens with its title
    if len(doc.text) > 200 and english_ratio(doc.text) < 0.08:
        doc.warnings.append("the text does not look like English; results will be unreliable")
        doc.kind = "other"
    if not doc.text.strip() and fmt != "pdf":
        raise EmptyFileError("no article or document text left after removing page furniture", path)
    return doc


#: fewer characters than this a page, over a whole PDF, is less text than any real statement has
_THIN_TEXT_PER_PAGE = 150


def _damage_warnings(pages: list[PageLines]) -> list[str]:
    """Warnings naming the pages whose text layer is damaged: unreadable pages, pages of unmappable
    glyphs, and a document with far less text than its page count suggests."""
    out = []
    for why in ("unreadable", "unmapped characters", "nothing drawn"):
        hit = [p.number for p in pages if p.damaged == why]
        if hit:
            out.append(f"damaged text layer ({why}) on page{'s' if len(hit) > 1 else ''} {_page_list(hit)}")
    with_text = [p for p in pages if p.has_text_layer and not p.damaged]
    chars = sum(len(line.text) for p in with_text for line in p.lines)
    if len(with_text) >= 3 and chars < _THIN_TEXT_PER_PAGE * len(with_text):
        out.append(f"damaged text layer: only {chars} characters on {len(with_text)} pages; text may be missing")
    return out


def _page_list(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:20])) + (f" and {len(numbers) - 20} more" if len(numbers) > 20 else "")


def _declared(data: bytes) -> str | None:
    from caretext.ingest.html import declared_charset

    return declared_charset(data)


def _build_text(text: str, builder: TextBuilder) -> dict:
    from caretext.ingest.text import build_article_text, build_decision_text

    meta: dict = {"source_metadata": {}}
    if lgsco.looks_like_decision(text) or "\f" in text:
        source: dict[str, str] = {}
        meta["title"] = build_decision_text(text, builder, source)
        meta["source_metadata"] = source
        meta["published"] = source.get("decision_date")
        return meta
    title, author, published, publisher = build_article_text(text.split("\n"), builder)
    meta.update(title=title, author=author, published=published, publisher=publisher)
    return meta


def _decision_heading(doc: Document) -> None:
    """A PDF statement's first paragraph ``Council (NN NNN NNN)`` is its title."""
    for start, end in doc.paragraphs[:3]:
        parsed = lgsco.parse_heading(doc.text[start:end])
        if parsed:
            doc.title = doc.text[start:end]
            doc.source_metadata.setdefault("organisation", parsed[0])
            doc.source_metadata.setdefault("reference", parsed[1])
            return
