"""Every kind of bad input gives a typed error naming the file (or a warning), never a crash."""

from __future__ import annotations

import io

import pytest

from caretext import extract_text
from caretext.errors import (
    CaretextError,
    CorruptPdfError,
    EmptyFileError,
    EncryptedPdfError,
    NotPdfError,
    UndecodableTextError,
    UnsupportedFormatError,
)
from conftest import SAMPLE

BROKEN = SAMPLE / "broken"

CASES = {
    "empty.pdf": EmptyFileError,
    "truncated.pdf": CorruptPdfError,
    "corrupt.pdf": CorruptPdfError,
    "encrypted.pdf": EncryptedPdfError,
    "not-really.pdf": NotPdfError,
    "junk.txt": UndecodableTextError,
    "spreadsheet.xlsx": UnsupportedFormatError,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_file_raises_typed_error(name):
    with pytest.raises(CASES[name]) as info:
        extract_text(BROKEN / name)
    err = info.value
    assert isinstance(err, CaretextError)
    assert err.path and err.path.endswith(name)
    assert name in str(err) and err.message


def test_every_broken_file_is_covered():
    assert {p.name for p in BROKEN.iterdir()} == set(CASES)


def test_scanned_pdf_is_a_warning_not_an_error(monkeypatch):
    monkeypatch.setenv("PATH", "")  # no tesseract: OCR must be skipped cleanly
    doc = extract_text(SAMPLE / "other" / "scanned-statement.pdf")
    assert doc.text == ""
    assert doc.page_count == 2
    assert any("no text layer on page 1" in w for w in doc.warnings)
    assert any("no text layer on any page" in w for w in doc.warnings)


def test_missing_file_names_it(tmp_path):
    with pytest.raises(CaretextError) as info:
        extract_text(tmp_path / "nope.pdf")
    assert "nope.pdf" in str(info.value)


@pytest.mark.slow
def test_two_thousand_page_pdf_is_read_page_by_page():
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for n in range(1, 2001):
        c.setFont("Helvetica", 8)
        c.drawString(72, 800, "Focus report on children in care")
        c.drawCentredString(297, 40, f"Page {n} of 2000")
        c.setFont("Helvetica", 11)
        c.drawString(72, 700, f"{n}. Paragraph on page {n} describes what the Council did wrong.")
        c.showPage()
    c.save()
    doc = extract_text(buf.getvalue(), name="huge.pdf")
    assert doc.page_count == 2000
    assert "Focus report on children in care" not in doc.text
    assert "Page 17 of 2000" not in doc.text
    last = doc.text.rindex("2000. Paragraph")
    assert doc.page_at(last) == 2000
    assert doc.page_at(doc.text.index("1000. Paragraph")) == 1000
    assert len(doc.paragraphs) == 2000
