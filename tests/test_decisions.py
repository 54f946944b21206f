"""Decision analysis: sections, rules, models, the evaluation gate and the findings they fill."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import caretext
from caretext.classify.features import read_decision, strip_metadata
from caretext.classify.injustice import find_injustice
from caretext.classify.remedies import find_remedies
from caretext.reading import KEY_ROLES, sections, sentences

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = ROOT / "annotations" / "decisions"
CORPUS = ROOT / "corpora" / "decisions"
FLOORS = ROOT / "models" / "decision_floors.json"


def statement(agreed: str, summary: str = "Mrs X complained about the Council. The Council was at fault.") -> str:
    return (
        "Kent County Council (21 004 512)\n\nThe Ombudsman's final decision\n\n"
        f"Summary: {summary}\n\nThe complaint\n\n1. Mrs X complained about her allowance.\n\n"
        "The Ombudsman's role and powers\n\n2. We cannot investigate late complaints unless there are good reasons.\n\n"
        f"Agreed action\n\n{agreed}\n\nFinal decision\n\n4. I have completed my investigation. There was fault."
    )


def payments(agreed: str, **kw: bool) -> list[float | None]:
    view = read_decision(statement(agreed))
    return [h.amount_gbp for h in find_remedies(view.sentences, **kw) if h.type == "payment"]


# --- structure --------------------------------------------------------------------------------


def test_sections_find_roles_and_keep_boilerplate_out_of_key_text() -> None:
    text = statement("3. Within one month the Council will apologise to Mrs X.")
    roles = [s.role for s in sections(text)]
    assert roles == ["other", "summary", "complaint", "powers", "agreed", "final"]
    view = read_decision(text)
    assert "late complaints" not in view.key and "late complaints" not in view.body
    assert "apologise" in view.key
    for s in sentences(text):
        assert text[s.start : s.end] == s.text
    assert {s.role for s in sentences(text)} >= KEY_ROLES - {"assessment"}


def test_sentences_do_not_split_after_titles_and_legal_abbreviations() -> None:
    text = "Summary: Mr. Y asked under s. 17 of the Act for help. The Council refused. Mrs X. B was upset."
    got = [s.text for s in sentences(text)]
    assert got[0] == "Mr. Y asked under s. 17 of the Act for help."
    assert len(got) == 4  # "Mrs X." ends a sentence: pseudonyms are letters


def test_published_result_lines_are_blanked_without_moving_offsets() -> None:
    text = "Kent County Council (21 004 512)\nCategory : Education > School transport\nDecision : Upheld\nSummary: x"
    clean = strip_metadata(text)
    assert len(clean) == len(text)
    assert "Upheld" not in clean and "School transport" not in clean and clean.endswith("Summary: x")


# --- remedies and payments ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agreed", "expected"),
    [
        ("3. The Council will pay Mrs X £200 a month for six months.", [1200.0]),
        ("3. The Council will pay Mrs X £100 for each of the eight weeks she went without help.", [800.0]),
        ("3. The Council will pay Mrs X £45 a week for 26 weeks (£1,170) for the breaks missed.", [1170.0]),
        ("3. The Council will pay Mrs X £1,250 (five months at £250) for lost provision.", [1250.0]),
        ("3. Our guidance suggests between £150 and £250 a month. The Council will pay Mrs X £600.", [600.0]),
        ("3. The Council will refund the £80 court costs and £310 fees Mrs X paid, a total of £390.", [390.0]),
        ("3. The Council will pay £300 for each month of lost provision, £2,700 in total.", [2700.0]),
        ("3. The Council will increase its offer of £100 to £300 for her distress.", [300.0]),
        ("3. The Council will pay Mrs X £250 for distress and £150 for her time and trouble.", [250.0, 150.0]),
        ("3. The Council will pay Mrs X £300.\n\n4. It will send us evidence it has paid the £300.", [300.0]),
        ("3. The Council will pay Mrs X £250 and pay her son, B, £250.", [250.0, 250.0]),
    ],
)
def test_payment_amounts_add_up(agreed: str, expected: list[float]) -> None:
    assert payments(agreed) == expected


def test_remedy_types_recipient_purpose_and_deadline() -> None:
    agreed = (
        "3. Within one month of my final decision the Council will:\n\n"
        "• apologise to Mrs X;\n\n• pay Mrs X £300 to acknowledge the distress caused;\n\n"
        "• reassess the special guardianship allowance;\n\n"
        "• remind social workers of the guidance on support plans; and\n\n"
        "• consider Mrs X's further complaint at stage 2 of the statutory procedure."
    )
    view = read_decision(statement(agreed))
    hits = find_remedies(view.sentences)
    assert [h.type for h in hits] == [
        "apology", "payment", "reassessment", "training", "complaint_escalation"
    ]
    pay = hits[1]
    assert (pay.amount_gbp, pay.recipient, pay.purpose) == (300.0, "Mrs X", "distress")
    assert hits[0].deadline == "Within one month of my final decision"  # as written


def test_a_recommendation_declined_is_not_a_remedy() -> None:
    view = read_decision(statement("3. I do not recommend a payment, as the Council has apologised."))
    assert find_remedies(view.sentences) == []


def test_injustice_skips_sentences_that_deny_it() -> None:
    text = statement(
        "3. The Council will apologise.",
        summary="The delay caused Mrs X distress and uncertainty. It did not cause her any financial loss.",
    )
    labels = [h.label for h in find_injustice(read_decision(text).sentences)]
    assert labels == ["distress", "uncertainty"]


# --- models and rules together --------------------------------------------------------------------


@pytest.fixture(scope="module")
def classifier():  # type: ignore[no-untyped-def]
    from caretext.classify.decision import DecisionClassifier

    return DecisionClassifier.load()


def test_decisive_wording_is_a_named_rule(classifier) -> None:  # type: ignore[no-untyped-def]
    closed = classifier.classify(
        "Leeds City Council (23 001 234)\n\nSummary: We will not investigate Mr X's complaint about his "
        "son's care. This is because the family court is considering the same matters.\n\nFinal decision\n\n"
        "We will not investigate this complaint because it is a matter for the court."
    )
    assert (closed.outcome.label, closed.outcome.method, closed.outcome.rule) == (
        "closed_after_initial_enquiries", "rule", "not_investigated"
    )
    assert closed.remedies == [] and closed.injustice == []
    remedied = classifier.classify(
        "Leeds City Council (23 001 235)\n\nSummary: We will not investigate Ms Y's complaint about delay in "
        "her fostering assessment because the Council has already apologised and paid her £250, which is a "
        "suitable remedy.\n\nFinal decision\n\nWe will not investigate further."
    )
    assert (remedied.outcome.label, remedied.outcome.detail) == ("upheld", "remedy_already_provided")
    assert [r.amount_gbp for r in remedied.remedies if r.type == "payment"] == [250.0]


def test_category_rule_files_a_planning_complaint_under_planning(classifier) -> None:  # type: ignore[no-untyped-def]
    labels = classifier.classify(
        "Mid Devon District Council (22 003 100)\n\nSummary: Mr B complains the Council granted planning "
        "permission for a barn conversion next to his home without considering overlooking. There was no "
        "fault in how it decided the application.\n\nFinal decision\n\nI have completed my investigation."
    )
    assert (labels.category, labels.subcategory, labels.category_method) == (
        "Planning", "Planning applications", "rule"
    )


class NotAModel:
    """A type no caretext model may hold."""

    def __init__(self) -> None:
        self.weights = [1, 2, 3]


def test_untrusted_or_mismatched_models_are_refused(tmp_path: Path) -> None:
    from caretext.classify.models import check_versions, load_models, save_models
    from caretext.errors import ModelError

    with pytest.raises(ModelError, match="trusted"):
        save_models({"odd": NotAModel()}, {}, tmp_path / "bad")
    with pytest.raises(ModelError, match=r"scikit-learn 0\.1\.0 but"):
        check_versions({"scikit-learn": "0.1.0"}, "manifest.json")
    with pytest.raises(ModelError, match="caretext train"):
        load_models(tmp_path / "nothing-here")
    from caretext.classify.decision import DecisionClassifier

    with pytest.raises(ModelError, match="older caretext"):
        DecisionClassifier({"features": None}, {})


def test_shipped_models_load_offline_from_the_package() -> None:
    code = (
        "import socket\n"
        "def no_network(*a, **k): raise RuntimeError('network used')\n"
        "socket.socket.connect = no_network\n"
        "from caretext.classify.decision import DecisionClassifier\n"
        "c = DecisionClassifier.load()\n"
        "print(c.classify(open(r'%s').read()).outcome.label)\n" % (CORPUS / "a001.txt")
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() in {"upheld", "not_upheld", "closed_after_initial_enquiries"}


# --- gold data, training and the evaluation gate --------------------------------------------------


def test_gold_annotations_are_valid_and_split_as_documented() -> None:
    from caretext.evaluate.decision_gold import load_gold

    golds = load_gold(ANNOTATIONS, CORPUS)
    assert len(golds) >= 400
    by_split = {s: [g for g in golds if g.split == s] for s in ("train", "dev", "test")}
    assert all(by_split.values())
    held_out = [g for g in golds if g.meta["writer"] == "x"]
    assert held_out and all(g.split == "test" for g in held_out)
    for g in golds[:50]:
        for q in [*g.remedies, *g.evidence]:
            assert g.text[q.start : q.end] == q.text


def test_bad_gold_is_a_clear_error(tmp_path: Path) -> None:
    from caretext.evaluate.decision_gold import GoldError, load_gold

    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "a001", "split": "train", "outcome": "won", "category": "Education",
                               "subcategory": "Other", "themes": [], "injustice": []}) + "\n")
    with pytest.raises(GoldError, match=r"bad.jsonl:1 \(a001\): outcome 'won'"):
        load_gold(bad, CORPUS)


@pytest.mark.slow  # retrains the models: in the slow step (make test-slow)
def test_training_is_deterministic() -> None:
    from caretext.evaluate.decision_gold import load_gold
    from caretext.train.fit import fit

    golds = [g for g in load_gold(ANNOTATIONS, CORPUS) if g.split == "train"][:60]
    (m1, s1), (m2, s2) = fit(golds), fit(golds)
    assert s1 == s2
    from caretext.classify.features import matrix

    x = matrix([read_decision(g.text) for g in golds[:10]])
    for name in ("outcome", "detail", "category", "subcategory", "themes"):
        p1 = m1[name].predict_proba(m1["features"].transform(x))
        p2 = m2[name].predict_proba(m2["features"].transform(x))
        assert (p1 == p2).all(), name


@pytest.mark.slow  # retrains the models: in the slow step (make test-slow)
def test_caretext_train_reproduces_the_shipped_metrics(tmp_path: Path) -> None:
    """From the committed annotations, training gives exactly the metrics shipped in models/metrics.json."""
    from caretext.train.fit import train

    shipped = json.loads((ROOT / "models" / "metrics.json").read_text())
    again = train(ANNOTATIONS, CORPUS, model_dir=tmp_path / "models", metrics_path=tmp_path / "metrics.json")
    assert again["data"]["fingerprint"] == shipped["data"]["fingerprint"]
    assert again["settings"]["theme_thresholds"] == shipped["settings"]["theme_thresholds"]
    # identical on the machine that trained them; another CPU/BLAS may round one solver step
    # differently, which can move one statement (1/104 = 0.0096) — never more
    for split in ("dev", "test"):
        for key, value in shipped[split]["headline"].items():
            assert again[split]["headline"][key] == pytest.approx(value, abs=0.011), (split, key)


def test_decision_scores_on_held_out_test_split_stay_above_floors() -> None:
    from caretext.classify.decision import DecisionClassifier
    from caretext.evaluate.decision_gold import load_gold
    from caretext.train.fit import evaluate, fingerprint

    floors = json.loads(FLOORS.read_text())
    test = load_gold(ANNOTATIONS, CORPUS, ("test",))
    assert fingerprint(test) == floors["fingerprint"], "test gold changed: re-measure and re-pin the floors"
    metrics = evaluate(DecisionClassifier.load(), test, ANNOTATIONS / "batches.json")
    assert set(metrics["by_slice"]) | {"placement"} == set(floors["slices"]), "a slice of the test split has no floors"
    for name, pinned in floors["slices"].items():
        if name == "placement":
            continue
        row = metrics["by_slice"][name]
        assert row["n"] == pinned["n"], name
        for key, floor in pinned["floors"].items():
            assert row[key] >= floor, (name, key, row[key], floor)


def test_evidence_and_remedy_spans_land_on_the_annotators_text() -> None:
    """Offsets of findings (through caretext.analyze) against gold positions found from the quotes'
    words: a span shifted by one character fails this."""
    from caretext.evaluate.decision_gold import load_gold
    from caretext.evaluate.placement import placement

    floors = json.loads(FLOORS.read_text())["slices"]["placement"]
    measured = placement(load_gold(ANNOTATIONS, CORPUS, ("test",)))
    assert measured["evidence_n"] + measured["remedy_n"] == floors["n"]
    for key, floor in floors["floors"].items():
        assert measured[key] >= floor, (key, measured[key], floor)


def test_floors_are_never_above_the_shipped_metrics() -> None:
    floors = json.loads(FLOORS.read_text())
    shipped = json.loads((ROOT / "models" / "metrics.json").read_text())
    assert floors["fingerprint"] == shipped["data"]["test_fingerprint"]
    for name, pinned in floors["slices"].items():
        row = shipped["test"]["placement"] if name == "placement" else shipped["test"]["by_slice"][name]
        for key, floor in pinned["floors"].items():
            assert floor <= row[key], (name, key)


def test_a_floor_is_never_lowered_by_re_pinning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pin_decision_floors as pin

    floors = tmp_path / "floors.json"
    metrics = tmp_path / "metrics.json"
    shipped = json.loads((ROOT / "models" / "metrics.json").read_text())
    monkeypatch.setattr(pin, "METRICS", metrics)
    monkeypatch.setattr(pin, "FLOORS", floors)
    monkeypatch.setattr(pin, "ROOT", tmp_path)
    metrics.write_text(json.dumps(shipped))
    assert pin.main([]) == 0
    pinned = json.loads(floors.read_text())["slices"]["round1"]["floors"]["outcome_accuracy"]
    # the same statements relabelled, and scored lower than the floor: refused
    shipped["data"]["test_fingerprint"] = "relabelled"
    shipped["test"]["by_slice"]["round1"]["outcome_accuracy"] = pinned - 0.05
    metrics.write_text(json.dumps(shipped))
    assert pin.main([]) == 1
    assert json.loads(floors.read_text())["slices"]["round1"]["floors"]["outcome_accuracy"] == pinned
    # a small drop that stays above the floor keeps the old floor, not a lower one
    shipped["test"]["by_slice"]["round1"]["outcome_accuracy"] = pinned + 0.001
    metrics.write_text(json.dumps(shipped))
    assert pin.main([]) == 0
    assert json.loads(floors.read_text())["slices"]["round1"]["floors"]["outcome_accuracy"] == pinned


# --- whole documents ----------------------------------------------------------------------------


def _front_matter(path: Path) -> dict[str, str]:
    head = path.read_text(encoding="utf-8").split("---")[1]
    return dict(line.split(": ", 1) for line in head.strip().splitlines())


def test_sample_decisions_get_outcome_category_themes_remedies_with_evidence() -> None:
    """The 14 sample PDFs (written by other writers, never trained on) through the whole pipeline."""
    outcomes = {"Upheld": "upheld", "Not upheld": "not_upheld",
                "Closed after initial enquiries": "closed_after_initial_enquiries"}
    right_sub = 0
    for source in sorted((ROOT / "corpora/sources/decisions").glob("*.txt")):
        truth = _front_matter(source)
        doc = caretext.extract_text(ROOT / "corpora/sample/decisions" / f"{source.stem}.pdf")
        f = caretext.analyze(doc)
        assert f.outcome is not None and f.outcome.label == outcomes[truth["decision"]], source.stem
        assert f.category is not None and f.category.category == truth["category"], source.stem
        right_sub += f.category.subcategory == truth["subcategory"]
        assert f.themes and all(t.evidence for t in f.themes)
        spans = [e for t in f.themes for e in t.evidence] + list(f.remedies) + list(f.injustice_evidence)
        if f.outcome.evidence:
            spans.append(f.outcome.evidence)
        for s in spans:
            assert doc.text[s.start : s.end] == s.text and s.page == doc.page_at(s.start)
        if f.outcome.label == "upheld":
            assert f.remedies and f.injustice
        else:
            assert not f.injustice
    assert right_sub >= 12


def test_a_published_header_is_reported_as_such() -> None:
    path = ROOT / "corpora/sample/decision-pages/a07.html"
    f = caretext.analyze(path)
    assert f.outcome is not None and f.outcome.method == "source_metadata"
    assert f.category is not None and f.category.method == "source_metadata"


# --- commands -----------------------------------------------------------------------------------


def test_evaluate_decisions_scores_a_users_folder(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from caretext.cli import app

    docs = tmp_path / "docs"
    docs.mkdir()
    records = [json.loads(line) for line in (ANNOTATIONS / "x.jsonl").read_text().splitlines()[:3]]
    for rec in records:
        (docs / f"{rec['id']}.txt").write_text((CORPUS / f"{rec['id']}.txt").read_text())
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps({"id": r["id"], "outcome": r["outcome"]}) + "\n" for r in records))
    result = CliRunner().invoke(app, ["evaluate", "decisions", "--gold", str(gold), "--docs", str(docs), "--json"])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert metrics["n"] == 3 and "outcome" in metrics and "themes" not in metrics
    assert metrics["unreadable"] == []
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    gold.write_text(gold.read_text() + '{"id": "broken", "outcome": "upheld"}\n')
    result = CliRunner().invoke(app, ["evaluate", "decisions", "--gold", str(gold), "--docs", str(docs), "--json"])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert metrics["n"] == 3 and [u["id"] for u in metrics["unreadable"]] == ["broken"]
    gold.write_text('{"id": "nope", "outcome": "upheld"}\n')
    bad = CliRunner().invoke(app, ["evaluate", "decisions", "--gold", str(gold), "--docs", str(docs)])
    assert bad.exit_code == 2 and "nope" in bad.output
