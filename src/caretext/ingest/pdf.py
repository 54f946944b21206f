"""Read PDF pages as positioned text lines, one page at a time.

Two engines produce the same ``Line`` records:

* ``pdfium`` (default): pypdfium2's text page, about 40x faster than pdfplumber.
  Line geometry comes from the char boxes of each line's first and last
  characters. PDFium joins a line that ends in a hyphen to the next one and
  marks the joint with U+FFFE (or U+0002); those joints are split back into two
  lines so that de-hyphenation is decided in one place for both engines.
* ``pdfplumber``: ``extract_text_lines``; used when asked for, and for any page
  where PDFium's text indices and char indices disagree (a known PDFium quirk
  with some encodings), so geometry is never attached to the wrong characters.

Pages are opened and closed one by one, so memory does not grow with the length
of the PDF beyond the extracted lines themselves.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from caretext.errors import CorruptPdfError, EncryptedPdfError, FileTooLargeError, NotPdfError
from caretext.settings import SETTINGS

log = logging.getLogger(__name__)

_HYPHEN_MARKS = ("\ufffe", "\x02")
#: limits from caretext.settings: pages and characters a PDF may have
MAX_PAGES = SETTINGS.max_pdf_pages
MAX_CHARS = SETTINGS.max_pdf_chars
#: a page whose text is more than this share of unmappable glyphs (U+FFFD, private-use, control
#: characters) has a damaged text layer
_DAMAGED_SHARE = 0.05
_UNMAPPED = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Line:
    """One visual line. Coordinates are PDF points with y growing upwards."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 0.0  # font size of the line's first character, in points


@dataclass
class PageLines:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line]
    has_text_layer: bool = True
    ocr: bool = False
    #: why the page's text cannot be trusted ("unreadable", "unmapped characters"), None if it can
    damaged: str | None = None


def has_pdf_header(data: bytes) -> bool:
    """Whether bytes start a PDF: a ``%PDF-`` header within the first KB, not inside markup (an HTML
    page that mentions "%PDF-" in a comment is a page). The one test ingestion uses, on a file's head
    before reading it whole and on the bytes when choosing the format."""
    at = data[:1024].find(b"%PDF-")
    return at != -1 and not data[:at].lstrip().startswith(b"<")


def open_pdf(data: bytes, path: str | None) -> Any:
    """Open a PDF with PDFium, turning its failures into caretext errors."""
    import pypdfium2 as pdfium

    if not has_pdf_header(data):
        raise NotPdfError("the file is named .pdf but does not start with a PDF header", path)
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise EncryptedPdfError("the PDF is password-protected", path) from exc
        raise CorruptPdfError(f"the PDF cannot be read ({exc})", path) from exc


def _pdfium_lines(textpage: Any) -> list[Line] | None:
    """Lines of one page with geometry, or None if indices cannot be trusted."""
    import pypdfium2.raw as pdfium_c

    count = textpage.count_chars()
    if count <= 0:
        return []
    text = textpage.get_text_range(0, count)
    if len(text) != count:
        return None
    lines: list[Line] = []
    start = 0
    n = len(text)
    while start < n:
        end = start
        while end < n and text[end] not in "\r\n" and text[end] not in _HYPHEN_MARKS:
            end += 1
        hyphen = end < n and text[end] in _HYPHEN_MARKS
        seg_end = end + 1 if hyphen else end
        segment = text[start:end] + ("-" if hyphen else "")
        first = start
        while first < end and text[first].isspace():
            first += 1
        last = end if hyphen else end - 1
        while last > first and text[last].isspace():
            last -= 1
        if first < seg_end and segment.strip():
            l0, b0, r0, t0 = textpage.get_charbox(first)
            l1, b1, r1, t1 = textpage.get_charbox(min(last, count - 1))
            size = float(pdfium_c.FPDFText_GetFontSize(textpage, first))
            lines.append(Line(segment, min(l0, l1), max(r0, r1), max(t0, t1), min(b0, b1), size))
        start = seg_end
        while start < n and text[start] in "\r\n":
            start += 1
    return lines


_CID = re.compile(r"\(cid:\d+\)")
_CID_BULLET = re.compile(r"^\(cid:\d+\)\s*")


def _plumber_lines(plumber_page: Any) -> list[Line]:
    """Lines from pdfplumber. A glyph it cannot map ("(cid:127)") that opens a line is a
    bullet symbol in practice; elsewhere such glyphs are dropped."""
    height = float(plumber_page.height)
    out = []
    for row in plumber_page.extract_text_lines(strip=True, return_chars=True):
        text = _CID.sub("", _CID_BULLET.sub("• ", row["text"]))
        size = float(row["chars"][0].get("size", 0.0)) if row.get("chars") else 0.0
        out.append(
            Line(
                text,
                float(row["x0"]),
                float(row["x1"]),
                height - float(row["top"]),
                height - float(row["bottom"]),
                size,
            )
        )
    return out


def _draws_anything(page: Any) -> bool:
    """Whether a page draws anything (a scan draws an image, a drawing paths); a page whose content
    stream is damaged, or that is blank, draws nothing."""
    try:
        return next(iter(page.get_objects(max_depth=1)), None) is not None
    except Exception:
        return True  # cannot tell: do not call it damaged


def _ocr_page(page: Any) -> list[str] | None:
    """OCR one page with the tesseract binary if it is installed; else None."""
    exe = shutil.which("tesseract")
    if not exe:
        return None
    image = page.render(scale=300 / 72).to_pil()
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        try:
            result = subprocess.run(
                [exe, str(png), "-", "-l", "eng"], capture_output=True, text=True, timeout=120
            )
        except (OSError, subprocess.SubprocessError) as exc:  # pragma: no cover - env specific
            log.warning("tesseract failed: %s", exc)
            return None
    if result.returncode != 0:
        return None
    return result.stdout.splitlines()


def iter_pages(
    data: bytes, path: str | None, engine: str = "pdfium", ocr: bool = True
) -> Iterator[PageLines]:
    """Yield the lines of each page, opening and closing pages one by one."""
    pdf = open_pdf(data, path)
    plumber_doc = None
    try:
        try:
            n_pages = len(pdf)
        except Exception as exc:  # PDFium raises bare errors on a broken page tree
            raise CorruptPdfError(f"the PDF page tree cannot be read ({exc})", path) from exc
        if n_pages == 0:
            raise CorruptPdfError("the PDF has no pages", path)
        if n_pages > MAX_PAGES:
            raise FileTooLargeError(f"the PDF declares {n_pages:,} pages, more than the {MAX_PAGES:,} caretext reads",
                                    path)
        chars = 0
        unreadable = 0
        for index in range(n_pages):
            try:
                page = pdf[index]
            except Exception as exc:  # a page object PDFium cannot load: the page is lost, the rest is read
                log.warning("%s: page %d cannot be read (%s)", path, index + 1, exc)
                unreadable += 1
                yield PageLines(index + 1, 0.0, 0.0, [], has_text_layer=False, damaged="unreadable")
                continue
            try:
                width, height = page.get_size()
                lines: list[Line] | None = None
                if engine == "pdfium":
                    textpage = page.get_textpage()
                    try:
                        lines = _pdfium_lines(textpage)
                    finally:
                        textpage.close()
                if lines is None:
                    if plumber_doc is None:
                        import io

                        import pdfplumber

                        plumber_doc = pdfplumber.open(io.BytesIO(data))
                    ppage = plumber_doc.pages[index]
                    lines = _plumber_lines(ppage)
                    ppage.close()
                has_text = any(line.text.strip() for line in lines)
                blank_or_broken = not has_text and not _draws_anything(page)
                page_text = "".join(line.text for line in lines)
                chars += len(page_text)
                if chars > MAX_CHARS:
                    raise FileTooLargeError(
                        f"the PDF holds more than {MAX_CHARS:,} characters of text (by page {index + 1})", path)
                damaged = None
                if page_text and len(_UNMAPPED.findall(page_text)) > _DAMAGED_SHARE * len(page_text):
                    damaged = "unmapped characters"
                    lines = [Line(_UNMAPPED.sub("", ln.text), ln.x0, ln.x1, ln.top, ln.bottom, ln.size) for ln in lines]
                ocr_used = False
                if not has_text and ocr:
                    ocr_lines = _ocr_page(page)
                    if ocr_lines:
                        # OCR gives no geometry we trust; lay lines out top to bottom.
                        step = height / (len(ocr_lines) + 2)
                        lines = [
                            Line(t, 0.0, width, height - step * (i + 1), height - step * (i + 2))
                            for i, t in enumerate(ocr_lines)
                            if t.strip()
                        ]
                        ocr_used = bool(lines)
                if blank_or_broken and not ocr_used:
                    damaged = "nothing drawn"  # not a scan: a damaged content stream (or a blank page)
                yield PageLines(index + 1, float(width), float(height), lines, has_text, ocr_used, damaged)
            except (FileTooLargeError, CorruptPdfError):
                raise
            except Exception as exc:  # PDFium fails on one page's content: that page is lost, not the file
                log.warning("%s: page %d cannot be read (%s)", path, index + 1, exc)
                unreadable += 1
                yield PageLines(index + 1, 0.0, 0.0, [], has_text_layer=False, damaged="unreadable")
            finally:
                page.close()
        if unreadable == n_pages:
            raise CorruptPdfError("no page of the PDF can be read", path)
    finally:
        if plumber_doc is not None:
            plumber_doc.close()
        pdf.close()
