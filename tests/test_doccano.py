"""The doccano round trip against the real tool: a doccano server (web server + its task worker) on the
loopback address imports caretext's JSONL tasks, an annotation is added through its REST API, the project
is exported, and caretext imports the export.

doccano lives in its own virtual environment; ``make test-integration`` creates it and points
``CARETEXT_DOCCANO`` at its ``doccano`` command. Without it the test is skipped. Marked ``integration``."""

from __future__ import annotations

import io
import json
import os
import subprocess
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from caretext.annotate.tasks import ENTITY_LABELS
from caretext.cli import app
from caretext.evaluate.entity_markup import read_gold_dir
from conftest import free_port, local_server

pytestmark = pytest.mark.integration
DOCCANO = os.environ.get("CARETEXT_DOCCANO")
runner = CliRunner()
TEXT = "Complaint against Kent County Council (23 006 301). Ofsted rated its services good on 3 May 2022.\n"


class Api:
    def __init__(self, base: str) -> None:
        self.base, self.token = base, ""

    def call(self, method: str, path: str, body: Any = None, *, data: bytes | None = None,
             content_type: str = "application/json", raw: bool = False) -> Any:
        headers = {"Content-Type": content_type} if body is not None or data is not None else {}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        payload = json.dumps(body).encode() if body is not None else data
        request = urllib.request.Request(self.base + path, method=method, headers=headers, data=payload)
        with urllib.request.urlopen(request, timeout=60) as response:
            out = response.read()
        return out if raw else (json.loads(out) if out else None)

    def wait(self, task_id: str) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            status = self.call("GET", f"/v1/tasks/status/{task_id}")
            if status.get("ready"):
                result = status.get("result")
                assert not status.get("error") and not (isinstance(result, dict) and result.get("error")), status
                return
            time.sleep(0.5)
        raise AssertionError(f"doccano task {task_id} did not finish")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not DOCCANO or not Path(DOCCANO).exists():
        pytest.skip("no doccano environment (make test-integration sets CARETEXT_DOCCANO)")
    data = tmp_path_factory.mktemp("doccano")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{data}/db.sqlite3"}
    for args in (["init"], ["createuser", "--username", "admin", "--password", "caretext-integration"]):
        done = subprocess.run([DOCCANO, *args], env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with local_server([[DOCCANO, "webserver", "--port", str(port)], [DOCCANO, "task"]], env, data / "server.log",
                      f"{base}/v1/health/", any_answer=True, timeout=120):
        yield base


def test_doccano_imports_caretext_tasks_and_its_export_comes_back_as_gold(server: str, tmp_path: Path) -> None:
    doc = tmp_path / "kent-ofsted.txt"
    doc.write_text(TEXT, encoding="utf-8")
    tasks = tmp_path / "tasks.jsonl"
    result = runner.invoke(app, ["annotate", "export", str(doc), "--to", "doccano", "-o", str(tasks)])
    assert result.exit_code == 0 and result.exception is None, result.output

    api = Api(server)
    api.token = api.call("POST", "/v1/auth/login/", {"username": "admin", "password": "caretext-integration"})["key"]
    project = api.call("POST", "/v1/projects", {
        "name": "caretext", "description": "round trip", "project_type": "SequenceLabeling",
        "resourcetype": "SequenceLabelingProject", "guideline": "", "allow_overlapping": False,
        "random_order": False, "collaborative_annotation": False})
    pid = project["id"]
    label_ids = {label: api.call("POST", f"/v1/projects/{pid}/span-types",
                                 {"text": label, "background_color": "#209cee", "text_color": "#ffffff"})["id"]
                 for label in ENTITY_LABELS}
    boundary = "caretextboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"filepond\"; filename=\"tasks.jsonl\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + tasks.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    upload = api.call("POST", "/v1/fp/process/", data=body, content_type=f"multipart/form-data; boundary={boundary}",
                      raw=True).decode()
    job = api.call("POST", f"/v1/projects/{pid}/upload", {
        "format": "JSONL", "task": "SequenceLabeling", "uploadIds": [upload], "column_data": "text",
        "column_label": "label", "delimiter": "", "encoding": "utf_8"})
    api.wait(job["task_id"])
    examples = api.call("GET", f"/v1/projects/{pid}/examples")["results"]
    assert len(examples) == 1
    example = examples[0]
    spans = api.call("GET", f"/v1/projects/{pid}/examples/{example['id']}/spans")
    date = TEXT.index("3 May 2022")
    wrong = [sp for sp in spans if sp["start_offset"] == date]
    assert wrong, "caretext did not mark the date: pick another edit"
    # the annotator's corrections, through doccano's API: the date is removed, "its services" marked as an ORG
    api.call("DELETE", f"/v1/projects/{pid}/examples/{example['id']}/spans/{wrong[0]['id']}")
    services = TEXT.index("its services")
    api.call("POST", f"/v1/projects/{pid}/examples/{example['id']}/spans",
             {"label": label_ids["ORG"], "start_offset": services, "end_offset": services + len("its services")})
    export_job = api.call("POST", f"/v1/projects/{pid}/download", {"format": "JSONL", "exportApproved": False})
    task_id = export_job if isinstance(export_job, str) else export_job["task_id"]
    api.wait(task_id)
    archive = zipfile.ZipFile(io.BytesIO(api.call("GET", f"/v1/projects/{pid}/download?taskId={task_id}", raw=True)))
    export = tmp_path / "export.jsonl"
    export.write_bytes(archive.read(next(n for n in archive.namelist() if n.endswith(".jsonl"))))

    gold = tmp_path / "gold"
    result = runner.invoke(app, ["annotate", "import", str(export), "--from", "doccano", "-o", str(gold)])
    assert result.exit_code == 0 and result.exception is None, result.output
    doc_gold = read_gold_dir(gold)[0]
    marked = {(s.type, s.text, tuple(sorted(s.attrs.items()))) for s in doc_gold.spans}
    assert ("ORG", "its services", ()) in marked  # the annotator's addition
    assert not any(t == "DATE" for t, _, _ in marked)  # and removal
    assert ("COUNCIL", "Kent County Council", (("gss", "E10000016"),)) in marked  # attributes kept through meta
    from caretext import extract_text

    assert doc_gold.text == extract_text(doc).text  # the text every offset refers to
