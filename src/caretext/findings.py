"""The findings contract (schema version 1) as typed models.

Field names and meanings follow ``design/findings.md`` exactly; they are a
public contract read by other tools. Every field is always present: ``null``
for objects that do not apply, ``[]`` for empty lists. ``Findings.json_schema()``
is what ``caretext schema`` prints: every field carries a description, and every
labelled field the allowed labels (:func:`vocabulary`) as an ``enum``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict, JsonValue

from caretext.data import data_text, load_jsonl
from caretext.document import Document, Format, Kind

SCHEMA_VERSION: Literal["1"] = "1"

# -- label vocabularies -----------------------------------------------------------------------------

#: labels that code emits with no data file behind them (each names the code that emits it); the
#: schema publishes them as enums, so a new label in that code must be added here too
_CODE_VOCABULARIES: dict[str, tuple[str, ...]] = {
    # nlp/statistics.py: a money or count rate adds _per_<day|week|month|year>
    "statistic_unit": (
        "percent", "count", "gbp", "ratio", "times",
        "gbp_per_day", "gbp_per_week", "gbp_per_month", "gbp_per_year",
        "count_per_day", "count_per_week", "count_per_month", "count_per_year",
    ),
    # patterns.MONEY / parse_money ("annum" → year, "calendar month" → month)
    "money_per": ("day", "week", "fortnight", "month", "year", "night", "hour", "term"),
    # classify/remedies.py _PURPOSES
    "remedy_purpose": (
        "backdated allowance", "lost provision", "time and trouble", "distress", "uncertainty",
        "frustration", "lost opportunity", "financial loss",
    ),
    "reference_scheme": ("lgsco",),  # nlp/references.py
    "outcome_method": ("model", "rule", "source_metadata"),  # classify/decision.py, published.py, case_studies.py
    "category_method": ("model", "rule", "model+cues", "source_metadata"),  # classify/decision.py, published.py
    "theme_method": ("model", "rule", "model+rule"),  # classify/decision.py, classify/press.py
    # nlp/councils.py (alias, fuzzy, anaphora), nlp/organisations.py (list, acronym, pattern),
    # nlp/people.py (pattern), nlp/subjects.py (heading)
    "mention_method": ("alias", "fuzzy", "anaphora", "list", "acronym", "pattern", "heading"),
}
#: the type nlp/subjects.py gives a decision's non-council subject (a school's admission authority)
_SUBJECT_BODY_TYPE = "body complained about"


@cache
def vocabulary(name: str) -> tuple[str, ...]:
    """The labels a labelled field may hold, in a stable order, read from the package's own data:
    ``outcome``, ``detail``, ``category``, ``subcategory``, ``theme``, ``remedy``, ``injustice``
    (data/taxonomy.json), ``legislation_kind`` (data/legislation.jsonl), ``organisation_type``
    (data/organisations.jsonl, plus the subject-body type), or one of the code vocabularies above."""
    if name in _CODE_VOCABULARIES:
        return _CODE_VOCABULARIES[name]
    if name == "legislation_kind":
        return _unique(row["kind"] for row in load_jsonl("legislation.jsonl"))
    if name == "organisation_type":
        rows = load_jsonl("organisations.jsonl")
        return _unique([*(row["type"] for row in rows if row.get("type")), _SUBJECT_BODY_TYPE])
    taxonomy = json.loads(data_text("taxonomy.json"))
    if name in ("detail", "subcategory"):
        groups = taxonomy["details" if name == "detail" else "categories"].values()
        return _unique(label for group in groups for label in group)
    key = {"outcome": "outcomes", "category": "categories", "theme": "themes", "remedy": "remedies"}
    return _unique(taxonomy[key.get(name, name)])


def _unique(labels: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(labels))


def _labels(name: str, *, open_: str | None = None) -> Callable[[JsonDict], None]:
    """``json_schema_extra`` that puts ``vocabulary(name)`` as the ``enum`` of a field's string schema
    (the ``anyOf`` branch of a nullable field, the ``items`` of a list). Validation is unchanged:
    pydantic never reads it. ``open_`` describes the other values a field may also hold (the
    vocabulary is what caretext's models and rules emit): the string schema then becomes ``anyOf``
    the enum or any string, so the schema rejects no value that is valid today."""

    def add(schema: JsonDict) -> None:
        values: list[JsonValue] = list(vocabulary(name))
        if schema.get("type") == "array":
            items = schema["items"]
            assert isinstance(items, dict)
            schema = items
        branches = schema.get("anyOf")
        if isinstance(branches, list):  # a nullable string: [{"type": "string"}, {"type": "null"}]
            target = next(b for b in branches if isinstance(b, dict) and b.get("type") == "string")
        else:
            target = schema
        assert isinstance(target, dict) and target.get("type") == "string", schema
        if open_ is None:
            target["enum"] = values
            return
        choices: list[JsonValue] = [
            {"type": "string", "enum": values, "description": "the labels caretext's models and rules emit"},
            {"type": "string", "description": open_},
        ]
        if isinstance(branches, list):
            branches[branches.index(target) : branches.index(target) + 1] = choices
        else:
            del schema["type"]
            schema["anyOf"] = choices

    return add


# -- shared descriptions --------------------------------------------------------------------------

_TEXT = "the extracted text the item covers: exactly the document's clean text sliced [start:end]"
_START = "character offset (0-based) into the document's clean extracted text where the item starts"
_END = "character offset into the document's clean extracted text where the item ends (exclusive)"
_PAGE = (
    "1-based page on which the item starts (PDF page; HTML and text documents are one page, 1); "
    "null if the offset falls on no page"
)
_SCORE = "confidence from 0 to 1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Any:
        return cls.model_validate(data)


class Evidence(_Model):
    """A slice of the extracted text: ``text == document_text[start:end]``."""

    text: str = Field(description=_TEXT)
    start: int = Field(ge=0, description=_START)
    end: int = Field(ge=0, description=_END)
    page: int | None = Field(default=None, ge=1, description=_PAGE)

    @classmethod
    def at(cls, document: Document, start: int, end: int) -> Evidence:
        """The evidence for ``document.text[start:end]``, with its page."""
        return cls(text=document.text[start:end], start=start, end=end, page=document.page_at(start))


class Mention(Evidence):
    """Where a name was found, and how: ``method`` alias | fuzzy | anaphora | list |
    acronym | pattern | heading, ``score`` of the match, ``rule`` the id of the rule that fired."""

    method: str | None = Field(
        default=None,
        description="how the name was found: alias (an exact name or acronym from data/councils.jsonl), "
        "fuzzy (a misspelt council name), anaphora (\"the Council\" in a decision, pointed at the subject "
        "council), list (a name in data/organisations.jsonl), acronym (an acronym in that list), pattern "
        "(the shape of a name: organisations, people), heading (a decision's heading names the body "
        "complained about)",
        json_schema_extra=_labels("mention_method"),
    )
    score: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="match score from 0 to 1 (1.0 an exact name; lower for an acronym, a place name "
        "or a fuzzy match); null where the method gives none (organisations, people)",
    )
    rule: str | None = Field(
        default=None,
        description="the rule that matched: councils: name, an id in data/council_context.jsonl, "
        "place-named-council, fuzzy-core or the-council; organisations: the id in "
        "data/organisations.jsonl, org-head or org-prefix; people: the name pattern in nlp/people.py; "
        "decision-heading",
    )


class Source(_Model):
    """The input document."""

    path: str | None = Field(
        description="path of the input file as given; null when the input was bytes or text, not a file"
    )
    kind: Kind = Field(
        description="what the document is, as caretext detects it: decision (an LGSCO decision "
        "statement), report (an Ombudsman or other report), article (news or press), other"
    )
    format: Format = Field(description="format of the input file: pdf, html or text")
    pages: int = Field(ge=0, description="number of pages: the PDF's page count; 1 for HTML and text")
    sha256: str = Field(description="SHA-256 (hex) of the input file's bytes")
    also_at: list[str] = Field(
        default_factory=list,
        description="other paths with the same content (a batch analyses it once); [] if none",
    )


class Council(_Model):
    """A UK local authority the document names, linked to data/councils.jsonl."""

    name: str = Field(description="canonical council name (data/councils.jsonl, from mySociety's list)")
    gss: str | None = Field(description="ONS GSS code, null if none")
    code: str | None = Field(
        default=None, description="mySociety local-authority code; null if not known"
    )
    role: Literal["subject", "mentioned"] = Field(
        description="subject: the council complained about (decisions) or the council the document is "
        "about; mentioned: any other"
    )
    score: float = Field(
        ge=0.0, le=1.0,
        description="confidence from 0 to 1 that the council is meant: the best score of its named mentions",
    )
    mentions: list[Mention] = Field(
        default_factory=list,
        description="every place the council is named or (decisions) called \"the Council\"",
    )


class Outcome(_Model):
    """The result of an LGSCO decision (taxonomy.md §1)."""

    label: Literal["upheld", "not_upheld", "closed_after_initial_enquiries"] = Field(
        description="the decision's result (data/taxonomy.json \"outcomes\"): upheld (fault found), "
        "not_upheld (investigated, no fault), closed_after_initial_enquiries (not investigated)"
    )
    detail: str | None = Field(
        default=None,
        description="the finer result, one of the ids data/taxonomy.json \"details\" allows for the "
        "label; null if not determined",
        json_schema_extra=_labels("detail"),
    )
    score: float = Field(
        ge=0.0, le=1.0, description=f"{_SCORE} (1.0 when the source publishes the result)"
    )
    evidence: Evidence | None = Field(
        default=None, description="the sentence that states the finding; null if none was found"
    )
    method: str | None = Field(
        default=None,
        description="how it was decided: model (trained classifier), rule (a cue rule), source_metadata "
        "(the result a saved LGSCO page publishes in its header)",
        json_schema_extra=_labels("outcome_method"),
    )
    rule: str | None = Field(
        default=None,
        description="id of the outcome rule that decided it (data/outcome_rules.jsonl, or a rule named in "
        "classify/outcome.py or classify/case_studies.py); null when a model or the source decided",
    )


class Category(_Model):
    """The category and subcategory the Ombudsman files a decision under (taxonomy.md §2)."""

    category: str = Field(
        description="LGSCO category, spelled as the Ombudsman spells it; the models and rules emit the "
        "categories of data/taxonomy.json; with method source_metadata the value is the source's own",
        json_schema_extra=_labels(
            "category", open_="a category as the source publishes it (method source_metadata)"
        ),
    )
    subcategory: str | None = Field(
        default=None,
        description="LGSCO subcategory within the category (\"Other\" is a real subcategory); null if "
        "not determined",
        json_schema_extra=_labels(
            "subcategory", open_="a subcategory as the source publishes it (method source_metadata)"
        ),
    )
    score: float = Field(ge=0.0, le=1.0, description=f"{_SCORE} in the category")
    method: str | None = Field(
        default=None,
        description="how it was decided: model, rule (data/category_rules.jsonl), model+cues (the model, "
        "with the subcategory or sibling category set by data/subcategory_cues.jsonl), source_metadata "
        "(the category a saved LGSCO page publishes)",
        json_schema_extra=_labels("category_method"),
    )
    rule: str | None = Field(
        default=None,
        description="id of the category rule (data/category_rules.jsonl) or the subcategory cues "
        "(data/subcategory_cues.jsonl) that decided it",
    )


class Theme(_Model):
    """A fault theme (taxonomy.md §3): what went wrong, or what the document is about."""

    label: str = Field(
        description="theme id (data/taxonomy.json \"themes\")", json_schema_extra=_labels("theme")
    )
    score: float = Field(
        ge=0.0, le=1.0,
        description=f"{_SCORE}: the model's probability; a theme a rule found scores at least the rule floor",
    )
    evidence: list[Evidence] = Field(
        default_factory=list, description="sentences that show the theme, in text order; [] if none"
    )
    method: str | None = Field(
        default=None,
        description="model | rule | model+rule (both found it)",
        json_schema_extra=_labels("theme_method"),
    )
    rule: str | None = Field(
        default=None,
        description="id of the theme rule that found it, if a rule did (data/theme_rules.jsonl for "
        "decisions, data/press_theme_rules.jsonl for other documents); null for the model alone",
    )


class Remedy(_Model):
    """Something a decision records the council agreed (or was asked) to do to put things right."""

    type: str = Field(
        description="remedy type (data/taxonomy.json \"remedies\"); found by data/remedy_rules.jsonl "
        "or, for payments, by the sums of money",
        json_schema_extra=_labels("remedy"),
    )
    amount_gbp: float | None = Field(
        default=None,
        description="a payment's amount in pounds; null for other types and for a payment named "
        "without a sum",
    )
    recipient: str | None = Field(
        default=None, description='who is paid, as written ("Miss X", "her son"); null if not stated'
    )
    purpose: str | None = Field(
        default=None,
        description="what a payment is for; null if not stated or not a payment",
        json_schema_extra=_labels("remedy_purpose"),
    )
    text: str = Field(description=f"the clause that states the remedy: {_TEXT}")
    start: int = Field(description=_START)
    end: int = Field(description=_END)
    page: int | None = Field(default=None, description=_PAGE)
    deadline: str | None = Field(
        default=None, description='as written, e.g. "within one month"; null if none stated'
    )
    rule: str | None = Field(
        default=None,
        description="id of the remedy rule that found it (data/remedy_rules.jsonl, or a payment rule in "
        "classify/remedies.py)",
    )
    status: Literal["agreed", "provided", "offered"] = Field(
        default="agreed",
        description="agreed: the council agreed (or was asked) to do it; provided: already done before the decision; "
        "offered: an offer the statement judges adequate",
    )


class CaseStudy(_Model):
    """One case told in an Ombudsman report, read like a small decision."""

    title: str = Field(description="the case's heading as written")
    council: str | None = Field(
        default=None,
        description="the council the case is about (canonical name); null if it names none",
    )
    gss: str | None = Field(default=None, description="ONS GSS code of that council; null if none")
    outcome: Outcome | None = Field(
        default=None, description="what the case says was found; null if it does not say"
    )
    remedies: list[Remedy] = Field(default_factory=list, description="what the council agreed to do")
    start: int = Field(ge=0, description=f"{_START} (the case's heading)")
    end: int = Field(ge=0, description=f"{_END} (the end of the case's text)")
    page: int | None = Field(default=None, description="1-based page on which the case starts")


class InjusticeEvidence(Evidence):
    """The sentence that states one injustice id (``injustice`` holds the ids alone)."""

    label: str = Field(
        description="the injustice id this sentence states (data/taxonomy.json \"injustice\")",
        json_schema_extra=_labels("injustice"),
    )


class Legislation(_Model):
    """An Act, regulations or statutory guidance the document cites."""

    title: str = Field(
        description="canonical short title (data/legislation.jsonl), or the title as written for one "
        "not listed, e.g. \"Children Act 1989\""
    )
    section: str | None = Field(
        default=None, description='section(s) cited, e.g. "20" or "26(1), 26A(1)"; null if none'
    )
    kind: str | None = Field(
        default=None,
        description="act | regulations | guidance (data/legislation.jsonl)",
        json_schema_extra=_labels("legislation_kind"),
    )
    text: str = Field(description=f"the citation as written: {_TEXT}")
    start: int = Field(description=_START)
    end: int = Field(description=_END)
    page: int | None = Field(default=None, description=_PAGE)


class Reference(_Model):
    """A case reference the document cites."""

    scheme: str = Field(
        description="whose reference: lgsco (an LGSCO case number)",
        json_schema_extra=_labels("reference_scheme"),
    )
    id: str = Field(description='the reference, normalised: "18 009 200" for lgsco')
    start: int = Field(description=_START)
    end: int = Field(description=_END)
    page: int | None = Field(default=None, description=_PAGE)


class Quote(_Model):
    """Words a document quotes, and who said them."""

    speaker: str | None = Field(
        description="who said it: a person's name, or the organisation or council speaking; null if "
        "not found"
    )
    role: str | None = Field(
        default=None, description="the speaker's role or job title as written; null if not stated"
    )
    organisation: str | None = Field(
        default=None, description="the organisation the speaker speaks for; null if none"
    )
    text: str = Field(description=f"the quoted words: {_TEXT}")
    start: int = Field(description=_START)
    end: int = Field(description=_END)
    page: int | None = Field(default=None, description=_PAGE)
    rule: str | None = Field(
        default=None,
        description="how the speaker was found (nlp/quotes.py), e.g. verb-after, verb-before, "
        "reported-before, continuation; null with no speaker",
    )


class Statistic(_Model):
    """A number that measures something ("a 28% increase")."""

    text: str = Field(description=f"the words that state the number: {_TEXT}")
    value: float = Field(
        description="the number in its unit: 28.0 for 28%, 0.2 for \"one in five\", pounds for gbp"
    )
    unit: str = Field(
        description="percent | count | gbp | ratio | times, a rate adds _per_day|week|month|year",
        json_schema_extra=_labels("statistic_unit"),
    )
    subject: str | None = Field(
        default=None, description='what is counted, e.g. "children in care"; null if not found'
    )
    period: str | None = Field(
        default=None,
        description='the years or span stated in the same clause, e.g. "2009-2019"; null if none',
    )
    start: int = Field(description=_START)
    end: int = Field(description=_END)
    page: int | None = Field(default=None, description=_PAGE)
    rule: str | None = Field(
        default=None,
        description="which recogniser in nlp/statistics.py found it: money | percent | one-in-n | "
        "fraction | multiple | times | count",
    )


class Publication(_Model):
    """A named report or publication an article is about or cites ("Lost in Transition",
    an annual review), with the body that published it where the text says."""

    title: str = Field(description="the publication's title as written")
    publisher: str | None = Field(
        default=None, description="the body that published it; null if the text does not say"
    )
    text: str = Field(description=f"where it is named: {_TEXT}")
    start: int = Field(description=_START)
    end: int = Field(description=_END)
    page: int | None = Field(default=None, description=_PAGE)


class Organisation(_Model):
    """An organisation other than a council."""

    name: str = Field(
        description="canonical name (data/organisations.jsonl), or the name as written for one found "
        "by its shape"
    )
    id: str | None = Field(
        default=None, description="id in caretext's organisation list (data/organisations.jsonl); null if not listed"
    )
    type: str | None = Field(
        default=None,
        description="kind of body (data/organisations.jsonl \"type\"; \"body complained about\" for a "
        "decision's non-council subject); null if unknown",
        json_schema_extra=_labels("organisation_type"),
    )
    mentions: list[Mention] = Field(default_factory=list, description="every place it is named")
    role: Literal["subject", "mentioned"] = Field(
        default="mentioned",
        description="subject: the body a decision is about when it is not a council (a school's admission "
        "authority); mentioned: any other",
    )


class Person(_Model):
    """A named person, or a pseudonymised party of a decision."""

    name: str = Field(description='the name as written ("Cathy Ashley", "Mr X")')
    role: str | None = Field(
        default=None,
        description="a pseudonymised party's role (child | parent | relative | carer | complainant); "
        "anyone else's role or job title as written; null if none",
    )
    organisation: str | None = Field(
        default=None, description="the organisation the person works for or represents; null if none"
    )
    pseudonym: bool = Field(
        default=False, description="a pseudonymised party (Mr X, Child B), never a real person"
    )
    mentions: list[Mention] = Field(default_factory=list, description="every place the person is named")


class Money(_Model):
    """A sum in pounds: "£300 a month" → value_gbp 300, per "month"."""

    text: str = Field(description=f"the sum as written: {_TEXT}")
    value_gbp: float = Field(description="the sum in pounds (£15bn → 15000000000.0)")
    per: str | None = Field(
        default=None,
        description='the period of a rate ("£300 a month" → month); null for a sum that is not a rate',
        json_schema_extra=_labels("money_per"),
    )
    start: int = Field(description=_START)
    end: int = Field(description=_END)
    page: int | None = Field(default=None, description=_PAGE)


class DateMention(_Model):
    """A date the text writes."""

    text: str = Field(description=f"the date as written: {_TEXT}")
    iso: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="the date as YYYY-MM-DD")
    start: int = Field(description=_START)
    end: int = Field(description=_END)
    page: int | None = Field(default=None, description=_PAGE)


class ModelSet(_Model):
    """The decision model set that classified a document (``caretext train --out DIR`` makes your own)."""

    id: str = Field(description="shipped-<hash> for the models in the package, own-<hash> for a set trained with "
                    "caretext train --out; the hash is of the set's model files, so equal ids mean equal models")
    version: str = Field(description="the caretext version that trained the set")
    shipped: bool = Field(description="true for the set that ships in the package")


class Findings(_Model):
    """One record per readable input document."""

    schema_version: Literal["1"] = Field(
        default=SCHEMA_VERSION, description="version of this findings contract"
    )
    doc_id: str = Field(
        min_length=16,
        pattern=r"^[0-9a-f]+$",
        description="stable id: the first 16 hex characters of the SHA-256 of the input's bytes",
    )
    source: Source = Field(description="the input document")
    title: str | None = Field(
        default=None, description="the document's title or headline; null if none found"
    )
    published: str | None = Field(
        default=None,
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="YYYY-MM-DD. For a decision: the decision date. For an article: the publication "
        "date. For other documents: the date they state they were published. Null if not found",
    )
    author: str | None = Field(default=None, description="byline of an article; null if none")
    publisher: str | None = Field(
        default=None, description="site or body that published it; null if not found"
    )
    councils: list[Council] = Field(default_factory=list, description="the councils the document names")
    outcome: Outcome | None = Field(
        default=None,
        description="a decision's result; null for documents that are not decisions",
    )
    category: Category | None = Field(
        default=None, description="a decision's category; null for documents that are not decisions"
    )
    themes: list[Theme] = Field(
        default_factory=list, description="fault themes, highest score first"
    )
    remedies: list[Remedy] = Field(
        default_factory=list, description="decisions: what the council agreed (or was asked) to do"
    )
    injustice: list[str] = Field(
        default_factory=list,
        description="decisions: the injustice ids (data/taxonomy.json \"injustice\") the statement finds, "
        "in text order; each id's sentence is in injustice_evidence",
        json_schema_extra=_labels("injustice"),
    )
    injustice_evidence: list[InjusticeEvidence] = Field(
        default_factory=list, description="the sentence that states each id in injustice"
    )
    legislation: list[Legislation] = Field(
        default_factory=list, description="Acts, regulations and statutory guidance cited"
    )
    references: list[Reference] = Field(
        default_factory=list, description="case references cited"
    )
    quotes: list[Quote] = Field(default_factory=list, description="quoted words and their speakers")
    statistics: list[Statistic] = Field(
        default_factory=list, description="numbers that measure something (not years, ages or section numbers)"
    )
    reports: list[Publication] = Field(
        default_factory=list, description="named reports and publications the document cites"
    )
    case_studies: list[CaseStudy] = Field(default_factory=list, description="reports: the cases they tell")
    recommendations: list[Evidence] = Field(default_factory=list, description="reports: what they recommend")
    organisations: list[Organisation] = Field(
        default_factory=list, description="organisations other than councils"
    )
    people: list[Person] = Field(
        default_factory=list, description="named people and pseudonymised parties"
    )
    money: list[Money] = Field(default_factory=list, description="sums of money in pounds")
    dates: list[DateMention] = Field(default_factory=list, description="dates the text writes")
    warnings: list[str] = Field(
        default_factory=list,
        description="what a reader should know about this record's reliability, e.g. \"no text layer "
        "on page 3\"",
    )
    model_set: ModelSet | None = Field(
        default=None,
        description="the decision model set that made outcome, category and themes (decisions); null when no "
        "trained model ran (articles, reports)",
    )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        schema = cls.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = "https://caretext.invalid/schema/findings-v1.json"
        schema["title"] = "caretext findings (schema version 1)"
        # every field is present in output, null or [] when it does not apply
        schema["required"] = list(cls.model_fields)
        return schema


class ErrorRecord(_Model):
    """One line of ``errors.jsonl``: a document that could not be read."""

    path: str | None = Field(description="path of the input; null when it was not a file")
    error: str = Field(description="error class code, e.g. corrupt_pdf")
    error_type: str = Field(description="Python class name in caretext.errors")
    message: str = Field(description="what went wrong, for a person to read")

    @classmethod
    def from_exception(cls, exc: BaseException, path: str | None) -> ErrorRecord:
        from caretext.errors import CaretextError

        if isinstance(exc, CaretextError):
            return cls(
                path=exc.path or path,
                error=exc.code,
                error_type=type(exc).__name__,
                message=exc.message,
            )
        return cls(
            path=path,
            error="internal_error",
            error_type=type(exc).__name__,
            message=f"unexpected failure: {exc!r}",
        )
