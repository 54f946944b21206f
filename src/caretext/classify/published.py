"""Outcome and category that the source itself publishes (an LGSCO page header).

These are reported as they are, with ``method="source_metadata"``; trained
models never read those lines (ingestion removes them from the prose).
"""

from __future__ import annotations

from caretext.document import Document
from caretext.findings import Category, Outcome

_OUTCOMES = {
    "upheld": "upheld",
    "not upheld": "not_upheld",
    "closed after initial enquiries": "closed_after_initial_enquiries",
}


def published_outcome(doc: Document) -> Outcome | None:
    label = _OUTCOMES.get(doc.source_metadata.get("decision", "").strip().lower())
    if label is None:
        return None
    return Outcome(label=label, detail=None, score=1.0, evidence=None, method="source_metadata")  # type: ignore[arg-type]


def published_category(doc: Document) -> Category | None:
    category = doc.source_metadata.get("category")
    if not category:
        return None
    return Category(
        category=category,
        subcategory=doc.source_metadata.get("subcategory"),
        score=1.0,
        method="source_metadata",
    )
