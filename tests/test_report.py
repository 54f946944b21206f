"""Ombudsman reports as PDFs: kind, title, case studies read like decisions, recommendations."""

from __future__ import annotations

from caretext import analyze, extract_text
from conftest import SAMPLE

REPORT = SAMPLE / "reports" / "r01.pdf"


def test_report_pdf_is_a_report_with_its_title() -> None:
    doc = extract_text(REPORT)
    assert doc.kind == "report"
    assert doc.title == "Family first, support later: learning from complaints about kinship care"


def test_case_studies_have_council_outcome_and_remedies_with_offsets() -> None:
    found = analyze(REPORT)
    text = extract_text(REPORT).text
    cases = {c.council: c for c in found.case_studies}
    assert set(cases) == {"Wiltshire Council", "Leeds City Council", "Dorset Council"}
    assert cases["Wiltshire Council"].gss == "E06000054"
    assert all(c.outcome is not None and c.outcome.label == "upheld" for c in cases.values())
    paid = {c: sorted(r.amount_gbp for r in case.remedies if r.type == "payment") for c, case in cases.items()}
    assert paid == {"Wiltshire Council": [500.0, 11400.0], "Leeds City Council": [300.0, 2700.0], "Dorset Council": []}
    assert {r.type for r in cases["Dorset Council"].remedies} == {"apology", "complaint_escalation"}
    for case in cases.values():
        assert text[case.start :].startswith(case.title)
        for r in case.remedies:
            assert text[r.start : r.end] == r.text and case.start <= r.start < case.end
        assert case.outcome is not None and case.outcome.evidence is not None
        assert case.outcome.evidence.page is not None


def test_recommendations_are_listed_without_bullets() -> None:
    found = analyze(REPORT)
    texts = [r.text for r in found.recommendations]
    assert len(texts) == 6
    assert texts[0].startswith("Councils should check whether any child placed with family or friends")
    assert all(not t.startswith(("•", "-")) for t in texts)


def test_articles_and_decisions_have_no_case_studies() -> None:
    assert analyze(SAMPLE / "articles" / "p01.html").case_studies == []
    assert analyze(SAMPLE / "decisions" / "a01.pdf").case_studies == []
