"""The published JSON Schema (``caretext schema``): every field described, every labelled field
carrying its allowed labels, and real findings inside both."""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pytest

import caretext
from caretext.findings import Findings
from conftest import ROOT, SAMPLE

DATA = ROOT / "src" / "caretext" / "data"
TAXONOMY = json.loads((DATA / "taxonomy.json").read_text(encoding="utf-8"))


def _rows(name: str) -> list[dict[str, Any]]:
    """A packaged JSON Lines file read directly (not through caretext.data)."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.strip().startswith("//")]


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return Findings.json_schema()


def _prop(schema: dict[str, Any], model: str, field: str) -> dict[str, Any]:
    node = schema if model == "Findings" else schema["$defs"][model]
    prop: dict[str, Any] = node["properties"][field]
    return prop


def _enum(prop: dict[str, Any]) -> list[str]:
    """The enum of a field's schema: its own, its items', or its string branch's."""
    for node in (prop, prop.get("items", {}), *prop.get("anyOf", [])):
        if "enum" in node:
            return list(node["enum"])
    raise AssertionError(f"no enum in {prop}")


# -- (a) every property of every object has a description --------------------------------------


def _undescribed(node: Any, path: str) -> list[str]:
    missing = []
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            if not (isinstance(prop.get("description"), str) and prop["description"].strip()):
                missing.append(f"{path}.{name}")
        for key, child in node.items():
            missing += _undescribed(child, f"{path}.{key}" if key != "properties" else path)
    elif isinstance(node, list):
        for i, child in enumerate(node):
            missing += _undescribed(child, f"{path}[{i}]")
    return missing


def test_every_property_has_a_description(schema):
    missing = _undescribed(schema, "Findings")
    assert not missing, f"{len(missing)} properties without a description: {missing}"
    described = sum(len(d.get("properties", {})) for d in [schema, *schema["$defs"].values()])
    assert described >= 140  # the walk saw the models (not an empty schema)


def test_published_says_decision_date_and_article_date(schema):
    text = _prop(schema, "Findings", "published")["description"].lower()
    assert "decision date" in text and "publication date" in text and "article" in text


def test_the_schema_command_prints_the_described_schema():
    from typer.testing import CliRunner

    from caretext.cli import app

    printed = json.loads(CliRunner().invoke(app, ["schema"]).stdout)
    jsonschema.Draft202012Validator.check_schema(printed)
    assert not _undescribed(printed, "Findings")
    assert _enum(printed["$defs"]["Remedy"]["properties"]["type"]) == TAXONOMY["remedies"]


# -- (b) the enums are the package's vocabularies ------------------------------------------------


def test_remedy_types_are_the_taxonomy_and_the_rules(schema):
    enum = _enum(_prop(schema, "Remedy", "type"))
    assert enum == TAXONOMY["remedies"]
    assert set(enum) == {
        "apology", "payment", "reassessment", "procedure_review", "training",
        "complaint_escalation", "provide_service", "other",
    }  # fmt: skip
    assert {r["type"] for r in _rows("remedy_rules.jsonl")} <= set(enum)


def test_theme_labels_are_the_taxonomy_and_cover_the_rules(schema):
    enum = _enum(_prop(schema, "Theme", "label"))
    assert enum == TAXONOMY["themes"]
    assert len(enum) == 17 and {"delay", "leaving_care", "funding_pressure", "workforce"} <= set(enum)
    ruled = {r["label"] for f in ("theme_rules.jsonl", "press_theme_rules.jsonl") for r in _rows(f)}
    assert ruled <= set(enum)


def test_statistic_units(schema):
    rates = [f"{base}_per_{per}" for base in ("gbp", "count") for per in ("day", "week", "month", "year")]
    assert set(_enum(_prop(schema, "Statistic", "unit"))) == {
        "percent", "count", "gbp", "ratio", "times", *rates
    }


def test_statistic_units_cover_what_the_recogniser_writes(schema):
    """Every unit literal in nlp/statistics.py is in the enum (a new unit there must be added)."""
    source = (ROOT / "src" / "caretext" / "nlp" / "statistics.py").read_text(encoding="utf-8")
    written = set(re.findall(r'"unit": "(\w+)"', source)) | {
        f"{base}_per_{per}"
        for base in re.findall(r'f"(\w+)_per_\{', source)
        for per in ("day", "week", "month", "year")
    }
    assert len(written) >= 6 and written <= set(_enum(_prop(schema, "Statistic", "unit")))


def test_outcome_labels_and_details(schema):
    assert _enum(_prop(schema, "Outcome", "label")) == TAXONOMY["outcomes"]
    assert set(TAXONOMY["outcomes"]) == {"upheld", "not_upheld", "closed_after_initial_enquiries"}
    details = {d for group in TAXONOMY["details"].values() for d in group}
    assert set(_enum(_prop(schema, "Outcome", "detail"))) == details
    assert "null" in {b.get("type") for b in _prop(schema, "Outcome", "detail")["anyOf"]}


def test_injustice_ids(schema):
    ids = {"distress", "uncertainty", "time_and_trouble", "frustration", "lost_opportunity",
           "financial_loss", "lost_provision", "risk_of_harm"}  # fmt: skip
    assert set(TAXONOMY["injustice"]) == ids
    assert set(_enum(_prop(schema, "Findings", "injustice"))) == ids
    assert set(_enum(_prop(schema, "InjusticeEvidence", "label"))) == ids


def test_categories_and_subcategories_are_the_taxonomy_yet_open(schema):
    category = _prop(schema, "Category", "category")
    assert set(_enum(category)) == set(TAXONOMY["categories"])
    subs = {s for group in TAXONOMY["categories"].values() for s in group}
    assert set(_enum(_prop(schema, "Category", "subcategory"))) == subs
    # a category a source publishes as it spells it (curly apostrophe) stays valid
    validator = jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": "#/$defs/Category"})
    validator.validate(
        {"category": "Children’s care services", "subcategory": "Child protection", "score": 1.0,
         "method": "source_metadata", "rule": None}
    )  # fmt: skip


def test_other_vocabularies(schema):
    assert set(_enum(_prop(schema, "Legislation", "kind"))) == {
        r["kind"] for r in _rows("legislation.jsonl")
    } == {"act", "regulations", "guidance"}
    org_types = {r["type"] for r in _rows("organisations.jsonl") if r.get("type")}
    assert set(_enum(_prop(schema, "Organisation", "type"))) == org_types | {"body complained about"}
    assert _enum(_prop(schema, "Reference", "scheme")) == ["lgsco"]
    assert set(_enum(_prop(schema, "Remedy", "status"))) == {"agreed", "provided", "offered"}
    assert set(_enum(_prop(schema, "Council", "role"))) == {"subject", "mentioned"}
    assert set(_enum(_prop(schema, "Source", "kind"))) == {"decision", "report", "article", "other"}


def test_money_rates_are_what_parse_money_returns(schema):
    from caretext.patterns import MONEY, parse_money

    written = re.search(r"\(\?P<per>([^)]*)\)", MONEY.pattern)
    assert written is not None
    returned = set()
    for word in written.group(1).split("|"):
        m = MONEY.search(f"£5 a {word}")
        assert m is not None
        returned.add(parse_money(m)[1])
    assert set(_enum(_prop(schema, "Money", "per"))) == returned


def test_remedy_purposes_are_what_the_remedy_finder_writes(schema):
    from caretext.classify.remedies import _PURPOSES

    assert set(_enum(_prop(schema, "Remedy", "purpose"))) == {name for name, _pattern in _PURPOSES}


def test_enums_do_not_make_validation_stricter():
    """Pydantic validation is unchanged: a label outside the vocabulary still loads."""
    from caretext.findings import Remedy, Theme

    assert Theme(label="not_a_theme", score=0.5).label == "not_a_theme"
    assert Remedy(type="new_type", text="x", start=0, end=1).type == "new_type"


# -- (c) real findings validate, and their labels are in the enums -------------------------------


def _labels_outside(node: dict[str, Any], value: Any, path: str, defs: dict[str, Any],
                    checked: list[str]) -> list[str]:  # fmt: skip
    """Label values of ``value`` outside the enum its schema node declares; ``checked`` collects the
    paths of every labelled value seen."""
    if "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[1]]
    if value is None:
        return []
    enums = [b["enum"] for b in (node, *node.get("anyOf", [])) if "enum" in b]
    if enums and isinstance(value, str):
        checked.append(path)
        return [] if any(value in e for e in enums) else [f"{path} = {value!r}"]
    for branch in node.get("anyOf", []):
        if "$ref" in branch or branch.get("type") in ("array", "object"):
            return _labels_outside(branch, value, path, defs, checked)
    out = []
    if isinstance(value, dict):
        for key, child in value.items():
            out += _labels_outside(node["properties"][key], child, f"{path}.{key}", defs, checked)
    elif isinstance(value, list):
        for i, child in enumerate(value):
            out += _labels_outside(node["items"], child, f"{path}[{i}]", defs, checked)
    return out


@pytest.fixture(scope="module")
def decision() -> dict[str, Any]:
    return caretext.analyze(SAMPLE / "decisions" / "a01.pdf").to_dict()


def test_a_decision_validates_and_its_labels_are_in_the_enums(schema, decision):
    jsonschema.Draft202012Validator(schema).validate(decision)
    checked: list[str] = []
    outside = _labels_outside(schema, decision, "findings", schema["$defs"], checked)
    assert not outside, f"labels outside the schema's enums: {outside}"
    seen = {re.sub(r"\[\d+\]", "[]", p) for p in checked}
    # the sample is rich enough for the check to mean something
    assert {
        "findings.source.kind", "findings.outcome.label", "findings.outcome.detail",
        "findings.category.category", "findings.category.subcategory", "findings.themes[].label",
        "findings.remedies[].type", "findings.remedies[].purpose", "findings.injustice[]",
        "findings.injustice_evidence[].label", "findings.legislation[].kind",
    } <= seen  # fmt: skip
    assert decision["category"]["method"] != "source_metadata"


def test_an_article_validates_and_its_labels_are_in_the_enums(schema):
    article = caretext.analyze(SAMPLE / "articles" / "p05.txt").to_dict()
    jsonschema.Draft202012Validator(schema).validate(article)
    checked: list[str] = []
    assert not _labels_outside(schema, article, "findings", schema["$defs"], checked)
    seen = {re.sub(r"\[\d+\]", "[]", p) for p in checked}
    assert {"findings.statistics[].unit", "findings.money[].per", "findings.themes[].label"} <= seen


def test_a_label_outside_the_enum_fails_validation(schema, decision):
    bad = json.loads(json.dumps(decision))
    bad["remedies"][0]["type"] = "refund"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(bad)
