import Foundation
import Testing

@testable import NianbaoKit

/// Tests/Fixtures/hostile: odd or absurd files that are still readable (Scripts/make_bad_fixtures.py).
@Suite("Hostile but readable input")
struct HostileInputTests {
    static let directory = TestPaths.repository.appendingPathComponent("Tests/Fixtures/hostile")

    static func read(_ name: String) throws -> Document {
        try DocumentReader().read(path: directory.appendingPathComponent(name).path).document
    }

    static func firstTable(_ document: Document) -> Table? {
        for case .table(let table) in document.blocks { return table }
        return nil
    }

    static func text(_ document: Document) -> String {
        document.blocks.compactMap { block -> String? in
            switch block {
            case .paragraph(let text), .heading(_, let text): return text
            case .table: return nil
            }
        }.joined(separator: "\n")
    }

    @Test("colspan 10000 is cut to the HTML limit of 1000 columns; rowspan 65534 to the rows there are")
    func absurdHTMLSpans() throws {
        let wide = try #require(Self.firstTable(try Self.read("huge-colspan.html")))
        #expect(wide.columnCount == 1001 && wide.rowCount == 2)
        #expect(wide.cells.first { $0.text == "乙" }?.columnSpan == 1000)
        #expect(gridViolations(Document(blocks: [.table(wide)])).isEmpty)
        let tall = try #require(Self.firstTable(try Self.read("huge-rowspan.html")))
        #expect(tall.rowCount == 2 && tall.columnCount == 3)
        #expect(tall.cells.first { $0.text == "乙" }?.rowSpan == 2)
        let zero = try #require(Self.firstTable(try Self.read("zero-spans.html")))
        #expect(zero.rowCount == 2 && zero.columnCount == 3)
    }

    @Test("w:gridSpan 100000 is cut to the table grid")
    func absurdGridSpan() throws {
        let table = try #require(Self.firstTable(try Self.read("huge-gridspan.docx")))
        #expect(table.rowCount == 2 && table.columnCount == 2)
        #expect(table.cells.map(\.text) == ["甲", "乙", "丙", "丁"])
        #expect(table.cells.allSatisfy { $0.columnSpan == 1 })
    }

    @Test("a zip64 Word file reads")
    func zip64() throws {
        #expect(Self.text(try Self.read("zip64.docx")) == "六十四位")
    }

    @Test("text with a stray NUL, UTF-16 without a mark, and UTF-8 mixed with GBK all decode")
    func textEncodings() throws {
        #expect(Self.text(try Self.read("stray-nul.txt")) == "一、总体情况\n本机关依法公开政府信息。")
        #expect(Self.text(try Self.read("utf16le-no-bom.txt")) == "一、总体情况\nUTF-16 无字节序标记。")
        #expect(Self.text(try Self.read("mixed-encoding.txt")) == "一、总体情况 UTF-8\n二、主动公开政府信息情况 GBK")
        // The reader says how it decoded each, and what it dropped.
        let said = try ["stray-nul.txt", "utf16le-no-bom.txt", "mixed-encoding.txt", "wrong-charset.html"].map { name in
            try DocumentReader().read(path: Self.directory.appendingPathComponent(name).path).diagnostics.map(\.message)
        }
        #expect(
            said == [
                ["1 NUL byte dropped"], ["decoded as UTF-16LE (no byte-order mark)"],
                ["decoded as UTF-8 and GB18030, line by line"], ["decoded as GB18030"],
            ])
    }

    @Test("a page declaring UTF-8 but written in GBK decodes as GBK")
    func wrongCharset() throws {
        #expect(Self.text(try Self.read("wrong-charset.html")) == "声明为 UTF-8，实为 GBK。")
    }

    @Test("a GBK-only text still decodes as a whole, and binary bytes stay refused")
    func encodingDecisions() throws {
        // "一、总体情况\n二、主动公开\n三\n" in GBK.
        let data = Data([
            0xD2, 0xBB, 0xA1, 0xA2, 0xD7, 0xDC, 0xCC, 0xE5, 0xC7, 0xE9, 0xBF, 0xF6, 0x0A, 0xB6, 0xFE, 0xA1, 0xA2, 0xD6, 0xF7, 0xB6, 0xAF, 0xB9, 0xAB,
            0xBF, 0xAA, 0x0A, 0xC8, 0xFD, 0x0A,
        ])
        #expect(TextDecoding.decodeLines(data) == ("一、总体情况\n二、主动公开\n三\n", "GB18030"))
        #expect(TextDecoding.unmarkedUTF16(Data("纯中文没有零字节".utf8)) == nil)
        let binary = Data((0..<4096).map { UInt8(($0 * 37 + 11) % 256) })
        #expect(throws: NianbaoError.self) { try PlainTextReader().read(data: binary, path: "b").document }
    }
}
