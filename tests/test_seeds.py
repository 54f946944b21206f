"""The three real press articles in ../shared (read-only test input)."""

from __future__ import annotations

import json

import pytest

from caretext import extract_text


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    expected = json.loads((seeds_dir / "expected.json").read_text(encoding="utf-8"))
    return {name: (extract_text(seeds_dir / name), exp) for name, exp in expected.items()}


def test_boilerplate_gone(seeds):
    for name, (doc, exp) in seeds.items():
        for snippet in exp["boilerplate_absent"] + exp.get("not_councils_from_boilerplate", []):
            assert snippet not in doc.text, (name, snippet)


def test_article_facts_survive(seeds):
    for name, (doc, exp) in seeds.items():
        assert doc.kind == "article", name
        for speaker in exp["speakers"]:
            surname = speaker.split()[-1]
            assert surname in doc.text, (name, speaker)
        for org_list in exp.get("speaker_orgs", {}).values():
            assert any(org in doc.text for org in org_list), (name, org_list)


def test_statistics_text_survives(seeds):
    doc, _exp = seeds["seed-000.txt"]
    for fragment in ("56%", "28%", "60,900", "78,150", "87 children", "£15bn"):
        assert fragment in doc.text
    doc, _exp = seeds["seed-002.txt"]
    for fragment in ("89 per cent", "29 per cent", "26,400", "50,000", "£800m"):
        assert fragment in doc.text


def test_seed_metadata(seeds):
    doc, exp = seeds["seed-001.txt"]
    assert doc.published == exp["published"]
    assert doc.author == exp["author"]
    for doc, _exp in seeds.values():
        assert doc.title and len(doc.title.split()) >= 6
