"""Furniture decided by what a block is (ingest/furniture.py), on a page whose furniture is worded in
ways no phrase rule lists. Every line below was written for this test: FURNITURE lines must go,
ARTICLE lines must stay, whatever the wording."""

from __future__ import annotations

from pathlib import Path

from caretext import extract_text
from caretext.ingest.furniture import score

ARTICLE = [
    "Care leavers in Northshire wait a year for a flat, councillors told",
    "Young people leaving care in Northshire are waiting an average of 54 weeks for a council flat, "
    "a scrutiny committee heard on Tuesday, twice as long as three years ago.",
    "The committee's chair, Cllr Hannah Oyelaran, said the delays were leaving care leavers in hostels and "
    "on friends' sofas at the point they most needed stability.",
    "\u201cIf you are eighteen and alone in a hostel, you do not have a year to wait,\u201d she said.",
    "What the figures show",
    "Of the 212 care leavers who asked for housing last year, 61 were still waiting in March, according to "
    "the council's own report.",
    "A council spokesperson said the authority had bought 14 flats since April and would buy more this year.",
]
FURNITURE = [
    "Psst: our Saturday briefing lands in your inbox before breakfast. Don't miss out!",
    "Last updated 09:14 GMT, 3 May 2024",
    "5h ago\u2014Bus passes for carers scrapped in budget row",
    "teenager on a bench beside a rucksack",
    "Before you go",
    "Reporting like this costs money. Every week we send reporters to council meetings that nobody else "
    "covers, and we read the papers so that you do not have to.",
    "We do not have a paywall, because we think local news should be free to everyone who lives here. "
    "That only works if readers who can afford it chip in.",
    "Give from \u00a33 a month \u2013 it takes a minute",
    "Tip-offs to newsdesk@northshire-post.example or DM @NorthshirePost",
    "Be the first to react!",
]


def _page() -> str:
    head, lead, chair, quote, crosshead, figures, spokes = ARTICLE
    f = FURNITURE
    lines = [f[0], head, f[1], f[3], lead, chair, quote, f[4], f[5], f[6], f[7], crosshead, figures, spokes, f[8], f[9], f[2]]
    return "\n".join(lines) + "\n"


def test_furniture_worded_in_new_ways_goes_and_article_text_stays(tmp_path: Path) -> None:
    page = tmp_path / "story.txt"
    page.write_text(_page(), encoding="utf-8")
    doc = extract_text(page)
    text = " ".join(doc.text.split())
    for line in FURNITURE:
        assert " ".join(line.split()) not in text, line
    for line in ARTICLE[1:]:
        assert " ".join(line.split()) in text, line
    assert doc.title == ARTICLE[0]
    reasons = {r.rule for r in doc.removed}
    assert any(str(rule).startswith("structure:") for rule in reasons), reasons


def test_reporting_and_quotation_outweigh_reader_address() -> None:
    assert score("\u201cYou have to fight for everything,\u201d one mother told us.")[0] < 2
    assert score("Join the conversation and tell us what you think!")[0] >= 2
    assert score("Support for families has fallen by 12% since 2019.")[0] < 2
