import Foundation
import Testing

@testable import NianbaoKit

/// Every fixture of the table and report areas (`Tests/Fixtures/{docx,html,reports,seeds}/CASE/`) is
/// converted and compared with its golden Markdown and JSON (`expected.md`, `expected.json` beside its
/// `input.*`), and every table it holds keeps the grid invariants.
@Suite("Samples")
struct SampleGoldenTests {
    static let areas = ["docx", "html", "reports", "seeds"]
    static let inputs = areas.flatMap(Fixture.cases)

    @Test("the fixtures are there: 17 DOCX, 24 HTML, 16 report shapes, 5 seeds; each file of Samples/ is one's input")
    func samplesExist() throws {
        #expect(Self.areas.map { Fixture.cases($0).count } == [17, 24, 16, 5])
        #expect(Self.inputs.contains { $0.input.hasSuffix(".docx") } && Self.inputs.contains { $0.input.hasSuffix(".html") })
        let samples = TestPaths.files(under: TestPaths.samples, extensions: nil).filter { !$0.hasSuffix("README.md") }
        #expect(samples.count == 6)
        let inputs = Set(try Self.inputs.map { try Data(contentsOf: URL(fileURLWithPath: $0.input)) })
        for sample in samples {
            #expect(inputs.contains(try Data(contentsOf: URL(fileURLWithPath: sample))), "\(TestPaths.relative(sample)) is no fixture's input")
        }
    }

    @Test("each sample converts to its golden Markdown and JSON", arguments: inputs)
    func golden(_ fixture: Fixture) throws {
        let document = try DocumentReader().read(path: fixture.input).document
        let markdown = MarkdownWriter().render(document)
        let json = String(decoding: try JSONDocumentWriter().write(document), as: UTF8.self)
        Golden.check(markdown, golden: fixture.path("expected.md"))
        Golden.check(json, golden: fixture.path("expected.json"))
    }

    @Test("every table of every sample keeps the grid invariants", arguments: inputs)
    func invariants(_ fixture: Fixture) throws {
        let document = try DocumentReader().read(path: fixture.input).document
        #expect(gridViolations(document) == [])
    }
}

/// Hand-written expected grids: `grid.json` of a fixture whose input is DOCX or HTML (or the grid a
/// report's `case.json` names: the DOCX of a report gives the same grids as its page) and, when
/// present, `NAME.grid.json` beside `NAME.docx|html` in `../shared/peers`: structure, text and filler
/// marks of every table must match exactly.
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

    /// A document and the grids it must give.
    struct Case: Sendable, CustomTestStringConvertible {
        var input: String
        var grid: String
        var testDescription: String { TestPaths.relative(input) }
    }

    /// The fixtures whose input is DOCX or HTML and that have a grid.
    static let fixtureCases: [Case] = ["docx", "html", "reports"].flatMap(Fixture.cases)
        .filter { ["docx", "html", "htm"].contains($0.inputExtension) }
        .compactMap { f in f.gridPath.map { Case(input: f.input, grid: $0) } }
    static let peerCases: [Case] = TestPaths.files(under: TestPaths.peers, extensions: ["json"])
        .filter { $0.hasSuffix(".grid.json") }
        .compactMap { grid in input(for: grid).map { Case(input: $0, grid: grid) } }
    static let cases = fixtureCases + peerCases
    /// Markdown whose tables stay HTML: the report fixtures with input `input.md-html.txt`.
    static let markdownCases = Fixture.cases("reports").filter { $0.inputExtension == "md-html.txt" }

    static func input(for grid: String) -> String? {
        let stem = String(grid.dropLast(".grid.json".count))
        return ["docx", "html", "htm"].map { stem + "." + $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }

    static func fold(_ s: String) -> String { s.filter { !$0.isWhitespace } }

    @Test("the fixtures are there")
    func fixturesExist() {
        // Every DOCX and HTML table fixture; the five report pages and the two report DOCX.
        #expect(Self.fixtureCases.filter { !$0.input.contains("/Fixtures/reports/") }.count == 41)
        #expect(Self.fixtureCases.filter { $0.input.contains("/Fixtures/reports/") }.count == 7)
        #expect(Self.markdownCases.map(\.name) == ["report_2019-md-html", "report_2021-md-html"])
    }

    @Test("each table matches its expected grid", arguments: cases)
    func matches(_ c: Case) throws {
        try Self.check(DocumentReader().read(path: c.input).document, against: c.grid)
    }

    /// Markdown whose tables stay HTML (`input.md-html.txt`, read as text): the tables read to the
    /// grids of the page (the `grid` its `case.json` names), every span kept.
    @Test("HTML tables left in Markdown read to the page's grids", arguments: markdownCases)
    func markdownWithHTMLTables(_ fixture: Fixture) throws {
        let path = fixture.input
        let document = try DocumentReader().read(path: path).document
        #expect(InputFormat.sniff(try Data(contentsOf: URL(fileURLWithPath: path)), name: path) == .text)
        #expect(document.blocks.contains { if case .heading = $0 { true } else { false } })
        try Self.check(document, against: try #require(fixture.gridPath))
    }

    static func check(_ document: Document, against gridPath: String) throws {
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: URL(fileURLWithPath: gridPath)))
        let tables = document.allTables
        #expect(tables.count == expected.tables.count, "table count")
        for (i, (got, want)) in zip(tables, expected.tables).enumerated() {
            #expect(got.rowCount == want.rows && got.columnCount == want.cols, "table \(i) size")
            let gotCells = got.cells.map {
                "\($0.row),\($0.column) \($0.rowSpan)x\($0.columnSpan)\($0.isFiller ? " filler" : "") \(Self.fold($0.text))"
            }
            let wantCells = want.cells.sorted { ($0.row, $0.col) < ($1.row, $1.col) }
                .map { "\($0.row),\($0.col) \($0.rowspan)x\($0.colspan)\($0.filler == true ? " filler" : "") \(Self.fold($0.text))" }
            #expect(gotCells == wantCells, "table \(i)")
        }
    }
}

/// Hand-written expected block sequences (`blocks.json` of the DOCX fixtures): headings with
/// their levels, paragraphs with their text, tables by position.
@Suite("Expected blocks")
struct ExpectedBlockTests {
    struct ExpectedBlocks: Decodable { var blocks: [ExpectedBlock] }
    struct ExpectedBlock: Decodable {
        var type: String
        var level: Int?
        var text: String?
    }

    static let cases = Fixture.cases("docx").filter { $0.exists("blocks.json") }

    @Test("every DOCX fixture has its expected blocks")
    func allThere() { #expect(Self.cases.count == Fixture.cases("docx").count) }

    @Test("each DOCX fixture reads to its expected headings, paragraphs and tables", arguments: cases)
    func matches(_ fixture: Fixture) throws {
        let expected = try JSONDecoder().decode(ExpectedBlocks.self, from: Data(contentsOf: URL(fileURLWithPath: fixture.path("blocks.json")))).blocks
        let document = try DocumentReader().read(path: fixture.input).document
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
