"""The Label Studio round trip against the real tool: a Label Studio server on the loopback address, driven
through label-studio-sdk, imports caretext's tasks and labeling config, is annotated, exports, and
caretext imports that export.

Label Studio lives in its own virtual environment (its Django stack would clash with caretext's); ``make
test-integration`` creates it and points ``CARETEXT_LS_PYTHON`` at its Python. Without it the test is
skipped. Marked ``integration``: not part of the everyday suite; CI runs it as its own step."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caretext.cli import app
from conftest import free_port, local_server

pytestmark = pytest.mark.integration
LS_PYTHON = os.environ.get("CARETEXT_LS_PYTHON")
TOKEN = "caretext0integration0token"
HERE = Path(__file__).resolve().parent
runner = CliRunner()

DECISION = (
    "Kent County Council (23 005 201)\n\n"
    "The Ombudsman's final decision\n\n"
    "Summary: Mrs X complained that the Council delayed her son's education, health and care plan by eleven "
    "months. We found fault causing injustice.\n\n"
    "Agreed action\n\n"
    "Within one month the Council will apologise to Mrs X and pay her £300 for the distress caused.\n"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not LS_PYTHON or not Path(LS_PYTHON).exists():
        pytest.skip("no Label Studio environment (make test-integration sets CARETEXT_LS_PYTHON)")
    data = tmp_path_factory.mktemp("label-studio")
    port = free_port()
    env = {**os.environ, "LABEL_STUDIO_BASE_DATA_DIR": str(data), "LABEL_STUDIO_USERNAME": "annotator@example.org",
           "LABEL_STUDIO_PASSWORD": "caretext-integration", "LABEL_STUDIO_USER_TOKEN": TOKEN,
           "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true", "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true"}
    executable = str(Path(LS_PYTHON).with_name("label-studio"))
    url = f"http://127.0.0.1:{port}"
    with local_server([[executable, "start", "--no-browser", "--host", "127.0.0.1", "--port", str(port)]], env,
                      data / "server.log", f"{url}/health"):
        yield url


def test_label_studio_imports_caretext_tasks_and_its_export_comes_back_as_gold(server: str, tmp_path: Path) -> None:
    doc = tmp_path / "kent-ehcp.txt"
    doc.write_text(DECISION, encoding="utf-8")
    tasks, config = tmp_path / "tasks.json", tmp_path / "config.xml"
    result = runner.invoke(app, ["annotate", "export", str(doc), "--to", "labelstudio", "--task", "decisions",
                                 "-o", str(tasks)])
    assert result.exit_code == 0 and result.exception is None, result.output
    result = runner.invoke(app, ["annotate", "config", "--to", "labelstudio", "--task", "decisions"])
    assert result.exit_code == 0 and result.exception is None
    config.write_text(result.output)

    export = tmp_path / "export.json"
    annotate = subprocess.run([str(LS_PYTHON), str(HERE / "data" / "labelstudio_roundtrip.py"), server, TOKEN,
                               str(config), str(tasks), str(export)], capture_output=True, text=True, timeout=300)
    assert annotate.returncode == 0, annotate.stderr[-3000:]
    exported = json.loads(export.read_text())
    assert len(exported) == 1 and len(exported[0]["annotations"]) == 1

    gold = tmp_path / "gold"
    result = runner.invoke(app, ["annotate", "import", str(export), "--from", "labelstudio", "--task", "decisions",
                                 "-o", str(gold)])
    assert result.exit_code == 0 and result.exception is None, result.output
    record = json.loads((gold / "annotations" / "imported.jsonl").read_text())
    assert record["id"] == "kent-ehcp" and record["outcome"] == "upheld"
    assert [r["amount_gbp"] for r in record["remedies"] if r["type"] == "payment"] == [350.0]  # the annotator's edit
    assert record["evidence"] == [] and record["themes"] == []  # the annotator removed them
    assert (gold / "corpus" / "kent-ehcp.txt").read_text(encoding="utf-8") == exported[0]["data"]["text"]
