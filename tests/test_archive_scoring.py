"""Scoring caretext on an archive of published decisions: the facts conversion and the per-field scorer.

Gold here comes from the annotation files (written by the corpus writers, not
by the code) or is written out by hand in the test; the scorer must count a
wrong answer as wrong.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = ROOT / "annotations" / "decisions"
CORPUS = ROOT / "corpora" / "decisions"


def _records(n: int) -> list[dict]:
    return [json.loads(line) for line in (ANNOTATIONS / "x.jsonl").read_text().splitlines()[:n]]


# --- scripts/lgsco_dev.py: facts -> gold ----------------------------------------------------------


def test_facts_become_archive_gold(tmp_path: Path) -> None:
    import lgsco_dev

    facts = [
        # an invented decision in the facts file's shape
        {"ref": "21 004 512", "council": "Kent County Council", "category": "Children's care services",
         "subcategory": "Fostering", "decision": "Closed after initial enquiries", "decision_date": "2022-01-05",
         "canonical_url": None, "kind": "decision_page", "payments_gbp": [150, 300]},
        # published values missing: the page's address still files it
        {"ref": "23 000 001", "council": None, "category": None, "subcategory": None, "decision": None,
         "decision_date": None, "kind": "decision_page", "payments_gbp": [],
         "canonical_url": "https://www.lgo.org.uk/decisions/adult-care-services/transition-from-childrens-services/23-000-001"},
    ]
    src = tmp_path / "facts.jsonl"
    src.write_text("".join(json.dumps(f) + "\n" for f in facts))
    extra = tmp_path / "extra.jsonl"
    extra.write_text('// our labels\n{"ref": "23 000 001", "payment": true}\n')
    out = tmp_path / "gold.jsonl"
    assert lgsco_dev.main(["gold", str(src), "-o", str(out), "--extra", str(extra)]) == 0
    first, second = (json.loads(line) for line in out.read_text().splitlines())
    assert first["id"] == "21_004_512" and first["outcome"] == "closed_after_initial_enquiries"
    assert (first["category"], first["subcategory"]) == ("Children's care services", "Fostering")
    assert first["council"] == "Kent County Council" and first["date"] == "2022-01-05"
    assert first["payments_gbp"] == [150, 300] and first["payment"] is True
    assert second["id"] == "23_000_001" and "outcome" not in second and "council" not in second
    assert (second["category"], second["subcategory"]) == ("Adult care services", "Transition from childrens services")
    assert second["payment"] is True and "payments_gbp" not in second
    assert {first["part"], second["part"]} <= {"tune", "check"}
    # an existing gold file is not replaced without --force
    assert lgsco_dev.main(["gold", str(src), "-o", str(out)]) == 2


def test_result_lines_are_removed_from_pages(tmp_path: Path) -> None:
    import lgsco_dev

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "21_004_512.txt").write_text(
        "Kent County Council (21 004 512)\n\nCategory : Children's care services > Fostering\n\n"
        "Decision : Upheld\n\nDecision date : 05 Jan 2022\n\nSummary: The Council was at fault.\n"
    )
    assert lgsco_dev.main(["docs", str(pages), "-o", str(tmp_path / "docs")]) == 0
    text = (tmp_path / "docs" / "21_004_512.txt").read_text()
    assert "Category" not in text and "Decision :" not in text and "Decision date" not in text
    assert "Kent County Council (21 004 512)" in text and "Summary: The Council was at fault." in text


# --- the per-field scorer -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, list[dict]]:
    from caretext.evaluate.archive import score_folder

    tmp = tmp_path_factory.mktemp("archive")
    docs = tmp / "docs"
    docs.mkdir()
    records = _records(6)
    gold = []
    for i, rec in enumerate(records):
        (docs / f"{rec['id']}.txt").write_text((CORPUS / f"{rec['id']}.txt").read_text())
        pays = [r["amount_gbp"] for r in rec["remedies"] if r["type"] == "payment" and r.get("amount_gbp")]
        row = {"id": rec["id"], "council": rec["council"], "date": rec["date"], "payment": any(
            r["type"] == "payment" for r in rec["remedies"])}
        if pays:
            row["payments_gbp"] = pays
        if i != 1:  # one record does not know its outcome: outcome is scored on five
            row["outcome"] = rec["outcome"]
        if i == 2:  # a wrong council must count as wrong
            row["council"] = "Cornwall Council" if rec["council"] != "Cornwall Council" else "Kent County Council"
        gold.append(row)
    gold.append({"id": "not-gathered", "outcome": "upheld"})  # a record with no document is listed, not scored
    path = tmp / "gold.jsonl"
    path.write_text("".join(json.dumps(g) + "\n" for g in gold))
    return score_folder(path, docs), gold


def test_each_field_is_scored_on_the_records_that_give_it(scored: tuple[dict, list[dict]]) -> None:
    metrics, _gold = scored
    assert metrics["n"] == 6 and metrics["missing"] == ["not-gathered"]
    assert metrics["outcome"]["n"] == 5
    assert "category" not in metrics and "themes" not in metrics
    assert metrics["kinds"] == {"decision": 6}


def test_a_wrong_subject_council_is_an_error(scored: tuple[dict, list[dict]]) -> None:
    metrics, gold = scored
    council = metrics["subject_council"]
    assert council["n"] == 6
    assert gold[2]["id"] in [e["id"] for e in council["errors"]]
    assert council["accuracy"] <= 5 / 6


def test_payments_are_scored_where_the_gold_names_them(scored: tuple[dict, list[dict]]) -> None:
    metrics, gold = scored
    payments = metrics["payments"]
    with_figures = [g for g in gold if g.get("payments_gbp")]
    assert payments["total_exact"]["n"] == len(with_figures) > 0
    assert payments["found"]["n"] == sum(1 for g in gold if g.get("payment") is True)
    assert payments["none_claimed_where_none"]["n"] == sum(1 for g in gold if g.get("payment") is False)


def test_council_codes_follow_the_gazetteer() -> None:
    from caretext.evaluate.archive import council_code

    assert council_code("Kent County Council") == "E10000016"
    assert council_code("kent county council") == "E10000016"
    assert council_code("Parkside School") == "Parkside School"
