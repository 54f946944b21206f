"""The ``caretext`` command: parse, validate, call the library, print.

No logic of its own lives here; every command is a thin wrapper over the
public API (``tag``, ``extract_text``, ``Findings.json_schema``).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from caretext.settings import SETTINGS

app = typer.Typer(
    name="caretext",
    help="Structured, evidenced findings from Ombudsman decisions and press coverage.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)
out = Console()
T = TypeVar("T")


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"


class Engine(str, Enum):
    pdfium = "pdfium"
    pdfplumber = "pdfplumber"


@app.command()
def tag(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders to tag.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output folder (holds the store; resumable).")] = Path("out"),
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Worker processes (at most the CPU count).")] = 1,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="Output format.")
    ] = OutputFormat.jsonl,
    engine: Annotated[Engine, typer.Option(help="PDF text engine.")] = Engine.pdfium,
    ocr: Annotated[
        bool, typer.Option(help="OCR pages with no text layer if tesseract is installed.")
    ] = True,
    timeout: Annotated[
        float, typer.Option(min=1.0, help="Seconds one document may take before it is stopped (error: timeout).")
    ] = SETTINGS.timeout_seconds,
    max_memory: Annotated[
        int, typer.Option("--max-memory", min=256, help="MB of memory one worker may use (error: memory_limit).")
    ] = SETTINGS.max_memory_mb,
    force: Annotated[
        bool, typer.Option("--force", help="Redo documents already in OUT (also those made by other versions).")
    ] = False,
    retry_errors: Annotated[
        bool, typer.Option("--retry-errors", help="Redo documents whose earlier attempt ended in an error.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")
    ] = False,
    dask: Annotated[
        str | None,
        typer.Option(help="Run the documents on a Dask cluster: a scheduler address (tcp://host:8786) or local:N "
                     "(a LocalCluster of N workers). The store and outputs stay here."),
    ] = None,
    dask_send_files: Annotated[
        bool, typer.Option("--dask-send-files", help="Send each file's bytes to the Dask workers (no shared file system).")
    ] = False,
    models: Annotated[
        Path | None,
        typer.Option("--models", help="A model set of your own (caretext train --out DIR) instead of the shipped one.",
                     file_okay=False),
    ] = None,
) -> None:
    """Tag every file under PATHS; write findings and errors to OUTPUT.

    Each document is analysed in an isolated worker with a time and memory limit; results are kept
    in OUTPUT/caretext.sqlite as they come, so after any interruption running the same command
    again resumes. Exit code 0 when every document was read, 1 when some failed (see the errors
    file), 2 for a usage problem, 3 when the output cannot be written.
    """
    from caretext import batch
    from caretext.classify.models import verify_models
    from caretext.errors import ModelError
    from caretext.store import OutputError
    from caretext.workers import Limits

    try:
        verify_models(models)  # cheap: the workers load the models, this process only checks them
    except ModelError as exc:
        err.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        err.print(f"[red]error[/red] {missing[0]}: no such file or folder")
        raise typer.Exit(2)
    if dask:
        from caretext.cluster import parse_address

        try:
            parse_address(dask)
        except ValueError as exc:
            err.print(f"[red]error[/red] {exc}")
            raise typer.Exit(2) from None
    cpus = os.cpu_count() or 1
    if workers > cpus:
        err.print(f"[yellow]--workers {workers} is more than this machine's {cpus} CPUs; using {cpus}[/yellow]")
        workers = cpus
    progress = Progress(
        TextColumn("[bold]tagging"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[stuck]}"),
        console=err,
        disable=quiet,
        transient=False,
    )
    task = progress.add_task("tag", total=None, stuck="")

    def show(state: batch.Progress) -> None:
        stuck = f"[yellow]slow: {state.stuck[0]} ({state.stuck[1]:.0f} s)[/yellow]" if state.stuck else ""
        progress.update(task, total=state.total, completed=state.finished, stuck=stuck)

    try:
        with progress:
            summary = batch.run(
                paths, output, workers=workers, limits=Limits(timeout, max_memory), engine=engine.value, ocr=ocr,
                fmt=fmt.value, force=force, retry_errors=retry_errors, progress=show, dask=dask,
                send_files=dask_send_files, models=models,
            )
    except OutputError as exc:
        err.print(f"[red]error[/red] {exc.path}: {exc.message}")
        raise typer.Exit(2 if exc.usage else 3) from None
    except (OSError, TimeoutError) as exc:
        if not dask:
            raise
        err.print(f"[red]error[/red] cannot reach the Dask scheduler {dask}: {exc}")
        raise typer.Exit(2) from None
    if summary.found == 0:
        err.print("[red]No files found under the given paths.[/red]")
        raise typer.Exit(2)
    if not quiet:
        _summary(summary)
    if summary.interrupted:
        err.print("[yellow]interrupted: run the same command again to resume[/yellow]")
        raise typer.Exit(130)
    raise typer.Exit(1 if summary.failed else 0)


def _summary(summary: Any) -> None:
    table = Table(title="caretext tag: summary")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("files found", str(summary.found))
    if summary.skipped:
        table.add_row("skipped (already in the output folder)", str(summary.skipped))
    if summary.duplicates:
        table.add_row("same content as another file (analysed once)", str(summary.duplicates))
    for kind, count in sorted(summary.kinds.items()):
        table.add_row(f"analysed: {kind}", str(count))
    table.add_row("analysed", str(summary.analysed), style="bold")
    table.add_row("pages", str(summary.pages))
    for code, count in sorted(summary.errors.items()):
        table.add_row(f"errors: {code}", str(count), style="red")
    table.add_row("errors", str(sum(summary.errors.values())), style="bold red" if summary.errors else "bold")
    if summary.earlier_errors:
        table.add_row("errors from earlier runs (use --retry-errors)", str(summary.earlier_errors), style="red")
    for kind, count in sorted(summary.warnings.items()):
        table.add_row(f"warnings: {kind}", str(count), style="yellow")
    for label, count in sorted(summary.outcomes.items()):
        table.add_row(f"decisions {label.replace('_', ' ')}", str(count))
    if summary.payments_gbp:
        table.add_row("payments found (£)", f"{summary.payments_gbp:,.2f}")
    table.add_row("seconds", f"{summary.seconds:.1f}")
    err.print(table)
    if summary.outputs:
        err.print(f"findings: {summary.outputs[0]}   errors: {summary.outputs[1]}")


@app.command()
def extract(
    file: Annotated[
        Path, typer.Argument(help="A PDF, HTML or text file.", exists=True, dir_okay=False)
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the Document as JSON.")] = False,
    engine: Annotated[Engine, typer.Option(help="PDF text engine.")] = Engine.pdfium,
) -> None:
    """Print the clean text of FILE (or, with --json, the page map, removed spans and metadata)."""
    from caretext.errors import CaretextError
    from caretext.ingest import extract_text

    try:
        doc = extract_text(file, engine=engine.value)
    except CaretextError as exc:
        err.print(f"[red]error[/red] {type(exc).__name__}: {exc}")
        raise typer.Exit(1) from exc
    if as_json:
        sys.stdout.write(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(doc.text + "\n")
    for warning in doc.warnings:
        err.print(f"[yellow]warning[/yellow] {file}: {warning}")


evaluate_app = typer.Typer(
    help="Score caretext against gold data (held-out by default).", no_args_is_help=True
)
app.add_typer(evaluate_app, name="evaluate")


@evaluate_app.command("entities")
def evaluate_entities_command(
    folder: Annotated[
        Path,
        typer.Argument(help="Folder of annotated *.txt documents.", exists=True, file_okay=False),
    ] = Path("annotations/entities/test"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    errors: Annotated[int, typer.Option(help="Also list this many missed/spurious spans.")] = 0,
) -> None:
    """Entity precision/recall/F1 per type on annotated documents (annotations/entities/README.md)."""
    from caretext.evaluate.entity_scores import TYPES, evaluate_entities

    report = _gold_or_exit(evaluate_entities, folder)
    scores = report.to_dict()
    if as_json:
        sys.stdout.write(json.dumps(scores, indent=2) + "\n")
        return
    table = Table(title=f"entities: {folder} ({scores['documents']} documents)")
    for column in (
        "type",
        "gold",
        "predicted",
        "precision",
        "recall",
        "F1",
        "overlap F1",
        "value acc.",
    ):
        table.add_column(column, justify="left" if column == "type" else "right")
    for t in TYPES:
        row = scores["types"][t]
        value = row.get("value_accuracy")
        table.add_row(
            t,
            str(row["gold"]),
            str(row["predicted"]),
            f"{row['precision']:.3f}",
            f"{row['recall']:.3f}",
            f"{row['f1']:.3f}",
            f"{row['overlap_f1']:.3f}",
            "" if value is None else f"{value:.3f}",
        )
    out.print(table)
    out.print(
        f"micro F1 {scores['micro_f1']:.3f}   council linked F1 (span + GSS) {scores['council_linked_f1']:.3f}"
    )
    for e in report.errors[:errors]:
        out.print(f"{e['doc']}  {e['type']:<11} {e['error']:<8} {e['text']!r} @{e['start']}")


@evaluate_app.command("councils")
def evaluate_councils_command(
    variants: Annotated[
        Path,
        typer.Argument(
            help="TSV: id, sentence, mention, date, expected, note.", exists=True, dir_okay=False
        ),
    ] = Path("tests/data/council_variants.tsv"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    errors: Annotated[int, typer.Option(help="Also list this many wrong rows.")] = 0,
) -> None:
    """Council linking accuracy (exact GSS) on a list of mentions in sentences."""
    from caretext.evaluate.council_variants import evaluate_variants

    report = _gold_or_exit(evaluate_variants, variants)
    scores = report.to_dict()
    if as_json:
        sys.stdout.write(json.dumps(scores, indent=2) + "\n")
        return
    table = Table(title=f"council linking: {variants}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in scores.items():
        table.add_row(
            key.replace("_", " "), f"{value:.4f}" if isinstance(value, float) else str(value)
        )
    out.print(table)
    for e in report.errors[:errors]:
        out.print(
            f"{e['id']} expected {e['expected']} got {e['got']}: {e['mention']!r} ({e['note']})"
        )


class Split(str, Enum):
    train = "train"
    dev = "dev"
    test = "test"


@evaluate_app.command("decisions")
def evaluate_decisions_command(
    split: Annotated[Split, typer.Option(help="Which split of annotations/decisions to score.")] = Split.test,
    gold: Annotated[
        Path | None,
        typer.Option(help="Score your own archive: a gold JSONL file (one record per document).", dir_okay=False),
    ] = None,
    docs: Annotated[
        Path | None, typer.Option(help="Folder of documents named by the gold ids (with --gold).", file_okay=False)
    ] = None,
    annotations: Annotated[Path, typer.Option(help="Gold annotations folder.")] = Path("annotations/decisions"),
    corpus: Annotated[Path, typer.Option(help="Statements folder.")] = Path("corpora/decisions"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    models: Annotated[
        Path | None, typer.Option("--models", help="Score a model set of your own (caretext train --out DIR).",
                                  file_okay=False, exists=True)
    ] = None,
) -> None:
    """Outcome, category, themes, remedies and injustice: P/R/F1 per label and confusion matrices."""
    from caretext.classify.decision import DecisionClassifier
    from caretext.evaluate.archive import score_folder
    from caretext.evaluate.decision_gold import load_gold
    from caretext.train.fit import evaluate

    _models_or_exit(models)
    if gold is not None or docs is not None:
        if gold is None or docs is None:
            err.print("[red]error[/red] --gold and --docs go together")
            raise typer.Exit(2)
        title = f"decisions: {docs} against {gold}"
        metrics = _gold_or_exit(lambda g: score_folder(g, docs), gold)
    else:
        title = f"decisions: {annotations} ({split.value} split)"
        golds = _gold_or_exit(lambda a: load_gold(a, corpus, (split.value,)), annotations)
        metrics = evaluate(DecisionClassifier.load(models), golds)
    if as_json:
        sys.stdout.write(json.dumps(metrics, indent=2, sort_keys=True) + "\n")
        return
    _print_decision_metrics(title, metrics)
    for bad in metrics.get("unreadable", []):
        err.print(f"[yellow]not scored[/yellow] {bad['path']}: {bad['error']}: {bad['message']}")


@evaluate_app.command("press")
def evaluate_press_command(
    split: Annotated[Split, typer.Option(help="Which split of annotations/press to score.")] = Split.test,
    annotations: Annotated[Path, typer.Option(help="Gold annotations folder or one JSONL file.")] = Path(
        "annotations/press"
    ),
    corpus: Annotated[Path, typer.Option(help="Articles folder.")] = Path("corpora/press"),
    seeds: Annotated[
        Path | None,
        typer.Option(help="Also check a folder of articles with an expected.json (e.g. ../shared/corpora/press-seeds).", file_okay=False),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    errors: Annotated[int, typer.Option(help="Also list this many errors (missed, spurious, wrong speaker).")] = 0,
) -> None:
    """Quotes (exact and overlap span F1), speakers, speaker organisations, statistics, entities, metadata."""
    from caretext.evaluate.press_gold import load_gold
    from caretext.evaluate.press_scores import score_press, score_seeds

    golds = _gold_or_exit(lambda a: load_gold(a, corpus, (split.value,)), annotations)
    report = score_press(golds)
    if seeds is not None:
        report["seeds"] = _gold_or_exit(score_seeds, seeds)
    if as_json:
        sys.stdout.write(json.dumps(report, indent=2, sort_keys=True) + "\n")
        return
    out.print(f"[bold]press: {annotations} ({split.value} split)[/bold] — {report['articles']} articles")
    table = Table()
    for column in ("measure", "precision", "recall", "F1", "gold"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    rows = [
        ("quote span, exact", report["quotes"]["exact"]),
        ("quote span, overlap", report["quotes"]["overlap"]),
        ("speaker (per quote, exact name)", report["speaker"]),
        ("statistic value", report["statistics"]["value"]),
        *((f"{key.replace('_', ' ')} (per article)", row) for key, row in report["sets"].items()),
    ]
    for name, row in rows:
        table.add_row(name, f"{row['precision']:.3f}", f"{row['recall']:.3f}", f"{row['f1']:.3f}", str(row["support"]))
    out.print(table)
    out.print(
        f"speaker organisation accuracy {report['speaker_organisation_accuracy']:.3f} "
        f"(of {report['speaker_organisation_n']} quotes with the right speaker and a gold organisation); "
        f"statistic unit accuracy {report['statistics']['unit_accuracy']:.3f}"
    )
    out.print("metadata accuracy: " + ", ".join(f"{k} {v:.3f}" for k, v in report["metadata"].items()))
    furniture = report["furniture"]
    out.print(
        f"furniture left: {furniture['left']} of {furniture['snippets']} gold snippets, "
        f"in {furniture['articles_with_some_left']} of {report['articles']} articles (goal 0)"
    )
    if report["by_writer"]:
        table = Table(title="by writer (x = written separately, never tuned on)")
        keys = list(next(iter(report["by_writer"].values())))
        table.add_column("writer")
        for k in keys:
            table.add_column(k.replace("_", " "), justify="right")
        for writer, row in report["by_writer"].items():
            table.add_row(writer, *(str(row[k]) if k == "n" else f"{row[k]:.3f}" for k in keys))
        out.print(table)
    for e in report["errors"][:errors]:
        out.print(f"{e['doc']}  {e['error']:<18} {e['text']!r}  {e['detail']}")
    for name, problems in report.get("seeds", {}).items():
        status = "[green]ok[/green]" if not problems else "[red]" + "; ".join(problems) + "[/red]"
        out.print(f"seed {name}: {status}")


def _print_decision_metrics(title: str, metrics: dict[str, Any]) -> None:
    out.print(f"[bold]{title}[/bold] — {metrics['n']} statements")
    for task in ("outcome", "detail", "category", "subcategory"):
        if task not in metrics:
            continue
        m = metrics[task]
        out.print(_label_table(f"{task}: accuracy {m['accuracy']:.3f} (n={m['n']})", m["labels"]))
        if task in ("outcome", "category"):
            _print_confusion(task, m["confusion"])
    for task in ("themes", "injustice", "remedy_types"):
        if task not in metrics:
            continue
        m = metrics[task]
        out.print(_label_table(f"{task.replace('_', ' ')}: micro F1 {m['micro']['f1']:.3f}", m["labels"]))
    if "total_payment" in metrics:
        p = metrics["total_payment"]
        out.print(
            f"total payment exactly right: {p['exact']:.3f} of {p['n']} statements "
            f"({p['exact_where_gold_pays']:.3f} of the {p['n_gold_pays']} with a payment)"
        )
    if "subject_council" in metrics:
        c = metrics["subject_council"]
        out.print(f"subject council right: {c['accuracy']:.3f} of {c['n']}")
    if "payments" in metrics:
        p = metrics["payments"]
        t, f, w = p["total_exact"], p["found"], p["found_without_figure"]
        out.print(f"payment total exactly right where figures are given: {t['accuracy']:.3f} of {t['n']}")
        out.print(f"a payment found where one is agreed: {f['recall']:.3f} of {f['n']} "
                  f"({w['recall']:.3f} of the {w['n']} named without a figure)")
        if p["none_claimed_where_none"]["n"]:
            q = p["none_claimed_where_none"]
            out.print(f"no payment claimed where none is agreed: {q['accuracy']:.3f} of {q['n']}")
    if metrics.get("kinds"):
        out.print("read as: " + ", ".join(f"{k} {v}" for k, v in sorted(metrics["kinds"].items())))
    if metrics.get("missing"):
        out.print(f"[yellow]{len(metrics['missing'])} gold records have no document[/yellow] (not scored)")
    if "theme_evidence" in metrics:
        e = metrics["theme_evidence"]
        out.print(f"theme evidence: first sentence overlaps a gold one for {e['first_evidence_overlaps_gold']:.3f} of {e['n']} correct themes")
    if "by_writer" in metrics:
        table = Table(title="by writer (x = written separately, never tuned on)")
        keys = ["n", "outcome_accuracy", "category_accuracy", "subcategory_accuracy", "theme_micro_f1", "remedy_type_f1", "total_payment_exact"]
        table.add_column("writer")
        for k in keys:
            table.add_column(k.replace("_accuracy", " acc").replace("_", " "), justify="right")
        for writer, row in metrics["by_writer"].items():
            table.add_row(writer, *(str(row[k]) if k == "n" else f"{row[k]:.3f}" for k in keys))
        out.print(table)


def _label_table(title: str, labels: dict[str, dict[str, float]]) -> Table:
    table = Table(title=title)
    for column in ("label", "precision", "recall", "F1", "support"):
        table.add_column(column, justify="left" if column == "label" else "right")
    for label, row in labels.items():
        table.add_row(
            label, f"{row['precision']:.3f}", f"{row['recall']:.3f}", f"{row['f1']:.3f}", str(row["support"])
        )
    return table


def _print_confusion(task: str, confusion: dict[str, dict[str, int]]) -> None:
    labels = list(confusion)
    table = Table(title=f"{task} confusion (rows gold, columns predicted)")
    table.add_column("gold \\ predicted")
    for label in labels:
        table.add_column(label[:14], justify="right")
    for g in labels:
        table.add_row(g, *(str(confusion[g].get(p, 0)) for p in labels))
    out.print(table)


def _models_or_exit(models: Path | None = None) -> None:
    """Load the models (the shipped set by default) once up front, so a missing or mismatched model is one
    clear error."""
    from caretext.classify.decision import DecisionClassifier
    from caretext.errors import ModelError

    try:
        DecisionClassifier.load(models)
    except ModelError as exc:
        err.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc


@app.command()
def train(
    annotations: Annotated[Path, typer.Option(help="Gold annotations folder.")] = Path("annotations/decisions"),
    corpus: Annotated[Path, typer.Option(help="Statements folder.")] = Path("corpora/decisions"),
    model_dir: Annotated[
        Path, typer.Option(help="Where the models are written (the package's models folder).")
    ] = Path("src/caretext/models"),
    metrics: Annotated[Path, typer.Option(help="Where the metrics are written.")] = Path("models/metrics.json"),
    card: Annotated[Path, typer.Option(help="Model card to update.")] = Path("models/README.md"),
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Write your own model set here (models, metrics.json and its card README.md); "
                     "use it with caretext tag --models DIR. The shipped set is left alone.", file_okay=False),
    ] = None,
) -> None:
    """Rebuild the decision models from annotations (deterministic) and write metrics and the model card."""
    from caretext.train.card import write_card
    from caretext.train.fit import train as run_train

    if out_dir is not None:
        model_dir, metrics, card = out_dir, out_dir / "metrics.json", out_dir / "README.md"
    started = time.perf_counter()
    result = _gold_or_exit(lambda a: run_train(a, corpus, model_dir, metrics), annotations)
    write_card(result, card)
    head = result["test"]["headline"]
    table = Table(title=f"held-out test split ({result['data']['splits']['test']} statements)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in head.items():
        table.add_row(key.replace("_", " "), f"{value:.3f}")
    out.print(table)
    out.print(f"models → {model_dir}   metrics → {metrics}   card → {card}   ({time.perf_counter() - started:.1f} s)")


def _gold_or_exit(score: Callable[[Path], T], path: Path) -> T:
    """Run a scorer; unreadable gold data is a clear one-line error (exit 2), not a traceback."""
    try:
        return score(path)
    except (OSError, ValueError, KeyError) as exc:
        detail = f"missing column {exc}" if isinstance(exc, KeyError) else str(exc)
        where = "" if str(path) in detail else f"{path}: "
        err.print(f"[red]error[/red] {where}{detail}")
        raise typer.Exit(2) from exc


annotate_app = typer.Typer(
    help="The annotators' loop: pre-annotated tasks for Label Studio, doccano or spaCy, and corrections back into gold.",
    no_args_is_help=True,
)
app.add_typer(annotate_app, name="annotate")


class Tool(str, Enum):
    labelstudio = "labelstudio"
    doccano = "doccano"
    spacy = "spacy"


class TaskKind(str, Enum):
    entities = "entities"
    decisions = "decisions"
    press = "press"


@annotate_app.command("export")
def annotate_export(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to pre-annotate.")],
    to: Annotated[Tool, typer.Option("--to", help="The annotation tool's format.")] = Tool.labelstudio,
    output: Annotated[Path, typer.Option("-o", "--output", help="The tasks file to write.", dir_okay=False)] = Path(
        "tasks.json"),
    task: Annotated[TaskKind, typer.Option(help="What the annotators label.")] = TaskKind.entities,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing tasks file.")] = False,
) -> None:
    """Write annotation tasks pre-annotated with caretext's current predictions (each with its score and
    the model or rule that made it)."""
    from caretext.annotate.formats import write_tasks
    from caretext.annotate.tasks import build_tasks
    from caretext.errors import CaretextError
    from caretext.tagging import walk

    if output.exists() and not force:
        err.print(f"[red]error[/red] {output}: already exists; pass --force to replace it")
        raise typer.Exit(2)
    files = [f.path for f in walk(paths) if f.problem is None]
    if not files:
        err.print("[red]error[/red] no readable files under the given paths")
        raise typer.Exit(2)
    try:
        tasks = build_tasks(files, task.value)
    except CaretextError as exc:
        err.print(f"[red]error[/red] {exc.path}: {exc.message}")
        raise typer.Exit(1) from None
    write_tasks(tasks, to.value, output)
    err.print(f"{len(tasks)} {task.value} tasks for {to.value}: {output}")


@annotate_app.command("config")
def annotate_config(
    to: Annotated[Tool, typer.Option("--to", help="Only labelstudio has a labeling config.")] = Tool.labelstudio,
    task: Annotated[TaskKind, typer.Option(help="What the annotators label.")] = TaskKind.entities,
) -> None:
    """Print the Label Studio labeling config that matches the exported tasks."""
    from caretext.annotate.formats import labelstudio_config

    if to is not Tool.labelstudio:
        err.print(f"[red]error[/red] {to.value} needs no labeling config; its labels come with the tasks")
        raise typer.Exit(2)
    sys.stdout.write(labelstudio_config(task.value))


@annotate_app.command("import")
def annotate_import(
    file: Annotated[Path, typer.Argument(help="The tool's export.", exists=True, dir_okay=False)],
    source: Annotated[Tool, typer.Option("--from", help="The annotation tool's format.")] = Tool.labelstudio,
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the gold files.")] = Path("gold"),
    task: Annotated[TaskKind, typer.Option(help="What the annotators labelled.")] = TaskKind.entities,
    docs: Annotated[
        Path | None,
        typer.Option(help="Folder of the original documents: offsets are moved onto caretext's text of them.",
                     file_okay=False, exists=True),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace gold files with other content.")] = False,
) -> None:
    """Read corrected annotations into the project's gold formats (annotations/entities, annotations/decisions),
    checked whole first: any problem names the task and field, and nothing is written."""
    from caretext.annotate.formats import AnnotationError, read_tasks
    from caretext.annotate.importer import import_tasks

    text_of = None
    if docs is not None:
        from caretext.ingest import extract_text

        by_stem = {p.stem: p for p in docs.rglob("*") if p.is_file()}

        def text_of(task_id: str) -> str | None:
            path = by_stem.get(task_id)
            return extract_text(path).text if path else None

    try:
        written = import_tasks(read_tasks(file, source.value, task.value), output, text_of=text_of, force=force)
    except (AnnotationError, UnicodeDecodeError) as exc:
        err.print(f"[red]error[/red] {file}: {exc}")
        raise typer.Exit(2) from None
    for path in written:
        sys.stdout.write(f"{path}\n")


class Strategy(str, Enum):
    uncertainty = "uncertainty"
    diverse = "diverse"
    random = "random"


@annotate_app.command("select")
def annotate_select(
    sources: Annotated[list[Path], typer.Argument(help="A tagged OUT folder, or files and folders to analyse.")],
    n: Annotated[int, typer.Option("--n", min=1, help="How many documents to choose.")] = 50,
    strategy: Annotated[Strategy, typer.Option(help="How to choose.")] = Strategy.uncertainty,
    seed: Annotated[int, typer.Option(help="Seed of the random strategy.")] = 0,
    export: Annotated[
        Path | None, typer.Option(help="Write the chosen documents' tasks here instead of listing paths.", dir_okay=False)
    ] = None,
    to: Annotated[Tool, typer.Option("--to", help="Format of --export.")] = Tool.labelstudio,
    task: Annotated[TaskKind, typer.Option(help="Task kind of --export.")] = TaskKind.entities,
) -> None:
    """Choose the documents worth labelling next: least confident first without near-duplicates
    (uncertainty), spread over the archive (diverse), or at random; print their paths or export their tasks."""
    from caretext.annotate.select import candidates, select

    missing = [s for s in sources if not s.exists()]
    if missing:
        err.print(f"[red]error[/red] {missing[0]}: no such file or folder")
        raise typer.Exit(2)
    chosen = select(candidates(sources), n, strategy.value, seed)
    if export is None:
        for c in chosen:
            sys.stdout.write(f"{c.path}\t{c.confidence:.3f}\n")
        return
    from caretext.annotate.formats import write_tasks
    from caretext.annotate.tasks import build_tasks

    write_tasks(build_tasks([c.path for c in chosen], task.value), to.value, export)
    err.print(f"{len(chosen)} tasks for {to.value}: {export}")


@annotate_app.command("agreement")
def annotate_agreement(
    annotators: Annotated[
        list[Path], typer.Argument(help="Each annotator's entities folder or decisions JSONL file.", exists=True)
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    show: Annotated[int, typer.Option(help="List this many disagreements to adjudicate.")] = 20,
) -> None:
    """Agreement between annotators: Cohen's kappa (two) and Krippendorff's alpha per document label, span
    F1 (exact and overlap) per entity type, and the disagreements to adjudicate."""
    from caretext.annotate.agreement import agreement

    try:
        result = agreement(annotators)
    except (ValueError, FileNotFoundError) as exc:
        err.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from None
    if as_json:
        sys.stdout.write(json.dumps(result.to_dict(), indent=2) + "\n")
        return
    console = Console()
    console.print(f"{len(result.annotators)} annotators ({', '.join(result.annotators)}), "
                  f"{result.documents} shared documents")
    if result.labels:
        table = Table("label", "Cohen's kappa", "Krippendorff's alpha", "n")
        for name, row in result.labels.items():
            table.add_row(name, _num(row["kappa"]), _num(row["alpha"]), str(row["n"]))
        console.print(table)
    if result.spans:
        table = Table("entity type", "exact F1", "overlap F1", "spans")
        for name, row in result.spans.items():
            table.add_row(name, _num(row["exact_f1"]), _num(row["overlap_f1"]), str(row["n"]))
        console.print(table)
    for line in result.disagreements[:show]:
        console.print(line, markup=False)
    if len(result.disagreements) > show:
        console.print(f"... and {len(result.disagreements) - show} more (--show N)")


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


class ExportFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


@app.command()
def export(
    store: Annotated[Path, typer.Argument(help="A tagged OUT folder (caretext tag PATHS -o OUT).")] = Path("out"),
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Folder for the tables (default: OUT/tables).")
    ] = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="File format of the tables.")] = ExportFormat.parquet,
    table: Annotated[
        list[str] | None, typer.Option("--table", "-t", help="Only this table (repeat for several).")
    ] = None,
    with_text: Annotated[
        bool, typer.Option("--with-text", help="Also write texts (doc_id, clean text): what every offset points into.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace files caretext did not write.")] = False,
    list_tables: Annotated[bool, typer.Option("--list", help="Print every table and column, and exit.")] = False,
) -> None:
    """Write the archive in OUT as long tables, one row per thing (documents, councils, themes, remedies,
    injustice, quotes, statistics, entities, case studies, recommendations, warnings, errors), for
    pandas, DuckDB, R or a spreadsheet. Exit code 2 for a usage problem, 3 when the tables cannot be written."""
    from caretext.io.tables import describe
    from caretext.store import OutputError, open_store

    if list_tables:
        sys.stdout.write(describe())
        return
    try:
        with open_store(store) as archive:
            files = archive.export(output or store / "tables", fmt.value, tables=table or None, with_text=with_text,
                                   force=force)
    except OutputError as exc:
        _output_failed(exc)
    for f in files:
        sys.stdout.write(f"{f}\n")


@app.command()
def report(
    store: Annotated[Path, typer.Argument(help="A tagged OUT folder (caretext tag PATHS -o OUT).")] = Path("out"),
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Folder for the report (default: OUT/report).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Write into a folder that holds files caretext did not write.")] = False,
) -> None:
    """Write an offline HTML report of the archive in OUT: an overview with charts and a council league
    table, a page per council (decisions, fault themes with evidence, remedies, payments, press), a page
    per document with every finding highlighted, and the CSV behind every chart. Open REPORT/index.html
    in a browser; it needs no network. Exit code 2 for a usage problem, 3 when it cannot be written."""
    from caretext.report import ReportError, build_report
    from caretext.store import OutputError

    folder = output or store / "report"
    try:
        summary = build_report(store, folder, force=force)
    except OutputError as exc:
        _output_failed(exc)
    except ReportError as exc:
        err.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from None
    except OSError as exc:
        err.print(f"[red]error[/red] {folder}: cannot write the report ({exc.strerror or exc})")
        raise typer.Exit(3) from None
    if not summary.documents:
        err.print(f"[yellow]note[/yellow] {store} holds no documents yet: the report says so")
    out.print(
        f"report → {summary.folder / 'index.html'}   {summary.documents} documents, {summary.councils} councils, "
        f"{summary.pages} pages ({summary.seconds:.1f} s)"
    )


def _output_failed(exc: Any) -> NoReturn:
    """An OUT folder or output that cannot be used: one line naming it; exit 2 for a usage problem
    (not a store, a file in the way), 3 when writing failed."""
    where = f"{exc.path}: " if exc.path else ""
    err.print(f"[red]error[/red] {where}{exc.message}")
    raise typer.Exit(2 if exc.usage else 3) from None


@app.command()
def schema() -> None:
    """Print the JSON Schema of one findings record."""
    from caretext.findings import Findings

    sys.stdout.write(json.dumps(Findings.json_schema(), indent=2) + "\n")


@app.command()
def version() -> None:
    """Print the caretext version."""
    from caretext import __version__

    sys.stdout.write(__version__ + "\n")


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
