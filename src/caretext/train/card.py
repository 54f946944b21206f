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


_REAL_ROWS = (
    ("outcome", "outcome accuracy", "≥ 0.95"),
    ("category", "category accuracy", "≥ 0.97"),
    ("subcategory", "subcategory accuracy", "≥ 0.85"),
    ("subject_council", "subject council", "≥ 0.99"),
    ("payment_total_exact", "payment total exact (figures named)", "≥ 0.95"),
    ("payment_without_figure_found", "payment found, named without a figure", "≥ 0.95"),
    ("payment_found", "payment found, any", ""),
    ("no_payment_claimed_where_none", "no payment claimed where none agreed", ""),
)


def _real_decisions(real: dict[str, Any] | None) -> list[str]:
    """The figures on real published decisions (``models/real_decisions.json``), beside the goals."""
    if not real:
        return []
    parts = real["parts"]
    names = [p for p in ("baseline_tune", "tune", "baseline_check", "check", "check_after", "baseline_fresh", "fresh")
             if p in parts]
    heads = {"tune": "tune (developed on)", "check": "check (held out, scored once)",
             "check_after": "check, after reading its errors", "baseline_tune": "tune, before",
             "baseline_check": "check, before", "fresh": "fresh (held out, scored once)",
             "baseline_fresh": "fresh, before"}
    out = ["", f"**Real published decisions** (measured {real['measured']}; `models/real_decisions.json`). {real['about']}",
           "'before' is caretext as it stood before round 2 and the finding rules. Each cell is accuracy (n).", "",
           _row(["measure", *[heads[n] for n in names], "goal"]), _row(["---"] * (len(names) + 2))]
    for key, label, goal in _REAL_ROWS:
        cells = []
        for name in names:
            fig = parts[name].get(key)
            cells.append(f"{fig['accuracy']:.3f} ({fig['n']})" if fig and fig["n"] else "–")
        out.append(_row([label, *cells, goal]))
    return out


def render(metrics: dict[str, Any], real: dict[str, Any] | None = None) -> str:
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
        "**Training text.** Every statement the models learn from was written for caretext by writing",
        "assistants, not published by the Ombudsman; round 2 was written after reading openings of real",
        "published pages, in their shapes, copying no sentence. Real decisions are used only to measure",
        "(below), never to train.",
        "",
        "**Models.** One featuriser (TF-IDF word 1-3-grams and character 3-5-grams over the key sections —",
        "summary, assessment, agreed action, final decision — plus word 1-2-grams over the body without the",
        "role-and-powers boilerplate) and five logistic-regression heads: outcome, detail, category, joint",
        "category > subcategory (constrained to the predicted category), one-vs-rest themes with per-theme",
        "thresholds from 5-fold out-of-fold predictions on the training data. Rules take over openly where",
        "they are better (their ids are in the findings): the finding the summary states — fault, no fault,",
        "discontinued, not investigated, a remedy agreed — decides the outcome (`data/outcome_rules.jsonl`,",
        "`classify/outcome.py`); the words of the complaint decide the subcategory when they clearly name one",
        "(`data/subcategory_cues.jsonl`), archive-wide categories such as adult care, planning or council tax",
        "come from `data/category_rules.jsonl`,",
        "topical themes named in the summary or complaint (`data/theme_rules.jsonl`); remedies, payments and",
        "injustice are rules only (`data/remedy_rules.jsonl`, `data/injustice_rules.jsonl`). Rules were written",
        "against train + dev statements only. Saved with skops; trained with " +
        f"scikit-learn {v['scikit-learn']}, spaCy {v['spacy']}, skops {v['skops']}.",
        "",
        f"**Data.** {sum(data['splits'].values())} statements written for caretext (`corpora/decisions/README.md`):",
        "splits " + ", ".join(f"{k} {n}" for k, n in data["splits"].items()) + "; writers " +
        ", ".join(f"{k} {n}" for k, n in data["writers"].items()) + ".",
        "Writers `x` and `y` wrote separately, in styles nothing was tuned on; all of it is in test",
        "(`annotations/decisions/batches.json`).",
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
    if test.get("by_slice"):
        out += ["", "**Test by slice** (round 1: written before real pages were studied; round 2: in real page",
                "shapes; `held_out_*`: written separately, never tuned on — the honest estimate for unseen styles):", ""]
        skeys = ["n", "outcome_accuracy", "category_accuracy", "subcategory_accuracy", "theme_micro_f1",
                 "injustice_micro_f1", "remedy_type_f1", "total_payment_exact"]
        out.append(_row(["slice", *[k.replace("_accuracy", " acc").replace("_", " ") for k in skeys]]))
        out.append(_row(["---"] * (len(skeys) + 1)))
        for name, row in test["by_slice"].items():
            out.append(_row([f"`{name}`", *[str(row[k]) if k == "n" else f"{row[k]:.3f}" for k in skeys]]))
    if test.get("placement"):
        pl = test["placement"]
        out += ["", f"**Where findings point** (test split, through `caretext.analyze`): the first evidence sentence "
                f"of a theme is exactly a gold evidence sentence for {pl['evidence_exact']:.3f} of "
                f"{pl['evidence_n']} that overlap one; a remedy span contains the whole gold quote for "
                f"{pl['remedy_contains_gold']:.3f} of {pl['remedy_n']} (`evaluate/placement.py`)."]
    out += _real_decisions(real)
    out += ["", "**Test by writer**:", ""]
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
            "**Limits.** Trained on statements written for caretext, not on published ones. On real decisions",
            "the figures above come from the openings of saved pages (summary and first sections), a few dozen",
            "to a hundred decisions, most of them children's services: a real archive's other categories and",
            "long agreed-action sections are less well measured, and themes, injustice and remedy types are not",
            "measured on real decisions at all. English LGSCO statements only. A payment named without a figure",
            "is reported with `amount_gbp: null` and counts as 0 in a total. The published outcome of a saved",
            "web page, when present, is reported instead of caretext's reading (`method: source_metadata`).",
            "",
            END]
    return "\n".join(out) + "\n"


def write_card(metrics: dict[str, Any], path: Path) -> None:
    """Replace (or append) the generated decision-model block of the card file; the real-decision figures
    come from ``real_decisions.json`` beside it when it exists."""
    import json

    text = path.read_text(encoding="utf-8") if path.exists() else "# caretext model cards\n"
    real_path = path.parent / "real_decisions.json"
    real = json.loads(real_path.read_text(encoding="utf-8")) if real_path.exists() else None
    block = render(metrics, real)
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        text = head + block + ("\n" + tail if tail else "")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")
