import Foundation
import Testing
@testable import NianbaoKit

/// Every input under `Samples/` is converted and compared with its golden Markdown and JSON
/// (`NAME.EXT.expected.md`, `NAME.EXT.expected.json` beside it), and every table it holds keeps the grid invariants.
@Suite("Samples")
struct SampleGoldenTests {
    static let inputs = TestPaths.files(under: TestPaths.samples, extensions: ["docx", "html", "htm", "txt"])


    @Test("the samples are there")
    func samplesExist() {
        #expect(Self.inputs.count >= 10)
        #expect(Self.inputs.contains { $0.hasSuffix(".docx") } && Self.inputs.contains { $0.hasSuffix(".html") })
    }

    @Test("each sample converts to its golden Markdown and JSON", arguments: inputs)
    func golden(_ path: String) throws {
        let document = try DocumentReader().read(path: path)
        let markdown = MarkdownWriter().render(document)
        let json = String(decoding: try JSONDocumentWriter().write(document), as: UTF8.self)
        Golden.check(markdown, golden: path + ".expected.md")
        Golden.check(json, golden: path + ".expected.json")
    }

    @Test("every table of every sample keeps the grid invariants", arguments: inputs)
    func invariants(_ path: String) throws {
        let document = try DocumentReader().read(path: path)
        #expect(gridViolations(document) == [])
    }
}

/// Hand-written expected grids (`NAME.grid.json` beside `NAME.docx|html`) in `Samples/` and, when present,
/// in `../shared/peers`: structure, text and filler marks of every table must match exactly.
@Suite("Expected grids")
struct ExpectedGridTests {
    struct Expected: Decodable {
        struct GridTable: Decodable {
            var rows: Int
            var cols: Int
            var cells: [GridCell]
        }
        struct GridCell: Decodable {
            var row: Int, col: Int, rowspan: Int, colspan: Int
            var text: String
            var filler: Bool?
        }
        var tables: [GridTable]
    }

    static let cases: [String] = (TestPaths.files(under: TestPaths.samples, extensions: ["json"])
        + TestPaths.files(under: TestPaths.peers, extensions: ["json"]))
        .filter { $0.hasSuffix(".grid.json") }
        .filter { input(for: $0) != nil }

    static func input(for grid: String) -> String? {
        let stem = String(grid.dropLast(".grid.json".count))
        return ["docx", "html", "htm"].map { stem + "." + $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }

    static func fold(_ s: String) -> String { s.filter { !$0.isWhitespace } }

    @Test("the fixtures are there")
    func fixturesExist() {
        #expect(Self.cases.filter { $0.contains("/Samples/fixtures/") }.count >= 20)
        #expect(TestPaths.files(under: TestPaths.samples, extensions: ["txt"]).filter { $0.hasSuffix(".md-html.txt") }.count >= 2)
    }

    @Test("each table matches its expected grid", arguments: cases)
    func matches(_ gridPath: String) throws {
        try Self.check(DocumentReader().read(path: try #require(Self.input(for: gridPath))), against: gridPath)
    }

    /// Markdown whose tables stay HTML (`NAME.md-html.txt`, read as text): the tables read to the
    /// grids of the page `NAME.html`, every span kept.
    @Test("HTML tables left in Markdown read to the page's grids", arguments:
            TestPaths.files(under: TestPaths.samples, extensions: ["txt"]).filter { $0.hasSuffix(".md-html.txt") })
    func markdownWithHTMLTables(_ path: String) throws {
        let document = try DocumentReader().read(path: path)
        #expect(InputFormat.sniff(try Data(contentsOf: URL(fileURLWithPath: path)), name: path) == .text)
        #expect(document.blocks.contains { if case .heading = $0 { true } else { false } })
        try Self.check(document, against: String(path.dropLast(".md-html.txt".count)) + ".grid.json")
    }

    static func check(_ document: Document, against gridPath: String) throws {
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: URL(fileURLWithPath: gridPath)))
        let tables = document.allTables
        #expect(tables.count == expected.tables.count, "table count")
        for (i, (got, want)) in zip(tables, expected.tables).enumerated() {
            #expect(got.rowCount == want.rows && got.columnCount == want.cols, "table \(i) size")
            let gotCells = got.cells.map { "\($0.row),\($0.column) \($0.rowSpan)x\($0.columnSpan)\($0.isFiller ? " filler" : "") \(Self.fold($0.text))" }
            let wantCells = want.cells.sorted { ($0.row, $0.col) < ($1.row, $1.col) }
                .map { "\($0.row),\($0.col) \($0.rowspan)x\($0.colspan)\($0.filler == true ? " filler" : "") \(Self.fold($0.text))" }
            #expect(gotCells == wantCells, "table \(i)")
        }
    }
}

/// Hand-written expected block sequences (`NAME.blocks.json` beside the DOCX fixtures): headings with
/// their levels, paragraphs with their text, tables by position.
@Suite("Expected blocks")
struct ExpectedBlockTests {
    struct ExpectedBlocks: Decodable { var blocks: [ExpectedBlock] }
    struct ExpectedBlock: Decodable {
        var type: String
        var level: Int?
        var text: String?
    }

    static let cases = TestPaths.files(under: TestPaths.samples, extensions: ["json"]).filter { $0.hasSuffix(".blocks.json") }

    @Test("each DOCX fixture reads to its expected headings, paragraphs and tables", arguments: cases)
    func matches(_ path: String) throws {
        let expected = try JSONDecoder().decode(ExpectedBlocks.self, from: Data(contentsOf: URL(fileURLWithPath: path))).blocks
        let input = String(path.dropLast(".blocks.json".count)) + ".docx"
        let document = try DocumentReader().read(path: input)
        let got = document.blocks.map { block -> String in
            switch block {
            case .heading(let level, let text): return "heading \(level) \(text)"
            case .paragraph(let text): return "paragraph \(text)"
            case .table: return "table"
            }
        }
        let want = expected.map { b -> String in
            switch b.type {
            case "heading": return "heading \(b.level ?? 0) \(b.text ?? "")"
            case "paragraph": return "paragraph \(b.text ?? "")"
            default: return b.type
            }
        }
        #expect(got == want)
    }
}
