"""Quotes and speakers: each attribution shape the press uses, and the traps.

Sentences are written for these tests; the shared seeds are checked in
tests/test_press.py.
"""

from __future__ import annotations

import pytest

from caretext import analyze
from caretext.findings import Findings
from caretext.nlp.quote_marks import find_quote_spans


def _article(*paragraphs: str) -> Findings:
    head = "Councils warned over children's services\n\nBy Jo Bloggs | 10 December 2020\n\n"
    return analyze(head + "\n\n".join(paragraphs))


def _quotes(found: Findings) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.text) for q in found.quotes]


def test_offsets_slice_the_text_and_marks_are_outside() -> None:
    text = 'Head\n\nMaria Lopez, director of Coram, said: "We need more adopters." She added: "Now."'
    found = analyze(text)
    from caretext.ingest import extract_text

    clean = extract_text(text.encode()).text
    for q in found.quotes:
        assert clean[q.start : q.end] == q.text
        assert clean[q.start - 1] in '"“‘'
    assert _quotes(found) == [("Maria Lopez", "We need more adopters."), ("Maria Lopez", "Now.")]


@pytest.mark.parametrize(
    ("paragraph", "speaker", "text"),
    [
        ('"The system is broken," said Daniel Forsythe, president of the ADCS.', "Daniel Forsythe", "The system is broken"),
        ("Daniel Forsythe, president of the ADCS, said: “The system is broken.”", "Daniel Forsythe", "The system is broken."),
        ("According to Daniel Forsythe, “the system is broken”.", "Daniel Forsythe", "the system is broken"),
        ("Cllr Priya Shah told reporters: ‘We cannot go on like this.’", "Priya Shah", "We cannot go on like this."),
        ('A Department for Education spokesperson said: "We have invested £40m."', "Department for Education spokesperson", "We have invested £40m."),
        # one canonical name for an unnamed spokesperson, whatever the word order (press guideline)
        ('"Inspectors found serious weaknesses," a spokesman for Ofsted said.', "Ofsted spokesperson", "Inspectors found serious weaknesses"),
        ("Kent County Council’s spokeswoman said: “We are sorry.”", "Kent County Council spokesperson", "We are sorry."),
        ("A spokesperson for Kent County Council said: “We are sorry.”", "Kent County Council spokesperson", "We are sorry."),
        # an unnamed speaker by the description, without the article, place or clause
        ('A grandmother from Hull, who looks after two grandsons, said: "Nobody rang me back."', "grandmother", "Nobody rang me back."),
        ('One care leaver told the Post: "I moved nine times."', "care leaver", "I moved nine times."),
        # a relative clause between the speaker and the verb; a passive verb's agent; a clause of another speaker
        ('A grandmother who has raised her grandsons since 2021 told the Gazette meetings were "about us, not with us".', "grandmother", "about us, not with us"),
        ('Northshire County Council was branded by Ofsted as "failing its children" last week.', "Ofsted", "failing its children"),
        ('The NSPCC said distant placements brought "real risks for teenagers", while the council said supply was short.', "NSPCC", "real risks for teenagers"),
    ],
)
def test_attribution_shapes(paragraph: str, speaker: str, text: str) -> None:
    assert (speaker, text) in _quotes(_article(paragraph))


def test_surname_pronoun_and_continuation_resolve_to_the_person() -> None:
    found = _article(
        "Ruth Okafor, chief executive of Family Rights Group, said the figures were alarming.",
        'Ms Okafor said: "Families are being left without help.',
        '"We hear from them every day."',
        '"It cannot go on," she added.',
        'Okafor later said: "Ministers must act."',
    )
    assert {q.speaker for q in found.quotes} == {"Ruth Okafor"}
    assert len(found.quotes) == 4
    assert all(q.organisation == "Family Rights Group" for q in found.quotes)
    assert all(q.role == "chief executive" for q in found.quotes)


def test_person_wins_over_the_organisation_in_their_appositive() -> None:
    found = _article(
        'Joanna Reyes, chief executive of Become, the charity for children in care, said: "Behind these numbers are children."'
    )
    assert _quotes(found) == [("Joanna Reyes", "Behind these numbers are children.")]
    assert found.quotes[0].organisation == "Become"


def test_fragment_in_reported_speech_is_attributed() -> None:
    found = _article("Anna Price, chair of the LGA's children and young people board, said the system was \"in crisis\".")
    assert ("Anna Price", "in crisis") in _quotes(found)


def test_report_quote_speaks_for_its_publisher() -> None:
    found = _article(
        "The Local Government and Social Care Ombudsman published its report, Lost in Transition, on Tuesday.",
        'The report said: "Too many care leavers are left to fend for themselves."',
    )
    assert found.quotes[0].speaker == "Local Government and Social Care Ombudsman"


def test_no_quote_without_marks_and_no_scare_quotes() -> None:
    found = _article(
        "Councils said demand was rising and that they would ask ministers for more money.",
        "The so-called 'postcode lottery' of support has been criticised for years.",
    )
    assert found.quotes == []


def test_headline_quote_is_not_a_quote() -> None:
    found = analyze("Councils 'failing children', MPs say\n\nThe committee published its findings on Monday.")
    assert found.quotes == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the councils’ actions were ‘deeply disappointing’, he said", ["deeply disappointing"]),
        ("‘It’s the children’s homes market,’ she said.", ["It’s the children’s homes market"]),
        ('He said: "Open paragraph runs on', ["Open paragraph runs on"]),
        ("It was the 'postcode lottery' again", ["postcode lottery"]),
    ],
)
def test_quote_marks_pairing(text: str, expected: list[str]) -> None:
    assert [text[q.start : q.end] for q in find_quote_spans(text)] == expected


def test_transcript_and_qa_labels_are_quotes_of_the_named_speaker() -> None:
    found = _article(
        "Radio Northshire spoke to Dr Amara Lindqvist, director of children's services at Kent County Council, "
        "and to Tom Reyes, a care leaver.",
        "PRESENTER: What went wrong?",
        'AMARA LINDQVIST: We did not have enough homes. We are building "more than we lost" now.',
        "That took two years to fix.",
        "TOM REYES: I waited eleven months for a flat.",
        "PRESENTER: Thank you both.",
        "The council said it would publish its plan in the spring.",
    )
    assert _quotes(found) == [
        ("Amara Lindqvist", 'We did not have enough homes. We are building "more than we lost" now.'),
        ("Amara Lindqvist", "That took two years to fix."),  # an answer's next paragraph, before the next label
        ("Tom Reyes", "I waited eleven months for a flat."),
    ]  # the unnamed presenter is no one's quote; prose after the last label is the article's own
    assert found.quotes[0].organisation == "Kent County Council"


def test_qa_answers_belong_to_the_interviewee_and_questions_to_nobody() -> None:
    found = _article(
        "We asked Marcus Oduya, chief executive of the Fostering Network, about the shortage of carers.",
        "Q: How many carers left last year?",
        "A: Too many. Nearly one in ten households stopped fostering.",
        "Q: What would help?",
        "A: Paying carers properly.",
    )
    assert _quotes(found) == [
        ("Marcus Oduya", "Too many. Nearly one in ten households stopped fostering."),
        ("Marcus Oduya", "Paying carers properly."),
    ]


def test_a_role_owned_by_a_body_speaks_for_it() -> None:
    found = _article(
        "Kinship, the charity for family carers, said the ruling showed why national rules were needed.",
        "Its policy lead, Farida Osei-Bonsu, said: \u201cToo many carers are told one thing on the doorstep.\u201d",
        "Become\u2019s head of policy, Maya Lindqvist, said: \u201cNo corporate parent would choose a B&B.\u201d",
    )
    assert [(q.speaker, q.organisation) for q in found.quotes] == [("Farida Osei-Bonsu", "Kinship"), ("Maya Lindqvist", "Become")]


def test_a_surname_label_is_the_person_a_full_label_named_and_possessives_and_streets_are_not_names() -> None:
    found = _article(
        "The programme heard from a director of children's services in the north.",
        "PRESENTER: What went wrong?",
        "GRACE OKAFOR: We had too few staff.",
        "PRESENTER: And now?",
        "OKAFOR: We have a plan.",
        "The council said it would publish the plan in the spring.",
    )
    assert _quotes(found) == [("Grace Okafor", "We had too few staff."), ("Grace Okafor", "We have a plan.")]
    found = _article(
        "Margaret Holroyd\u2019s grandson moved in with her in 2022, after a meeting at the offices on Victoria Square.",
        '"I kept thinking I\u2019d done something wrong," Mrs Holroyd said.',
    )
    assert _quotes(found) == [("Margaret Holroyd", "I kept thinking I\u2019d done something wrong")]
    assert [p.name for p in found.people] == ["Margaret Holroyd"]


def test_a_bare_spokesperson_speaks_for_the_one_body_named_just_before() -> None:
    found = _article('The NSPCC said caseloads were rising. A spokesperson said: "We need more staff now."')
    assert _quotes(found) == [("National Society for the Prevention of Cruelty to Children spokesperson", "We need more staff now.")]
    found = _article('The NSPCC and Ofsted both published figures. A spokesperson said: "We need more staff now."')
    assert _quotes(found) == [("spokesperson", "We need more staff now.")]  # two bodies: the text does not say which
