#!/usr/bin/env python3
"""Text of PDFs as the common Python extractors write it, for the corpus (gen_corpus.py) and samples.

    .build/pdf-tools/bin/python Scripts/pdf_text.py OUTDIR FILE.pdf...

For each FILE.pdf (stem = the name up to its first dot) it writes into OUTDIR:

    STEM.plumber.txt         pdfplumber's extract_text(): words joined by single spaces, row by row
    STEM.plumber-layout.txt  pdfplumber's extract_text(layout=True): words placed by position
    STEM.mupdf.txt           PyMuPDF's get_text(): one text span a line, cells in drawing order
    STEM.mupdf4llm.md        pymupdf4llm's to_markdown(): Markdown, tables as pipe tables (labels cut
                             over cells, neighbouring columns' numbers at times stacked in one cell)

`Scripts/setup.sh --tools` makes the virtual environment .build/pdf-tools with the pinned versions.
"""
import contextlib
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

try:
    import pdfplumber
    import pymupdf
    import pymupdf4llm
except ImportError as missing:
    sys.exit(f"pdf_text.py: {missing.name} is not installed here; run it with .build/pdf-tools/bin/python "
             "(Scripts/setup.sh --tools makes that environment)")


@contextlib.contextmanager
def quiet_stdout():
    """Standard output closed at the file descriptor (pymupdf4llm reports on optional OCR it lacks)."""
    sys.stdout.flush()
    saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def extract(pdf, outdir):
    stem = Path(pdf).name.split(".")[0]
    with pdfplumber.open(pdf) as doc:
        plain = "\n".join(page.extract_text() or "" for page in doc.pages)
        layout = "\n".join(page.extract_text(layout=True) or "" for page in doc.pages)
    (outdir / f"{stem}.plumber.txt").write_text(plain + "\n", encoding="utf-8")
    (outdir / f"{stem}.plumber-layout.txt").write_text(layout + "\n", encoding="utf-8")
    with pymupdf.open(pdf) as doc:
        (outdir / f"{stem}.mupdf.txt").write_text("".join(page.get_text() for page in doc), encoding="utf-8")
    with quiet_stdout():
        markdown = pymupdf4llm.to_markdown(str(pdf))
    (outdir / f"{stem}.mupdf4llm.md").write_text(markdown, encoding="utf-8")


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    outdir = Path(argv[0])
    outdir.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(extract, argv[1:], [outdir] * (len(argv) - 1)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
