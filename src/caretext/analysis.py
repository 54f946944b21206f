"""``analyze``: one document through every stage to a ``Findings`` record.

ingest → nlp → classify → findings. Each stage reads the previous stage's
type; this module only wires them together.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from caretext.document import Document
from caretext.errors import ArgumentTypeError, MissingFileError
from caretext.findings import Findings, Source
from caretext.settings import SETTINGS

#: spaCy is run over chunks of whole paragraphs no longer than this
CHUNK_CHARS = SETTINGS.chunk_chars


#: a string this shape is meant as a file name, so a missing file is an error, not text to analyse
_PATH_LIKE = re.compile(r"^[^\n<>|]{1,1024}\.(?:pdf|html?|xhtml|txt|text|md)$", re.I)


def _as_document(source: Any, **ingest: Any) -> Document:
    """A ``Document`` from a path, raw bytes, a binary file object, a ``Document`` or text.

    A string is a path when a file of that name exists; a string shaped like a file name
    ("decision.pdf") that names no file is a :class:`MissingFileError`, never analysed as the
    text "decision.pdf" (pass ``text=`` for text that looks like a file name).
    """
    from caretext.ingest import extract_text

    if isinstance(source, Document):
        return source
    if isinstance(source, (bytes, bytearray, memoryview)):
        return extract_text(bytes(source), **ingest)
    if isinstance(source, os.PathLike):
        if not Path(source).exists():
            raise MissingFileError("no such file", os.fspath(source))
        return extract_text(source, **ingest)
    if isinstance(source, str):
        if "\n" not in source and len(source) < 4096:
            if _is_file(source):
                return extract_text(source, **ingest)
            if _PATH_LIKE.match(source.strip()):
                raise MissingFileError("no such file (to analyse this string as text, pass text=...)", source)
        return extract_text(source.encode("utf-8"), name=ingest.pop("name", None), **ingest)
    if hasattr(source, "read"):
        data = source.read()
        if not isinstance(data, bytes):
            raise ArgumentTypeError("a file object must be opened in binary mode ('rb')")
        return extract_text(data, name=ingest.pop("name", None) or getattr(source, "name", None), **ingest)
    raise ArgumentTypeError(
        f"cannot analyse a {type(source).__name__}: pass a path, bytes, a binary file, a Document or text=..."
    )


def _is_file(source: str) -> bool:
    """Whether a one-line string names an existing file; a sentence longer than the system's
    file-name limit (OSError "File name too long") is text, not a path."""
    try:
        return Path(source).exists()
    except (OSError, ValueError):
        return False


def _chunks(doc: Document) -> list[tuple[int, int]]:
    """``(start, end)`` windows of at most ~CHUNK_CHARS characters, along paragraph boundaries; a
    paragraph longer than that (a text with no line breaks) is cut at sentence ends, else at spaces."""
    if len(doc.text) <= CHUNK_CHARS:
        return [(0, len(doc.text))]
    pieces: list[tuple[int, int]] = []
    for p_start, p_end in doc.paragraphs or [(0, len(doc.text))]:
        while p_end - p_start > CHUNK_CHARS:
            cut = _cut(doc.text, p_start, p_start + CHUNK_CHARS)
            pieces.append((p_start, cut))
            p_start = cut
        pieces.append((p_start, p_end))
    out, start, end = [], pieces[0][0], pieces[0][0]
    for p_start, p_end in pieces:
        if p_end - start > CHUNK_CHARS and end > start:
            out.append((start, end))
            start = p_start
        end = p_end
    out.append((start, end))
    return out


def _cut(text: str, start: int, limit: int) -> int:
    """Where to end a window that may not pass ``limit``: after the last sentence end, else the last
    space, else at the limit itself."""
    floor = start + CHUNK_CHARS // 2
    for mark in (". ", "? ", "! ", " "):
        at = text.rfind(mark, floor, limit)
        if at != -1:
            return at + len(mark)
    return limit


def analyze(source: Any = None, *, text: str | None = None, models: str | Path | None = None, **ingest: Any) -> Findings:
    """Analyse a path, raw bytes, a binary file, a ``Document`` or ``text=`` into ``Findings``.

    ``models``: a model set of your own (``caretext train --out DIR``) instead of the shipped one; the
    findings name the set in ``model_set``. Other keyword arguments go to :func:`caretext.extract_text`
    (``engine``, ``ocr``, ``name``).
    """
    if text is not None:
        if source is not None:
            raise ArgumentTypeError("pass either a source or text=, not both")
        if not isinstance(text, str):
            raise ArgumentTypeError(f"text= must be a str, not {type(text).__name__}")
        source = text.encode("utf-8")
    elif source is None:
        raise ArgumentTypeError("nothing to analyse: pass a path, bytes, a Document or text=...")
    from caretext.classify.case_studies import report_fields
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
        **_classified(doc, models),
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


def _classified(doc: Document, models: str | Path | None = None) -> dict[str, Any]:
    """Decision labels for decisions; themes by rule for everything else (articles,
    reports, and pages whose kind could not be told)."""
    from caretext.classify.decision import classify_document
    from caretext.classify.press import article_themes

    if doc.kind == "decision":
        from caretext.classify.decision import DecisionClassifier

        return classify_document(doc, DecisionClassifier.load(Path(models) if models else None))
    return {"themes": article_themes(doc)}


def _text_id(text: str) -> str:
    from caretext.document import sha256_hex

    return sha256_hex(text.encode("utf-8"))[:16]
