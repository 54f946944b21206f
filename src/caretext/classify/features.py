"""What the decision models read: the statement's key text and its body, as two columns.

* key text — Summary, assessment/conclusions, agreed action and final decision:
  where the outcome and remedies are stated;
* body — everything except the Ombudsman's role-and-powers boilerplate (the
  same "we cannot investigate late complaints" wording appears in upheld and
  closed statements alike, so it only adds noise).

Lines that publish the result (``Category :``, ``Decision :`` on a saved web
page) are removed first, so a model can never learn to read the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer

from caretext.patterns import MONEY, PUBLISHED_RESULT_LINE, REFERENCE
from caretext.reading import KEY_ROLES, Section, Sentence, read, role_text

BODY_ROLES = frozenset({"summary", "complaint", "background", "findings", "assessment", "agreed", "final", "other"})


def strip_metadata(text: str) -> str:
    """The text with published-result lines blanked (same length, so offsets still hold).

    Ingestion already moves them to ``Document.source_metadata``; this guards
    :meth:`DecisionClassifier.classify` when it is handed a raw page's text."""
    return PUBLISHED_RESULT_LINE.sub(lambda m: " " * len(m.group()), text)


def normalise(text: str) -> str:
    """Model-side normalisation: amounts and references become placeholders, apostrophes straight."""
    text = text.replace("’", "'").replace("‘", "'")
    text = MONEY.sub(" moneyamount ", text)
    return REFERENCE.sub(" casereference ", text)


@dataclass
class DecisionView:
    """A statement read once: its sections, sentences and the two model columns."""

    text: str
    sections: list[Section]
    sentences: list[Sentence]
    key: str
    body: str

    def row(self) -> list[str]:
        return [normalise(self.key), normalise(self.body)]


def read_decision(text: str) -> DecisionView:
    """The two model columns from the text's one reading (:func:`caretext.reading.read`: the same
    sections and sentences every other stage sees)."""
    clean = strip_metadata(text)
    reading = read(clean)
    secs = list(reading.sections)
    key = role_text(clean, secs, KEY_ROLES)
    if len(key) < 80:  # no recognised headings: the opening and closing paragraphs carry the result
        paras = [clean[s:e] for s, e in reading.paragraphs]
        key = "\n\n".join(paras[:3] + paras[-2:])
    body = role_text(clean, secs, BODY_ROLES)
    return DecisionView(clean, secs, list(reading.sentences), key, body)


def matrix(views: list[DecisionView]) -> np.ndarray:
    """Rows of ``[key, body]`` as the 2-column object array the featuriser reads."""
    return np.array([v.row() for v in views], dtype=object).reshape(len(views), 2)


class Tfidf(TfidfVectorizer):
    """``TfidfVectorizer`` that stores its vocabulary as one array when persisted.

    skops writes a ``dict`` term by term (one node per term), which made loading
    the shipped model take over a second; as a numpy string array it is one
    file, and the dict is rebuilt on load. Behaviour is otherwise identical.
    """

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        vocabulary = state.pop("vocabulary_", None)
        state.pop("stop_words_", None)  # introspection only; documented as safe to drop
        if vocabulary is not None:
            terms = sorted(vocabulary, key=lambda t: vocabulary[t])
            state["_terms"] = np.array(terms, dtype=np.str_)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        terms = state.pop("_terms", None)
        if terms is not None:
            state["vocabulary_"] = {str(t): i for i, t in enumerate(terms)}
        super().__setstate__(state)


def make_featuriser() -> ColumnTransformer:
    """TF-IDF word and character n-grams over the key text, word n-grams over the body.

    Deterministic (no random state involved). Vocabulary limits keep the shipped
    model small and fast to load.
    """
    return ColumnTransformer(
        [
            (
                "key_words",
                Tfidf(ngram_range=(1, 3), min_df=2, max_features=30000, sublinear_tf=True),
                0,
            ),
            (
                "key_chars",
                Tfidf(
                    analyzer="char_wb", ngram_range=(3, 5), min_df=3, max_features=30000, sublinear_tf=True
                ),
                0,
            ),
            (
                "body_words",
                Tfidf(
                    ngram_range=(1, 2), min_df=2, max_df=0.9, max_features=30000, sublinear_tf=True
                ),
                1,
            ),
        ],
        sparse_threshold=1.0,
    )


def make_sentence_featuriser() -> Tfidf:
    """Word 1-2-grams over single sentences: what the theme-evidence head reads."""
    return Tfidf(ngram_range=(1, 2), min_df=2, max_features=30000, sublinear_tf=True)
