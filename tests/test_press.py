"""Press coverage: the evaluation gate, the shared seeds, statistics and article metadata."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caretext import analyze, extract_text
from caretext.cli import app
from caretext.evaluate.decision_gold import GoldError
from caretext.evaluate.press_gold import load_gold
from caretext.evaluate.press_scores import headline, score_press, score_seeds

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "models" / "press_floors.json"
ANNOTATIONS = ROOT / "annotations" / "press"
CORPUS = ROOT / "corpora" / "press"


@pytest.fixture(scope="module")
def test_report() -> dict:
    return score_press(load_gold(ANNOTATIONS, CORPUS, ("test",)))


def test_press_gold_is_valid_and_split() -> None:
    golds = load_gold(ANNOTATIONS, CORPUS)
    assert len(golds) >= 30
    assert {g.split for g in golds} == {"train", "dev", "test"}
    assert all(g.split == "test" for g in golds if g.get("writer") == "x")
    assert {g.path.suffix for g in golds} == {".html", ".txt"}
    for g in golds:
        for q in g.quotes:
            assert g.text[q.start : q.end] == q.text


def test_press_scores_on_held_out_split_stay_above_floors(test_report: dict) -> None:
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from pin_press_floors import fingerprint

    floors = json.loads(FLOORS.read_text())
    assert fingerprint(ANNOTATIONS, "test") == floors["fingerprint"], "test gold changed: re-measure and re-pin"
    top = headline(test_report)
    for key, floor in floors["headline"].items():
        assert top[key] >= floor, (key, top[key], floor)
    x = test_report["by_writer"]["x"]
    for key, floor in floors["held_out_writer_x"].items():
        assert x[key] >= floor, ("x", key, x[key], floor)


def test_shared_seeds_every_speaker_with_organisation_and_no_furniture_council(seeds_dir: Path) -> None:
    problems = score_seeds(seeds_dir)
    assert problems == {name: [] for name in problems}, problems


def test_seed_findings_carry_exact_offsets(seeds_dir: Path) -> None:
    path = seeds_dir / "seed-002.txt"
    text = extract_text(path).text
    found = analyze(path)
    assert found.quotes and found.statistics and found.people and found.organisations
    for item in [*found.quotes, *found.statistics, *found.reports]:
        assert text[item.start : item.end] == item.text
    values = {s.value for s in found.statistics}
    assert {89.0, 800e6, 26400.0, 50000.0} <= values


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit"),
    [
        ("Councils lost £15bn in core funding.", "£15bn", 15e9, "gbp"),
        ("It rose from 60,900 in 2009 to 78,150 in 2019.", "78,150", 78150.0, "count"),
        ("Almost 400,000 children are supported.", "Almost 400,000", 400000.0, "count"),
        ("One in five carers may give up.", "One in five", 0.2, "ratio"),
        ("Fees rose by 28% in a year.", "28%", 28.0, "percent"),
        ("Some 89 per cent of directors agreed.", "Some 89 per cent", 89.0, "percent"),
        ("Placements cost £10,000 a week.", "£10,000 a week", 10000.0, "gbp_per_week"),
        ("An average of 87 children are taken into care every day.", "An average of 87", 87.0, "count_per_day"),
        ("They are three times as likely to leave school.", "three times", 3.0, "times"),
        ("More than half of councils overspent.", "More than half", 0.5, "ratio"),
        ("About 2.3 million pupils were affected.", "About 2.3 million", 2.3e6, "count"),
        # numbers written in words (annotations/press/README.md, revised in issue 18)
        ("Fifteen councils were found at fault.", "Fifteen", 15.0, "count"),
        ("Forty-two per cent of carers said so.", "Forty-two per cent", 42.0, "percent"),
        ("Nearly a third of children waited.", "Nearly a third", 0.3333, "ratio"),
        ("Two-thirds of staff left within a year.", "Two-thirds", 0.6667, "ratio"),
        ("Three quarters of homes were full.", "Three quarters", 0.75, "ratio"),
        ("Nine in ten directors agreed.", "Nine in ten", 0.9, "ratio"),
        ("Costs rose in 2018. One in three councils cut back.", "One in three", 0.3333, "ratio"),
        ("Almost nine out of 10 councils overspent.", "Almost nine out of 10", 0.9, "ratio"),
        ("Three out of four homes were full.", "Three out of four", 0.75, "ratio"),
        ("Social workers visited four times a year.", "four", 4.0, "count_per_year"),
        ("Around two thousand three hundred children waited.", "Around two thousand three hundred", 2300.0, "count"),
        ("Ninety-three families complained.", "Ninety-three", 93.0, "count"),
        ("Children with five or more placements moved school.", "five or more", 5.0, "count"),
        ("Girls were twice as likely to wait.", "twice", 2.0, "times"),
        ("Boys were four times more likely to be excluded.", "four times", 4.0, "times"),
    ],
)
def test_statistic_values_and_units(sentence: str, text: str, value: float, unit: str) -> None:
    found = analyze("Councils warned over costs\n\n" + sentence + " The figures were published on Monday.")
    stats = [(s.text, s.unit) for s in found.statistics if s.value == pytest.approx(value)]
    assert (text, unit) in stats, [(s.text, s.value, s.unit) for s in found.statistics]


@pytest.mark.parametrize(
    "sentence",
    [
        "The review was published in 2019 and revised in March 2021.",
        "Care leavers aged 18 to 21 were interviewed.",
        "Tayo Adeyemi, 20, moved to Leeds.",
        "Councils must reply within 20 working days under section 26.",
        "Families can call 0808 157 0642 or write to SE1 7JY.",
        "Children under 16 cannot be placed there.",
        "The home is more than 20 miles away.",
        "She worked there for two years and then three months more.",
        "Hundreds of families and thousands of children wrote in.",
        "It was the third time the third-party provider failed.",
        "One council replied, and one or two homes closed.",
        "The Big Six charities wrote to Channel Four.",
        "Her sons, aged twelve and fourteen, stayed at home.",
        "The first and second reviews were late.",
    ],
)
def test_numbers_that_measure_nothing_are_not_statistics(sentence: str) -> None:
    found = analyze("Councils warned over costs\n\n" + sentence + " The figures were published on Monday.")
    assert found.statistics == [], [s.text for s in found.statistics]


def test_text_dump_metadata(tmp_path: Path) -> None:
    dump = tmp_path / "story.txt"
    dump.write_text(
        "Skip to content\nThe Borough Gazette\nNews\nSport\nNews › Council\n\n"
        "Council children's services rated inadequate after inspection finds long delays\n"
        "Inspectors say children were left at risk for too long in several parts of the county\n"
        "Jo Marsh | Thu 10 Dec 2020 10:25 GMT\nShare on X   Share on Facebook   Copy link\n\n"
        + "Ofsted has rated the council's children's services inadequate after an inspection in "
        "November found that children waited too long for help. " * 3
        + "\n\nThe council said it accepted the findings and would publish an improvement plan.\n",
        encoding="utf-8",
    )
    found = analyze(dump)
    assert found.source.kind == "article"
    assert found.title == "Council children's services rated inadequate after inspection finds long delays"
    assert (found.author, found.published, found.publisher) == ("Jo Marsh", "2020-12-10", "The Borough Gazette")
    assert "safeguarding" in {t.label for t in found.themes} or found.themes


def test_evaluate_press_cli_prints_the_goal_measures() -> None:
    result = CliRunner().invoke(app, ["evaluate", "press", "--split", "dev", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert {"quotes", "speaker", "statistics", "speaker_organisation_accuracy", "by_writer"} <= set(report)
    assert report["quotes"]["overlap"]["f1"] > 0.5


def test_evaluate_press_bad_gold_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "z1", "file": "missing.txt", "split": "test", "quotes": []}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "press", "--annotations", str(bad)])
    assert result.exit_code == 2
    assert "missing.txt" in result.output
    with pytest.raises(GoldError):
        load_gold(bad, CORPUS)


@pytest.mark.parametrize(
    ("sentence", "title", "publisher"),
    [
        # named by title
        ("The charity Become published its report, “Nowhere to Call Home”, on Monday.", "Nowhere to Call Home", "Become"),
        ("Its report, “Children’s social care market study”, warned councils.", "Children’s social care market study", None),
        # named by description (annotations/press/README.md, revised in issue 18)
        (
            "The Local Government and Social Care Ombudsman's annual review of children's complaints found delays.",
            "annual review of children's complaints",
            "Local Government and Social Care Ombudsman",
        ),
        ("Ofsted's report on Dudley Metropolitan Borough Council found serious weaknesses.", "report on Dudley Metropolitan Borough Council", "Ofsted"),
        (
            "A child safeguarding practice review, commissioned by the Wiltshire Safeguarding Children Partnership, found gaps.",
            "child safeguarding practice review",
            "Wiltshire Safeguarding Children Partnership",
        ),
        ("The NSPCC launched its Careless report in Parliament.", "Careless", "NSPCC"),
    ],
)
def test_named_reports_with_publisher(sentence: str, title: str, publisher: str | None) -> None:
    found = analyze("Councils warned over costs\n\n" + sentence + " The figures were published on Monday.")
    titles = {r.title: r.publisher for r in found.reports}
    assert title in titles, titles
    if publisher:
        assert titles[title] == publisher


@pytest.mark.parametrize(
    "sentence",
    ["Its report said little about costs.", "A new study of the council found nothing.", "The report was published on Monday."],
)
def test_a_report_nothing_names_is_not_listed(sentence: str) -> None:
    found = analyze("Councils warned over costs\n\n" + sentence + " Ministers said the figures were late.")
    assert found.reports == [], [r.title for r in found.reports]
