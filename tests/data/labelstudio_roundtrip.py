"""Run by the Label Studio venv's Python in tests/test_labelstudio.py: the annotator's side, through the real
server and label-studio-sdk.

usage: labelstudio_roundtrip.py URL TOKEN CONFIG.xml TASKS.json EXPORT.json

Creates a project with caretext's labeling config (the server validates it), imports caretext's tasks with
their predictions, annotates every task as an annotator would — accepting the predictions, then changing
the first payment's amount to 350 and removing every EVIDENCE region and theme — and writes the project's JSON export.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from label_studio_sdk.client import LabelStudio


def main(url: str, token: str, config_path: str, tasks_path: str, export_path: str) -> None:
    ls = LabelStudio(base_url=url, api_key=token)
    project = ls.projects.create(title="caretext round trip", label_config=Path(config_path).read_text())
    tasks = json.loads(Path(tasks_path).read_text())
    ls.projects.import_tasks(id=project.id, request=tasks)
    stored = list(ls.tasks.list(project=project.id, fields="all"))
    assert len(stored) == len(tasks), f"{len(stored)} tasks in the project, {len(tasks)} imported"
    for task in stored:
        predictions = task.predictions or []
        assert predictions, f"task {task.id} lost its predictions"
        result = [dict(r) for r in predictions[0]["result"]] if isinstance(predictions[0], dict) else \
            [dict(r) for r in predictions[0].result]
        evidence = {r["id"] for r in result if r.get("type") == "labels" and r["value"]["labels"] == ["EVIDENCE"]}
        result = [r for r in result if r.get("id") not in evidence]
        for r in result:  # no themes either: gold asks an evidence sentence for every theme
            if r.get("type") == "choices" and r.get("from_name") == "themes":
                r["value"]["choices"] = []
        for r in result:
            if r.get("type") == "textarea" and any("amount_gbp=" in t for t in r["value"]["text"]):
                r["value"]["text"] = [";".join(
                    "amount_gbp=350" if part.startswith("amount_gbp=") else part
                    for part in r["value"]["text"][0].split(";"))]
                break
        ls.annotations.create(id=task.id, result=result, was_cancelled=False, ground_truth=False)
    exported = ls.projects.exports.as_json(project.id)
    Path(export_path).write_text(json.dumps(exported))


if __name__ == "__main__":
    main(*sys.argv[1:6])
