import Foundation
import Testing

@testable import NianbaoKit

/// Where an HTML table left in Markdown starts and ends in text (`PlainTextReader.htmlTableEnd`).
@Suite("HTML tables in text")
struct HTMLTablesInTextTests {
    static func blocks(_ text: String) throws -> [String] {
        try PlainTextReader().read(data: Data(text.utf8), path: "t.md").document.blocks.map { block in
            switch block {
            case .heading(let level, let text): return "h\(level) \(text)"
            case .paragraph(let text): return "p \(text)"
            case .table(let table): return "table \(table.rowCount)x\(table.columnCount) " + table.cells.map(\.text).joined(separator: "|")
            }
        }
    }

    @Test("a table over several lines, with spans, between Markdown blocks")
    func multiLine() throws {
        let text = "# 标题\n\n<table>\n<tr><td rowspan=\"2\">甲</td><td>1</td></tr>\n<tr><td>2</td></tr>\n</table>\n\n说明文字\n"
        #expect(try Self.blocks(text) == ["h1 标题", "table 2x2 甲|1|2", "p 说明文字"])
        let table = try #require(PlainTextReader().read(data: Data(text.utf8), path: "t.md").document.allTables.first)
        #expect(table.cells.first?.rowSpan == 2)
    }

    @Test("a nested table's end does not end the outer one; an unclosed table runs to the end")
    func nestedAndUnclosed() throws {
        let nested = "<table><tr><td>外\n<table><tr><td>内</td></tr></table>\n</td><td>3</td></tr>\n</table>\n之后\n"
        let got = try Self.blocks(nested)
        #expect(got.count == 2 && got[0].hasPrefix("table 1x2") && got[1] == "p 之后")
        #expect(try Self.blocks("前\n<html><body><table><tr><td>1</td><td>2</td></tr>\n<tr><td>3</td>\n") == ["p 前", "table 2x2 1|2|3|"])
    }

    @Test("prose that mentions <table> is not a table")
    func prose() throws {
        #expect(try Self.blocks("用 <table> 标记的表格\n") == ["p 用 <table> 标记的表格"])
    }

    @Test("outside a table, Markdown's <br> breaks a line and its comments go; an unclosed comment stays")
    func lineBreaks() throws {
        #expect(
            try Self.blocks("<!-- Start of picture text -->行政处罚 126<br>行政强制 0<br><!-- End of picture text -->\n")
                == ["p 行政处罚 126\n行政强制 0"])
        #expect(PlainTextReader.markdownLineBreaks("a <!-- b <br> c") == "a <!-- b\nc")
        #expect(PlainTextReader.markdownLineBreaks(String(repeating: "<!--", count: 50_000)).count == 200_000)
    }
}

/// PyMuPDF's marks of cells printed blank (no-break spaces at the end of a line): kept in the text as
/// printed, and given to the report as typed blank cells (`Document.trailingBlankCells`).
@Suite("Blank-cell marks in text")
struct BlankCellMarkTests {
    @Test("trailing no-break spaces are typed blank cells of their paragraph; a heading has none")
    func typedBlankCells() throws {
        let text = "规章 3 \u{A0}\u{A0}\n\u{A0}\n# 二、主动公开 \u{A0}\n行政许可 5\n"
        let read = try PlainTextReader().read(data: Data(text.utf8), path: "t.md")
        #expect(
            read.document.blocks == [
                .paragraph("规章 3 \u{A0}\u{A0}"), .paragraph(" \u{A0}"), .heading(level: 1, text: "二、主动公开"),
                .paragraph("行政许可 5"),
            ])
        #expect(read.document.trailingBlankCells == [0: 2, 1: 1])
        #expect(read.diagnostics.map(\.code) == ["blank_cell_marks"])
        let rows = SourceRow.rows(of: read.document)
        #expect(
            rows.map { $0.cells.map(\.reading) } == [
                [.text, .number(3, inferred: false), .blank, .blank], [.blank], [.text], [.text, .number(5, inferred: false)],
            ])
        // The same characters in a document no text reader marked are not blank cells.
        let unmarked = Document(blocks: read.document.blocks)
        #expect(SourceRow.rows(of: unmarked).map(\.cells.count) == [2, 0, 1, 2])
    }
}
