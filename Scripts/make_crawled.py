#!/usr/bin/env python3
"""Flatten a generated report page as a site crawler does: a header of `key: value` lines and a
`==== 正文 ====` banner, then the whole article on one line, table cells run together with no
separator (in every third table row, a space between every other pair of values), a space after
each table. The rows are joined by gen_corpus.crawl_row, as the corpus's crawled.txt shape joins them
(that shape also varies the spacing, the header lines and the line breaks per report).

    python3 Scripts/make_crawled.py Tests/Fixtures/reports/report_2021-html/input.html \
        > Tests/Fixtures/reports/report_2021-crawled/input.txt
"""
import sys
from html.parser import HTMLParser
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_corpus import NUMERIC, crawl_row  # noqa: E402  (the crawled.txt shape of the corpus joins rows the same way)


class Flattener(HTMLParser):
    def __init__(self):
        super().__init__()
        self.title, self.parts, self.row, self.cell = "", [], None, None
        self.in_title, self.skip, self.rows = False, False, 0

    def handle_starttag(self, tag, attrs):
        if tag in ("title", "style", "script"):
            self.in_title = tag == "title"
            self.skip = tag != "title"
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("title", "style", "script"):
            self.in_title = self.skip = False
        elif tag == "table":
            self.parts.append(" ")
        elif tag in ("td", "th") and self.row is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr":
            self.parts.append(self.join(self.row))
            self.row = None

    def join(self, cells):
        self.rows += 1
        n = self.rows

        def space_before(i, cells):
            return bool(n % 3 == 0 and i % 2 == 0 and i > 0 and NUMERIC.fullmatch(cells[i])
                        and NUMERIC.fullmatch(cells[i - 1]))
        return crawl_row(cells, space_before)

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif self.skip:
            pass
        elif self.cell is not None:
            self.cell += data
        elif data.strip():
            self.parts.append(data.strip())


def main():
    page = Flattener()
    page.feed(open(sys.argv[1], encoding="utf-8").read())
    print(f"标题: {page.title}")
    print("发布时间: 2025-01-20 09:30")
    print("文号: ")
    print("栏目: 政府信息公开年报")
    print("原文链接: https://example.invalid/zfxxgknb/t20250120_1.htm")
    print("==================== 正文 ====================")
    print("".join(page.parts))


if __name__ == "__main__":
    main()
