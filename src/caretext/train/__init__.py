"""Training and evaluation: annotation readers, scorers and the ``train``/``evaluate`` commands."""
