"""Build a hostile corpus: files that crash, hang, flood memory or confuse a batch run.

Every file is generated here (no third-party content). Used by tests/test_batch.py and the batch
benchmark; small enough for CI. Run: ``python scripts/hostile_corpus.py OUTDIR [--zip-mb N]``.

What it writes (names say what each is):
- ``pdf/page_tree_bomb.pdf`` — a 2 KB page tree that declares 1,000,000 pages (shared /Kids);
- ``pdf/kids_100000.pdf`` — one page-tree node with 100,000 /Kids;
- ``pdf/shared_stream_bomb.pdf`` — 500 pages sharing one content stream of ~1.6 M characters;
- ``pdf/zip_bomb.pdf`` — a content stream that inflates to ``--zip-mb`` MB;
- ``pdf/bit_flipped.pdf`` — a valid statement PDF with bytes flipped inside its streams;
- ``pdf/truncated.pdf``, ``pdf/not_a_pdf.pdf`` (text named .pdf);
- ``html/million_paragraphs.html`` (``--paragraphs``), ``html/deep_5000.html`` (nesting 5,000 deep),
  ``html/pdf_in_comment.html`` (a page with "%PDF-" in a comment);
- ``text/single_line_3mb.txt`` (one 3 MB line), ``text/empty.txt``, ``text/binary.txt``;
- ``names/`` a file whose name is not UTF-8; ``links/`` a dangling link and a loop back to ``links/``;
- ``ok/`` a few valid decisions, so a batch has work that must still finish.
"""

from __future__ import annotations

import argparse
import os
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file from object bodies (object i+1 = objects[i]), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes, compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        return f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + data + b"\nendstream"
    return f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def page_tree_bomb(levels: int = 6, fanout: int = 10) -> bytes:
    # 1 catalog; 2..levels+1 Pages nodes, each with `fanout` references to the next; a leaf page; font; content
    leaf, font, content = levels + 2, levels + 3, levels + 4
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for depth in range(levels):
        child = 3 + depth if depth < levels - 1 else leaf
        kids = " ".join([f"{child} 0 R"] * fanout)
        objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {fanout ** (levels - depth)} >>".encode())
    objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R "
                f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode())
    objs.append(_FONT)
    objs.append(_stream(b"BT /F1 12 Tf 72 720 Td (A page) Tj ET"))
    return _pdf(objs)


def many_kids(n: int = 100_000) -> bytes:
    kids = " ".join(["3 0 R"] * n)
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(b"BT /F1 12 Tf 72 720 Td (A page) Tj ET"),
        _FONT,
    ])


def shared_stream_bomb(pages: int = 500, chars: int = 1_600_000) -> bytes:
    line = b"(The Council was at fault and it agreed to apologise to Mrs X) Tj T* "
    body = b"BT /F1 1 Tf 10 TL 0 800 Td " + line * (chars // 60) + b"ET"
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
            _stream(body, compress=True)]
    font = 4 + pages
    objs += [f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
             f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode() for _ in range(pages)]
    objs.append(_FONT)
    return _pdf(objs)


def zip_bomb(megabytes: int = 400) -> bytes:
    comp = zlib.compressobj(9)
    chunk = b"0 0 m " * (1 << 16)
    parts = [comp.compress(b"BT /F1 12 Tf 72 720 Td (zip) Tj ET ")]
    for _ in range(megabytes * (1 << 20) // len(chunk)):
        parts.append(comp.compress(chunk))
    parts.append(comp.flush())
    data = b"".join(parts)
    stream = f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + data + b"\nendstream"
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        stream,
        _FONT,
    ])


def bit_flipped(source: bytes, every: int = 97) -> bytes:
    data = bytearray(source)
    start = data.find(b"stream") + 10
    for i in range(start, len(data) - 200, every):
        data[i] ^= 0x5A
    return bytes(data)


def build(out: Path, zip_mb: int = 400, paragraphs: int = 1_000_000) -> list[Path]:
    made: list[Path] = []

    def write(rel: str, data: bytes) -> None:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        made.append(path)

    sample = ROOT / "corpora" / "sample" / "decisions"
    statement = (sample / "a03.pdf").read_bytes()
    write("pdf/page_tree_bomb.pdf", page_tree_bomb())
    write("pdf/kids_100000.pdf", many_kids())
    write("pdf/shared_stream_bomb.pdf", shared_stream_bomb())
    write("pdf/zip_bomb.pdf", zip_bomb(zip_mb))
    write("pdf/bit_flipped.pdf", bit_flipped(statement))
    write("pdf/truncated.pdf", statement[: len(statement) // 3])
    write("pdf/not_a_pdf.pdf", b"This is a letter, not a PDF.\n" * 40)
    write("html/million_paragraphs.html",
          b"<html><body>" + b"<p>The Council was at fault.</p>\n" * paragraphs + b"</body></html>")
    write("html/deep_5000.html", b"<html><body>" + b"<div>" * 5000
          + b"<p>Summary: the Council was at fault and agreed to apologise to Mrs X for the delay.</p>"
          + b"</div>" * 5000 + b"</body></html>")
    write("html/pdf_in_comment.html", b"<!DOCTYPE html><html><!-- %PDF-1.4 was pasted here --><head><title>Fostering "
          b"allowances</title></head><body><h1>Fostering allowances</h1><p>Kent County Council said it would review "
          b"its fostering allowances for family carers after a report found delays in payments.</p></body></html>")
    write("text/single_line_3mb.txt", b"The Council was at fault and agreed to pay Mrs X \xc2\xa3200. " * 50_000)
    write("text/empty.txt", b"")
    write("text/binary.txt", bytes(range(256)) * 64)
    names = out / "names"
    names.mkdir(parents=True, exist_ok=True)
    bad = os.path.join(os.fsencode(names), b"decision-\xff\xfe.txt")
    with open(bad, "wb") as fh:
        fh.write(b"Kent County Council (21 004 512)\n\nSummary: We found fault.\n")
    made.append(Path(os.fsdecode(bad)))
    links = out / "links"
    links.mkdir(parents=True, exist_ok=True)
    for name, target in (("dangling.txt", "no-such-file.txt"), ("loop", ".")):
        link = links / name
        if not link.is_symlink():
            link.symlink_to(target)
    for i, src in enumerate(sorted(sample.glob("*.pdf"))[:3]):
        write(f"ok/{i:02d}-{src.name}", src.read_bytes())
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--zip-mb", type=int, default=400, help="how far the zip bomb inflates")
    parser.add_argument("--paragraphs", type=int, default=1_000_000, help="paragraphs of the large HTML page")
    args = parser.parse_args(argv)
    made = build(args.out, args.zip_mb, args.paragraphs)
    print(f"{args.out}: {len(made)} hostile files (+ links)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
