"""The findings contract (schema version 1) as typed models.

Field names and meanings follow ``design/findings.md`` exactly; they are a
public contract read by other tools. Every field is always present: ``null``
for objects that do not apply, ``[]`` for empty lists. ``Findings.json_schema()``
is what ``caretext schema`` prints.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from caretext.document import Document, Format, Kind

SCHEMA_VERSION: Literal["1"] = "1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Any:
        return cls.model_validate(data)


class Evidence(_Model):
    """A slice of the extracted text: ``text == document_text[start:end]``."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    page: int | None = Field(default=None, ge=1, description="1-based page (PDFs)")

    @classmethod
    def at(cls, document: Document, start: int, end: int) -> Evidence:
        """The evidence for ``document.text[start:end]``, with its page."""
        return cls(text=document.text[start:end], start=start, end=end, page=document.page_at(start))


class Mention(Evidence):
    """Where a name was found, and how: ``method`` alias | fuzzy | anaphora | list |
    acronym | pattern, ``score`` of the match, ``rule`` the id of the rule that fired."""

    method: str | None = None
    score: float | None = Field(default=None, ge=0.0, le=1.0)
    rule: str | None = None


class Source(_Model):
    path: str | None
    kind: Kind
    format: Format
    pages: int = Field(ge=0)
    sha256: str
    also_at: list[str] = Field(
        default_factory=list, description="other paths with the same content (a batch analyses it once)"
    )


class Council(_Model):
    name: str = Field(description="canonical name")
    gss: str | None = Field(description="ONS GSS code, null if none")
    code: str | None = Field(default=None, description="mySociety local-authority code")
    role: Literal["subject", "mentioned"]
    score: float = Field(ge=0.0, le=1.0)
    mentions: list[Mention] = Field(default_factory=list)


class Outcome(_Model):
    label: Literal["upheld", "not_upheld", "closed_after_initial_enquiries"]
    detail: str | None = None
    score: float = Field(ge=0.0, le=1.0)
    evidence: Evidence | None = None
    method: str | None = Field(default=None, description="model | rule | source_metadata")
    rule: str | None = Field(default=None, description="id of the outcome rule that decided it")


class Category(_Model):
    category: str
    subcategory: str | None = None
    score: float = Field(ge=0.0, le=1.0)
    method: str | None = None
    rule: str | None = Field(
        default=None,
        description="id of the category rule (data/category_rules.jsonl) or the subcategory cues "
        "(data/subcategory_cues.jsonl) that decided it",
    )


class Theme(_Model):
    label: str
    score: float = Field(ge=0.0, le=1.0)
    evidence: list[Evidence] = Field(default_factory=list)
    method: str | None = Field(default=None, description="model | rule | model+rule")
    rule: str | None = Field(default=None, description="id of the theme rule that found it, if a rule did")


class Remedy(_Model):
    type: str
    amount_gbp: float | None = None
    recipient: str | None = None
    purpose: str | None = None
    text: str
    start: int
    end: int
    page: int | None = None
    deadline: str | None = Field(default=None, description='as written, e.g. "within one month"')
    rule: str | None = Field(default=None, description="id of the remedy rule that found it")
    status: Literal["agreed", "provided", "offered"] = Field(
        default="agreed",
        description="agreed: the council agreed (or was asked) to do it; provided: already done before the decision; "
        "offered: an offer the statement judges adequate",
    )


class CaseStudy(_Model):
    """One case told in an Ombudsman report, read like a small decision."""

    title: str
    council: str | None = Field(default=None, description="the council the case is about (canonical name)")
    gss: str | None = None
    outcome: Outcome | None = None
    remedies: list[Remedy] = Field(default_factory=list)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    page: int | None = None


class InjusticeEvidence(Evidence):
    """The sentence that states one injustice id (``injustice`` holds the ids alone)."""

    label: str


class Legislation(_Model):
    title: str
    section: str | None = None
    kind: str | None = Field(default=None, description="act | regulations | guidance")
    text: str
    start: int
    end: int
    page: int | None = None


class Reference(_Model):
    scheme: str
    id: str
    start: int
    end: int
    page: int | None = None


class Quote(_Model):
    speaker: str | None
    role: str | None = None
    organisation: str | None = None
    text: str
    start: int
    end: int
    page: int | None = None
    rule: str | None = Field(default=None, description="how the speaker was found, e.g. verb-after")


class Statistic(_Model):
    text: str
    value: float
    unit: str = Field(description="percent | count | gbp | ratio | times, a rate adds _per_day|week|month|year")
    subject: str | None = None
    period: str | None = None
    start: int
    end: int
    page: int | None = None
    rule: str | None = None


class Publication(_Model):
    """A named report or publication an article is about or cites ("Lost in Transition",
    an annual review), with the body that published it where the text says."""

    title: str
    publisher: str | None = None
    text: str
    start: int
    end: int
    page: int | None = None


class Organisation(_Model):
    name: str
    id: str | None = Field(default=None, description="id in caretext's organisation list")
    type: str | None = None
    mentions: list[Mention] = Field(default_factory=list)
    role: Literal["subject", "mentioned"] = Field(
        default="mentioned",
        description="subject: the body a decision is about when it is not a council (a school's admission "
        "authority); mentioned: any other",
    )


class Person(_Model):
    name: str
    role: str | None = None
    organisation: str | None = None
    pseudonym: bool = Field(
        default=False, description="a pseudonymised party (Mr X, Child B), never a real person"
    )
    mentions: list[Mention] = Field(default_factory=list)


class Money(_Model):
    """A sum in pounds: "£300 a month" → value_gbp 300, per "month"."""

    text: str
    value_gbp: float
    per: str | None = None
    start: int
    end: int
    page: int | None = None


class DateMention(_Model):
    text: str
    iso: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    start: int
    end: int
    page: int | None = None


class Findings(_Model):
    """One record per readable input document."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    doc_id: str = Field(min_length=16, pattern=r"^[0-9a-f]+$")
    source: Source
    title: str | None = None
    published: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    author: str | None = Field(default=None, description="byline of an article")
    publisher: str | None = Field(default=None, description="site or body that published it")
    councils: list[Council] = Field(default_factory=list)
    outcome: Outcome | None = None
    category: Category | None = None
    themes: list[Theme] = Field(default_factory=list)
    remedies: list[Remedy] = Field(default_factory=list)
    injustice: list[str] = Field(default_factory=list)
    injustice_evidence: list[InjusticeEvidence] = Field(default_factory=list)
    legislation: list[Legislation] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    statistics: list[Statistic] = Field(default_factory=list)
    reports: list[Publication] = Field(default_factory=list)
    case_studies: list[CaseStudy] = Field(default_factory=list, description="reports: the cases they tell")
    recommendations: list[Evidence] = Field(default_factory=list, description="reports: what they recommend")
    organisations: list[Organisation] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    money: list[Money] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

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

    path: str | None
    error: str = Field(description="error class code, e.g. corrupt_pdf")
    error_type: str = Field(description="Python class name in caretext.errors")
    message: str

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
