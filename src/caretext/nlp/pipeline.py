"""Build the caretext spaCy pipeline: rule components over a blank English tokenizer.

Nothing is downloaded: the tokenizer is spaCy's own and every component's data
ships in the package. Components are registered factories (entry point
``spacy_factories``), so a pipeline saved with ``nlp.to_disk`` loads with
``spacy.load`` in a process that never imported caretext.

Order matters: councils first (so organisations never claim a council), then
organisations (so people can read the organisation next to a name), then the
rest. Each factory declares the span extensions it requires and assigns, and
:func:`check_order` refuses a pipeline that breaks them. Tunables are factory
config (``nlp.add_pipe("caretext_councils", config={"max_edits": 1})``).
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from caretext.nlp import (  # noqa: F401  (register the factories when imported directly)
    councils,
    dates,
    legislation,
    money,
    organisations,
    people,
    quotes,
    references,
    reports,
    statistics,
)
from caretext.nlp.extensions import set_context_extensions
from caretext.nlp.matching import remember_text, tokenizer_of

#: spaCy's default max_length guards memory; long reports are split before this.
MAX_CHARS = 2_000_000

COMPONENTS = (
    "caretext_councils",
    "caretext_organisations",
    "caretext_people",
    "caretext_legislation",
    "caretext_references",
    "caretext_money",
    "caretext_dates",
    "caretext_reports",
    "caretext_quotes",
    "caretext_statistics",
)


def build_pipeline() -> Language:
    """A new pipeline: blank English + every caretext component.

    No sentencizer: it walks every token in Python and costs more than all the
    rule components together; the components bound their context windows by
    sentence punctuation in the text instead."""
    nlp = spacy.blank("en")
    nlp.max_length = MAX_CHARS
    # "Child L." and "Mrs Y." end sentences in decisions: keep the letter its own token
    tokenizer = tokenizer_of(nlp)
    tokenizer.rules = {
        k: v for k, v in (tokenizer.rules or {}).items() if not re.fullmatch(r"[A-Za-z]\.", k)
    }
    suffixes = [*(nlp.Defaults.suffixes or ()), r"(?<=^[A-Z])\."]
    tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    for name in COMPONENTS:
        nlp.add_pipe(name)
    check_order(nlp)
    return nlp


def check_order(nlp: Language) -> None:
    """Raise if a component runs before one whose spans it reads.

    Each factory declares what it ``requires`` and ``assigns`` (``span._.council``, ...), so a
    pipeline assembled in another order — by hand, or from an edited config — fails here with the
    missing attributes named, instead of quietly finding fewer people or quotes."""
    analysis = nlp.analyze_pipes(pretty=False) or {}
    problems = {name: attrs for name, attrs in analysis.get("problems", {}).items() if attrs}
    if problems:
        said = "; ".join(f"{name} needs {', '.join(attrs)} set by an earlier component" for name, attrs in problems.items())
        raise ValueError(f"caretext pipeline out of order: {said}")


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The process-wide pipeline (built once, reused)."""
    return build_pipeline()


def make_doc(
    nlp: Language,
    text: str,
    *,
    kind: str | None = None,
    date: str | None = None,
    title: str | None = None,
) -> Doc:
    """A tokenised Doc carrying the context components read (document kind, date, title)."""
    set_context_extensions()
    doc = nlp.make_doc(text)
    remember_text(doc, text)  # spares every component rebuilding doc.text from tokens
    doc._.doc_kind = kind
    doc._.doc_date = date
    doc._.doc_title = title
    return doc
