import Foundation
import Testing

@testable import NianbaoKit

/// Values that a converter set apart from their labels, read by the template's order and checked by
/// the rules: rows of numbers between rows with labels (`fillGapsInOrder`), blocks read in order
/// (`fillBlocksInOrder`), a review row under garbled headers (`soleFullRow`), rows drawn column by
/// column (`ColumnsInBlocks`), and a header cell misread by OCR (`gridColumns`).
@Suite("Values apart from their labels")
struct DetachedValueTests {
    static let library = try! TemplateLibrary.embedded()

    static func extract(_ text: String, path: String = "t.md") throws -> CanonicalReport {
        let document = try DocumentReader().read(data: Data(text.utf8), path: path).document
        return ReportExtractor(library: library).extract(document, source: path)
    }

    static func table(_ report: CanonicalReport, _ id: String) throws -> CanonicalTable {
        try #require(report.tables.first { $0.spec.table == id })
    }

    static let applications = library.variants(of: "applications").first { $0.variant == "2021" }!
    /// The outcome rows of the 2021 applications table (between 三、本年度办理结果 and its 总计).
    static let outcomes = applications.rows.map(\.id).filter { !["new_received", "carried_over", "outcome_total", "carried_forward"].contains($0) }

    /// Values that satisfy every rule, each outcome row's its own: row k has k + 1 applications
    /// from natural persons (and the first row one from a company too).
    static func values(_ row: String) -> [Int] {
        if let k = outcomes.firstIndex(of: row) { return k == 0 ? [1, 1, 0, 0, 0, 0, 2] : [k + 1, 0, 0, 0, 0, 0, k + 1] }
        let outcomeTotal = outcomes.indices.reduce(0) { $0 + $1 + 1 }
        switch row {
        case "new_received", "outcome_total": return [outcomeTotal, 1, 0, 0, 0, 0, outcomeTotal + 1]
        default: return [0, 0, 0, 0, 0, 0, 0]
        }
    }

    static func pipeRow(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }

    /// The applications section as a PDF-to-Markdown tool writes it: each row in `detached` a row of
    /// numbers with no label, its label printed as text lines after the table piece; the others
    /// with their labels. `extraLines` go before the row named.
    static func pdfMarkdown(detached: Set<String>, extraLines: [String: [String]] = [:]) -> String {
        var lines = [
            "三、收到和处理政府信息公开申请情况", "",
            pipeRow(["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]),
            pipeRow(Array(repeating: "---", count: 8)),
        ]
        for row in applications.rows {
            lines += extraLines[row.id] ?? []
            let numbers = values(row.id).map(String.init)
            if detached.contains(row.id) {
                // The values alone, a table piece of their own, then the label broken over two lines.
                let label = row.label
                let half = label.index(label.startIndex, offsetBy: label.count / 2)
                lines += ["", pipeRow(numbers), pipeRow(Array(repeating: "---", count: 7)), "", String(label[..<half]), String(label[half...]), ""]
            } else {
                lines.append(pipeRow([row.label] + numbers))
            }
        }
        lines += ["", "四、政府信息公开行政复议、行政诉讼情况", "无。"]
        return lines.joined(separator: "\n")
    }

    @Test("rows of numbers with no label between rows with labels are read in the template's order, and nothing wrongly")
    func gapsInOrder() throws {
        let detached: Set = ["partially_disclosed", "withheld.internal_affairs", "unavailable.not_held", "unavailable.needs_creation"]
        let table = try Self.table(Self.extract(Self.pdfMarkdown(detached: detached)), "applications")
        for row in Self.applications.rows {
            for (column, value) in zip(Self.applications.columnIDs(forRow: row.id), Self.values(row.id)) {
                #expect(table[row.id, column]?.value == Double(value), "\(row.id)/\(column)")
                #expect(table[row.id, column]?.status == .printed, "\(row.id)/\(column)")
            }
        }
        #expect(table.origins["partially_disclosed"]?["total"] == "reading order: a row of numbers between rows read beside their labels")
        // One row of numbers more than the rows between (a stray line of a whole row): the gap is not read.
        let extra = try Self.table(
            Self.extract(
                Self.pdfMarkdown(detached: detached, extraLines: ["unavailable.needs_creation": [Self.pipeRow(Array(repeating: "9", count: 7))]])),
            "applications")
        for column in Self.applications.columnIDs(forRow: "unavailable.not_held") {
            #expect(extra["unavailable.not_held", column]?.status != .printed)
            #expect(extra["unavailable.needs_creation", column]?.status != .printed)
        }
        #expect(extra["partially_disclosed", "total"] == CanonicalValue(value: 2, status: .printed))
    }

    @Test("a row of numbers that label pairing gave to the label before it, and the rows' order to another row, is read for neither")
    func gapDisputed() throws {
        // 2.其他法律… printed before the row of numbers of （二）部分公开: pairing takes them for it.
        let text = Self.pdfMarkdown(
            detached: ["partially_disclosed", "withheld.prohibited_by_law"], extraLines: ["partially_disclosed": ["2.其他法律行政法规禁止公开"]])
        let table = try Self.table(Self.extract(text), "applications")
        for row in Self.applications.rows {
            for (column, value) in zip(Self.applications.columnIDs(forRow: row.id), Self.values(row.id)) {
                guard let cell = table[row.id, column], let read = cell.value else { continue }
                #expect(read == Double(value), "\(row.id)/\(column)")
            }
        }
        for column in Self.applications.columnIDs(forRow: "partially_disclosed") {
            #expect(table["partially_disclosed", column]?.status != .printed, "partially_disclosed/\(column)")
        }
    }

    static let reviewHeader = [
        "四、政府信息公开行政复议、行政诉讼情况", "行政复议行政诉讼", "未经复议直接起诉复议后起诉", "结果结果其他尚未", "总计总计",
        pipeRow(["维持", "纠正", "结果", "审结", "结果", "结果", "其他", "尚未"]), pipeRow(Array(repeating: "---", count: 8)),
    ]

    @Test("a review row of fifteen numbers under garbled headers is read in its section when it breaks no rule")
    func soleReviewRow() throws {
        func review(_ numbers: [Int], more: [String] = []) throws -> CanonicalTable {
            let row = Self.pipeRow(numbers.map(String.init))
            let text = Self.reviewHeader + [row, Self.pipeRow(Array(repeating: "---", count: 15))] + more + ["", "五、存在的主要问题及改进情况", "无。"]
            return try Self.table(Self.extract(text.joined(separator: "\n")), "review_litigation")
        }
        let read = try review([1, 0, 2, 0, 3, 0, 0, 0, 0, 0, 4, 0, 0, 1, 5])
        #expect(read["review", "total"] == CanonicalValue(value: 3, status: .printed))
        #expect(read["litigation_after_review", "upheld"] == CanonicalValue(value: 4, status: .printed))
        #expect(read["litigation_after_review", "total"] == CanonicalValue(value: 5, status: .printed))
        // A total that does not add up: the order is not confirmed, nothing is read.
        let broken = try review([1, 0, 2, 0, 4, 0, 0, 0, 0, 0, 4, 0, 0, 1, 5])
        for (row, column) in broken.spec.cellIDs { #expect(broken[row, column]?.status != .printed, "\(row)/\(column)") }
        // Two such rows: which is the table's is not known.
        let two = try review([1, 0, 2, 0, 3, 0, 0, 0, 0, 0, 4, 0, 0, 1, 5], more: [Self.pipeRow(Array(repeating: "0", count: 15))])
        for (row, column) in two.spec.cellIDs { #expect(two[row, column]?.status != .printed, "\(row)/\(column)") }
    }

    @Test(
        "a review table printed a group at a time, each group's label over its columns and values, is read; a piece that breaks its rule reads nothing"
    )
    func reviewInPieces() throws {
        func review(_ groups: [(String, [Int])]) throws -> CanonicalTable {
            var lines = ["四、政府信息公开行政复议、行政诉讼情况", ""]
            for (label, numbers) in groups {
                lines += [
                    Self.pipeRow([label, "", "", "", ""]), Self.pipeRow(Array(repeating: "---", count: 5)),
                    Self.pipeRow(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]), Self.pipeRow(numbers.map(String.init)), "",
                ]
            }
            lines += ["五、存在的主要问题及改进情况", "无。"]
            return try Self.table(Self.extract(lines.joined(separator: "\n")), "review_litigation")
        }
        let read = try review([("行政复议", [3, 0, 0, 0, 3]), ("未经复议直接起诉", [0, 0, 1, 0, 1]), ("复议后起诉", [2, 0, 0, 0, 2])])
        #expect(read["review", "total"] == CanonicalValue(value: 3, status: .printed))
        #expect(read["litigation_direct", "other"] == CanonicalValue(value: 1, status: .printed))
        #expect(read["litigation_after_review", "upheld"] == CanonicalValue(value: 2, status: .printed))
        let broken = try review([("行政复议", [3, 0, 0, 0, 4]), ("未经复议直接起诉", [0, 0, 1, 0, 1]), ("复议后起诉", [2, 0, 0, 0, 2])])
        // (Reading order may still confirm a group whose own rule holds.)
        for column in broken.spec.columnIDs(forRow: "review") { #expect(broken["review", column]?.status != .printed, "review/\(column)") }
        #expect(broken["litigation_direct", "other"]?.value ?? 1 == 1 && broken["litigation_after_review", "total"]?.value ?? 2 == 2)
    }

    @Test("plain PDF text drawing blocks of rows column by column is read where the rules confirm it, and nothing wrongly")
    func columnsInBlocks() throws {
        // The 2021 table with its rows in blocks of 1, 3, 10, 7, 4 (and the rest one by one): each
        // block of several rows drawn a column at a time, its labels after it.
        let rows = Self.applications.rows.map(\.id)
        var lines = ["三、收到和处理政府信息公开申请情况", "申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
        var next = 0
        for size in [1, 3, 10, 7, 4, 1] where next < rows.count {
            let block = Array(rows[next..<min(next + size, rows.count)])
            for column in 0..<7 { for row in block { lines.append(String(Self.values(row)[column])) } }
            for row in block { lines.append(Self.applications.rows.first { $0.id == row }!.label) }
            next += block.count
        }
        lines += ["四、政府信息公开行政复议、行政诉讼情况", "无。"]
        let table = try Self.table(Self.extract(lines.joined(separator: "\n"), path: "t.txt"), "applications")
        var read = 0
        for row in rows {
            for (column, value) in zip(Self.applications.columnIDs(forRow: row), Self.values(row)) {
                guard let cell = table[row, column], cell.status != .missing else { continue }
                #expect(cell.value == Double(value), "\(row)/\(column)")
                read += 1
            }
        }
        #expect(read == rows.count * 7)
    }

    static func activeBlocks(_ lines: [String]) throws -> CanonicalTable {
        let text =
            ["二、主动公开政府信息情况", "第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "规章", "0", "0", "0", "行政规范性文件", "1", "2", "3"]
            + lines + ["三、收到和处理政府信息公开申请情况", "无。"]
        return try table(extract(text.joined(separator: "\n"), path: "t.txt"), "active")
    }

    @Test("a block's numbers drawn before or among its labels are read in the order of its labels; another block's label among them reads nothing")
    func blocksInOrder() throws {
        let table = try Self.activeBlocks([
            "第二十条第（五）项", "信息内容", "本年处理决定数量", "550", "行政许可", "第二十条第（六）项", "信息内容", "本年处理决定数量",
            "行政处罚", "4119", "行政强制", "195", "第二十条第（八）项", "信息内容", "本年收费金额（单位：万元）", "7730.28", "行政事业性收费",
        ])
        #expect(table["licensing", "decisions"] == CanonicalValue(value: 550, status: .printed))
        #expect(table["penalty", "decisions"] == CanonicalValue(value: 4119, status: .printed))
        #expect(table["coercion", "decisions"] == CanonicalValue(value: 195, status: .printed))
        #expect(table["fees", "amount"] == CanonicalValue(value: 7730.28, status: .printed))
        // The next block's title misread (第二十条第（）项): its row's value is not taken for this block's.
        let misread = try Self.activeBlocks([
            "第二十条第（六）项", "信息内容", "本年处理决定数量", "行政处罚", "", "行政强制", "0", "第二十条第（）项", "信息内容",
            "本年收费金额（单位：万元）", "行政事业性收费", "3",
        ])
        #expect(misread["penalty", "decisions"]?.status != .printed)
        #expect(misread["coercion", "decisions"]?.value != 3)
    }

    @Test("a section numbered in digits right after a crawled table's last value is cut off it")
    func sectionNumberAfterValue() throws {
        let line =
            "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件123"
            + "第二十条第（五）项信息内容本年处理决定数量行政许可5第二十条第（六）项信息内容本年处理决定数量行政处罚6行政强制7"
            + "第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费0.003、收到和处理政府信息公开申请情况无。"
        let table = try Self.table(Self.extract(line, path: "t.txt"), "active")
        #expect(table["fees", "amount"] == CanonicalValue(value: 0, status: .printed))
        #expect(table["coercion", "decisions"] == CanonicalValue(value: 7, status: .printed))
    }

    @Test("a crawled review run glued to the year that starts the prose after it ends before the year")
    func yearAfterRun() throws {
        let line =
            "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
            + "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计0000000000201142022年，我单位被提起行政诉讼4件。"
            + "五、存在的主要问题及改进情况规章000行政规范性文件000行政许可0行政处罚0行政强制0"
        let table = try Self.table(Self.extract(line, path: "t.txt"), "review_litigation")
        #expect(table["litigation_after_review", "upheld"] == CanonicalValue(value: 2, status: .printed))
        #expect(table["litigation_after_review", "total"] == CanonicalValue(value: 4, status: .printed))
        #expect(table["review", "total"] == CanonicalValue(value: 0, status: .printed))
    }

    @Test("a grid row whose header names all its columns but one is placed by the header, the one between its neighbours")
    func headerOneColumnMisread() {
        let columns = ["natural_person", "commercial", "total"]
        #expect(TableMatcher.gridColumns(of: columns, header: ["commercial": 4, "total": 5]) == [3, 4, 5])
        #expect(TableMatcher.gridColumns(of: columns, header: ["natural_person": 3, "total": 5]) == [3, 4, 5])
        #expect(TableMatcher.gridColumns(of: columns, header: ["natural_person": 3, "total": 6]) == nil)
        #expect(TableMatcher.gridColumns(of: columns, header: ["natural_person": 3, "commercial": 4]) == [3, 4, 5])
        #expect(TableMatcher.gridColumns(of: columns, header: ["total": 5]) == nil)
    }
}
