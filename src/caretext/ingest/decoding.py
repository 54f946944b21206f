"""Bytes to text for plain-text and HTML files: BOMs, UTF-16, cp1252, latin-1, junk.

Order of trust: a byte-order mark, then strict UTF-8, then UTF-16 recognised by
its NUL pattern, then charset-normalizer's best guess. Binary content (NUL
bytes, many control characters) is refused with ``UndecodableTextError``.
"""

from __future__ import annotations

import codecs

from caretext.errors import UndecodableTextError
from caretext.ingest.normalize import control_char_ratio

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
MAX_CONTROL_RATIO = 0.02


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.4 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.4 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(
    data: bytes, path: str | None = None, declared: str | None = None
) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise UndecodableTextError for binary junk."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"), encoding, path)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _checked(data.decode(utf16, errors="replace"), utf16, path)
    if b"\x00" in data[:65536]:
        raise UndecodableTextError("binary content (NUL bytes), not text", path)
    try:
        return _checked(data.decode("utf-8"), "utf-8", path)
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return _checked(data.decode(declared), declared, path)
        except (UnicodeDecodeError, LookupError):
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(
        data[:200_000], cp_isolation=["cp1252", "latin_1", "iso8859_15", "utf_8"]
    ).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        text = data.decode("latin-1")
        encoding = "latin-1"
    return _checked(text, encoding, path)


def _checked(text: str, encoding: str, path: str | None) -> tuple[str, str]:
    if control_char_ratio(text[:100_000]) > MAX_CONTROL_RATIO:
        raise UndecodableTextError(
            f"content decodes as {encoding} but is mostly control characters: binary, not text",
            path,
        )
    return text, encoding
