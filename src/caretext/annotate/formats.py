"""Annotation tools' formats, to and from :class:`~caretext.annotate.tasks.Task`.

* Label Studio — its task JSON: ``data`` (the text and caretext's ids) and ``predictions`` (one per task,
  ``model_version`` = the caretext that made it, each result with its ``score``); spans are ``labels``
  results, a span's attributes a per-region ``textarea`` (``gss=E10000016;...``, the syntax of
  ``annotations/entities``), document choices ``choices`` results. :func:`labelstudio_config` prints the
  labeling config that matches. Reading back takes Label Studio's JSON export: each task's completed
  ``annotations`` (not its predictions).
* doccano — its JSONL import format for sequence labelling, one object per task: ``text``, ``label``
  (``[start, end, LABEL]``), plus caretext's attributes and choices under ``meta`` (doccano keeps unknown
  keys as metadata and exports them back).
* spaCy — a ``DocBin``: spans in ``doc.spans["caretext"]`` (attributes in ``doc.user_data``), choices in
  ``doc.cats`` (1.0 for each chosen ``field=value``).

Every reader raises :class:`AnnotationError` naming the task and the field for anything malformed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from caretext.annotate.tasks import DECISION_CHOICES, MULTI_CHOICES, Task, TaskSpan, labels_of

FORMATS = ("labelstudio", "doccano", "spacy")


class AnnotationError(ValueError):
    """A malformed annotation export: ``task`` names the task, the message the field and the problem."""

    def __init__(self, task: str, message: str) -> None:
        super().__init__(f"task {task}: {message}")
        self.task = task


def format_attrs(attrs: dict[str, str]) -> str:
    return ";".join(f"{k}={v}" for k, v in attrs.items())


def parse_attrs(text: str, task: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in text.replace("\n", ";").split(";"):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise AnnotationError(task, f"attribute {item.strip()!r} is not key=value")
        out[key.strip()] = value.strip()
    return out


# -- Label Studio ------------------------------------------------------------------------------------------


def _choice_values(kind: str) -> dict[str, list[str]]:
    from caretext.findings import vocabulary

    names = {"outcome": "outcome", "detail": "detail", "category": "category", "subcategory": "subcategory",
             "themes": "theme", "injustice": "injustice"}
    if kind == "press":
        return {"themes": list(vocabulary("theme"))}
    return {field: list(vocabulary(name)) for field, name in names.items()} if kind == "decisions" else {}


def labelstudio_config(kind: str) -> str:
    """The Label Studio labeling config for a task kind (``caretext annotate config --to labelstudio``)."""
    labels = "\n".join(f'    <Label value="{label}"/>' for label in labels_of(kind))
    parts = [
        "<View>",
        '  <Text name="text" value="$text"/>',
        '  <Labels name="label" toName="text">',
        labels,
        "  </Labels>",
        '  <TextArea name="attrs" toName="text" perRegion="true" editable="true" '
        'placeholder="key=value;key=value (gss=..., title=..., value=..., type=...)"/>',
    ]
    for field, values in _choice_values(kind).items():
        choice = "multiple" if field in MULTI_CHOICES else "single"
        options = "\n".join(f"    <Choice value={quoteattr(v)}/>" for v in values)
        parts += [f'  <Header value="{field}"/>',
                  f'  <Choices name="{field}" toName="text" choice="{choice}" showInline="true">', options,
                  "  </Choices>"]
    parts.append("</View>")
    return "\n".join(parts) + "\n"


def _ls_results(task: Task) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    for i, span in enumerate(task.spans):
        region = f"{task.id}-{i}"
        value = {"start": span.start, "end": span.end, "text": task.span_text(span)}
        item: dict[str, Any] = {"id": region, "from_name": "label", "to_name": "text", "type": "labels",
                                "value": {**value, "labels": [span.label]}}
        if span.score is not None:
            item["score"] = span.score
        if span.source:
            item["meta"] = {"source": span.source}
        results.append(item)
        if span.attrs:
            results.append({"id": region, "from_name": "attrs", "to_name": "text", "type": "textarea",
                            "value": {**value, "text": [format_attrs(span.attrs)]}})
    for field in DECISION_CHOICES:
        if task.choices.get(field) and (task.kind == "decisions" or field == "themes"):
            results.append({"from_name": field, "to_name": "text", "type": "choices",
                            "value": {"choices": task.choices[field]}})
    return results


def to_labelstudio(tasks: list[Task]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for task in tasks:
        scores = [s.score for s in task.spans if s.score is not None] + list(task.choice_scores.values())
        data: dict[str, Any] = {"text": task.text, "caretext_id": task.id, "caretext_task": task.kind, **task.meta}
        out.append({
            "data": data,
            "predictions": [{"model_version": task.model_version or "caretext",
                             "score": round(min(scores), 4) if scores else None,
                             "result": _ls_results(task)}],
        })
    return out


def from_labelstudio(data: Any, kind: str) -> list[Task]:
    """Tasks from Label Studio's JSON export (a list of tasks with their ``annotations``)."""
    if not isinstance(data, list):
        raise AnnotationError("-", "a Label Studio export is a JSON list of tasks")
    tasks = []
    for n, item in enumerate(data, 1):
        if not isinstance(item, dict) or not isinstance(item.get("data"), dict):
            raise AnnotationError(f"#{n}", "has no data object")
        task_id = str(item["data"].get("caretext_id") or item.get("id") or f"#{n}")
        text = item["data"].get("text")
        if not isinstance(text, str) or not text:
            raise AnnotationError(task_id, "has no text")
        annotations = [a for a in item.get("annotations") or [] if not a.get("was_cancelled")]
        if not annotations:
            continue  # not annotated yet: nothing to import
        if len(annotations) > 1:
            raise AnnotationError(task_id, f"has {len(annotations)} annotations (two annotators on one task): "
                                  "adjudicate first, or import each annotator's export separately")
        tasks.append(_ls_task(task_id, kind, text, item["data"], annotations[0].get("result") or []))
    return tasks


def _ls_task(task_id: str, kind: str, text: str, data: dict[str, Any], results: list[dict[str, Any]]) -> Task:
    meta = {k: str(v) for k, v in data.items() if k in ("kind", "date", "doc_id", "title", "author", "publisher")}
    task = Task(task_id, kind, text, meta)
    regions: dict[str, TaskSpan] = {}
    attrs: dict[str, str] = {}
    for r in results:
        value = r.get("value") or {}
        kind_of = r.get("type")
        if kind_of == "labels":
            labels = value.get("labels") or []
            if len(labels) != 1:
                raise AnnotationError(task_id, f"region {r.get('id')} has {len(labels)} labels, not one")
            start, end = value.get("start"), value.get("end")
            if not isinstance(start, int) or not isinstance(end, int):
                raise AnnotationError(task_id, f"region {r.get('id')} has no start/end offsets")
            span = TaskSpan(start, end, labels[0])
            regions[str(r.get("id"))] = span
            task.spans.append(span)
        elif kind_of == "textarea" and r.get("from_name") == "attrs":
            attrs[str(r.get("id"))] = "\n".join(value.get("text") or [])
        elif kind_of == "choices":
            field = str(r.get("from_name"))
            task.choices[field] = list(value.get("choices") or [])
    for region, text_attrs in attrs.items():
        if region not in regions:
            raise AnnotationError(task_id, f"attributes for region {region}, which has no label")
        regions[region].attrs = parse_attrs(text_attrs, task_id)
    return task


# -- doccano -----------------------------------------------------------------------------------------------


def to_doccano(tasks: list[Task]) -> list[dict[str, Any]]:
    return [
        {
            "text": t.text,
            "label": [[s.start, s.end, s.label] for s in t.spans],
            "meta": {"caretext_id": t.id, "caretext_task": t.kind, **t.meta,
                     "attrs": [[s.start, s.end, s.label, format_attrs(s.attrs)] for s in t.spans if s.attrs],
                     "choices": t.choices, "model_version": t.model_version},
        }
        for t in tasks
    ]


def from_doccano(rows: list[Any], kind: str) -> list[Task]:
    """Tasks from doccano's JSONL export (``text``, ``label`` or ``entities``, and the ``meta`` caretext wrote,
    which doccano exports at the top level or under ``meta``)."""
    tasks = []
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            raise AnnotationError(f"line {n}", "is not a JSON object")
        meta: dict[str, Any] = row["meta"] if isinstance(row.get("meta"), dict) else row
        task_id = str(meta.get("caretext_id") or row.get("id") or f"line {n}")
        text = row.get("text")
        if not isinstance(text, str) or not text:
            raise AnnotationError(task_id, "has no text")
        task = Task(task_id, kind, text, {k: str(meta[k]) for k in ("kind", "date", "doc_id") if meta.get(k)})
        labels = row.get("label") if "label" in row else row.get("entities", [])
        for item in labels or []:
            if isinstance(item, dict):  # doccano 1.x "entities": {"start_offset", "end_offset", "label"}
                item = [item.get("start_offset"), item.get("end_offset"), item.get("label")]
            if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], int) and isinstance(item[1], int)):
                raise AnnotationError(task_id, f"label {item!r} is not [start, end, LABEL]")
            task.spans.append(TaskSpan(item[0], item[1], str(item[2])))
        # attributes doccano cannot edit come back from meta where the span is unchanged
        known = {(a[0], a[1], a[2]): a[3] for a in meta.get("attrs") or [] if isinstance(a, list) and len(a) == 4}
        for span in task.spans:
            if (span.start, span.end, span.label) in known:
                span.attrs = parse_attrs(known[(span.start, span.end, span.label)], task_id)
        task.choices = {k: list(v) for k, v in (meta.get("choices") or {}).items()}
        tasks.append(task)
    return tasks


# -- spaCy -------------------------------------------------------------------------------------------------

_ATTRS_KEY = "caretext_attrs"


def to_docbin(tasks: list[Task]) -> bytes:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    out = DocBin(store_user_data=True)
    for t in tasks:
        doc = nlp.make_doc(t.text)
        spans = []
        for s in t.spans:
            span = doc.char_span(s.start, s.end, label=s.label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["caretext"] = spans
        doc.cats = {f"{k}={v}": 1.0 for k, values in t.choices.items() for v in values}
        doc.user_data[_ATTRS_KEY] = [[s.start, s.end, s.label, format_attrs(s.attrs)] for s in t.spans]
        doc.user_data["caretext_id"] = t.id
        doc.user_data["caretext_meta"] = dict(t.meta)
        out.add(doc)
    return bytes(out.to_bytes())


def from_docbin(data: bytes, kind: str) -> list[Task]:
    import spacy
    from spacy.tokens import DocBin

    try:
        docs = list(DocBin().from_bytes(data).get_docs(spacy.blank("en").vocab))
    except Exception as exc:
        raise AnnotationError("-", f"not a spaCy DocBin ({exc})") from exc
    tasks = []
    for n, doc in enumerate(docs, 1):
        task_id = str(doc.user_data.get("caretext_id") or f"#{n}")
        known = {(a[0], a[1], a[2]): a[3] for a in doc.user_data.get(_ATTRS_KEY) or []}
        task = Task(task_id, kind, doc.text, dict(doc.user_data.get("caretext_meta") or {}))
        for span in doc.spans.get("caretext", []):
            attrs = known.get((span.start_char, span.end_char, span.label_), "")
            task.spans.append(TaskSpan(span.start_char, span.end_char, span.label_, parse_attrs(attrs, task_id)))
        for cat, score in doc.cats.items():
            field, _, value = cat.partition("=")
            if score >= 0.5 and value:
                task.choices.setdefault(field, []).append(value)
        tasks.append(task)
    return tasks


# -- files -------------------------------------------------------------------------------------------------


def write_tasks(tasks: list[Task], fmt: str, path: Path) -> None:
    """Write tasks for a tool (temporary file, then moved into place)."""
    import os

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    if fmt == "labelstudio":
        tmp.write_text(json.dumps(to_labelstudio(tasks), ensure_ascii=False, indent=1), encoding="utf-8")
    elif fmt == "doccano":
        tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in to_doccano(tasks)), encoding="utf-8")
    elif fmt == "spacy":
        tmp.write_bytes(to_docbin(tasks))
    else:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    os.replace(tmp, path)


def read_tasks(path: Path, fmt: str, kind: str) -> list[Task]:
    """Read a tool's export back into tasks (raises :class:`AnnotationError`)."""
    if fmt == "spacy":
        return from_docbin(path.read_bytes(), kind)
    raw = path.read_text(encoding="utf-8")
    if fmt == "labelstudio":
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise AnnotationError("-", f"{path.name} is not JSON ({exc.msg}, line {exc.lineno})") from exc
        return from_labelstudio(data, kind)
    if fmt == "doccano":
        rows = []
        for n, line in enumerate(raw.splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise AnnotationError(f"line {n}", f"is not JSON ({exc.msg})") from exc
        return from_doccano(rows, kind)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
