from __future__ import annotations

import re

import pytest
from corpus_sources import article_gold, decision_sources

from caretext import extract_text
from conftest import SAMPLE

GOLD = article_gold()
DECISIONS = {s.name: s for s in decision_sources()}
PAGES = sorted((SAMPLE / "decision-pages").glob("*.html"))


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_decision_page_header_is_metadata_not_prose(path):
    src = DECISIONS[path.stem]
    doc = extract_text(path)
    meta = doc.source_metadata
    assert doc.kind == "decision"
    assert meta["reference"] == src.meta["reference"]
    assert meta["category"] == src.meta["category"]
    assert meta["subcategory"] == src.meta["subcategory"]
    assert meta["decision"] == src.meta["decision"]
    assert meta["decision_date"] == src.meta["decision_date"] == doc.published
    assert doc.title == src.heading
    for line in doc.paragraph_texts():
        assert not re.match(r"(?i)^(category|decision|decision date)\s*:", line), line
        assert line.lower() != "back to top"
    assert {r.kind for r in doc.removed} >= {"source_metadata"}
    # the prose is all there (list rendering may prefix numbered paragraphs)
    text = doc.text
    for block in src.blocks:
        body = re.sub(r"^(\d+\. |• )", "", block.text)
        assert body in text, body[:80]


@pytest.mark.parametrize("name", sorted(GOLD))
def test_html_article_text_and_metadata(name):
    gold = GOLD[name]
    doc = extract_text(SAMPLE / "articles" / f"{name}.html")
    paragraphs = doc.paragraph_texts()
    assert doc.kind == "article"
    for para in gold["paragraphs"]:
        assert para in paragraphs
    for snippet in gold["keep"]:
        assert snippet in doc.text
    for snippet in gold["boilerplate"]:
        # whole-line check: short snippets ("Accept all") may occur inside real prose
        assert snippet not in paragraphs, snippet
    assert doc.title == gold["title"]
    assert doc.author == gold["author"]
    assert doc.published == gold["published"]
