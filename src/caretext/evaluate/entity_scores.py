"""Score the entity pipeline against gold documents (``caretext evaluate entities``).

Per type: precision, recall and F1 on exact spans (the predicted start and end
equal the gold ones) and on overlapping spans; for councils also the linked
score (span and GSS code both right) and the share of exactly found council
spans linked to the right code; for money, dates and legislation the share of
exactly found spans whose value, ISO date or title is right. "the Council"
mentions are not scored (the gold leaves them unmarked by design).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from caretext.document import Document, PageSpan
from caretext.evaluate.entity_markup import GoldDocument, GoldSpan, read_gold_dir
from caretext.findings import Findings

TYPES = ("COUNCIL", "ORG", "PERSON", "PSEUDONYM", "LEGISLATION", "REFERENCE", "MONEY", "DATE")


@dataclass(frozen=True)
class Predicted:
    type: str
    start: int
    end: int
    text: str
    value: str | None = None  # gss, iso date, money value or legislation title


def predicted_spans(findings: Findings) -> list[Predicted]:
    """Every scored entity mention of one findings record, as flat typed spans."""
    out = []
    for c in findings.councils:
        for m in c.mentions:
            if m.method != "anaphora":
                out.append(Predicted("COUNCIL", m.start, m.end, m.text, c.gss or f"LA:{c.code}"))
    for o in findings.organisations:
        out.extend(Predicted("ORG", m.start, m.end, m.text) for m in o.mentions)
    for p in findings.people:
        kind = "PSEUDONYM" if p.pseudonym else "PERSON"
        out.extend(Predicted(kind, m.start, m.end, m.text) for m in p.mentions)
    out.extend(
        Predicted("LEGISLATION", x.start, x.end, x.text, x.title) for x in findings.legislation
    )
    out.extend(Predicted("REFERENCE", x.start, x.end, x.id) for x in findings.references)
    out.extend(
        Predicted("MONEY", x.start, x.end, x.text, f"{x.value_gbp:g}") for x in findings.money
    )
    out.extend(Predicted("DATE", x.start, x.end, x.text, x.iso) for x in findings.dates)
    return out


def gold_value(span: GoldSpan) -> str | None:
    if span.type == "COUNCIL":
        gss = span.attrs.get("gss")
        return None if gss in (None, "none") else gss
    if span.type == "MONEY":
        return f"{float(span.attrs['value']):g}" if "value" in span.attrs else None
    if span.type == "DATE":
        return span.attrs.get("iso")
    if span.type == "LEGISLATION":
        return span.attrs.get("title")
    return None


def document_of(gold: GoldDocument) -> Document:
    text = gold.text
    paragraphs, start = [], 0
    for block in text.split("\n\n"):
        if block.strip():
            paragraphs.append((start, start + len(block)))
        start += len(block) + 2
    return Document(
        text=text,
        pages=[PageSpan(1, 0, len(text))],
        format="text",
        kind=gold.meta.get("kind", "other"),  # type: ignore[arg-type]
        path=str(gold.path),
        published=gold.meta.get("date") or None,
        paragraphs=paragraphs,
    )


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class EntityReport:
    exact: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    overlap: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    linked: Counts = field(default_factory=Counts)
    value_right: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    errors: list[dict[str, Any]] = field(default_factory=list)
    documents: int = 0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"documents": self.documents, "types": {}}
        for t in TYPES:
            p, r, f = self.exact[t].prf()
            _op, _or, of = self.overlap[t].prf()
            row = {
                "precision": round(p, 4),
                "recall": round(r, 4),
                "f1": round(f, 4),
                "overlap_f1": round(of, 4),
                "gold": self.exact[t].tp + self.exact[t].fn,
                "predicted": self.exact[t].tp + self.exact[t].fp,
            }
            values = self.value_right.get(t)
            if values:
                row["value_accuracy"] = round(sum(values) / len(values), 4)
            out["types"][t] = row
        totals = Counts(
            *(sum(getattr(self.exact[t], k) for t in TYPES) for k in ("tp", "fp", "fn"))
        )
        out["micro_f1"] = round(totals.prf()[2], 4)
        out["council_linked_f1"] = round(self.linked.prf()[2], 4)
        return out


def score(golds: Iterable[GoldDocument]) -> EntityReport:
    from caretext.analysis import analyze

    report = EntityReport()
    for gold in golds:
        report.documents += 1
        predicted = predicted_spans(analyze(document_of(gold)))
        _score_one(report, gold, predicted)
    return report


def _score_one(report: EntityReport, gold: GoldDocument, predicted: list[Predicted]) -> None:
    for t in TYPES:
        g = [s for s in gold.spans if s.type == t]
        p = [s for s in predicted if s.type == t]
        g_exact = {(s.start, s.end): s for s in g}
        p_exact = {(s.start, s.end): s for s in p}
        hits = g_exact.keys() & p_exact.keys()
        report.exact[t].tp += len(hits)
        report.exact[t].fp += len(p_exact.keys() - hits)
        report.exact[t].fn += len(g_exact.keys() - hits)
        for key in hits:
            want = gold_value(g_exact[key])
            if want is not None and t in ("COUNCIL", "MONEY", "DATE", "LEGISLATION"):
                report.value_right[t].append(p_exact[key].value == want)
        o_tp_g = sum(any(q.start < s.end and s.start < q.end for q in p) for s in g)
        o_tp_p = sum(any(q.start < s.end and s.start < q.end for q in g) for s in p)
        report.overlap[t].tp += o_tp_g
        report.overlap[t].fn += len(g) - o_tp_g
        report.overlap[t].fp += len(p) - o_tp_p
        if t == "COUNCIL":
            g_linked = {(s.start, s.end, gold_value(s) or "") for s in g}
            p_linked = {(s.start, s.end, s.value or "") for s in p}
            report.linked.tp += len(g_linked & p_linked)
            report.linked.fp += len(p_linked - g_linked)
            report.linked.fn += len(g_linked - p_linked)
        for kind, spans_ in (("missed", g_exact), ("spurious", p_exact)):
            for key in spans_.keys() - hits:
                item = spans_[key]
                report.errors.append(
                    {
                        "doc": gold.path.name,
                        "type": t,
                        "error": kind,
                        "text": item.text,
                        "start": item.start,
                    }
                )


def evaluate_entities(folder: str | Path) -> EntityReport:
    """Score the pipeline on every annotated document in ``folder``."""
    return score(read_gold_dir(folder))
