"""Render ``corpora/sample`` from ``corpora/sources`` (deterministic; run by ``make corpus``).

* every decision source → ``decisions/<name>.pdf``: A4, a running header and a
  footer whose style varies by document, page numbers in several forms, words
  hyphenated at line ends, numbered paragraphs with hanging indents;
* every third decision also → ``decision-pages/<name>.html``, shaped like a saved
  LGSCO decision page (header fields, "Back to top", flattened list numbers);
* ``articles/`` is not rendered: the saved pages and text dumps live there as
  written (their gold is ``sources/articles/*.json``);
* ``broken/``: files that must fail with a clear error, and ``other/`` an
  image-only PDF that must give a warning.
"""

from __future__ import annotations

import hashlib
import html
import io
import shutil
import sys
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_sources import SAMPLE, DecisionSource, decision_sources, report_sources

PAGE_W, PAGE_H = A4
FOOTER_STYLES = ["Page {n} of {total}", "- {n} -", "{n}", "{n}/{total}", "Page {n}"]
HEADER_STYLES = [
    "Final decision {ref}",
    "{council} ({ref})",
    "Local Government and Social Care Ombudsman",
    None,
]
FONTS = [("Helvetica", "Helvetica-Bold"), ("Times-Roman", "Times-Bold")]


def _seed(*parts: object) -> int:
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8], 16)


def _split_word(
    word: str, font: str, size: float, room: float, salt: int
) -> tuple[str, str] | None:
    """Hyphenate ``word`` so the first part (with '-') fits ``room``; None if not possible."""
    core = word.rstrip(".,;:)’”'\"")
    if "-" in core[1:-1]:  # a real compound: break after its own hyphen
        head, _, _tail = word.partition("-")
        if stringWidth(head + "-", font, size) <= room:
            return head + "-", word[len(head) + 1 :]
        return None
    if len(core) < 7 or not core.isalpha() or (salt % 3 == 0):
        return None
    for cut in range(len(core) - 3, 2, -1):
        if stringWidth(word[:cut] + "-", font, size) <= room:
            return word[:cut] + "-", word[cut:]
    return None


def wrap(text: str, font: str, size: float, width: float, salt: int) -> list[str]:
    words = text.split()
    lines: list[str] = []
    line = ""
    i = 0
    while i < len(words):
        word = words[i]
        candidate = f"{line} {word}" if line else word
        if stringWidth(candidate, font, size) <= width:
            line = candidate
            i += 1
            continue
        room = width - stringWidth(line + " ", font, size) if line else width
        split = _split_word(word, font, size, room, _seed(salt, i, word)) if line else None
        if split:
            lines.append(f"{line} {split[0]}")
            words[i] = split[1]
            line = ""
            continue
        lines.append(line or word)
        if not line:
            i += 1
        line = ""
    if line:
        lines.append(line)
    return lines


def render_pdf(src: DecisionSource, index: int, out: Path) -> None:
    regular, bold = FONTS[index % 2]
    size = 11 if index % 3 else 10.5
    leading = size * 1.3
    para_gap = (
        0.0 if index % 4 == 3 else size * 0.7
    )  # some documents set no space between paragraphs
    left, right, top, bottom = 72, PAGE_W - 72, PAGE_H - 80, 80
    header = HEADER_STYLES[index % len(HEADER_STYLES)]
    footer = FOOTER_STYLES[index % len(FOOTER_STYLES)]
    footer_label = "Final decision" if index % 2 else None

    # lay out first (to know the page count), then draw
    pages: list[list[tuple[str, float, str, float, float]]] = [[]]
    y = top

    def place(font: str, fsize: float, text: str, x: float, gap_before: float) -> None:
        nonlocal y
        if y - gap_before - leading < bottom:
            pages.append([])
            y = top
        else:
            y -= gap_before
        y -= leading
        pages[-1].append((font, fsize, text, x, y))

    place(bold, size + 3, src.heading, left, 0)
    for k, block in enumerate(src.blocks):
        salt = _seed(src.name, k)
        if block.kind == "heading":
            place(bold, size + 1, block.text, left, para_gap + (leading * 0.5 if para_gap else 0))
            continue
        if block.kind == "numbered":
            assert block.number is not None
            body = block.text[len(block.number) + 1 :]
            indent = left + 24
            lines = wrap(body, regular, size, right - indent, salt)
            for j, line in enumerate(lines):
                place(regular, size, line, indent, para_gap if j == 0 else 0)
                if j == 0:
                    pages[-1].append((regular, size, block.number, left, y))
            continue
        if block.kind == "bullet":
            indent = left + 40
            lines = wrap(block.text[2:], regular, size, right - indent, salt)
            for j, line in enumerate(lines):
                place(regular, size, line, indent, para_gap * 0.5 if j == 0 else 0)
                if j == 0:
                    pages[-1].append((regular, size, "•", left + 26, y))
            continue
        lines = wrap(block.text, regular, size, right - left, salt)
        for j, line in enumerate(lines):
            place(regular, size, line, left, para_gap if j == 0 else 0)
    total = len(pages)
    c = canvas.Canvas(str(out), pagesize=A4, invariant=1)
    c.setTitle(src.heading)
    for n, page in enumerate(pages, 1):
        if header:
            c.setFont(regular, 8.5)
            text = header.format(ref=src.meta["reference"], council=src.meta["council"])
            c.drawString(left, PAGE_H - 45, text)
        c.setFont(regular, 8.5)
        number = footer.format(n=n, total=total)
        if footer_label:
            c.drawString(left, 40, footer_label)
            c.drawRightString(right, 40, number)
        else:
            c.drawCentredString(PAGE_W / 2, 40, number)
        for font, fsize, text, x, yy in page:
            c.setFont(font, fsize)
            c.drawString(x, yy, text)
        c.showPage()
    c.save()


def render_html(src: DecisionSource, out: Path) -> None:
    d = date.fromisoformat(src.meta["decision_date"])
    esc = html.escape
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{esc(src.heading)} - Local Government and Social Care Ombudsman</title></head><body>",
        "<header class='site-header'><a href='/'>Home</a> <a href='/decisions'>Decisions</a>"
        " <a href='/complain'>How to complain</a><form><input placeholder='Search'></form></header>",
        "<nav class='breadcrumb'><a href='/'>Home</a> &gt; <a href='/decisions'>Decisions</a></nav>",
        "<main><div class='decision'>",
        f"<h1>{esc(src.heading)}</h1>",
        "<ul class='decision-meta'>",
        f"<li>Category : {esc(src.meta['category'])} &gt; {esc(src.meta['subcategory'])}</li>",
        f"<li>Decision : {esc(src.meta['decision'])}</li>",
        f"<li>Decision date : {d.day} {d.strftime('%b %Y')}</li>",
        "</ul><div class='decision-body'>",
    ]
    in_list = False
    for block in src.blocks:
        if block.kind == "heading":
            if in_list:
                parts.append("</ol>")
                in_list = False
            parts.append("<p class='back'><a href='#top'>Back to top</a></p>")
            parts.append(f"<h2>{esc(block.text)}</h2>")
        elif block.kind == "numbered":
            if not in_list:
                parts.append("<ol>")
                in_list = True
            assert block.number is not None
            parts.append(f"<li><p>{esc(block.text[len(block.number) + 1 :])}</p></li>")
        elif block.kind == "bullet":
            parts.append(f"<ul><li>{esc(block.text[2:])}</li></ul>")
        else:
            parts.append(f"<p>{esc(block.text)}</p>")
    if in_list:
        parts.append("</ol>")
    parts += [
        "<p class='back'><a href='#top'>Back to top</a></p></div></div></main>",
        "<footer><p>Local Government and Social Care Ombudsman, PO Box 4771, Coventry CV4 0EH</p>"
        "<p>© Crown copyright</p><a href='/privacy'>Privacy notice</a> <a href='/cookies'>Cookies</a></footer>",
        "</body></html>",
    ]
    out.write_text("\n".join(parts), encoding="utf-8")


def _blank_canvas_pdf(draw) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    draw(c)
    c.save()
    return buf.getvalue()


def build_broken(first_pdf: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    data = first_pdf.read_bytes()
    (out / "empty.pdf").write_bytes(b"")
    (out / "truncated.pdf").write_bytes(data[: len(data) // 3])
    (out / "corrupt.pdf").write_bytes(
        b"%PDF-1.4\n" + bytes((i * 37 + 11) % 256 for i in range(4000))
    )
    (out / "not-really.pdf").write_text(
        "<html><body><p>This is a saved web page, not a PDF.</p></body></html>\n", encoding="utf-8"
    )
    (out / "junk.txt").write_bytes(bytes((i * 131 + 7) % 256 for i in range(3000)))
    (out / "spreadsheet.xlsx").write_bytes(b"PK\x03\x04" + bytes(200))

    def locked(c):
        c.drawString(72, 700, "A password-protected decision.")
        c.showPage()

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, encrypt="caretext-secret")
    locked(c)
    c.save()
    (out / "encrypted.pdf").write_bytes(buf.getvalue())


def build_scanned(out: Path) -> None:
    """An image-only PDF: vector shapes where text would be, and no text layer."""
    out.mkdir(parents=True, exist_ok=True)

    def draw(c):
        for _page in range(2):
            for row in range(30):
                c.rect(72, PAGE_H - 100 - row * 20, 400 - (row * 7) % 120, 8, fill=1, stroke=0)
            c.showPage()

    (out / "scanned-statement.pdf").write_bytes(_blank_canvas_pdf(draw))


def main() -> None:
    for sub in ("decisions", "decision-pages", "broken", "other", "reports"):
        shutil.rmtree(SAMPLE / sub, ignore_errors=True)
        (SAMPLE / sub).mkdir(parents=True)
    sources = decision_sources()
    for i, src in enumerate(sources):
        render_pdf(src, i, SAMPLE / "decisions" / f"{src.name}.pdf")
        if i % 3 == 0:
            render_html(src, SAMPLE / "decision-pages" / f"{src.name}.html")
    for i, src in enumerate(report_sources()):
        render_pdf(src, 2 + i, SAMPLE / "reports" / f"{src.name}.pdf")  # header style: the Ombudsman's name
    build_broken(SAMPLE / "decisions" / f"{sources[0].name}.pdf", SAMPLE / "broken")
    build_scanned(SAMPLE / "other")
    print(f"rendered {len(sources)} decisions into {SAMPLE}")


if __name__ == "__main__":
    main()
