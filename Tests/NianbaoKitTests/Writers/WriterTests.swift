import Foundation
import Testing

@testable import NianbaoKit

@Suite("Writers")
struct WriterTests {
    static let spanned = Table(
        rowCount: 2, columnCount: 2,
        cells: [
            TableCell(row: 0, column: 0, columnSpan: 2, text: "申请人情况"),
            TableCell(row: 1, column: 0, text: "自然人|1"),
            TableCell(row: 1, column: 1, text: "a\nb"),
        ], headerRowCount: 1)

    @Test("a table with spans is written as an HTML table with each cell once")
    func markdownHTMLTable() {
        let md = MarkdownWriter().render(Document(blocks: [.table(Self.spanned)]))
        #expect(
            md == """
                <table>
                  <tr><th colspan="2">申请人情况</th></tr>
                  <tr><td>自然人|1</td><td>a<br>b</td></tr>
                </table>

                """ + "\n")
    }

    @Test("--tables fill writes a pipe table whose covered slots repeat the merged text")
    func markdownFilled() {
        let md = MarkdownWriter(options: .init(spannedTables: .fill)).render(Document(blocks: [.table(Self.spanned)]))
        #expect(md == "| 申请人情况 | 申请人情况 |\n| --- | --- |\n| 自然人\\|1 | a<br>b |\n")
    }

    @Test("headings, paragraphs and markup characters are written as Markdown")
    func markdownText() {
        let doc = Document(blocks: [.heading(level: 2, text: "一、总体情况"), .paragraph("1. 第一行*强调*\n第二行")])
        #expect(MarkdownWriter().render(doc) == "## 一、总体情况\n\n1\\. 第一行\\*强调\\*\\\n第二行\n")
    }

    @Test("JSON output decodes back to the same document")
    func jsonRoundTrip() throws {
        let nested = Table(rowCount: 1, columnCount: 1, cells: [TableCell(row: 0, column: 0, text: "内")])
        var table = Self.spanned
        table.cells[2].tables = [nested]
        table.caption = "表"
        let doc = Document(blocks: [.heading(level: 1, text: "标题"), .paragraph("段落"), .table(table)])
        let data = try JSONDocumentWriter().write(doc)
        #expect(try JSONDecoder().decode(Document.self, from: data) == doc)
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let block = (object["blocks"] as! [[String: Any]])[2]
        #expect(block["type"] as? String == "table")
        #expect(block["rows"] as? Int == 2 && block["cols"] as? Int == 2)
        let cell = (block["cells"] as! [[String: Any]])[0]
        #expect(cell["row"] as? Int == 0 && cell["col"] as? Int == 0 && cell["colspan"] as? Int == 2 && cell["rowspan"] as? Int == 1)
    }
}
