"""The ``Doc`` attributes caretext components read, set before the pipeline runs.

- ``doc._.doc_date``: the document's date (ISO), so a name two councils have
  shared resolves to the one that existed then;
- ``doc._.doc_kind``: "decision", "article", ... ("the Council" is the subject
  council only in decisions);
- ``doc._.doc_title``: the headline, whose quoted words are not anyone's quote.

Results live in ``doc.spans`` groups with plain-dict span extensions, so a Doc
serialises (``Doc.to_bytes``/``DocBin(store_user_data=True)``) with everything
caretext found.
"""

from __future__ import annotations

from spacy.tokens import Doc


def set_context_extensions() -> None:
    for name in ("doc_date", "doc_kind", "doc_title"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
