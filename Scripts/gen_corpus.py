#!/usr/bin/env python3
"""Generate a synthetic corpus of annual reports (政府信息公开工作年度报告) with known values.

    python3 Scripts/gen_corpus.py OUTDIR [--count N] [--seed S] [--no-office]

For every report NNNN (0000 .. N-1) it writes, into OUTDIR:

    NNNN.truth.json   true values (the ids of Specs/tables) + which cells each source hides
    NNNN.html         UTF-8 page, official merged layout (with per-report label/layout variants)
    NNNN.gbk.html     the same page in GBK bytes, declared gbk / gb2312 (http-equiv) / not at all
    NNNN.docx         LibreOffice (HTML (StarWriter) import) from NNNN.html       [not with --no-office]
    NNNN.pdf          LibreOffice from NNNN.docx                                   [not with --no-office]
    NNNN.layout.txt   pdftotext -layout NNNN.pdf                                   [not with --no-office]
    NNNN.raw.txt      pdftotext NNNN.pdf                                           [not with --no-office]
    NNNN.plumber.txt, NNNN.plumber-layout.txt, NNNN.mupdf.txt, NNNN.mupdf4llm.md
                      pdfplumber's text (words by single spaces), its layout text, PyMuPDF's text,
                      pymupdf4llm's Markdown
                      (Scripts/pdf_text.py; when Scripts/setup.sh --tools made .build/pdf-tools)
    NNNN.tab.txt      text, tables as tab-separated rows (merged cell once, then empty fields; seeds 000/004)
    NNNN.cells.txt    text, one table cell per line after a tab, rows split by blank lines (seeds 001/003)
    NNNN.md           Markdown, pipe tables with <br> in cells (seed 002)
    NNNN.html.md      Markdown whose tables stay HTML: one line `<html><body><table>…` (MinerU), or
                      multi-line `<table>` with <thead>/<tbody> (pandoc's gfm for merged cells)
    NNNN.ocr.txt      tab.txt or cells.txt damaged as OCR/PDF extraction does (see DAMAGE below)
    Shapes real files arrive in (issue 32; each on its own rng stream):
    NNNN.crawled.txt  the page flattened by a site crawler: header lines, a 正文 banner, the article on
                      one line (or a few), table cells run together, blank cells dropped (real 01-15)
    NNNN.ocr.md       an OCR'd scan as Markdown: tables cut into pieces under made-up headers, the review
                      table as three tables, look-alike characters in labels (never digits)
    NNNN.pdf.md       PDF-to-Markdown output: wrapped labels detached from their value rows, group labels
                      in pieces, one little pipe table per run, page footers, a stray 总计 (real 19)
    NNNN.blank.html   html with the five 法人或其他组织 cells blank where 总计 = 自然人 (real 21)
    NNNN.wps.txt      pdftotext (plain) of a WPS-like PDF made by LibreOffice from OUTDIR/wps/NNNN.fodt:
                      narrow label columns, tables over page breaks, page header/footer   [not with --no-office]

Everything is deterministic for a given --seed (LibreOffice output embeds timestamps, so DOCX/PDF
bytes differ between runs, their content does not). stdlib only; soffice and pdftotext for the
office shapes. The truth file:

    {"template": "2021"|"2019", "agency": ..., "year": ...,
     "tables": {"active": {...}, "applications": {...}, "review_litigation": {...}},
     "blanked": {TABLE: [[ROW, COL], ...]},              # cells no clean source shows (printed empty)
     "blanked_by_shape": {"ocr.txt": {TABLE: [...]}},    # full set for that shape (clean + OCR losses;
                                                         #   also md, pdf.md, blank.html)
     "confused_by_shape": {"ocr.txt": {TABLE: [...]}},   # shown, but with O/l/I for 0/1 (still legible)
     "variants": {...}}                                  # what this report's layout/labels do (debugging)

A cell listed in `blanked` (or the shape's own list) is printed empty / lost in that source; every
other cell shows its true value (possibly with OCR-confused digits or full-width digits in ocr.txt,
run together with its neighbours in crawled.txt, or detached from its label in pdf.md). The cells
blank.html leaves blank are all fixed (to 0) by the rules, counts being non-negative.
"""
import argparse
import copy
import json
import random
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import specs  # noqa: E402  (ids, labels, rules and the printed layout of the three tables)

# =========================================================================== values

ROW_WEIGHT = {  # how often an application ends in each outcome (relative)
    "disclosed": 40, "partially_disclosed": 8,
    "withheld.state_secret": 0.4, "withheld.prohibited_by_law": 0.6,
    "withheld.three_safeties_one_stability": 0.4, "withheld.third_party_rights": 1.2,
    "withheld.internal_affairs": 1.5, "withheld.process_information": 2.0,
    "withheld.enforcement_files": 0.8, "withheld.query_matters": 0.8,
    "unavailable.not_held": 14, "unavailable.needs_creation": 3, "unavailable.still_unclear": 2,
    "not_processed.petition_complaint": 4, "not_processed.duplicate": 2, "not_processed.publication": 0.6,
    "not_processed.excessive": 0.5, "not_processed.confirmation": 0.8,
    "other_handling.no_correction": 2, "other_handling.no_fee": 0.2, "other_handling.other": 4,
    "other_handling": 6,
}
COL_SHARE = {"commercial": (0.45, 0.25), "research": (0.08, 0.05), "public_interest": (0.08, 0.05),
             "legal_services": (0.3, 0.15), "other_org": (0.3, 0.12)}  # (prob. non-zero, share of natural)
REVIEW_NONZERO = {"upheld": 0.45, "corrected": 0.2, "other": 0.3, "pending": 0.25}  # when the agency has cases


def multinomial(rng, n, items, weights):
    counts = {k: 0 for k in items}
    if n > 0:
        for k in rng.choices(items, weights=weights, k=n):
            counts[k] += 1
    return counts


def gen_values(rng, template, agency, year):
    forms = specs.report_tables(template)
    applicants = specs.applicant_cols(forms["applications"])
    outs = specs.outcome_rows(template)
    # ---------------------------------------------------------------- active
    def maybe(p_zero, lo, hi):
        return 0 if rng.random() < p_zero else rng.randint(lo, hi)

    big = rng.random() < 0.25  # a city-level body / big department
    reg_i = maybe(0.85, 1, 3)
    reg_r = maybe(0.9, 1, 2)
    reg_f = (reg_i + maybe(0.5, 1, 30)) if rng.random() < 0.4 else reg_i
    nd_i = maybe(0.45, 1, 25 if big else 8)
    nd_r = maybe(0.7, 1, 6)
    nd_f = nd_i + maybe(0.35, 1, 120 if big else 30)
    if rng.random() < 0.3:
        nd_r = 0
    lic = maybe(0.4, 1, 6000 if big else 400)
    pen = maybe(0.4, 1, 3000 if big else 150)
    coe = maybe(0.6, 1, 120 if big else 12)
    if rng.random() < 0.6:
        fee = 0
    else:
        dec = rng.choice([0, 1, 2, 2, 2])
        fee = round(rng.uniform(0.01, 5000 if big else 80), dec)
        if dec == 0:
            fee = int(fee) or 1
    active = {
        "regulations": {"issued": reg_i, "repealed": reg_r, "in_force": reg_f},
        "normative_documents": {"issued": nd_i, "repealed": nd_r, "in_force": nd_f},
        "licensing": {"decisions": lic}, "penalty": {"decisions": pen}, "coercion": {"decisions": coe},
        "fees": {"amount": fee},
    }
    # ---------------------------------------------------------------- applications
    scale = rng.choices(["zero", "tiny", "small", "medium", "large"], weights=[22, 30, 26, 16, 6])[0]
    nat_total = {"zero": 0, "tiny": rng.randint(1, 5), "small": rng.randint(5, 30),
                 "medium": rng.randint(30, 200), "large": rng.randint(200, 1500)}[scale]
    col_total = {"natural_person": nat_total}
    for c in applicants[1:]:
        p, share = COL_SHARE[c]
        if scale == "zero" or rng.random() > p * (1.6 if scale in ("medium", "large") else 1):
            col_total[c] = 0
        else:
            col_total[c] = max(1, int(round(nat_total * share * rng.uniform(0.2, 1.8))))
    weights = [ROW_WEIGHT[r] for r in outs]
    rows = {r: {} for r in outs}
    for c in applicants:
        cnt = multinomial(rng, col_total[c], outs, weights)
        for r in outs:
            rows[r][c] = cnt[r]
    rows["carried_over"] = {}
    rows["carried_forward"] = {}
    for c in applicants:
        t = col_total[c]
        busy = t > 0 or rng.random() < 0.05
        rows["carried_over"][c] = rng.randint(1, max(1, t // 8 + 1)) if busy and rng.random() < 0.3 else 0
        rows["carried_forward"][c] = rng.randint(1, max(1, t // 8 + 1)) if busy and rng.random() < 0.3 else 0
    apps = specs.complete_applications(forms["applications"], rows)
    # ---------------------------------------------------------------- review / litigation
    review = {}
    active_rv = rng.random() < (0.3 if scale in ("zero", "tiny") else 0.6)
    rv = forms["review_litigation"]
    for gid in specs.ids(rv["rows"]):
        g = {}
        for k in specs.rule(rv, "group_total")["right"]:
            p = REVIEW_NONZERO[k]
            g[k] = rng.randint(1, 4 if gid == "review" else 2) if active_rv and rng.random() < p else 0
        g["total"] = sum(g.values())
        review[gid] = g
    return {"template": template, "agency": agency, "year": year,
            "tables": {"active": active, "applications": apps, "review_litigation": review}}


def check_values(v):
    broken = specs.broken_rules(v["template"], v["tables"])
    assert not broken, broken
    assert min(x for row in v["tables"]["applications"].values() for x in row.values()) >= 0

# =========================================================================== agencies, prose

PLACE_A = "青云石金白龙凤安平宁永长新东西南北清河桃梨松柏华丰泰和兴文武德昌顺阳临山川江溪湖海嘉兰"
PLACE_B = "禾岭桥山水川河溪阳城州原平安宁丰泉源林坪台阳乐昌兴化德口坝江湖沟"
TOWN_B = "镇乡"
DEPTS = ["教育局", "财政局", "民政局", "自然资源局", "自然资源和规划局", "交通运输局", "卫生健康局",
         "市场监督管理局", "农业农村局", "住房和城乡建设局", "生态环境局", "应急管理局",
         "人力资源和社会保障局", "统计局", "水利局", "文化和旅游局", "司法局", "林业局", "医疗保障局",
         "商务局", "审计局", "退役军人事务局", "行政审批服务局", "发展和改革局", "公安局"]


def place(rng):
    return rng.choice(PLACE_A) + rng.choice(PLACE_B)


def gen_agency(rng):
    p = place(rng)
    kind = rng.choices(["gov", "dept", "town", "street", "citydept"], weights=[12, 40, 30, 8, 10])[0]
    lvl = rng.choice(["县", "县", "县", "市", "区"])
    if kind == "gov":
        full = f"{p}{lvl}人民政府"
        if rng.random() < 0.3:
            full = f"{p}{lvl}人民政府办公室"
        short = full
    elif kind == "dept":
        full = f"{p}{lvl}{rng.choice(DEPTS)}"
        short = full
    elif kind == "town":
        town = place(rng) + rng.choice(TOWN_B)
        full = f"{p}{lvl}{town}人民政府"
        short = full if rng.random() < 0.6 else f"{p}{lvl}{town}"
    elif kind == "street":
        full = f"{p}区{place(rng)}街道办事处"
        short = full
    else:
        full = f"{p}市{place(rng)}区{rng.choice(DEPTS)}"
        short = full
    return full, short


CN_NUM = "一二三四五六七八九"
SECTION_BODY = [specs.section_body(s["id"]) for s in specs.SECTIONS]


def section_titles(rng):
    """Six section titles plus (maybe) an extra section; numbering sometimes wrong (seed 001)."""
    style = rng.choices(["ok", "arabic_some", "shift", "arabic_all"], weights=[70, 12, 12, 6])[0]
    bodies = list(SECTION_BODY)
    if rng.random() < 0.1:
        bodies[0] = "基本情况"
    if rng.random() < 0.15:
        bodies[3] = "政府信息公开行政复议和行政诉讼情况"
    shift = style == "shift"  # an extra "主要工作举措" section after the overview shifts every later number
    titles = []
    for i, b in enumerate(bodies):
        n = i + (shift and i > 0)
        if style == "arabic_all" or (style == "arabic_some" and rng.random() < 0.35):
            titles.append(f"{n + 1}、 {b}" if rng.random() < 0.6 else f"{n + 1}、{b}")
        else:
            titles.append(f"{CN_NUM[n]}、{b}")
    extra_title = ("2、 主要工作举措" if rng.random() < 0.5 else "二、主要工作举措") if shift else None
    return titles, extra_title, style


def prose(rng, v, short):
    a = v["tables"]["active"]
    apps = v["tables"]["applications"]
    rv = v["tables"]["review_litigation"]
    y = v["year"]
    n_pub = rng.randint(20, 3000)
    overview = [
        f"{y}年，{short}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》"
        f"和上级关于政务公开工作的部署要求，坚持“以公开为常态、不公开为例外”，持续推进决策、执行、管理、服务、结果公开。",
        f"（一）主动公开。全年通过政府门户网站主动公开政府信息{n_pub}条，其中制发行政规范性文件"
        f"{a['normative_documents']['issued']}件，公开行政处罚决定{a['penalty']['decisions']}件。",
        f"（二）依申请公开。全年新收政府信息公开申请{apps['new_received']['total']}件，"
        f"上年结转{apps['carried_over']['total']}件，办结{apps['outcome_total']['total']}件，"
        f"结转下年度继续办理{apps['carried_forward']['total']}件。",
        "（三）政府信息管理。严格落实信息发布“三审三校”制度，健全政府信息公开属性源头认定机制，"
        "定期清理网站栏目，确保公开内容准确、规范。",
        "（四）政府信息公开平台建设。持续优化政府门户网站信息公开专栏，规范政务新媒体管理，"
        "发挥政务服务大厅政务公开专区作用，方便群众查阅。",
        f"（五）监督保障。将政务公开纳入年度绩效考核，全年组织业务培训{rng.randint(1, 6)}次，"
        "对发现的问题及时督促整改。",
    ]
    if rng.random() < 0.4:
        keep = sorted(rng.sample(range(1, len(overview)), k=rng.randint(2, 5)))
        overview = overview[:1] + [overview[k] for k in keep]
    problems = [
        rng.choice(["（一）存在的问题。一是政策解读形式较为单一，图解、视频等解读方式运用不够；"
                    "二是依申请公开答复的规范化水平有待进一步提升。",
                    "政府信息公开工作虽取得一定成效，但仍存在一些不足：一是公开内容不够全面；"
                    "二是信息更新不够及时；三是工作人员业务能力有待提高。"]),
        rng.choice(["（二）改进措施。一是丰富政策解读形式，提高解读质量；二是加强业务培训，"
                    "规范依申请公开办理流程和答复文书；三是加强对基层政务公开工作的指导。",
                    "下一步，我们将进一步强化意识、规范程序，加大信息公开力度，及时发布和更新依法应主动公开的政府信息。"]),
    ]
    other = [rng.choice(["依据《政府信息公开信息处理费管理办法》规定，本年度未收取信息处理费。",
                         "本年度未收取政府信息公开信息处理费。", "无其他需要报告的事项。"])]
    if rng.random() < 0.5:
        other.append(f"本年度共收到人大代表建议{rng.randint(0, 12)}件、政协委员提案{rng.randint(0, 9)}件，"
                     "均已按期办结。")
    review_text = []
    if rng.random() < 0.4:
        review_text.append(f"{y}年，{short}因政府信息公开被申请行政复议{rv['review']['total']}件，被提起行政诉讼"
                           f"{rv['litigation_direct']['total'] + rv['litigation_after_review']['total']}件。")
    return overview, problems, other, review_text


# What each form is cited as; its number (国办公开办函〔…〕…号) is the template's source in Specs/templates.json.
NOTICES = {"2021": "《中华人民共和国政府信息公开工作年度报告格式》",
           "2019": "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》"}


def intro(rng, v, agency):
    y = v["year"]
    period = rng.choice([
        f"报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
        f"本年度报告全文及数据统计期限从{y}年1月1日起到{y}年12月31日止。",
        f"本报告的数据统计时段为 {y}年1月1日至 {y}年12月31日。",
        f"本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
    ])
    notice = f"和{NOTICES[v['template']]}（{specs.TEMPLATES[v['template']]['source']}）"
    if rng.random() < 0.3:
        notice = ""
    text = (f"本报告根据《中华人民共和国政府信息公开条例》{notice}要求编制，"
            "由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
            "存在的主要问题及改进情况、其他需要报告的事项等六部分组成。" + period)
    if rng.random() < 0.5:
        text += f"如对本报告有疑问，请与{agency}办公室联系（电话：0{rng.randint(310, 999)}-{rng.randint(2000000, 8999999)}）。"
    return text

# =========================================================================== layout with variants

def label_style(rng):
    return {
        "half_brackets": rng.random() < 0.25,      # (一) instead of （一）
        "space_after_num": rng.random() < 0.3,     # "1. 属于国家秘密"
        "shehui": rng.random() < 0.25,             # 社会组织 for 社会公益组织
        "straight_quotes": rng.random() < 0.15,    # "三安全一稳定" with ASCII quotes
        "multiline_headers": rng.random() < 0.4,   # 商业\n企业, 结果\n维持
        "spaced_words": rng.random() < 0.15,       # 自然 人, 三、本 年度办 理结果, (三) 不 予公开
        "wrapped_group": rng.random() < 0.3,       # 三、本\n年度办\n理结果
        "no_sub_number": rng.random() < 0.1,       # 不予公开 without its （三）
        "drop_group": rng.random() < 0.1,          # one row-group label printed empty
        "fee_unit_half": rng.random() < 0.2,       # 本年收费金额(单位: 万元)
    }


MULTI = {"商业企业": ["商业\n企业"], "科研机构": ["科研\n机构"], "社会公益组织": ["社会\n公益\n组织", "社会公\n益组织"],
         "社会组织": ["社会\n组织"], "法律服务机构": ["法律\n服务\n机构", "法律服务\n机构"],
         "结果维持": ["结果\n维持"], "结果纠正": ["结果\n纠正"], "其他结果": ["其他\n结果"], "尚未审结": ["尚未\n审结"]}
SPACED = {"自然人": "自然 人", "三、本年度办理结果": "三、本 年度办 理结果", "（三）不予公开": "（三） 不 予公开",
          "（四）无法提供": "（四） 无 法提供", "（五）不予处理": "（五） 不 予处理", "社会公益组织": "社会公益 组织",
          "法律服务机构": "法律服务 机构"}


def relabel(text, st, rng, kind):
    t = text
    if st["shehui"] and t == "社会公益组织":
        t = "社会组织"
    if st["no_sub_number"] and kind == "row_group" and t.startswith("（三）"):
        t = t[3:]
    if st["spaced_words"] and t in SPACED:
        t = SPACED[t]
    if st["multiline_headers"] and t in MULTI:
        t = rng.choice(MULTI[t])
    if st["wrapped_group"] and t == "三、本年度办理结果":
        t = rng.choice(["三、本\n年度办\n理结果", "三、本年\n度办理\n结果"])
    if st["space_after_num"] and len(t) > 2 and t[0].isdigit() and t[1] == ".":
        t = t[:2] + " " + t[2:]
    if st["straight_quotes"]:
        t = t.replace("“", '"').replace("”", '"')
    if st["fee_unit_half"] and "单位：万元" in t:
        t = t.replace("（单位：万元）", "(单位: 万元)")
    if st["half_brackets"]:
        t = t.replace("（", "(").replace("）", ")").replace("，", ", ")
    return t


def layout(spec, st, rng, drop=None):
    """The table as printed with this report's label variants; the row-group label DROP printed empty."""
    def printed(text, kind):
        return "" if kind == "row_group" and text == drop else relabel(text, st, rng, kind)
    return specs.layout(spec, printed)


def grid_of(name, rows):
    """Place a regular layout (rows of (text, rs, cs, key)) into a grid (HTML model, no overlaps)."""
    cells = [{"row": y, "col": x, "rs": rs, "cs": cs, "text": text, "key": key}
             for y, x, (text, rs, cs, key) in specs.anchors(rows)]
    ncols = max(c["col"] + c["cs"] for c in cells)
    return {"table": name, "rows": len(rows), "cols": ncols, "cells": cells}

# =========================================================================== the report document

def build_report(seed, i):
    rng = random.Random(f"{seed}:{i}:report")
    template = "2019" if rng.random() < 0.15 else "2021"
    first, last = specs.TEMPLATES[template]["years"]
    if template == "2021":
        year = rng.randint(first, 2025)  # the form has no last year; the corpus stays near the present
    else:  # some agencies keep the 2019 form for a while after its years
        year = rng.choice(range(first, last + 1)) if rng.random() < 0.8 else rng.randint(last + 1, 2023)
    full, agency = gen_agency(rng)
    v = gen_values(rng, template, agency, year)
    check_values(v)
    st = label_style(rng)
    titles, extra_title, numbering = section_titles(rng)
    short = rng.choice(["我单位", "我局", "本机关"]) if "局" in agency else rng.choice(["我镇", "我单位", "本机关"])
    if "县人民政府" in agency or "市人民政府" in agency or "区人民政府" in agency:
        short = rng.choice(["我县", "本机关", "县政府"])
    overview, problems, other, review_text = prose(rng, v, short)
    tstyle = rng.choices(["plain", "nianDu", "spaced", "split"], weights=[55, 20, 10, 15])[0]
    y = v["year"]
    if tstyle == "plain":
        title = [f"{agency}{y}年政府信息公开工作年度报告"]
    elif tstyle == "nianDu":
        title = [f"{agency}{y}年度政府信息公开工作年度报告"]
    elif tstyle == "spaced":
        title = [f"{agency} {y} 年政府信息公开工作年度报告"]
    else:
        title = [f"{agency}{y}年", "政府信息公开工作年度报告"]

    # --------------------------------------------------------------- blanks in clean sources (~20%)
    blanked = set()
    blank_kind = None
    if rng.random() < 0.2:
        blank_kind = rng.choices(["few", "total_col", "row", "active_col", "zeros_blank"],
                                 weights=[50, 10, 10, 15, 15])[0]
        app_keys, act_keys, rv_keys = ([(t, r, c) for r, cols in v["tables"][t].items() for c in cols]
                                       for t in ("applications", "active", "review_litigation"))
        if blank_kind == "few":
            pool = app_keys * 3 + act_keys + rv_keys
            for _ in range(rng.randint(1, 4)):
                blanked.add(rng.choice(pool))
        elif blank_kind == "total_col":
            blanked |= {k for k in app_keys if k[2] == "total"}
        elif blank_kind == "row":
            r = rng.choice(["carried_over", "carried_forward", "outcome_total", "partially_disclosed"])
            blanked |= {k for k in app_keys if k[1] == r}
        elif blank_kind == "active_col":
            c = rng.choice(["in_force", "repealed"])
            blanked |= {("active", r, c) for r in ("regulations", "normative_documents")}
        else:  # the agency prints nothing for zero (seed 004 prints no values at all)
            tables = rng.choice([["applications"], ["applications", "review_litigation"], ["review_litigation"],
                                 ["active", "applications", "review_litigation"]])
            for k in app_keys + act_keys + rv_keys:
                t, r, c = k
                if t in tables and v["tables"][t][r][c] == 0:
                    blanked.add(k)
    # --------------------------------------------------------------- tables
    forms = specs.report_tables(template)
    grids = {name: grid_of(name, layout(forms[name], st, rng)) for name in ("active", "review_litigation")}
    app = forms["applications"]
    dropped_group = rng.choice([g["label"] for g in app["row_groups"]]) if st["drop_group"] else None
    grids["applications"] = grid_of("applications", layout(app, st, rng, dropped_group))
    for name in forms:
        for c in grids[name]["cells"]:
            if c["key"]:
                t, r, col = c["key"]
                val = v["tables"][t][r][col]
                if isinstance(val, float):
                    c["text"] = f"{val:.2f}" if rng.random() < 0.7 else repr(val)
                elif specs.value_type(forms[t], col) == "decimal" and rng.random() < 0.2:
                    c["text"] = f"{val}.00"  # a whole amount printed with its decimals
                else:
                    c["text"] = str(val)
                if c["key"] in blanked:
                    c["text"] = ""
    # --------------------------------------------------------------- blocks
    sec_heading_level = rng.choice([2, 2, 1])
    blocks = [("title", title), ("para", intro(rng, v, full))]
    blocks.append(("heading", titles[0], sec_heading_level))
    blocks += [("para", t) for t in overview]
    if extra_title:
        blocks.append(("heading", extra_title, sec_heading_level))
        blocks.append(("para", "（1）进一步提升工作效率。成立政务公开工作领导小组，负责对政务公开工作的指导和日常工作。"))
        blocks.append(("para", "（2）进一步加强信息审核。严格落实“三审制”，层层把关后进行信息发布。"))
    blocks.append(("heading", titles[1], sec_heading_level))
    blocks.append(("table", "active", grids["active"]))
    blocks.append(("heading", titles[2], sec_heading_level))
    blocks.append(("table", "applications", grids["applications"]))
    blocks.append(("heading", titles[3], sec_heading_level))
    blocks.append(("table", "review_litigation", grids["review_litigation"]))
    blocks += [("para", t) for t in review_text]
    blocks.append(("heading", titles[4], sec_heading_level))
    blocks += [("para", t) for t in problems]
    blocks.append(("heading", titles[5], sec_heading_level))
    blocks += [("para", t) for t in other]
    blocks.append(("sign", full if rng.random() < 0.5 else agency))
    blocks.append(("sign", f"{y + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"))
    variants = {"labels": {k: v_ for k, v_ in st.items() if v_}, "dropped_group": dropped_group,
                "title": tstyle, "numbering": numbering, "blank_kind": blank_kind}
    return {"v": v, "blocks": blocks, "blanked": blanked, "variants": variants, "full_agency": full}


# =========================================================================== renderers

def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_rows(g, inner):
    """The <td> elements of each row of grid g (HTML model: a cell at its anchor, with its spans),
    a cell's content given by inner(text)."""
    by_row = {}
    for c in g["cells"]:
        by_row.setdefault(c["row"], []).append(c)
    rows = []
    for r in range(g["rows"]):
        tds = []
        for c in sorted(by_row.get(r, []), key=lambda c: c["col"]):
            attrs = (f' rowspan="{c["rs"]}"' if c["rs"] > 1 else "") + (f' colspan="{c["cs"]}"' if c["cs"] > 1 else "")
            tds.append(f"<td{attrs}>{inner(c['text'])}</td>")
        rows.append(tds)
    return rows


def render_html(doc, rng, declare="utf8", blank=None):
    head = {"utf8": '<meta charset="utf-8">', "gbk": '<meta charset="gbk">',
            "gb2312": '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "none": ""}[declare]
    use_h = rng.random() < 0.7
    cell_wrap = rng.choice(["plain", "plain", "p", "span"])
    blank_html = rng.choice(["", "", "&nbsp;", "<p>&nbsp;</p>" if cell_wrap == "p" else "&nbsp;"])
    br = rng.choice(["<br>", "<br/>"])
    if blank is not None:
        blank_html = blank
    title_text = None
    out = ["<!DOCTYPE html>", '<html lang="zh-CN">', "<head>"] + ([head] if head else [])
    for b in doc["blocks"]:
        if b[0] == "title":
            title_text = "".join(b[1])
    out += [f"<title>{esc(title_text)}</title>", "</head>", "<body>", '<div class="TRS_Editor">']
    for b in doc["blocks"]:
        kind = b[0]
        if kind == "title":
            inner = br.join(esc(t) for t in b[1])
            out.append(f"<h1>{inner}</h1>" if use_h else f'<p style="text-align:center"><strong>{inner}</strong></p>')
        elif kind == "heading":
            out.append(f"<h{b[2] + 1}>{esc(b[1])}</h{b[2] + 1}>" if use_h else f"<p><strong>{esc(b[1])}</strong></p>")
        elif kind == "para":
            out.append(f"<p>{esc(b[1])}</p>")
        elif kind == "sign":
            out.append(f'<p style="text-align:right">{esc(b[1])}</p>')
        elif kind == "table":
            g = b[2]
            out.append('<table border="1" cellspacing="0" cellpadding="3" style="border-collapse:collapse">')
            out.append("<tbody>")
            def inner(t):
                if t == "":
                    return blank_html
                text = br.join(esc(x) for x in t.split("\n"))
                if cell_wrap == "p":
                    return f"<p>{text}</p>"
                if cell_wrap == "span":
                    return f'<span style="font-size:10.5pt">{text}</span>'
                return text
            for tds in html_rows(g, inner):
                out.append("  <tr>" + "".join(tds) + "</tr>")
            out += ["</tbody>", "</table>"]
    out += ["</div>", "</body>", "</html>", ""]
    return "\n".join(out)


def covering(g):
    """slot -> cell covering it (HTML model grid)."""
    cov = {}
    for c in g["cells"]:
        for dy in range(c["rs"]):
            for dx in range(c["cs"]):
                cov[(c["row"] + dy, c["col"] + dx)] = c
    return cov


def text_blocks(doc, tstyle, table_fn):
    """Render blocks as plain text; tables through table_fn(grid) -> list of lines."""
    lines = []
    blank_between = tstyle["blank_lines"]
    for b in doc["blocks"]:
        kind = b[0]
        if kind == "title":
            lines += b[1]
            lines.append("")
        elif kind in ("heading", "para", "sign"):
            lines.append(b[1])
            if blank_between:
                lines.append("")
        elif kind == "table":
            if blank_between and lines and lines[-1] != "":
                lines.append("")
            lines += table_fn(b[2])
            lines += ["", ""] if not blank_between else [""]
    return "\n".join(lines) + "\n"


def tab_table(g, tstyle):
    """One line per table row. mode "grid": a field per grid column, a merged cell written once and
    followed by empty fields (seed 000's active table); mode "word": a field per Word cell (gridSpan
    cells once, a vMerge continuation as one empty field), the line padded with empty fields up to
    the column count (Word's table-to-text; seeds 000/004 applications tables)."""
    joiner = tstyle["nl_joiner"]
    out = []
    if tstyle.get("tab_mode", "grid") == "grid":
        starts = {(c["row"], c["col"]): c for c in g["cells"]}
        rows = []
        for r in range(g["rows"]):
            fields = []
            for x in range(g["cols"]):
                c = starts.get((r, x))
                fields.append(c["text"] if c else "")
            rows.append(fields)
    else:
        rows = []
        for entries in cells_rows(g):
            fields = [e["text"] for e in entries]
            if tstyle.get("pad", True):
                fields += [""] * (g["cols"] - len(fields))
            rows.append(fields)
    for fields in rows:
        if tstyle.get("split_headers") and any("\n" in f for f in fields) and \
                not any(f.strip().isdigit() for f in fields):
            # seed 000: a header row whose cells wrap is written as several lines, the later
            # lines shifted one field to the right, with a blank line between
            parts = [f.split("\n") for f in fields]
            depth = max(len(p) for p in parts)
            for k in range(depth):
                line = [p[k] if k < len(p) else "" for p in parts]
                if k:
                    out.append("")
                    line = [""] + line
                out.append("\t".join(line) + ("\t" if tstyle["trailing_tab"] else ""))
            continue
        fields = [f.replace("\n", joiner) for f in fields]
        out.append("\t".join(fields) + ("\t" if tstyle["trailing_tab"] else ""))
    return out


def cells_rows(g):
    """Word's view of a row: one entry per cell starting in the row, plus one empty entry for each cell
    merged down from above (vMerge continue) - gridSpan cells appear once."""
    starts = {(c["row"], c["col"]): c for c in g["cells"]}
    cov = covering(g)
    rows = []
    for r in range(g["rows"]):
        entries = []
        x = 0
        while x < g["cols"]:
            c = starts.get((r, x))
            if c:
                entries.append(c)
                x += c["cs"]
                continue
            above = cov.get((r, x))
            if above is not None:
                entries.append({"text": "", "key": None, "cont": True})
                x += above["cs"]
            else:
                x += 1
        rows.append(entries)
    return rows


def cells_table(g, tstyle, rng):
    out = []
    for entries in cells_rows(g):
        for e in entries:
            t = e["text"]
            if e.get("key") and t and tstyle["pad_values"] and rng.random() < 0.5:
                t = rng.choice([" " + t, t + " "])
            parts = t.split("\n")
            out.append("\t" + parts[0])
            out += parts[1:]
        out.append("")
    return out


def md_table(g, tstyle, rng, lost):
    extra = tstyle["md_extra_cols"]
    ncols = g["cols"] + extra
    grid = [["" for _ in range(ncols)] for _ in range(g["rows"])]
    conv = tstyle["converter"]
    apps = g["table"] == "applications"
    for c in g["cells"]:
        t = c["text"]
        r0 = c["row"]
        if conv and c["key"] is None and r0 == 0 and c["rs"] > 1 and apps:
            r0 = 1  # seed 002: the tall note of the applications header lands in its second row
        if conv and c["key"] is None and c["rs"] == 2 and c["row"] == 1 and apps:
            r0 = 2  # seed 002: 自然人 / 总计 written on the lowest header row
        if c["rs"] >= 3 and "\n" in t and rng.random() < 0.6:
            # tall vertical label split over the middle rows of its span (seed 002: 三、本 / 年度办 / 理结果)
            parts = t.split("\n")
            start = c["row"] + max(0, (c["rs"] - len(parts)) // 2)
            for k, p in enumerate(parts):
                if start + k < g["rows"]:
                    grid[start + k][c["col"]] = p
        else:
            grid[r0][c["col"]] = t.replace("\n", "<br>")
    if conv and tstyle["eat_first_value"] and apps:
        # seed 002: in rows whose label spans several columns the converter loses the first value(s)
        starts = {(c["row"], c["col"]): c for c in g["cells"]}
        head, stub = starts[(0, 0)]["rs"], starts[(0, 0)]["cs"]  # the corner: header rows, label columns
        wide = {c["row"]: c["cs"] for c in g["cells"]
                if c["key"] is None and c["cs"] >= 2 and c["col"] + c["cs"] == stub}
        for r in range(head, g["rows"]):
            if r not in wide:
                continue
            if rng.random() < tstyle["eat_first_value"]:
                n = 2 if (wide[r] == 2 and rng.random() < 0.3) else 1
                for x in range(stub, stub + n):
                    vc = starts.get((r, x))
                    if vc and vc["key"] and grid[r][x] != "":
                        grid[r][x] = ""
                        lost.add(vc["key"])
    out = []
    for r, row in enumerate(grid):
        out.append("| " + " | ".join(row) + " |")
        if r == 0:
            out.append("|" + "|".join(["---"] * ncols) + "|")
    return out


def render_md(doc, rng):
    """Markdown as a PDF-to-Markdown converter writes it (seed 002); returns (text, lost value keys)."""
    lines = []
    conv = rng.random() < 0.25
    tstyle = {"md_extra_cols": rng.choice([0, 0, 0, 2, 3, 4]), "converter": conv,
              "eat_first_value": rng.choice([0.0, 0.3, 0.6]) if conv else 0.0}
    lost = set()
    lvl = rng.choice([1, 2])
    for b in doc["blocks"]:
        kind = b[0]
        if kind == "title":
            lines += ["# " + " ".join(b[1]), ""]
        elif kind == "heading":
            lines += ["#" * (lvl + rng.choice([0, 0, 0, 1])) + " " + b[1], ""]
        elif kind in ("para", "sign"):
            lines += [b[1], ""]
        elif kind == "table":
            lines += md_table(b[2], tstyle, rng, lost) + [""]
    return "\n".join(lines), lost, {"converter": conv, "eat_first_value": tstyle["eat_first_value"]}


def render_html_md(doc, rng):
    """Markdown whose tables are left as HTML, as PDF-to-Markdown converters and pandoc write merged cells."""
    style = rng.choice(["mineru", "pandoc"])
    lines = []
    for b in doc["blocks"]:
        kind = b[0]
        if kind == "title":
            lines += ["# " + "".join(b[1]), ""]
        elif kind == "heading":
            lines += ["#" * (b[2] + 1) + " " + b[1], ""]
        elif kind in ("para", "sign"):
            lines += [b[1], ""]
        elif kind == "table":
            rows = html_rows(b[2], lambda t: "<br>".join(esc(x) for x in t.split("\n")))
            if style == "mineru":
                lines += ["<html><body><table>" + "".join("<tr>" + "".join(t) + "</tr>" for t in rows) + "</table></body></html>", ""]
            else:
                lines += ["<table>", "<tbody>"]
                for k, tds in enumerate(rows):
                    lines += [f'<tr class="{"odd" if k % 2 == 0 else "even"}">'] + tds + ["</tr>"]
                lines += ["</tbody>", "</table>", ""]
    return "\n".join(lines), style


# =========================================================================== OCR damage

PROBLEMS = specs.section_body("problems")  # the section after the review table
LABEL_CONFUSIONS = [("总计", "总记"), ("已", "己"), ("未", "末"), ("予", "子"), ("入", "人"), ("土", "士")]
FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")
GARBAGE = ["4+H 4+H H", "++/th >", "<b>水</b> 十", "纟吉果", "|"]


def damage(doc, rng):
    """A damaged copy of the document (model level), with the keys of lost and confused value cells."""
    d = copy.deepcopy(doc)
    lost, confused = set(), set()
    fullwidth_mode = rng.random() < 0.25
    p_conf_label = rng.uniform(0.03, 0.12)
    p_digit = rng.uniform(0.0, 0.06)
    p_drop = rng.choice([0.0, 0.0, 0.01, 0.02, 0.05])
    p_space = rng.uniform(0.0, 0.15)
    truncate = rng.random() < 0.1
    garbage_review_header = rng.random() < 0.06
    for b in d["blocks"]:
        if b[0] != "table":
            continue
        g = b[2]
        for c in g["cells"]:
            t = c["text"]
            if c["key"] is None:
                if not t:
                    continue
                if rng.random() < p_conf_label:
                    opts = [(a, z) for a, z in LABEL_CONFUSIONS if a in t]
                    if opts:
                        a, z = rng.choice(opts)
                        t = t.replace(a, z, 1)
                    elif len(t) > 4:
                        k = rng.randrange(1, len(t) - 1)   # a dropped character
                        t = t[:k] + t[k + 1:]
                if "总计" in t and rng.random() < 0.15:
                    t = t.replace("总计", "总记")
                if rng.random() < p_space and len(t) > 3:
                    k = rng.randrange(1, len(t) - 1)
                    t = t[:k] + " " + t[k:]
                if b[1] == "review_litigation" and c["row"] in (1, 2) and garbage_review_header and rng.random() < 0.3:
                    t = rng.choice(GARBAGE)
                elif rng.random() < 0.01:
                    t = f"<b>{t}</b>"
                c["text"] = t
            else:
                if not t:
                    continue
                if rng.random() < p_drop:
                    c["text"] = ""
                    lost.add(c["key"])
                    continue
                if rng.random() < p_digit and any(ch in t for ch in "01"):
                    t = "".join((rng.choice("Oo") if ch == "0" and rng.random() < 0.7 else
                                 rng.choice("lI") if ch == "1" and rng.random() < 0.7 else ch) for ch in t)
                    if t != c["text"]:
                        confused.add(c["key"])
                if fullwidth_mode and rng.random() < 0.7:
                    t = t.translate(FULLWIDTH)
                c["text"] = t
    if truncate:
        # the extraction stops inside the applications table; the review section is lost (seeds 000, 004)
        for bi, b in enumerate(d["blocks"]):
            if b[0] == "table" and b[1] == "applications":
                g = b[2]
                cut = rng.randint(6, g["rows"] - 2)
                g["rows"] = cut
                kept = []
                for c in g["cells"]:
                    if c["row"] < cut:
                        c["rs"] = min(c["rs"], cut - c["row"])
                        kept.append(c)
                    elif c["key"]:
                        lost.add(c["key"])
                g["cells"] = kept
                # drop the review heading + table (+ its prose)
                j = bi + 1
                drop_to = j
                while drop_to < len(d["blocks"]) and not (d["blocks"][drop_to][0] == "heading" and
                                                          PROBLEMS in d["blocks"][drop_to][1]):
                    drop_to += 1
                for b2 in d["blocks"][j:drop_to]:
                    if b2[0] == "table":
                        for c in b2[2]["cells"]:
                            if c["key"]:
                                lost.add(c["key"])
                del d["blocks"][j:drop_to]
                break
    # prose damage
    nb = []
    for b in d["blocks"]:
        if b[0] == "para" and rng.random() < 0.05:
            b = ("para", "[bookmark: _GoBack]" + b[1])
        if b[0] == "para" and rng.random() < 0.05 and len(b[1]) > 10:
            k = rng.randrange(1, len(b[1]) - 1)
            b = ("para", b[1][:k] + " " + b[1][k:])
        if b[0] == "title" and rng.random() < 0.15:
            t = b[1][-1]
            k = t.find("年度报告")
            if k > 0:
                b = ("title", b[1][:-1] + [t[:k + 2] + " " + t[k + 2:]])
        nb.append(b)
    d["blocks"] = nb
    return d, lost, confused, {"truncated": truncate, "fullwidth": fullwidth_mode,
                               "p_drop": p_drop, "p_digit": round(p_digit, 3)}


def shift_rows_tab(lines_table, rng, p):
    """Some rows lose their leading empty fields (row-group continuation) - seeds 000/004."""
    out = []
    for ln in lines_table:
        if ln.startswith("\t") and rng.random() < p:
            ln = ln.lstrip("\t")
        out.append(ln)
    return out


def render_ocr(doc, rng, base):
    tstyle = {"blank_lines": base == "tab", "nl_joiner": rng.choice(["", " "]), "trailing_tab": rng.random() < 0.3,
              "pad_values": rng.random() < 0.3, "tab_mode": rng.choice(["grid", "word"]), "pad": rng.random() < 0.7,
              "split_headers": rng.random() < 0.3}
    p_shift = rng.choice([0.0, 0.0, 0.03, 0.08])
    if base == "tab":
        fn = lambda g: shift_rows_tab(tab_table(g, tstyle), rng, p_shift)  # noqa: E731
    else:
        fn = lambda g: cells_table(g, tstyle, rng)  # noqa: E731
    info = {k: tstyle[k] for k in ("tab_mode", "split_headers")} if base == "tab" else {}
    return text_blocks(doc, tstyle, fn), dict(info, p_shift=p_shift)

# =========================================================================== shapes real files arrive in
# (issue 32) crawled.txt, ocr.md, pdf.md, blank.html, wps.txt. Each has its own rng stream, so the
# shapes above stay byte-identical for a seed.

def anchored_rows(g):
    """The cells starting in each row of grid g, left to right (HTML model)."""
    by_row = [[] for _ in range(g["rows"])]
    for c in g["cells"]:
        by_row[c["row"]].append(c)
    return [sorted(r, key=lambda c: c["col"]) for r in by_row]


def flat(t):
    return t.replace("\n", "")


def crawl_row(cells, space_before):
    """One table row as a site crawler writes it: the cells' text run together, blank cells dropped;
    space_before(i, cells) says whether a space goes before cell i. Shared with Scripts/make_crawled.py."""
    out = ""
    for i, cell in enumerate(cells):
        if cell == "":
            continue
        out += (" " if out and space_before(i, cells) else "") + cell
    return out


NUMERIC = re.compile(r"[0-9.]+")


def render_crawled(doc, rng):
    """A page flattened by a site crawler (seeds 01/03/05/13/15): crawler header lines, a banner, then the
    article on one line (or a few), table rows run together with no separator, blank cells dropped,
    values sometimes spaced irregularly."""
    v = doc["v"]
    y = v["year"]
    title = "".join(t.strip() for t in next(b[1] for b in doc["blocks"] if b[0] == "title"))
    mm, dd = rng.randint(1, 3), rng.randint(1, 28)
    stamp = f"{y + 1}-{mm:02d}-{dd:02d} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}"
    num = rng.randint(10000, 99999)
    head = [f"标题: {title}", f"发布时间: {stamp}", "文号: ",
            f"发布机构: {doc['full_agency'] if rng.random() < 0.4 else ''}", "栏目: 政府信息公开年报",
            f"原文链接: https://www.example.invalid/zwgk/zfxxgknb/{y + 1}{mm:02d}/t{y + 1}{mm:02d}{dd:02d}_{num}.htm"]
    if rng.random() < 0.6:
        head.append(f"本地目录: zwgk/zfxxgknb/{y + 1}{mm:02d}/{num}_{title}")
        head.append("页面链接与图片详见 links.tsv(同目录)")
    head.append("==================== 正文 ====================")
    spacing = rng.choices(["none", "some", "most"], weights=[55, 25, 20])[0]
    p_join_space = rng.choice([0.0, 0.1, 0.4])

    def space_before(i, cells):
        if spacing == "none" or i == 0 or not NUMERIC.fullmatch(cells[i]):
            return False
        prev = next((c for c in reversed(cells[:i]) if c != ""), "")
        if not NUMERIC.fullmatch(prev):
            return False
        return rng.random() < (0.35 if spacing == "some" else 0.8)

    parts = []  # (text, is_block_boundary)
    if rng.random() < 0.3:
        parts.append(f"当前位置：首页 > 政务公开 > 政府信息公开年报 {title} 来源：{v['agency']} 时间：{stamp} 打印 关闭")
    for b in doc["blocks"]:
        kind = b[0]
        if kind == "title":
            if rng.random() < 0.5:
                parts.append(title)
        elif kind in ("heading", "para", "sign"):
            parts.append(b[1])
        elif kind == "table":
            rows = []
            for cells in anchored_rows(b[2]):
                row = crawl_row([flat(c["text"]).strip() for c in cells], space_before)
                if row:
                    rows.append(row)
            joined = ""
            for r in rows:
                joined += (" " if joined and rng.random() < p_join_space else "") + r
            parts.append(joined)
    if rng.random() < 0.3:
        parts.append("附件下载")
    # the article: one line, or a few (cut between blocks)
    n_lines = 1 if rng.random() < 0.7 else rng.randint(2, 4)
    cuts = set(rng.sample(range(1, len(parts)), k=min(n_lines - 1, len(parts) - 1)))
    lines, cur = [], ""
    for k, p in enumerate(parts):
        if k in cuts:
            lines.append(cur)
            cur = ""
        cur += (" " if cur and rng.random() < p_join_space else "") + p
    lines.append(cur)
    return "\n".join(head + lines) + "\n", {"spacing": spacing, "lines": len(lines)}


# --------------------------------------------------------------------------- blank.html

BLANK_CELLS = ["", "&nbsp;", "<p>&nbsp;</p>", "<p><o:p>&nbsp;</o:p></p>"]


def blank_org_columns(doc):
    """A copy of doc whose applications table prints the five 法人或其他组织 cells blank in every row
    where the printed 总计 equals the printed 自然人 (seed 21); the keys of the cells so blanked."""
    d = copy.deepcopy(doc)
    v = d["v"]["tables"]["applications"]
    spec = specs.report_tables(d["v"]["template"])["applications"]
    applicants = specs.applicant_cols(spec)
    orgs = applicants[1:]
    lost = set()
    g = next(b[2] for b in d["blocks"] if b[0] == "table" and b[1] == "applications")
    shown = lambda r, c: ("applications", r, c) not in doc["blanked"]  # noqa: E731
    rows = {r for r in v if shown(r, applicants[0]) and shown(r, "total")
            and v[r][applicants[0]] == v[r]["total"]}
    for c in g["cells"]:
        if c["key"] and c["key"][1] in rows and c["key"][2] in orgs:
            if c["text"] != "":
                lost.add(c["key"])
            c["text"] = ""
    return d, lost


# --------------------------------------------------------------------------- ocr.md

OCR_LOOKALIKE = [("已", "己"), ("未", "末"), ("予", "子"), ("人", "入"), ("持", "特"), ("密", "蜜"),
                 ("卷", "券"), ("访", "仿"), ("权", "杈"), ("申", "中"), ("请", "清"), ("纠", "纟斗"),
                 ("务", "各"), ("询", "洵"), ("确", "碓"), ("缴", "激"), ("总计", "总记"), ("规", "观"),
                 ("获", "荻"), ("沭", "沐"), ("逾", "逐"), ("掌", "堂")]


def misread(t, rng, p):
    """Characters of a label misread as look-alikes (never digits), each place with probability p."""
    out = t
    for a, z in OCR_LOOKALIKE:
        if a in out and rng.random() < p:
            out = out.replace(a, z, 1)
    return out


def md_grid(g, repeat):
    """The grid as rows of strings: text at a cell's anchor; covered slots empty, or (repeat) the
    text of a row-spanning label repeated down its rows."""
    grid = [["" for _ in range(g["cols"])] for _ in range(g["rows"])]
    for c in g["cells"]:
        t = flat(c["text"])
        for dy in range(c["rs"]):
            if dy and not (repeat and c["key"] is None):
                break
            grid[c["row"] + dy][c["col"]] = t
    return grid


def pipe(row):
    return "| " + " | ".join(row) + " |"


def sep(n):
    return "|" + "|".join(["---"] * n) + "|"


def render_ocr_md(doc, rng):
    """An OCR'd scan written as Markdown: tables cut into several pipe tables (page breaks, random
    points), continuation pieces under made-up headers (数据1 …), the review table as three tables,
    label characters misread as look-alikes (never digits), the odd paragraph broken in two."""
    p_misread = rng.uniform(0.03, 0.15)
    repeat = rng.random() < 0.3
    fake_header = rng.random() < 0.7
    fake_word = rng.choice(["数据", "数据", "列"])
    lines = []
    page = 1
    for b in doc["blocks"]:
        kind = b[0]
        if kind == "title":
            lines += ["# " + "".join(b[1]), ""]
        elif kind == "heading":
            lines += [("## " if rng.random() < 0.7 else "") + b[1], ""]
        elif kind in ("para", "sign"):
            t = misread(b[1], rng, p_misread / 3) if kind == "para" else b[1]
            if kind == "para" and len(t) > 30 and rng.random() < 0.12:
                k = rng.randrange(10, len(t) - 10)
                lines += [t[:k], "", t[k:], ""]
            else:
                lines += [t, ""]
        elif kind == "table":
            g = b[2]
            grid = md_grid(g, repeat)
            keyed = {(c["row"], c["col"]) for c in g["cells"] if c["key"]}
            for r, row in enumerate(grid):
                for x, t in enumerate(row):
                    if (r, x) not in keyed and t:
                        row[x] = misread(t, rng, p_misread)
            if b[1] == "review_litigation":
                # three tables, one per group of five columns
                pieces = []
                for k in range(g["cols"] // 5):
                    sub = [row[5 * k:5 * k + 5] for row in grid]
                    sub = [row for row in sub if any(row)]
                    pieces.append(sub)
            else:
                n_cuts = rng.choice([0, 1, 1, 2, 2, 3]) if b[1] == "applications" else rng.choice([0, 0, 1])
                cand = list(range(2, g["rows"] - 1))
                cuts = sorted(rng.sample(cand, k=min(n_cuts, len(cand))))
                pieces, last = [], 0
                for cut in cuts + [g["rows"]]:
                    pieces.append(grid[last:cut])
                    last = cut
            for k, piece in enumerate(pieces):
                n = max(len(r) for r in piece)
                if k and fake_header:
                    lines += [pipe([f"{fake_word}{j + 1}" for j in range(n)]), sep(n)]
                    body = piece
                else:
                    lines += [pipe(piece[0]), sep(n)]
                    body = piece[1:]
                lines += [pipe(r) for r in body]
                lines.append("")
                if k + 1 < len(pieces) and b[1] != "review_litigation" and rng.random() < 0.4:
                    page += 1
                    lines += [rng.choice([f"- {page} -", f"第 {page} 页", str(page)]), ""]
    return "\n".join(lines), {"p_misread": round(p_misread, 3), "repeat": repeat, "fake_header": fake_header}


# --------------------------------------------------------------------------- pdf.md

def text_width(t):
    return sum(0.5 if ord(ch) < 128 else 1 for ch in t)


NO_LINE_START = set("，。、；：？！）》”’,.;:)%")


def wrap(t, width):
    """Greedy wrap of text into lines of at most WIDTH (a CJK character 1, ASCII 0.5); closing
    punctuation stays at the end of its line, as PDF line breaking keeps it."""
    lines, cur, w = [], "", 0.0
    for ch in t:
        cw = 0.5 if ord(ch) < 128 else 1
        if cur and w + cw > width and ch not in NO_LINE_START:
            lines.append(cur)
            cur, w = "", 0.0
        cur += ch
        w += cw
    if cur or not lines:
        lines.append(cur)
    return lines


SECTION_NUM = re.compile(r"^(?:[一二三四五六七八九十]+|\d+)、\s*")


def pdfmd_prose(t, width):
    return wrap(t, width)


def pdfmd_active(g, rng, caption):
    """第二十条 blocks: the one-value blocks as text lines (信息内容本年处理决定数量 / 行政许可 97), the
    block with three value columns as a pipe table printed after them."""
    rows = anchored_rows(g)
    text, tables = [], []
    blocks, cur = [], None
    for cells in rows:
        if len(cells) == 1 and cells[0]["key"] is None and cells[0]["cs"] == g["cols"]:
            cur = {"title": flat(cells[0]["text"]), "rows": []}
            blocks.append(cur)
        else:
            cur["rows"].append(cells)
    for bl in blocks:
        text.append(bl["title"])
        n_vals = max(sum(1 for c in cells if c["key"]) for cells in bl["rows"])
        if n_vals > 1:
            hdr = [flat(c["text"]) for c in bl["rows"][0]]
            tables += [pipe(hdr), sep(len(hdr))]
            tables += [pipe([flat(c["text"]) for c in cells]) for cells in bl["rows"][1:]]
        else:
            text.append("".join(flat(c["text"]) for c in bl["rows"][0]))
            for cells in bl["rows"][1:]:
                text.append(" ".join(flat(c["text"]) for c in cells if flat(c["text"])))
    return text + ([caption] if caption else []) + tables


def pdfmd_review(g, rng):
    """Header text lines, then a pipe table whose header holds twelve pieces of the wrapped column
    headers and whose one row holds all fifteen values."""
    rows = anchored_rows(g)
    head = [c for cells in rows for c in cells if c["key"] is None]
    vals = [c for cells in rows for c in cells if c["key"]]
    leaf = sorted([c for c in head if c["row"] + c["rs"] == len(rows) - 1], key=lambda c: c["col"])
    groups = [c for c in head if c not in leaf]
    out = []
    top = sorted(groups, key=lambda c: (c["row"], c["col"]))
    by_row = {}
    for c in top:
        by_row.setdefault(c["row"], []).append(flat(c["text"]))
    out += ["".join(v) for _, v in sorted(by_row.items())]
    pieces = [wrap(flat(c["text"]).replace(" ", ""), 2) for c in leaf]
    first = [p[0] for p in pieces if len(p) > 1]
    second = [p[1] for p in pieces if len(p) > 1]
    totals = [p[0] for p in pieces if len(p) == 1]
    k = len(first) // 3 if len(first) >= 3 else len(first)
    out.append("".join(first[:k]))
    if totals:
        out.append(totals[0])
        out.append("".join(totals[1:]))
    out.append("".join(second[k:]))
    hdr = second[:k] + first[k:] if rng.random() < 0.7 else second
    n = len(vals)
    out += [pipe(hdr), sep(len(hdr)), pipe([c["text"] for c in sorted(vals, key=lambda c: c["col"])]), sep(n)]
    return out


def pdfmd_applications(g, rng, lost, page, caption):
    """The applications table as a PDF-to-Markdown tool writes it (seed 19): labels that wrap in
    the PDF detached from their values and printed as text lines before (or after) them, their
    values left as label-less one-row tables; group labels broken into pieces over lines, glued to
    the row label printed beside them; each run of rows its own little pipe table; page footers."""
    rows = anchored_rows(g)
    starts = {(c["row"], c["col"]): c for c in g["cells"]}
    corner = starts[(0, 0)]
    head, stub = corner["rs"], corner["cs"]
    widths = [rng.choice([2, 3]), rng.choice([3, 4]), rng.randint(8, 12)][:stub]
    while len(widths) < stub:
        widths.append(4)
    wc = rng.choice([2, 3])  # value column width (the 法人或其他组织 headers wrap)

    def span_width(c):
        return sum(widths[c["col"]:c["col"] + c["cs"]]) + (c["cs"] - 1)

    out = []
    # ---- header rows: text lines, the second pieces of the wrapped column headers as the table header
    hdr_cells = [c for c in g["cells"] if c["row"] < head and c is not corner]
    note = wrap(flat(corner["text"]), sum(widths) + stub - 1)
    spanning = [flat(c["text"]) for c in hdr_cells if c["cs"] > 1]
    tall = [flat(c["text"]).replace(" ", "") for c in hdr_cells if c["cs"] == 1 and c["rs"] > 1]
    leafs = sorted([c for c in hdr_cells if c["cs"] == 1 and c["rs"] == 1], key=lambda c: c["col"])
    lp = [wrap(flat(c["text"]).replace(" ", ""), wc) for c in leafs]
    out += spanning[:1]
    out.append(note[0] + "".join(spanning[1:]))
    out += note[1:]
    out.append("".join(tall))
    out.append("".join(p[0] for p in lp))
    out += ["".join(p[k] for p in lp if len(p) > k) for k in range(2, max(len(p) for p in lp))]
    if caption:
        out.append(caption)
    hdr = [p[1] for p in lp if len(p) > 1]
    first_table_extra = bool(hdr)
    # ---- data rows: visual lines, group pieces on them
    data = list(range(head, g["rows"]))
    label_of, vals_of, nlines, line0 = {}, {}, {}, {}
    line = 0
    for r in data:
        lab = [c for c in rows[r] if c["key"] is None and c["col"] + c["cs"] == stub and c["rs"] == 1]
        label_of[r] = wrap(flat(lab[0]["text"]), span_width(lab[0])) if lab and lab[0]["text"] else []
        vals_of[r] = [c for c in rows[r] if c["key"]]
        nlines[r] = max(1, len(label_of[r]))
        line0[r] = line
        line += nlines[r]
    at_line = {}
    for c in g["cells"]:
        if c["key"] is None and c["row"] >= head and c["rs"] > 1 and c["text"]:
            pieces = wrap(flat(c["text"]).replace(" ", ""), span_width(c))
            span = range(c["row"], c["row"] + c["rs"])
            V = sum(nlines[r] for r in span)
            s = line0[c["row"]] + max(0, (V - len(pieces)) // 2)
            for k, p in enumerate(pieces):
                at_line.setdefault(min(s + k, line0[c["row"]] + V - 1), []).append((c["col"], p))
    items = []  # per row: ("row", cells, text_lines)
    for r in data:
        vals = [c["text"] for c in vals_of[r]]
        lab = label_of[r]
        frags = [[p for _, p in sorted(at_line.get(line0[r] + j, []))] for j in range(nlines[r])]
        if len(lab) == 1:
            cells = frags[0] + lab + vals
            items.append({"cells": cells, "text": [], "labelled": True, "row": r})
        else:
            text = ["".join(frags[j]) + (lab[j] if j < len(lab) else "") for j in range(nlines[r])]
            items.append({"cells": vals, "text": [t for t in text if t], "labelled": False, "row": r})
    # a value printed out of its row, as a stray line (seed 19's 结转 总计)
    if rng.random() < 0.3:
        cand = [it for it in items if it["labelled"] and vals_of[it["row"]] and vals_of[it["row"]][-1]["text"]]
        if cand:
            it = rng.choice(cand)
            vc = vals_of[it["row"]][-1]
            it["cells"] = it["cells"][:-1] + [""]
            lost.add(vc["key"])
            host = rng.choice(items)
            host["text"] = host["text"] + [vc["text"]]
    # ---- regions (the tool's blocks): text lines first, then the tables
    regions, k = [], 0
    while k < len(items):
        n = rng.randint(2, 6)
        regions.append(items[k:k + n])
        k += n
    for a in range(len(regions) - 1):  # a label sometimes lands in the next block (below its values)
        if regions[a] and not regions[a][-1]["labelled"] and regions[a][-1]["text"] and rng.random() < 0.3:
            regions[a + 1] = [{"cells": None, "text": regions[a][-1]["text"], "labelled": False, "row": -1}] + regions[a + 1]
            regions[a][-1] = dict(regions[a][-1], text=[])
    first = True        # the broken column headers not printed yet
    first_run = None    # columns of the first run while it lasts (one wider: a trailing empty cell)
    for reg in regions:
        text = [t for it in reg for t in it["text"]]
        if text:
            out += [""] + text
            first_run = None
        prev_n = None
        for it in reg:
            if it["cells"] is None:
                continue
            cells = list(it["cells"])
            if first and first_table_extra:
                first_run = len(vals_of[it["row"]]) + 2
                out += [pipe(hdr + [""] * (first_run - len(hdr))), sep(first_run)]
                prev_n = first_run
            first = False
            if first_run and it["labelled"] and len(cells) <= first_run:
                out.append(pipe(cells + [""] * (first_run - len(cells))))
                continue
            first_run = None
            if it["labelled"] and prev_n == len(cells):
                out.append(pipe(cells))
            else:
                out += [pipe(cells), sep(len(cells))]
            prev_n = len(cells) if it["labelled"] else None
            if rng.random() < 0.04:
                page[0] += 1
                out.append(f"- {page[0]} -")
                prev_n = None
    return out


def render_pdf_md(doc, rng):
    """PDF-to-Markdown tool output (seed 19): prose hard-wrapped at the PDF's line length, tables in
    pieces (see pdfmd_applications), section titles misnumbered. Returns (text, lost keys, info)."""
    width = rng.randint(26, 34)
    renumber = rng.random() < 0.5
    drop_problems = rng.random() < 0.3
    captions = rng.random() < 0.6
    lost = set()
    page = [1]
    out = []
    if rng.random() < 0.3:
        out.append("正文")
    n_after = 0  # headings from the first table section on, numbered afresh when renumber
    table_no = rng.choice([1, 2])
    for b in doc["blocks"]:
        kind = b[0]
        if kind == "title":
            for t in b[1]:
                out += wrap(t.strip(), width - 10)
        elif kind == "heading":
            t = b[1]
            body = SECTION_NUM.sub("", t)
            is_table_sec = any(specs.section_body(s) in body for s in ("active", "applications", "review_litigation"))
            if is_table_sec or n_after:
                n_after += 1
                if renumber:  # the tables as an appendix numbered from 一, the sections after them following on
                    t = f"{CN_NUM[n_after - 1]}、{body}"
            if drop_problems and PROBLEMS in body:
                continue
            out += ["", t]
        elif kind == "para":
            out += pdfmd_prose(b[1], width)
            if rng.random() < 0.05:
                page[0] += 1
                out += [f"- {page[0]} -", ""]
        elif kind == "sign":
            out.append(b[1])
        elif kind == "table":
            g = b[2]
            cap = None
            if captions:
                title = {"active": "主动公开政府信息情况", "applications": "收到和处理政府信息公开申请情况",
                         "review_litigation": "政府信息公开行政复议、行政诉讼情况"}[b[1]]
                cap = f"## 表{CN_NUM[table_no]}：{title}"
            table_no += 1
            if b[1] == "active":
                out += pdfmd_active(g, rng, cap)
            elif b[1] == "applications":
                out += pdfmd_applications(g, rng, lost, page, cap)
            else:
                out += pdfmd_review(g, rng)
            out.append("")
    return "\n".join(out) + "\n", lost, {"width": width, "renumber": renumber, "drop_problems": drop_problems}


# --------------------------------------------------------------------------- wps.txt (a WPS-like PDF, plain pdftotext)

FODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
           'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"')
WPS_FONTS = ["WenQuanYi Zen Hei Sharp", "WenQuanYi Zen Hei Mono", "WenQuanYi Zen Hei"]


def xesc(s):
    return esc(s).replace('"', "&quot;")


def wps_widths(g, name, rng):
    """Column widths (cm) of a table as a WPS document lays it out: a narrow label column."""
    starts = {(c["row"], c["col"]): c for c in g["cells"]}
    if name == "applications":
        stub = starts[(0, 0)]["cs"]
        lab = [rng.uniform(0.9, 1.4), rng.uniform(1.3, 1.8), rng.uniform(2.6, 3.6)][:stub]
        return lab + [rng.uniform(1.05, 1.35)] * (g["cols"] - stub)
    if name == "active":
        return [rng.uniform(2.6, 3.4)] + [rng.uniform(2.6, 3.6)] * (g["cols"] - 1)
    return [rng.uniform(0.95, 1.1)] * g["cols"]


def render_wps_fodt(doc, rng):
    """A flat ODF text document laid out like a WPS-made report: 仿宋-sized body text, narrow label
    columns (labels wrap over several lines), small table text, a page header and a - N - footer,
    rows allowed to break over pages. LibreOffice prints it to PDF; pdftotext (plain) reads it."""
    font = rng.choice(WPS_FONTS)
    body_pt = rng.choice([14, 15, 16])
    cell_pt = rng.choice([9, 10, 10.5])
    header = rng.random() < 0.6
    footer = rng.choice(["- {n} -", "— {n} —", "第 {n} 页"])
    y = doc["v"]["year"]
    auto = [f'<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" '
            f'fo:page-height="29.7cm" fo:margin-top="{rng.uniform(1.8, 2.6):.2f}cm" fo:margin-bottom="1.6cm" '
            f'fo:margin-left="{rng.uniform(2.4, 2.8):.2f}cm" fo:margin-right="{rng.uniform(2.2, 2.6):.2f}cm"/>'
            '<style:header-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-bottom="0.3cm"/></style:header-style>'
            '<style:footer-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-top="0.3cm"/></style:footer-style>'
            '</style:page-layout>']
    styles = [
        f'<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:text-indent="{2 * body_pt}pt" '
        f'fo:line-height="{rng.choice([130, 150])}%"/><style:text-properties style:font-name="F" style:font-name-asian="F" '
        f'fo:font-size="{body_pt}pt" style:font-size-asian="{body_pt}pt"/></style:style>',
        f'<style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.4cm"/>'
        f'<style:text-properties style:font-name="F" style:font-name-asian="F" fo:font-size="{body_pt + 6}pt" '
        f'style:font-size-asian="{body_pt + 6}pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>',
        f'<style:style style:name="Head" style:family="paragraph"><style:paragraph-properties fo:text-indent="{2 * body_pt}pt"/>'
        f'<style:text-properties style:font-name="F" style:font-name-asian="F" fo:font-size="{body_pt}pt" '
        f'style:font-size-asian="{body_pt}pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>',
        f'<style:style style:name="Sign" style:family="paragraph"><style:paragraph-properties fo:text-align="end"/>'
        f'<style:text-properties style:font-name="F" style:font-name-asian="F" fo:font-size="{body_pt}pt" style:font-size-asian="{body_pt}pt"/></style:style>',
        f'<style:style style:name="Cell" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/>'
        f'<style:text-properties style:font-name="F" style:font-name-asian="F" fo:font-size="{cell_pt}pt" style:font-size-asian="{cell_pt}pt"/></style:style>',
        f'<style:style style:name="CellL" style:family="paragraph"><style:paragraph-properties fo:text-align="start"/>'
        f'<style:text-properties style:font-name="F" style:font-name-asian="F" fo:font-size="{cell_pt}pt" style:font-size-asian="{cell_pt}pt"/></style:style>',
        '<style:style style:name="HF" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/>'
        '<style:text-properties style:font-name="F" style:font-name-asian="F" fo:font-size="9pt" style:font-size-asian="9pt"/></style:style>',
        '<style:style style:name="Td" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" '
        'fo:padding="0.04cm" style:vertical-align="middle"/></style:style>',
    ]
    body = []
    tno = 0
    for b in doc["blocks"]:
        kind = b[0]
        if kind == "title":
            body += [f'<text:p text:style-name="Title">{xesc(t)}</text:p>' for t in b[1]]
        elif kind == "heading":
            body.append(f'<text:p text:style-name="Head">{xesc(b[1])}</text:p>')
        elif kind == "para":
            body.append(f'<text:p text:style-name="Body">{xesc(b[1])}</text:p>')
        elif kind == "sign":
            body.append(f'<text:p text:style-name="Sign">{xesc(b[1])}</text:p>')
        elif kind == "table":
            g = b[2]
            tno += 1
            widths = wps_widths(g, b[1], rng)
            auto.append(f'<style:style style:name="T{tno}" style:family="table"><style:table-properties '
                        f'style:width="{sum(widths):.2f}cm" table:align="center" style:may-break-between-rows="true"/></style:style>')
            auto += [f'<style:style style:name="T{tno}c{x}" style:family="table-column"><style:table-column-properties '
                     f'style:column-width="{w:.2f}cm"/></style:style>' for x, w in enumerate(widths)]
            auto.append(f'<style:style style:name="T{tno}r" style:family="table-row"><style:table-row-properties '
                        f'fo:keep-together="auto"/></style:style>')
            body.append(f'<table:table table:name="Table{tno}" table:style-name="T{tno}">')
            body += [f'<table:table-column table:style-name="T{tno}c{x}"/>' for x in range(len(widths))]
            starts = {(c["row"], c["col"]): c for c in g["cells"]}
            cov = covering(g)
            for r in range(g["rows"]):
                body.append(f'<table:table-row table:style-name="T{tno}r">')
                for x in range(g["cols"]):
                    c = starts.get((r, x))
                    if c is None:
                        body.append('<table:covered-table-cell/>' if (r, x) in cov else
                                    '<table:table-cell table:style-name="Td"><text:p text:style-name="Cell"/></table:table-cell>')
                        continue
                    span = (f' table:number-rows-spanned="{c["rs"]}"' if c["rs"] > 1 else "") + \
                           (f' table:number-columns-spanned="{c["cs"]}"' if c["cs"] > 1 else "")
                    ps = "CellL" if (c["key"] is None and b[1] == "applications" and len(flat(c["text"])) > 10) else "Cell"
                    paras = "".join(f'<text:p text:style-name="{ps}">{xesc(t)}</text:p>' for t in c["text"].split("\n"))
                    body.append(f'<table:table-cell table:style-name="Td" office:value-type="string"{span}>{paras}</table:table-cell>')
                body.append('</table:table-row>')
            body.append('</table:table>')
            body.append('<text:p text:style-name="Body"/>')
    n0, n1 = footer.split("{n}")
    head_xml = (f'<style:header><text:p text:style-name="HF">{xesc(doc["v"]["agency"])}{y}年政府信息公开工作年度报告</text:p></style:header>'
                if header else "")
    master = (f'<style:master-page style:name="Standard" style:page-layout-name="pm1">{head_xml}'
              f'<style:footer><text:p text:style-name="HF">{xesc(n0)}<text:page-number text:select-page="current">1</text:page-number>'
              f'{xesc(n1)}</text:p></style:footer></style:master-page>')
    xml = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<office:document {FODT_NS} office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">',
           f'<office:font-face-decls><style:font-face style:name="F" svg:font-family="&apos;{font}&apos;"/></office:font-face-decls>',
           '<office:styles>' + "".join(styles) + '</office:styles>',
           '<office:automatic-styles>' + "".join(auto) + '</office:automatic-styles>',
           '<office:master-styles>' + master + '</office:master-styles>',
           '<office:body><office:text>'] + body + ['</office:text></office:body></office:document>', ""]
    return "\n".join(xml), {"font": font, "body_pt": body_pt, "cell_pt": cell_pt, "header": header}

# =========================================================================== driver

def keys_json(keys):
    out = {}
    for t, r, c in sorted(keys):
        out.setdefault(t, []).append([r, c])
    return out


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))


def soffice_batch(files, outdir, args, profile, chunk=60):
    """Run LibreOffice once per chunk of files (the caller looks for the outputs that are missing)."""
    for k in range(0, len(files), chunk):
        part = files[k:k + chunk]
        cmd = ["soffice", f"-env:UserInstallation={profile}", "--headless"] + args + \
              ["--outdir", str(outdir)] + [str(f) for f in part]
        try:
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60 + 20 * len(part))
        except subprocess.TimeoutExpired:
            print(f"soffice timed out on a chunk of {len(part)} files", file=sys.stderr)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--seed", default="1")
    ap.add_argument("--no-office", action="store_true", help="skip docx/pdf/layout.txt/raw.txt/wps.txt")
    ap.add_argument("--jobs", type=int, default=2, help="parallel pdftotext runs")
    a = ap.parse_args(argv)
    out = Path(a.outdir)
    out.mkdir(parents=True, exist_ok=True)
    stale = [f for f in out.iterdir() if f.is_file() and re.match(r"^\d{4,}\.", f.name)]
    for f in stale:  # files of an earlier corpus in the same folder would be scored with this one
        f.unlink()
    width = max(4, len(str(a.count - 1)))
    t0 = time.time()
    html_files = []
    wps_sources = []  # (name, flat ODF text) printed to PDF by LibreOffice for wps.txt
    n_blank = n_2019 = 0
    for i in range(a.count):
        name = f"{i:0{width}d}"
        doc = build_report(a.seed, i)
        v = doc["v"]
        n_2019 += v["template"] == "2019"
        n_blank += bool(doc["blanked"])
        rng = random.Random(f"{a.seed}:{i}:shapes")
        # html (UTF-8) + gbk.html
        write(out / f"{name}.html", render_html(doc, random.Random(f"{a.seed}:{i}:html"), "utf8"))
        html_files.append(out / f"{name}.html")
        declare = rng.choices(["gbk", "gb2312", "none"], weights=[40, 40, 20])[0]
        page = render_html(doc, random.Random(f"{a.seed}:{i}:gbkhtml"), declare)
        (out / f"{name}.gbk.html").write_bytes(page.encode("gbk", errors="replace"))
        # plain-text shapes
        tst = {"blank_lines": True, "nl_joiner": rng.choice(["", "", " "]), "trailing_tab": rng.random() < 0.3,
               "tab_mode": rng.choice(["grid", "word"]), "pad": rng.random() < 0.7}
        write(out / f"{name}.tab.txt", text_blocks(doc, tst, lambda g: tab_table(g, tst)))
        crng = random.Random(f"{a.seed}:{i}:cells")
        cst = {"blank_lines": crng.random() < 0.3, "pad_values": crng.random() < 0.2}
        write(out / f"{name}.cells.txt", text_blocks(doc, cst, lambda g: cells_table(g, cst, crng)))
        md_text, md_lost, md_info = render_md(doc, random.Random(f"{a.seed}:{i}:md"))
        write(out / f"{name}.md", md_text)
        html_md_text, html_md_style = render_html_md(doc, random.Random(f"{a.seed}:{i}:htmlmd"))
        write(out / f"{name}.html.md", html_md_text)
        orng = random.Random(f"{a.seed}:{i}:ocr")
        base = orng.choice(["tab", "cells"])
        ddoc, lost, confused, ocr_info = damage(doc, orng)
        ocr_text, ocr_fmt = render_ocr(ddoc, orng, base)
        write(out / f"{name}.ocr.txt", ocr_text)
        # shapes real files arrive in (issue 32), each on its own rng stream
        crawled_text, crawled_info = render_crawled(doc, random.Random(f"{a.seed}:{i}:crawled"))
        write(out / f"{name}.crawled.txt", crawled_text)
        ocr_md_text, ocr_md_info = render_ocr_md(doc, random.Random(f"{a.seed}:{i}:ocrmd"))
        write(out / f"{name}.ocr.md", ocr_md_text)
        pdf_md_text, pdf_md_lost, pdf_md_info = render_pdf_md(doc, random.Random(f"{a.seed}:{i}:pdfmd"))
        write(out / f"{name}.pdf.md", pdf_md_text)
        brng = random.Random(f"{a.seed}:{i}:blankhtml")
        bdoc, blank_lost = blank_org_columns(doc)
        write(out / f"{name}.blank.html", render_html(bdoc, brng, "utf8", blank=brng.choice(BLANK_CELLS)))
        fodt, wps_info = render_wps_fodt(doc, random.Random(f"{a.seed}:{i}:wps"))
        wps_sources.append((name, fodt))
        truth = {"template": v["template"], "agency": v["agency"], "year": v["year"], "tables": v["tables"],
                 "blanked": keys_json(doc["blanked"]),
                 "blanked_by_shape": {"ocr.txt": keys_json(doc["blanked"] | lost),
                                      "md": keys_json(doc["blanked"] | md_lost),
                                      "pdf.md": keys_json(doc["blanked"] | pdf_md_lost),
                                      "blank.html": keys_json(doc["blanked"] | blank_lost)},
                 "confused_by_shape": {"ocr.txt": keys_json(confused)},
                 "variants": dict(doc["variants"], ocr=dict(ocr_info, base=base, **ocr_fmt), md=md_info, html_md=html_md_style,
                                 tab={k: tst[k] for k in ("tab_mode", "pad")},
                                 gbk_declared=declare, crawled=crawled_info, ocr_md=ocr_md_info,
                                 pdf_md=pdf_md_info, blank_html=len(blank_lost), wps=wps_info)}
        write(out / f"{name}.truth.json", json.dumps(truth, ensure_ascii=False, indent=1) + "\n")
    t1 = time.time()
    print(f"{a.count} reports ({n_2019} in the 2019 form, {n_blank} with blank cells in the clean sources) "
          f"written in {t1 - t0:.1f}s")
    if a.no_office:
        return 0
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        print("soffice/pdftotext not found: no docx/pdf/layout/raw shapes", file=sys.stderr)
        return 0
    profile = "file:///tmp/lo-gen-corpus"
    to_docx = ["--infilter=HTML (StarWriter)", "--convert-to", "docx:MS Word 2007 XML"]
    soffice_batch(html_files, out, to_docx, profile)
    docx = [out / f.name.replace(".html", ".docx") for f in html_files]
    missing = [f for f, d in zip(html_files, docx) if not d.exists()]
    if missing:  # one retry, file by file
        for f in missing:
            soffice_batch([f], out, to_docx, profile)
    t2 = time.time()
    print(f"docx: {sum(d.exists() for d in docx)}/{len(docx)} in {t2 - t1:.1f}s")
    have = [d for d in docx if d.exists()]
    soffice_batch(have, out, ["--convert-to", "pdf"], profile)
    pdfs = [d.with_suffix(".pdf") for d in have]
    t3 = time.time()
    print(f"pdf: {sum(p.exists() for p in pdfs)}/{len(pdfs)} in {t3 - t2:.1f}s")

    def totext(p):
        stem = p.name[:-4]
        subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(p), str(out / f"{stem}.layout.txt")],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["pdftotext", "-enc", "UTF-8", str(p), str(out / f"{stem}.raw.txt")],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        list(ex.map(totext, [p for p in pdfs if p.exists()]))
    t4 = time.time()
    print(f"layout.txt/raw.txt in {t4 - t3:.1f}s")
    # wps.txt: a WPS-like PDF (flat ODF -> LibreOffice -> PDF, kept in OUTDIR/wps/), plain pdftotext
    wdir = out / "wps"
    wdir.mkdir(exist_ok=True)
    for f in wdir.iterdir():  # an earlier corpus's files
        if f.is_file() and re.match(r"^\d{4,}\.(fodt|pdf)$", f.name):
            f.unlink()
    fodts = []
    for name, fodt in wps_sources:
        write(wdir / f"{name}.fodt", fodt)
        fodts.append(wdir / f"{name}.fodt")
    soffice_batch(fodts, wdir, ["--convert-to", "pdf"], profile)
    missing = [f for f in fodts if not f.with_suffix(".pdf").exists()]
    for f in missing:
        soffice_batch([f], wdir, ["--convert-to", "pdf"], profile)

    def wps_text(f):
        subprocess.run(["pdftotext", "-enc", "UTF-8", str(f.with_suffix(".pdf")), str(out / f"{f.stem}.wps.txt")],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        list(ex.map(wps_text, [f for f in fodts if f.with_suffix(".pdf").exists()]))
    t4b = time.time()
    print(f"wps.txt: {sum((out / f'{f.stem}.wps.txt').exists() for f in fodts)}/{len(fodts)} in {t4b - t4:.1f}s")
    t4 = t4b
    # The Python extractors' text (Scripts/pdf_text.py), when Scripts/setup.sh --tools made their environment.
    python = Path(__file__).resolve().parent.parent / ".build" / "pdf-tools" / "bin" / "python"
    if python.exists():
        subprocess.run([str(python), str(Path(__file__).resolve().parent / "pdf_text.py"), str(out)]
                       + [str(p) for p in pdfs if p.exists()], check=True)
        print(f"plumber.txt/plumber-layout.txt/mupdf.txt/mupdf4llm.md in {time.time() - t4:.1f}s")
    else:
        print("no .build/pdf-tools (Scripts/setup.sh --tools): no plumber/mupdf shapes", file=sys.stderr)
    print(f"total {time.time() - t0:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
