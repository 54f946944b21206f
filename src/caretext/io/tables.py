"""Long, tidy tables from findings records: one row per thing, for pandas, DuckDB, R and spreadsheets.

A findings record nests (a council holds its mentions, a theme its evidence sentences); analysis wants
flat tables joined on ``doc_id``. Every table and column is declared here once, with its type and what
it means — :data:`TABLES` is the documentation (``caretext export --list`` prints it) and the Parquet
schema (explicit Arrow types, so an empty table still has its columns and a column of nulls keeps its
type). Offsets (``start``, ``end``) are character offsets into the document's clean text, end
exclusive, the text ``Archive.text(doc_id)`` returns; ``page`` is 1-based (PDFs), null elsewhere.

Plain Python: pyarrow is imported only to write Parquet or build Arrow tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

Row = dict[str, Any]
Record = dict[str, Any]


@dataclass(frozen=True)
class Column:
    name: str
    #: string | int64 | float64 | bool
    type: str
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[Record], Iterator[Row]]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, type_: str, description: str) -> Column:
    return Column(name, type_, description)


DOC_ID = _c("doc_id", "string", "the document's id (first 16 hex characters of its SHA-256); joins every table")
SPAN = (
    _c("text", "string", "the words as written in the document"),
    _c("start", "int64", "character offset of the first character in the clean text"),
    _c("end", "int64", "character offset just after the last character (end exclusive)"),
    _c("page", "int64", "1-based page the text starts on (PDFs); null for web pages and text files"),
)
NO_SPAN: Row = {"text": None, "start": None, "end": None, "page": None}


def _span(item: Record | None) -> Row:
    if not item:
        return dict(NO_SPAN)
    return {"text": item.get("text"), "start": item.get("start"), "end": item.get("end"), "page": item.get("page")}


def _subject(f: Record) -> Record | None:
    return next((c for c in f.get("councils", []) if c.get("role") == "subject"), None)


def _documents(f: Record) -> Iterator[Row]:
    src = f["source"]
    subject = _subject(f)
    outcome = f.get("outcome") or {}
    category = f.get("category") or {}
    payments = [r["amount_gbp"] for r in f.get("remedies", []) if r.get("amount_gbp") is not None]
    decision = src.get("kind") == "decision"
    yield {
        "doc_id": f["doc_id"],
        "path": src.get("path"),
        "kind": src.get("kind"),
        "format": src.get("format"),
        "pages": src.get("pages"),
        "sha256": src.get("sha256"),
        "title": f.get("title"),
        "decision_date": f.get("published") if decision else None,
        "published": None if decision else f.get("published"),
        "author": f.get("author"),
        "publisher": f.get("publisher"),
        "subject_council": subject.get("name") if subject else None,
        "subject_gss": subject.get("gss") if subject else None,
        "subject_code": subject.get("code") if subject else None,
        "outcome": outcome.get("label"),
        "outcome_detail": outcome.get("detail"),
        "outcome_score": outcome.get("score"),
        "outcome_method": outcome.get("method"),
        "outcome_rule": outcome.get("rule"),
        "category": category.get("category"),
        "subcategory": category.get("subcategory"),
        "category_score": category.get("score"),
        "category_method": category.get("method"),
        "category_rule": category.get("rule"),
        "payments_total_gbp": round(sum(payments), 2) if payments else None,
        "n_remedies": len(f.get("remedies", [])),
        "n_councils": len(f.get("councils", [])),
        "n_quotes": len(f.get("quotes", [])),
        "n_statistics": len(f.get("statistics", [])),
        "n_warnings": len(f.get("warnings", [])),
        "model_set": (f.get("model_set") or {}).get("id"),
    }


def _paths(f: Record) -> Iterator[Row]:
    src = f["source"]
    for path in [src.get("path"), *src.get("also_at", [])]:
        yield {"doc_id": f["doc_id"], "path": path}


def _councils(f: Record) -> Iterator[Row]:
    for c in f.get("councils", []):
        base = {
            "doc_id": f["doc_id"],
            "council": c.get("name"),
            "gss": c.get("gss"),
            "code": c.get("code"),
            "role": c.get("role"),
            "council_score": c.get("score"),
        }
        for m in c.get("mentions") or [None]:
            yield {**base, **_span(m), **_how(m)}


def _how(m: Record | None) -> Row:
    m = m or {}
    return {"method": m.get("method"), "score": m.get("score"), "rule": m.get("rule")}


def _themes(f: Record) -> Iterator[Row]:
    for t in f.get("themes", []):
        base = {"doc_id": f["doc_id"], "theme": t.get("label"), "theme_score": t.get("score"),
                "method": t.get("method"), "rule": t.get("rule")}
        for e in t.get("evidence") or [None]:
            yield {**base, **_span(e)}


def _remedy_rows(doc_id: str, remedies: Iterable[Record], case_study: int | None) -> Iterator[Row]:
    for r in remedies:
        yield {
            "doc_id": doc_id,
            "case_study": case_study,
            "type": r.get("type"),
            "amount_gbp": r.get("amount_gbp"),
            "recipient": r.get("recipient"),
            "purpose": r.get("purpose"),
            "deadline": r.get("deadline"),
            "status": r.get("status"),
            "rule": r.get("rule"),
            **_span(r),
        }


def _remedies(f: Record) -> Iterator[Row]:
    yield from _remedy_rows(f["doc_id"], f.get("remedies", []), None)
    for i, case in enumerate(f.get("case_studies", [])):
        yield from _remedy_rows(f["doc_id"], case.get("remedies", []), i)


def _injustice(f: Record) -> Iterator[Row]:
    evidence = f.get("injustice_evidence", [])
    for label in f.get("injustice", []):
        items = [e for e in evidence if e.get("label") == label] or [None]
        for e in items:
            yield {"doc_id": f["doc_id"], "injustice": label, **_span(e)}


def _quotes(f: Record) -> Iterator[Row]:
    for q in f.get("quotes", []):
        yield {"doc_id": f["doc_id"], "speaker": q.get("speaker"), "role": q.get("role"),
               "organisation": q.get("organisation"), "rule": q.get("rule"), **_span(q)}


def _statistics(f: Record) -> Iterator[Row]:
    for s in f.get("statistics", []):
        yield {"doc_id": f["doc_id"], "value": s.get("value"), "unit": s.get("unit"), "subject": s.get("subject"),
               "period": s.get("period"), "rule": s.get("rule"), **_span(s)}


def _entities(f: Record) -> Iterator[Row]:
    doc_id = f["doc_id"]

    def row(type_: str, name: Any, value: Any = None, number: Any = None, detail: Any = None,
            organisation: Any = None, span: Record | None = None) -> Row:
        return {"doc_id": doc_id, "type": type_, "name": name, "value": value, "number": number,
                "detail": detail, "organisation": organisation, **_span(span), **_how(span)}

    for p in f.get("people", []):
        for m in p.get("mentions") or [None]:
            yield row("pseudonym" if p.get("pseudonym") else "person", p.get("name"), detail=p.get("role"),
                      organisation=p.get("organisation"), span=m)
    for o in f.get("organisations", []):
        for m in o.get("mentions") or [None]:
            yield row("organisation", o.get("name"), value=o.get("id"), detail=o.get("type"),
                      organisation=o.get("role"), span=m)
    for leg in f.get("legislation", []):
        yield row("legislation", leg.get("title"), value=leg.get("section"), detail=leg.get("kind"), span=leg)
    for ref in f.get("references", []):
        yield row("reference", ref.get("scheme"), value=ref.get("id"), span={**ref, "text": ref.get("id")})
    for m in f.get("money", []):
        yield row("money", m.get("text"), number=m.get("value_gbp"), detail=m.get("per"), span=m)
    for d in f.get("dates", []):
        yield row("date", d.get("text"), value=d.get("iso"), span=d)
    for pub in f.get("reports", []):
        yield row("publication", pub.get("title"), organisation=pub.get("publisher"), span=pub)


def _case_studies(f: Record) -> Iterator[Row]:
    for i, case in enumerate(f.get("case_studies", [])):
        outcome = case.get("outcome") or {}
        yield {"doc_id": f["doc_id"], "case_study": i, "title": case.get("title"), "council": case.get("council"),
               "gss": case.get("gss"), "outcome": outcome.get("label"), "outcome_detail": outcome.get("detail"),
               "n_remedies": len(case.get("remedies", [])), "start": case.get("start"), "end": case.get("end"),
               "page": case.get("page")}


def _recommendations(f: Record) -> Iterator[Row]:
    for r in f.get("recommendations", []):
        yield {"doc_id": f["doc_id"], **_span(r)}


def _warnings(f: Record) -> Iterator[Row]:
    for w in f.get("warnings", []):
        yield {"doc_id": f["doc_id"], "warning": w}


def _errors(e: Record) -> Iterator[Row]:
    yield {"path": e.get("path"), "error": e.get("error"), "error_type": e.get("error_type"),
           "message": e.get("message")}


_METHOD = (
    _c("method", "string", "how it was found: alias | fuzzy | anaphora | list | acronym | pattern"),
    _c("score", "float64", "score of the match, 0-1 (null where a rule has no score)"),
    _c("rule", "string", "id of the rule that found it, in the rule files of caretext/data"),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("documents", "one row per distinct document analysed", (
            DOC_ID,
            _c("path", "string", "the file it was read from (the first path; others in the paths table)"),
            _c("kind", "string", "decision | report | article | other"),
            _c("format", "string", "pdf | html | text"),
            _c("pages", "int64", "pages of a PDF; 1 for other formats"),
            _c("sha256", "string", "SHA-256 of the file's bytes"),
            _c("title", "string", "title or heading"),
            _c("decision_date", "string", "decisions: the date of the decision (ISO 8601), else null"),
            _c("published", "string", "articles and reports: the publication date (ISO 8601); null for decisions"),
            _c("author", "string", "byline of an article"),
            _c("publisher", "string", "site or body that published it"),
            _c("subject_council", "string", "the council the document is about (canonical name)"),
            _c("subject_gss", "string", "its ONS GSS code"),
            _c("subject_code", "string", "its mySociety local-authority code"),
            _c("outcome", "string", "decisions: upheld | not_upheld | closed_after_initial_enquiries"),
            _c("outcome_detail", "string", "decisions: the finer outcome (e.g. fault_injustice_remedied)"),
            _c("outcome_score", "float64", "confidence in the outcome, 0-1"),
            _c("outcome_method", "string", "model | rule | source_metadata"),
            _c("outcome_rule", "string", "id of the outcome rule that decided it (data/outcome_rules.jsonl)"),
            _c("category", "string", "the Ombudsman's category (e.g. Education)"),
            _c("subcategory", "string", "the Ombudsman's published subcategory (e.g. Special educational needs)"),
            _c("category_score", "float64", "confidence in the category, 0-1"),
            _c("category_method", "string", "model | rule | cues"),
            _c("category_rule", "string", "id of the category rule or subcategory cue that decided it"),
            _c("payments_total_gbp", "float64", "sum of the payments the remedies name with a figure, in pounds"),
            _c("n_remedies", "int64", "remedies found (rows in the remedies table with no case_study)"),
            _c("n_councils", "int64", "councils named"),
            _c("n_quotes", "int64", "quotes found"),
            _c("n_statistics", "int64", "statistics found"),
            _c("n_warnings", "int64", "warnings about the document (rows in the warnings table)"),
            _c("model_set", "string", "id of the decision model set that classified it (shipped-... or own-...)"),
        ), _documents),
        Table("paths", "every path a document was found at (the same content at several paths is analysed once)", (
            DOC_ID, _c("path", "string", "a path with this content"),
        ), _paths),
        Table("councils", "one row per mention of a council (a council with no mention, e.g. named only in a "
              "page header, has one row with null text)", (
            DOC_ID,
            _c("council", "string", "canonical council name"),
            _c("gss", "string", "ONS GSS code"),
            _c("code", "string", "mySociety local-authority code"),
            _c("role", "string", "subject: the council the document is about; mentioned: any other"),
            _c("council_score", "float64", "best match score over its mentions, 0-1"),
            *SPAN, *_METHOD,
        ), _councils),
        Table("themes", "one row per evidence sentence of a theme (a theme without evidence: one row, null text)", (
            DOC_ID,
            _c("theme", "string", "theme label (see caretext schema for the list)"),
            _c("theme_score", "float64", "confidence in the theme, 0-1"),
            _c("method", "string", "model | rule | model+rule"),
            _c("rule", "string", "id of the theme rule that found it, if a rule did"),
            *SPAN,
        ), _themes),
        Table("remedies", "one row per remedy: a decision's, or a report's case study's (case_study set)", (
            DOC_ID,
            _c("case_study", "int64", "index into case_studies for a report's case; null for the document's own"),
            _c("type", "string", "remedy type (apology, payment, ...; see caretext schema)"),
            _c("amount_gbp", "float64", "the sum in pounds where one is named; null if none"),
            _c("recipient", "string", "who receives it, as written"),
            _c("purpose", "string", "what a payment is for, as written"),
            _c("deadline", "string", 'as written, e.g. "within one month"'),
            _c("status", "string", "agreed | provided | offered"),
            _c("rule", "string", "id of the remedy rule that found it (data/remedy_rules.jsonl), or money"),
            *SPAN,
        ), _remedies),
        Table("injustice", "one row per injustice stated, with the sentence that states it", (
            DOC_ID, _c("injustice", "string", "injustice id (see caretext schema)"), *SPAN,
        ), _injustice),
        Table("quotes", "one row per quote, with who said it", (
            DOC_ID,
            _c("speaker", "string", "who said it (a person, a body, or an unnamed speaker as described)"),
            _c("role", "string", "the speaker's role, as written"),
            _c("organisation", "string", "the body the speaker speaks for"),
            _c("rule", "string", "how the speaker was found, e.g. verb-after"),
            *SPAN,
        ), _quotes),
        Table("statistics", "one row per statistic: a number that measures something", (
            DOC_ID,
            _c("value", "float64", "the number (a percentage as 40.0, a ratio as 0.2, £2.3m as 2300000)"),
            _c("unit", "string", "percent | count | gbp | ratio | times; a rate adds _per_day|week|month|year"),
            _c("subject", "string", "what it counts, as written"),
            _c("period", "string", "the years or span it covers, as written"),
            _c("rule", "string", "which pattern found it"),
            *SPAN,
        ), _statistics),
        Table("entities", "one row per mention of a person, pseudonymised party, organisation, legislation, "
              "reference, sum of money, date or named publication", (
            DOC_ID,
            _c("type", "string", "person | pseudonym | organisation | legislation | reference | money | date | "
               "publication"),
            _c("name", "string", "canonical name (person, organisation, act title, publication title); scheme for "
               "references; the text for money and dates"),
            _c("value", "string", "organisation id | legislation section | reference id | ISO date"),
            _c("number", "float64", "money: the sum in pounds"),
            _c("detail", "string", "person: role; organisation: type; legislation: act | regulations | guidance; "
               "money: the rate (week, month...)"),
            _c("organisation", "string", "person: the body they work for; organisation: subject | mentioned; "
               "publication: its publisher"),
            *SPAN, *_METHOD,
        ), _entities),
        Table("case_studies", "reports: one row per case told", (
            DOC_ID,
            _c("case_study", "int64", "index of the case in the report (joins remedies.case_study)"),
            _c("title", "string", "the case's heading"),
            _c("council", "string", "the council the case is about"),
            _c("gss", "string", "its ONS GSS code"),
            _c("outcome", "string", "upheld | not_upheld | closed_after_initial_enquiries"),
            _c("outcome_detail", "string", "the finer outcome"),
            _c("n_remedies", "int64", "remedies found in the case"),
            _c("start", "int64", "offset where the case starts"),
            _c("end", "int64", "offset where it ends (exclusive)"),
            _c("page", "int64", "1-based page it starts on"),
        ), _case_studies),
        Table("recommendations", "reports: one row per recommendation", (DOC_ID, *SPAN), _recommendations),
        Table("warnings", "one row per warning about a document (damaged text, no subject council, ...)", (
            DOC_ID, _c("warning", "string", "what the reader should know"),
        ), _warnings),
        Table("errors", "one row per file that could not be read, and why", (
            _c("path", "string", "the file"),
            _c("error", "string", "error class code, e.g. corrupt_pdf"),
            _c("error_type", "string", "Python class name in caretext.errors"),
            _c("message", "string", "what went wrong, in words"),
        ), _errors),
    )
}

#: tables made from error records rather than findings
ERROR_TABLES = frozenset({"errors"})


def rows(table: str, records: Iterable[Record]) -> Iterator[Row]:
    """The rows of ``table`` from findings records (or error records for ``errors``), in the table's
    column order."""
    spec = TABLES[table]
    names = spec.names
    for record in records:
        for row in spec.rows(record):
            yield {name: row.get(name) for name in names}


def arrow_schema(table: str) -> Any:
    """The explicit Arrow schema of ``table`` (column descriptions as field metadata)."""
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    spec = TABLES[table]
    return pa.schema(
        [pa.field(c.name, types[c.type], nullable=True, metadata={"description": c.description}) for c in spec.columns],
        metadata={"description": spec.description, "table": spec.name},
    )


def to_arrow(table: str, records: Iterable[Record]) -> Any:
    """A ``pyarrow.Table`` of ``table``."""
    import pyarrow as pa

    schema = arrow_schema(table)
    data = list(rows(table, records))
    return pa.Table.from_pylist(data, schema=schema)


def describe() -> str:
    """Every table and column with its type and meaning, as Markdown (``caretext export --list``)."""
    out = []
    for spec in TABLES.values():
        out.append(f"## {spec.name}\n\n{spec.description}\n\n| column | type | meaning |\n|---|---|---|")
        out += [f"| {c.name} | {c.type} | {c.description} |" for c in spec.columns]
        out.append("")
    return "\n".join(out)
