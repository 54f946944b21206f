"""The numbers behind the report, in one pass over a tagged archive.

Everything the pages and charts show is a pandas DataFrame built here, so the same figures are
available to a library user (:func:`council_profiles`) and written as CSV beside the pages: a
reader can check every number in a picture against a table.

Councils are keyed by GSS code (or the gazetteer's own code for bodies without one), so a
council renamed or abolished keeps one page. A document that names no subject council is
counted under the labelled bucket :data:`UNKNOWN`; one with no date under the year "unknown".
The upheld rate of each council comes with a Wilson score interval, so that a council with
three decisions is not ranked above one with three hundred on a lucky ratio.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from caretext.findings import Findings

#: the bucket for documents that name no subject council
UNKNOWN = "unknown"
#: evidence sentences kept per council and theme
EVIDENCE_PER_THEME = 3
#: z for a 95% interval
Z95 = 1.959964


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts, a missing value as None (never NaN, which a page would print as "nan")."""
    if not len(frame):
        return []
    return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")


def wilson(upheld: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a proportion ``upheld / n`` (0, 0 when n is 0)."""
    if n == 0:
        return 0.0, 0.0
    p = upheld / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _year(iso: str | None) -> str:
    return iso[:4] if iso and len(iso) >= 4 and iso[:4].isdigit() else UNKNOWN


def _subject(f: Findings) -> tuple[str, str]:
    """(key, name) of the council a document is about: the first subject council, else unknown."""
    for c in f.councils:
        if c.role == "subject":
            return (c.gss or c.code or c.name), c.name
    return UNKNOWN, "Unknown council"


@dataclass
class Archive:
    """What the report needs from an archive: one row per document and the per-council details."""

    documents: pd.DataFrame
    themes: pd.DataFrame
    remedies: pd.DataFrame
    evidence: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    press: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


def read_archive(findings: Any, each: Callable[[Findings, str, str], None] | None = None) -> Archive:
    """One pass over ``findings`` (an iterable of :class:`caretext.Findings`); ``each(findings,
    council_key, council_name)`` is called for every document as it passes (the report writes the
    document's page there, so no document is held after its turn)."""
    docs: list[dict[str, Any]] = []
    theme_rows: list[dict[str, Any]] = []
    remedy_rows: list[dict[str, Any]] = []
    evidence: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    press: dict[str, list[dict[str, Any]]] = defaultdict(list)
    names: dict[str, str] = {UNKNOWN: "Unknown council"}
    for f in findings:
        key, name = _subject(f)
        names.setdefault(key, name)
        if each is not None:
            each(f, key, name)
        kind = f.source.kind
        payments = sum(r.amount_gbp or 0.0 for r in f.remedies if r.type == "payment")
        docs.append(
            {
                "doc_id": f.doc_id,
                "kind": kind,
                "title": f.title or (f.source.path or f.doc_id).rsplit("/", 1)[-1],
                "path": f.source.path,
                "date": f.published,
                "year": _year(f.published),
                "council": key,
                "council_name": name,
                "outcome": f.outcome.label if f.outcome else None,
                "category": f.category.category if f.category else None,
                "subcategory": (f.category.subcategory if f.category else None) or None,
                "payments_gbp": payments,
                "remedies": len(f.remedies),
                "themes": ";".join(t.label for t in f.themes),
                "quotes": len(f.quotes),
                "statistics": len(f.statistics),
            }
        )
        for t in f.themes:
            theme_rows.append({"doc_id": f.doc_id, "kind": kind, "council": key, "theme": t.label})
            if kind == "decision" and len(evidence[(key, t.label)]) < EVIDENCE_PER_THEME and t.evidence:
                ev = t.evidence[0]
                evidence[(key, t.label)].append({"doc_id": f.doc_id, "text": ev.text, "start": ev.start})
        for r in f.remedies:
            remedy_rows.append(
                {"doc_id": f.doc_id, "council": key, "type": r.type, "amount_gbp": r.amount_gbp, "year": _year(f.published)}
            )
        if kind in ("article", "report"):
            councils = {c.gss or c.code or c.name: c.name for c in f.councils}
            for c_key, c_name in councils.items():
                names.setdefault(c_key, c_name)
                press[c_key].append(
                    {
                        "doc_id": f.doc_id,
                        "title": f.title,
                        "date": f.published,
                        "publisher": f.publisher,
                        "quotes": [(q.speaker, q.organisation, q.text) for q in f.quotes[:6]],
                        "statistics": [s.text + (f" ({s.subject})" if s.subject else "") for s in f.statistics[:6]],
                    }
                )
    columns = ["doc_id", "kind", "title", "path", "date", "year", "council", "council_name", "outcome", "category",
               "subcategory", "payments_gbp", "remedies", "themes", "quotes", "statistics"]  # fmt: skip
    return Archive(
        documents=pd.DataFrame(docs, columns=columns),
        themes=pd.DataFrame(theme_rows, columns=["doc_id", "kind", "council", "theme"]),
        remedies=pd.DataFrame(remedy_rows, columns=["doc_id", "council", "type", "amount_gbp", "year"]),
        evidence=dict(evidence),
        press=dict(press),
        names=names,
    )


def league_table(archive: Archive) -> pd.DataFrame:
    """One row per council with decisions: decisions, upheld, upheld rate and its 95% interval,
    the archive's overall rate, payments, top three fault themes; sorted by decisions."""
    decisions = archive.documents[archive.documents["kind"] == "decision"]
    overall = float((decisions["outcome"] == "upheld").mean()) if len(decisions) else 0.0
    themes = archive.themes[archive.themes["kind"] == "decision"]
    top: dict[str, str] = {
        str(council): ", ".join(t for t, _ in Counter(group["theme"]).most_common(3))
        for council, group in themes.groupby("council")
    }
    rows = []
    for council, group in decisions.groupby("council"):
        n = len(group)
        upheld = int((group["outcome"] == "upheld").sum())
        low, high = wilson(upheld, n)
        rows.append(
            {
                "council": council,
                "name": archive.names.get(str(council), str(council)),
                "decisions": n,
                "upheld": upheld,
                "upheld_rate": round(upheld / n, 4),
                "rate_low": round(low, 4),
                "rate_high": round(high, 4),
                "overall_rate": round(overall, 4),
                # above or below the archive's rate only when the interval says so
                "against_overall": "above" if low > overall else "below" if high < overall else "in line",
                "payments_gbp": float(group["payments_gbp"].sum()),
                "top_themes": top.get(str(council), ""),
                "articles": len(archive.press.get(str(council), [])),
            }
        )
    columns = ["council", "name", "decisions", "upheld", "upheld_rate", "rate_low", "rate_high", "overall_rate",
               "against_overall", "payments_gbp", "top_themes", "articles"]  # fmt: skip
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["decisions", "name"], ascending=[False, True]).reset_index(drop=True)


def overview_tables(archive: Archive) -> dict[str, pd.DataFrame]:
    """The overview's tables: documents by kind, outcomes, categories and subcategories, fault
    themes, remedies and payments, decisions by year and outcome."""
    docs = archive.documents
    decisions = docs[docs["kind"] == "decision"]

    def counts(frame: pd.DataFrame, column: str, name: str) -> pd.DataFrame:
        values = frame[column].fillna(UNKNOWN)
        out = values.value_counts().rename_axis(name).reset_index(name="documents")
        return out.sort_values(["documents", name], ascending=[False, True]).reset_index(drop=True)

    by_year = (
        decisions.assign(outcome=decisions["outcome"].fillna(UNKNOWN))
        .groupby(["year", "outcome"])
        .size()
        .reset_index(name="decisions")
    )
    remedies = archive.remedies
    remedy_table = (
        remedies.groupby("type")
        .agg(remedies=("doc_id", "size"), payments_gbp=("amount_gbp", lambda s: float(s.fillna(0).sum())))
        .reset_index()
        .sort_values(["remedies", "type"], ascending=[False, True])
        .reset_index(drop=True)
        if len(remedies)
        else pd.DataFrame(columns=["type", "remedies", "payments_gbp"])
    )
    themes = archive.themes[archive.themes["kind"] == "decision"]
    return {
        "kinds": counts(docs, "kind", "kind"),
        "outcomes": counts(decisions, "outcome", "outcome"),
        "categories": counts(decisions, "category", "category"),
        "subcategories": counts(decisions, "subcategory", "subcategory"),
        "themes": counts(themes, "theme", "theme") if len(themes) else pd.DataFrame(columns=["theme", "documents"]),
        "remedies": remedy_table,
        "years": by_year.sort_values(["year", "outcome"]).reset_index(drop=True),
    }


def council_profiles(store: Any) -> dict[str, pd.DataFrame]:
    """The report's aggregates for a tagged archive (``caretext.open_store(OUT)`` or an OUT path):
    ``league`` (one row per council), ``documents`` (one row per document) and the overview's
    tables (``kinds``, ``outcomes``, ``categories``, ``subcategories``, ``themes``, ``remedies``,
    ``years``)."""
    from caretext.store import StoreReader

    if isinstance(store, StoreReader):
        archive = read_archive(store.findings())
    else:
        with StoreReader(store) as reader:
            archive = read_archive(reader.findings())
    return {"league": league_table(archive), "documents": archive.documents, **overview_tables(archive)}
