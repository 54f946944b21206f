"""Analysis-ready outputs: long tables (Parquet, CSV, JSON Lines), the store's reading API, and runs
on a Dask cluster (a real LocalCluster).

The documents are written here; expected values come from what the test wrote (the council, its GSS
code written out by hand, the sums, the number of documents), never from the code's output.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import caretext
from caretext import batch
from caretext.cli import app
from caretext.io.tables import TABLES

runner = CliRunner()

#: what the test writes, and what it knows about each document
DECISIONS = {
    "kent.txt": ("Kent County Council (23 001 101)", "E10000016", 300.0, "upheld"),
    "leeds.txt": ("Leeds City Council (23 001 102)", "E08000035", 150.0, "upheld"),
}
ARTICLE = (
    "Council apologises over care leaver support\n\n"
    "Bristol City Council has apologised after the Ombudsman found it failed to support a care leaver.\n\n"
    '"We accept the findings in full and are sorry," said Asha Patel, the council\'s director of children\'s '
    "services.\n\nThe council said 40% of its care leavers were now in education, up from 31% in 2021.\n"
)


def _decision(heading: str, amount: float) -> str:
    return (
        f"{heading}\n\nThe Ombudsman's final decision\n\nSummary: Mrs X complained that the Council delayed her "
        "son's education, health and care plan. We found fault causing injustice.\n\nAgreed action\n\n"
        f"Within one month the Council will apologise to Mrs X and pay her £{amount:.0f} for the distress caused.\n"
    )


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name, (heading, _gss, amount, _outcome) in DECISIONS.items():
        (src / name).write_text(_decision(heading, amount), encoding="utf-8")
    (src / "zz-kent.txt").write_text(_decision(DECISIONS["kent.txt"][0], 300.0), encoding="utf-8")
    (src / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(app, ["tag", str(src), "-o", str(out), "-q"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1  # the empty file is an error, the rest are read
    return out


def test_parquet_tables_have_their_declared_columns_and_the_facts_the_documents_state(tagged: Path) -> None:
    result = runner.invoke(app, ["export", str(tagged), "-o", str(tagged / "t")])
    assert result.exit_code == 0 and result.exception is None, result.output
    for name, spec in TABLES.items():
        table = pq.read_table(tagged / "t" / f"{name}.parquet")
        assert table.column_names == spec.names, name
        types = {f.name: str(f.type) for f in table.schema}
        assert all(types[c.name] == {"string": "string", "int64": "int64", "float64": "double"}[c.type]
                   for c in spec.columns), name
    docs = pq.read_table(tagged / "t" / "documents.parquet").to_pylist()
    assert len(docs) == 3  # two decisions and the article; the copy is the same document
    by_path = {Path(d["path"]).name: d for d in docs}
    for name, (_heading, gss, amount, outcome) in DECISIONS.items():
        row = by_path[name]
        assert (row["kind"], row["subject_gss"], row["outcome"]) == ("decision", gss, outcome)
        assert row["payments_total_gbp"] == amount
    remedies = pq.read_table(tagged / "t" / "remedies.parquet").to_pylist()
    payments = sorted(r["amount_gbp"] for r in remedies if r["type"] == "payment")
    assert payments == [150.0, 300.0]
    paths = pq.read_table(tagged / "t" / "paths.parquet").to_pylist()
    kent_id = by_path["kent.txt"]["doc_id"]
    assert sorted(Path(p["path"]).name for p in paths if p["doc_id"] == kent_id) == ["kent.txt", "zz-kent.txt"]
    errors = pq.read_table(tagged / "t" / "errors.parquet").to_pylist()
    assert [(Path(e["path"]).name, e["error"]) for e in errors] == [("empty.txt", "empty_file")]
    stats = pq.read_table(tagged / "t" / "statistics.parquet").to_pylist()
    assert sorted(s["value"] for s in stats if s["unit"] == "percent") == [31.0, 40.0]
    quotes = pq.read_table(tagged / "t" / "quotes.parquet").to_pylist()
    assert [(q["speaker"], q["organisation"]) for q in quotes] == [("Asha Patel", "Bristol City Council")]
    manifest = json.loads((tagged / "t" / "caretext-export.json").read_text())
    assert {t["table"] for t in manifest["tables"]} == set(TABLES)


def test_every_offset_points_into_the_text_the_store_keeps(tagged: Path) -> None:
    with caretext.open_store(tagged) as archive:
        found = list(archive.findings())
        assert len(found) == 3
        for f in found:
            text = archive.text(f.doc_id)
            assert text is not None
            spans = [(r.text, r.start, r.end) for r in f.remedies] + [(q.text, q.start, q.end) for q in f.quotes]
            spans += [(m.text, m.start, m.end) for c in f.councils for m in c.mentions]
            assert spans and all(text[s:e] == t for t, s, e in spans)
        assert [e.error for e in archive.errors()] == ["empty_file"]
        councils = archive.to_pandas("councils")
        subject = councils[councils["role"] == "subject"]
        assert set(subject["gss"]) == {"E10000016", "E08000035", "E06000023"}  # Kent, Leeds, Bristol


def test_csv_has_one_value_per_cell_and_duckdb_reads_the_parquet(tagged: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    assert runner.invoke(app, ["export", str(tagged), "--format", "csv", "-o", str(tagged / "c")]).exit_code == 0
    with (tagged / "c" / "councils.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(";" not in r["council"] for r in rows)
    assert runner.invoke(app, ["export", str(tagged), "-o", str(tagged / "d")]).exit_code == 0
    # the README's example: upheld decisions per council and year
    query = (f"SELECT subject_council, count(*) AS upheld FROM '{tagged}/d/documents.parquet' "
             "WHERE outcome = 'upheld' GROUP BY subject_council ORDER BY subject_council")
    assert duckdb.sql(query).fetchall() == [("Kent County Council", 1), ("Leeds City Council", 1)]


def test_export_refuses_a_users_file_and_replaces_its_own(tagged: Path) -> None:
    target = tagged / "mine"
    target.mkdir()
    (target / "documents.csv").write_text("my own work\n", encoding="utf-8")
    result = runner.invoke(app, ["export", str(tagged), "--format", "csv", "-o", str(target)])
    assert result.exit_code == 2 and "documents.csv" in " ".join(result.output.split())
    assert (target / "documents.csv").read_text(encoding="utf-8") == "my own work\n"
    again = tagged / "again"
    assert runner.invoke(app, ["export", str(tagged), "--format", "jsonl", "-o", str(again)]).exit_code == 0
    assert runner.invoke(app, ["export", str(tagged), "--format", "jsonl", "-o", str(again)]).exit_code == 0
    nothing = runner.invoke(app, ["export", str(tagged / "no-store")])
    assert nothing.exit_code == 2 and "no caretext store" in " ".join(nothing.output.split())


@pytest.mark.slow  # a LocalCluster takes ~15 s to start and load the models; CI runs the slow step too
def test_dask_local_cluster_gives_the_same_records_as_local_workers(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for i in range(6):
        (src / f"d{i}.txt").write_text(_decision(f"Kent County Council (23 002 {i:03d})", 100.0 + i), encoding="utf-8")
    (src / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    local = batch.run([src], tmp_path / "local", workers=2)
    on_dask = batch.run([src], tmp_path / "dask", dask="local:2")
    assert on_dask.analysed == local.analysed == 7 and on_dask.failed == local.failed == 1

    def records(out: Path) -> tuple[dict[str, dict], list[str]]:
        found = {json.loads(line)["doc_id"]: json.loads(line) for line in (out / "findings.jsonl").open()}
        errors = sorted((out / "errors.jsonl").read_text().splitlines())
        return found, errors

    assert records(tmp_path / "dask") == records(tmp_path / "local")


def _wait_for_records(db: Path, count: int, timeout: float = 180) -> int:
    """Wait until the store holds ``count`` documents; return how many it holds."""
    import sqlite3

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if db.exists():
            try:
                with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as con:
                    done = con.execute("SELECT count(*) FROM documents").fetchone()[0]
            except sqlite3.Error:
                done = 0
            if done >= count:
                return int(done)
        time.sleep(0.05)
    raise AssertionError(f"the store never held {count} documents")


@pytest.mark.slow
def test_a_dask_worker_killed_mid_run_costs_only_its_documents(tmp_path: Path) -> None:
    import dask
    from distributed import Client, LocalCluster

    src = tmp_path / "src"
    src.mkdir()
    n = 200
    for i in range(n):
        (src / f"d{i:03d}.txt").write_text(_decision(f"Kent County Council (23 003 {i:03d})", 100.0 + i),
                                           encoding="utf-8")
    config = dask.config.set({"distributed.worker.daemon": False})  # also when the nanny restarts a worker
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None, memory_limit=0)
    try:
        client = Client(cluster)
        summary: dict[str, batch.Summary] = {}
        thread = threading.Thread(target=lambda: summary.setdefault(
            "run", batch.run([src], tmp_path / "out", dask=cluster.scheduler_address)))
        thread.start()
        recorded_at_kill = _wait_for_records(tmp_path / "out" / "caretext.sqlite", 10)
        assert recorded_at_kill < n, "the run ended before a worker could be killed mid-run"
        pids = client.run(os.getpid)  # kill one Dask worker's process outright, mid-run
        os.kill(next(iter(pids.values())), signal.SIGKILL)
        thread.join(300)
        assert not thread.is_alive()
        client.close()
    finally:
        cluster.close()
        config.__exit__(None, None, None)
    found = [json.loads(line) for line in (tmp_path / "out" / "findings.jsonl").open()]
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").open()]
    # every document is recorded once: analysed (retried elsewhere) or, at worst, an error naming the crash
    assert len(found) + len(errors) == n
    assert len({f["doc_id"] for f in found}) == len(found)
    assert all(e["error"] == "worker_crashed" for e in errors)
    assert len(found) >= n - 2
