"""Shipped scikit-learn models: saved with skops (never pickle), loaded offline from the package.

Each model is one ``<name>.skops`` file in ``caretext/models``; ``manifest.json``
beside them records the library versions they were trained with, their labels
and settings. Loading refuses a file that contains types outside
:data:`TRUSTED` and a model trained under another scikit-learn or spaCy
minor version, with an error that says what to do, instead of predicting
garbage or failing deep inside scikit-learn.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

from caretext.errors import ModelError

#: types a caretext model file may hold beyond what skops trusts by default
TRUSTED: tuple[str, ...] = (
    "caretext.classify.features.Tfidf",
    "collections.defaultdict",
    "numpy.dtype",
    "numpy.float64",
    "numpy.int64",
    "scipy.sparse._csr.csr_matrix",
    "sklearn.compose._column_transformer.ColumnTransformer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.multiclass.OneVsRestClassifier",
    "sklearn.preprocessing._label.LabelBinarizer",
)
MANIFEST = "manifest.json"


def default_model_dir() -> Path:
    """The models that ship inside the installed package."""
    return Path(str(resources.files("caretext").joinpath("models")))


def library_versions() -> dict[str, str]:
    """Installed versions, read from package metadata (no import of the libraries themselves)."""
    from importlib.metadata import version

    from caretext import __version__

    return {
        "caretext": __version__,
        "scikit-learn": version("scikit-learn"),
        "skops": version("skops"),
        "spacy": version("spacy"),
    }


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def save_models(models: dict[str, Any], manifest: dict[str, Any], directory: Path) -> None:
    """Write every model and the manifest (versions, file hashes, settings)."""
    import skops.io as sio

    directory.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, model in models.items():
        path = directory / f"{name}.skops"
        sio.dump(model, path, compression=8, compresslevel=6)  # zipfile.ZIP_DEFLATED
        untrusted = set(sio.get_untrusted_types(file=path)) - set(TRUSTED)
        if untrusted:
            raise ModelError(f"{name} holds types outside caretext's trusted list: {sorted(untrusted)}")
        files[name] = {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    manifest = {**manifest, "versions": library_versions(), "files": files}
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def read_manifest(directory: Path | None = None) -> dict[str, Any]:
    directory = directory or default_model_dir()
    path = directory / MANIFEST
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(
            "no trained decision models found; run `caretext train` to build them", str(directory)
        ) from None
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"unreadable model manifest: {exc}", str(path)) from exc
    check_versions(manifest.get("versions", {}), str(path))
    return manifest


def check_versions(trained: dict[str, str], where: str) -> None:
    """Refuse models trained under another scikit-learn/spaCy minor version."""
    here = library_versions()
    for lib in ("scikit-learn", "spacy"):
        if lib in trained and _minor(trained[lib]) != _minor(here[lib]):
            raise ModelError(
                f"the models were trained with {lib} {trained[lib]} but {here[lib]} is installed; "
                f"install {lib}=={_minor(trained[lib])}.* or rebuild them with `caretext train`",
                where,
            )


def _checked_bytes(directory: Path, entry: dict[str, Any]) -> bytes:
    """A model file's bytes, refused if missing or not matching the checksum recorded at training."""
    path = directory / entry["file"]
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ModelError(f"model file {entry['file']} is missing; run `caretext train`", str(path)) from None
    if entry.get("sha256") and hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise ModelError(f"model file {entry['file']} does not match the checksum recorded when it was trained "
                         "(changed or damaged); reinstall caretext or run `caretext train`", str(path))
    return data


def verify_models(directory: Path | None = None) -> None:
    """Check that the models can be loaded — manifest readable, library versions compatible, every file
    present and matching its recorded checksum — without loading them (a batch's main process never
    runs them; its workers do)."""
    directory = directory or default_model_dir()
    for entry in read_manifest(directory)["files"].values():
        _checked_bytes(directory, entry)


def model_set(directory: Path | None = None, manifest: dict[str, Any] | None = None) -> dict[str, Any]:
    """Which model set this is: ``id`` (``shipped-`` or ``own-`` and a hash of its model files, so two sets
    with the same files have the same id), ``version`` (the caretext that trained it) and ``shipped``."""
    directory = directory or default_model_dir()
    manifest = manifest or read_manifest(directory)
    digest = hashlib.sha256("".join(sorted(e.get("sha256", "") for e in manifest["files"].values())).encode())
    shipped = Path(directory).resolve() == default_model_dir().resolve()
    return {"id": f"{'shipped' if shipped else 'own'}-{digest.hexdigest()[:12]}",
            "version": manifest.get("versions", {}).get("caretext", "?"), "shipped": shipped}


def load_models(directory: Path | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Every model in ``directory`` (default: the shipped ones) and the manifest."""
    import skops.io as sio

    directory = directory or default_model_dir()
    manifest = read_manifest(directory)
    models = {}
    for name, entry in manifest["files"].items():
        path = directory / entry["file"]
        data = _checked_bytes(directory, entry)
        try:
            models[name] = sio.loads(data, trusted=list(TRUSTED))
        except Exception as exc:  # skops raises UntrustedTypesFoundException, zip errors, ...
            raise ModelError(f"cannot load model {name}: {exc}", str(path)) from exc
    return models, manifest
