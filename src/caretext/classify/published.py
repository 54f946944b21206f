"""Outcome and category that the source itself publishes (an LGSCO page header).

These are reported as they are, with ``method="source_metadata"``; trained
models never read those lines (ingestion removes them from the prose).
"""

from __future__ import annotations

import re

from caretext.document import Document
from caretext.findings import Category, Outcome, vocabulary

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


def _key(label: str) -> str:
    return re.sub(r"\s+", " ", label.replace("’", "'").replace("‘", "'")).strip().lower()


def canonical_label(label: str | None, name: str) -> str | None:
    """The taxonomy's spelling of a label a page prints ("Children’s care services" with a curly
    apostrophe is "Children's care services"), so one category is one value in a table; a label the
    taxonomy does not know is kept as printed."""
    if label is None:
        return None
    known = {_key(v): v for v in vocabulary(name)}
    return known.get(_key(label), label.strip())


def published_category(doc: Document) -> Category | None:
    category = canonical_label(doc.source_metadata.get("category"), "category")
    if not category:
        return None
    return Category(
        category=category,
        subcategory=canonical_label(doc.source_metadata.get("subcategory"), "subcategory"),
        score=1.0,
        method="source_metadata",
    )
