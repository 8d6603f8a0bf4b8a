#!/usr/bin/env python3
"""Reference (executable spec) of the table-grid conventions used by Tests/Fixtures/{html,docx}.

stdlib only. Not the product: a second, independent reading of the conventions in
Tests/Fixtures/html/README.md, used by make_samples.py to cross-check the hand-written
expected grids (NAME.grid.json) and blocks (NAME.blocks.json).

usage:  reference_grid.py FILE.html|FILE.docx [--blocks]
prints {"tables":[...]} (or {"blocks":[...]}) as JSON.
"""
import html
import html.parser
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

COLSPAN_MAX = 1000
ROWSPAN_MAX = 65534

# --------------------------------------------------------------------------- grid model

class Grid:
    """Slots are assigned with the HTML table model; output cells are cut to their free rectangle."""

    def __init__(self):
        self.rows = 0
        self.cells = []          # dicts with row, col, rowspan, colspan, text
        self.owner = {}          # (r, c) -> cell index, output (cut) extents only

    def free(self, r, c):
        return (r, c) not in self.owner

    def place(self, r, c, rs, cs, text):
        """Place a cell anchored at (r, c) with nominal spans; cut to the free rectangle."""
        w = 0
        while w < cs and self.free(r, c + w):
            w += 1
        if w == 0:                       # cannot happen with the HTML or DOCX placement rules
            raise AssertionError("anchor slot not free")
        h = 0
        while h < rs and all(self.free(r + h, c + k) for k in range(w)):
            h += 1
        cell = {"row": r, "col": c, "rowspan": h, "colspan": w, "text": text}
        self.cells.append(cell)
        for dr in range(h):
            for dc in range(w):
                self.owner[(r + dr, c + dc)] = len(self.cells) - 1
        return cell

    def finish(self, min_cols=0):
        cols = max([c["col"] + c["colspan"] for c in self.cells] + [min_cols])
        out = list(self.cells)
        for r in range(self.rows):
            for c in range(cols):
                if self.free(r, c):
                    out.append({"row": r, "col": c, "rowspan": 1, "colspan": 1, "text": "", "filler": True})
        out.sort(key=lambda c: (c["row"], c["col"]))
        return {"rows": self.rows, "cols": cols, "cells": out}

# --------------------------------------------------------------------------- HTML decoding

def _meta_charset(head):
    """A small version of the HTML 'prescan a byte stream to determine its encoding'."""
    text = head.decode("latin-1")
    for m in re.finditer(r"<meta\b([^>]*)>", text, re.I):
        attrs = m.group(1)
        cs = re.search(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", attrs, re.I)
        if cs:
            return cs.group(1).lower()
    return None

LABELS = {"utf-8": "utf-8", "utf8": "utf-8", "gbk": "gbk", "gb2312": "gbk", "gb_2312-80": "gbk",
          "x-gbk": "gbk", "chinese": "gbk", "csgb2312": "gbk", "gb18030": "gb18030",
          "big5": "big5", "iso-8859-1": "cp1252", "windows-1252": "cp1252"}

def decode_html(data):
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    label = _meta_charset(data[:1024])
    if label:
        enc = LABELS.get(label, label)
        if enc == "gbk":
            enc = "gb18030"          # superset; WHATWG maps gb2312/gbk labels to the GBK decoder
        return data.decode(enc, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")

# --------------------------------------------------------------------------- HTML tree

VOID = {"br", "img", "hr", "meta", "link", "input", "col", "wbr", "area", "base", "embed",
        "source", "track", "param"}
RAW = {"script", "style", "template", "textarea", "title"}
BLOCK = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
         "table", "tr", "dl", "dt", "dd", "section", "article", "header", "footer", "address",
         "hr", "center", "form", "fieldset", "figure", "figcaption", "caption", "nav", "aside",
         "main", "details", "summary", "thead", "tbody", "tfoot"}
SECTIONS = {"thead", "tbody", "tfoot"}


class Node:
    def __init__(self, name, attrs=None, parent=None):
        self.name, self.attrs, self.parent, self.children = name, dict(attrs or {}), parent, []

    def add(self, child):
        self.children.append(child)
        if isinstance(child, Node):
            child.parent = self
        return child


class TreeBuilder(html.parser.HTMLParser):
    """Just enough of the HTML5 tree construction for tables: implied end tags of td/th/tr/
    row groups/p/li, implicit tbody, stray end tags ignored, raw-text elements dropped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.cur = self.root
        self.raw = None

    # helpers
    def _stack(self):
        n, out = self.cur, []
        while n is not None:
            out.append(n)
            n = n.parent
        return out

    def _in_scope(self, names, stop=("table", "td", "th", "#root")):
        for n in self._stack():
            if n.name in names:
                return n
            if n.name in stop:
                return None
        return None

    def _pop_to(self, node):
        self.cur = node.parent

    def _table_ctx(self):
        """Nearest open table/section/row that is not inside a cell."""
        for n in self._stack():
            if n.name in ("td", "th"):
                return None
            if n.name in ("table", "tr") or n.name in SECTIONS:
                return n
            if n.name == "#root":
                return None
        return None

    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        if self.raw:
            return
        if tag in ("td", "th"):
            cell = self._in_scope({"td", "th"}, stop=("table", "#root"))
            if cell is not None:
                self._pop_to(cell)
            ctx = self._table_ctx()
            if ctx is None:
                # a cell outside any table: treat as plain inline content
                pass
            else:
                if ctx.name == "table":
                    ctx = self.cur = ctx.add(Node("tbody"))
                if ctx.name in SECTIONS:
                    self.cur = ctx.add(Node("tr"))
                else:
                    self.cur = ctx
        elif tag == "tr":
            n = self._in_scope({"tr", "td", "th"}, stop=("table", "#root"))
            while n is not None and n.name != "tr":
                self._pop_to(n)
                n = self._in_scope({"tr", "td", "th"}, stop=("table", "#root"))
            if n is not None:
                self._pop_to(n)
            ctx = self._table_ctx()
            if ctx is not None and ctx.name == "table":
                self.cur = ctx.add(Node("tbody"))
        elif tag in SECTIONS or tag in ("caption", "colgroup"):
            t = self._in_scope({"table"}, stop=("#root",))
            inner = self._in_scope({"td", "th"}, stop=("table", "#root"))
            if t is not None and inner is None:
                self.cur = t
        elif tag in ("p", "li"):
            n = self._in_scope({tag}, stop=("table", "td", "th", "#root", "ul", "ol") if tag == "li"
                               else ("table", "td", "th", "#root"))
            if n is not None:
                self._pop_to(n)
        elif tag == "table":
            n = self._in_scope({"p"}, stop=("table", "td", "th", "#root"))
            if n is not None:
                self._pop_to(n)
        node = self.cur.add(Node(tag, attrs))
        if tag in VOID:
            return
        self.cur = node
        if tag in RAW:
            self.raw = tag

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag.lower() not in VOID and not self.raw:
            self._pop_to(self.cur)

    def handle_endtag(self, tag):
        tag = tag.lower()
        if self.raw:
            if tag == self.raw:
                self.raw = None
                self._pop_to(self.cur)
            return
        if tag in VOID:
            return
        if tag == "table":
            n = self._in_scope({"table"}, stop=("#root",))
        elif tag in ("td", "th"):
            n = self._in_scope({tag}, stop=("table", "#root"))
        elif tag == "tr":
            n = self._in_scope({"tr"}, stop=("table", "#root"))
        elif tag in SECTIONS:
            n = self._in_scope({tag}, stop=("table", "#root"))
        else:
            n = self._in_scope({tag})
        if n is not None:
            self._pop_to(n)

    def handle_data(self, data):
        if self.raw:
            return
        if self.cur.name in ("table", "tr", "colgroup") or self.cur.name in SECTIONS:
            return                     # whitespace between rows; foster-parented text is not in the grid
        self.cur.add(data)


def _span(value, default, lo_zero, cap):
    """HTML 'rules for parsing non-negative integers'."""
    if value is None:
        return default
    m = re.match(r"[\t\n\f\r ]*(-?)([0-9]+)", value)
    if not m or m.group(1) == "-":
        return default
    n = int(m.group(2))
    if n == 0:
        return lo_zero
    return min(n, cap)


def _cell_text(node):
    parts = []   # str, ("soft",) or ("hard",)

    def walk(n):
        for ch in n.children:
            if isinstance(ch, str):
                parts.append(re.sub(r"[\t\n\f\r \u00a0]+", " ", ch))
            elif ch.name in RAW or ch.name == "table":
                if ch.name == "table":
                    parts.append(("soft",))
                continue
            elif ch.name == "br":
                parts.append(("hard",))
            elif ch.name in BLOCK:
                parts.append(("soft",))
                walk(ch)
                parts.append(("soft",))
            else:
                walk(ch)
    walk(node)
    return join_lines(parts)


def join_lines(parts):
    """Text pieces, ("soft",) block boundaries and ("hard",) <br>s -> lines.
    A block boundary makes a line break only between two pieces of text (never a blank line);
    every <br> is a line break. Each line is trimmed, and so is the whole."""
    out, pending = [], False
    for p in parts:
        if isinstance(p, str):
            if p.strip(" ") and pending:
                if out and not "".join(out).endswith("\n"):
                    out.append("\n")
                pending = False
            out.append(p)
        elif p[0] == "hard":
            out.append("\n")
            pending = False
        else:
            pending = True
    lines = [re.sub(" {2,}", " ", l).strip(" ") for l in "".join(out).split("\n")]
    return "\n".join(lines).strip("\n")


def _rows_of_group(group):
    return [ch for ch in group.children if isinstance(ch, Node) and ch.name == "tr"]


def html_table_grid(table):
    groups, feet = [], []
    for ch in table.children:
        if not isinstance(ch, Node):
            continue
        if ch.name in ("thead", "tbody"):
            groups.append(ch)
        elif ch.name == "tfoot":
            feet.append(ch)
        elif ch.name == "tr":           # not produced by the builder, but be safe
            groups.append(Node("tbody"))
            groups[-1].children.append(ch)
    groups += feet
    g = Grid()
    occupied = set()                    # nominal slots (HTML table model), decides placement
    for grp in groups:
        rows = _rows_of_group(grp)
        start, end = g.rows, g.rows + len(rows)
        for y, tr in enumerate(rows, start):
            x = 0
            for cell in [c for c in tr.children if isinstance(c, Node) and c.name in ("td", "th")]:
                while (y, x) in occupied:
                    x += 1
                cs = _span(cell.attrs.get("colspan"), 1, 1, COLSPAN_MAX)
                rs_raw = _span(cell.attrs.get("rowspan"), 1, 0, ROWSPAN_MAX)
                rs = end - y if rs_raw == 0 else min(rs_raw, end - y)
                for dy in range(rs):
                    for dx in range(cs):
                        occupied.add((y + dy, x + dx))
                g.place(y, x, rs, cs, _cell_text(cell))
                x += cs
        g.rows = end
    return g.finish()


def html_tables(data):
    tb = TreeBuilder()
    tb.feed(decode_html(data))
    tb.close()
    out = []

    def walk(n):
        for ch in n.children:
            if isinstance(ch, Node):
                if ch.name == "table":
                    out.append(html_table_grid(ch))
                walk(ch)
    walk(tb.root)
    return out

# --------------------------------------------------------------------------- DOCX

W_NS = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main")
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
OFFICE_DOC_TYPES = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
                    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")


def _ln(el):
    t = el.tag
    if t.startswith("{"):
        ns, name = t[1:].split("}", 1)
        if ns in W_NS:
            return "w:" + name
        if ns == MC_NS:
            return "mc:" + name
        return "{%s}%s" % (ns, name)
    return t


def _wattr(el, name):
    for ns in W_NS:
        v = el.get("{%s}%s" % (ns, name))
        if v is not None:
            return v
    return None


def _child(el, name):
    for ch in el:
        if _ln(ch) == name:
            return ch
    return None


def _int_attr(el, name, default):
    if el is None:
        return default
    v = _wattr(el, name)
    try:
        return int(v)
    except (TypeError, ValueError):
        return default


def docx_main_part(z):
    rels = ET.fromstring(z.read("_rels/.rels"))
    for r in rels:
        if r.get("Type") in OFFICE_DOC_TYPES:
            return r.get("Target").lstrip("/")
    return "word/document.xml"


def _run_text(el, out):
    """Append the visible text of el's subtree (inline level) to out."""
    for ch in el:
        n = _ln(ch)
        if n in ("w:del", "w:moveFrom", "w:instrText", "w:delText", "w:delInstrText",
                 "w:rPr", "w:pPr", "w:sdtPr", "w:sdtEndPr", "mc:Fallback", "w:fldChar"):
            continue
        if n == "w:t":
            out.append(ch.text or "")
        elif n == "w:tab":
            out.append("\t")
        elif n in ("w:br", "w:cr"):
            out.append("\n")
        elif n == "w:noBreakHyphen":
            out.append("-")
        else:
            _run_text(ch, out)


def paragraph_text(p):
    out = []
    _run_text(p, out)
    return "".join(out)


def _cell_content(tc, nested, text_lines):
    for ch in tc:
        n = _ln(ch)
        if n == "w:p":
            text_lines.append(paragraph_text(ch))
        elif n == "w:tbl":
            nested.append(ch)
        elif n in ("w:sdt", "w:customXml"):
            c = _child(ch, "w:sdtContent") if n == "w:sdt" else ch
            if c is not None:
                _cell_content(c, nested, text_lines)
        elif n == "mc:AlternateContent":
            c = _child(ch, "mc:Choice")
            if c is not None:
                _cell_content(c, nested, text_lines)


def _flatten(el, want):
    """Children named `want`, looking through w:sdt/w:sdtContent and w:customXml wrappers."""
    out = []
    for ch in el:
        n = _ln(ch)
        if n == want:
            out.append(ch)
        elif n == "w:sdt":
            c = _child(ch, "w:sdtContent")
            if c is not None:
                out += _flatten(c, want)
        elif n == "w:customXml":
            out += _flatten(ch, want)
    return out


def docx_table_grid(tbl, later):
    grid_el = _child(tbl, "w:tblGrid")
    ngrid = len([c for c in grid_el if _ln(c) == "w:gridCol"]) if grid_el is not None else 0
    g = Grid()
    slot = {}           # (r, c) -> real cell covering it
    widest = 0
    rows = _flatten(tbl, "w:tr")
    for y, tr in enumerate(rows):
        trpr = _child(tr, "w:trPr")
        before = _int_attr(_child(trpr, "w:gridBefore") if trpr is not None else None, "val", 0)
        after = _int_attr(_child(trpr, "w:gridAfter") if trpr is not None else None, "val", 0)
        x = before
        last = None     # previous real cell in this row (for hMerge continue)
        for tc in _flatten(tr, "w:tc"):
            tcpr = _child(tc, "w:tcPr")
            span = max(1, _int_attr(_child(tcpr, "w:gridSpan") if tcpr is not None else None, "val", 1))
            vm = _child(tcpr, "w:vMerge") if tcpr is not None else None
            hm = _child(tcpr, "w:hMerge") if tcpr is not None else None
            nested, lines = [], []
            _cell_content(tc, nested, lines)
            later.extend(nested)
            text = "\n".join(lines).strip()
            hcont = hm is not None and (_wattr(hm, "val") or "continue") == "continue"
            vcont = vm is not None and (_wattr(vm, "val") or "continue") == "continue"
            target = None
            if hcont and last is not None and last["row"] == y:
                target = last
                target["colspan"] += span
            elif vcont:
                above = slot.get((y - 1, x))
                if above is not None and above["col"] == x and above["colspan"] == span \
                        and above["row"] + above["rowspan"] == y:
                    target = above
                    target["rowspan"] += 1
            if target is not None:
                idx = next(i for i, c in enumerate(g.cells) if c is target)
                for dx in range(span):
                    g.owner[(y, x + dx)] = idx
                    slot[(y, x + dx)] = target
            else:
                target = g.place(y, x, 1, span, text)
                for dx in range(span):
                    slot[(y, x + dx)] = target
            last = target
            x += span
        widest = max(widest, x + after)
        g.rows = y + 1
    return g.finish(max(ngrid, widest))


def _body(z):
    root = ET.fromstring(z.read(docx_main_part(z)))
    return _child(root, "w:body")


def docx_tables(path):
    with zipfile.ZipFile(path) as z:
        body = _body(z)
    out = []

    def emit(tbl):
        later = []
        out.append(docx_table_grid(tbl, later))
        for t in later:
            emit(t)

    def walk(el):
        for ch in el:
            n = _ln(ch)
            if n == "w:tbl":
                emit(ch)
            elif n in ("w:sdt", "w:customXml", "w:sdtContent", "mc:AlternateContent", "mc:Choice"):
                walk(ch)
    walk(body)
    return out


def _styles(z):
    names = [n for n in z.namelist() if n.endswith("styles.xml") and "Effects" not in n]
    levels = {}
    if not names:
        return levels
    root = ET.fromstring(z.read(names[0]))
    for st in root:
        if _ln(st) != "w:style":
            continue
        sid = _wattr(st, "styleId")
        name_el = _child(st, "w:name")
        name = (_wattr(name_el, "val") or "") if name_el is not None else ""
        m = re.fullmatch(r"heading ([1-9])", name.strip().lower())
        ppr = _child(st, "w:pPr")
        ol = _child(ppr, "w:outlineLvl") if ppr is not None else None
        if m:
            levels[sid] = int(m.group(1))
        elif ol is not None and _int_attr(ol, "val", 9) < 9:
            levels[sid] = _int_attr(ol, "val", 9) + 1
    return levels


def docx_blocks(path):
    with zipfile.ZipFile(path) as z:
        body = _body(z)
        levels = _styles(z)
    out = []

    def walk(el):
        for ch in el:
            n = _ln(ch)
            if n == "w:p":
                text = paragraph_text(ch).strip()
                if not text:
                    continue
                ppr = _child(ch, "w:pPr")
                level = None
                if ppr is not None:
                    ps = _child(ppr, "w:pStyle")
                    if ps is not None:
                        level = levels.get(_wattr(ps, "val"))
                    ol = _child(ppr, "w:outlineLvl")
                    if ol is not None:
                        v = _int_attr(ol, "val", 9)
                        level = v + 1 if v < 9 else None
                if level:
                    out.append({"type": "heading", "level": level, "text": text})
                else:
                    out.append({"type": "paragraph", "text": text})
            elif n == "w:tbl":
                out.append({"type": "table"})
            elif n in ("w:sdt", "w:customXml"):
                walk(_child(ch, "w:sdtContent") if n == "w:sdt" else ch)
    walk(body)
    return out

# --------------------------------------------------------------------------- CLI

def tables_of(path):
    if path.lower().endswith(".docx"):
        return docx_tables(path)
    with open(path, "rb") as f:
        return html_tables(f.read())


if __name__ == "__main__":
    p = sys.argv[1]
    if "--blocks" in sys.argv:
        print(json.dumps({"blocks": docx_blocks(p)}, ensure_ascii=False, indent=1))
    else:
        print(json.dumps({"tables": tables_of(p)}, ensure_ascii=False, indent=1))
