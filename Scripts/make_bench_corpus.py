#!/usr/bin/env python3
"""Makes a benchmark corpus of COUNT distinct files from a gen_corpus.py corpus.

usage: make_bench_corpus.py GEN_DIR OUT_DIR COUNT [--mixed]
Each output is a copy of one of the generated reports made distinct (different bytes, so a
different sha256): DOCX copies get one extra harmless part; text and HTML copies a trailing comment
line. Without --mixed only DOCX is used; with --mixed every shape gen_corpus.py made is used in turn.
"""
import os, sys, zipfile

def main():
    gen, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    mixed = "--mixed" in sys.argv
    names = sorted(os.listdir(gen))
    if mixed:
        sources = [n for n in names if n.endswith((".docx", ".html", ".md", ".tab.txt", ".cells.txt", ".ocr.txt", ".layout.txt"))]
    else:
        sources = [n for n in names if n.endswith(".docx")]
    if not sources:
        sys.exit("no source files in " + gen)
    os.makedirs(out, exist_ok=True)
    for i in range(count):
        name = sources[i % len(sources)]
        target = os.path.join(out, f"{i:05d}-{name}")
        if os.path.exists(target):
            continue
        src = os.path.join(gen, name)
        if name.endswith(".docx"):
            with zipfile.ZipFile(src) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
                for item in zin.infolist():
                    zout.writestr(item, zin.read(item.filename))
                zout.writestr("docProps/nianbao-bench.txt", f"copy {i}\n")
        else:
            data = open(src, "rb").read()
            tail = f"\n<!-- copy {i} -->\n" if name.endswith(".html") else f"\n\n（副本 {i}）\n"
            open(target, "wb").write(data + tail.encode("utf-8"))

main()
