"""Entity recognition and council linking: behaviour, serialisation and the accuracy gates."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest
from spacy.tokens import DocBin

import caretext
from caretext.nlp.gazetteer import Gazetteer, alias_key, default_gazetteer
from caretext.nlp.pipeline import build_pipeline, load_pipeline, make_doc
from conftest import ROOT

VARIANTS = ROOT / "tests" / "data" / "council_variants.tsv"
HELD_OUT = ROOT / "annotations" / "entities" / "test"


def councils(
    text: str, date: str | None = None, kind: str = "article"
) -> list[tuple[str, str | None]]:
    nlp = load_pipeline()
    doc = nlp(make_doc(nlp, text, kind=kind, date=date))
    return [(s.text, s._.council["gss"]) for s in doc.spans["councils"] if s._.council["code"]]


_KEEP: list = []  # span groups need their Doc alive


def spans(text: str, key: str, kind: str = "article") -> list:
    nlp = load_pipeline()
    doc = nlp(make_doc(nlp, text, kind=kind))
    _KEEP.append(doc)
    return list(doc.spans[key])


# --- gazetteer -------------------------------------------------------------------------


def test_gazetteer_covers_every_council_with_dates_and_successors() -> None:
    gaz = default_gazetteer()
    councils_ = list(gaz.councils())
    assert len(councils_) == 455  # 382 current + 48 abolished in GB + 25 pre-2015 NI
    by_code = gaz.by_code
    assert by_code["NTH"].end == "2021-03-31"  # normalised to the last day
    assert set(by_code["NTH"].replaced_by) == {"NNT", "WNT"}
    assert by_code["CMA"].end == "2023-03-31" and by_code["SOM"].end == "2023-03-31"
    assert by_code["BMH"].start is None  # register artefact 2005-06-19 dropped
    assert "Cyngor Sir Ynys Môn" in by_code["AGY"].names
    assert not any("ï¿½" in n or "\uffa0" in n for r in councils_ for n in r.names + r.places)


def test_packaged_file_credits_its_source() -> None:
    head = (ROOT / "src/caretext/data/councils.jsonl").read_text(encoding="utf-8")[:800]
    assert "mySociety" in head and "CC BY 4.0" in head


def test_alias_key_ignores_spelling_noise() -> None:
    assert alias_key("Brighton & Hove City Council") == alias_key("brighton and hove city council")
    assert alias_key("Kingston-upon-Hull") == alias_key("Kingston upon Hull")
    assert alias_key("the St. Helens Council") == alias_key("St Helens Council")


def test_custom_gazetteer_from_jsonl(tmp_path) -> None:
    path = tmp_path / "mine.jsonl"
    path.write_text(
        json.dumps(
            {
                "code": "ZZZ",
                "name": "Testshire County Council",
                "short": "Testshire",
                "gss": "E99999999",
                "type": "CTY",
                "nation": "England",
                "names": ["Testshire County Council"],
                "places": ["Testshire"],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    gaz = Gazetteer.from_jsonl(path)
    assert gaz.name_index["testshire county council"] == ("ZZZ",)


# --- council linking -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date", "expected"),
    [
        (
            "Complaint against Northamptonshire County Council about delays.",
            "2019-05-01",
            "E10000021",
        ),
        ("Somerset's children's services were judged inadequate.", "2021-01-01", "E10000027"),
        ("Somerset's children's services were judged inadequate.", "2024-01-01", "E06000066"),
        ("Nottinghamshire CC accepted the findings.", None, "E10000024"),
        ("Nottinghamshre County Council accepted the findings.", None, "E10000024"),
        ("RBKC has apologised.", None, "E09000020"),
        ("BCP Council agreed to pay £300.", "2022-02-01", "E06000058"),
        ("Cyngor Caerdydd said it would review the case.", None, "W06000015"),
        ("Birmingham city council said it was sorry.", None, "E08000025"),
        ("Brighton & Hove's children's services improved.", None, "E06000043"),
    ],
)
def test_council_forms_link_to_gss(text: str, date: str | None, expected: str) -> None:
    found = councils(text, date)
    assert found and found[0][1] == expected, found


@pytest.mark.parametrize(
    "text",
    [
        "The Labour MP for Barking raised the case.",
        "She attends a school in Kent.",
        "Researchers at Durham University found the same.",
        "The Council for Disabled Children welcomed the report.",
        "The Local Government Association responded.",
        "Ilkley Town Council discussed the playground.",
        "Rises in council tax will not cover the gap.",
        "Mrs X also complained about Council 2.",
        "Sussex County Council does not exist.",
    ],
)
def test_negatives_are_not_councils(text: str) -> None:
    assert councils(text) == []


def test_the_council_resolves_to_the_subject_in_decisions() -> None:
    text = (
        "Kent County Council (21 004 512)\n\nSummary: Mrs X complains the Council delayed her "
        "son's plan. The Council accepts it was at fault. Medway Council was not involved."
    )
    findings = caretext.analyze(text.encode(), name="decision.txt")
    subject = [c for c in findings.councils if c.role == "subject"]
    assert [c.gss for c in subject] == ["E10000016"]
    assert {m.method for m in subject[0].mentions} == {"alias", "anaphora"}
    assert [c.gss for c in findings.councils if c.role == "mentioned"] == ["E06000035"]


def test_pseudonyms_are_complainants_not_people() -> None:
    found = spans("Mrs Y and her son, Child B, met Dr Sarah Jones.", "people", kind="decision")
    info = {s.text: s._.person for s in found}
    assert info["Mrs Y"]["pseudonym"] and info["Mrs Y"]["role"] == "complainant"
    assert info["Child B"]["role"] == "child"
    assert info["Sarah Jones"]["pseudonym"] is False


def test_speaker_role_and_organisation() -> None:
    text = "Cathy Ashley, chief executive of Family Rights Group, said the findings were stark."
    (person,) = spans(text, "people")
    assert person._.person["role"] == "chief executive"
    assert person._.person["organisation"] == "Family Rights Group"


@pytest.mark.parametrize(
    ("text", "title", "section"),
    [
        ("under section 20 of the Children Act 1989", "Children Act 1989", "20"),
        (
            "sections 26(1) and 26A(1) of the Local Government Act 1974",
            "Local Government Act 1974",
            "26(1), 26A(1)",
        ),
        ("the Children Act 1989 applies. Under s17(10) a child", "Children Act 1989", "17(10)"),
        ("the Housing Act 1996, Part 7", "Housing Act 1996", "Part 7"),
    ],
)
def test_legislation_forms(text: str, title: str, section: str) -> None:
    found = [s._.legislation for s in spans(text, "legislation")]
    assert {"title": title, "section": section} in [
        {"title": f["title"], "section": f["section"]} for f in found
    ]


def test_the_1989_act_resolves_to_the_act_named_earlier() -> None:
    found = spans("The Children Act 1989 sets duties. The 1989 Act also says more.", "legislation")
    assert [s._.legislation["title"] for s in found] == ["Children Act 1989", "Children Act 1989"]


def test_money_and_dates() -> None:
    money = {
        s.text: (s._.money["value_gbp"], s._.money["per"])
        for s in spans("£15bn, £2.5 million, £1,250.50 and £300 a month", "money")
    }
    assert money == {
        "£15bn": (15e9, None),
        "£2.5 million": (2.5e6, None),
        "£1,250.50": (1250.5, None),
        "£300 a month": (300.0, "month"),
    }
    dates = {
        s.text: s._.date["iso"]
        for s in spans("on 3rd March 2019, Thu 10 Dec 2020 10:25 and 10/12/2020", "dates")
    }
    assert dates == {
        "3rd March 2019": "2019-03-03",
        "Thu 10 Dec 2020": "2020-12-10",
        "10/12/2020": "2020-12-10",
    }


# --- serialisation and packaging --------------------------------------------------------------


def test_doc_serialises_with_spans_and_extensions() -> None:
    nlp = load_pipeline()
    doc = nlp(make_doc(nlp, "Kent County Council paid £300 on 1 May 2020.", kind="decision"))
    bin_ = DocBin(store_user_data=True)
    bin_.add(doc)
    (back,) = DocBin(store_user_data=True).from_bytes(bin_.to_bytes()).get_docs(nlp.vocab)
    (council,) = back.spans["councils"]
    assert council.text == "Kent County Council" and council._.council["gss"] == "E10000016"
    assert back.spans["money"][0]._.money["value_gbp"] == 300.0


def test_saved_pipeline_loads_without_importing_caretext(tmp_path) -> None:
    build_pipeline().to_disk(tmp_path / "pipe")
    script = (
        "import sys, spacy\n"
        f"nlp = spacy.load({str(tmp_path / 'pipe')!r})\n"
        "doc = nlp('Complaint against Hull City Council under section 17 of the Children Act 1989.')\n"
        "print(doc.spans['councils'][0]._.council['gss'], doc.spans['legislation'][0]._.legislation['title'])\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["E06000010", "Children", "Act", "1989"]


# --- accuracy gates (held-out data; floors only ever raised) -------------------------------


def test_council_variants_accuracy_gate() -> None:
    from caretext.evaluate.council_variants import evaluate_variants

    scores = evaluate_variants(VARIANTS).to_dict()
    assert scores["rows"] >= 300 and scores["distinct_councils"] >= 150
    assert scores["accuracy"] >= 0.99
    assert scores["false_councils_on_negatives"] == 0


def test_entity_scores_on_held_out_documents() -> None:
    from caretext.evaluate.entity_scores import evaluate_entities

    floors = json.loads((ROOT / "models" / "entity_floors.json").read_text())
    digest = hashlib.sha256()
    for path in sorted(HELD_OUT.glob("*.txt")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    assert digest.hexdigest() == floors["fingerprint"], (
        "gold changed: re-measure and re-pin the floors"
    )
    scores = evaluate_entities(HELD_OUT).to_dict()
    for key, floor in floors["types"].items():
        assert scores["types"][key]["f1"] >= floor, (key, scores["types"][key])
    assert scores["micro_f1"] >= floors["micro_f1"]
    assert scores["council_linked_f1"] >= floors["council_linked_f1"]


# --- whole documents -----------------------------------------------------------------------------


def test_seeds_organisations_and_no_boilerplate_councils(seeds_dir) -> None:
    expected = json.loads((seeds_dir / "expected.json").read_text())
    found_orgs: set[str] = set()
    for name, want in expected.items():
        findings = caretext.analyze(seeds_dir / name)
        assert [c.name for c in findings.councils] == want["councils"]
        found_orgs |= {o.name for o in findings.organisations}
    assert {
        "Local Government Association",
        "Family Rights Group",
        "National Children's Bureau",
        "Association of Directors of Children's Services",
    } <= found_orgs


def test_sample_decision_entities_have_exact_evidence() -> None:
    path = ROOT / "corpora/sample/decisions/a01.pdf"
    doc = caretext.extract_text(path)
    findings = caretext.analyze(doc)
    assert findings.councils[0].role == "subject"
    items = [m for c in findings.councils for m in c.mentions]
    items += [m for o in findings.organisations for m in o.mentions]
    items += [m for p in findings.people for m in p.mentions]
    items += list(findings.legislation) + list(findings.money) + list(findings.dates)
    assert items
    for item in items:
        assert doc.text[item.start : item.end] == item.text
        assert item.page == doc.page_at(item.start) and item.page is not None
    for ref in findings.references:
        assert doc.text[ref.start : ref.end].replace(" ", "") == ref.id.replace(" ", "")


#: the ONS GSS code of the council each sample decision complains about, written out by hand from the
#: ONS register (not looked up through caretext's linker, which is what the test checks)
SAMPLE_SUBJECTS = {
    "a01": "E10000021", "a02": "E07000004", "a03": "E08000035", "a04": "E06000023", "a05": "E10000014",
    "a06": "E08000025", "a07": "E08000003", "b01": "W06000003", "b02": "E09000011", "b03": "E08000007",
    "b04": "E10000006", "b05": "E06000026", "b06": "E10000019", "b07": "E08000019",
}


def test_sample_decisions_subject_council_is_the_one_complained_about() -> None:
    sources = sorted(p.stem for p in (ROOT / "corpora/sources/decisions").glob("*.txt"))
    assert sources == sorted(SAMPLE_SUBJECTS)
    for stem, gss in SAMPLE_SUBJECTS.items():
        findings = caretext.analyze(ROOT / "corpora/sample/decisions" / f"{stem}.pdf")
        subjects = [c.gss for c in findings.councils if c.role == "subject"]
        assert subjects == [gss], (stem, subjects)


def test_evaluate_commands_report_bad_gold_clearly(tmp_path) -> None:
    from typer.testing import CliRunner

    from caretext.cli import app

    (tmp_path / "empty").mkdir()
    bad = tmp_path / "bad.tsv"
    bad.write_text("id\tsentence\nv1\tKent County Council said.\n", encoding="utf-8")
    runner = CliRunner()
    for args in (
        ["evaluate", "entities", str(tmp_path / "empty")],
        ["evaluate", "councils", str(bad)],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "error" in result.output and str(tmp_path) in result.output


def test_every_rule_file_has_unique_ids_and_patterns_that_compile(tmp_path) -> None:
    from caretext.data import RULE_FILES, load_rules

    for name in RULE_FILES:
        assert load_rules(name), name
    # the check itself can fail: a duplicate id is refused
    import caretext.data as data

    original = data.data_text
    try:
        data.data_text = lambda name: '{"id": "a", "pattern": "x"}\n{"id": "a", "pattern": "y"}\n'  # type: ignore[assignment]
        data.load_jsonl.cache_clear()
        data.load_rules.cache_clear()
        with pytest.raises(ValueError, match="used twice"):
            load_rules("duplicate.jsonl")
    finally:
        data.data_text = original  # type: ignore[assignment]
        data.load_jsonl.cache_clear()
        data.load_rules.cache_clear()


def test_subject_resolver_reads_the_heading_then_the_complaint_then_the_count() -> None:
    from caretext.document import Document, PageSpan
    from caretext.findings import Mention
    from caretext.nlp.councils import CouncilRecognizer
    from caretext.nlp.subjects import SubjectResolver

    linker = load_pipeline().get_pipe("caretext_councils")
    assert isinstance(linker, CouncilRecognizer)
    resolver = SubjectResolver(linker)

    def doc(text: str, kind: str = "decision", meta: dict | None = None) -> Document:
        d = Document(text=text, pages=[PageSpan(1, 0, len(text))], format="text", kind=kind)  # type: ignore[arg-type]
        d.source_metadata.update(meta or {})
        return d

    def at(text: str, name: str) -> Mention:
        i = text.index(name)
        return Mention(text=name, start=i, end=i + len(name))

    text = "Complaint against Leeds City Council. It worked with Kent County Council and Kent County Council again."
    named = {"LDS": [at(text, "Leeds City Council")], "KEN": [at(text, "Kent County Council")] * 2}
    assert resolver.councils(doc(text), named) == ["LDS"]  # "complaint against" beats the count
    assert resolver.councils(doc(text, meta={"organisation": "Cornwall Council"}), named) == ["CON"]  # the heading
    assert resolver.councils(doc(text, meta={"organisation": "The Governing Body of St Anne's School"}), named) == []
    plain = "Leeds City Council and Kent County Council met. Kent County Council spoke."
    counted = {"LDS": [at(plain, "Leeds City Council")], "KEN": [at(plain, "Kent County Council")] * 2}
    assert resolver.councils(doc(plain), counted) == ["KEN"]  # else the one named most


def test_components_declare_their_order_and_a_wrong_order_is_refused() -> None:
    import spacy

    from caretext.nlp.pipeline import build_pipeline, check_order

    check_order(build_pipeline())  # the shipped order is consistent
    wrong = spacy.blank("en")
    for name in ("caretext_quotes", "caretext_councils", "caretext_organisations", "caretext_people"):
        wrong.add_pipe(name)
    with pytest.raises(ValueError, match=r"caretext_quotes needs .*span\._\.person"):
        check_order(wrong)


def test_component_settings_are_factory_config() -> None:
    import spacy

    from caretext.nlp.pipeline import make_doc

    def pipeline(**configs: dict) -> spacy.language.Language:
        nlp = spacy.blank("en")
        for name in ("caretext_councils", "caretext_dates", "caretext_references", "caretext_statistics"):
            nlp.add_pipe(name, config=configs.get(name, {}))
        return nlp

    text = "Complaints about Lancashre County Council rose by 40% in a year."
    default = pipeline()
    found = default(make_doc(default, text, kind="decision"))
    assert [s._.council["gss"] for s in found.spans["councils"]] == ["E10000017"]  # misspelt, two edits allowed
    assert list(found.spans["statistics"]) == []  # a decision's numbers are not statistics
    tuned = pipeline(caretext_councils={"max_edits": 0}, caretext_statistics={"skip_kinds": []})
    assert tuned.get_pipe_config("caretext_councils")["max_edits"] == 0
    found = tuned(make_doc(tuned, text, kind="decision"))
    assert list(found.spans["councils"]) == []
    assert [s.text for s in found.spans["statistics"]] == ["40%"]
