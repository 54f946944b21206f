"""The annotators' loop end to end, with scores before and after (README: "Annotating").

Run: ``.venv/bin/python scripts/annotation_walkthrough.py [--n 20] [--keep DIR]`` (a few minutes).

1. ``caretext annotate export`` 20 statements of held-out writer x (a voice nothing was tuned on) as Label
   Studio tasks, pre-annotated with the shipped models' predictions;
2. the annotator — here a script standing in for one — corrects each task to what writer x's gold says
   (outcome, detail, category, subcategory, themes, injustice, remedies with their attributes, evidence
   sentences), as Label Studio's export would return it;
3. ``caretext annotate import`` reads the export back into an annotations/decisions batch + corpus;
4. ``caretext train --out`` trains an own model set on the shipped training data plus the 20 imported
   statements;
5. ``caretext evaluate decisions --models`` scores the shipped set and the own set on held-out writer y
   (36 statements in real page shapes, another voice again; neither set saw it).

The figures are printed; the README quotes them.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CARETEXT = [sys.executable, "-m", "caretext.cli"]


def run(*args: str) -> str:
    done = subprocess.run([*CARETEXT, *args], capture_output=True, text=True, cwd=ROOT)
    if done.returncode not in (0, 1):
        raise SystemExit(f"caretext {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return done.stdout


def correct(task: dict, gold: dict) -> list[dict]:
    """What an annotator's Label Studio export holds for a task once corrected to ``gold``."""
    text = task["data"]["text"]
    results: list[dict] = []

    def region(n: int, label: str, quote: str, attrs: dict[str, str]) -> None:
        start = text.find(quote)
        if start < 0:
            words = quote.split()
            import re

            m = re.search(r"\s+".join(map(re.escape, words)), text)
            if m is None:
                return
            start, end = m.start(), m.end()
        else:
            end = start + len(quote)
        value = {"start": start, "end": end, "text": text[start:end]}
        results.append({"id": f"g{n}", "from_name": "label", "to_name": "text", "type": "labels",
                        "value": {**value, "labels": [label]}})
        results.append({"id": f"g{n}", "from_name": "attrs", "to_name": "text", "type": "textarea",
                        "value": {**value, "text": [";".join(f"{k}={v}" for k, v in attrs.items())]}})

    n = 0
    for remedy in gold.get("remedies", []):
        attrs = {"type": remedy["type"]}
        for key in ("amount_gbp", "recipient", "purpose", "deadline"):
            if remedy.get(key) not in (None, ""):
                attrs[key] = str(remedy[key])
        region(n := n + 1, "REMEDY", remedy["text"], attrs)
    for evidence in gold.get("evidence", []):
        region(n := n + 1, "EVIDENCE", evidence["text"], {"theme": evidence["label"]})
    for field in ("outcome", "detail", "category", "subcategory"):
        if gold.get(field):
            results.append({"from_name": field, "to_name": "text", "type": "choices",
                            "value": {"choices": [gold[field]]}})
    for field in ("themes", "injustice"):
        results.append({"from_name": field, "to_name": "text", "type": "choices",
                        "value": {"choices": list(gold.get(field) or [])}})
    return results


def headline(scores: str) -> dict[str, float]:
    data = json.loads(scores)
    return {k: data["headline"][k] for k in ("outcome_accuracy", "category_accuracy", "subcategory_accuracy",
                                             "theme_micro_f1", "remedy_type_f1", "total_payment_exact")} | {"n": data["n"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="keep the working folder here")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="caretext-walkthrough-"))
    work.mkdir(parents=True, exist_ok=True)
    gold_x = {json.loads(line)["id"]: json.loads(line)
              for line in (ROOT / "annotations/decisions/x.jsonl").read_text().splitlines() if line.strip()}
    chosen = sorted(gold_x)[: args.n]
    files = [str(ROOT / "corpora/decisions" / f"{i}.txt") for i in chosen]

    tasks_file = work / "tasks.json"
    run("annotate", "export", *files, "--to", "labelstudio", "--task", "decisions", "-o", str(tasks_file), "--force")
    tasks = json.loads(tasks_file.read_text())
    for task in tasks:  # the annotator's corrections, as Label Studio exports them
        task["annotations"] = [{"result": correct(task, gold_x[task["data"]["caretext_id"]]), "completed_by": 1}]
    export = work / "labelstudio-export.json"
    export.write_text(json.dumps(tasks))
    imported = work / "imported"
    shutil.rmtree(imported, ignore_errors=True)
    run("annotate", "import", str(export), "--from", "labelstudio", "--task", "decisions", "-o", str(imported))

    # training data: the shipped training batches (not the held-out x and y) + the imported statements
    train_ann, corpus = work / "train-annotations", work / "corpus"
    shutil.rmtree(train_ann, ignore_errors=True)
    shutil.rmtree(corpus, ignore_errors=True)
    train_ann.mkdir()
    shutil.copytree(ROOT / "corpora/decisions", corpus)
    for batch in sorted((ROOT / "annotations/decisions").glob("*.jsonl")):
        if batch.stem not in ("x", "y"):
            shutil.copy(batch, train_ann / batch.name)
    shutil.copy(ROOT / "annotations/decisions/y.jsonl", train_ann / "y.jsonl")  # held out: the test split
    shutil.copy(imported / "annotations" / "imported.jsonl", train_ann / "imported.jsonl")
    for text in (imported / "corpus").glob("*.txt"):
        shutil.copy(text, corpus / text.name)
    own = work / "own-models"
    run("train", "--annotations", str(train_ann), "--corpus", str(corpus), "--out", str(own))

    y_only = work / "y-annotations"
    shutil.rmtree(y_only, ignore_errors=True)
    y_only.mkdir()
    shutil.copy(ROOT / "annotations/decisions/y.jsonl", y_only / "y.jsonl")
    before = headline(run("evaluate", "decisions", "--annotations", str(y_only), "--json"))
    after = headline(run("evaluate", "decisions", "--annotations", str(y_only), "--models", str(own), "--json"))
    print(f"{len(tasks)} statements of writer x exported, corrected, imported; own model set in {own}")
    print(f"held-out writer y (n={before['n']}): measure | shipped set | own set (+{len(tasks)} imported)")
    for key in before:
        if key != "n":
            print(f"  {key:24s} {before[key]:.3f}  {after[key]:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
