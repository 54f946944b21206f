from __future__ import annotations

import codecs

import pytest
from corpus_sources import article_gold

from caretext import extract_text
from caretext.errors import EmptyFileError, UndecodableTextError
from conftest import SAMPLE

GOLD = article_gold()


@pytest.mark.parametrize("name", sorted(GOLD))
def test_text_dump_keeps_every_article_paragraph(name):
    doc = extract_text(SAMPLE / "articles" / f"{name}.txt")
    paragraphs = doc.paragraph_texts()
    assert doc.kind == "article"
    for para in GOLD[name]["paragraphs"]:
        assert para in paragraphs
    for snippet in GOLD[name]["keep"]:
        assert snippet in doc.text


def test_text_dump_furniture_removed_overall():
    """Independently written dumps: at least 90% of the furniture lines must go."""
    left = total = 0
    for name, gold in GOLD.items():
        paragraphs = extract_text(SAMPLE / "articles" / f"{name}.txt").paragraph_texts()
        for snippet in gold["boilerplate"]:
            total += 1
            left += any(snippet == p or (len(snippet) > 25 and snippet in p) for p in paragraphs)
    assert total > 100
    assert left / total <= 0.10, f"{left} of {total} furniture snippets left"


def test_text_dump_metadata_mostly_found():
    names = sorted(GOLD)
    docs = {n: extract_text(SAMPLE / "articles" / f"{n}.txt") for n in names}
    authors = sum(docs[n].author == GOLD[n]["author"] for n in names)
    dates = sum(docs[n].published == GOLD[n]["published"] for n in names)
    titles = sum(docs[n].title == GOLD[n]["title"] for n in names)
    assert authors >= len(names) - 1
    assert dates >= len(names) - 1
    assert titles >= len(names) - 1  # headline above the standfirst, not a menu or a teaser
    assert all(docs[n].publisher for n in names)  # masthead or copyright line


ARTICLE = (SAMPLE / "articles" / "p01.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "encoded",
    [
        codecs.BOM_UTF8 + ARTICLE.encode("utf-8"),
        ARTICLE.encode("utf-16"),  # with BOM
        ARTICLE.encode("utf-16-le"),  # without BOM
        ARTICLE.replace("\n", "\r\n").encode("utf-8"),
        ARTICLE.encode("cp1252", errors="replace"),
    ],
    ids=["utf8-bom", "utf16-bom", "utf16le-nobom", "crlf", "cp1252"],
)
def test_encodings_give_the_same_text(encoded):
    reference = extract_text(ARTICLE.encode("utf-8"), name="p01.txt").text
    doc = extract_text(encoded, name="p01.txt")
    assert doc.text == reference


def test_latin1_pound_sign_decoded():
    text = "Council pays £300 for distress, the Ombudsman said in a decision published today about a care leaver.\n"
    doc = extract_text(text.encode("latin-1"), name="x.txt")
    assert "£300" in doc.text


def test_binary_junk_is_an_error_naming_the_file():
    with pytest.raises(UndecodableTextError) as info:
        extract_text(SAMPLE / "broken" / "junk.txt")
    assert "junk.txt" in str(info.value)


def test_whitespace_only_is_empty():
    with pytest.raises(EmptyFileError):
        extract_text(b"   \n\n  \t ", name="blank.txt")


def test_non_english_text_warns():
    welsh = (
        "Mae'r Ombwdsmon wedi canfod bod y cyngor wedi methu â darparu cymorth i'r teulu. "
        "Dywedodd y fam nad oedd y gweithiwr cymdeithasol wedi ymweld am chwe mis. "
    ) * 5
    doc = extract_text(welsh.encode("utf-8"), name="cy.txt")
    assert any("English" in w for w in doc.warnings)
    assert doc.kind == "other"
