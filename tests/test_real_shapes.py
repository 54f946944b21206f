"""Decisions in the shapes real pages take: outcome from the stated finding, subcategories by what
the complaint is about, payments named without a figure, listing entries, old report summaries and
saved pages with the site's banner. Every text here is invented for the test; the expected values
are what the Ombudsman would publish for such a text (taxonomy.md §2), written before running the code.
"""

from __future__ import annotations

import pytest

import caretext
from caretext.classify.features import read_decision
from caretext.classify.outcome import read_finding
from caretext.classify.remedies import find_remedies
from caretext.classify.stance import asserted, undertaken


def _page(summary: str, agreed: str = "", heading: str = "Sefton Council (22 014 303)") -> str:
    text = f"{heading}\n\nThe Ombudsman's final decision:\n\nSummary: {summary}\n\nThe complaint\n\n" \
           "- Mr Q complained about the Council's children's services.\n"
    if agreed:
        text += f"\nAgreed action\n\n{agreed}\n"
    return text


# --- outcome: the finding the statement states ------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "label", "detail"),
    [
        ("We found fault by the Council. It will apologise to Mr Q.", "upheld", "fault_and_injustice"),
        ("The Council delayed the assessment, which was fault, but this did not cause Mr Q an injustice. "
         "It has agreed to remind officers of the timescales.", "upheld", "fault_no_injustice"),
        ("The Council made no error in how it dealt with the referral; there was no fault.", "not_upheld", "no_fault"),
        ("We have discontinued our investigation because Mr Q has started court proceedings.", "not_upheld", "no_fault"),
        ("We will not investigate this complaint because the family court has decided these matters.",
         "closed_after_initial_enquiries", None),
        ("We will not investigate this complaint. The Council has now agreed to consider it at stage two of "
         "the statutory procedure.", "upheld", "remedy_already_provided"),
        ("We will not investigate this complaint. The Council has already apologised and there is nothing "
         "further we could add to its response.", "closed_after_initial_enquiries", None),
        ("We will not investigate the complaint that the Council was at fault in ending the placement. The "
         "reason is that we have seen no evidence of fault by the Council.", "closed_after_initial_enquiries", None),
        ("The Council was not at fault for its assessment. However, it was at fault for the delay in "
         "replying and it has agreed to apologise.", "upheld", "fault_and_injustice"),
        ("It is unlikely we would find fault, so we will not investigate Mr Q's complaint.",
         "closed_after_initial_enquiries", None),
    ],
)
def test_outcome_follows_the_stated_finding(summary: str, label: str, detail: str | None) -> None:
    finding = read_finding(read_decision(_page(summary)).sentences)
    assert finding is not None
    assert (finding.label, finding.detail) == (label, detail)
    assert finding.evidence.text in summary  # the evidence is the sentence that states it


def test_stance_tells_a_finding_from_a_complaint_and_a_failure_from_a_remedy() -> None:
    claim = "Mr Q complains that the Council was at fault."
    assert not asserted(claim, claim.index("was at fault"))
    finding = "We consider the Council was at fault."
    assert asserted(finding, finding.index("was at fault"))
    failure = "The Council failed to provide respite care for C."
    assert not undertaken(failure, failure.index("provide"))
    remedy = "The Council will provide respite care for C."
    assert undertaken(remedy, remedy.index("provide"))


# --- payments ------------------------------------------------------------------------------------------


def _payments(summary: str, agreed: str = "") -> list[tuple[float | None, str]]:
    hits = find_remedies(read_decision(_page(summary, agreed)).sentences)
    return [(h.amount_gbp, h.status) for h in hits if h.type == "payment"]


def test_a_payment_named_without_a_figure_is_a_payment() -> None:
    assert _payments("We found fault. It has agreed to apologise to Mr Q and to make him a symbolic payment.") == [
        (None, "agreed")
    ]
    assert _payments("We found fault. The Council will pay a financial remedy for the lost provision.") == [
        (None, "agreed")
    ]


def test_the_failure_complained_of_is_not_a_remedy() -> None:
    summary = "Mr Q complained the Council failed to provide short breaks. We found fault. It will apologise."
    types = [h.type for h in find_remedies(read_decision(_page(summary)).sentences)]
    assert types == ["apology"]


def test_two_equal_amounts_for_different_purposes_are_two_payments() -> None:
    agreed = "- pay Mr Q £300 for his distress; and\n\n- pay his daughter, D, £300 for the tuition she missed."
    assert [a for a, _s in _payments("We found fault.", agreed)] == [300.0, 300.0]


def test_a_further_payment_is_not_a_restatement() -> None:
    agreed = ("- pay £450 to Mr Q for the therapy his son missed.\n\n"
              "- pay Mr Q a further £450 for his frustration and time and trouble.")
    assert [a for a, _s in _payments("We found fault.", agreed)] == [450.0, 450.0]


def test_a_loss_the_complainant_claims_is_not_a_remedy() -> None:
    summary = "Mr Q says he is out of pocket by £1,200. We found fault. The Council will pay Mr Q £250 for his distress."
    assert [a for a, _s in _payments(summary)] == [250.0]
    agreed = "- Mr Q lost £1,200 in wages, and the Council will pay him £250 for his distress."
    assert [a for a, _s in _payments("We found fault.", agreed)] == [250.0]


def test_an_adequate_offer_is_a_payment_offered() -> None:
    summary = ("We will not investigate this complaint further. The Council's offer of £250 is a suitable remedy "
               "for Mr Q's time and trouble.")
    hits = find_remedies(read_decision(_page(summary)).sentences, provided=True)
    assert [(h.amount_gbp, h.status) for h in hits if h.type == "payment"] == [(250.0, "offered")]


def test_a_remedy_already_provided_does_not_hide_a_new_payment() -> None:
    summary = ("We found fault. The Council has already apologised and paid Mr Q £150. "
               "It has agreed to pay a further £300 for the lost support.")
    assert sorted(_payments(summary)) == [(150.0, "provided"), (300.0, "agreed")]


# --- subcategories ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "subcategory"),
    [
        ("Mrs T, a foster carer, complained about how the Council dealt with an allegation against her "
         "household and about being deregistered. We found no fault.", "Fostering"),
        ("Mrs T complained the Council reduced the special guardianship allowance she receives for her "
         "grandson. We found fault.", "Friends and family carers"),
        ("Ms V, a care leaver, complained the Council did not give her a personal adviser or review her "
         "pathway plan. We found fault.", "Looked after children"),
        ("Mr W complained about a child protection conference and the strategy meeting before it. "
         "There was no fault.", "Child protection"),
        ("Mrs K complained the Council stopped the short breaks it provided for her disabled son. We found fault.",
         "Disabled children"),
        ("Mr and Mrs J complained about how the Council handled their application to adopt a child. "
         "We found fault.", "Adoption"),
    ],
)
def test_childrens_subcategory_follows_what_the_complaint_is_about(summary: str, subcategory: str) -> None:
    from caretext.classify.decision import DecisionClassifier

    labels = DecisionClassifier.load().classify(_page(summary))
    assert (labels.category, labels.subcategory) == ("Children's care services", subcategory)


def test_only_published_subcategories_are_predicted() -> None:
    from caretext.classify.decision import DecisionClassifier
    from caretext.evaluate.decision_gold import taxonomy

    published = {f"{c} > {s}" for c, subs in taxonomy()["categories"].items() for s in subs}
    classes = set(DecisionClassifier.load().models["subcategory"].classes_)
    assert classes <= published
    assert not {"Special guardianship", "Leaving care", "Children in need"} & {
        s for subs in taxonomy()["categories"].values() for s in subs
    }


def test_adult_care_vocabulary_files_a_parents_care_under_adult_care() -> None:
    from caretext.classify.decision import DecisionClassifier

    summary = ("Mr P complained the Council reduced his mother's care package without a review and sent "
               "invoices for care calls that the care provider did not make. We found fault.")
    labels = DecisionClassifier.load().classify(_page(summary))
    assert labels.category == "Adult care services"


# --- real page shapes through ingestion ---------------------------------------------------------------------


def test_a_listing_entry_is_a_decision_with_its_status_line_as_metadata() -> None:
    text = ("  • Calderdale Council (23 004 118)\n\n    Statement Upheld Fostering 14-Mar-2024\n\n"
            "    Summary: Mrs U complained the Council was slow to pay her fostering allowance. We found fault. "
            "The Council has agreed to apologise, make a payment to Mrs U and remind staff of its procedures.\n")
    doc = caretext.extract_text(text.encode(), name="listing.txt")
    assert doc.kind == "decision"
    assert doc.title == "Calderdale Council (23 004 118)"
    assert doc.source_metadata["decision"] == "Upheld" and doc.source_metadata["subcategory"] == "Fostering"
    assert "Statement Upheld" not in doc.text and "remind staff" in doc.text
    findings = caretext.analyze(doc)
    assert [c.gss for c in findings.councils if c.role == "subject"] == ["E08000033"]  # Calderdale
    assert any(r.type == "payment" and r.amount_gbp is None for r in findings.remedies)


def test_a_listing_line_that_runs_into_its_summary_is_split() -> None:
    text = ("Calderdale Council (23 004 118) Summary: We will not investigate Mrs U's complaint because it is "
            "late.\n")
    doc = caretext.extract_text(text.encode(), name="listing.txt")
    assert doc.kind == "decision" and doc.title == "Calderdale Council (23 004 118)"
    assert doc.text.split("\n\n")[1].startswith("Summary: We will not investigate")


def test_an_old_report_summary_is_a_decision() -> None:
    text = ("17 002 915\n\nComplaint that the council delayed a disabled facilities grant for a family's "
            "adaptations.\n\nThe Ombudsman upheld the complaint and found fault causing injustice.\n\n"
            "The council should apologise and pay the family £300 for their time and trouble.\n\nPrint this page\n")
    doc = caretext.extract_text(text.encode(), name="old.txt")
    assert doc.kind == "decision" and doc.source_metadata["reference"] == "17 002 915"
    assert "Print this page" not in doc.text
    findings = caretext.analyze(doc)
    assert findings.outcome is not None and findings.outcome.label == "upheld"
    assert [r.amount_gbp for r in findings.remedies if r.type == "payment"] == [300.0]


def test_a_site_banner_before_the_heading_is_furniture_whatever_its_wording() -> None:
    banner = ("Your choices\n\nOmbudsman emblem\n\nStrictly necessary items\n\nThese keep the pages working and "
              "cannot be switched off here.\n\nUsage measurement\n\nWe count visits anonymously to improve pages.\n\n")
    text = banner + _page("We found fault. The Council will apologise to Mr Q.")
    doc = caretext.extract_text(text.encode(), name="page.txt")
    assert doc.text.startswith("Sefton Council (22 014 303)")
    assert "Usage measurement" not in doc.text
    assert sum(1 for r in doc.removed if r.rule == "site-banner") == 6


# --- entities on real pages ----------------------------------------------------------------------------------


def test_pseudonyms_take_the_part_the_text_gives_them() -> None:
    text = ("Wigan Council (22 006 417)\n\nThe Ombudsman's final decision:\n\nSummary: Mr P complained about the "
            "care the Council arranged for his late mother, Mrs W, and for his daughter Miss Y. The foster carers, "
            "Mr and Mrs K, were not told of the plan. We found fault.\n")
    roles = {p.name: p.role for p in caretext.analyze(text.encode()).people if p.pseudonym}
    assert roles == {"Mr P": "complainant", "Mrs W": "parent", "Miss Y": "child", "Mrs K": "carer"}


def test_job_titles_and_lost_apostrophes_are_not_people() -> None:
    text = ("Wigan Council (22 006 417)\n\nSummary: The Ombudsman will not investigate Mrs Xs complaint about what "
            "the Independent Reviewing Officer said at the review.\n")
    assert [p.name for p in caretext.analyze(text.encode()).people if not p.pseudonym] == []


@pytest.mark.parametrize(
    ("written", "gss"),
    [("Kent Conuty Council", "E10000016"), ("Norfolk County Councli", "E10000020"), ("Leeds City Cuoncil", "E08000035")],
)
def test_council_names_with_transposed_letters_are_repaired(written: str, gss: str) -> None:
    findings = caretext.analyze(f"The complaint against {written} was about its fostering service.".encode())
    assert [c.gss for c in findings.councils] == [gss]


def test_a_decision_without_a_subject_council_says_so() -> None:
    text = ("The Ombudsman's final decision\n\nSummary: Mr X complained the Council delayed a child protection "
            "conference. We found fault.\n\nThe complaint\n\nMr X complained.\n")
    findings = caretext.analyze(text.encode())
    assert findings.source.kind == "decision"
    assert any("no subject council" in w for w in findings.warnings)


def test_a_school_complained_about_is_the_subject_organisation() -> None:
    text = ("The Governing Body of St Aidan's Church of England Primary School (21 007 990)\n\nThe Ombudsman's "
            "final decision:\n\nSummary: Mrs W complained about the appeal panel that refused her son a place. "
            "The panel did not record its reasons, which was fault. The School has agreed to arrange a fresh appeal.\n")
    findings = caretext.analyze(text.encode())
    assert [c for c in findings.councils if c.role == "subject"] == []
    subject = [o for o in findings.organisations if o.role == "subject"]
    assert len(subject) == 1 and "St Aidan's" in subject[0].name
    assert any("not a council" in w for w in findings.warnings)
