"""Evaluation: reading gold data (decisions, press, entities) and scoring caretext against it.

Training lives in :mod:`caretext.train` (``fit.py``, ``card.py``); everything that measures — gold
readers and annotators' checkers, scorers, the real-decision archive scorer, the placement check —
lives here.
"""
