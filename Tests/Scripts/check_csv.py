#!/usr/bin/env python3
"""Checks nianbao's CSV against its JSON with Python's csv module.

usage: check_csv.py REPORT.json LONG.csv WIDE.csv
Exits 0 when the long CSV has exactly one row per value of the JSON, with the same value and status,
and the wide CSV has one row whose columns carry the same values; prints what differs otherwise.
"""
import csv, json, sys

def fmt(v):
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else repr(float(v))

def main():
    report = json.load(open(sys.argv[1], encoding="utf-8"))
    expected = {}
    for table, rows in report["tables"].items():
        for row, cols in rows.items():
            for col, cell in cols.items():
                expected[(table, row, col)] = (fmt(cell["value"]), cell["status"])
    problems = []
    with open(sys.argv[2], newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != ["source", "agency", "year", "template", "table", "row", "col", "value", "status"]:
            problems.append(f"long header {reader.fieldnames}")
        got = {}
        for line in reader:
            key = (line["table"], line["row"], line["col"])
            if key in got:
                problems.append(f"duplicate {key}")
            got[key] = (line["value"], line["status"])
            if line["source"] != report["source"] or line["template"] != report["template"]:
                problems.append(f"metadata of {key}")
            if line["agency"] != (report["agency"] or "") or line["year"] != (str(report["year"]) if report["year"] else ""):
                problems.append(f"agency/year of {key}")
    if got != expected:
        missing = set(expected) - set(got)
        wrong = [k for k in expected if k in got and got[k] != expected[k]]
        problems.append(f"long CSV: {len(missing)} values missing, {len(wrong)} differ, e.g. {(list(missing) + wrong)[:3]}")
    with open(sys.argv[3], newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
        if len(rows) != 1:
            problems.append(f"wide CSV has {len(rows)} rows")
        else:
            for (table, row, col), (value, _) in expected.items():
                name = f"{table}.{row}.{col}"
                if rows[0].get(name) != value:
                    problems.append(f"wide {name}: {rows[0].get(name)!r} != {value!r}")
    for p in problems[:20]:
        print(p)
    sys.exit(1 if problems else 0)

main()
