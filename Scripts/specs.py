"""The official form as the scripts read it, from the spec files the Swift library embeds:
Specs/templates.json, Specs/sections.json and Specs/tables/*.json. The generator (gen_corpus.py),
the sample maker (make_samples.py) and the scorer (score_extract.py) take ids, labels, groups,
rules, section titles and the printed layout of the three tables from here, so the form is stated
once, in Specs/. stdlib only.
"""
import json
from functools import lru_cache
from pathlib import Path

SPECS = Path(__file__).resolve().parent.parent / "Specs"


def _load(rel):
    return json.loads((SPECS / rel).read_text("utf-8"))


TEMPLATES = {t["id"]: t for t in _load("templates.json")["templates"]}
SECTIONS = _load("sections.json")["sections"]


@lru_cache(maxsize=None)
def table(name, template):
    """The spec of table NAME (active, applications, review_litigation) in TEMPLATE's form."""
    return _load(f"tables/{TEMPLATES[template]['tables'][name]}.json")


def report_tables(template):
    """The specs of the three tables the generators print for a report in TEMPLATE's form. The active
    table is the 2021 one in every report: the 2019 form's active table had no ids when the corpus and
    the samples were made, so their 2019-form reports (and the truth of them) print the 2021 one."""
    return {"active": table("active", "2021"), "applications": table("applications", template),
            "review_litigation": table("review_litigation", template)}


def ids(items):
    return [x["id"] for x in items]


def by_id(items, id_):
    return next(x for x in items if x["id"] == id_)


def rule(spec, id_):
    return by_id(spec["rules"], id_)


def value_type(spec, col):
    """count, decimal or signed: the column's own type, else the table's."""
    return by_id(spec["columns"], col).get("value_type", spec["value_type"])


def section_titles():
    """The six section titles, numbered: 一、总体情况 …"""
    return [s["title"] for s in SECTIONS]


def section_body(id_):
    """A section title without its number: 总体情况 for overview."""
    return by_id(SECTIONS, id_)["title"].split("、", 1)[1]

# --------------------------------------------------------------------------- rules


def outcome_rows(template):
    """The application outcome rows, (一) to (六), that （七）总计 adds up."""
    return rule(table("applications", template), "outcome_total")["right"]


def applicant_cols(spec):
    """The six applicant columns that 总计 adds up."""
    return rule(spec, "applicant_total")["right"]


def equations(spec):
    """The table's rules as equations {(row, col): coefficient} = 0 (left side +1, right side -1), with
    the rule id and the column or row each holds for: the column rules column by column, then the row
    rules row by row."""
    out = []
    for each, along in (("column", ids(spec["columns"])), ("row", ids(spec["rows"]))):
        rules = [r for r in spec["rules"] if r["each"] == each]
        for k in along:
            for r in rules:
                e = {}
                for coef, side in ((1, "left"), (-1, "right")):
                    for x in r[side]:
                        e[(x, k) if each == "column" else (k, x)] = coef
                out.append((r["id"], each, k, e))
    return out


def broken_rules(template, tables):
    """The rules the values TABLES ({table: {row: {col: value}}}) of a report break, as
    "table: rule R broken in column|row K"."""
    out = []
    for name, spec in report_tables(template).items():
        vals = tables[name]
        for rid, each, k, e in equations(spec):
            if sum(coef * vals[r][c] for (r, c), coef in e.items()) != 0:
                out.append(f"{name}: rule {rid} broken in {each} {k}")
    return out


def complete_applications(spec, rows):
    """The applications table from its free cells. ROWS holds, per applicant column, the outcome rows,
    carried_over and carried_forward. outcome_total adds up the outcomes; new_received closes the
    balance (carried_over is cut where new_received would go below zero); the total column adds up
    the applicants. Returns {row: {col: value}} in the form's row order."""
    applicants = applicant_cols(spec)
    rows["outcome_total"] = {c: sum(rows[r][c] for r in rule(spec, "outcome_total")["right"]) for c in applicants}
    rows["new_received"] = {}
    for c in applicants:
        n = rows["outcome_total"][c] + rows["carried_forward"][c] - rows["carried_over"][c]
        if n < 0:
            rows["carried_over"][c] += n
            n = 0
        rows["new_received"][c] = n
    return {r: dict(rows[r], total=sum(rows[r][c] for c in applicants)) for r in ids(spec["rows"])}

# --------------------------------------------------------------------------- printed layout
#
# The specs give the structure of each table (blocks; column groups and nested row groups; rows
# under a parent label); the spans of the printed form follow from it. A layout is a list of rows
# of cells (text, rowspan, colspan, key): key is None for a label, (table, row, col) for a value
# cell, whose text is None. printed(text, kind) gives the text of each label; it is called in
# reading order (kind: block, corner, column, column_group, row, row_group, parent).


def layout(spec, printed=lambda text, kind: text):
    """The printed layout of a table spec; PRINTED(text, kind) gives the text of each label."""
    make = {"blocks": _blocks_layout, "matrix": _matrix_layout, "wide": _wide_layout}[spec["layout"]]
    return make(spec, printed)


def _blocks_layout(spec, L):
    """Each block: its label across the table, a header row (corner, column labels), its rows. A block
    with fewer columns than the widest lets its last column span the rest."""
    width = max(len(b["columns"]) for b in spec["blocks"])
    rows = []
    for b in spec["blocks"]:
        spans = [1] * (len(b["columns"]) - 1) + [width - len(b["columns"]) + 1]
        rows.append([(L(b["label"], "block"), 1, width + 1, None)])
        rows.append([(L(spec["corner"], "corner"), 1, 1, None)]
                    + [(L(by_id(spec["columns"], c)["label"], "column"), 1, s, None)
                       for c, s in zip(b["columns"], spans)])
        for r in b["rows"]:
            rows.append([(L(by_id(spec["rows"], r)["label"], "row"), 1, 1, None)]
                        + [(None, 1, s, (spec["table"], r, c)) for c, s in zip(b["columns"], spans)])
    return rows


def _height(forest):
    def depth(n):
        return 0 if n[2] is None else 1 + max(depth(c) for c in n[2])
    return max(depth(n) for n in forest) + 1


def _leaves(forest):
    return [x for n in forest for x in ([n[3]] if n[2] is None else _leaves(n[2]))]


def _header(forest, L, first):
    """The header rows of a forest of labels: a node is (text, kind, children, None), a leaf (text, kind,
    None, id). A node spans its leaves; a leaf reaches down to the last header row. FIRST: the cells
    in front of the first row. A label repeated within one header row is labelled once and printed
    the same each time."""
    height = _height(forest)
    levels = [[] for _ in range(height)]

    def walk(nodes, d):
        for n in nodes:
            levels[d].append((n, 1 if n[2] else height - d, len(_leaves([n]))))
            if n[2]:
                walk(n[2], d + 1)

    walk(forest, 0)
    rows = []
    for d, level in enumerate(levels):
        rows.append(list(first) if d == 0 else [])
        done = {}
        for (text, kind, _, _), rs, cs in level:
            if text not in done:
                done[text] = L(text, kind)
            rows[-1].append((done[text], rs, cs, None))
    return rows


def _column_tree(spec):
    """The columns under their groups (a group inside another is a child of it), in column order."""
    def forest(cols, groups):  # GROUPS: those inside COLS, largest first
        out, i = [], 0
        while i < len(cols):
            g = next((g for g in groups if g["columns"][0] == cols[i]), None)
            if g is None:
                out.append((by_id(spec["columns"], cols[i])["label"], "column", None, cols[i]))
                i += 1
            else:
                inner = [h for h in groups if h is not g and set(h["columns"]) <= set(g["columns"])]
                out.append((g["label"], "column_group", forest(g["columns"], inner), None))
                i += len(g["columns"])
        return out

    return forest(ids(spec["columns"]), sorted(spec.get("column_groups", []), key=lambda g: -len(g["columns"])))


def _matrix_layout(spec, L):
    """Column labels (under their nested groups) over the value columns; row labels in front, each row
    under its row groups (a group label spans its rows); the corner fills the space between them."""
    groups = {g["id"]: g for g in spec.get("row_groups", [])}

    def chain(g):
        return [] if g is None else chain(groups[g].get("parent")) + [g]

    chains = {r["id"]: chain(r.get("group")) for r in spec["rows"]}
    stub = max(len(c) for c in chains.values()) + 1
    tree = _column_tree(spec)
    rows = _header(tree, L, [(L(spec["corner"], "corner"), _height(tree), stub, None)])
    seen = set()
    for r in spec["rows"]:
        row = []
        for g in chains[r["id"]]:
            if g not in seen:
                seen.add(g)
                row.append((L(groups[g]["label"], "row_group"), sum(g in c for c in chains.values()), 1, None))
        row.append((L(r["label"], "row"), 1, stub - len(chains[r["id"]]), None))
        rows.append(row + [(None, 1, 1, (spec["table"], r["id"], c)) for c in _leaves(tree)])
    return rows


def _wide_layout(spec, L):
    """One row of values, the columns repeated for each row of the spec side by side; above them each
    row's label, under its parent label when it has one."""
    cols = [(c["label"], "column", None, c["id"]) for c in spec["columns"]]
    forest = []
    for r in spec["rows"]:
        node = (r["label"], "row", cols, None)
        parent = r.get("parent_label")
        if parent is None:
            forest.append(node)
        elif forest and forest[-1][0] == parent and forest[-1][1] == "parent":
            forest[-1][2].append(node)
        else:
            forest.append((parent, "parent", [node], None))
    return _header(forest, L, []) + [[(None, 1, 1, (spec["table"], r, c))
                                       for r in ids(spec["rows"]) for c in ids(spec["columns"])]]


def anchors(rows):
    """(row, col, cell) of each cell of a layout, placed by the HTML table model (no overlaps)."""
    taken, out = set(), []
    for y, row in enumerate(rows):
        x = 0
        for cell in row:
            rs, cs = cell[1], cell[2]
            while (y, x) in taken:
                x += 1
            out.append((y, x, cell))
            taken.update((y + dy, x + dx) for dy in range(rs) for dx in range(cs))
            x += cs
    return out
