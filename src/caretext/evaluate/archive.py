"""Score caretext on a user's own archive: a folder of documents against a gold JSONL file.

The gold file needs one record per document — ``{"id": "<file name without
extension>", "outcome": ..., ...}`` — with any of the fields of
``annotations/decisions/README.md``; quotes and offsets are not needed. Three
more fields suit facts gathered from published decisions
(``scripts/lgsco_dev.py`` writes them from ``../shared/data/lgsco-dev``):

* ``council`` — the subject council as named by the source; scored by GSS code
  against the subject council caretext finds (a body that is not a council, such
  as a school's admission authority, must be found as the subject organisation);
* ``payments_gbp`` — the £ figures of the payments agreed; their sum is scored
  exactly against caretext's total;
* ``payment`` — ``true`` when the decision agrees a payment (with or without a
  figure), ``false`` when it agrees none; scored as "a payment found".

Each field is scored on the records that give it (a ``null`` is "not known"),
and every result carries its own ``n``. Each document goes through the same
stages as ``caretext tag`` — ingest, entities, classification — so a page that
is not read as a decision scores as the miss it is for a user. Published
outcome/category lines on a saved page are not used: the scores are of
caretext's own reading of the prose.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from caretext.errors import CaretextError
from caretext.evaluate.decision_gold import GoldError, read_records
from caretext.evaluate.decision_scores import Labels, score

#: fields of the annotation format, scored as ``caretext evaluate decisions`` scores them
FIELDS = ("outcome", "detail", "category", "subcategory", "themes", "injustice", "remedies")
#: the metric each gold field feeds
_METRICS = {
    "outcome": ("outcome",),
    "detail": ("detail",),
    "category": ("category",),
    "subcategory": ("subcategory",),
    "themes": ("themes",),
    "injustice": ("injustice",),
    "remedies": ("remedy_types", "total_payment"),
}


@dataclass
class Reading:
    """What caretext read in one document, as the scorer needs it."""

    labels: Labels
    kind: str
    subject_gss: list[str]
    subject_names: list[str]
    payment_found: bool
    #: the body complained about when it is not a council (a school's admission authority)
    subject_bodies: list[str] = field(default_factory=list)


def _gold(rec: dict[str, Any]) -> Labels:
    remedies = rec.get("remedies") or []
    return Labels(
        outcome=rec.get("outcome"),
        detail=rec.get("detail"),
        category=rec.get("category"),
        subcategory=rec.get("subcategory"),
        themes=set(rec.get("themes") or []),
        injustice=set(rec.get("injustice") or []),
        remedy_types=Counter(r.get("type") for r in remedies),
        total_payment=round(sum(float(r.get("amount_gbp") or 0) for r in remedies if r.get("type") == "payment"), 2),
    )


def read_document(path: Path) -> Reading:
    """Every stage over one document, with the source's published outcome and category set aside."""
    from caretext.analysis import analyze
    from caretext.ingest import extract_text

    document = extract_text(path)
    for key in ("decision", "category", "subcategory"):
        document.source_metadata.pop(key, None)
    findings = analyze(document)
    payments = [r for r in findings.remedies if r.type == "payment"]
    labels = Labels(
        outcome=findings.outcome.label if findings.outcome else None,
        detail=findings.outcome.detail if findings.outcome else None,
        category=findings.category.category if findings.category else None,
        subcategory=findings.category.subcategory if findings.category else None,
        themes={t.label for t in findings.themes},
        injustice=set(findings.injustice),
        remedy_types=Counter(r.type for r in findings.remedies),
        total_payment=round(sum(r.amount_gbp or 0.0 for r in payments), 2),
    )
    subjects = [c for c in findings.councils if c.role == "subject"]
    return Reading(
        labels=labels,
        kind=findings.source.kind,
        subject_gss=[c.gss or c.name for c in subjects],
        subject_names=[c.name for c in subjects],
        payment_found=bool(payments),
        subject_bodies=[o.name for o in findings.organisations if o.role == "subject"],
    )


def council_code(name: str, day: str | None = None) -> str:
    """The GSS code of a council named as a source names it (the name itself if it is not a council
    caretext knows, so that it can still be compared)."""
    from caretext.nlp.gazetteer import alias_key, default_gazetteer

    gazetteer = default_gazetteer()
    codes = gazetteer.name_index.get(alias_key(name), ())
    record = gazetteer.resolve(codes, day) if codes else None
    if record is None:
        return name
    return record.gss or record.name


def _same_body(a: str, b: str) -> bool:
    from caretext.nlp.gazetteer import alias_key

    x, y = alias_key(a), alias_key(b)
    return x in y or y in x


def _subject_scores(pairs: list[tuple[dict[str, Any], Reading]]) -> dict[str, Any]:
    """Subject council accuracy: right when caretext names exactly one subject and it is the gold one."""
    rows = [(r, p) for r, p in pairs if r.get("council")]
    right, misses = 0, []
    for rec, reading in rows:
        want = council_code(str(rec["council"]), rec.get("date"))
        if want == rec["council"]:  # not a council: the body complained about, as a subject organisation
            right_here = not reading.subject_gss and any(_same_body(want, b) for b in reading.subject_bodies)
        else:
            right_here = reading.subject_gss == [want]
        if right_here:
            right += 1
        else:
            misses.append({"id": rec["id"], "gold": rec["council"], "predicted": reading.subject_names + reading.subject_bodies})
    n = len(rows)
    return {"n": n, "accuracy": round(right / n, 4) if n else 0.0, "errors": misses}


def _payment_scores(pairs: list[tuple[dict[str, Any], Reading]]) -> dict[str, Any]:
    """Payments: total exactly right where gold gives figures; a payment found where gold says one
    was agreed (recall), and none claimed where gold says none was (precision over those)."""
    figures = [(r, p) for r, p in pairs if r.get("payments_gbp")]
    exact = [
        (r, p) for r, p in figures
        if abs(round(sum(float(v) for v in r["payments_gbp"]), 2) - p.labels.total_payment) < 0.005
    ]
    named = [(r, p) for r, p in pairs if r.get("payment") is True]
    without = [(r, p) for r, p in named if not r.get("payments_gbp")]
    none = [(r, p) for r, p in pairs if r.get("payment") is False]
    return {
        "total_exact": {
            "n": len(figures),
            "accuracy": round(len(exact) / len(figures), 4) if figures else 0.0,
            "errors": [
                {"id": r["id"], "gold": r["payments_gbp"], "predicted": p.labels.total_payment}
                for r, p in figures if (r, p) not in exact
            ],
        },
        "found": _rate(named),
        "found_without_figure": _rate(without),
        "none_claimed_where_none": {
            "n": len(none),
            "accuracy": round(sum(1 for _r, p in none if not p.payment_found) / len(none), 4) if none else 0.0,
        },
    }


def _rate(pairs: list[tuple[dict[str, Any], Reading]]) -> dict[str, Any]:
    hits = [r["id"] for r, p in pairs if p.payment_found]
    return {
        "n": len(pairs),
        "recall": round(len(hits) / len(pairs), 4) if pairs else 0.0,
        "missed": [r["id"] for r, p in pairs if not p.payment_found],
    }


def _field_metrics(pairs: list[tuple[dict[str, Any], Reading]]) -> dict[str, Any]:
    """The annotation-format fields, each scored over the records that give it."""
    out: dict[str, Any] = {}
    for gold_field, metrics in _METRICS.items():
        rows = [(r, p) for r, p in pairs if r.get(gold_field) is not None]
        if not rows:
            continue
        scored = score([_gold(r) for r, _p in rows], [p.labels for _r, p in rows])
        for name in metrics:
            out[name] = scored[name]
        if gold_field in ("outcome", "category", "subcategory"):
            gold = [str(r[gold_field]) if gold_field != "subcategory" else f"{r.get('category')} > {r[gold_field]}" for r, _p in rows]
            pred = [
                str(getattr(p.labels, gold_field))
                if gold_field != "subcategory"
                else f"{p.labels.category} > {p.labels.subcategory}"
                for _r, p in rows
            ]
            out[gold_field]["errors"] = [
                {"id": r["id"], "gold": g, "predicted": q} for (r, _p), g, q in zip(rows, gold, pred) if g != q
            ]
    return out


def score_folder(gold_file: Path, folder: Path) -> dict[str, Any]:
    """Metrics of caretext on the documents in ``folder`` named by the records of ``gold_file``."""
    records = read_records(gold_file)
    if not records:
        raise GoldError(f"{gold_file}: no records")
    files = {p.stem: p for p in sorted(folder.iterdir()) if p.is_file()}
    missing = [str(r.get("id")) for r in records if r.get("id") not in files]
    if len(missing) == len(records):
        raise GoldError(f"{gold_file}: no document in {folder} for ids {missing[:5]}")
    pairs: list[tuple[dict[str, Any], Reading]] = []
    unreadable = []
    for r in records:
        if r.get("id") not in files:
            continue
        try:
            pairs.append((r, read_document(files[r["id"]])))
        except CaretextError as exc:  # an unreadable document is reported, the rest are still scored
            unreadable.append({"id": r["id"], "path": str(files[r["id"]]), "error": exc.code, "message": exc.message})
    if not pairs:
        raise GoldError(f"{folder}: none of the documents could be read ({unreadable[0]['message']})")
    out: dict[str, Any] = {"n": len(pairs), "unreadable": unreadable, "missing": missing}
    out["kinds"] = dict(Counter(p.kind for _r, p in pairs))
    out.update(_field_metrics(pairs))
    if any(r.get("council") for r, _p in pairs):
        out["subject_council"] = _subject_scores(pairs)
    if any(r.get("payments_gbp") or r.get("payment") is not None for r, _p in pairs):
        out["payments"] = _payment_scores(pairs)
    return out
