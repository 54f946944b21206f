"""Unicode normalisation shared by every input format.

NFC, not NFKC: NFKC would also rewrite characters that carry meaning here
(curly quotes stay, "½" stays). Ligatures, odd spaces, soft hyphens and
zero-width characters are mapped explicitly instead.
"""

from __future__ import annotations

import re
import unicodedata

_TRANSLATE = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u3000": " ",
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\u00ad": None,  # soft hyphen inside a line
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,  # stray BOM
        "\t": " ",
    }
)

_SPACES = re.compile(r"[ ]{2,}")


def normalize_line(text: str) -> str:
    """Normalise one line: NFC, explicit character fixes, single spaces, stripped."""
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    return _SPACES.sub(" ", text).strip()


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def control_char_ratio(text: str) -> float:
    """Share of characters that are control codes other than ordinary whitespace."""
    if not text:
        return 0.0
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    bad += text.count("\ufffd")
    return bad / len(text)
