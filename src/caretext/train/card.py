"""The decision models' card in ``models/README.md``, rewritten by ``caretext train`` from its metrics.

Only the block between the two markers is generated; the rest of the file
(the entity pipeline's card, hand-written) is left as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

START = "<!-- decision-models:start (written by `caretext train`; edit src/caretext/train/card.py) -->"
END = "<!-- decision-models:end -->"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _label_table(block: dict[str, Any]) -> list[str]:
    lines = [_row(["label", "P", "R", "F1", "support"]), _row(["---"] * 5)]
    for label, r in block["labels"].items():
        lines.append(_row([f"`{label}`", f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}", str(r["support"])]))
    return lines


def render(metrics: dict[str, Any]) -> str:
    data, test, dev = metrics["data"], metrics["test"], metrics["dev"]
    th, dh = test["headline"], dev["headline"]
    v = metrics["versions"]
    out = [
        START,
        "",
        "## Decision models: outcome, category, themes (+ remedy and injustice rules)",
        "",
        "**Intended use.** Filing LGSCO decision statements (PDF text, saved pages, text) by outcome,",
        "category/subcategory and fault themes, with remedies, payments and injustice read by rules, for counting",
        "and searching archives. Not for judging a single case: read the statement.",
        "",
        "**Models.** One featuriser (TF-IDF word 1-3-grams and character 3-5-grams over the key sections —",
        "summary, assessment, agreed action, final decision — plus word 1-2-grams over the body without the",
        "role-and-powers boilerplate) and five logistic-regression heads: outcome, detail, category, joint",
        "category > subcategory (constrained to the predicted category), one-vs-rest themes with per-theme",
        "thresholds from 5-fold out-of-fold predictions on the training data. Rules take over openly where",
        "they are better (their ids are in the findings): decisive outcome wording (`data/outcome_rules.jsonl`),",
        "archive-wide categories such as planning, parking or council tax (`data/category_rules.jsonl`),",
        "topical themes named in the summary or complaint (`data/theme_rules.jsonl`); remedies, payments and",
        "injustice are rules only (`data/remedy_rules.jsonl`, `data/injustice_rules.jsonl`). Rules were written",
        "against train + dev statements only. Saved with skops; trained with " +
        f"scikit-learn {v['scikit-learn']}, spaCy {v['spacy']}, skops {v['skops']}.",
        "",
        f"**Data.** {sum(data['splits'].values())} statements written for caretext (`corpora/decisions/README.md`):",
        "splits " + ", ".join(f"{k} {n}" for k, n in data["splits"].items()) + "; writers " +
        ", ".join(f"{k} {n}" for k, n in data["writers"].items()) + ".",
        "Writer `x` wrote separately, in a style nothing was tuned on; all of it is in test.",
        f"Gold fingerprint `{data['fingerprint'][:16]}`, test `{data['test_fingerprint'][:16]}`.",
        "",
        "**Procedure.** Fit on train and measure on dev (settings chosen there); refit on train + dev and",
        "measure once on test. `caretext train` reproduces these figures exactly; `caretext evaluate decisions`",
        "prints them with confusion matrices.",
        "",
        "| measure | dev (tuned on) | test (held out) | goal |",
        "| --- | ---: | ---: | ---: |",
    ]
    goals = {
        "outcome_accuracy": "≥ 0.95", "category_accuracy": "≥ 0.95", "subcategory_accuracy": "≥ 0.85",
        "theme_micro_f1": "≥ 0.80", "total_payment_exact": "≥ 0.98", "remedy_type_f1": "≥ 0.90",
    }
    for key in th:
        out.append(_row([key.replace("_", " "), f"{dh[key]:.3f}", f"{th[key]:.3f}", goals.get(key, "")]))
    out += ["", "**Test by writer** (the `x` row is the honest estimate for unseen styles):", ""]
    keys = ["n", "outcome_accuracy", "category_accuracy", "subcategory_accuracy", "theme_micro_f1",
            "remedy_type_f1", "total_payment_exact"]
    out.append(_row(["writer", *[k.replace("_accuracy", " acc").replace("_", " ") for k in keys]]))
    out.append(_row(["---"] * (len(keys) + 1)))
    for writer, row in test["by_writer"].items():
        out.append(_row([f"`{writer}`", *[str(row[k]) if k == "n" else f"{row[k]:.3f}" for k in keys]]))
    out += ["", "**Outcome on test**", "", *_label_table(test["outcome"]), "",
            "**Themes on test** (per theme)", "", *_label_table(test["themes"]), "",
            "**Remedy types on test**", "", *_label_table(test["remedy_types"]), "",
            f"Theme evidence: the first evidence sentence overlaps a gold evidence sentence for "
            f"{test['theme_evidence']['first_evidence_overlaps_gold']:.3f} of {test['theme_evidence']['n']} "
            "correctly predicted themes.",
            "",
            "**Limits.** Trained on statements written for caretext, not on published ones: expect lower scores",
            "on real archives, most of all for subcategories with few examples and for themes the writers",
            "rarely used (see supports above). English LGSCO statements only. Payments the statement gives no",
            "figure for count as 0 in the total. The published outcome of a saved web page, when present, is",
            "reported instead of the model's (`method: source_metadata`).",
            "",
            END]
    return "\n".join(out) + "\n"


def write_card(metrics: dict[str, Any], path: Path) -> None:
    """Replace (or append) the generated decision-model block of the card file."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# caretext model cards\n"
    block = render(metrics)
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        text = head + block + ("\n" + tail if tail else "")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")
