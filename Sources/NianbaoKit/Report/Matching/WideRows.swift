import Foundation

/// Wide tables (one row of values under grouped headers): the header rows before the value row
/// name the groups and columns; the value row is read by the header path above each grid column,
/// or by count, shifted where the rules allow only one reading.
extension TableMatcher {
    /// What a wide table's header row may name. `labels`: each text cell, each word of a cell that
    /// joins several with single spaces (pdfplumber), and each line of a cell that stacks several,
    /// alone and with the next (`行政<br>结果<br>维持`: a group's label over a column's, pymupdf4llm).
    /// `cutGroups`: in a grid, two or three neighbouring cells together, a group label a
    /// PDF-to-Markdown converter cut over cells (`行政|复议`), or their first lines (`行政<br>…|复议<br>…`).
    static func headerCores(_ row: SourceRow) -> (labels: [String], cutGroups: [String]) {
        let texts = row.textCells
        var labels: [String] = []
        for cell in texts {
            labels.append(cell.core)
            let words = cell.text.split(separator: " ")
            if words.count > 1 { labels += words.map { LabelText.core(String($0)) } }
            let lines = cell.text.split(separator: "\n").map(String.init)
            if lines.count > 1 {
                labels += lines.map(LabelText.core)
                labels += zip(lines, lines.dropFirst()).map { LabelText.core($0 + $1) }
            }
        }
        var cutGroups: [String] = []
        if row.table != nil {
            let firstLines = texts.map { LabelText.core(String($0.text.prefix { $0 != "\n" })) }
            let stacked = texts.contains { $0.text.contains("\n") }
            for k in 2...3 where texts.count >= k {
                for start in 0...(texts.count - k) {
                    cutGroups.append(texts[start..<(start + k)].map(\.core).joined())
                    if stacked { cutGroups.append(firstLines[start..<(start + k)].joined()) }
                }
            }
        }
        return (labels, cutGroups)
    }

    /// Reads a wide table: the header rows must name enough of its groups and columns; the value
    /// row under them is read by the header path above each grid column, else by count.
    func matchWide(_ rows: [SourceRow], inSection: Bool = false) -> TableMatch {
        var result = TableMatch()
        let slots = spec.rows.flatMap { row in spec.columnIDs(forRow: row.id).map { (row: row.id, column: $0) } }
        let scan = scanWide(rows, slots: slots.count)
        result.score = scan.headerLabels.count
        // The table's own headers must be there: two of its group labels, or one and most of its column labels.
        let groupsSeen = scan.headerLabels.filter { $0.hasPrefix("row:") }.count
        let enoughHeaders = groupsSeen >= 2 || (groupsSeen >= 1 && scan.headerLabels.count - groupsSeen >= min(3, spec.columns.count))
        guard enoughHeaders else {
            result.score = 0
            if inSection, let readings = soleFullRow(rows, slots: slots.count) {
                result.score = 1
                for ((row, column), reading) in zip(slots, readings) {
                    result.values[row, default: [:]][column] = value(reading, row: row, column: column, result: &result)
                }
            }
            return result
        }
        // Reading-order text that scatters the values among the headers gives no value row: the
        // order of such values is not the table's, so they are left missing.
        guard let valueRow = scan.valueRow else { return result }
        result.score += 5

        let readings: [LabelText.Reading]
        switch wideByHeaderPath(valueRow, headerRows: scan.headerRows, slots: slots) {
        case .read(let byHeader):
            readings = byHeader
        case .inDoubt(let short):
            result.findings.append(
                Finding(
                    severity: .warning, code: "values_not_placed", table: spec.table, row: nil, column: nil,
                    message:
                        "the value row is \(short) cells shorter than its header, and the rules do not tell where its values stood; they are left missing"
                ))
            return result
        case .notPlaced:
            if valueRow.numberCount < slots.count, let pieces = wideInPieces(rows, slots: slots) {
                readings = pieces
                break
            }
            guard let byCount = wideByCount(valueRow, slots: slots.count, result: &result) else { return result }
            readings = byCount
        }
        for ((row, column), reading) in zip(slots, readings) {
            result.values[row, default: [:]][column] = value(reading, row: row, column: column, result: &result)
        }
        return result
    }

    /// The header rows of a wide table, the value row after them (nil when none comes), and the
    /// column ids and groups (`row:` + id) the headers name.
    struct WideScan {
        var headerLabels = Set<String>()
        var valueRow: SourceRow?
        var headerRows: [SourceRow] = []
    }

    /// Reads rows until the value row: `slots` values (or a grid row of that many cells with a
    /// number and no text), its text cells naming no row or column.
    func scanWide(_ rows: [SourceRow], slots: Int) -> WideScan {
        var scan = WideScan()
        for row in rows {
            let texts = row.textCells
            let cores = Self.headerCores(row)
            for core in cores.labels {
                if let c = bestColumn(core) { scan.headerLabels.insert(c) }
                if let r = bestRow(core) { scan.headerLabels.insert("row:" + r.id) }
            }
            for core in cores.cutGroups { if let r = bestRow(core) { scan.headerLabels.insert("row:" + r.id) } }
            // A wide row of cells with a few numbers and no text is a value row of mostly blank cells;
            // with text too, it is a header row that OCR noise gave a number (`4+H` for 总计).
            let isValueRow =
                row.numberCount >= min(5, slots)
                || (row.blanksAreCells && row.numberCount >= 1 && row.cells.count >= slots && texts.isEmpty)
            if isValueRow, texts.isEmpty || texts.allSatisfy({ bestRow($0.core) == nil && bestColumn($0.core) == nil }) {
                scan.valueRow = row
                break
            }
            scan.headerRows.append(row)
        }
        return scan
    }

    /// What reading a value row by its header path gave.
    enum WideReading {
        case read([LabelText.Reading])
        /// The headers do not name every slot's grid column (or the row is no grid row).
        case notPlaced
        /// A text row this many cells shorter than its header, whose shifts the rules cannot tell apart.
        case inDoubt(short: Int)
    }

    /// A grid value row read by the header path above each grid column: a group's label and a
    /// column's, for every slot, each slot its own grid column.
    func wideByHeaderPath(_ valueRow: SourceRow, headerRows: [SourceRow], slots: [(row: String, column: String)]) -> WideReading {
        guard let table = valueRow.table else { return .notPlaced }
        let above = headerRows.filter { $0.table == table }
        var position: [String: Int] = [:]
        for cell in valueRow.cells {
            let path = above.flatMap { $0.cells.filter { $0.column <= cell.column && cell.column < $0.column + $0.span } }
                .map(\.core)
            let column = path.reversed().lazy.compactMap { self.bestColumn($0) }.first
            let group = spec.rows.first { row in path.contains { LabelText.similarity($0, LabelText.core(row.label)) >= 0.85 } }
            if let column, let group { position["\(group.id)|\(column)"] = cell.column }
        }
        guard slots.allSatisfy({ position["\($0.0)|\($0.1)"] != nil }) && Set(position.values).count == slots.count else { return .notPlaced }
        let byColumn = Dictionary(valueRow.cells.filter { !$0.isFiller }.map { ($0.column, $0) }, uniquingKeysWith: { a, _ in a })
        // A text row shorter than its header may have lost fields at its start as well as
        // its end: each shift is tried, and only one the rules cannot tell from the others is read.
        let short = valueRow.mayBeShifted ? valueRow.cells.filter(\.isFiller).count : 0
        let shifted = (0...short).map { shift in slots.map { byColumn[position["\($0.0)|\($0.1)"]! - shift]?.reading ?? .blank } }
        if short == 0 {
            return .read(shifted[0])
        } else if let agreed = agreedByRules(shifted) {
            return .read(agreed)
        }
        return .inDoubt(short: short)
    }

    /// A value row read by count: surplus blanks trimmed from its ends, stacked numbers unstacked;
    /// a text row short of cells read only where every placement the rules allow agrees. Nil, with
    /// a finding, when the count does not fit.
    func wideByCount(_ valueRow: SourceRow, slots: Int, result: inout TableMatch) -> [LabelText.Reading]? {
        var values = valueRow.cells.filter { $0.reading != .text && !($0.isFiller && valueRow.mayBeShifted) }
        while values.count > slots, values.last?.reading == .blank { values.removeLast() }
        while values.count > slots, values.first?.reading == .blank { values.removeFirst() }
        if values.count <= slots, let unstacked = RowRepairs.unstacking(values, to: slots, pastEmptyCell: valueRow.mayBeShifted) {
            values = unstacked
        }
        let short = valueRow.mayBeShifted && valueRow.cells.contains(where: \.isFiller) ? slots - values.count : 0
        if values.count == slots {
            return values.map(\.reading)
        } else if short > 0,
            let agreed = agreedByRules(
                (0...short).map { lead in
                    Array(repeating: .blank, count: lead) + values.map(\.reading) + Array(repeating: .blank, count: short - lead)
                })
        {
            // A text row short of cells: read only where every placement the rules allow agrees.
            return agreed
        } else if !valueRow.blanksAreCells, values.count == slots - 1, let placed = placeOneBlank(values.map(\.reading)) {
            return placed
        }
        result.findings.append(
            Finding(
                severity: .warning, code: "values_not_placed", table: spec.table, row: nil, column: nil,
                message: "the value row shows \(values.count) values for \(slots) columns; they are left missing"))
        return nil
    }

    /// Headers a converter garbled past recognition (`行政复议行政诉讼`, `维持|纠正|结果|审结`): in the
    /// table's own section, the one line that shows a number for every cell of the table and no text,
    /// read in the template's order when it breaks none of the table's rules. Nil when there is no
    /// such line, or more than one.
    func soleFullRow(_ rows: [SourceRow], slots: Int) -> [LabelText.Reading]? {
        let full = rows.filter { row in
            row.textCells.isEmpty && row.numberCount == slots && row.cells.filter({ $0.reading != .blank }).count == slots
        }
        guard full.count == 1 else { return nil }
        return agreedByRules([full[0].cells.filter { $0.reading != .blank }.map(\.reading)])
    }

    /// A wide table printed a group at a time (an OCR'd scan as Markdown: 行政复议 over its five
    /// column labels and values, then 未经复议直接起诉 …): a line of exactly one group's count of
    /// numbers and no text, after a header that names that group and then its column labels in the
    /// group's order, is that group's values. Read (other groups blank) when at least one group is
    /// so found, none twice, and the values break no rule; nil otherwise.
    func wideInPieces(_ rows: [SourceRow], slots: [(row: String, column: String)]) -> [LabelText.Reading]? {
        var group: String?
        var columnsSeen: [String] = []
        var found: [String: [LabelText.Reading]] = [:]
        for row in rows {
            let texts = row.textCells
            if !texts.isEmpty {
                for cell in texts {
                    if let named = bestRow(cell.core), named.score >= ReportExtractor.labelThreshold {
                        (group, columnsSeen) = (named.id, [])
                    } else if let column = bestColumn(cell.core) {
                        columnsSeen.append(column)
                    }
                }
                continue
            }
            guard let id = group else { continue }
            let columns = spec.columnIDs(forRow: id)
            let values = row.cells.filter { $0.reading != .blank }
            guard values.count == columns.count, row.numberCount == columns.count, columnsSeen == columns else { continue }
            guard found[id] == nil else { return nil }
            found[id] = values.map(\.reading)
            group = nil
        }
        guard !found.isEmpty else { return nil }
        var position: [String: Int] = [:]
        let readings: [LabelText.Reading?] = slots.map { slot in
            guard let values = found[slot.row] else { return nil }
            position[slot.row, default: 0] += 1
            return values[position[slot.row]! - 1]
        }
        guard breaksNoRule(readings) else { return nil }
        return readings.map { $0 ?? .blank }
    }
}
