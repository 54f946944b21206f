"""The annotators' loop: pre-annotated tasks out to Label Studio, doccano and spaCy, corrections back into
the project's gold formats, and clear errors for malformed exports.

The documents are written here; what the annotator changes and what the gold must then hold are written
out by hand from the document's words (offsets found with str.index on the test's own text)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caretext.annotate.formats import AnnotationError, read_tasks, write_tasks
from caretext.annotate.importer import import_tasks, relocate
from caretext.annotate.tasks import Task, TaskSpan, build_tasks
from caretext.cli import app
from caretext.evaluate.decision_gold import parse_record
from caretext.evaluate.entity_markup import read_gold_dir

runner = CliRunner()

DECISION = (
    "Kent County Council (23 004 101)\n\n"
    "The Ombudsman's final decision\n\n"
    "Summary: Mrs X complained that the Council delayed her son's education, health and care plan. "
    "Ruth Okafor, the Council's SEN manager, wrote to her on 14 June 2022. We found fault causing injustice.\n\n"
    "Agreed action\n\n"
    "Within one month the Council will apologise to Mrs X and pay her £300 for the distress caused.\n"
)


def _gold_spans(folder: Path) -> dict[str, set[tuple[str, str, tuple[tuple[str, str], ...]]]]:
    return {
        doc.path.stem: {(s.type, s.text, tuple(sorted(s.attrs.items()))) for s in doc.spans}
        for doc in read_gold_dir(folder)
    }


@pytest.fixture(scope="module")
def decision_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docs") / "kent-sen.txt"
    path.write_text(DECISION, encoding="utf-8")
    return path


def test_label_studio_round_trip_keeps_the_annotators_corrections(decision_file: Path, tmp_path: Path) -> None:
    tasks_file = tmp_path / "tasks.json"
    result = runner.invoke(app, ["annotate", "export", str(decision_file), "--to", "labelstudio", "-o",
                                 str(tasks_file)])
    assert result.exit_code == 0 and result.exception is None, result.output
    exported = json.loads(tasks_file.read_text())
    assert len(exported) == 1 and exported[0]["data"]["text"].startswith("Kent County Council")
    prediction = exported[0]["predictions"][0]
    assert prediction["model_version"].startswith("caretext")
    labels = [r for r in prediction["result"] if r["type"] == "labels"]
    assert ("COUNCIL", "Kent County Council") in {(r["value"]["labels"][0], r["value"]["text"]) for r in labels}

    # the annotator: keeps every prediction except the date, adds the person if it was missed, and writes
    # the person's role
    text = exported[0]["data"]["text"]
    results = [r for r in prediction["result"]
               if not (r["type"] in ("labels", "textarea") and r["value"].get("text") in ("14 June 2022", ["iso=2022-06-14"]))]
    results = [r for r in results if r["value"].get("text") != "Ruth Okafor" and r.get("id") not in
               {x["id"] for x in results if x["value"].get("text") == "Ruth Okafor"}]
    start = text.index("Ruth Okafor")
    region = {"start": start, "end": start + len("Ruth Okafor"), "text": "Ruth Okafor"}
    results += [{"id": "added-1", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {**region, "labels": ["PERSON"]}},
                {"id": "added-1", "from_name": "attrs", "to_name": "text", "type": "textarea",
                 "value": {**region, "text": ["role=SEN manager;org=Kent County Council"]}}]
    exported[0]["annotations"] = [{"result": results, "completed_by": 1}]
    export_file = tmp_path / "export.json"
    export_file.write_text(json.dumps(exported))

    gold = tmp_path / "gold"
    result = runner.invoke(app, ["annotate", "import", str(export_file), "--from", "labelstudio", "-o", str(gold)])
    assert result.exit_code == 0 and result.exception is None, result.output
    spans = _gold_spans(gold)["kent-sen"]
    assert ("COUNCIL", "Kent County Council", (("gss", "E10000016"),)) in spans
    assert ("REFERENCE", "23 004 101", ()) in spans
    assert ("PERSON", "Ruth Okafor", (("org", "Kent County Council"), ("role", "SEN manager"))) in spans
    assert ("MONEY", "£300", (("value", "300"),)) in spans
    assert not any(s[1] == "14 June 2022" for s in spans)  # the annotator removed it
    doc = read_gold_dir(gold)[0]
    assert doc.text == text and doc.meta["kind"] == "decision"


def test_doccano_and_spacy_round_trips_give_the_same_gold_as_label_studio(decision_file: Path, tmp_path: Path) -> None:
    tasks = build_tasks([decision_file], "entities")
    golds = {}
    for fmt, name in (("labelstudio", "t.json"), ("doccano", "t.jsonl"), ("spacy", "t.spacy")):
        path = tmp_path / name
        write_tasks(tasks, fmt, path)
        if fmt == "labelstudio":  # accepted as predicted
            data = json.loads(path.read_text())
            for item in data:
                item["annotations"] = [{"result": item["predictions"][0]["result"]}]
            path.write_text(json.dumps(data))
        import_tasks(read_tasks(path, fmt, "entities"), tmp_path / fmt)
        golds[fmt] = _gold_spans(tmp_path / fmt)
    assert golds["doccano"] == golds["labelstudio"] == golds["spacy"]
    assert ("COUNCIL", "Kent County Council", (("gss", "E10000016"),)) in golds["spacy"]["kent-sen"]


def test_decision_choices_and_remedies_become_a_checked_gold_record(decision_file: Path, tmp_path: Path) -> None:
    tasks = build_tasks([decision_file], "decisions")
    task = tasks[0]
    assert task.choices["outcome"] == ["upheld"]
    payment = next(s for s in task.spans if s.label == "REMEDY" and s.attrs["type"] == "payment")
    assert payment.attrs["amount_gbp"] == "300"
    # the annotator: the payment was £350, the category is education, no themes or evidence
    payment.attrs["amount_gbp"] = "350"
    task.choices.update(category=["Education"], subcategory=["Special educational needs"], themes=[])
    task.spans = [s for s in task.spans if s.label == "REMEDY"]
    written = import_tasks([task], tmp_path / "gold")
    record = json.loads((tmp_path / "gold" / "annotations" / "imported.jsonl").read_text())
    assert record["outcome"] == "upheld" and record["category"] == "Education"
    assert [r["amount_gbp"] for r in record["remedies"] if r["type"] == "payment"] == [350.0]
    gold = parse_record(record, tmp_path / "gold" / "corpus", "imported:1")  # the annotators' checker reads it
    assert gold.id == "kent-sen" and len(written) == 2


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda t: t.spans.append(TaskSpan(5, 99999, "ORG")), "outside the text"),
        (lambda t: t.spans.append(TaskSpan(0, 4, "VILLAGE")), "unknown label 'VILLAGE'"),
        (lambda t: t.spans.append(TaskSpan(0, 10, "ORG")), "overlapping spans"),
        (lambda t: t.spans.__setitem__(0, TaskSpan(t.spans[0].start, t.spans[0].end, "COUNCIL")), "needs gss="),
    ],
)
def test_malformed_tasks_name_the_task_and_write_nothing(decision_file: Path, tmp_path: Path, mutate, message) -> None:  # type: ignore[no-untyped-def]
    good = build_tasks([decision_file], "entities")[0]
    bad = Task("broken-one", "entities", good.text, dict(good.meta), spans=[TaskSpan(s.start, s.end, s.label, dict(s.attrs)) for s in good.spans])
    mutate(bad)
    with pytest.raises(AnnotationError, match=message) as info:
        import_tasks([good, bad], tmp_path / "out")
    assert info.value.task == "broken-one"
    assert not (tmp_path / "out").exists()  # the good task was not imported half-way either


def test_malformed_exports_are_refused_with_the_task_named(tmp_path: Path) -> None:
    cases = {
        "not-json.json": "{not json",
        "no-text.json": json.dumps([{"data": {"caretext_id": "t1"}, "annotations": [{"result": []}]}]),
        "two-annotators.json": json.dumps([{"data": {"caretext_id": "t2", "text": "Kent County Council."},
                                            "annotations": [{"result": []}, {"result": []}]}]),
    }
    expected = {"not-json.json": "is not JSON", "no-text.json": "task t1: has no text",
                "two-annotators.json": "task t2: has 2 annotations"}
    for name, content in cases.items():
        path = tmp_path / name
        path.write_text(content)
        result = runner.invoke(app, ["annotate", "import", str(path), "-o", str(tmp_path / "gold")])
        assert result.exit_code == 2 and (result.exception is None or isinstance(result.exception, SystemExit))
        assert expected[name] in " ".join(result.output.split()), (name, result.output)
    assert not (tmp_path / "gold").exists()


def test_offsets_move_onto_caretexts_text_when_the_tool_changed_the_spacing() -> None:
    tool_text = "Complaint  against Kent County Council,\r\nabout Ms  Y."
    clean = "Complaint against Kent County Council, about Ms Y."
    start = tool_text.index("Kent")
    task = Task("t", "entities", tool_text, spans=[TaskSpan(start, start + len("Kent County Council"), "COUNCIL",
                                                            {"gss": "E10000016"})])
    moved = relocate(task, clean)
    span = moved.spans[0]
    assert clean[span.start : span.end] == "Kent County Council"


# --- choosing what to label, and agreement -----------------------------------------------------------


def test_uncertainty_picks_the_least_confident_and_skips_near_duplicates() -> None:
    from caretext.annotate.select import Candidate, select

    same = "Mrs X complained that the Council delayed the assessment of her son's needs for eleven months."
    pool = [
        Candidate("a.txt", "a", same, 0.41),
        Candidate("b.txt", "b", same + " She also complained about the letters.", 0.42),
        Candidate("c.txt", "c", "The Ombudsman will not investigate a complaint about school admissions appeals.", 0.55),
        Candidate("d.txt", "d", "Fostering allowances were paid late and the council apologised to the carers.", 0.95),
        Candidate("e.txt", "e", same, 0.43),
    ]
    assert [c.doc_id for c in select(pool, 3, "uncertainty")] == ["a", "c", "d"]  # b and e repeat a
    spread = [c.doc_id for c in select(pool, 2, "diverse")]
    assert spread[0] == "a" and spread[1] not in ("b", "e")  # the farthest from a is not one of its near copies
    first = [c.doc_id for c in select(pool, 3, "random", seed=7)]
    assert first == [c.doc_id for c in select(pool, 3, "random", seed=7)] and len(set(first)) == 3


def test_agreement_kappa_and_alpha_on_decision_labels(tmp_path: Path) -> None:
    def batch(name: str, outcomes: list[str]) -> Path:
        path = tmp_path / f"{name}.jsonl"
        path.write_text("".join(json.dumps({"id": f"d{i}", "outcome": o, "themes": ["delay"] if i < 2 else []}) + "\n"
                                for i, o in enumerate(outcomes)))
        return path

    a = batch("ann_a", ["upheld", "upheld", "not_upheld", "not_upheld"])
    b = batch("ann_b", ["upheld", "not_upheld", "not_upheld", "not_upheld"])
    result = runner.invoke(app, ["annotate", "agreement", str(a), str(b), "--json"])
    assert result.exit_code == 0 and result.exception is None, result.output
    figures = json.loads(result.output)
    # by hand: observed agreement 3/4, chance 0.5 -> kappa 0.5; coincidences u-u 2, u-n 2, n-n 4 -> alpha 8/15
    assert figures["labels"]["outcome"]["kappa"] == 0.5
    assert figures["labels"]["outcome"]["alpha"] == round(1 - 0.25 / (30 / 56), 4)
    assert figures["labels"]["themes:delay"]["kappa"] == 1.0
    assert figures["disagreements"] == ["d1: outcome: ann_a=upheld, ann_b=not_upheld"]


def test_agreement_span_f1_exact_and_overlap(tmp_path: Path) -> None:
    for name, person in (("first", "[[Ruth Okafor|PERSON]]"), ("second", "Ruth [[Okafor|PERSON]]")):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "doc1.txt").write_text(
            f"---\nkind: article\n---\n[[Kent County Council|COUNCIL|gss=E10000016]] said {person} would reply.\n")
    from caretext.annotate.agreement import agreement

    result = agreement([tmp_path / "first", tmp_path / "second"])
    assert result.spans["COUNCIL"]["exact_f1"] == 1.0
    assert (result.spans["PERSON"]["exact_f1"], result.spans["PERSON"]["overlap_f1"]) == (0.0, 1.0)
    assert sorted(result.disagreements) == ["doc1: PERSON 'Okafor' [30, 36) only second",
                                            "doc1: PERSON 'Ruth Okafor' [25, 36) only first"]


# --- your own model set ----------------------------------------------------------------------------------


def test_an_own_model_set_is_used_and_named_in_every_record(decision_file: Path, tmp_path: Path) -> None:
    import shutil

    import caretext
    from caretext.classify.models import default_model_dir

    own = tmp_path / "my-models"
    shutil.copytree(default_model_dir(), own)  # the same files: the same hash, but not the shipped set
    shipped = caretext.analyze(decision_file)
    mine = caretext.analyze(decision_file, models=own)
    assert shipped.model_set is not None and mine.model_set is not None
    assert shipped.model_set.shipped and shipped.model_set.id.startswith("shipped-")
    assert not mine.model_set.shipped and mine.model_set.id == "own-" + shipped.model_set.id.split("-", 1)[1]
    assert mine.outcome == shipped.outcome
    out = tmp_path / "out"
    result = runner.invoke(app, ["tag", str(decision_file), "-o", str(out), "--models", str(own), "-q"])
    assert result.exit_code == 0 and result.exception is None, result.output
    record = json.loads((out / "findings.jsonl").read_text().splitlines()[0])
    assert record["model_set"]["id"] == mine.model_set.id
    (own / "outcome.skops").write_bytes(b"damaged")  # a damaged own set is refused up front, clearly
    result = runner.invoke(app, ["tag", str(decision_file), "-o", str(tmp_path / "out2"), "--models", str(own)])
    assert result.exit_code == 2 and "checksum" in " ".join(result.output.split())


@pytest.mark.slow  # trains a model set (about a minute)
def test_the_walkthrough_runs_the_loop_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    import annotation_walkthrough

    assert annotation_walkthrough.main(["--n", "5", "--keep", str(tmp_path)]) == 0
    records = (tmp_path / "imported" / "annotations" / "imported.jsonl").read_text().splitlines()
    assert len(records) == 5
    manifest = json.loads((tmp_path / "own-models" / "manifest.json").read_text())
    assert "files" in manifest and (tmp_path / "own-models" / "README.md").exists()
    assert "held-out writer y (n=36)" in capsys.readouterr().out


def test_press_tasks_come_back_as_a_checked_press_record(tmp_path: Path) -> None:
    from caretext.evaluate.press_gold import parse_record as parse_press

    article = tmp_path / "leavers.txt"
    article.write_text(
        "Council apologises over care leaver support\n\n"
        "Bristol City Council has apologised after the Ombudsman found it failed to support a care leaver.\n\n"
        '"We accept the findings in full and are sorry," said Asha Patel, the council\'s director of '
        "children's services.\n\nThe council said 40% of its care leavers were now in education.\n",
        encoding="utf-8")
    task = build_tasks([article], "press")[0]
    quote = next(s for s in task.spans if s.label == "QUOTE")
    assert task.span_text(quote) == "We accept the findings in full and are sorry"
    assert quote.attrs["speaker"] == "Asha Patel"
    stat = next(s for s in task.spans if s.label == "STATISTIC")
    stat.attrs["subject"] = "care leavers in education"  # the annotator adds what the figure counts
    import_tasks([task], tmp_path / "gold")
    record = json.loads((tmp_path / "gold" / "annotations" / "imported.jsonl").read_text())
    assert [(q["speaker"], q["text"]) for q in record["quotes"]] == [
        ("Asha Patel", "We accept the findings in full and are sorry")]
    assert record["statistics"] == [{"text": "40%", "value": 40.0, "unit": "percent",
                                     "subject": "care leavers in education"}]
    gold = parse_press(record, tmp_path / "gold" / "corpus", "imported:1")  # the press checker reads it
    assert len(gold.quotes) == 1 and len(gold.statistics) == 1
