"""Recognition stage: a spaCy pipeline over the clean text of a ``Document``.

Components are registered spaCy factories (see :mod:`caretext.nlp.pipeline`).
"""
