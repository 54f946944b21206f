"""Writers and readers for the findings contract (JSON Lines, CSV)."""

from caretext.io.writers import CsvWriter, JsonlWriter, open_writer, read_jsonl

__all__ = ["CsvWriter", "JsonlWriter", "open_writer", "read_jsonl"]
