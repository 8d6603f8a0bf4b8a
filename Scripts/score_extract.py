#!/usr/bin/env python3
"""Score `nianbao extract` on a corpus made by Scripts/gen_corpus.py.

    python3 Scripts/score_extract.py CORPUS_DIR [--bin PATH] [--jobs N] [--shapes html,md,...]
                                     [--include-pdf] [--json OUT] [--top K]

Runs `nianbao extract FILE --to json` on every source file NNNN.<shape> of CORPUS_DIR (not on
*.truth.json; not on *.pdf unless --include-pdf: PDF is no input format of nianbao, it exits 2),
compares with NNNN.truth.json and prints, per shape and overall:

  files        source files scored
  cells        value cells of the truth (all three tables)
  right%       cells RIGHT: (a) value == truth (1e-6 for decimals) and status printed|inferred, or
               (b) the source does not show the cell, the rules do not fix it, and the
               extractor says missing with value null
  wrong_mk     printed/inferred with a wrong value (shown or not): MUST BE 0
  miss_shown   status missing although the source shows the value (OCR-confused digits O/l/I count
               as shown; `of which confused` below)
  miss_fix     status missing, the source does not show it, but the rules fix it (should be inferred)
  invented     the source does not show it, the rules do not fix it, yet printed/inferred (a blank
               is not a zero); counted as right under (a) when the guess equals the truth, else
               also in wrong_mk
  conflict     status conflicting (not right; not counted in wrong_mk)
  absent       the cell is not in the output at all (e.g. the other template variant was chosen)
  exit2        files nianbao refused (exit status 2); fail = other exit status / timeout / bad JSON
  tmpl% agency% year%   template variant / agency (whitespace ignored) / year as the truth

Fixing: for a table's rule equations A x = 0 (the rules of its spec in Specs/tables for the
report's template: per applications column new_received + carried_over = outcome_total +
carried_forward and outcome_total = sum of the outcome rows; per row total = sum of the six
applicant columns; per review group total = sum of four; the active table has no rules), with the
shown cells as knowns, a hidden cell i is fixed iff rank([A_U; e_i]) == rank(A_U), A_U = the
columns of A of the hidden cells (numpy); or, counts being non-negative, when an equation's known
values balance it and its hidden cells all stand on one side (each is then 0); repeated until
nothing more is fixed.

Then the worst files, the most common (table,row,col) not right, and per shape the most common
ones. The last line is machine-readable:  SCORE shape=all cells=N right=R pct=P wrong_marked=W
(one such line per shape is printed before it). Exit status 0, or 1 when the binary is missing.
"""
import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import specs  # noqa: E402  (the rules of each table)

DEFAULT_BIN = Path(__file__).resolve().parent.parent / ".build" / "debug" / "nianbao"
SHAPE_ORDER = ["html", "gbk.html", "docx", "layout.txt", "raw.txt", "plumber.txt", "plumber-layout.txt", "mupdf.txt", "mupdf4llm.md", "tab.txt", "cells.txt", "md", "html.md", "ocr.txt",
               "blank.html", "crawled.txt", "ocr.md", "pdf.md", "wps.txt", "pdf"]

# --------------------------------------------------------------------------- rules


def equations(spec, truth_table):
    """Variables (row, col) of the table and its rule matrix A (A x = 0)."""
    var = [(r, c) for r, cols in truth_table.items() for c in cols]
    idx = {k: i for i, k in enumerate(var)}
    eqs = [e for _, _, _, e in specs.equations(spec)]
    A = np.zeros((len(eqs), len(var)))
    for i, e in enumerate(eqs):
        for k, coef in e.items():
            A[i, idx[k]] = coef
    return var, idx, A


def fixed_cells(spec, truth_table, hidden):
    """The hidden cells (set of (row, col)) that the rules fix given every other cell, to a fixed
    point: by rank (the equations fix the cell uniquely), then by non-negativity (an equation whose
    known values already balance it, with its hidden cells all on one side: each is 0)."""
    if not hidden:
        return set()
    var, idx, A = equations(spec, truth_table)
    if A.shape[0] == 0:
        return set()
    value = {k: truth_table[k[0]][k[1]] for k in var}
    unknown = [k for k in var if k in hidden]
    out = set()
    while unknown:
        AU = A[:, [idx[k] for k in unknown]]
        AU = AU[np.any(AU != 0, axis=1)]   # equations that involve no hidden cell constrain nothing
        now = set()
        if AU.shape[0]:
            r0 = np.linalg.matrix_rank(AU)
            for j, k in enumerate(unknown):
                e = np.zeros((1, len(unknown)))
                e[0, j] = 1
                if np.linalg.matrix_rank(np.vstack([AU, e])) == r0:
                    now.add(k)
        if not now:
            hid = set(unknown)
            for row in A:
                coef = {k: row[idx[k]] for k in hid if row[idx[k]] != 0}
                balance = sum(row[idx[k]] * (value[k] or 0) for k in var if k not in hid and row[idx[k]] != 0)
                signs = {np.sign(c) for c in coef.values()}
                if coef and abs(balance) < 1e-9 and len(signs) == 1:
                    now |= set(coef)
        if not now:
            break
        out |= now
        unknown = [k for k in unknown if k not in now]
    return out

# --------------------------------------------------------------------------- scoring


def shape_of(name):
    m = re.match(r"^(\d+)\.(.+)$", name)
    return (m.group(1), m.group(2)) if m else (None, None)


def hidden_for(truth, shape, key):
    by = truth.get(f"{key}_by_shape", {})
    src = by.get(shape, by.get("*", truth.get(key, {}) if key == "blanked" else {}))
    return {t: {tuple(x) for x in lst} for t, lst in src.items()}


def same(a, b):
    if a is None or b is None:
        return False
    try:
        return abs(float(a) - float(b)) <= 1e-6
    except (TypeError, ValueError):
        return False


def norm_agency(s):
    return re.sub(r"\s+", "", s or "")


def run_one(bin_path, path, timeout):
    t0 = time.time()
    for attempt in range(40):  # the binary may be being rebuilt (ETXTBSY / ENOENT): wait for it
        try:
            p = subprocess.run([str(bin_path), "extract", str(path), "--to", "json"], capture_output=True,
                               timeout=timeout)
            break
        except subprocess.TimeoutExpired:
            return {"rc": "timeout", "out": None, "err": "timeout", "secs": time.time() - t0}
        except OSError as e:
            if attempt == 39:
                return {"rc": "oserror", "out": None, "err": str(e), "secs": time.time() - t0}
            time.sleep(5)
            t0 = time.time()
    out = None
    if p.returncode == 0:
        try:
            out = json.loads(p.stdout.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            return {"rc": "badjson", "out": None, "err": str(e), "secs": time.time() - t0}
    return {"rc": p.returncode, "out": out, "err": p.stderr.decode("utf-8", "replace").strip()[:300],
            "secs": time.time() - t0}


def score_file(truth, shape, res):
    """Per-cell categories for one file."""
    hidden = hidden_for(truth, shape, "blanked")
    confused = hidden_for(truth, shape, "confused")
    out = res["out"]
    cells = []
    for table, tt in truth["tables"].items():
        hid = hidden.get(table, set())
        fixed = fixed_cells(specs.report_tables(truth["template"])[table], tt, hid)
        ot = ((out or {}).get("tables") or {}).get(table) or {}
        for r, cols in tt.items():
            for c, tv in cols.items():
                shown = (r, c) not in hid
                oc = (ot.get(r) or {}).get(c)
                if out is None:
                    cat = "fail"
                elif not isinstance(oc, dict):
                    cat = "absent"
                else:
                    st, val = oc.get("status"), oc.get("value")
                    if st in ("printed", "inferred"):
                        ok = same(val, tv)
                        if not shown and (r, c) not in fixed:
                            cat = "right_invented" if ok else "wrong_invented"
                        else:
                            cat = "right" if ok else "wrong_marked"
                    elif st == "missing":
                        if shown:
                            cat = "miss_shown"
                        elif (r, c) in fixed:
                            cat = "miss_fix"
                        else:
                            cat = "right" if val is None else "other"
                    elif st == "conflicting":
                        cat = "conflict"
                    else:
                        cat = "other"
                cells.append((table, r, c, cat, (r, c) in confused.get(table, set()), oc))
    return cells


def main(argv):
    ap = argparse.ArgumentParser(description="Score nianbao extract on a gen_corpus.py corpus.")
    ap.add_argument("corpus")
    ap.add_argument("--bin", default=str(DEFAULT_BIN))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--shapes", default="", help="comma-separated shapes to score (default: all found)")
    ap.add_argument("--include-pdf", action="store_true", help="also run on NNNN.pdf (nianbao exits 2 on PDF)")
    ap.add_argument("--json", default="", help="write per-file results (cells not right, errors) to this file")
    ap.add_argument("--top", type=int, default=5, help="most common failing cells listed per shape")
    ap.add_argument("--timeout", type=float, default=120)
    a = ap.parse_args(argv)
    binp = Path(a.bin)
    if not binp.exists():
        print(f"score_extract: binary not found: {binp}", file=sys.stderr)
        return 1
    corpus = Path(a.corpus)
    want = set(s for s in a.shapes.split(",") if s)
    truths = {}
    jobs = []
    for f in sorted(corpus.iterdir()):
        tid, shape = shape_of(f.name)
        if tid is None or shape == "truth.json":
            continue
        if shape == "pdf" and not a.include_pdf:
            continue
        if want and shape not in want:
            continue
        tp = corpus / f"{tid}.truth.json"
        if not tp.exists():
            continue
        if tid not in truths:
            truths[tid] = json.loads(tp.read_text("utf-8"))
        jobs.append((tid, shape, f))
    if not jobs:
        print("no source files found", file=sys.stderr)
        print("SCORE shape=all cells=0 right=0 pct=0.00 wrong_marked=0")
        return 0
    t0 = time.time()
    mtime0 = binp.stat().st_mtime
    with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        results = list(ex.map(lambda j: run_one(binp, j[2], a.timeout), jobs))
    elapsed = time.time() - t0
    try:
        rebuilt = binp.stat().st_mtime != mtime0
    except OSError:
        rebuilt = True

    agg = defaultdict(Counter)           # shape -> counters
    key_bad = Counter()                  # (table,row,col) -> not right (all shapes)
    key_bad_shape = defaultdict(Counter)
    key_cat = defaultdict(Counter)
    per_file = []
    for (tid, shape, path), res in zip(jobs, results):
        truth = truths[tid]
        s = agg[shape]
        s["files"] += 1
        s["secs"] += res["secs"]
        if res["rc"] == 2:
            s["exit2"] += 1
        elif res["out"] is None:
            s["fail"] += 1
        cells = score_file(truth, shape, res)
        bad = []
        for table, r, c, cat, conf, oc in cells:
            s["cells"] += 1
            if cat in ("right", "right_invented"):
                s["right"] += 1
                if cat == "right_invented":
                    s["invented"] += 1
                continue
            if cat in ("wrong_marked", "wrong_invented"):
                s["wrong_marked"] += 1
                s["invented"] += cat == "wrong_invented"
            elif cat == "miss_shown":
                s["miss_shown"] += 1
                s["miss_confused"] += conf
            elif cat in ("miss_fix", "conflict", "absent", "fail"):
                s[cat] += 1
            else:
                s["other"] += 1
            key_bad[(table, r, c)] += 1
            key_bad_shape[shape][(table, r, c)] += 1
            key_cat[(table, r, c)][cat] += 1
            bad.append({"table": table, "row": r, "col": c, "cat": cat, "truth": truth["tables"][table][r][c],
                        "got": oc, "confused": conf})
        out = res["out"] or {}
        if res["out"] is not None:
            s["tmpl_ok"] += out.get("template") == truth["template"]
            s["agency_ok"] += norm_agency(out.get("agency")) == norm_agency(truth["agency"])
            s["year_ok"] += out.get("year") == truth["year"]
        per_file.append({"file": path.name, "shape": shape, "rc": res["rc"], "err": res["err"],
                         "template": out.get("template"), "agency": out.get("agency"), "year": out.get("year"),
                         "truth_template": truth["template"], "truth_agency": truth["agency"],
                         "truth_year": truth["year"], "n_bad": len(bad),
                         "n_wrong_marked": sum(b["cat"] in ("wrong_marked", "wrong_invented") for b in bad), "bad": bad})

    shapes = sorted(agg, key=lambda s: (SHAPE_ORDER.index(s) if s in SHAPE_ORDER else 99, s))
    tot = Counter()
    for sh in shapes:
        tot.update(agg[sh])

    def pct(n, d):
        return 100.0 * n / d if d else 0.0

    print(f"nianbao: {binp} (built {time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(mtime0))})   corpus: {corpus}   "
          f"{len(jobs)} files, {len(truths)} reports, {elapsed:.1f}s with {a.jobs} jobs")
    if rebuilt:
        print("WARNING: the binary changed while scoring; the numbers mix two builds - run again")
    print()
    hdr = (f"{'shape':<11}{'files':>6}{'cells':>8}{'right%':>8}{'wrong_mk':>9}{'miss_shown':>11}{'(confus)':>9}"
           f"{'miss_fix':>9}{'invented':>9}{'conflict':>9}{'absent':>7}{'exit2':>6}{'fail':>5}"
           f"{'tmpl%':>7}{'agency%':>8}{'year%':>7}{'s/file':>7}")
    print(hdr)
    print("-" * len(hdr))
    for sh, s in [(sh, agg[sh]) for sh in shapes] + [("ALL", tot)]:
        ok_files = s["files"] - s["exit2"] - s["fail"]
        print(f"{sh:<11}{s['files']:>6}{s['cells']:>8}{pct(s['right'], s['cells']):>8.2f}{s['wrong_marked']:>9}"
              f"{s['miss_shown']:>11}{s['miss_confused']:>9}{s['miss_fix']:>9}{s['invented']:>9}{s['conflict']:>9}"
              f"{s['absent']:>7}{s['exit2']:>6}{s['fail']:>5}"
              f"{pct(s['tmpl_ok'], ok_files):>7.1f}{pct(s['agency_ok'], ok_files):>8.1f}{pct(s['year_ok'], ok_files):>7.1f}"
              f"{s['secs'] / max(1, s['files']):>7.2f}")
        if sh == shapes[-1]:
            print("-" * len(hdr))
    print()
    print("Worst 15 files (cells not right):")
    worst = sorted(per_file, key=lambda p: (-p["n_bad"], -p["n_wrong_marked"], p["file"]))[:15]
    for p in worst:
        cats = Counter(b["cat"] for b in p["bad"])
        meta = ""
        if p["template"] != p["truth_template"]:
            meta += f" template {p['template']}≠{p['truth_template']}"
        if norm_agency(p["agency"]) != norm_agency(p["truth_agency"]):
            meta += f" agency {p['agency']!r}≠{p['truth_agency']!r}"
        if p["year"] != p["truth_year"]:
            meta += f" year {p['year']}≠{p['truth_year']}"
        err = f" rc={p['rc']} {p['err'][:80]}" if p["rc"] != 0 else ""
        print(f"  {p['file']:<18} {p['shape']:<10} not right {p['n_bad']:>3}  "
              + " ".join(f"{k}={v}" for k, v in cats.most_common()) + meta + err)
    print()
    print("Most common cells not right (all shapes):")
    for (t, r, c), n in key_bad.most_common(20):
        print(f"  {n:>5}  {t}/{r}/{c}   " + " ".join(f"{k}={v}" for k, v in key_cat[(t, r, c)].most_common()))
    wm = Counter()
    for p in per_file:
        for b in p["bad"]:
            if b["cat"] in ("wrong_marked", "wrong_invented"):
                wm[(p["shape"], b["table"], b["row"], b["col"])] += 1
    if wm:
        print()
        print("Most common wrong-but-marked cells (shape, table/row/col):")
        for (sh, t, r, c), n in wm.most_common(15):
            print(f"  {n:>5}  {sh:<10} {t}/{r}/{c}")
    if a.top:
        print()
        print(f"Per shape, the {a.top} most common cells not right:")
        for sh in shapes:
            top = key_bad_shape[sh].most_common(a.top)
            if top:
                print(f"  {sh:<10} " + "; ".join(f"{t}/{r}/{c} {n}" for (t, r, c), n in top))
    if a.json:
        Path(a.json).write_text(json.dumps(per_file, ensure_ascii=False, indent=1), "utf-8")
    print()
    for sh in shapes:
        s = agg[sh]
        print(f"SCORE shape={sh} cells={s['cells']} right={s['right']} pct={pct(s['right'], s['cells']):.2f} "
              f"wrong_marked={s['wrong_marked']}")
    print(f"SCORE shape=all cells={tot['cells']} right={tot['right']} pct={pct(tot['right'], tot['cells']):.2f} "
          f"wrong_marked={tot['wrong_marked']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
