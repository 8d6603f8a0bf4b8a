#!/usr/bin/env python3
"""Regenerate the generated fixtures of Tests/Fixtures/ (report samples, HTML and DOCX table fixtures,
their expected grids, seeds) and the copies of a few of their inputs in Samples/.

The script names files as they were once laid out under Samples/ (`reports/NAME.html`,
`fixtures/docx/NAME.grid.json`, ...); `placed()` maps each such name to its fixture folder
(`Tests/Fixtures/reports/NAME-html/input.html`, `Tests/Fixtures/docx/NAME/grid.json`, ...).

    python3 Scripts/make_samples.py              # everything; soffice only for missing/stale report DOCX/PDF
    python3 Scripts/make_samples.py --office     # also re-run LibreOffice for the report DOCX/PDF
    python3 Scripts/make_samples.py --no-office  # never run LibreOffice; keeps existing DOCX/PDF

stdlib only, deterministic: running it twice gives byte-identical files, except the DOCX/PDF that
LibreOffice writes (they embed timestamps). An existing report DOCX is kept while its tables still
equal NAME.grid.json; otherwise (or when missing) it is made again, and its PDF with it.

Expected grids of fixtures are written by hand below (fillers included) and then cross-checked
against Scripts/reference_grid.py, an independent executable reading of the conventions; the
script fails if a hand-written grid does not tile its table or disagrees with the reference.
"""
import hashlib
import html
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLES = ROOT / "Samples"
FIXTURES = ROOT / "Tests" / "Fixtures"
# The areas of Tests/Fixtures this script writes.
GENERATED_AREAS = ["docx", "html", "reports", "seeds"]
# Inputs copied to Samples/ for users to try (Samples/README.md), from their fixtures.
SAMPLE_COPIES = ["reports/report_2021.docx", "reports/report_2021.html", "reports/report_2021_gbk.html",
                 "reports/report_2021.pdf-layout.txt", "seeds/002_f13d2195483ea46f.txt", "seeds/003_ba2cf0abdb691150.txt"]
SEEDS_SRC = Path("/work/shared/seeds")
sys.path.insert(0, str(HERE))
import reference_grid  # noqa: E402
import specs  # noqa: E402

FAILURES = []


def fail(msg):
    FAILURES.append(msg)
    print("FAIL:", msg, file=sys.stderr)


def placed(path):
    """Where a file named in the old Samples/ layout lives: its fixture folder under Tests/Fixtures
    (`AREA/CASE/input.EXT`, `expected`-less: this script writes inputs, grids, truths and READMEs)."""
    path = Path(path)
    try:
        rel = path.relative_to(SAMPLES)
    except ValueError:
        return path
    parts = rel.parts
    name = parts[-1]
    if parts[0] == "fixtures":
        if len(parts) == 2:                       # fixtures/README.md: the table fixtures' conventions
            return FIXTURES / "html" / name
        kind = parts[1]
        for suffix, new in ((".grid.json", "grid.json"), (".blocks.json", "blocks.json")):
            if name.endswith(suffix):
                return FIXTURES / kind / name[:-len(suffix)] / new
        stem, ext = name.split(".", 1)
        return FIXTURES / kind / stem / f"input.{ext}"
    if parts[0] == "reports":
        if name == "README.md":
            return FIXTURES / "reports" / name
        if name == "report_2021.pdf":             # the PDF the pdf-* text shapes are read from
            return FIXTURES / "reports" / "report_2021-docx" / "printed.pdf"
        for suffix, new in ((".grid.json", "grid.json"), (".values.json", "truth.json")):
            if name.endswith(suffix):
                return FIXTURES / "reports" / f"{name[:-len(suffix)]}-html" / new
        stem, ext = name.split(".", 1)
        shape = ext[:-len(".txt")] if ext.endswith(".txt") else ext
        return FIXTURES / "reports" / f"{stem}-{shape}" / f"input.{ext}"
    if parts[0] == "seeds":
        return FIXTURES / "seeds" / name.split(".", 1)[0] / f"input.{name.split('.', 1)[1]}"
    raise ValueError(f"no fixture place for {rel}")


def case_info(path):
    """case.json of a report or seed fixture whose input is `path` (old layout name), if it is one:
    the source name its report is extracted under, and the case holding its truth and grid."""
    rel = Path(path).relative_to(SAMPLES)
    if rel.parts[0] not in ("reports", "seeds") or rel.name.endswith((".json", ".md", ".pdf")):
        return None
    info = {"source": rel.as_posix()}
    if rel.parts[0] == "reports":
        stem, ext = rel.name.split(".", 1)
        if ext != "html":
            info["truth"] = f"{stem}-html"
            if ext in ("docx", "md-html.txt"):
                info["grid"] = f"{stem}-html"
    return info


def write_bytes(path, data):
    info = case_info(path) if Path(path).is_relative_to(SAMPLES) else None
    path = placed(path)
    if info is not None and not (path.parent / "case.json").exists():
        # Written once: the tests add the exact counts they check to it (checked, read, printed).
        write_bytes(path.parent / "case.json", dump_json(info).encode("utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_bytes() == data:
        return
    path.write_bytes(data)


def write_text(path, text, encoding="utf-8"):
    write_bytes(path, text.encode(encoding))


def dump_json(obj):
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


def write_json(path, obj):
    write_text(path, dump_json(obj))

# =========================================================================== grids

def F(r, c):
    """A filler slot (no source cell covers it)."""
    return (r, c, 1, 1, "", True)


def T(rows, cols, cells):
    """A hand-written expected table: cells are (row, col, rowspan, colspan, text) or F(r, c)."""
    out = []
    for c in cells:
        d = {"row": c[0], "col": c[1], "rowspan": c[2], "colspan": c[3], "text": c[4]}
        if len(c) > 5 and c[5]:
            d["filler"] = True
        out.append(d)
    return {"rows": rows, "cols": cols, "cells": out}


def check_tiling(name, t):
    seen = {}
    prev = (-1, -1)
    for c in t["cells"]:
        pos = (c["row"], c["col"])
        if pos <= prev:
            fail(f"{name}: cells not sorted by row, col at {pos}")
        prev = pos
        if c["rowspan"] < 1 or c["colspan"] < 1:
            fail(f"{name}: bad span at {pos}")
        for r in range(c["row"], c["row"] + c["rowspan"]):
            for k in range(c["col"], c["col"] + c["colspan"]):
                if not (0 <= r < t["rows"] and 0 <= k < t["cols"]):
                    fail(f"{name}: cell {pos} leaves the {t['rows']}x{t['cols']} grid")
                if (r, k) in seen:
                    fail(f"{name}: slot {(r, k)} covered twice ({seen[(r, k)]} and {pos})")
                seen[(r, k)] = pos
    missing = [(r, k) for r in range(t["rows"]) for k in range(t["cols"]) if (r, k) not in seen]
    if missing:
        fail(f"{name}: slots not covered: {missing[:6]}")


def compare_with_reference(name, expected, got):
    if len(expected) != len(got):
        fail(f"{name}: reference finds {len(got)} tables, expected {len(expected)}")
        return
    for i, (e, g) in enumerate(zip(expected, got)):
        if e != g:
            ediff = [c for c in e["cells"] if c not in g["cells"]]
            gdiff = [c for c in g["cells"] if c not in e["cells"]]
            fail(f"{name} table {i}: expected {e['rows']}x{e['cols']} vs reference "
                 f"{g['rows']}x{g['cols']}; only expected: {ediff[:4]}; only reference: {gdiff[:4]}")


def place_layout(rows):
    """Grid of a regular layout (list of rows of (text, rowspan, colspan)), HTML model, no overlaps."""
    cells = [{"row": y, "col": x, "rowspan": rs, "colspan": cs, "text": text}
             for y, x, (text, rs, cs) in specs.anchors(rows)]
    taken = {(c["row"] + dy, c["col"] + dx)
             for c in cells for dy in range(c["rowspan"]) for dx in range(c["colspan"])}
    ncols = max(c["col"] + c["colspan"] for c in cells)
    for y in range(len(rows)):
        for x in range(ncols):
            if (y, x) not in taken:
                cells.append({"row": y, "col": x, "rowspan": 1, "colspan": 1, "text": "", "filler": True})
    cells.sort(key=lambda c: (c["row"], c["col"]))
    return {"rows": len(rows), "cols": ncols, "cells": cells}

# =========================================================================== reports

class Dice:
    """Deterministic small numbers (sha256 of a seed and a key), independent of Python's random."""

    def __init__(self, seed):
        self.seed = seed

    def __call__(self, key, lo, hi, zero_pct=0):
        h = int.from_bytes(hashlib.sha256(f"{self.seed}|{key}".encode()).digest()[:8], "big")
        if zero_pct and h % 100 < zero_pct:
            return 0
        return lo + (h // 100) % (hi - lo + 1)


def make_values(seed, template, agency, year):
    d = Dice(seed)
    active = {
        "regulations": {"issued": d("reg.i", 0, 2, 40), "repealed": d("reg.r", 0, 1, 60)},
        "normative_documents": {"issued": d("nd.i", 1, 9), "repealed": d("nd.r", 0, 3, 30)},
        "licensing": {"decisions": d("lic", 40, 2600)},
        "penalty": {"decisions": d("pen", 3, 380)},
        "coercion": {"decisions": d("coe", 0, 25, 20)},
        "fees": {"amount": d("fee", 1, 4999) / 100.0},
    }
    active["regulations"]["in_force"] = active["regulations"]["issued"] + d("reg.f", 0, 4)
    active["normative_documents"]["in_force"] = active["normative_documents"]["issued"] + d("nd.f", 3, 40)
    forms = specs.report_tables(template)
    applicants = specs.applicant_cols(forms["applications"])
    rows = {}
    for rid in specs.outcome_rows(template):
        rows[rid] = {}
        for col in applicants:
            if rid == "disclosed":
                v = d(f"{rid}.{col}", 1, 24) if col == "natural_person" else d(f"{rid}.{col}", 1, 4, 55)
            elif rid in ("partially_disclosed", "unavailable.not_held", "other_handling"):
                v = d(f"{rid}.{col}", 1, 6, 20) if col == "natural_person" else d(f"{rid}.{col}", 1, 2, 75)
            else:
                v = d(f"{rid}.{col}", 1, 3, 70) if col == "natural_person" else d(f"{rid}.{col}", 1, 2, 92)
            rows[rid][col] = v
    rows["carried_over"] = {c: d(f"co.{c}", 1, 3, 50 if c == "natural_person" else 85) for c in applicants}
    rows["carried_forward"] = {c: d(f"cf.{c}", 1, 4, 40 if c == "natural_person" else 85) for c in applicants}
    apps = specs.complete_applications(forms["applications"], rows)
    review = {}
    rv = forms["review_litigation"]
    for gid in specs.ids(rv["rows"]):
        g = {k: d(f"rv.{gid}.{k}", 1, 3, 55 if gid == "review" else 75)
             for k in specs.rule(rv, "group_total")["right"]}
        g["total"] = sum(g.values())
        review[gid] = g
    return {"template": template, "agency": agency, "year": year,
            "tables": {"active": active, "applications": apps, "review_litigation": review}}


def check_values(name, v):
    for broken in specs.broken_rules(v["template"], v["tables"]):
        fail(f"{name}: {broken}")


def layouts(v):
    """The three tables of a report as printed: rows of (text, rowspan, colspan)."""
    out = []
    for spec in specs.report_tables(v["template"]).values():
        rows = []
        for row in specs.layout(spec):
            cells = []
            for text, rs, cs, key in row:
                if key:
                    t, r, c = key
                    val = v["tables"][t][r][c]
                    text = f"{val:.2f}" if specs.value_type(spec, c) == "decimal" else str(val)
                cells.append((text, rs, cs))
            rows.append(cells)
        out.append(rows)
    return out


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_table(rows, indent="  "):
    out = ['<table border="1" cellspacing="0" cellpadding="3" style="border-collapse:collapse">', "<tbody>"]
    for row in rows:
        tds = []
        for text, rs, cs in row:
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            tds.append(f"<td{attrs}>{esc(text)}</td>")
        out.append(indent + "<tr>" + "".join(tds) + "</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def report_texts(v, spec):
    """Paragraphs of the text sections; numbers agree with the tables."""
    a = v["tables"]["active"]
    apps = v["tables"]["applications"]
    rv = v["tables"]["review_litigation"]
    y = v["year"]
    short = spec["short"]
    n_pub = spec["published"]
    overview = [
        f"{y}年，{short}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》"
        f"（以下简称《条例》）和上级关于政务公开工作的部署要求，坚持“以公开为常态、不公开为例外”，"
        f"持续推进决策、执行、管理、服务、结果公开，切实保障人民群众的知情权、参与权、表达权和监督权。",
        f"（一）主动公开。全年通过政府门户网站主动公开政府信息{n_pub}条，其中制发行政规范性文件"
        f"{a['normative_documents']['issued']}件，公开行政许可决定{a['licensing']['decisions']}件、"
        f"行政处罚决定{a['penalty']['decisions']}件。",
        f"（二）依申请公开。全年新收政府信息公开申请{apps['new_received']['total']}件，"
        f"上年结转{apps['carried_over']['total']}件，办结{apps['outcome_total']['total']}件，"
        f"结转下年度继续办理{apps['carried_forward']['total']}件。所有申请均在法定期限内答复。",
        "（三）政府信息管理。严格落实信息发布“三审三校”制度，健全政府信息公开属性源头认定机制，"
        "定期清理网站栏目，确保公开内容准确、规范。",
        "（四）平台建设。持续优化政府门户网站信息公开专栏，规范政务新媒体管理，"
        "发挥政务服务大厅政务公开专区作用，方便群众查阅。",
        f"（五）监督保障。单位主要负责人每年听取政务公开工作汇报，将政务公开纳入年度绩效考核，"
        f"全年组织业务培训{spec['trainings']}次。",
    ]
    problems = [
        "（一）存在的问题。一是政策解读形式较为单一，图解、视频等解读方式运用不够；"
        "二是依申请公开答复的规范化水平有待进一步提升。",
        "（二）改进措施。一是丰富政策解读形式，提高解读质量；二是加强业务培训，"
        "规范依申请公开办理流程和答复文书；三是加强对基层政务公开工作的指导。",
    ]
    other = [
        "依据《政府信息公开信息处理费管理办法》规定，本年度未收取信息处理费。",
        f"本年度{short}共收到人大代表建议{spec['proposals'][0]}件、政协委员提案{spec['proposals'][1]}件，"
        "均已按期办结，办理结果已按规定公开。",
    ]
    review_text = [
        f"{y}年，{short}因政府信息公开被申请行政复议{rv['review']['total']}件，"
        f"被提起行政诉讼{rv['litigation_direct']['total'] + rv['litigation_after_review']['total']}件。",
    ]
    return overview, problems, other, review_text


# The notice that set each form; its number (国办公开办函〔…〕…号) is the template's source in Specs/templates.json.
NOTICES = {"2021": "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》",
           "2019": "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》"}


def render_report(spec, v):
    ag, y = v["agency"], v["year"]
    title = f"{ag}{y}年政府信息公开工作年度报告"
    notice = f"{NOTICES[v['template']]}（{specs.TEMPLATES[v['template']]['source']}）"
    intro = (f"本报告根据《中华人民共和国政府信息公开条例》和{notice}要求编制，"
             f"由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
             f"存在的主要问题及改进情况、其他需要报告的事项等六部分组成。"
             f"报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"
             f"本报告电子版可在{spec['site']}查阅。如对本报告有疑问，请与{ag}办公室联系（联系人：{spec['contact']}，"
             f"电话：{spec['phone']}）。")
    overview, problems, other, review_text = report_texts(v, spec)
    head = {"utf8": '<meta charset="utf-8">',
            "gbk": '<meta charset="gbk">',
            "gb2312": '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
            "none": ""}[spec["declare"]]
    p = lambda t: f"<p>{esc(t)}</p>"  # noqa: E731
    sections = specs.section_titles()
    tables = [html_table(rows) for rows in layouts(v)]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
    ] + ([head] if head else []) + [
        f"<title>{esc(title)}</title>",
        "<style>td{border:1px solid #000;text-align:center;font-size:10.5pt}</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(title)}</h1>",
        p(intro),
        f"<h2>{sections[0]}</h2>",
    ] + [p(t) for t in overview] + [
        f"<h2>{sections[1]}</h2>",
        tables[0],
        f"<h2>{sections[2]}</h2>",
        tables[1],
        f"<h2>{sections[3]}</h2>",
        tables[2],
    ] + [p(t) for t in review_text] + [
        f"<h2>{sections[4]}</h2>",
    ] + [p(t) for t in problems] + [
        f"<h2>{sections[5]}</h2>",
    ] + [p(t) for t in other] + [
        f'<p style="text-align:right">{esc(ag)}</p>',
        f'<p style="text-align:right">{y + 1}年1月{spec["day"]}日</p>',
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


REPORTS = [
    # name, seed, template, agency, year, encoding, declaration, extra
    dict(name="report_2021", seed="qinghe-scjg-2024", template="2021", agency="青禾县市场监督管理局",
         short="县市场监管局", year=2024, encoding="utf-8", declare="utf8", site="青禾县人民政府门户网站",
         contact="李堃", phone="0391-5512306", published=486, trainings=3, proposals=(4, 2), day=16,
         doc="UTF-8, declared with <meta charset>; the base 2021-form page (also converted to DOCX and PDF)."),
    dict(name="report_2021_gbk", base="report_2021", encoding="gbk", declare="gbk",
         doc="the same page as report_2021.html, GBK bytes, declared <meta charset=\"gbk\">; "
             "contains 堃 (U+5803), which is in GBK but not in GB2312."),
    dict(name="report_2021_gb2312", seed="yunling-zrzy-2024", template="2021", agency="云岭市自然资源和规划局",
         short="市自然资源和规划局", year=2024, encoding="gb2312", declare="gb2312", site="云岭市人民政府门户网站",
         contact="王芳", phone="0871-6632510", published=1254, trainings=5, proposals=(11, 7), day=20,
         doc="other agency and values; pure GB2312 bytes, declared only by <meta http-equiv=\"Content-Type\" "
             "content=\"text/html; charset=gb2312\">."),
    dict(name="report_2021_undeclared_gbk", seed="shiqiao-town-2023", template="2021",
         agency="青禾县石桥镇人民政府", short="石桥镇人民政府", year=2023, encoding="gbk", declare="none",
         site="青禾县人民政府门户网站石桥镇专栏", contact="赵喆", phone="0391-5790012", published=137,
         trainings=2, proposals=(0, 0), day=12,
         doc="other values, year 2023; GBK bytes with NO charset declaration anywhere (a reader must detect it); "
             "contains 喆 (GBK only)."),
    dict(name="report_2019", seed="qinghe-jyj-2020", template="2019", agency="青禾县教育局", short="县教育局",
         year=2020, encoding="utf-8", declare="utf8", site="青禾县人民政府门户网站", contact="陈明",
         phone="0391-5523117", published=312, trainings=2, proposals=(6, 3), day=25,
         doc="2019 form (国办公开办函〔2019〕60号): one （六）其他处理 row, 三、本年度办理结果 spans 20 rows, "
             "23 application rows; the active table keeps the 2021 layout (the 2019 active table has no ids in "
             "template.md). Also converted to DOCX."),
]


def report_specs():
    by = {}
    for r in REPORTS:
        if "base" in r:
            s = dict(by[r["base"]])
            s.update(r)
        else:
            s = dict(r)
        by[r["name"]] = s
    return [by[r["name"]] for r in REPORTS]


def build_reports():
    outdir = SAMPLES / "reports"
    made = []
    for spec in report_specs():
        v = make_values(spec["seed"], spec["template"], spec["agency"], spec["year"])
        check_values(spec["name"], v)
        page = render_report(spec, v)
        data = page.encode(spec["encoding"])   # raises if a character is outside the encoding
        write_bytes(outdir / f"{spec['name']}.html", data)
        write_json(outdir / f"{spec['name']}.values.json", v)
        grids = [place_layout(rows) for rows in layouts(v)]
        for i, g in enumerate(grids):
            check_tiling(f"{spec['name']} table {i}", g)
        write_json(outdir / f"{spec['name']}.grid.json", {"tables": grids})
        compare_with_reference(spec["name"] + ".html", grids, reference_grid.html_tables(data))
        made.append((spec, v, grids))
    return made

# Markdown whose tables stay HTML, as PDF-to-Markdown tools and pandoc write merged cells: the
# page's headings and paragraphs as Markdown, each table as HTML (style "pandoc": one element a line,
# <thead>-less <tbody>, rows with class odd/even; style "mineru": the whole table on one line inside
# <html><body>).
MARKDOWN_HTML = [("report_2021", "pandoc"), ("report_2019", "mineru")]


def markdown_with_html_tables(page, style):
    body = re.search(r"<body>(.*)</body>", page, re.S).group(1)
    out = []
    for block in re.findall(r"<h[12]>.*?</h[12]>|<p[^>]*>.*?</p>|<table.*?</table>", body, re.S):
        if block.startswith("<table"):
            rows = re.findall(r"<tr>(.*?)</tr>", block, re.S)
            if style == "mineru":
                out.append("<html><body><table>" + "".join(f"<tr>{r}</tr>" for r in rows) + "</table></body></html>")
            else:
                lines = ["<table>", "<tbody>"]
                for k, r in enumerate(rows):
                    lines.append(f'<tr class="{"odd" if k % 2 == 0 else "even"}">')
                    lines += re.findall(r"<td[^>]*>.*?</td>", r, re.S)
                    lines.append("</tr>")
                out.append("\n".join(lines + ["</tbody>", "</table>"]))
        else:
            level = {"<h1": "# ", "<h2": "## "}.get(block[:3], "")
            text = html.unescape(re.sub(r"<[^>]+>", "", block))
            out.append(level + text)
    return "\n\n".join(out) + "\n"


def build_markdown_html(made):
    for spec, _, _ in made:
        for name, style in MARKDOWN_HTML:
            if spec["name"] == name:
                page = placed(SAMPLES / "reports" / f"{name}.html").read_text(encoding="utf-8")
                write_text(SAMPLES / "reports" / f"{name}.md-html.txt", markdown_with_html_tables(page, style))


def build_pdf_texts():
    """report_2021.pdf as pdfplumber and PyMuPDF read it (Scripts/pdf_text.py, in .build/pdf-tools)."""
    python = ROOT / ".build" / "pdf-tools" / "bin" / "python"
    pdf = placed(SAMPLES / "reports" / "report_2021.pdf")
    if not python.exists() or not pdf.exists():
        print("no .build/pdf-tools or report_2021.pdf: the pdfplumber/PyMuPDF samples are left as they are", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([str(python), str(ROOT / "Scripts" / "pdf_text.py"), tmp, str(pdf)], check=True)
        # pdf_text.py's outputs, each kept as a .txt sample (the reader finds Markdown from the content).
        for made in ("plumber.txt", "plumber-layout.txt", "mupdf.txt", "mupdf4llm.md"):
            kind = made.rsplit(".", 1)[0]
            write_bytes(SAMPLES / "reports" / f"report_2021.pdf-{kind}.txt", (Path(tmp) / f"{pdf.stem}.{made}").read_bytes())


# --------------------------------------------------------------------------- LibreOffice step

SOFFICE_PROFILE = "file:///tmp/lo-profile-nianbao"
# The command that produced DOCX with real merges (w:gridSpan, w:vMerge restart/continue):
#   soffice -env:UserInstallation=file:///tmp/lo-profile-nianbao --headless \
#     --infilter="HTML (StarWriter)" --convert-to docx:"MS Word 2007 XML" --outdir OUT report.html
OFFICE_DOCX = ["report_2021", "report_2019"]
OFFICE_PDF = ["report_2021"]


def soffice(args, outdir):
    cmd = ["soffice", f"-env:UserInstallation={SOFFICE_PROFILE}", "--headless"] + args + ["--outdir", str(outdir)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)


def docx_merge_stats(path):
    with zipfile.ZipFile(path) as z:
        x = z.read(reference_grid.docx_main_part(z)).decode("utf-8")
    return {"gridSpan": x.count("<w:gridSpan "), "vMerge_restart": x.count('<w:vMerge w:val="restart"/>'),
            "vMerge_continue": x.count('<w:vMerge w:val="continue"/>') + x.count("<w:vMerge/>"),
            "gridBefore": x.count("<w:gridBefore "), "gridAfter": x.count("<w:gridAfter ")}


def docx_matches(path, grids):
    try:
        return reference_grid.docx_tables(str(path)) == grids
    except Exception:
        return False


def build_office(made, mode):
    """mode: 'auto' (make missing or stale files), 'force', 'skip'."""
    if mode == "skip":
        return
    if shutil.which("soffice") is None:
        print("soffice not found: DOCX/PDF report samples left as they are", file=sys.stderr)
        return
    outdir = SAMPLES / "reports"
    grids = {spec["name"]: g for spec, _, g in made}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name in OFFICE_DOCX:
            target = placed(outdir / f"{name}.docx")
            fresh = False
            if mode == "force" or not docx_matches(target, grids[name]):
                src = placed(outdir / f"{name}.html")
                soffice(["--infilter=HTML (StarWriter)", "--convert-to", "docx:MS Word 2007 XML", str(src)], tmp)
                if not docx_matches(tmp / f"{name}.docx", grids[name]):
                    # fallback path: HTML -> ODT -> DOCX
                    soffice(["--infilter=HTML (StarWriter)", "--convert-to", "odt", str(src)], tmp)
                    soffice(["--convert-to", "docx:MS Word 2007 XML", str(tmp / f"{name}.odt")], tmp)
                write_bytes(outdir / f"{name}.docx", (tmp / f"{name}.docx").read_bytes())
                fresh = True
            stats = docx_merge_stats(target)
            print(f"{name}.docx: {stats}")
            if not docx_matches(target, grids[name]):
                fail(f"{name}.docx: tables differ from {name}.grid.json (merges lost?)")
            if stats["gridSpan"] == 0 or stats["vMerge_restart"] == 0 or stats["vMerge_continue"] == 0:
                fail(f"{name}.docx: no gridSpan/vMerge in word/document.xml")
            if name in OFFICE_PDF and (fresh or not placed(outdir / f"{name}.pdf").exists()):
                soffice(["--convert-to", "pdf", str(target)], tmp)
                write_bytes(outdir / f"{name}.pdf", (tmp / f"{name}.pdf").read_bytes())

# =========================================================================== HTML fixtures

def page(body, title, head='<meta charset="utf-8">'):
    head = (head + "\n") if head else ""
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n" + head + f"<title>{title}</title>\n</head>\n"
            "<body>\n" + body.strip("\n") + "\n</body>\n</html>\n")


NOTE = specs.table("applications", "2021")["corner"]

HTML_FIXTURES = [
    dict(name="colspan_simple",
         doc="colspan=2 and colspan=2 at the row end; nothing else.",
         html=page("""
<table border="1">
<tr><td colspan="2">信息内容</td><td>本年制发件数</td></tr>
<tr><td>规章</td><td>甲</td><td>3</td></tr>
<tr><td>行政规范性文件</td><td colspan="2">12</td></tr>
</table>""", "colspan"),
         tables=[T(3, 3, [
             (0, 0, 1, 2, "信息内容"), (0, 2, 1, 1, "本年制发件数"),
             (1, 0, 1, 1, "规章"), (1, 1, 1, 1, "甲"), (1, 2, 1, 1, "3"),
             (2, 0, 1, 1, "行政规范性文件"), (2, 1, 1, 2, "12")])]),

    dict(name="rowspan_simple",
         doc="rowspan=2 in the first column; the next row starts in column 1.",
         html=page("""
<table border="1">
<tr><td rowspan="2">第二十条第（六）项</td><td>行政处罚</td><td>15</td></tr>
<tr><td>行政强制</td><td>2</td></tr>
<tr><td>第二十条第（八）项</td><td>行政事业性收费</td><td>1.50</td></tr>
</table>""", "rowspan"),
         tables=[T(3, 3, [
             (0, 0, 2, 1, "第二十条第（六）项"), (0, 1, 1, 1, "行政处罚"), (0, 2, 1, 1, "15"),
             (1, 1, 1, 1, "行政强制"), (1, 2, 1, 1, "2"),
             (2, 0, 1, 1, "第二十条第（八）项"), (2, 1, 1, 1, "行政事业性收费"), (2, 2, 1, 1, "1.50")])]),

    dict(name="rowspan_colspan",
         doc="rowspan and colspan on one cell (3x2 corner, like the applications table header), "
             "nested header spans and a row-group label spanning two rows.",
         html=page(f"""
<table border="1">
<tr><td rowspan="3" colspan="2">{NOTE}</td><td colspan="4">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="2">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td></tr>
<tr><td colspan="2">一、本年新收政府信息公开申请数量</td><td>5</td><td>1</td><td>0</td><td>6</td></tr>
<tr><td rowspan="2">三、本年度办理结果</td><td>（一）予以公开</td><td>3</td><td>1</td><td>0</td><td>4</td></tr>
<tr><td>（二）部分公开</td><td>2</td><td>0</td><td>0</td><td>2</td></tr>
</table>""", "rowspan+colspan"),
         tables=[T(6, 6, [
             (0, 0, 3, 2, NOTE), (0, 2, 1, 4, "申请人情况"),
             (1, 2, 2, 1, "自然人"), (1, 3, 1, 2, "法人或其他组织"), (1, 5, 2, 1, "总计"),
             (2, 3, 1, 1, "商业企业"), (2, 4, 1, 1, "科研机构"),
             (3, 0, 1, 2, "一、本年新收政府信息公开申请数量"), (3, 2, 1, 1, "5"), (3, 3, 1, 1, "1"),
             (3, 4, 1, 1, "0"), (3, 5, 1, 1, "6"),
             (4, 0, 2, 1, "三、本年度办理结果"), (4, 1, 1, 1, "（一）予以公开"), (4, 2, 1, 1, "3"),
             (4, 3, 1, 1, "1"), (4, 4, 1, 1, "0"), (4, 5, 1, 1, "4"),
             (5, 1, 1, 1, "（二）部分公开"), (5, 2, 1, 1, "2"), (5, 3, 1, 1, "0"), (5, 4, 1, 1, "0"),
             (5, 5, 1, 1, "2")])]),

    dict(name="rowspan_zero",
         doc="rowspan=\"0\" runs to the end of its row group: an explicit tbody followed by another tbody "
             "(3 rows, not 4), and the implicit tbody of a table without sections (to the last row).",
         html=page("""
<table border="1">
<thead><tr><th>项目</th><th>数量</th></tr></thead>
<tbody>
<tr><td rowspan="0">行政处罚</td><td>1</td></tr>
<tr><td>2</td></tr>
<tr><td>3</td></tr>
</tbody>
<tbody>
<tr><td>合计</td><td>6</td></tr>
</tbody>
</table>
<table border="1">
<tr><td>A</td><td rowspan="0">B</td></tr>
<tr><td>C</td></tr>
<tr><td>D</td></tr>
</table>""", "rowspan=0"),
         tables=[T(5, 2, [
             (0, 0, 1, 1, "项目"), (0, 1, 1, 1, "数量"),
             (1, 0, 3, 1, "行政处罚"), (1, 1, 1, 1, "1"),
             (2, 1, 1, 1, "2"),
             (3, 1, 1, 1, "3"),
             (4, 0, 1, 1, "合计"), (4, 1, 1, 1, "6")]),
             T(3, 2, [
                 (0, 0, 1, 1, "A"), (0, 1, 3, 1, "B"),
                 (1, 0, 1, 1, "C"),
                 (2, 0, 1, 1, "D")])]),

    dict(name="rowspan_past_end",
         doc="rowspan=5 in a 3-row table is cut to 3; a rowspan=3 on the last row is cut to 1 and, since "
             "column 1 is still covered there, lands in column 2 (fillers above it).",
         html=page("""
<table border="1">
<tr><td>A</td><td rowspan="5">B</td></tr>
<tr><td>C</td></tr>
<tr><td>D</td><td rowspan="3">E</td></tr>
</table>""", "rowspan past end"),
         tables=[T(3, 3, [
             (0, 0, 1, 1, "A"), (0, 1, 3, 1, "B"), F(0, 2),
             (1, 0, 1, 1, "C"), F(1, 2),
             (2, 0, 1, 1, "D"), (2, 2, 1, 1, "E")])]),

    dict(name="colspan_past_width",
         doc="a colspan=4 row in a 2-column table widens the table to 4 columns; shorter rows get fillers.",
         html=page("""
<table border="1">
<tr><td>A</td><td>B</td></tr>
<tr><td colspan="4">C</td></tr>
<tr><td>D</td><td colspan="2">E</td></tr>
</table>""", "colspan past width"),
         tables=[T(3, 4, [
             (0, 0, 1, 1, "A"), (0, 1, 1, 1, "B"), F(0, 2), F(0, 3),
             (1, 0, 1, 4, "C"),
             (2, 0, 1, 1, "D"), (2, 1, 1, 2, "E"), F(2, 3)])]),

    dict(name="overlap",
         doc="overlapping cells. Positions follow the HTML table model exactly (the column cursor advances by "
             "the NOMINAL colspan, and a later row skips every slot an earlier cell nominally covers); the later "
             "cell is then cut to the free rectangle at its anchor. Table 1: D colspan=3 runs into B's rowspan, "
             "is cut to 1 column, E lands in column 3, slot (1,2) is a filler. Table 2: D colspan=3 rowspan=2 "
             "is cut to 1x2; in row 2 the slots nominally covered by D are skipped too, so F lands in column 3 "
             "and (2,2) is a filler (what browsers do: they draw D over B).",
         html=page("""
<table border="1">
<tr><td>A</td><td rowspan="2">B</td><td>C</td></tr>
<tr><td colspan="3">D</td><td>E</td></tr>
</table>
<table border="1">
<tr><td>A</td><td rowspan="3">B</td><td>C</td></tr>
<tr><td colspan="3" rowspan="2">D</td><td>E</td></tr>
<tr><td>F</td></tr>
</table>""", "overlap"),
         tables=[T(2, 4, [
             (0, 0, 1, 1, "A"), (0, 1, 2, 1, "B"), (0, 2, 1, 1, "C"), F(0, 3),
             (1, 0, 1, 1, "D"), F(1, 2), (1, 3, 1, 1, "E")]),
             T(3, 4, [
                 (0, 0, 1, 1, "A"), (0, 1, 3, 1, "B"), (0, 2, 1, 1, "C"), F(0, 3),
                 (1, 0, 2, 1, "D"), F(1, 2), (1, 3, 1, 1, "E"),
                 F(2, 2), (2, 3, 1, 1, "F")])]),

    dict(name="ragged_rows",
         doc="rows of 3, 1, 4 and 2 cells: 4 columns, fillers at the end of the short rows.",
         html=page("""
<table border="1">
<tr><td>1</td><td>2</td><td>3</td></tr>
<tr><td>4</td></tr>
<tr><td>5</td><td>6</td><td>7</td><td>8</td></tr>
<tr><td>9</td><td>10</td></tr>
</table>""", "ragged rows"),
         tables=[T(4, 4, [
             (0, 0, 1, 1, "1"), (0, 1, 1, 1, "2"), (0, 2, 1, 1, "3"), F(0, 3),
             (1, 0, 1, 1, "4"), F(1, 1), F(1, 2), F(1, 3),
             (2, 0, 1, 1, "5"), (2, 1, 1, 1, "6"), (2, 2, 1, 1, "7"), (2, 3, 1, 1, "8"),
             (3, 0, 1, 1, "9"), (3, 1, 1, 1, "10"), F(3, 2), F(3, 3)])]),

    dict(name="sections_th",
         doc="th and td, thead/tbody/tfoot: a th rowspan=3 in a 2-row thead is cut to 2, a th rowspan=4 in a "
             "2-row tbody is cut to 2; th counts like td.",
         html=page("""
<table border="1">
<thead>
<tr><th rowspan="3">项目</th><th colspan="2">数量</th></tr>
<tr><th>本年</th><th>上年</th></tr>
</thead>
<tbody>
<tr><th rowspan="4">行政许可</th><td>12</td><td>9</td></tr>
<tr><td>3</td><td>4</td></tr>
</tbody>
<tfoot>
<tr><th>合计</th><td>15</td><td>13</td></tr>
</tfoot>
</table>""", "sections"),
         tables=[T(5, 3, [
             (0, 0, 2, 1, "项目"), (0, 1, 1, 2, "数量"),
             (1, 1, 1, 1, "本年"), (1, 2, 1, 1, "上年"),
             (2, 0, 2, 1, "行政许可"), (2, 1, 1, 1, "12"), (2, 2, 1, 1, "9"),
             (3, 1, 1, 1, "3"), (3, 2, 1, 1, "4"),
             (4, 0, 1, 1, "合计"), (4, 1, 1, 1, "15"), (4, 2, 1, 1, "13")])]),

    dict(name="tfoot_first",
         doc="a tfoot written before the tbody (HTML4 order) still gives the LAST rows: the WHATWG table "
             "model processes tfoot elements after all other row groups, and browsers render it at the bottom.",
         html=page("""
<table border="1">
<thead><tr><th>项目</th><th>件数</th></tr></thead>
<tfoot><tr><td>合计</td><td>7</td></tr></tfoot>
<tbody>
<tr><td>行政处罚</td><td>5</td></tr>
<tr><td>行政强制</td><td>2</td></tr>
</tbody>
</table>""", "tfoot first"),
         tables=[T(4, 2, [
             (0, 0, 1, 1, "项目"), (0, 1, 1, 1, "件数"),
             (1, 0, 1, 1, "行政处罚"), (1, 1, 1, 1, "5"),
             (2, 0, 1, 1, "行政强制"), (2, 1, 1, 1, "2"),
             (3, 0, 1, 1, "合计"), (3, 1, 1, 1, "7")])]),

    dict(name="caption_colgroup",
         doc="caption text is not a cell; <colgroup><col span=5> does not widen the grid (2 columns).",
         html=page("""
<table border="1">
<caption>表1 第二十条第（五）项</caption>
<colgroup><col span="5"></colgroup>
<tr><th>信息内容</th><th>本年处理决定数量</th></tr>
<tr><td>行政许可</td><td>268</td></tr>
</table>""", "caption"),
         tables=[T(2, 2, [
             (0, 0, 1, 1, "信息内容"), (0, 1, 1, 1, "本年处理决定数量"),
             (1, 0, 1, 1, "行政许可"), (1, 1, 1, 1, "268")])]),

    dict(name="nested_table",
         doc="tables nested two deep: listed in document (pre-)order, each right after its parent's start; "
             "a nested table's text is not in the parent cell, and it separates lines (外层乙\\n尾注).",
         html=page("""
<table border="1">
<tr><td>外层甲</td><td>外层乙
<table border="1">
<tr><td>内一</td><td>内二
<table border="1"><tr><td>最内</td></tr></table>
</td></tr>
<tr><td colspan="2">内三</td></tr>
</table>
尾注</td></tr>
<tr><td>外层丙</td><td><table border="1"><tr><td>另一内表</td></tr></table></td></tr>
</table>
<p>正文</p>
<table border="1"><tr><td>第二个外层表</td></tr></table>""", "nested"),
         tables=[T(2, 2, [
             (0, 0, 1, 1, "外层甲"), (0, 1, 1, 1, "外层乙\n尾注"),
             (1, 0, 1, 1, "外层丙"), (1, 1, 1, 1, "")]),
             T(2, 2, [(0, 0, 1, 1, "内一"), (0, 1, 1, 1, "内二"), (1, 0, 1, 2, "内三")]),
             T(1, 1, [(0, 0, 1, 1, "最内")]),
             T(1, 1, [(0, 0, 1, 1, "另一内表")]),
             T(1, 1, [(0, 0, 1, 1, "第二个外层表")])]),

    dict(name="br_p",
         doc="line breaks in cells: <br> is \"\\n\" (two <br> give an empty line); p/div boundaries give one "
             "\"\\n\" between texts, never an empty line; each line is trimmed and inner whitespace "
             "collapses; a cell of only spaces and <br> is empty after trimming.",
         html=page("""
<table border="1">
<tr><td>第一行<br>第二行</td><td><p>第一段</p><p>第二段</p></td></tr>
<tr><td>前<br><br>后</td><td><div>甲</div>乙<span>丙</span></td></tr>
<tr><td><p>段落<br>换行</p>尾</td><td>  <br>  只有换行  <br>  </td></tr>
<tr><td>
    <p>
      缩进的
      段落
    </p>
  </td><td>a<br/>b</td></tr>
</table>""", "br and p"),
         tables=[T(4, 2, [
             (0, 0, 1, 1, "第一行\n第二行"), (0, 1, 1, 1, "第一段\n第二段"),
             (1, 0, 1, 1, "前\n\n后"), (1, 1, 1, 1, "甲\n乙丙"),
             (2, 0, 1, 1, "段落\n换行\n尾"), (2, 1, 1, 1, "只有换行"),
             (3, 0, 1, 1, "缩进的 段落"), (3, 1, 1, 1, "a\nb")])]),

    dict(name="script_style",
         doc="script and style (in head, before, inside and between rows of the table, inside cells) are "
             "dropped with their content, even when that content looks like a table.",
         html=page("""
<script>document.write("<table><tr><td>也是假的</td></tr></table>");</script>
<table border="1">
<style>.x { color: blue }</style>
<tr><td>甲<script>var a = "<td>假</td>";</script></td><td><style>b { }</style>乙</td></tr>
<script>var b = 2;</script>
<tr><td>丙</td><td>丁</td></tr>
</table>""", "script and style", head='<meta charset="utf-8">\n'
                                       '<style>td { color: red } /* <td>假</td> */</style>\n'
                                       '<script>var s = "<table><tr><td>假</td></tr></table>";</script>'),
         tables=[T(2, 2, [
             (0, 0, 1, 1, "甲"), (0, 1, 1, 1, "乙"),
             (1, 0, 1, 1, "丙"), (1, 1, 1, 1, "丁")])]),

    dict(name="tag_soup",
         doc="uppercase tags and unquoted attributes, unclosed td/tr, a stray </td>, <p> left open in a cell, "
             "no tbody, a table closed by </table> with its cell and row open.",
         html="""<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=utf-8">
<TITLE>标签汤</TITLE></HEAD>
<BODY>
<TABLE BORDER=1 CELLSPACING=0>
<TR><TD>甲<TD>乙
<TR><TD>丙</TD></TD><TD>丁
<TR><TD><P>段<TD ROWSPAN=2>跨行
<TR><TD>戊
</TABLE>
<table border=1><tr><td>A<td>B</tr></td><tr><td colspan=2>C</table>
</BODY></HTML>
""",
         tables=[T(4, 2, [
             (0, 0, 1, 1, "甲"), (0, 1, 1, 1, "乙"),
             (1, 0, 1, 1, "丙"), (1, 1, 1, 1, "丁"),
             (2, 0, 1, 1, "段"), (2, 1, 2, 1, "跨行"),
             (3, 0, 1, 1, "戊")]),
             T(2, 2, [(0, 0, 1, 1, "A"), (0, 1, 1, 1, "B"), (1, 0, 1, 2, "C")])]),

    dict(name="empty_tr",
         doc="an empty <tr> is a row of fillers (also as the last row); a rowspan passes through an empty row.",
         html=page("""
<table border="1">
<tr><td>甲</td><td>乙</td></tr>
<tr></tr>
<tr><td>丙</td><td>丁</td></tr>
<tr></tr>
</table>
<table border="1">
<tr><td rowspan="3">A</td><td>B</td></tr>
<tr></tr>
<tr><td>C</td></tr>
</table>""", "empty tr"),
         tables=[T(4, 2, [
             (0, 0, 1, 1, "甲"), (0, 1, 1, 1, "乙"),
             F(1, 0), F(1, 1),
             (2, 0, 1, 1, "丙"), (2, 1, 1, 1, "丁"),
             F(3, 0), F(3, 1)]),
             T(3, 2, [(0, 0, 3, 1, "A"), (0, 1, 1, 1, "B"), F(1, 1), (2, 1, 1, 1, "C")])]),

    dict(name="whitespace_nbsp",
         doc="whitespace: runs of spaces, tabs, newlines AND no-break spaces (&nbsp; &#160; &#xa0;) collapse to "
             "one space and are trimmed; a cell holding only &nbsp; is empty (convention: U+00A0 is whitespace).",
         html=page("""
<table border="1">
<tr><td>  甲  </td><td>&nbsp;</td><td>
      多行
      文本
    </td></tr>
<tr><td>a&nbsp;&nbsp;b</td><td>&nbsp;&nbsp;12&nbsp;</td><td>c  \t  d</td></tr>
<tr><td><span> 前 </span><span> 后 </span></td><td>&#160;</td><td>x&#xa0;</td></tr>
</table>""", "whitespace"),
         tables=[T(3, 3, [
             (0, 0, 1, 1, "甲"), (0, 1, 1, 1, ""), (0, 2, 1, 1, "多行 文本"),
             (1, 0, 1, 1, "a b"), (1, 1, 1, 1, "12"), (1, 2, 1, 1, "c d"),
             (2, 0, 1, 1, "前 后"), (2, 1, 1, 1, ""), (2, 2, 1, 1, "x")])]),

    dict(name="span_attr_parsing",
         doc="span attributes by the HTML rules for parsing non-negative integers: colspan \"0\" and \"abc\" "
             "give 1, \" 2x\" gives 2, rowspan \"-1\" gives 1, rowspan \"2.7\" gives 2.",
         html=page("""
<table border="1">
<tr><td colspan="0">a</td><td colspan="abc">b</td><td colspan=" 2x">c</td></tr>
<tr><td rowspan="-1">d</td><td rowspan="2.7">e</td><td colspan="2">f</td></tr>
<tr><td>g</td><td>h</td><td>i</td></tr>
</table>""", "span attributes"),
         tables=[T(3, 4, [
             (0, 0, 1, 1, "a"), (0, 1, 1, 1, "b"), (0, 2, 1, 2, "c"),
             (1, 0, 1, 1, "d"), (1, 1, 2, 1, "e"), (1, 2, 1, 2, "f"),
             (2, 0, 1, 1, "g"), (2, 2, 1, 1, "h"), (2, 3, 1, 1, "i")])]),

    dict(name="gbk_meta", encoding="gbk",
         doc="GBK bytes declared by <meta charset=\"gbk\">; 堃 is a GBK-only character (not in GB2312).",
         html=page("""
<table border="1">
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>1</td><td>0</td><td>4</td></tr>
<tr><td>行政规范性文件</td><td>7</td><td>2</td><td>31</td></tr>
<tr><td>填报人</td><td colspan="3">李堃</td></tr>
</table>""", "GBK 页面", head='<meta charset="gbk">'),
         tables=[T(5, 4, [
             (0, 0, 1, 4, "第二十条第（一）项"),
             (1, 0, 1, 1, "信息内容"), (1, 1, 1, 1, "本年制发件数"), (1, 2, 1, 1, "本年废止件数"),
             (1, 3, 1, 1, "现行有效件数"),
             (2, 0, 1, 1, "规章"), (2, 1, 1, 1, "1"), (2, 2, 1, 1, "0"), (2, 3, 1, 1, "4"),
             (3, 0, 1, 1, "行政规范性文件"), (3, 1, 1, 1, "7"), (3, 2, 1, 1, "2"), (3, 3, 1, 1, "31"),
             (4, 0, 1, 1, "填报人"), (4, 1, 1, 3, "李堃")])]),

    dict(name="gb2312_http_equiv", encoding="gb2312",
         doc="pure GB2312 bytes declared only by <meta http-equiv=\"Content-Type\" content=\"text/html; "
             "charset=gb2312\">.",
         html=page("""
<table border="1">
<tr><td colspan="2">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td>本年处理决定数量</td></tr>
<tr><td>行政处罚</td><td>126</td></tr>
<tr><td>行政强制</td><td>9</td></tr>
</table>""", "GB2312 页面",
                   head='<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'),
         tables=[T(4, 2, [
             (0, 0, 1, 2, "第二十条第（六）项"),
             (1, 0, 1, 1, "信息内容"), (1, 1, 1, 1, "本年处理决定数量"),
             (2, 0, 1, 1, "行政处罚"), (2, 1, 1, 1, "126"),
             (3, 0, 1, 1, "行政强制"), (3, 1, 1, 1, "9")])]),

    dict(name="gb2312_label_gbk_bytes", encoding="gbk",
         doc="declared gb2312 (http-equiv) but holding 喆, a GBK-only character, as many real pages do; "
             "the WHATWG Encoding Standard maps the label gb2312 to the GBK decoder, so it must decode.",
         html=page("""
<table border="1">
<tr><td>信息内容</td><td>本年收费金额（单位：万元）</td></tr>
<tr><td>行政事业性收费</td><td>3.60</td></tr>
<tr><td>填报人</td><td>赵喆</td></tr>
</table>""", "GB2312 标签", head='<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'),
         tables=[T(3, 2, [
             (0, 0, 1, 1, "信息内容"), (0, 1, 1, 1, "本年收费金额（单位：万元）"),
             (1, 0, 1, 1, "行政事业性收费"), (1, 1, 1, 1, "3.60"),
             (2, 0, 1, 1, "填报人"), (2, 1, 1, 1, "赵喆")])]),

    dict(name="gbk_undeclared", encoding="gbk",
         doc="GBK bytes with no BOM and no charset declaration (not even in the title): not valid UTF-8, so a "
             "reader must detect GBK/GB18030 (convention: undeclared and not UTF-8 -> GB18030, not windows-1252).",
         html=page("""
<p>三、收到和处理政府信息公开申请情况</p>
<table border="1">
<tr><td>一、本年新收政府信息公开申请数量</td><td>12</td></tr>
<tr><td>二、上年结转政府信息公开申请数量</td><td>1</td></tr>
<tr><td>（七）总计</td><td>11</td></tr>
<tr><td>四、结转下年度继续办理</td><td>2</td></tr>
</table>""", "未声明编码", head=""),
         tables=[T(4, 2, [
             (0, 0, 1, 1, "一、本年新收政府信息公开申请数量"), (0, 1, 1, 1, "12"),
             (1, 0, 1, 1, "二、上年结转政府信息公开申请数量"), (1, 1, 1, 1, "1"),
             (2, 0, 1, 1, "（七）总计"), (2, 1, 1, 1, "11"),
             (3, 0, 1, 1, "四、结转下年度继续办理"), (3, 1, 1, 1, "2")])]),

    dict(name="utf8_bom", encoding="utf-8", bom=True,
         doc="UTF-8 with a byte-order mark and no declaration; the BOM is not part of any text.",
         html=page("""
<table border="1">
<tr><td>行政复议</td><td>结果维持</td><td>1</td></tr>
<tr><td>行政诉讼</td><td>尚未审结</td><td>2</td></tr>
</table>""", "带BOM的UTF-8", head=""),
         tables=[T(2, 3, [
             (0, 0, 1, 1, "行政复议"), (0, 1, 1, 1, "结果维持"), (0, 2, 1, 1, "1"),
             (1, 0, 1, 1, "行政诉讼"), (1, 1, 1, 1, "尚未审结"), (1, 2, 1, 1, "2")])]),

    dict(name="utf8_bom_meta_gbk", encoding="utf-8", bom=True,
         doc="UTF-8 with a BOM but a stale <meta charset=\"gbk\">: the BOM wins (WHATWG encoding sniffing).",
         html=page("""
<table border="1">
<tr><td>结果纠正</td><td>其他结果</td></tr>
<tr><td>3</td><td>0</td></tr>
</table>""", "BOM优先", head='<meta charset="gbk">'),
         tables=[T(2, 2, [
             (0, 0, 1, 1, "结果纠正"), (0, 1, 1, 1, "其他结果"),
             (1, 0, 1, 1, "3"), (1, 1, 1, 1, "0")])]),
]


def build_html_fixtures():
    outdir = SAMPLES / "fixtures" / "html"
    for fx in HTML_FIXTURES:
        name = fx["name"]
        data = fx["html"].encode(fx.get("encoding", "utf-8"))
        if fx.get("bom"):
            data = b"\xef\xbb\xbf" + data
        if fx.get("encoding", "utf-8") != "utf-8":
            try:
                data.decode("utf-8")
                fail(f"{name}: bytes are valid UTF-8, the encoding test would prove nothing")
            except UnicodeDecodeError:
                pass
        write_bytes(outdir / f"{name}.html", data)
        for i, t in enumerate(fx["tables"]):
            check_tiling(f"html/{name} table {i}", t)
        write_json(outdir / f"{name}.grid.json", {"tables": fx["tables"]})
        compare_with_reference(f"html/{name}", fx["tables"], reference_grid.html_tables(data))

# =========================================================================== DOCX fixtures

W_TRANS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
R_TRANS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
R_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships"
REL_TYPES = {
    False: {"doc": R_TRANS + "/officeDocument", "styles": R_TRANS + "/styles", "link": R_TRANS + "/hyperlink"},
    True: {"doc": R_STRICT + "/officeDocument", "styles": R_STRICT + "/styles", "link": R_STRICT + "/hyperlink"},
}
CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
SECT = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" w:header="851" w:footer="992" w:gutter="0"/>'
        '</w:sectPr>')


def x(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def R(text):
    return f'<w:r><w:t xml:space="preserve">{x(text)}</w:t></w:r>'


TAB = "<w:r><w:tab/></w:r>"
BR = "<w:r><w:br/></w:r>"
CR = "<w:r><w:cr/></w:r>"


def P(*parts, style=None, outline=None, ppr_extra=""):
    runs = "".join(R(p) if not p.startswith("<") else p for p in parts)
    ppr = ""
    if style or outline is not None or ppr_extra:
        ppr = ("<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "")
               + (f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else "") + ppr_extra + "</w:pPr>")
    return f"<w:p>{ppr}{runs}</w:p>"


def TC(content="", span=None, vm=None, hm=None, width=1800):
    """content: str (one paragraph) or list of block xml strings; vm/hm: 'restart', 'continue' or True (no val)."""
    if isinstance(content, str):
        content = [P(content) if content else "<w:p/>"]
    pr = f'<w:tcW w:w="{width * (span or 1)}" w:type="dxa"/>'
    if span:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if hm:
        pr += "<w:hMerge/>" if hm is True else f'<w:hMerge w:val="{hm}"/>'
    if vm:
        pr += "<w:vMerge/>" if vm is True else f'<w:vMerge w:val="{vm}"/>'
    body = "".join(content)
    if not body.rstrip().endswith("</w:p>") and not body.endswith("<w:p/>"):
        body += "<w:p/>"          # a cell must end with a paragraph
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{body}</w:tc>"


def TR(*cells, before=0, after=0):
    pr = ""
    if before or after:
        pr = ("<w:trPr>" + (f'<w:gridBefore w:val="{before}"/>' if before else "")
              + (f'<w:gridAfter w:val="{after}"/>' if after else "")
              + (f'<w:wBefore w:w="{1800 * before}" w:type="dxa"/>' if before else "")
              + (f'<w:wAfter w:w="{1800 * after}" w:type="dxa"/>' if after else "") + "</w:trPr>")
    return "<w:tr>" + pr + "".join(c if c.startswith("<") else TC(c) for c in cells) + "</w:tr>"


def TBL(ncols, *rows):
    borders = "".join(f'<w:{b} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for b in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join('<w:gridCol w:w="1800"/>' for _ in range(ncols))
    return (f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>{borders}</w:tblBorders>'
            f'<w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>' + "".join(rows) + "</w:tbl>")


def INS(text, i=1):
    return f'<w:ins w:id="{i}" w:author="审核人" w:date="2025-01-10T09:00:00Z">{R(text)}</w:ins>'


def DEL(text, i=2):
    return (f'<w:del w:id="{i}" w:author="审核人" w:date="2025-01-10T09:00:00Z">'
            f'<w:r><w:delText xml:space="preserve">{x(text)}</w:delText></w:r></w:del>')


def SDT_RUN(text, alias="年度"):
    return (f'<w:sdt><w:sdtPr><w:alias w:val="{alias}"/><w:tag w:val="{alias}"/><w:id w:val="101"/>'
            f'<w:text/></w:sdtPr><w:sdtContent>{R(text)}</w:sdtContent></w:sdt>')


def SDT_BLOCK(inner, alias="内容控件", i=201):
    return (f'<w:sdt><w:sdtPr><w:alias w:val="{alias}"/><w:tag w:val="{alias}"/><w:id w:val="{i}"/></w:sdtPr>'
            f'<w:sdtContent>{inner}</w:sdtContent></w:sdt>')


def FLD_SIMPLE(instr, result):
    return f'<w:fldSimple w:instr="{x(instr)}">{R(result)}</w:fldSimple>'


def FLD(instrs, result=None):
    out = '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    for ins in instrs:
        out += f'<w:r><w:instrText xml:space="preserve">{x(ins)}</w:instrText></w:r>'
    if result is not None:
        out += '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + R(result)
    return out + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def LINK(text, rid=None, anchor=None):
    attr = f' r:id="{rid}"' if rid else f' w:anchor="{anchor}"'
    return f'<w:hyperlink{attr} w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>' \
           f'<w:t xml:space="preserve">{x(text)}</w:t></w:r></w:hyperlink>'


def ALT(choice, fallback):
    return ('<mc:AlternateContent><mc:Choice Requires="w14">' + R(choice) + "</mc:Choice>"
            "<mc:Fallback>" + R(fallback) + "</mc:Fallback></mc:AlternateContent>")


STYLES_HEADINGS = """<w:styles xmlns:w="{w}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体" w:hAnsi="Times New Roman"/><w:sz w:val="21"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="44"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="Heading 2"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:rPr><w:rFonts w:eastAsia="黑体"/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:rPr><w:rFonts w:eastAsia="楷体"/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="报告小标题"/><w:basedOn w:val="a"/><w:qFormat/><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="a6"><w:name w:val="正文缩进"/><w:basedOn w:val="a"/><w:pPr><w:ind w:firstLineChars="200" w:firstLine="420"/></w:pPr></w:style>
<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>
</w:styles>
"""

STYLES_SIMPLE = """<w:styles xmlns:w="{w}">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>
</w:styles>
"""


def make_docx(body, styles=None, strict=False, main="word/document.xml", links=()):
    """Minimal valid package: [Content_Types].xml, _rels/.rels, the main part, its rels, styles."""
    w = W_STRICT if strict else W_TRANS
    r = R_STRICT if strict else R_TRANS
    types = REL_TYPES[strict]
    main_dir, main_name = main.rsplit("/", 1)
    doc = (XML_DECL + f'<w:document xmlns:w="{w}" xmlns:r="{r}" '
           'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
           'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"'
           + (' w:conformance="strict"' if strict else "") + f"><w:body>{body}{SECT}</w:body></w:document>")
    ct = (XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          f'<Override PartName="/{main}" ContentType="{CT_MAIN}"/>'
          + (f'<Override PartName="/{main_dir}/styles.xml" ContentType="{CT_STYLES}"/>' if styles else "")
          + "</Types>")
    pkg_rels = (XML_DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{types["doc"]}" Target="{main}"/></Relationships>')
    rels = [f'<Relationship Id="rId1" Type="{types["styles"]}" Target="styles.xml"/>'] if styles else []
    for rid, url in links:
        rels.append(f'<Relationship Id="{rid}" Type="{types["link"]}" Target="{x(url)}" TargetMode="External"/>')
    parts = [("[Content_Types].xml", ct), ("_rels/.rels", pkg_rels), (main, doc)]
    if rels:
        parts.append((f"{main_dir}/_rels/{main_name}.rels",
                      XML_DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                      + "".join(rels) + "</Relationships>"))
    if styles:
        parts.append((f"{main_dir}/styles.xml", XML_DECL + styles.format(w=w)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def para(t):
    return {"type": "paragraph", "text": t}


def head(level, t):
    return {"type": "heading", "level": level, "text": t}


TABLE = {"type": "table"}

DOCX_FIXTURES = [
    dict(name="gridspan",
         doc="w:gridSpan=2 and =3 (a whole row).",
         body=P("表一 横向合并") + TBL(3,
             TR(TC("合并标题", span=2), "丙"),
             TR("1", "2", "3"),
             TR(TC("合计", span=3))),
         tables=[T(3, 3, [
             (0, 0, 1, 2, "合并标题"), (0, 2, 1, 1, "丙"),
             (1, 0, 1, 1, "1"), (1, 1, 1, 1, "2"), (1, 2, 1, 1, "3"),
             (2, 0, 1, 3, "合计")])],
         blocks=[para("表一 横向合并"), TABLE]),

    dict(name="vmerge",
         doc="w:vMerge restart/continue over 3 rows, <w:vMerge/> without w:val means continue, a restart in the "
             "last column, and a gridSpan=2 cell merged down (restart and continue both carry gridSpan=2, as "
             "LibreOffice writes them).",
         body=P("表二 纵向合并") + TBL(3,
             TR(TC("项目", vm="restart"), "本年", "上年"),
             TR(TC("", vm="continue"), "1", "2"),
             TR(TC("", vm=True), "3", TC("跨两行", vm="restart")),
             TR("新行", "4", TC("", vm="continue")),
             TR(TC("宽合并", span=2, vm="restart"), "x"),
             TR(TC("", span=2, vm="continue"), "y")),
         tables=[T(6, 3, [
             (0, 0, 3, 1, "项目"), (0, 1, 1, 1, "本年"), (0, 2, 1, 1, "上年"),
             (1, 1, 1, 1, "1"), (1, 2, 1, 1, "2"),
             (2, 1, 1, 1, "3"), (2, 2, 2, 1, "跨两行"),
             (3, 0, 1, 1, "新行"), (3, 1, 1, 1, "4"),
             (4, 0, 2, 2, "宽合并"), (4, 2, 1, 1, "x"),
             (5, 2, 1, 1, "y")])],
         blocks=[para("表二 纵向合并"), TABLE]),

    dict(name="vmerge_orphan",
         doc="a vMerge continue in the first row, and one below a gridBefore slot (a filler), start new cells "
             "(text kept); a continue below such a cell merges into it.",
         body=P("孤立的纵向合并") + TBL(2,
             TR(TC("孤立", vm="continue"), "乙"),
             TR("丙", before=1),
             TR(TC("下方", vm="continue"), "丁"),
             TR(TC("", vm="continue"), "戊")),
         tables=[T(4, 2, [
             (0, 0, 1, 1, "孤立"), (0, 1, 1, 1, "乙"),
             F(1, 0), (1, 1, 1, 1, "丙"),
             (2, 0, 2, 1, "下方"), (2, 1, 1, 1, "丁"),
             (3, 1, 1, 1, "戊")])],
         blocks=[para("孤立的纵向合并"), TABLE]),

    dict(name="grid_before_after",
         doc="w:gridBefore=2, w:gridAfter=2, and both (=1) around a gridSpan=2 cell: each skipped grid slot is "
             "a 1x1 filler (w:wBefore/w:wAfter widths are ignored).",
         body=P("行前行后空位") + TBL(4,
             TR("甲", "乙", "丙", "丁"),
             TR("戊", "己", before=2),
             TR("庚", "辛", after=2),
             TR(TC("壬", span=2), before=1, after=1)),
         tables=[T(4, 4, [
             (0, 0, 1, 1, "甲"), (0, 1, 1, 1, "乙"), (0, 2, 1, 1, "丙"), (0, 3, 1, 1, "丁"),
             F(1, 0), F(1, 1), (1, 2, 1, 1, "戊"), (1, 3, 1, 1, "己"),
             (2, 0, 1, 1, "庚"), (2, 1, 1, 1, "辛"), F(2, 2), F(2, 3),
             F(3, 0), (3, 1, 1, 2, "壬"), F(3, 3)])],
         blocks=[para("行前行后空位"), TABLE]),

    dict(name="hmerge",
         doc="legacy w:hMerge restart/continue (Word 97 style horizontal merge); <w:hMerge/> without w:val is "
             "continue; the continue cell's slots join the restart cell.",
         body=P("旧式横向合并") + TBL(3,
             TR(TC("横向合并", hm="restart"), TC("", hm="continue"), "丙"),
             TR("1", "2", "3"),
             TR("4", TC("56", hm="restart"), TC("", hm=True))),
         tables=[T(3, 3, [
             (0, 0, 1, 2, "横向合并"), (0, 2, 1, 1, "丙"),
             (1, 0, 1, 1, "1"), (1, 1, 1, 1, "2"), (1, 2, 1, 1, "3"),
             (2, 0, 1, 1, "4"), (2, 1, 1, 2, "56")])],
         blocks=[para("旧式横向合并"), TABLE]),

    dict(name="nested_table",
         doc="tables nested two deep in cells: listed in pre-order right after their parent; their text is not "
             "in the parent cell (外层乙\\n尾注); a cell holding only a nested table and an empty paragraph is \"\". "
             "Blocks list only the two top-level tables.",
         body=P("嵌套表格") + TBL(2,
             TR("外层甲", TC([P("外层乙"),
                             TBL(2, TR("内一", TC([P("内二"), TBL(1, TR("最内")), "<w:p/>"])),
                                 TR(TC("内三", span=2))),
                             P("尾注")])),
             TR("外层丙", TC([TBL(1, TR("另一内表")), "<w:p/>"]))) + P("正文") + TBL(1, TR("第二个外层表")),
         tables=[T(2, 2, [(0, 0, 1, 1, "外层甲"), (0, 1, 1, 1, "外层乙\n尾注"),
                          (1, 0, 1, 1, "外层丙"), (1, 1, 1, 1, "")]),
                 T(2, 2, [(0, 0, 1, 1, "内一"), (0, 1, 1, 1, "内二"), (1, 0, 1, 2, "内三")]),
                 T(1, 1, [(0, 0, 1, 1, "最内")]),
                 T(1, 1, [(0, 0, 1, 1, "另一内表")]),
                 T(1, 1, [(0, 0, 1, 1, "第二个外层表")])],
         blocks=[para("嵌套表格"), TABLE, para("正文"), TABLE]),

    dict(name="row_wider_than_grid",
         doc="w:tblGrid has 2 columns but a row has 3 cells: the table has 3 columns, the short row a filler.",
         body=P("行比表格网格宽") + TBL(2,
             TR("甲", "乙"),
             TR("丙", "丁", "戊")),
         tables=[T(2, 3, [
             (0, 0, 1, 1, "甲"), (0, 1, 1, 1, "乙"), F(0, 2),
             (1, 0, 1, 1, "丙"), (1, 1, 1, 1, "丁"), (1, 2, 1, 1, "戊")])],
         blocks=[para("行比表格网格宽"), TABLE]),

    dict(name="row_narrower_than_grid",
         doc="w:tblGrid has 4 columns, rows have 3, 1 and 2 (gridSpan) grid columns: 4 columns, fillers at the "
             "row ends (the grid counts even where no row reaches it).",
         body=P("行比表格网格窄") + TBL(4,
             TR("甲", "乙", "丙"),
             TR("丁"),
             TR(TC("戊", span=2))),
         tables=[T(3, 4, [
             (0, 0, 1, 1, "甲"), (0, 1, 1, 1, "乙"), (0, 2, 1, 1, "丙"), F(0, 3),
             (1, 0, 1, 1, "丁"), F(1, 1), F(1, 2), F(1, 3),
             (2, 0, 1, 2, "戊"), F(2, 2), F(2, 3)])],
         blocks=[para("行比表格网格窄"), TABLE]),

    dict(name="strict_namespace", strict=True, styles=STYLES_SIMPLE,
         doc="Strict OOXML: w = http://purl.oclc.org/ooxml/wordprocessingml/main, strict relationship types "
             "(…/ooxml/officeDocument/relationships/officeDocument, …/styles); heading via styles.xml, "
             "gridSpan and vMerge.",
         body=P("严格命名空间文档", style="Heading1") + P("这是一份 Strict OOXML 文档。") + TBL(3,
             TR(TC("项目", vm="restart"), TC("数量", span=2)),
             TR(TC("", vm="continue"), "本年", "上年"),
             TR("行政许可", "5", "3")),
         tables=[T(3, 3, [
             (0, 0, 2, 1, "项目"), (0, 1, 1, 2, "数量"),
             (1, 1, 1, 1, "本年"), (1, 2, 1, 1, "上年"),
             (2, 0, 1, 1, "行政许可"), (2, 1, 1, 1, "5"), (2, 2, 1, 1, "3")])],
         blocks=[head(1, "严格命名空间文档"), para("这是一份 Strict OOXML 文档。"), TABLE]),

    dict(name="main_part_path", main="word/main.xml", styles=STYLES_SIMPLE,
         doc="the main part is word/main.xml (no word/document.xml in the package), found through _rels/.rels; "
             "its own rels are word/_rels/main.xml.rels.",
         body=P("主文档部件路径", style="Heading1") + P("主文档部件不在默认路径。") + TBL(2,
             TR("信息内容", "本年处理决定数量"),
             TR("行政许可", "268")),
         tables=[T(2, 2, [
             (0, 0, 1, 1, "信息内容"), (0, 1, 1, 1, "本年处理决定数量"),
             (1, 0, 1, 1, "行政许可"), (1, 1, 1, 1, "268")])],
         blocks=[head(1, "主文档部件路径"), para("主文档部件不在默认路径。"), TABLE]),

    dict(name="tracked_changes",
         doc="tracked changes: w:ins text kept, w:del/w:delText dropped, in body and cells; a paragraph whose "
             "only text is deleted is empty and so not a block.",
         body=P("保留", INS("新增", 1), DEL("删除", 2), "结尾")
         + P(DEL("整段删除", 3), ppr_extra='<w:rPr><w:del w:id="4" w:author="审核人" w:date="2025-01-10T09:00:00Z"/></w:rPr>')
         + TBL(2,
               TR(TC([P("甲", DEL("乙", 5), INS("丙", 6))]), TC([P(DEL("全部删除", 7))])),
               TR(TC([P(INS("插入的", 8), "文字")]), "丁")),
         tables=[T(2, 2, [
             (0, 0, 1, 1, "甲丙"), (0, 1, 1, 1, ""),
             (1, 0, 1, 1, "插入的文字"), (1, 1, 1, 1, "丁")])],
         blocks=[para("保留新增结尾"), TABLE]),

    dict(name="sdt",
         doc="content controls: block-level w:sdt around a paragraph and around a whole table, run-level w:sdt "
             "in a paragraph, a w:tr inside w:sdt (a row) and a w:tc inside w:sdt (a cell); w:sdtPr carries no "
             "text.",
         body=SDT_BLOCK(P("青禾县市场监督管理局"), "单位名称", 201)
         + P("统计年度：", SDT_RUN("2024"), "年")
         + TBL(3,
               TR("项目", "本年", "上年"),
               SDT_BLOCK(TR("行政许可", "12", "9"), "重复行", 202),
               "<w:tr>" + TC("行政处罚") + SDT_BLOCK(TC("5"), "单元格", 203) + TC("7") + "</w:tr>")
         + SDT_BLOCK(TBL(2, TR("控件中的表", "1")), "表格控件", 204),
         tables=[T(3, 3, [
             (0, 0, 1, 1, "项目"), (0, 1, 1, 1, "本年"), (0, 2, 1, 1, "上年"),
             (1, 0, 1, 1, "行政许可"), (1, 1, 1, 1, "12"), (1, 2, 1, 1, "9"),
             (2, 0, 1, 1, "行政处罚"), (2, 1, 1, 1, "5"), (2, 2, 1, 1, "7")]),
             T(1, 2, [(0, 0, 1, 1, "控件中的表"), (0, 1, 1, 1, "1")])],
         blocks=[para("青禾县市场监督管理局"), para("统计年度：2024年"), TABLE, TABLE]),

    dict(name="fields",
         doc="fields: w:fldSimple keeps its result text; a complex field (w:fldChar begin/separate/end) keeps the "
             "result and drops w:instrText (also an instruction split over two runs); a field with no separate "
             "has no text.",
         body=P("第", FLD_SIMPLE(" PAGE ", "1"), "页")
         + P("共", FLD([" NUMPAGES "], "3"), "页")
         + P("访问", FLD([' HYPERLINK "https://www.example.gov.cn/" ', '\\o "门户网站"'], "政府网站"))
         + P("目录", FLD([' TOC \\o "1-3" \\h ']))
         + TBL(2,
               TR("行政许可", "12"),
               TR("合计", TC([P(FLD([" =SUM(ABOVE) "], "12"))])),
               TR(TC([P(FLD_SIMPLE(' DATE \\@ "yyyy年M月d日" ', "2025年1月16日"))]), "日期")),
         tables=[T(3, 2, [
             (0, 0, 1, 1, "行政许可"), (0, 1, 1, 1, "12"),
             (1, 0, 1, 1, "合计"), (1, 1, 1, 1, "12"),
             (2, 0, 1, 1, "2025年1月16日"), (2, 1, 1, 1, "日期")])],
         blocks=[para("第1页"), para("共3页"), para("访问政府网站"), para("目录"), TABLE]),

    dict(name="hyperlink", styles=STYLES_SIMPLE, links=[("rId2", "https://www.example.gov.cn/zwgk/")],
         doc="w:hyperlink (external r:id and internal w:anchor) keeps its text in body and cells.",
         body=P("详见", LINK("青禾县人民政府门户网站", rid="rId2"), "。")
         + P(LINK("返回目录", anchor="_Toc1"))
         + TBL(2, TR("网址", TC([P(LINK("www.example.gov.cn", rid="rId2"))]))),
         tables=[T(1, 2, [(0, 0, 1, 1, "网址"), (0, 1, 1, 1, "www.example.gov.cn")])],
         blocks=[para("详见青禾县人民政府门户网站。"), para("返回目录"), TABLE]),

    dict(name="tab_br_cr",
         doc="w:tab is \"\\t\", w:br and w:cr are \"\\n\" (in cells and paragraphs); two paragraphs in a cell join "
             "with \"\\n\"; a w:tab inside the same run as w:t counts too.",
         body=P("姓名", TAB, "李堃")
         + TBL(2,
               TR(TC([P("甲", TAB, "乙")]),
                  TC([P("第一行", BR, "第二行")])),
               TR(TC([P("前", CR, "后")]),
                  TC([P("第一段"), P("第二段")])),
               TR(TC(['<w:p><w:r><w:t>左</w:t><w:tab/><w:t>右</w:t></w:r></w:p>']), "尾")),
         tables=[T(3, 2, [
             (0, 0, 1, 1, "甲\t乙"), (0, 1, 1, 1, "第一行\n第二行"),
             (1, 0, 1, 1, "前\n后"), (1, 1, 1, 1, "第一段\n第二段"),
             (2, 0, 1, 1, "左\t右"), (2, 1, 1, 1, "尾")])],
         blocks=[para("姓名\t李堃"), TABLE]),

    dict(name="headings", styles=STYLES_HEADINGS,
         doc="heading levels from word/styles.xml: style id Heading1 named \"heading 1\"; Heading2 named "
             "\"Heading 2\" (name compared case-insensitively); ids \"1\"/\"2\" named \"heading 1\"/\"heading 2\" "
             "with no outline level (Chinese Word); a style with w:outlineLvl=1 and another name (level 2); direct "
             "w:outlineLvl 0 and 2 in the paragraph (levels 1, 3); direct w:outlineLvl 9 is body text (a paragraph); "
             "an empty paragraph is not a block.",
         body=P("青禾县市场监督管理局2024年政府信息公开工作年度报告", style="Heading1")
         + P("本报告根据《中华人民共和国政府信息公开条例》编制。")
         + P("一、总体情况", style="1")
         + P("（一）主动公开", style="2")
         + P("全年主动公开政府信息486条。", style="a6")
         + P("（二）依申请公开", style="a5")
         + P("全年新收政府信息公开申请53件。")
         + P("（三）政府信息管理", style="Heading2")
         + P("")
         + P("二、主动公开政府信息情况", outline=0)
         + TBL(2, TR("信息内容", "本年处理决定数量"), TR("行政许可", "468"))
         + P("（一）附表说明", outline=2)
         + P("附表数据由业务系统导出。", outline=9),
         tables=[T(2, 2, [
             (0, 0, 1, 1, "信息内容"), (0, 1, 1, 1, "本年处理决定数量"),
             (1, 0, 1, 1, "行政许可"), (1, 1, 1, 1, "468")])],
         blocks=[head(1, "青禾县市场监督管理局2024年政府信息公开工作年度报告"),
                 para("本报告根据《中华人民共和国政府信息公开条例》编制。"),
                 head(1, "一、总体情况"),
                 head(2, "（一）主动公开"),
                 para("全年主动公开政府信息486条。"),
                 head(2, "（二）依申请公开"),
                 para("全年新收政府信息公开申请53件。"),
                 head(2, "（三）政府信息管理"),
                 head(1, "二、主动公开政府信息情况"),
                 TABLE,
                 head(3, "（一）附表说明"),
                 para("附表数据由业务系统导出。")]),

    dict(name="alternate_content",
         doc="mc:AlternateContent: the mc:Choice content is read, mc:Fallback is skipped (in a paragraph and in "
             "a cell).",
         body=P("甲", ALT("新版文字", "旧版文字"), "丁")
         + TBL(2, TR(TC([P(ALT("选择", "后备"))]), "乙")),
         tables=[T(1, 2, [(0, 0, 1, 1, "选择"), (0, 1, 1, 1, "乙")])],
         blocks=[para("甲新版文字丁"), TABLE]),
]


def build_docx_fixtures():
    outdir = SAMPLES / "fixtures" / "docx"
    for fx in DOCX_FIXTURES:
        name = fx["name"]
        data = make_docx(fx["body"], styles=fx.get("styles"), strict=fx.get("strict", False),
                         main=fx.get("main", "word/document.xml"), links=fx.get("links", ()))
        path = placed(outdir / f"{name}.docx")
        write_bytes(path, data)
        for i, t in enumerate(fx["tables"]):
            check_tiling(f"docx/{name} table {i}", t)
        write_json(outdir / f"{name}.grid.json", {"tables": fx["tables"]})
        write_json(outdir / f"{name}.blocks.json", {"blocks": fx["blocks"]})
        compare_with_reference(f"docx/{name}", fx["tables"], reference_grid.docx_tables(str(path)))
        got = reference_grid.docx_blocks(str(path))
        if got != fx["blocks"]:
            fail(f"docx/{name}: blocks differ from reference: {got}")

# =========================================================================== READMEs, seeds, main

FIXTURES_README_HEAD = """# Table fixtures

Generated by `python3 Scripts/make_samples.py` — edit the script, not these files. Each input
`NAME.html` / `NAME.docx` has `NAME.grid.json`, the tables it must give, in the format and under the
conventions of `shared/peers/README.md` (full tiling with `"filler": true` slots, rowspan cut at the
row group's end, `rowspan="0"` to the end of the group, colspan 0/invalid → 1, capped 1000, rowspan
capped 65534, nested tables listed right after their parent, `w:del`/`w:instrText`/`mc:Fallback`
skipped). DOCX fixtures also have `NAME.blocks.json`: the body as
`[{"type":"heading","level":1,"text":…},{"type":"paragraph","text":…},{"type":"table"}]`.
Each fixture is a folder `Tests/Fixtures/html/NAME/` or `Tests/Fixtures/docx/NAME/` holding `input.html` /
`input.docx`, `grid.json`, (DOCX) `blocks.json`, and the goldens the tests write (`expected.md`, `expected.json`);
below, `NAME.html` stands for the input of the case NAME, `NAME.grid.json` for its grid.

The grids are written by hand in the script, checked to tile their table, and cross-checked
against `Scripts/reference_grid.py`, an independent stdlib implementation of the same conventions
(which also reproduces all 62 tables of `shared/peers` exactly). The HTML structures were also
checked against html5lib 1.1 (WHATWG tree construction): all agree; html5lib differs only in
decoding the undeclared GBK pages (it falls back to windows-1252, see below).

## Conventions these fixtures pin down (beyond shared/peers/README.md)

- **Placement is the HTML table model** (WHATWG "forming a table"): within a row the column cursor
  advances by a cell's *nominal* colspan, and every later row skips the slots an earlier cell
  nominally covers. Then each cell that runs into an earlier cell is **cut to the free rectangle at
  its anchor**: as many free slots to the right in its anchor row as its colspan allows, then its
  full (group-clipped) rowspan — the only possible shape, since a slot below a free slot is free
  when a cell is placed. Slots that a cut cell nominally covered but no longer holds are fillers
  (`overlap.html`). The anchor slot is always free (the algorithm skips covered slots before it
  anchors a cell), so "no free slot at the anchor" cannot occur in HTML; there was nothing to choose.
- **Row groups**: rows directly in `<table>` form an implicit tbody; `<tfoot>` rows come after
  all other row groups wherever the tfoot is written (WHATWG; browsers draw it at the bottom).
- **Column count** = widest extent of the (cut) output cells; `<col>`/`<colgroup>` ignored.
- **Cell text (HTML)**: `<br>` = `"\\n"` (so `<br><br>` gives an empty line); block boundaries (p, div,
  li, h1–h6, nested table …) give one `"\\n"` between two pieces of text, never an empty line; runs of
  whitespace — spaces, tabs, newlines **and U+00A0 (&nbsp;)** — collapse to one space; each line and
  the whole text are trimmed; `<script>`, `<style>`, `<title>` content and caption text are not cell text.
- **Encoding (HTML)**: a UTF-8 BOM wins over any declaration; else `<meta charset>` or
  `<meta http-equiv="Content-Type" content="…charset=…">` in the first 1024 bytes; the labels gb2312,
  gbk, x-gbk, csgb2312, chinese mean the GBK decoder (WHATWG Encoding Standard; use GB18030, its
  superset); with no BOM and no declaration: UTF-8 if the bytes are valid UTF-8, else GB18030
  (our choice for Chinese reports; the HTML spec would default to windows-1252 here).
- **DOCX vMerge**: `<w:vMerge/>` without `w:val` is continue. A continue cell joins the cell above
  only when that cell starts in the same grid column with the same gridSpan and reaches down to this
  row; otherwise (first row, a gridBefore/gridAfter filler above, a different span above) it starts a
  new cell and keeps its text. **hMerge**: continue (or no `w:val`) joins the previous cell of the row.
- **DOCX columns** = max(len(`w:tblGrid`), widest row counting gridBefore + gridSpans + gridAfter);
  every gridBefore/gridAfter slot and every slot after a short row is a 1×1 filler.
- **DOCX text**: paragraphs of a cell join with `"\\n"` (empty paragraphs between texts give empty
  lines, as in the peers), then trimmed; `w:tab` = `"\\t"`, `w:br` and `w:cr` = `"\\n"`; w:ins,
  w:hyperlink, w:sdt/w:sdtContent (block, run, row and cell level), w:fldSimple, w:smartTag,
  w:customXml are read through; w:del, w:delText, w:moveFrom, w:instrText, w:sdtPr, mc:Fallback are
  skipped; a complex field keeps its stored result (LibreOffice re-computes DATE/NUMPAGES on load, we do not).
- **DOCX headings**: level N when the paragraph's style (w:pStyle → word/styles.xml) is *named*
  `heading N` (case-insensitive: Word writes `heading 1`, LibreOffice `Heading 1`; the id can be
  anything, e.g. `1` in Chinese Word), else when the style has `w:outlineLvl` k < 9 (level k+1). A
  direct `w:outlineLvl` in the paragraph's own pPr wins (k < 9 → level k+1; 9 = body text).
- **Blocks**: top-level body content in order (through block-level w:sdt); paragraphs whose text is
  empty after trimming are left out; a table is one `{"type":"table"}` whatever it contains.

## HTML fixtures (`html/`)

"""

FIXTURES_README_MID = """
## DOCX fixtures (`docx/`)

Built with zipfile from hand-written WordprocessingML: `[Content_Types].xml`, `_rels/.rels`, the main
part, its rels and (where needed) `styles.xml`; fixed timestamps, so rebuilding gives the same bytes.

"""

FIXTURES_README_TAIL = """
## How other readers read the DOCX fixtures (for comparison, not the contract)

- **LibreOffice 7.4 (round trip DOCX → DOCX, then read by reference_grid.py)** gives the same grids and
  blocks for 12 of 17. It re-computes fields on load (DATE, NUMPAGES); writes gridBefore/gridAfter
  slots as real empty cells (same structure, but no longer fillers); stretches the last cell of a
  short row with gridSpan and shrinks w:tblGrid to the widest row (`row_narrower_than_grid`); does
  not merge a continue cell into a cell that was itself an orphan continue (`vmerge_orphan`); and
  its DOCX export of block-level `w:sdt` duplicates the content (`sdt`).
- **pandoc 2.17** cannot open Strict OOXML ("DocxError"), loses the first table of `sdt.docx`,
  ignores gridBefore/gridAfter, hMerge, w:fldSimple results and mc:Choice content.
"""

REPORTS_README = """# Report samples

Generated by `python3 Scripts/make_samples.py` (DOCX/PDF with LibreOffice). Invented agencies and
values laid out exactly like the official forms, satisfying every rule of `shared/template.md`
(new_received + carried_over = outcome_total + carried_forward per column, outcome_total = sum of
the outcome rows, total = sum of the six applicant columns, review/litigation totals = sum of four).

Each input is a case `Tests/Fixtures/reports/NAME-SHAPE/input.SHAPE` (`report_2021-docx/input.docx`,
`report_2021-pdf-raw/input.pdf-raw.txt`, ...) with its goldens (`expected.*`) and `case.json` (the source
name the report is extracted under, the case whose truth and grid it must give, the exact number of
values checked). Below, `NAME.html` stands for the input of the case NAME-html, `NAME.values.json` for
its `truth.json`, `NAME.grid.json` for its `grid.json`.

Beside each `NAME.html` (and `NAME.docx`): `NAME.values.json`, the true values keyed by the template
ids (`{"template","agency","year","tables":{"active","applications","review_litigation"}}`), and
`NAME.grid.json`, its three tables as span-aware grids (for `report_2021` and `report_2019` the DOCX
gives exactly the same grids; `shared/tools/score_grid.py` pairs the grid with the DOCX).

{lines}
- `report_2021.pdf` (`report_2021-docx/printed.pdf`): report_2021.docx printed by LibreOffice (WenQuanYi Zen Hei), for text-extraction work;
  `pdftotext -layout` scrambles the merged labels of the applications table as real reports do.
- `report_2021.md-html.txt`, `report_2019.md-html.txt`: the pages as Markdown whose tables stay HTML, as
  PDF-to-Markdown tools and pandoc write merged cells: report_2021's tables one element a line (pandoc's
  gfm), report_2019's each on one line inside `<html><body>` (MinerU). Their tables must read to the
  same grids as the pages'.

DOCX made by `soffice -env:UserInstallation=file:///tmp/lo-profile-nianbao --headless
--infilter="HTML (StarWriter)" --convert-to docx:"MS Word 2007 XML" --outdir OUT NAME.html`:
LibreOffice's HTML import keeps every rowspan and colspan; its DOCX has w:gridSpan, w:vMerge
restart/continue (a continue cell repeats the gridSpan of its restart cell), a w:tblGrid of exactly
4/10/15 columns, no w:gridBefore/w:gridAfter, headings as styles Heading1/Heading2 named "Heading 1"/
"Heading 2".

`report_2021.pdf-layout.txt` and `report_2021.pdf-raw.txt` are `pdftotext -layout report_2021.pdf` and
`pdftotext report_2021.pdf` (poppler-utils 22.02): the same report after PDF text extraction, columns
aligned with spaces and raw reading order. `report_2021.pdf-plumber.txt`, `report_2021.pdf-plumber-layout.txt`
`report_2021.pdf-mupdf.txt` and `report_2021.pdf-mupdf4llm.txt` are the same PDF read by pdfplumber
0.11.10 (`extract_text()`: words joined by single spaces; `extract_text(layout=True)`: placed by
position), PyMuPDF 2.0 (`get_text()`) and pymupdf4llm 2.0 (`to_markdown()`: Markdown pipe tables),
through `Scripts/pdf_text.py`.
"""


def write_readmes(made):
    lines = [FIXTURES_README_HEAD]
    for fx in HTML_FIXTURES:
        lines.append(f"- `{fx['name']}.html` — {fx['doc']}\n")
    lines.append(FIXTURES_README_MID)
    for fx in DOCX_FIXTURES:
        lines.append(f"- `{fx['name']}.docx` — {fx['doc']}\n")
    lines.append(FIXTURES_README_TAIL)
    write_text(SAMPLES / "fixtures" / "README.md", "".join(lines))
    rl = "\n".join(f"- `{spec['name']}.html`{' / `.docx`' if spec['name'] in OFFICE_DOCX else ''}: "
                   f"{spec['agency']}, {spec['year']}, {spec['template']} form — {spec['doc']}"
                   for spec, _, _ in made)
    write_text(SAMPLES / "reports" / "README.md", REPORTS_README.replace("{lines}", rl))


def copy_seeds():
    for src in (ROOT.parent / "shared" / "seeds", SEEDS_SRC):
        if src.is_dir():
            for f in sorted(src.iterdir()):
                if f.is_file():
                    write_bytes(SAMPLES / "seeds" / f.name, f.read_bytes())
            return
    print("shared/seeds not found: Tests/Fixtures/seeds left as it is", file=sys.stderr)


def copy_samples():
    """The few inputs of Samples/ (Samples/README.md), copied from their fixtures."""
    for rel in SAMPLE_COPIES:
        target = SAMPLES / rel
        data = placed(target).read_bytes()
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)


def generated_files():
    return [f for area in GENERATED_AREAS for f in sorted((FIXTURES / area).rglob("*")) if f.is_file()]


def check_sizes():
    for f in generated_files() + sorted(SAMPLES.rglob("*")):
        if f.is_file() and f.stat().st_size > 100_000:
            fail(f"{f.relative_to(ROOT)} is {f.stat().st_size} bytes (limit 100 KB)")


def main(argv):
    mode = "skip" if "--no-office" in argv else ("force" if "--office" in argv else "auto")
    made = build_reports()
    build_office(made, mode)
    build_markdown_html(made)
    build_pdf_texts()
    build_html_fixtures()
    build_docx_fixtures()
    write_readmes(made)
    copy_seeds()
    copy_samples()
    check_sizes()
    n = len(generated_files())
    if FAILURES:
        print(f"{len(FAILURES)} problem(s); {n} files under Tests/Fixtures/{{{','.join(GENERATED_AREAS)}}}", file=sys.stderr)
        return 1
    print(f"ok: {n} files under Tests/Fixtures/{{{','.join(GENERATED_AREAS)}}} ({len(HTML_FIXTURES)} HTML and {len(DOCX_FIXTURES)} DOCX fixtures, "
          f"{len(REPORTS)} reports), all grids agree with Scripts/reference_grid.py")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
