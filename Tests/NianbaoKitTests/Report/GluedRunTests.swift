import Foundation
import Testing

@testable import NianbaoKit

/// Text a crawler flattened: the cutting of its lines at the template's labels (`GluedRuns`), the
/// splits of a run of digits (`DigitRun`), and their reading by the rules (`GluedRunReading`).
@Suite("Glued runs")
struct GluedRunTests {
    static let library = try! TemplateLibrary.embedded()
    static let cutter = GluedRuns(library: library)

    static func spec(_ table: String, _ variant: String = "2021") -> TableSpec {
        library.variants(of: table).first { $0.variant == variant }!
    }

    /// The reading of a flattened line's runs for one table.
    static func read(_ line: String, table: String = "applications") -> GluedRunReading.Reading {
        let document = cutter.cut(Document(blocks: [.paragraph(line)]))
        let spec = spec(table)
        return GluedRunReading(labels: TableMatcher(spec: spec), rules: RuleSet(spec: spec)).read(SourceRow.rows(of: document))
    }

    static func values(_ reading: GluedRunReading.Reading, row: String, table: String = "applications") -> [Double?] {
        spec(table).columnIDs(forRow: row).map { reading.values[RuleEngine.Term(row: row, column: $0)] }
    }

    /// The applications table's title and header run together.
    static let header = "三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"

    /// The 2021 applications table flattened, rows given by id (the others all zeros).
    static func applicationsLine(_ runs: [String: String]) -> String {
        let spec = spec("applications")
        var line = header
        for row in spec.rows { line += row.label + (runs[row.id] ?? "0000000") }
        return line + "四、政府信息公开行政复议、行政诉讼情况"
    }

    @Test("a run splits into non-negative integers without leading zeros, spaces as cell boundaries")
    func splits() {
        #expect(DigitRun("000")?.splits(into: 3) == [[0, 0, 0]])
        #expect(DigitRun("2629")?.splits(into: 1) == [[2629]])
        #expect(DigitRun("0000000")?.splits(into: 7) == [[0, 0, 0, 0, 0, 0, 0]])
        #expect(DigitRun("081")?.splits(into: 2) == [[0, 81]])
        #expect(DigitRun("20 0 0 0 02")?.splits(into: 7) == [[2, 0, 0, 0, 0, 0, 2]])
        #expect(DigitRun("12 3")?.splits(into: 2) == [[12, 3]])
        #expect(DigitRun("12 3")?.splits(into: 4) == [])
        #expect(DigitRun("5949.088667")?.splits(into: 1) == [[5949.088667]])
        #expect(DigitRun("5949.088667")?.splits(into: 2) == [])
        #expect(DigitRun("77132470")?.splits(into: 3)?.count == 21)
        #expect(DigitRun("801000081")?.waysCount(7) == DigitRun("801000081")?.splits(into: 7)?.count)
        // Too many ways: not read at all.
        #expect(DigitRun(String(repeating: "12345", count: 8))?.splits(into: 7) == nil)
        #expect(DigitRun("12a3") == nil)
        #expect(DigitRun("00000002.") == nil)
    }

    @Test("a run is read by its row's rules; where splits the rules allow differ, the cell is missing")
    func rowRules() {
        let reading = Self.read(Self.header + "一、本年新收政府信息公开申请数量801000081（一）予以公开1000001（四）无法提供1.本机关不掌握相关政府信息220000325")
        #expect(Self.values(reading, row: "new_received") == [80, 1, 0, 0, 0, 0, 81])
        #expect(reading.origins[RuleEngine.Term(row: "new_received", column: "total")]?.hasSuffix("split by its row's rules") == true)
        // 22,0,0,0,0,3,25 and 2,20,0,0,0,3,25 both add up: only the cells they agree on are read.
        #expect(Self.values(reading, row: "unavailable.not_held") == [nil, nil, 0, 0, 0, 3, 25])
        #expect(reading.notRead[RuleEngine.Term(row: "unavailable.not_held", column: "natural_person")]?.hasPrefix("missing: ") == true)
    }

    @Test("the rules across rows decide between a row's splits")
    func columnRules() {
        let line = Self.applicationsLine([
            "new_received": "220000325", "carried_over": "1000001", "disclosed": "1000001",
            "unavailable.not_held": "220000325", "outcome_total": "230000326",
        ])
        let reading = Self.read(line)
        #expect(Self.values(reading, row: "new_received") == [22, 0, 0, 0, 0, 3, 25])
        #expect(Self.values(reading, row: "unavailable.not_held") == [22, 0, 0, 0, 0, 3, 25])
        #expect(Self.values(reading, row: "outcome_total") == [23, 0, 0, 0, 0, 3, 26])
        #expect(reading.origins[RuleEngine.Term(row: "new_received", column: "natural_person")]?.hasSuffix("split by the rules across rows") == true)
        #expect(reading.values.count == Self.spec("applications").cellIDs.count)
    }

    @Test("splits that every rule allows alike are left missing, never guessed")
    func ambiguousAcrossRows() {
        // Each of the three rows reads 22,0,… or 2,20,…, and both choices fit every rule.
        let line = Self.applicationsLine(["new_received": "220000325", "unavailable.not_held": "220000325", "outcome_total": "220000325"])
        let reading = Self.read(line)
        #expect(Self.values(reading, row: "new_received") == [nil, nil, 0, 0, 0, 3, 25])
        #expect(Self.values(reading, row: "carried_over") == [0, 0, 0, 0, 0, 0, 0])
    }

    @Test("a run no split of which fits its rules, and rules across rows that break, read nothing uncertain")
    func noFit() {
        // 12,0,0,0,0,0,13 breaks the row's total: nothing fits.
        let reading = Self.read(Self.header + "一、本年新收政府信息公开申请数量120000013二、上年结转政府信息公开申请数量0000000（一）予以公开1000001")
        #expect(Self.values(reading, row: "new_received") == Array(repeating: nil, count: 7))
        #expect(Self.values(reading, row: "carried_over") == [0, 0, 0, 0, 0, 0, 0])
        // Rows read by count stand when the rules across rows break (the rule engine flags them).
        let broken = Self.read(Self.applicationsLine(["new_received": "1000001", "outcome_total": "1000001", "carried_forward": "1000001"]))
        #expect(Self.values(broken, row: "carried_forward") == [1, 0, 0, 0, 0, 0, 1])
        #expect(broken.origins[RuleEngine.Term(row: "carried_forward", column: "total")]?.contains("the rules across rows break") == true)
    }

    @Test("a table without rules is read only where the split is the only one, blank cells dropped or not")
    func withoutRules() {
        let line =
            "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件77132470第二十条第（五）项信息内容本年处理决定数量行政许可2629第二十条第（六）项信息内容本年处理决定数量行政处罚110行政强制002"
        let reading = Self.read(line, table: "active")
        #expect(Self.values(reading, row: "regulations", table: "active") == [0, 0, 0])
        #expect(Self.values(reading, row: "normative_documents", table: "active") == [nil, nil, nil])
        #expect(Self.values(reading, row: "licensing", table: "active") == [2629])
        #expect(Self.values(reading, row: "penalty", table: "active") == [110])
        // 1,1,0 would be the only split into three cells, but 11,0 (or 1,10) and a blank dropped
        // read the same: missing. 0,0,2 is all that 002 can be, blanks or not.
        let three = "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章110行政规范性文件002第二十条第（五）项信息内容本年处理决定数量行政许可5"
        let blanks = Self.read(three, table: "active")
        #expect(Self.values(blanks, row: "regulations", table: "active") == [nil, nil, nil])
        #expect(blanks.notRead[RuleEngine.Term(row: "regulations", column: "issued")]?.contains("blank cells dropped") == true)
        #expect(Self.values(blanks, row: "normative_documents", table: "active") == [0, 0, 2])
    }

    @Test("a wide table's run after its header fills every cell")
    func wide() {
        let line =
            "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计110024001510102五、存在的主要问题及改进情况"
        let cut = Self.cutter.cut(Document(blocks: [.paragraph("申请人情况自然人一、本年新收政府信息公开申请数量0000000二、上年结转政府信息公开申请数量0000000" + line)]))
        let spec = Self.spec("review_litigation")
        let reading = GluedRunReading(labels: TableMatcher(spec: spec), rules: RuleSet(spec: spec)).read(SourceRow.rows(of: cut))
        #expect(
            spec.cellIDs.map { reading.values[RuleEngine.Term(row: $0.row, column: $0.column)] } == [1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2])
    }

    @Test("a flattened line is cut at labels and titles; prose that names them is not")
    func cutting() {
        let text = "标题: 某县2023年度政府信息公开工作年度报告\n"
        let body =
            "本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等。一、总体情况2023年，全年办理行政许可2629件。二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件010第二十条第（五）项信息内容本年处理决定数量行政许可0第二十条第（六）项信息内容本年处理决定数量行政处罚1行政强制0三、收到和处理政府信息公开申请情况"
        let document = Document(blocks: [.paragraph(text), .paragraph("发布时间: 2024-01-02 10:00"), .paragraph("==== 正文 ===="), .paragraph(body)])
        let cut = Self.cutter.cut(document)
        let texts = cut.blocks.map(\.text)
        #expect(texts.first == "某县2023年度政府信息公开工作年度报告")
        #expect(texts.contains("本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等。"))
        #expect(texts.contains("一、总体情况"))
        #expect(texts.contains("2023年，全年办理行政许可2629件。"))
        #expect(texts.contains("行政规范性文件") && texts.contains("010"))
        #expect(cut.gluedDigitRuns.map { texts[$0] }.sorted() == ["0", "0", "000", "010", "1"])
        let sections = SectionFinder.findSections(cut, specs: Self.library.sections).map(\.id)
        #expect(sections == ["overview", "active", "applications"])
        // A document without a flattened line or a crawler's header is left as it is.
        let plain = Document(blocks: [.paragraph("规章 0 0 0"), .paragraph("行政规范性文件 0 1 0"), .paragraph(String(body.prefix(70)))])
        #expect(Self.cutter.cut(plain) == plain)
    }
}
