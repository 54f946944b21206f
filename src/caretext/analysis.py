"""``analyze``: one document through every stage to a ``Findings`` record.

ingest → nlp → classify → findings. Each stage reads the previous stage's
type; this module only wires them together.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from caretext.document import Document
from caretext.findings import Findings, Source

#: spaCy is run over chunks of whole paragraphs no longer than this
CHUNK_CHARS = 100_000


def _as_document(source: str | os.PathLike[str] | bytes | Document, **ingest: Any) -> Document:
    from caretext.ingest import extract_text

    if isinstance(source, Document):
        return source
    if isinstance(source, (bytes, os.PathLike)):
        return extract_text(source, **ingest)
    if (
        isinstance(source, str)
        and "\n" not in source
        and len(source) < 4096
        and Path(source).exists()
    ):
        return extract_text(source, **ingest)
    return extract_text(source.encode("utf-8"), name=ingest.pop("name", None), **ingest)


def _chunks(doc: Document) -> list[tuple[int, int]]:
    """Paragraph-aligned ``(start, end)`` windows of at most ~CHUNK_CHARS characters."""
    if len(doc.text) <= CHUNK_CHARS or not doc.paragraphs:
        return [(0, len(doc.text))]
    out, start, end = [], doc.paragraphs[0][0], doc.paragraphs[0][0]
    for p_start, p_end in doc.paragraphs:
        if p_end - start > CHUNK_CHARS and end > start:
            out.append((start, end))
            start = p_start
        end = p_end
    out.append((start, end))
    return out


def analyze(source: str | os.PathLike[str] | bytes | Document, **ingest: Any) -> Findings:
    """Analyse a path, raw bytes, a text string or a ``Document`` into ``Findings``.

    Keyword arguments go to :func:`caretext.extract_text` (``engine``, ``ocr``, ``name``).
    """
    from caretext.classify.report import report_fields
    from caretext.nlp.collect import collect
    from caretext.nlp.pipeline import load_pipeline, make_doc

    doc = _as_document(source, **ingest)
    nlp = load_pipeline()
    windows = _chunks(doc)
    docs = nlp.pipe(
        make_doc(nlp, doc.text[s:e], kind=doc.kind, date=doc.published, title=doc.title) for s, e in windows
    )
    entities = collect(nlp, doc, ((start, sdoc) for (start, _end), sdoc in zip(windows, docs)))
    return Findings(
        doc_id=doc.doc_id or _text_id(doc.text),
        source=Source(
            path=doc.path,
            kind=doc.kind,
            format=doc.format,
            pages=doc.page_count,
            sha256=doc.sha256,
        ),
        title=doc.title,
        published=doc.published,
        author=doc.author,
        publisher=doc.publisher,
        **_classified(doc),
        councils=entities.councils,
        legislation=entities.legislation,
        references=entities.references,
        organisations=entities.organisations,
        people=entities.people,
        quotes=entities.quotes,
        statistics=entities.statistics,
        reports=entities.reports,
        **(report_fields(doc, entities.councils) if doc.kind == "report" else {}),
        money=entities.money,
        dates=entities.dates,
        warnings=[*doc.warnings, *entities.warnings],
    )


def _classified(doc: Document) -> dict[str, Any]:
    """Decision labels for decisions; themes by rule for everything else (articles,
    reports, and pages whose kind could not be told)."""
    from caretext.classify.decision import classify_document
    from caretext.classify.press import article_themes

    if doc.kind == "decision":
        return classify_document(doc)
    return {"themes": article_themes(doc)}


def _text_id(text: str) -> str:
    from caretext.document import sha256_hex

    return sha256_hex(text.encode("utf-8"))[:16]
