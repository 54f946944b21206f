"""Inter-annotator agreement on the project's gold formats, and the disagreements to adjudicate.

``caretext annotate agreement A B [C ...]``: each argument is one annotator's work on the same documents —
an ``annotations/entities`` folder of marked-up ``.txt`` files, or an ``annotations/decisions`` JSONL file.

* document labels (decisions: outcome, detail, category, subcategory; and each theme and injustice id as a
  yes/no label): Cohen's kappa for two annotators (scikit-learn), Krippendorff's alpha, nominal, for two or
  more (the ``krippendorff`` package); n = documents both (all) annotated;
* spans (entities): F1 of every pair of annotators per type, exact (same start, end and type) and overlap
  (same type, any shared character), with one annotator as reference — F1 is symmetric;
* a list of every disagreement, by document, to adjudicate.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LABEL_FIELDS = ("outcome", "detail", "category", "subcategory")
SET_FIELDS = ("themes", "injustice")


@dataclass
class Agreement:
    annotators: list[str]
    documents: int
    #: field -> {"kappa": float | None, "alpha": float | None, "n": int}
    labels: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: entity type -> {"exact_f1", "overlap_f1", "n"} (mean over annotator pairs)
    spans: dict[str, dict[str, Any]] = field(default_factory=dict)
    disagreements: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"annotators": self.annotators, "documents": self.documents, "labels": self.labels,
                "spans": self.spans, "disagreements": self.disagreements}


def _load(path: Path) -> tuple[str, dict[str, dict[str, Any]]]:
    """("entities" | "decisions", {doc id: what the annotator said})."""
    if path.is_dir():
        from caretext.evaluate.entity_markup import read_gold_dir

        docs = read_gold_dir(path)
        return "entities", {d.path.stem: {"text": d.text, "spans": {(s.start, s.end, s.type) for s in d.spans}}
                            for d in docs}
    records: dict[str, dict[str, Any]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not JSON ({exc.msg})") from exc
            if "id" not in rec:
                raise ValueError(f"{path}:{n}: a record without an id")
            records[str(rec["id"])] = rec
    return "decisions", records


def _kappa(a: list[str], b: list[str]) -> float | None:
    from sklearn.metrics import cohen_kappa_score

    if len(set(a) | set(b)) < 2:
        return 1.0 if a == b else None  # one label used by both: perfect agreement, kappa undefined
    return round(float(cohen_kappa_score(a, b)), 4)


def _alpha(rows: list[list[str]]) -> float | None:
    import krippendorff
    import numpy as np

    values = sorted({v for row in rows for v in row})
    if len(values) < 2:
        return 1.0 if values else None
    index = {v: i for i, v in enumerate(values)}
    data = np.array([[index[v] for v in row] for row in rows], dtype=float)
    return round(float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")), 4)


def _f1(a: set[tuple[int, int, str]], b: set[tuple[int, int, str]], overlap: bool) -> tuple[int, int, int]:
    """(matched, |a|, |b|) for one type."""
    if not overlap:
        return len(a & b), len(a), len(b)
    used: set[tuple[int, int, str]] = set()
    matched = 0
    for s in sorted(a):
        hit = next((t for t in sorted(b) if t not in used and t[2] == s[2] and t[0] < s[1] and s[0] < t[1]), None)
        if hit is not None:
            used.add(hit)
            matched += 1
    return matched, len(a), len(b)


def agreement(paths: list[Path]) -> Agreement:
    """Agreement between the annotators whose work is at ``paths`` (at least two, same format)."""
    if len(paths) < 2:
        raise ValueError("agreement needs at least two annotators' files or folders")
    loaded = [_load(p) for p in paths]
    kinds = {k for k, _ in loaded}
    if len(kinds) != 1:
        raise ValueError("mix of entity folders and decision files: give one kind")
    kind = kinds.pop()
    names = [p.stem if p.is_file() else p.name for p in paths]
    common = sorted(set.intersection(*(set(d) for _, d in loaded)))
    result = Agreement(names, len(common))
    if not common:
        raise ValueError("the annotators share no document ids")
    works = [d for _, d in loaded]
    if kind == "decisions":
        fields: list[tuple[str, Any]] = [(f, lambda r, f=f: str(r.get(f))) for f in LABEL_FIELDS]
        for set_field in SET_FIELDS:
            ids = sorted({x for w in works for i in common for x in w[i].get(set_field) or []})
            fields += [(f"{set_field}:{x}", lambda r, s=set_field, x=x: "yes" if x in (r.get(s) or []) else "no")
                       for x in ids]
        for name, get in fields:
            rows = [[get(w[i]) for i in common] for w in works]
            result.labels[name] = {"kappa": _kappa(rows[0], rows[1]) if len(works) == 2 else None,
                                   "alpha": _alpha(rows), "n": len(common)}
            for k, doc_id in enumerate(common):
                said = [row[k] for row in rows]
                if len(set(said)) > 1:
                    result.disagreements.append(f"{doc_id}: {name}: " + ", ".join(
                        f"{who}={v}" for who, v in zip(names, said, strict=True)))
        return result
    texts = {i: works[0][i]["text"] for i in common}
    for i in common:
        if any(w[i]["text"] != texts[i] for w in works[1:]):
            result.disagreements.append(f"{i}: the annotators' texts differ; spans compared by offsets anyway")
    types = sorted({t for w in works for i in common for (_s, _e, t) in w[i]["spans"]})
    for t in types:
        exact, over = Counter[str](), Counter[str]()
        for a, b in itertools.combinations(range(len(works)), 2):
            for i in common:
                sa = {s for s in works[a][i]["spans"] if s[2] == t}
                sb = {s for s in works[b][i]["spans"] if s[2] == t}
                for counter, overlap in ((exact, False), (over, True)):
                    m, na, nb = _f1(sa, sb, overlap)
                    counter["m"] += m
                    counter["a"] += na
                    counter["b"] += nb
        result.spans[t] = {"exact_f1": _ratio(exact), "overlap_f1": _ratio(over), "n": exact["a"] + exact["b"]}
    for i in common:
        for a, b in itertools.combinations(range(len(works)), 2):
            for s in sorted(works[a][i]["spans"] ^ works[b][i]["spans"]):
                who = names[a] if s in works[a][i]["spans"] else names[b]
                result.disagreements.append(f"{i}: {s[2]} {texts[i][s[0]:s[1]]!r} [{s[0]}, {s[1]}) only {who}")
    return result


def _ratio(c: Counter[str]) -> float | None:
    total = c["a"] + c["b"]
    return round(2 * c["m"] / total, 4) if total else None
