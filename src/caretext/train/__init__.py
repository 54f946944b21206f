"""Training: fitting the decision models from the annotations (``fit.py``) and writing their model card
(``card.py``). Gold readers and scorers are in :mod:`caretext.evaluate`."""
