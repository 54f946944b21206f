"""Typed errors, one class per failure a user must be able to tell apart.

Every error names the file it concerns (``path``) and says what is wrong in
plain words, so a batch run can write it to ``errors.jsonl`` and go on.
"""

from __future__ import annotations


class CaretextError(Exception):
    """Base class for every error caretext raises on purpose."""

    #: short stable identifier written to the errors output
    code = "caretext_error"

    def __init__(self, message: str, path: str | None = None) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


class IngestError(CaretextError):
    """A document could not be turned into text."""

    code = "ingest_error"


class EmptyFileError(IngestError):
    """The file has no bytes, or no text at all after decoding."""

    code = "empty_file"


class UnsupportedFormatError(IngestError):
    """The file is not a PDF, HTML page or plain text."""

    code = "unsupported_format"


class NotPdfError(IngestError):
    """The file is named ``.pdf`` but its bytes are something else."""

    code = "not_pdf"


class CorruptPdfError(IngestError):
    """A PDF whose structure cannot be read (truncated, damaged)."""

    code = "corrupt_pdf"


class EncryptedPdfError(IngestError):
    """A password-protected PDF; caretext does not guess passwords."""

    code = "encrypted_pdf"


class UndecodableTextError(IngestError):
    """A text file whose bytes are binary or in no recognisable encoding."""

    code = "undecodable_text"


class FileTooLargeError(IngestError):
    """A text or HTML file above the configured size limit."""

    code = "file_too_large"


class MissingFileError(CaretextError, FileNotFoundError):
    """A path that names no file (a typo): never silently analysed as text."""

    code = "file_not_found"


class ArgumentTypeError(CaretextError, TypeError):
    """A library call given a value of a type it cannot use (None, a number, a text-mode file...)."""

    code = "bad_argument"


class InternalError(CaretextError):
    """An unexpected failure while processing one document (a bug)."""

    code = "internal_error"


class ModelError(CaretextError):
    """A shipped model is missing, untrusted or was trained with other library versions."""

    code = "model_error"
