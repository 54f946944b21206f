"""The CLI through typer's test runner, on the whole sample corpus."""

from __future__ import annotations

import json

import jsonschema
import pytest
from typer.testing import CliRunner

from caretext.cli import app
from caretext.findings import Findings
from caretext.io import read_jsonl
from conftest import SAMPLE

runner = CliRunner()
N_BROKEN = len(list((SAMPLE / "broken").iterdir()))
N_READABLE = sum(1 for p in SAMPLE.rglob("*") if p.is_file()) - N_BROKEN


@pytest.fixture(scope="module")
def tagged(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(app, ["tag", str(SAMPLE), "-o", str(out)])
    return result, out


def test_tag_exit_code_and_outputs(tagged):
    result, out = tagged
    assert result.exit_code == 1, result.output  # the broken files fail, the rest is tagged
    findings = list(read_jsonl(out / "findings.jsonl"))
    errors = list(read_jsonl(out / "errors.jsonl"))
    assert len(findings) == N_READABLE
    assert len(errors) == N_BROKEN
    assert {e["path"].split("/")[-1] for e in errors} == {
        p.name for p in (SAMPLE / "broken").iterdir()
    }
    for e in errors:
        assert e["message"] and e["error"] != "internal_error"
    assert "summary" in result.output


def test_findings_validate_against_schema(tagged):
    _result, out = tagged
    schema = Findings.json_schema()
    validator = jsonschema.Draft202012Validator(schema)
    kinds = set()
    for record in read_jsonl(out / "findings.jsonl"):
        validator.validate(record)
        assert set(record) >= set(Findings.model_fields)  # every field present
        kinds.add(record["source"]["kind"])
        Findings.from_dict(record)
    assert {"decision", "article"} <= kinds


def test_decision_page_findings_carry_published_outcome(tagged):
    _result, out = tagged
    pages = [
        r for r in read_jsonl(out / "findings.jsonl") if "decision-pages" in r["source"]["path"]
    ]
    assert pages
    for r in pages:
        assert r["outcome"]["method"] == "source_metadata"
        assert r["category"]["category"]
        ref = r["references"][0]
        assert ref["scheme"] == "lgsco"


def test_reference_offsets_slice_the_text():
    from caretext import analyze, extract_text

    path = SAMPLE / "decisions" / "a01.pdf"
    doc = extract_text(path)
    findings = analyze(doc)
    assert findings.references
    for ref in findings.references:
        assert doc.text[ref.start : ref.end].replace(" ", "") == ref.id.replace(" ", "")
        assert ref.page == doc.page_at(ref.start)


def test_workers_give_the_same_records(tmp_path, tagged):
    _result, out = tagged
    result = runner.invoke(app, ["tag", str(SAMPLE), "-o", str(tmp_path), "--workers", "2", "-q"])
    assert result.exit_code == 1
    one = {r["doc_id"]: r for r in read_jsonl(out / "findings.jsonl")}
    two = {r["doc_id"]: r for r in read_jsonl(tmp_path / "findings.jsonl")}
    assert one == two


def test_csv_format(tmp_path):
    result = runner.invoke(
        app, ["tag", str(SAMPLE / "decisions"), "-o", str(tmp_path), "--format", "csv", "-q"]
    )
    assert result.exit_code == 0
    import csv

    rows = list(csv.DictReader((tmp_path / "findings.csv").open(encoding="utf-8")))
    assert len(rows) == len(list((SAMPLE / "decisions").glob("*.pdf")))
    assert all(json.loads(r["findings_json"])["doc_id"] == r["doc_id"] for r in rows)


def test_extract_text_and_json():
    path = SAMPLE / "decisions" / "a02.pdf"
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0
    assert "Aylesbury Vale District Council" in result.stdout
    result = runner.invoke(app, ["extract", str(path), "--json"])
    data = json.loads(result.stdout)
    assert data["pages"] and data["removed"] and data["kind"] == "decision"


def test_extract_bad_file_exit_1():
    result = runner.invoke(app, ["extract", str(SAMPLE / "broken" / "encrypted.pdf")])
    assert result.exit_code == 1
    assert "encrypted.pdf" in result.output


def test_usage_errors_exit_2(tmp_path):
    assert runner.invoke(app, ["tag", str(tmp_path / "missing")]).exit_code == 2
    empty = tmp_path / "empty_dir"
    empty.mkdir()
    assert runner.invoke(app, ["tag", str(empty), "-o", str(tmp_path / "o")]).exit_code == 2


def test_schema_command():
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert "councils" in schema["properties"] and schema["properties"]["schema_version"]


def test_csv_article_row_has_press_columns(tmp_path):
    result = runner.invoke(
        app, ["tag", str(SAMPLE / "articles" / "p01.html"), "-o", str(tmp_path), "--format", "csv", "-q"]
    )
    assert result.exit_code == 0
    import csv

    (row,) = list(csv.DictReader((tmp_path / "findings.csv").open(encoding="utf-8")))
    assert row["author"] == "Priya Natarajan" and row["publisher"] == "Council Chronicle"
    assert "Margaret Ellison" in row["speakers"].split("; ")
    assert int(row["n_quotes"]) == len(json.loads(row["findings_json"])["quotes"]) > 0
