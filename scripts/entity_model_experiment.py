"""Would a trained entity component beat the rules? A measured answer for PERSON and ORG.

Run: ``.venv/bin/python scripts/entity_model_experiment.py [--epochs 40]`` (a minute or two, CPU).

Trains a spaCy NER (blank English, spaCy's default CNN, seeded) on the entity gold's dev documents
(``annotations/entities/dev``: the only entity gold with spans), then scores it and caretext's rule
components on the held-out ``annotations/entities/test`` documents: exact-span precision, recall and F1 for
PERSON and ORG, and the rules and model combined (the union, rules first). The component with the better
held-out F1 is the one caretext keeps; the figures are in the issue note and ``models/README.md``.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import spacy
from spacy.training import Example
from spacy.util import filter_spans, minibatch

from caretext.evaluate.entity_markup import GoldDocument, read_gold_dir

ROOT = Path(__file__).resolve().parents[1]
TYPES = ("PERSON", "ORG")


def gold_spans(doc: GoldDocument) -> set[tuple[int, int, str]]:
    return {(s.start, s.end, s.type) for s in doc.spans if s.type in TYPES}


def rule_spans(doc: GoldDocument) -> set[tuple[int, int, str]]:
    """What the shipped rule components find, exactly as ``caretext evaluate entities`` runs them."""
    from caretext.analysis import analyze
    from caretext.evaluate.entity_scores import document_of, predicted_spans

    return {(p.start, p.end, p.type) for p in predicted_spans(analyze(document_of(doc))) if p.type in TYPES}


def score(pred: list[set[tuple[int, int, str]]], gold: list[set[tuple[int, int, str]]]) -> dict[str, tuple[float, float, float, int]]:
    out = {}
    for t in TYPES:
        tp = sum(len({s for s in p if s[2] == t} & {s for s in g if s[2] == t}) for p, g in zip(pred, gold, strict=True))
        np_ = sum(len({s for s in p if s[2] == t}) for p in pred)
        ng = sum(len({s for s in g if s[2] == t}) for g in gold)
        prec = tp / np_ if np_ else 0.0
        rec = tp / ng if ng else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[t] = (round(prec, 3), round(rec, 3), round(f1, 3), ng)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=40)
    args = parser.parse_args(argv)
    random.seed(0)
    spacy.util.fix_random_seed(0)
    train = read_gold_dir(ROOT / "annotations/entities/dev")
    test = read_gold_dir(ROOT / "annotations/entities/test")
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for t in TYPES:
        ner.add_label(t)
    examples = []
    for g in train:
        doc = nlp.make_doc(g.text)
        ents = [s for s in (doc.char_span(a, b, label=t, alignment_mode="contract") for a, b, t in gold_spans(g)) if s]
        examples.append(Example.from_dict(doc, {"entities": [(s.start_char, s.end_char, s.label_) for s in filter_spans(ents)]}))
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(args.epochs):
        random.shuffle(examples)
        for batch in minibatch(examples, size=4):
            nlp.update(batch, sgd=optimizer, drop=0.2)
    gold = [gold_spans(g) for g in test]
    model = [{(e.start_char, e.end_char, e.label_) for e in nlp(g.text).ents} for g in test]
    rules = [rule_spans(g) for g in test]
    union = []
    for r, m in zip(rules, model, strict=True):
        keep = set(r)
        keep |= {s for s in m if all(s[1] <= x[0] or x[1] <= s[0] for x in r)}
        union.append(keep)
    print(f"trained on {len(train)} dev documents ({sum(len(gold_spans(g)) for g in train)} PERSON/ORG spans), "
          f"scored on {len(test)} held-out test documents")
    for name, pred in (("rules (shipped)", rules), ("trained NER", model), ("rules + NER", union)):
        figures = score(pred, gold)
        print(f"{name:16s} " + "  ".join(f"{t}: P {p:.3f} R {r:.3f} F1 {f:.3f} (n={n})" for t, (p, r, f, n) in figures.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
