"""Council linking accuracy on a list of mentions in sentences (``caretext evaluate councils``).

The list (``tests/data/council_variants.tsv``) has one mention per row with the
document date and the expected GSS code (``LA:<code>`` for councils without
one, ``NONE`` where no council is meant). A row is right when the council the
pipeline links at the mention's position has that code, or, for ``NONE``, when
no council is linked there.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

COLUMNS = {"id", "sentence", "mention", "date", "expected"}


@dataclass
class VariantReport:
    rows: int = 0
    correct: int = 0
    positives: int = 0
    positives_correct: int = 0
    negatives: int = 0
    false_councils: int = 0
    councils: set[str] = field(default_factory=set)
    errors: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "accuracy": round(self.correct / self.rows, 4) if self.rows else 0.0,
            "positives": self.positives,
            "positive_accuracy": round(self.positives_correct / self.positives, 4)
            if self.positives
            else 0.0,
            "distinct_councils": len(self.councils),
            "negatives": self.negatives,
            "false_councils_on_negatives": self.false_councils,
        }


def evaluate_variants(path: str | Path) -> VariantReport:
    from caretext.nlp.pipeline import load_pipeline, make_doc

    nlp = load_pipeline()
    report = VariantReport()
    with Path(path).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = list(reader)
    missing = sorted(COLUMNS - set(reader.fieldnames or ()))
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    if not rows:
        raise ValueError(f"{path}: no rows")
    for row in rows:
        sentence, mention, expected = row["sentence"], row["mention"], row["expected"]
        start = sentence.find(mention)
        if start < 0:
            raise ValueError(f"{path}: {row['id']}: mention {mention!r} not in its sentence")
        end = start + len(mention)
        doc = nlp(make_doc(nlp, sentence, kind="article", date=row["date"] or None))
        got = "NONE"
        for span in doc.spans["councils"]:
            info = span._.council
            if info["code"] and span.start_char < end and start < span.end_char:
                got = info["gss"] or f"LA:{info['code']}"
                break
        report.rows += 1
        ok = got == expected
        report.correct += ok
        if expected == "NONE":
            report.negatives += 1
            report.false_councils += not ok
        else:
            report.positives += 1
            report.positives_correct += ok
            report.councils.add(expected)
        if not ok:
            report.errors.append(
                {
                    "id": row["id"],
                    "mention": mention,
                    "expected": expected,
                    "got": got,
                    "note": row.get("note", ""),
                    "sentence": sentence,
                }
            )
    return report
