import Foundation
import Testing

@testable import NianbaoKit

/// The canonical report of each report fixture (`Tests/Fixtures/{seeds,reports,pdf-text,raw-order}`),
/// against goldens, ground truth and the issue's examples.
@Suite("Canonical report extraction")
struct ExtractionTests {
    static let library = try! TemplateLibrary.embedded()

    /// The report extracted from text given as a string (read as a file `t.txt`).
    static func extract(text: String) throws -> CanonicalReport {
        ReportExtractor(library: library).extract(try PlainTextReader().read(data: Data(text.utf8), path: "t.txt").document, source: "t.txt")
    }

    /// The report of a fixture, extracted under the source its `case.json` names (else its input's name).
    static func report(_ fixture: Fixture) throws -> CanonicalReport {
        let source = fixture.info.source ?? (fixture.input as NSString).lastPathComponent
        return ReportExtractor(library: library).extract(try DocumentReader().read(path: fixture.input).document, source: source)
    }

    /// The report of a seed fixture (`Tests/Fixtures/seeds/<name>`).
    static func report(seed name: String) throws -> CanonicalReport { try report(Fixture.named("seeds", name)) }

    static let reportInputs = Fixture.cases("seeds") + Fixture.cases("reports")

    @Test("the report fixtures are there, each with the exact count its test checks")
    func fixturesThere() {
        #expect(["seeds", "reports", "pdf-text", "raw-order"].map { Fixture.cases($0).count } == [5, 16, 31, 2])
        #expect(Fixture.cases("reports").filter { $0.info.checked == nil }.map(\.name) == [])
        #expect((Fixture.cases("pdf-text") + Fixture.cases("raw-order")).filter { $0.info.read == nil }.map(\.name) == [])
    }

    @Test("each report extracts to its golden canonical JSON", arguments: reportInputs)
    func golden(_ fixture: Fixture) throws {
        let report = try Self.report(fixture)
        let json = String(decoding: ReportJSONWriter().write(report), as: UTF8.self)
        Golden.check(json, golden: fixture.path("expected.report.json"))
    }

    /// `extract --explain`: every cell of every report fixture says how it came to be what it is, in
    /// terms of its status; an inferred value names rules of its table that hold it.
    @Test("each value's origin agrees with its status", arguments: reportInputs + Fixture.cases("pdf-text") + Fixture.cases("raw-order"))
    func origins(_ fixture: Fixture) throws {
        let report = try Self.report(fixture)
        var explained = 0
        for table in report.tables {
            let ruleIDs = Set(table.spec.rules.map(\.id))
            for (row, column, value) in table.orderedValues {
                guard let origin = table.origin(row: row, column: column) else {
                    #expect(value.status == .missing, "\(table.spec.table)/\(row)/\(column) has no origin")
                    continue
                }
                explained += 1
                let cell = "\(table.spec.table)/\(row)/\(column): \(origin)"
                switch value.status {
                case .printed:
                    #expect(origin.hasPrefix("label pairing, ") || origin.hasPrefix("reading order") || origin.hasPrefix("glued run "), "\(cell)")
                case .missing: #expect(origin.hasPrefix("missing: "), "\(cell)")
                case .conflicting: #expect(origin.contains("; breaks ") || origin.contains("impossible value"), "\(cell)")
                case .inferred:
                    if origin.hasPrefix("inferred: fixed by ") {
                        let named = origin.dropFirst("inferred: fixed by ".count).components(separatedBy: ", ")
                        #expect(!named.isEmpty && named.allSatisfy(ruleIDs.contains), "\(cell)")
                    } else {
                        #expect(
                            origin.hasSuffix("marked there as inferred") || origin.hasPrefix("inferred: reading order")
                                || origin.hasSuffix("a count is never negative"), "\(cell)")
                    }
                }
            }
        }
        #expect(explained > 0)
    }

    /// The reports as HTML and DOCX, and the PDF made from the DOCX as `pdftotext` reads it with and
    /// without -layout (and pdfplumber, PyMuPDF, pymupdf4llm): each case's `truth.json` or the one its
    /// `case.json` names, and in `case.json` the exact number of values checked.
    @Test("every value of the official-layout reports matches its ground truth", arguments: Fixture.cases("reports"))
    func groundTruth(_ fixture: Fixture) throws {
        let path = fixture.input
        let truth = try fixture.truth
        let report = try Self.report(fixture)
        #expect(report.template == truth["template"] as? String)
        #expect(report.year == truth["year"] as? Int)
        #expect(report.agency == truth["agency"] as? String)
        // Raw reading order (pdftotext without -layout) scatters values away from their labels: there a
        // value may be left missing, but never wrong. Every other shape must give every value, printed.
        // pymupdf4llm's Markdown of this PDF scatters the review table's group labels inside its
        // column headers (`行<br>结果<br>纠正`): that table is not found, and is left missing. A page
        // flattened by a crawler runs values together: a run that splits more than one way the rules
        // allow (the active table has none) is left missing.
        let readingOrder = path.hasSuffix("pdf-raw.txt") || path.hasSuffix("pdf-mupdf4llm.txt") || path.hasSuffix("crawled.txt")
        var checked = 0
        var missing = 0
        for (tableID, rows) in truth["tables"] as! [String: [String: [String: Double]]] {
            let table = try #require(report.table(tableID))
            for (row, columns) in rows {
                for (column, expected) in columns {
                    let got = table[row, column]
                    if readingOrder && got == .missing {
                        missing += 1
                        continue
                    }
                    #expect(
                        got?.value == expected && (got?.status == .printed || readingOrder && got?.status == .inferred), "\(tableID)/\(row)/\(column)"
                    )
                    checked += 1
                }
            }
        }
        // In reading order, once values turn up that no label was waiting for, later values read apart
        // from their labels are left missing rather than risk a wrong one.
        #expect(checked == fixture.info.checked, "\(checked) values checked, \(missing) missing")
        if !readingOrder { #expect(report.findings.filter { $0.severity != .info } == []) }
    }

    /// Raw reading order (a generated report, `Tests/Fixtures/raw-order/tied-readings/`): three rows each lack a
    /// number (two totals printed blank, one drawn late), and several readings fit every rule, which
    /// differ in where the numbers of those rows went. A cell that every one of them gives the same
    /// value is read when one of them confirms it: inferred when some reading leaves it without a number.
    @Test("raw order: a cell every tied reading gives the same value, one confirming it, is read; no value is wrong")
    func tiedReadingsAgree() throws {
        let (report, truth, expected) = try Self.extractFixture("raw-order", "tied-readings")
        let applications = try #require(report.table("applications"))
        for column in ["commercial", "research", "public_interest", "legal_services", "other_org"] {
            #expect(applications["unavailable.not_held", column] == CanonicalValue(value: 0, status: .printed), "not_held/\(column)")
        }
        #expect(applications["unavailable.needs_creation", "commercial"] == CanonicalValue(value: 1, status: .inferred))
        let read = try Self.valuesRead(report, truth: truth) { $0 != .conflicting }
        #expect(read == expected.read, "\(read) values read")
    }

    /// Raw reading order (`Tests/Fixtures/raw-order/row-out-of-order/`, a generated report of nearly
    /// all zeros): four cells printed blank, and PDF text drew the values of 上年结转 out of order, so
    /// that every reading breaks that row's column rules. Label pairing reads nothing of the table
    /// (its labels stand apart from their values); the best readings, kept as a last resort, give the
    /// cells that two rules confirm far from the broken ones.
    @Test("raw order: a row drawn out of order among blanks; the rest of the table is read, and nothing wrongly")
    func rowOutOfOrder() throws {
        let (report, truth, expected) = try Self.extractFixture("raw-order", "row-out-of-order")
        let applications = try #require(report.table("applications"))
        #expect(applications["carried_over", "total"]?.status == .missing)
        #expect(report.findings.contains { $0.code == "order_aligned" && $0.table == "applications" && $0.message.contains("as a last resort") })
        let read = try Self.valuesRead(report, truth: truth) { $0 == .printed || $0 == .inferred }
        #expect(read == expected.read, "\(read) values read")
    }

    /// The fixture `Tests/Fixtures/<area>/<name>/` extracted (source: its input's file name), with its
    /// truth (`truth.json`, or the one its `case.json` names) and what its `case.json` says.
    static func extractFixture(_ area: String, _ name: String) throws -> (CanonicalReport, [String: Any], Fixture.Info) {
        try extractFixture(Fixture.named(area, name))
    }

    static func extractFixture(_ fixture: Fixture) throws -> (CanonicalReport, [String: Any], Fixture.Info) {
        (try report(fixture), try fixture.truth, fixture.info)
    }

    /// How many values of `report` are read (not missing), each checked against `truth` (a truth
    /// file's `tables`): its value the true one, its status one that `allowed` takes.
    static func valuesRead(_ report: CanonicalReport, truth: [String: Any], allowed: (CanonicalValue.Status) -> Bool) throws -> Int {
        var read = 0
        for (tableID, rows) in truth["tables"] as! [String: [String: [String: Double]]] {
            let table = try #require(report.table(tableID))
            for (row, columns) in rows {
                for (column, expected) in columns {
                    guard let got = table[row, column], got.status != .missing else { continue }
                    #expect(got.value == expected && allowed(got.status), "\(tableID)/\(row)/\(column)")
                    read += 1
                }
            }
        }
        return read
    }

    /// Generated reports' PDFs (`Tests/Fixtures/pdf-text/CASE/`: `input.mupdf.txt`, `input.mupdf4llm.md`,
    /// `input.plumber-layout.txt`; its `truth.json` or the case's its `case.json` names, and there the
    /// exact number of values read) read by PyMuPDF
    /// (`get_text()`), which glues a value to its label (`行政规范性文件0`); by pdfplumber's layout
    /// text, which spreads the title's words over wide gaps; and by pymupdf4llm, whose pipe tables cut
    /// labels over cells (`行政|复议`, `行政规范性|文件0`), stack two columns' numbers in one cell
    /// (`0<br>0`, glued to a label too: `文件7<br>0`), break the title's words (`年度报 告`), run the
    /// active table's last rows together as one line of prose (`行政强制 0 第二十条第(八)项 … 行政事业性收费 52`)
    /// and draw the review section's title into the table before it, cut over its cells. (The last
    /// three from `gen_corpus.py --seed 93`, reports 0000, 0006 and 0033.) Three more read wrong
    /// values before this build: `group-piece`, a group label's numbered first piece beside a row's
    /// own label (`(六)<br>其他|1.申请人无正当理由…`, read as the row 3.其他); `label-span`, a label
    /// spanning both label columns, the second cell left empty (`(七)总计||4|2|…`, read as a blank
    /// first value); `stacked-shifted`, a column's numbers stacked in the cell before
    /// (`32<br>6|0|0|0||0|38`), the empty cell where the columns come back into step. (`--seed 57`
    /// reports 0110 and 0290, `--seed 7` report 0158.) `empty-column` (`--seed 7` report 0013): a
    /// column split off that no row of the table has a value in (`|0|0|0|0|0||0|0|`), 24 values
    /// read before it was left out. Three more that read values before this build (`--seed 57`
    /// reports 0012, 0028 and 0195): `stacked-label`, values stacked under their label in its cell
    /// (`规章<br>0<br>0|0|`, `行政许可<br>205||`); `picture-text`, rows pymupdf4llm read from a
    /// picture, as a line of prose with `<br>` between rows and a Markdown comment around it;
    /// `review-stacked`, the review table's values stacked in two cells of a table of their own
    /// after its header's pipe table, read in reading order. `merged-rows` (`--seed 57` report 0014):
    /// two rows run together in one (`5.要求…<br>1.申请人…<br>2.申请人逾期…|0<br>0|0<br>0|…`, the
    /// start of a third row's label after them), 171 values read before they were split.
    /// `group-over-label` (report 0040): a group's label stacked over the row's own in one cell
    /// (`三、本年度<br>办理结果<br>（一）予以公开`), 172 values read before; `stacked-row-labels`
    /// (report 0101): two rows' labels stacked in one cell with the first one's values
    /// (`3.危及…<br>4.保护第三方合法权益|1|1|…`), not read as the second's. `review-stacked-header`
    /// (report 0146): the review table's header cells stack its groups' labels over the columns'
    /// (`行政<br>结果<br>维持|复议<br>结果<br>纠正|…`), the table not found before. `numeral-kind`
    /// (report 0277, the 2019 applications table in a 2023 report): `（六）其他|处理`, the 2019 row
    /// cut over two cells, was read as the 2021 row `3.其他` and the 2021 variant chosen.
    /// `stacks-among-blanks` (`--seed 1` report 0072): rows of two columns' numbers stacked in one
    /// cell, with empty cells split off beside them (`|1<br>0||0|0|0||0|1|`), 66 values read before;
    /// `group-before-label` (`--seed 1` report 0266): the same, and the group label `（六）其他处理`
    /// in the cell before the row's own label (cut over cells): read as the 2019 row, it chose that
    /// variant and gave wrong values, before the row's own label was taken to come last.
    /// `title-one-cell` (`--seed 57` report 0276): the review section's title drawn into the table
    /// before it as one cell beside empty ones (`|四、政府信息公开行政复议、行政诉讼情况||||||||`),
    /// the section not found and the review table with it (171 values read before).
    /// `title-first-lines` (`--seed 93` report 0019): the review section's title stacked over the
    /// table's header in one row, the first line of each cell (`四、<br>行政|政府<br>复议|信息公开|…`),
    /// after two rows run together (split in two, which moved the row count), and drawn again as a
    /// heading after the table (185 values read before). `title-next-table` (`--seed 57` report
    /// 0091): so stacked in the second of two tables of the applications section: its rows before
    /// the title are the applications table's, a table of their own (185 values read before).
    /// `title-header-cells` (`--seed 1` report 0090): the title's first lines followed by header
    /// cells of one line (`…|情况<br>诉讼<br>复议直|接起诉<br>其他|尚未<br>审结|总计|`), only the first
    /// cells' first lines the title; `title-number-cell` (report 0047): the section numbered
    /// `**4**、`, which reads as a garbled value (171 and 185 values read before).
    /// `label-pieces` (`--seed 7` report 0253): row labels cut into pieces that say nothing alone,
    /// `3.其|他` (the first reads as a garbled value) and `（七）|总计` (186 values read before);
    /// `stack-beside-blank` (`--seed 1` report 0057): a cell stacking two columns' numbers beside an
    /// empty cell split off, as many cells as the row has columns (`|4<br>1|0<br>0|0||0|5|`, 171 before).
    /// `label-lines-across` (`--seed 57` report 0258): row labels cut over cells and over lines alike,
    /// read across the cells line by line (`（二）<br>形，不|部分公开（区分<br>计其他情形）|处理的，只计这一情`;
    /// 172 values read before).
    @Test(
        "PyMuPDF, pdfplumber and pymupdf4llm text: glued, cut and stacked cells are read, the title names agency and year; no value is wrong",
        arguments: Fixture.cases("pdf-text"))
    func pythonExtractors(_ fixture: Fixture) throws {
        let (report, truth, expected) = try Self.extractFixture(fixture)
        #expect(report.agency == truth["agency"] as? String && report.year == truth["year"] as? Int)
        #expect(report.template == truth["template"] as? String)
        let read = try Self.valuesRead(report, truth: truth) { $0 == .printed || $0 == .inferred }
        #expect(read == expected.read, "\(read) values read")
    }

    /// PyMuPDF text of generated reports (`gen_corpus.py --seed 57`, reports 0201 and 0027), one
    /// cell per line, blank cells dropped. `blank-row`: the row 部分公开 printed blank, its label
    /// straight before the next row's. The column rules give a blank row whichever row it is (the
    /// rows between shifted by one), so only the labels tell which: every other row's values follow
    /// its own label. `nbsp-blanks`: every zero printed blank, each blank cell a no-break space
    /// (`&nbsp;`), which PyMuPDF writes on a line of its own or after the value before it.
    @Test("PyMuPDF text: a row printed blank is found by its labels; blank cells marked by no-break spaces keep every value in its column")
    func pyMuPDFBlanks() throws {
        func extract(_ name: String) throws -> (CanonicalReport, [String: Any]) {
            let (report, truth, _) = try Self.extractFixture("pdf-text", name)
            return (report, truth)
        }
        let (blankRow, blankRowTruth) = try extract("blank-row")
        let applications = try #require(blankRow.table("applications"))
        for (column, value) in [("natural_person", 7.0), ("commercial", 4), ("total", 11)] {
            #expect(applications["partially_disclosed", column] == CanonicalValue(value: value, status: .inferred), "partially_disclosed/\(column)")
        }
        #expect(try Self.valuesRead(blankRow, truth: blankRowTruth) { $0 == .printed || $0 == .inferred } == 200)
        // The blank row's label drawn after the table's values (as raw reading order draws labels
        // late): the labels no longer say which row is blank, and no value is guessed.
        let text = try String(contentsOfFile: Fixture.named("pdf-text", "blank-row").input, encoding: .utf8)
        let label = "（二）部分公开（区分处理\n的，只计这一情形，不计其他\n情形）\n"
        let late = text.replacingOccurrences(of: label, with: "").replacingOccurrences(
            of: "四、结转下年度继续办理\n6\n0\n0\n0\n1\n0\n7\n", with: "四、结转下年度继续办理\n6\n0\n0\n0\n1\n0\n7\n" + label)
        #expect(late != text && late.count == text.count)
        let lateReport = ReportExtractor(library: Self.library).extract(
            try PlainTextReader().read(data: Data(late.utf8), path: "late.txt").document, source: "late.txt")
        #expect(lateReport.table("applications")?["partially_disclosed", "natural_person"]?.status != .printed)
        _ = try Self.valuesRead(lateReport, truth: blankRowTruth) { $0 == .printed || $0 == .inferred }

        let (marked, markedTruth) = try extract("nbsp-blanks")
        #expect(marked.template == "2019")
        // Every value printed is read where it stands; the blank cells stay blank (missing where no rule fixes them).
        let blanked = (markedTruth["blanked"] as! [String: [[String]]]).mapValues { Set($0.map { $0[0] + "/" + $0[1] }) }
        var printed = 0
        for (tableID, rows) in markedTruth["tables"] as! [String: [String: [String: Double]]] {
            let table = try #require(marked.table(tableID))
            for (row, columns) in rows {
                for (column, expected) in columns where !(blanked[tableID]?.contains(row + "/" + column) ?? false) {
                    #expect(table[row, column] == CanonicalValue(value: expected, status: .printed), "\(tableID)/\(row)/\(column)")
                    printed += 1
                }
            }
        }
        #expect(printed == Fixture.named("pdf-text", "nbsp-blanks").info.printed, "\(printed) values printed")
        _ = try Self.valuesRead(marked, truth: markedTruth) { $0 == .printed || $0 == .inferred }
    }

    @Test("a line of text that runs rows together is cut after each row's values; one label with its values stays as it is")
    func labelValuePairs() throws {
        let spec = try #require(Self.library.variants(of: "active").first)
        let matcher = TableMatcher(spec: spec)
        func cells(_ line: String) -> [[String]] {
            let document = try! PlainTextReader().read(data: Data(line.utf8), path: "t.txt").document
            return SourceRow.rows(of: document).flatMap(matcher.splitLabelValuePairs).map { $0.cells.map(\.text) }
        }
        #expect(
            cells("行政强制 0 第二十条第(八)项 信息内容 行政事业性收费 52")
                == [["行政强制", "0"], ["第二十条第(八)项", "信息内容"], ["行政事业性收费", "52"]])
        #expect(cells("3. 行政处罚 12") == [["3. 行政处罚", "12"]])
        #expect(cells("截至 2024 年底 共 5 件") == [["截至 2024 年底 共 5 件"]])
    }

    @Test("no-break spaces ending a line of text are kept as marks of blank cells")
    func blankMarks() throws {
        #expect(PlainTextReader.blankMarks("315 \u{A0}") == " \u{A0}")
        #expect(PlainTextReader.blankMarks("\u{A0}") == " \u{A0}")
        #expect(PlainTextReader.blankMarks("自然人") == "" && PlainTextReader.blankMarks("规章") == "")
        let document = try PlainTextReader().read(data: Data("自然 人\n781\n315 \u{A0}\n\u{A0}\n48\n  \n".utf8), path: "t.txt").document
        let rows = SourceRow.rows(of: document)
        #expect(
            rows.map { $0.cells.map(\.reading) } == [
                [.text], [.number(781, inferred: false)], [.number(315, inferred: false), .blank], [.blank], [.number(48, inferred: false)],
            ])
    }

    @Test("a title whose words are broken by spaces (年度报 告) still names agency and year")
    func titleBrokenBySpaces() throws {
        let report = try Self.extract(text: "# 柏昌市民政局 **2023** 年政府信息公开工作年度报 告\n\n一、总体情况\n\n2023年，本机关坚持公开。\n")
        #expect(report.agency == "柏昌市民政局" && report.year == 2023)
    }

    @Test("crawler fields, breadcrumbs and titles that start with the year still name agency, year and date")
    func crawledTitles() throws {
        func metadata(_ head: String) throws -> (String?, Int?, String?) {
            let report = try Self.extract(text: head + "\n一、总体情况\n本机关坚持公开。\n二、主动公开政府信息情况\n无。\n")
            return (report.agency, report.year, report.published)
        }
        #expect(
            try metadata("标题: 平潭综合实验区公安局2021年政府信息公开工作年度报告\n发布时间: 2022-01-10 09:00\n文号: ")
                == ("平潭综合实验区公安局", 2021, "2022-01-10"))
        // A whole crawled page: the header up to the banner is left out but for the title and the date.
        #expect(
            try metadata(
                "标题: 平潭综合实验区2019年度政府信息公开工作年度报告\n发布时间: 2020-01-20 15:22\n栏目: 政府信息公开年报\n==================== 正文 ====================\n平潭综合实验区2019年政府信息公开工作年度报告"
            )
                == ("平潭综合实验区", 2019, "2020-01-20"))
        #expect(try metadata("标题：沭阳县发展和改革局2023年政府信息公开年度报告-沭阳县发改局") == ("沭阳县发展和改革局", 2023, nil))
        #expect(try metadata("正文\n2024 年上海市科委政府信息公开工作\n年度报告") == ("上海市科学技术委员会", 2024, nil))
        #expect(try metadata("首页>政务公开>政府信息公开年报塘德市应急管理局2023年政府信息公开工作年度报告") == ("塘德市应急管理局", 2023, nil))
        // The date signed at the end comes before a page's field.
        let signed = try Self.extract(text: "标题：柏昌市民政局2023年政府信息公开工作年度报告\n公开日期：2024-01-30\n一、总体情况\n无。\n柏昌市民政局\n2024年1月20日\n")
        #expect(signed.published == "2024-01-20")
        // A short form is expanded only after a place: a name that is only the short form stays.
        #expect(ReportMetadata.expandingAbbreviation("科委") == "科委" && ReportMetadata.expandingAbbreviation("北京市教委") == "北京市教育委员会")
    }

    @Test("a value glued to the end of a label is split off it; other words are not")
    func gluedValues() {
        #expect(SourceRow.split("行政规范性文件0") == ["行政规范性文件", "0"])
        #expect(SourceRow.split("行政事业性收费2.96") == ["行政事业性收费", "2.96"])
        #expect(SourceRow.split("（七）总计120 52 8") == ["(七)总计", "120", "52", "8"])
        #expect(SourceRow.split("截至2024年底") == ["截至2024年底"])
        #expect(SourceRow.split("3.其他") == ["3.其他"])
        #expect(SourceRow.split("a2") == ["a2"])
    }

    @Test("an outline number's numerals are Chinese or digits; a label without one has none")
    func numeralKinds() {
        for label in ["（六）其他处理", "三、本年度办理结果", "(七)总计"] { #expect(LabelText.numeralKind(label) == true, "\(label)") }
        for label in ["3.其他", "（1）属于国家秘密", "2、重复申请"] { #expect(LabelText.numeralKind(label) == false, "\(label)") }
        for label in ["其他", "（本列数据的勾稽关系", "2024年"] { #expect(LabelText.numeralKind(label) == nil, "\(label)") }
    }

    @Test("a text table's row holding two rows run together is split into them; any other row is left as it is")
    func mergedRows() {
        func cells(_ texts: [String]) -> [SourceRow.Cell] {
            texts.enumerated().map { SourceRow.Cell(text: $1, column: $0, reading: LabelText.read($1)) }
        }
        func texts(_ rows: [[SourceRow.Cell]]) -> [[String]] { rows.map { $0.map(\.text) } }
        let merged = cells(["(六)其他处理", "1.申请人无正当理由\n逾期不补正\n2.申请人逾期未按\n收费通知", "0\n3", "1\n0", "", "2\n3"])
        #expect(
            texts(SourceRow.splitMergedRows(merged)) == [
                ["(六)其他处理", "1.申请人无正当理由\n逾期不补正", "0", "1", "", "2"],
                ["(六)其他处理", "2.申请人逾期未按\n收费通知", "3", "0", "", "3"],
            ])
        // The start of the next row's label after the two: a row of its own, without values.
        let third = cells(["5.要求确认\n1.申请人无正当理由\n2.申请人逾期", "0\n1", "0\n2", "0\n3"])
        #expect(texts(SourceRow.splitMergedRows(third)) == [["5.要求确认", "0", "0", "0"], ["1.申请人无正当理由", "1", "2", "3"], ["2.申请人逾期"]])
        // No numbers to tell the labels apart, but one line for each row.
        #expect(texts(SourceRow.splitMergedRows(cells(["(七)总计\n下年度继续办理", "4\n1", "2\n0", "6\n1"]))).count == 2)
        // Stacks of different heights (two columns' numbers in one cell), a label of one row, too few values: as it is.
        for row in [["1.申请人\n2.申请人", "0\n3", "1", "2\n3"], ["3.其他", "0\n3", "1\n0", "2\n3"], ["1.申请人\n2.申请人", "0\n3", "1\n0"]] {
            #expect(texts(SourceRow.splitMergedRows(cells(row))) == [row])
        }
    }

    @Test("a section title stacked over a table's header (the first line of its first cells) starts the section at that row, its header lines kept")
    func titleOverHeader() throws {
        let text = """
            |1.申请人|0|0|0|
            |---|---|---|---|
            |四、<br>行政|政府<br>复议|信息公开|行政复议和行政诉讼情况<br>行政诉讼|总计|
            |维持|纠正|其他|尚未|总计|

            ## 四、政府信息公开    行政复议和行政诉讼情况

            五、存在的主要问题及改进情况
            """
        let document = try PlainTextReader().read(data: Data(text.utf8), path: "t.md").document
        let sections = SectionFinder.findSections(document, specs: Self.library.sections)
        let review = try #require(sections.first { $0.id == "review_litigation" })
        #expect(review.printedTitle == "四、政府信息公开行政复议和行政诉讼情况" && review.rowIndex == 1 && review.blockIndex == 0)
        // The title is the first cells' first lines; `总计`, a cell of one line after them, is the header's.
        #expect(review.titleColumns == 4)
        let region = SectionFinder.region(
            of: "review_litigation", sections: sections, document: document,
            tableIDs: Self.library.tableIDs, everyRow: { [] })
        // The title row without its title, the header row; not the title drawn again as a heading
        // (split into two cells at its wide gap).
        #expect(region.rows.map { $0.cells.map(\.text) } == [["行政", "复议", "", "行政诉讼", "总计"], ["维持", "纠正", "其他", "尚未", "总计"]])
        // A row with a number is no title; nor are a row's first lines that name no section.
        let numbered = try PlainTextReader().read(data: Data("|四、<br>行政|政府<br>2|信息公开|行政复议和行政诉讼情况<br>行政诉讼|\n|---|---|---|---|\n".utf8), path: "t.md")
            .document
        #expect(SectionFinder.findSections(numbered, specs: Self.library.sections).isEmpty)
    }

    @Test(
        "a grid row's label cut into pieces that say nothing alone (3.其|他, （七）|总计) is one label; a group's pieces before a row's own label are not joined to it"
    )
    func labelPieces() {
        let matcher = TableMatcher(spec: Self.library.variants(of: "applications").first { $0.fileName == "applications.2021" }!)
        func joined(_ texts: [String]) -> [String] {
            let cells = texts.enumerated().map { SourceRow.Cell(text: $1, column: $0, reading: LabelText.read($1)) }
            return matcher.joiningShortPieces(SourceRow(cells: cells, block: 0, table: 0, blanksAreCells: true)).cells.map(\.text)
        }
        #expect(joined(["", "3.其", "他", "10\n1", "0", "11"]) == ["", "3.其他", "10\n1", "0", "11"])
        #expect(joined(["（七）", "总计", "", "4", "5"]) == ["（七）总计", "", "4", "5"])
        // Each of these keeps its cells: the last piece names the row alone; two numbers (a group's
        // and the row's); a group's one-character piece before the row's label; no short piece.
        for row in [
            ["（五）", "3.要求提供公开出版物", "1", "1"], ["（三）", "4.保护第三方", "合法权益", "0", "0"],
            ["理", "4.无正当理由大量反复申请", "0", "0"], ["一、本年", "新收政府", "信息公开申请数量", "1", "1"],
        ] {
            #expect(joined(row) == row)
        }
    }

    // MARK: - The issue's examples

    @Test(
        "page numbers that PDF text leaves inside a table (- 2 -, — 2 —, 第 2 页 共 5 页) change no value",
        arguments: ["report_2021.pdf-raw.txt", "report_2021.pdf-layout.txt"], ["- 2 -", "— 2 —", "第 2 页 共 5 页", "2/5"])
    func pageNumbers(_ name: String, _ footer: String) throws {
        // The fixture `reports/report_2021-pdf-raw` of the input `reports/report_2021.pdf-raw.txt`.
        let fixture = Fixture.named("reports", String(name.dropLast(".txt".count)).replacingOccurrences(of: ".", with: "-"))
        #expect(fixture.info.source == "reports/" + name)
        let text = try String(contentsOfFile: fixture.input, encoding: .utf8)
        // After the first line that starts with 3. inside the applications table: a footer, then a form feed.
        let anchor = try #require(
            text.range(of: #"\n\s*3\."#, options: .regularExpression, range: text.range(of: "申请人情况")!.upperBound..<text.endIndex))
        let cut = text[anchor.upperBound...].firstIndex(of: "\n")!
        let paged = String(text[..<cut]) + "\n\n" + footer + "\n\u{0C}" + String(text[cut...])
        let reader = PlainTextReader()
        let extractor = ReportExtractor(library: Self.library)
        let plain = extractor.extract(try reader.read(data: Data(text.utf8), path: name).document, source: name)
        let pagedRead = try reader.read(data: Data(paged.utf8), path: name)
        #expect(
            pagedRead.diagnostics.filter { $0.code == "page_numbers_dropped" }.map(\.message) == ["1 page number line (`- 2 -`, `第 2 页`) left out"])
        let withFooter = extractor.extract(pagedRead.document, source: name)
        for (table, original) in zip(withFooter.tables, plain.tables) {
            for (row, column) in table.spec.cellIDs { #expect(table[row, column] == original[row, column], "\(table.spec.table)/\(row)/\(column)") }
        }
        #expect(PlainTextReader.isDressedPageNumber(footer))
        #expect(
            !PlainTextReader.isDressedPageNumber("2") && !PlainTextReader.isDressedPageNumber("2024") && !PlainTextReader.isDressedPageNumber("1-2"))
    }

    @Test("a review value row in tab text that lost some of its cells is not read under the wrong headers")
    func shortReviewRow() throws {
        func review(_ valueRow: String) throws -> CanonicalTable {
            let text = [
                "四、政府信息公开行政复议、行政诉讼情况",
                "行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t",
                "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t",
                "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
                valueRow, "", "五、存在的主要问题及改进情况", "无。",
            ].joined(separator: "\n")
            let report = try Self.extract(text: text)
            return try #require(report.tables.first { $0.spec.table == "review_litigation" })
        }
        // Whole: read as printed.
        let whole = try review("0\t0\t0\t0\t0\t1\t0\t2\t0\t3\t0\t0\t2\t0\t2")
        #expect(whole["litigation_direct", "total"] == CanonicalValue(value: 3, status: .printed))
        #expect(whole["litigation_after_review", "other"] == CanonicalValue(value: 2, status: .printed))
        // Five leading blanks lost: the values could stand under review or under the first lawsuits.
        let short = try review("1\t\t2\t\t3\t\t\t2\t\t2")
        for (row, column) in short.spec.cellIDs { #expect(short[row, column]?.status != .printed, "\(row)/\(column)") }
    }

    @Test("OCR text: a review header row in which noise reads as a number (4+H for 总计) is not taken for the value row")
    func noisyReviewHeader() throws {
        let text = [
            "五、政府信息公开行政复议和行政诉讼情况", "",
            "行政复议\t行政诉讼\t\t\t\t\t\t\t\t\t\t\t\t\t",
            "结果\t<b>结果\t纟吉果\t4+H 4+H H\t++/th >\t末经复议直接起诉\t复议后起诉\t\t\t\t\t\t\t\t", "",
            "\t维持\t纠正</b>\t\t\t\t\t\t\t\t\t\t\t\t\t",
            "\t\t\t\t\t结果\t结果\t其他\t尚未\t4+H 4+H H\t结果\t<b>水</b> 十\t其他\t尚未\t|", "",
            "\t\t\t\t\t\t维持\t纠正\t结果\t审结\t\t维持\t\t结果\t审结\t",
            "0\t1\t0\t0\t1\t2\t0\t0\t0\t2\t0\t0\t0\t0\t0", "", "六、存在的主要问题及改进情况", "无。",
        ].joined(separator: "\n")
        let review = try #require(try Self.extract(text: text).tables.first { $0.spec.table == "review_litigation" })
        #expect(review["review", "corrected"] == CanonicalValue(value: 1, status: .printed))
        #expect(review["litigation_direct", "total"] == CanonicalValue(value: 2, status: .printed))
        #expect(review["litigation_after_review", "total"] == CanonicalValue(value: 0, status: .printed))
    }

    @Test("a review value row in space-aligned text one value short: read where every place the rules allow for the blank gives the same values")
    func reviewRowOneShort() throws {
        func review(_ valueRow: String) throws -> CanonicalTable {
            let text = [
                "四、政府信息公开行政复议、行政诉讼情况", "", "行政复议                行政诉讼", "",
                "结果 结果 其他 尚未 总计 未经复议直接起诉                复议后起诉",
                "                    结果 结果 其他 尚未    结果 结果 其他 尚未",
                "维持 纠正 结果 审结                     总计             总计",
                "                    维持 纠正 结果 审结    维持 纠正 结果 审结", "",
                valueRow, "", "五、存在的主要问题及改进情况", "", "无。",
            ].joined(separator: "\n")
            let report = try Self.extract(text: text)
            return try #require(report.tables.first { $0.spec.table == "review_litigation" })
        }
        // The blank is one of the last group's zeros: wherever it stands, the group is all zeros.
        let zeros = try review("1   2   0   0   3   0   0   1   0   1   0   0    0         0")
        #expect(zeros["review", "corrected"] == CanonicalValue(value: 2, status: .printed))
        #expect(zeros["litigation_direct", "total"] == CanonicalValue(value: 1, status: .printed))
        for column in ["upheld", "corrected", "other", "pending", "total"] {
            #expect(zeros["litigation_after_review", column]?.value == 0, "\(column)")
        }
        // The last group 1, 0, 0, 1 with a blank: a 0 lost (total 1) or the total lost (2) both fit.
        let open = try review("1   2   0   0   3   0   0   1   0   1   1   0    0         1")
        for (row, column) in open.spec.cellIDs { #expect(open[row, column]?.status != .printed, "\(row)/\(column)") }
    }

    @Test("raw PDF text that draws the review table's last values after the next section's title: they are the table's")
    func valuesAfterNextTitle() throws {
        let header = [
            "四、政府信息公开行政复议和行政诉讼情况", "行政复议", "", "行政诉讼", "", "未经复议直接起诉", "复议后起诉",
            "结果 结果 其他 尚未", "总计 结果 结果 其他 尚未", "结果 结果 其他 尚未", "维持 纠正 结果 审结", "总计", "总计",
            "维持 纠正 结果 审结", "维持 纠正 结果 审结",
        ]
        let values = [0, 0, 0, 3, 3, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0].map(String.init)
        func review(after: Int, next: String, labelsAfterTitle: [String] = []) throws -> CanonicalTable {
            let lines =
                header + values[..<after].flatMap { [$0, ""] } + [next, ""] + labelsAfterTitle.flatMap { [$0, ""] }
                + values[after...].flatMap { [$0, ""] }
                + ["政府信息公开工作虽取得一定成效，但仍存在一些不足。", "六、其他需要报告的事项", "无。"]
            let text = lines.joined(separator: "\n")
            let report = try Self.extract(text: text)
            return try #require(report.tables.first { $0.spec.table == "review_litigation" })
        }
        let table = try review(after: 7, next: "五、存在的主要问题及改进情况")
        let expected: [String: [Double]] = [
            "review": [0, 0, 0, 3, 3], "litigation_direct": [1, 0, 0, 0, 1], "litigation_after_review": [0, 0, 0, 0, 0],
        ]
        for (row, numbers) in expected {
            for (column, x) in zip(["upheld", "corrected", "other", "pending", "total"], numbers) {
                #expect(table[row, column] == CanonicalValue(value: x, status: .printed), "\(row)/\(column)")
            }
        }
        // Header cells drawn after the title too, before the values (short lines, no prose): the same.
        let withLabels = try review(after: 5, next: "五、存在的主要问题及改进情况", labelsAfterTitle: ["复议后起诉", "维持", "结果", "纠正", "总计"])
        for (column, x) in zip(["upheld", "corrected", "other", "pending", "total"], [1.0, 0, 0, 0, 1]) {
            #expect(withLabels["litigation_direct", column] == CanonicalValue(value: x, status: .printed), "litigation_direct/\(column)")
        }
        // A sentence after the title ends the table: the numbers after it are not the table's.
        let afterProse = try review(after: 5, next: "五、存在的主要问题及改进情况", labelsAfterTitle: ["复议后起诉", "一是公开内容不够全面；"])
        #expect(afterProse["litigation_direct", "total"]?.status != .printed)
        // All before the title: the same.
        #expect(try review(after: 15, next: "五、存在的主要问题及改进情况")["litigation_direct", "total"] == CanonicalValue(value: 1, status: .printed))
    }

    /// The applications table of a generated report as tab text (2021 form).
    static let applicationsTab = [
        "三、收到和处理政府信息公开申请情况",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况\t\t\t\t\t\t",
        "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
        "\t\t\t\t商业 企业\t科研 机构\t社会公 益组织\t法律 服务 机构\t其他\t",
        "一、本年新收政府信息公开申请数量\t\t\t166\t34\t0\t0\t38\t0\t238",
        "二、上年结转政府信息公开申请数量\t\t\t0\t1\t0\t0\t0\t0\t1",
        "三、本年度办理结果\t（一）予以公开\t\t77\t18\t0\t0\t17\t0\t112",
        "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t\t15\t2\t0\t0\t2\t0\t19",
        "\t（三）不予公开\t1. 属于国家秘密\t1\t0\t0\t0\t0\t0\t1",
        "\t\t2. 其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0",
        "\t\t3. 危及\"三安全一稳定\"\t1\t0\t0\t0\t1\t0\t2",
        "\t\t4. 保护第三方合法权益\t4\t0\t0\t0\t0\t0\t4",
        "\t\t5. 属于三类内部事务信息\t2\t1\t0\t0\t0\t0\t3",
        "\t\t6. 属于四类过程性信息\t3\t0\t0\t0\t2\t0\t5",
        "\t\t7. 属于行政执法案卷\t2\t1\t0\t0\t1\t0\t4",
        "\t\t8. 属于行政查询事项\t1\t0\t0\t0\t0\t0\t1",
        "\t（四）无法提供\t1. 本机关不掌握相关政府信息\t21\t3\t0\t0\t4\t0\t28",
        "\t\t2. 没有现成信息需要另行制作\t3\t1\t0\t0\t1\t0\t5",
        "\t\t3. 补正后申请内容仍不明确\t7\t0\t0\t0\t2\t0\t9",
        "\t（五）不予处理\t1. 信访举报投诉类申请\t12\t1\t0\t0\t0\t0\t13",
        "\t\t2. 重复申请\t2\t1\t0\t0\t1\t0\t4",
        "\t\t3. 要求提供公开出版物\t1\t0\t0\t0\t0\t0\t1",
        "\t\t4. 无正当理由大量反复申请\t1\t0\t0\t0\t1\t0\t2",
        "\t\t5. 要求行政机关确认或重新出具已获取信息\t1\t0\t0\t0\t0\t0\t1",
        "\t（六）其他处理\t1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t3\t1\t0\t0\t3\t0\t7",
        "\t\t2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t1\t0\t0\t0\t0\t0\t1",
        "\t\t3. 其他\t8\t3\t0\t0\t3\t0\t14",
        "\t（七）总计\t\t166\t32\t0\t0\t38\t0\t236",
        "四、结转下年度继续办理\t\t\t0\t3\t0\t0\t0\t0\t3",
    ]

    @Test("a tab row whose last value was lost (blanks at both ends) is placed where the row rule allows, not shifted one cell")
    func lostLastValue() throws {
        // 予以公开's total (112) lost, as OCR leaves it: the row then shows a blank at each end, one
        // cell more than its columns.
        let section = Self.applicationsTab
        func applications(_ lines: [String]) throws -> CanonicalTable {
            let text = (lines + ["", "五、存在的主要问题及改进情况", "无。"]).joined(separator: "\n")
            let report = try Self.extract(text: text)
            return try #require(report.tables.first { $0.spec.table == "applications" })
        }
        // Its header row of applicant columns lost too (OCR), so values are placed by count.
        let headless = section.filter { !$0.contains("自然人") && !$0.contains("科研") }
        let lost = try applications(headless.map { $0.hasSuffix("\t0\t112") ? String($0.dropLast(3)) : $0 })
        #expect(lost["disclosed", "natural_person"] == CanonicalValue(value: 77, status: .printed))
        #expect(lost["disclosed", "commercial"] == CanonicalValue(value: 18, status: .printed))
        #expect(lost["disclosed", "legal_services"] == CanonicalValue(value: 17, status: .printed))
        #expect(lost["disclosed", "other_org"] == CanonicalValue(value: 0, status: .printed))
        #expect(lost["disclosed", "total"] == CanonicalValue(value: 112, status: .inferred))
    }

    @Test("space-aligned text: a row one value short on a line indented one column further is not read one column off")
    func shiftedShortRow() throws {
        // The tab table as `pdftotext -layout` writes it: values in columns 5 characters wide from
        // character 50. 1.属于国家秘密 (1 0 0 0 0 0 1) lost its first value and its line starts 5
        // spaces further in: with the leading spaces gone, its values stand one column to the left.
        var lines: [String] = []
        for line in Self.applicationsTab.dropFirst(4) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let label = fields.prefix(3).filter { !$0.isEmpty }.joined(separator: " ")
            var values = Array(fields.dropFirst(3)).map { $0.isEmpty ? nil : $0 }
            var indent = ""
            if label.contains("属于国家秘密") {
                values[0] = nil
                indent = String(repeating: " ", count: 5)
            }
            var text = indent + label
            text += String(repeating: " ", count: max(2, 50 - text.count))
            for value in values {
                let cell = value ?? ""
                text += String(repeating: " ", count: 5 - cell.count) + cell
            }
            lines.append(text)
        }
        let section = ["三、收到和处理政府信息公开申请情况", "申请人情况", "自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计"] + lines
        let text = (section + ["", "五、存在的主要问题及改进情况", "无。"]).joined(separator: "\n")
        let report = try Self.extract(text: text)
        let table = try #require(report.tables.first { $0.spec.table == "applications" })
        let truth: [Double] = [1, 0, 0, 0, 0, 0, 1]
        for (column, value) in zip(ReadingOrderAlignerTests.columns, truth) {
            let cell = try #require(table["withheld.state_secret", column])
            #expect(cell.value == nil || cell.value == value, "withheld.state_secret/\(column): \(cell)")
        }
        // The rows beside it are read by the columns as before.
        #expect(table["withheld.prohibited_by_law", "total"] == CanonicalValue(value: 0, status: .printed))
        #expect(table["disclosed", "legal_services"] == CanonicalValue(value: 17, status: .printed))
    }

    @Test(
        "raw PDF text: after a row of the active table that shows only some of its values, the last value on a line of its own is not taken for the last row's"
    )
    func activeValueDrawnLast() throws {
        // Seed 57 0027: 行政规范性文件 shows 4 of (4, blank, 12); 12 is drawn after 行政强制, whose
        // own cell is blank. Nothing tells the two readings apart.
        func active(_ normative: String) throws -> CanonicalTable {
            let lines = [
                "二、主动公开政府信息情况", "第二十条第(一)项", "信息内容", "本年制发件数 本年废止件数 现行有效件数", "规章",
                normative, "第二十条第(五)项", "信息内容", "本年处理决定数量", "行政许可", "64", "第二十条第(六)项",
                "信息内容", "本年处理决定数量", "行政处罚", "129", "行政强制", "12", "第二十条第(八)项", "信息内容",
                "本年收费金额(单位：万元)", "行政事业性收费", "三、收到和处理政府信息公开申请情况", "五、存在的主要问题及改进情况", "无。",
            ]
            let report = try Self.extract(text: lines.joined(separator: "\n"))
            return try #require(report.tables.first { $0.spec.table == "active" })
        }
        let short = try active("行政规范性文件 4")
        #expect(short["coercion", "decisions"]?.status == .missing)
        #expect(short["licensing", "decisions"] == CanonicalValue(value: 64, status: .printed))
        #expect(short["penalty", "decisions"] == CanonicalValue(value: 129, status: .printed))
        // With every value of the row shown, 12 is 行政强制's.
        let whole = try active("行政规范性文件 4 0 12")
        #expect(whole["coercion", "decisions"] == CanonicalValue(value: 12, status: .printed))
    }

    @Test("a 2019 其他处理 row printed all blank in a grid is that form's row, not the 2021 group's title")
    func blankRowChoosesVariant() throws {
        // The 2019 form in a 2024 report (the 2021 form in force).
        var form2019 = Self.applicationsTab.filter { !$0.hasPrefix("\t\t2. 申请人逾期") && !$0.hasPrefix("\t\t3. 其他") }
        form2019[form2019.firstIndex { $0.contains("（六）其他处理") }!] = "\t（六）其他处理\t\t\t\t\t\t\t\t"
        let report = try Self.extract(text: (["某区2024年政府信息公开工作年度报告"] + form2019 + ["", "五、存在的主要问题及改进情况", "无。"]).joined(separator: "\n"))
        let blankRow = try #require(report.tables.first { $0.spec.table == "applications" })
        #expect(blankRow.spec.variant == "2019")
        #expect(blankRow["other_handling", "natural_person"] == CanonicalValue(value: 12, status: .inferred))
        #expect(blankRow["other_handling", "total"] == CanonicalValue(value: 22, status: .inferred))
    }

    @Test("seed 002: a blank natural-person cell is inferred from the row total; review corrected is 1")
    func seed002() throws {
        let report = try Self.report(seed: "002_f13d2195483ea46f")
        let applications = try #require(report.table("applications"))
        #expect(applications["new_received", "natural_person"] == CanonicalValue(value: 1, status: .inferred))
        #expect(report.table("review_litigation")?["review", "corrected"] == CanonicalValue(value: 1, status: .printed))
        #expect(report.agency == "武陟县大封镇人民政府" && report.year == 2024)
    }

    @Test("seed 000: penalty 22 and coercion 1; rows after the truncation are inferred 0 (no application came in); no review section")
    func seed000() throws {
        let report = try Self.report(seed: "000_1d8cdb0a9baf0581")
        let active = try #require(report.table("active"))
        #expect(active["penalty", "decisions"] == CanonicalValue(value: 22, status: .printed))
        #expect(active["coercion", "decisions"] == CanonicalValue(value: 1, status: .printed))
        let applications = try #require(report.table("applications"))
        let rowIDs = applications.spec.rows.map(\.id)
        let after = rowIDs[(rowIDs.firstIndex(of: "not_processed.duplicate")! + 1)...]
        // Nothing was received or carried over, and counts are never negative: every row the
        // truncation lost is 0, fixed by the rules (not printed).
        for row in after {
            for column in applications.spec.columnIDs(forRow: row) {
                #expect(applications[row, column] == CanonicalValue(value: 0, status: .inferred), "\(row)/\(column)")
                #expect(applications.origin(row: row, column: column)?.hasSuffix("a count is never negative") == true)
            }
        }
        #expect(applications["not_processed.duplicate", "total"]?.status == .printed)
        let review = try #require(report.table("review_litigation"))
        #expect(review.orderedValues.allSatisfy { $0.value == .missing })
        #expect(!review.found)
    }

    @Test("seed 003 is read with the 2019 variant of the applications table")
    func seed003() throws {
        let report = try Self.report(seed: "003_ba2cf0abdb691150")
        #expect(report.table("applications")?.spec.variant == "2019")
        #expect(report.table("applications")?["other_handling", "total"] == CanonicalValue(value: 0, status: .printed))
        #expect(report.template == "2019")
    }

    @Test("seed 004: the printed-blank applications table is all missing; normative documents issued is 2")
    func seed004() throws {
        let report = try Self.report(seed: "004_9a8ee076b3f5a7ba")
        let applications = try #require(report.table("applications"))
        #expect(applications.orderedValues.allSatisfy { $0.value == .missing })
        let active = try #require(report.table("active"))
        #expect(active["normative_documents", "issued"] == CanonicalValue(value: 2, status: .printed))
        #expect(active["normative_documents", "in_force"] == .missing)
    }

    @Test("seed 001 (one cell per line) reads every value, and the misnumbered sections by title")
    func seed001() throws {
        let report = try Self.report(seed: "001_c41b25aa24a0d50f")
        #expect(report.sections.map(\.id) == ["overview", "active", "applications", "review_litigation", "problems"])
        for table in report.tables {
            #expect(table.orderedValues.allSatisfy { $0.value == CanonicalValue(value: 0, status: .printed) }, "\(table.spec.table)")
        }
        // No title and no statistics period: the overview's opening words name the town and the year.
        #expect(report.agency == "青龙镇" && report.year == 2023)
    }

    @Test("without a title or a statistics period, only an opening year alone or after a name is the report year")
    func openingYear() throws {
        func metadata(_ lines: [String]) throws -> (String?, Int?) {
            let text = (lines + ["二、主动公开政府信息情况", "无。"]).joined(separator: "\n")
            let report = try Self.extract(text: text)
            return (report.agency, report.year)
        }
        #expect(try metadata(["一、总体情况", "2024年，本机关坚持以公开为常态。"]) == (nil, 2024))
        #expect(try metadata(["一、总体情况", "城关街道2022年共主动公开信息120条。"]) == ("城关街道", 2022))
        #expect(try metadata(["一、总体情况", "根据2019年修订的《中华人民共和国政府信息公开条例》，本机关…"]) == (nil, nil))
        #expect(try metadata(["一、总体情况", "2023年1月1日起，本机关…"]) == (nil, nil))
    }
}
