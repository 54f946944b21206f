"""Corrected annotations into the project's gold formats, checked whole before anything is written.

``entities`` tasks become ``annotations/entities`` documents (front matter + inline markup, one ``.txt``
per task); ``decisions`` tasks become one ``annotations/decisions`` JSONL batch plus the statements' texts
(``corpus/<id>.txt``), so ``caretext train --annotations DIR/annotations --corpus DIR/corpus`` and the
annotators' checkers read them as they read the shipped gold.

Every task is validated first — offsets inside the text, known labels and attributes, required attributes
(a council's ``gss``, a sum's ``value``), no overlapping spans in entity gold, labels within the taxonomy
— and any problem raises :class:`AnnotationError` naming the task and the field: nothing is imported
half-way. When the tool's text differs from caretext's reading of the same document (whitespace, Unicode
normalisation), :func:`relocate` moves the offsets onto caretext's text.
"""

from __future__ import annotations

import difflib
import itertools
import json
import os
from collections.abc import Callable
from pathlib import Path

from caretext.annotate.formats import AnnotationError, format_attrs
from caretext.annotate.tasks import ENTITY_LABELS, MULTI_CHOICES, REQUIRED_ATTRS, Task, TaskSpan

_MARKUP_CHARS = ("[[", "]]", "|")


def relocate(task: Task, text: str) -> Task:
    """The task with its offsets moved onto ``text`` (caretext's clean text of the same document).
    Raises when a span's words cannot be found there."""
    if text == task.text:
        return task
    matcher = difflib.SequenceMatcher(None, task.text, text, autojunk=False)
    where: list[int | None] = [None] * (len(task.text) + 1)
    for op, a0, a1, b0, _b1 in matcher.get_opcodes():
        if op == "equal":
            for k in range(a1 - a0 + 1):
                where[a0 + k] = b0 + k
    spans = []
    for s in task.spans:
        start, end = where[s.start], where[s.end]
        if start is None or end is None or task.text[s.start : s.end].split() != text[start:end].split():
            raise AnnotationError(task.id, f"{s.label} span {task.text[s.start:s.end]!r} is not in caretext's text "
                                  "of the document")
        spans.append(TaskSpan(start, end, s.label, s.attrs, s.score, s.source))
    return Task(task.id, task.kind, text, task.meta, task.choices, task.choice_scores, spans, task.model_version)


def _check_spans(task: Task, labels: tuple[str, ...]) -> None:
    for s in task.spans:
        if not (0 <= s.start < s.end <= len(task.text)):
            raise AnnotationError(task.id, f"{s.label} span [{s.start}, {s.end}) is outside the text "
                                  f"({len(task.text)} characters)")
        if s.label not in labels:
            raise AnnotationError(task.id, f"unknown label {s.label!r} (expected one of {', '.join(labels)})")


def _check_entities(task: Task) -> None:
    _check_spans(task, ENTITY_LABELS)
    ordered = sorted(task.spans, key=lambda s: (s.start, s.end))
    for a, b in itertools.pairwise(ordered):
        if b.start < a.end:
            raise AnnotationError(task.id, f"overlapping spans {task.span_text(a)!r} ({a.label}) and "
                                  f"{task.span_text(b)!r} ({b.label}): entity gold never nests")
    for s in task.spans:
        missing = [k for k in REQUIRED_ATTRS.get(s.label, ()) if not s.attrs.get(k)]
        if missing:
            raise AnnotationError(task.id, f"{s.label} {task.span_text(s)!r} needs {', '.join(missing)}= "
                                  "(see annotations/entities/README.md)")
        surface = task.span_text(s)
        values = list(s.attrs.values())
        if any(c in piece for c in _MARKUP_CHARS for piece in [surface, *values]) or any(";" in v for v in values):
            raise AnnotationError(task.id, f"{s.label} {surface!r}: '[[', ']]', '|' or ';' cannot be written in markup")
    if any(c in task.text for c in ("[[", "]]")):
        raise AnnotationError(task.id, "the text itself holds '[[' or ']]', which the markup format cannot keep")


def entity_markup(task: Task) -> str:
    """The ``annotations/entities`` document of a task (front matter, then the text with inline marks)."""
    head = ["---", f"kind: {'decision' if task.meta.get('kind') == 'decision' else 'article'}"]
    if task.meta.get("date"):
        head.append(f"date: {task.meta['date']}")
    head.append("---")
    parts, pos = [], 0
    for s in sorted(task.spans, key=lambda s: s.start):
        parts.append(task.text[pos : s.start])
        attrs = format_attrs(s.attrs)
        parts.append(f"[[{task.span_text(s)}|{s.label}{'|' + attrs if attrs else ''}]]")
        pos = s.end
    parts.append(task.text[pos:])
    return "\n".join(head) + "\n" + "".join(parts)


def decision_record(task: Task) -> dict[str, object]:
    """The ``annotations/decisions`` record of a task (labels checked against the taxonomy)."""
    from caretext.evaluate.decision_gold import _check_labels

    _check_spans(task, ("REMEDY", "EVIDENCE"))

    def one(field: str) -> str | None:
        values = task.choices.get(field) or []
        if len(values) > 1:
            raise AnnotationError(task.id, f"{field} has {len(values)} values; it takes one")
        return values[0] if values else None

    remedies, evidence = [], []
    for s in sorted(task.spans, key=lambda s: s.start):
        if s.label == "REMEDY":
            if "type" not in s.attrs:
                raise AnnotationError(task.id, f"REMEDY {task.span_text(s)!r} needs type=")
            remedy: dict[str, object] = {"type": s.attrs["type"], "text": task.span_text(s)}
            for key in ("recipient", "purpose", "deadline"):
                if s.attrs.get(key):
                    remedy[key] = s.attrs[key]
            if s.attrs.get("amount_gbp"):
                try:
                    remedy["amount_gbp"] = float(s.attrs["amount_gbp"])
                except ValueError:
                    raise AnnotationError(task.id, f"REMEDY amount_gbp={s.attrs['amount_gbp']!r} is not a number") from None
            elif s.attrs.get("type") == "payment":
                remedy["amount_gbp"] = None
            remedies.append(remedy)
        else:
            if not s.attrs.get("theme"):
                raise AnnotationError(task.id, f"EVIDENCE {task.span_text(s)!r} needs theme=")
            evidence.append({"label": s.attrs["theme"], "text": task.span_text(s)})
    record: dict[str, object] = {
        "id": task.id, "split": "train", "writer": "import", "style": "imported annotation",
        "outcome": one("outcome"), "detail": one("detail"), "category": one("category"),
        "subcategory": one("subcategory"),
        **{field: list(task.choices.get(field) or []) for field in sorted(MULTI_CHOICES)},
        "remedies": remedies, "evidence": evidence,
    }
    if task.meta.get("date"):
        record["date"] = task.meta["date"]
    problems = _check_labels(record, f"task {task.id}")
    if problems:
        raise AnnotationError(task.id, "; ".join(p.split(": ", 1)[1] for p in problems))
    return record


def press_record(task: Task) -> dict[str, object]:
    """The ``annotations/press`` record of a task (fields checked as the press checker checks them)."""
    from caretext.evaluate.press_gold import _check_fields

    _check_spans(task, ("QUOTE", "STATISTIC", "PUBLICATION"))
    quotes: list[dict[str, object]] = []
    statistics: list[dict[str, object]] = []
    reports: list[dict[str, object]] = []
    for s in sorted(task.spans, key=lambda s: s.start):
        words = task.span_text(s)
        if s.label == "QUOTE":
            if not s.attrs.get("speaker"):
                raise AnnotationError(task.id, f"QUOTE {words[:40]!r} needs speaker=")
            quote: dict[str, object] = {"text": words}
            quote.update({k: s.attrs[k] for k in ("speaker", "role", "organisation") if k in s.attrs})
            quotes.append(quote)
        elif s.label == "STATISTIC":
            try:
                value = float(s.attrs["value"])
            except (KeyError, ValueError):
                raise AnnotationError(task.id, f"STATISTIC {words!r} needs value= as a number") from None
            statistic: dict[str, object] = {"text": words, "value": value, "unit": s.attrs.get("unit")}
            statistic.update({k: s.attrs[k] for k in ("subject", "period") if k in s.attrs})
            statistics.append(statistic)
        else:
            reports.append({"title": words, **({"publisher": s.attrs["publisher"]} if "publisher" in s.attrs else {})})
    record: dict[str, object] = {
        "id": task.id, "file": f"{task.id}.txt", "split": "train", "writer": "import", "style": "imported annotation",
        **{k: task.meta[k] for k in ("title", "author", "publisher") if task.meta.get(k)},
        **({"published": task.meta["date"]} if task.meta.get("date") else {}),
        "quotes": quotes, "statistics": statistics, "reports": reports,
        "themes": list(task.choices.get("themes") or []), "people": [], "organisations": [], "councils": [],
    }
    problems = _check_fields(record)
    if problems:
        raise AnnotationError(task.id, "; ".join(problems))
    return record


def import_tasks(tasks: list[Task], out: Path, *, text_of: Callable[[str], str | None] | None = None,
                 force: bool = False) -> list[Path]:
    """Validate every task, then write the gold files into ``out``; returns the files written.

    ``text_of(task_id)`` gives caretext's clean text of the task's document when the original files are
    at hand (offsets are re-located onto it); a file already in ``out`` with other content is refused
    unless ``force``."""
    if not tasks:
        raise AnnotationError("-", "no annotated tasks in the export")
    seen: set[str] = set()
    files: dict[Path, str] = {}
    records = []
    for task in tasks:
        if task.id in seen:
            raise AnnotationError(task.id, "appears twice in the export")
        seen.add(task.id)
        if text_of is not None:
            clean = text_of(task.id)
            if clean is not None:
                task = relocate(task, clean)
        if task.kind == "entities":
            _check_entities(task)
            files[out / f"{task.id}.txt"] = entity_markup(task)
        else:
            records.append(decision_record(task) if task.kind == "decisions" else press_record(task))
            files[out / "corpus" / f"{task.id}.txt"] = task.text
    if records:
        files[out / "annotations" / "imported.jsonl"] = "".join(
            json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    clashes = [p for p, content in files.items() if p.exists() and p.read_text(encoding="utf-8") != content]
    if clashes and not force:
        raise AnnotationError("-", f"{clashes[0]} already exists with other content: choose another -o folder or "
                              "pass --force")
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(content, encoding="utf-8")
    for path in files:
        os.replace(path.with_name(f".{path.name}.tmp"), path)
    return list(files)
