"""Would a trained classifier beat the rules for article themes? A measured answer.

Run: ``.venv/bin/python scripts/press_theme_experiment.py [--heldout annotations/press-heldout]``
(about half a minute).

Compares, on the press test split (held out; never used to choose anything here):

* **rules** — what caretext ships (``classify/press.py``, ``data/press_theme_rules.jsonl``);
* **model** — TF-IDF words and word pairs, one logistic regression per theme (scikit-learn),
  trained on the train split's articles; its one decision threshold is chosen on the dev split;
* **rules ∪ model** and **rules ∩ model** — the two open ways of combining them.

Micro precision, recall and F1 over (article, theme) pairs, with n. The option with the better
held-out F1 is the one caretext keeps; the figures go in the issue note and models/README.md.
``--heldout`` also scores a folder of held-out gold (the issue-18 slice) the same way, once.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer

from caretext.classify.press import article_themes
from caretext.evaluate.press_gold import GoldArticle, load_gold

ROOT = Path(__file__).resolve().parents[1]


def micro(gold: list[set[str]], pred: list[set[str]]) -> tuple[float, float, float, int]:
    tp = sum(len(g & p) for g, p in zip(gold, pred))
    fp = sum(len(p - g) for g, p in zip(gold, pred))
    fn = sum(len(g - p) for g, p in zip(gold, pred))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return round(prec, 3), round(rec, 3), round(f1, 3), tp + fn


def themes_of(golds: list[GoldArticle]) -> list[set[str]]:
    return [set(g.get("themes") or []) for g in golds]


def rules(golds: list[GoldArticle]) -> list[set[str]]:
    return [{t.label for t in article_themes(g.document)} for g in golds]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--heldout", type=Path, help="a folder of held-out press gold to score once")
    args = parser.parse_args()
    press, corpus = ROOT / "annotations" / "press", ROOT / "corpora" / "press"
    train, dev, test = (load_gold(press, corpus, (s,)) for s in ("train", "dev", "test"))
    binarizer = MultiLabelBinarizer()
    y = binarizer.fit_transform(themes_of(train))
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, stop_words="english")
    x = vectorizer.fit_transform([g.text for g in train])
    model = OneVsRestClassifier(LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000))
    model.fit(x, y)

    def predict(golds: list[GoldArticle], threshold: float) -> list[set[str]]:
        probs = model.predict_proba(vectorizer.transform([g.text for g in golds]))
        return [{str(c) for c, p in zip(binarizer.classes_, row) if p >= threshold} for row in np.atleast_2d(probs)]

    # the one free parameter, chosen on dev
    threshold = max(np.arange(0.2, 0.8, 0.05), key=lambda t: micro(themes_of(dev), predict(dev, float(t)))[2])
    print(f"model: trained on {len(train)} train articles; threshold {threshold:.2f} chosen on {len(dev)} dev articles")
    slices = [("dev", dev), ("test (held out)", test)]
    if args.heldout:
        slices.append((f"{args.heldout.name} (held out)", load_gold(args.heldout, ROOT / "corpora" / args.heldout.name)))
    for name, golds in slices:
        gold, rule, learned = themes_of(golds), rules(golds), predict(golds, float(threshold))
        print(f"\n{name}: {len(golds)} articles")
        for label, pred in (
            ("rules", rule),
            ("model", learned),
            ("rules ∪ model", [a | b for a, b in zip(rule, learned)]),
            ("rules ∩ model", [a & b for a, b in zip(rule, learned)]),
        ):
            p, r, f, n = micro(gold, pred)
            print(f"  {label:14s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (n={n} gold themes)")


if __name__ == "__main__":
    main()
