"""Every sample PDF against the source text it was rendered from."""

from __future__ import annotations

import difflib
import re

import pypdfium2 as pdfium
import pytest
from corpus_sources import decision_sources

from caretext import extract_text
from caretext.ingest.layout import is_page_number
from conftest import SAMPLE

SOURCES = decision_sources()
IDS = [s.name for s in SOURCES]


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module", params=SOURCES, ids=IDS)
def rendered(request):
    src = request.param
    path = SAMPLE / "decisions" / f"{src.name}.pdf"
    return src, path, extract_text(path)


def test_clean_text_matches_source(rendered):
    src, _path, doc = rendered
    # word by word (a broken or joined word changes its token): as strict as comparing characters, and
    # quadratic in words rather than characters
    ratio = difflib.SequenceMatcher(None, doc.text.split(), src.expected_text().split(), autojunk=False).ratio()
    assert ratio >= 0.98, f"{src.name}: similarity {ratio:.4f}"


def test_paragraph_structure_kept(rendered):
    src, _path, doc = rendered
    expected = src.expected_text().split("\n\n")
    got = doc.paragraph_texts()
    assert abs(len(got) - len(expected)) <= 1
    numbered = [p.split(" ", 1)[0] for p in got if re.match(r"^\d{1,3}\. ", p)]
    assert numbered == [b.number for b in src.blocks if b.kind == "numbered"]


def test_no_header_footer_or_page_number_left(rendered):
    src, path, doc = rendered
    n_pages = len(pdfium.PdfDocument(str(path)))
    assert doc.page_count == n_pages
    paragraphs = doc.paragraph_texts()
    for p in paragraphs:
        assert not is_page_number(p), p
        assert not re.match(r"(?i)^(final decision\s*)?(page\s*)?\d+(\s*(of|/)\s*\d+)?$", p), p
        assert p not in (
            "Local Government and Social Care Ombudsman",
            f"Final decision {src.meta['reference']}",
        )
    # the heading appears once, as the first paragraph, even when it is also the running header
    assert paragraphs[0] == src.heading
    assert paragraphs.count(src.heading) == 1
    # every page's number was removed and recorded
    numbered_pages = {r.page for r in doc.removed if "page-number" in (r.rule or "")}
    assert numbered_pages == set(range(1, n_pages + 1))
    assert all(r.text and r.page for r in doc.removed)


def test_page_map_correct_at_page_boundaries(rendered):
    _src, path, doc = rendered
    pdf = pdfium.PdfDocument(str(path))
    raw = []
    for i in range(len(pdf)):
        textpage = pdf[i].get_textpage()
        raw.append(_squash(textpage.get_text_range().replace("\ufffe", "-")))
    assert doc.pages[0].start == 0 and doc.pages[-1].end == len(doc.text)
    for a, b in zip(doc.pages, doc.pages[1:]):
        assert a.end == b.start
    for span in doc.pages:
        head = _squash(doc.text[span.start : span.start + 25]).rstrip("-")
        tail = _squash(doc.text[max(span.start, span.end - 25) : span.end]).lstrip("-")
        # the first and last words attributed to a page are on that page of the PDF
        for piece in (head, tail):
            words = piece.split(" ")[1:-1] or piece.split(" ")
            probe = " ".join(words)
            assert probe.replace("-", "") in raw[span.page - 1].replace("-", ""), (span, probe)


def test_engines_agree():
    """pdfplumber (reference engine) and PDFium (fast engine) give the same clean text."""
    for src in SOURCES[:6]:
        path = SAMPLE / "decisions" / f"{src.name}.pdf"
        assert extract_text(path).text == extract_text(path, engine="pdfplumber").text, src.name


def test_hyphenation_rejoined():
    docs = {s.name: extract_text(SAMPLE / "decisions" / f"{s.name}.pdf") for s in SOURCES}
    text = " ".join(d.text for d in docs.values())
    # no line-break hyphenation fragments such as "assess- ment" or "assessment-s"
    assert not re.search(r"[a-z]- [a-z]", text)
    # real compounds written in the sources survive
    for compound in ("well-being", "decision-making", "face-to-face"):
        assert compound in text


def test_kind_and_title(rendered):
    src, _path, doc = rendered
    assert doc.kind == "decision"
    assert doc.title == src.heading
    assert doc.source_metadata["reference"] == src.meta["reference"]
