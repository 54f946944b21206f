"""Build the caretext spaCy pipeline (rules first; trained components come later).

The pipeline is built from a blank English tokenizer, so nothing is downloaded
at run time. It is built once per process and reused.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from caretext.nlp import references as _references  # noqa: F401  (registers the factory)

#: spaCy's default max_length guards memory; long reports are split before this.
MAX_CHARS = 2_000_000


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.max_length = MAX_CHARS
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("caretext_references")
    return nlp
