import Foundation
import Testing

@testable import NianbaoKit

/// The repaired report of every report fixture (`Tests/Fixtures/{seeds,reports}`): golden Markdown,
/// CSV and DOCX text (`expected.repaired.{md,csv,docx.md}`); our DOCX read back by our
/// own reader gives the same canonical values and the same merged cells; CSV agrees with the JSON.
@Suite("Repaired reports")
struct RepairedReportTests {
    static let library = try! TemplateLibrary.embedded()
    static let inputs = ExtractionTests.reportInputs

    struct Converted {
        var document: Document
        var report: CanonicalReport
        var official: Document
        var flat: Document
    }

    static func convert(_ fixture: Fixture) throws -> Converted {
        let document = try DocumentReader().read(path: fixture.input).document
        let report = ReportExtractor(library: library).extract(document, source: try #require(fixture.info.source))
        let repair = ReportRepair(library: library)
        return Converted(
            document: document, report: report,
            official: repair.document(from: document, report: report, style: .official),
            flat: repair.document(from: document, report: report, style: .flat))
    }

    @Test("each sample is a recognised report whose repaired Markdown, CSV and DOCX text match their goldens", arguments: inputs)
    func goldens(_ fixture: Fixture) throws {
        let c = try Self.convert(fixture)
        #expect(ReportRepair.isRecognised(c.report))
        Golden.check(MarkdownWriter().render(c.flat), golden: fixture.path("expected.repaired.md"))
        Golden.check(String(decoding: ReportCSVWriter().write([c.report]), as: UTF8.self), golden: fixture.path("expected.repaired.csv"))
        let docx = try DOCXWriter().write(c.official)
        let back = try DOCXReader().read(data: docx, path: "repaired.docx").document
        Golden.check(MarkdownWriter().render(back), golden: fixture.path("expected.repaired.docx.md"))
    }

    @Test("our DOCX reads back to the same canonical values and the same merged cells", arguments: inputs)
    func roundTrip(_ fixture: Fixture) throws {
        let c = try Self.convert(fixture)
        let docx = try DOCXWriter().write(c.official)
        let back = try DOCXReader().read(data: docx, path: "repaired.docx").document
        // Same spans and text in every table.
        func dump(_ tables: [Table]) -> [String] {
            tables.map { t in
                "\(t.rowCount)x\(t.columnCount) h\(t.headerRowCount): "
                    + t.cells.map { "\($0.row),\($0.column) \($0.rowSpan)x\($0.columnSpan) \($0.text)" }.joined(separator: " | ")
            }
        }
        #expect(dump(back.allTables) == dump(c.official.allTables))
        // Same values with the same statuses.
        let again = ReportExtractor(library: Self.library).extract(back, source: c.report.source)
        for (table, original) in zip(again.tables, c.report.tables) {
            #expect(table.spec.fileName == original.spec.fileName)
            for (a, b) in zip(table.orderedValues, original.orderedValues) {
                #expect(a.value.value == b.value.value && a.value.status == b.value.status, "\(table.spec.table)/\(a.row)/\(a.column)")
            }
        }
        #expect(again.agency == c.report.agency && again.year == c.report.year)
    }

    /// The official layout's merged tables are HTML in our Markdown; read back as text they keep
    /// their spans, and the report its values.
    @Test("our Markdown of the official layout reads back to the same merged cells and values", arguments: inputs)
    func markdownRoundTrip(_ fixture: Fixture) throws {
        let c = try Self.convert(fixture)
        let markdown = MarkdownWriter().render(c.official)
        let back = try PlainTextReader().read(data: Data(markdown.utf8), path: "repaired.md").document
        func dump(_ tables: [Table]) -> [String] {
            tables.map { t in
                "\(t.rowCount)x\(t.columnCount): "
                    + t.cells.map { "\($0.row),\($0.column) \($0.rowSpan)x\($0.columnSpan) \($0.text)" }.joined(separator: " | ")
            }
        }
        #expect(dump(back.allTables) == dump(c.official.allTables))
        let again = ReportExtractor(library: Self.library).extract(back, source: c.report.source)
        for (table, original) in zip(again.tables, c.report.tables) {
            for (a, b) in zip(table.orderedValues, original.orderedValues) {
                #expect(a.value.value == b.value.value, "\(table.spec.table)/\(a.row)/\(a.column)")
            }
        }
    }

    @Test("the Markdown of seed 002 shows its inferred values marked, with the legend")
    func seed002Marks() throws {
        let c = try Self.convert(Fixture.named("seeds", "002_f13d2195483ea46f"))
        let md = MarkdownWriter().render(c.flat)
        #expect(md.contains("| 一、本年新收政府信息公开申请数量 | 1\\* | 0 | 0 | 0 | 0 | 0 | 1 |"))
        #expect(md.contains("注：\\* 推算值"))
        #expect(md.contains("## 四、政府信息公开行政复议、行政诉讼情况"))
    }

    @Test("the repaired DOCX keeps the official merged layout: 申请人情况 over seven columns, 三、本年度办理结果 over its rows")
    func officialLayout() throws {
        let c = try Self.convert(Fixture.named("reports", "report_2021-html"))
        let tables = c.official.allTables
        let applications = try #require(tables.first { $0.cells.contains { $0.text == "申请人情况" } })
        let header = try #require(applications.cells.first { $0.text == "申请人情况" })
        #expect(header.columnSpan == 7 && header.row == 0 && header.column == 3)
        #expect(applications.cells.first { $0.text == "法人或其他组织" }?.columnSpan == 5)
        #expect(applications.cells.first { $0.text == "三、本年度办理结果" }?.rowSpan == 22)
        #expect(applications.cells.first { $0.text == "（三）不予公开" }?.rowSpan == 8)
        #expect(applications.headerRowCount == 3)
        let review = try #require(tables.first { $0.cells.contains { $0.text == "行政诉讼" } })
        #expect(review.cells.first { $0.text == "行政诉讼" }?.columnSpan == 10)
        #expect(review.columnCount == 15 && review.rowCount == 4)
        for table in tables { #expect(table.grid.violations.isEmpty) }
    }
}
