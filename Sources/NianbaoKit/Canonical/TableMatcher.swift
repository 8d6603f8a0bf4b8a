import Foundation

/// Matches one table variant against source rows and reads its values.
///
/// Rows are found by their labels (normalised, alias- and fuzzy-matched; row-group labels such as
/// 三、本年度办理结果 are set aside first), never by position, so extra, missing and reordered rows
/// do no harm. A label spread over several text lines is joined until it matches. Values are the
/// cells after a row's label: placed by the columns of the matched header where the source is a real
/// grid, otherwise by count, with surplus blank cells trimmed from the ends; a row whose values cannot
/// be placed for sure is left missing, never guessed.
struct TableMatcher {
    let spec: TableSpec
    private let rowLabels: [(id: String, core: String)]
    private let columnLabels: [(id: String, core: String)]
    private let groupCores: [String]

    init(spec: TableSpec) {
        self.spec = spec
        rowLabels = spec.rows.flatMap { row in row.allLabels.map { (row.id, LabelText.core($0)) } }
        columnLabels = spec.columns.flatMap { column in column.allLabels.map { (column.id, LabelText.core($0)) } }
        var groups = (spec.rowGroups ?? []).flatMap { [$0.label] + ($0.aliases ?? []) }
        groups += (spec.columnGroups ?? []).map(\.label)
        groups += (spec.blocks ?? []).map(\.label)
        groups += [spec.title, spec.corner].compactMap { $0 }
        groupCores = groups.map(LabelText.core).filter { !$0.isEmpty }
    }

    func match(_ rows: [SourceRow]) -> TableMatch {
        switch spec.layout {
        case .matrix, .blocks: return matchRows(rows)
        case .wide: return matchWide(rows)
        }
    }

    // MARK: - Labels

    func isGroupLabel(_ core: String) -> Bool {
        groupCores.contains { LabelText.similarity(core, $0) >= 0.85 }
    }

    /// The template row a label names, with its similarity.
    func bestRow(_ core: String) -> (id: String, score: Double)? {
        guard !core.isEmpty else { return nil }
        var best: (String, Double)?
        for (id, label) in rowLabels {
            let s = LabelText.similarity(core, label)
            if s > (best?.1 ?? 0) { best = (id, s) }
        }
        guard let best, best.1 >= ReportExtractor.labelThreshold else { return nil }
        return best
    }

    func bestColumn(_ core: String) -> String? {
        guard !core.isEmpty else { return nil }
        var best: (String, Double)?
        for (id, label) in columnLabels {
            let s = LabelText.similarity(core, label)
            if s > (best?.1 ?? 0) { best = (id, s) }
        }
        guard let best, best.1 >= 0.85 else { return nil }
        return best.0
    }

    // MARK: - Row tables (matrix, blocks)

    struct RowHit {
        var id: String
        var row: SourceRow
        var values: [SourceRow.Cell]
        var streamed = false
    }

    func matchRows(_ rows: [SourceRow]) -> TableMatch {
        var result = TableMatch()
        var hits: [String: RowHit] = [:]
        var order: [String] = []
        var current: RowHit?
        var pending = ""
        var headerColumns: [Int: [String: Int]] = [:]   // table → column id → grid column
        var headerLabels = Set<String>()

        func finish() {
            guard let hit = current else { return }
            current = nil
            let numbers = hit.values.filter { if case .number = $0.reading { return true } else { return false } }.count
            if let previous = hits[hit.id] {
                let before = previous.values.filter { if case .number = $0.reading { return true } else { return false } }.count
                if numbers <= before { return }
            } else {
                order.append(hit.id)
            }
            hits[hit.id] = hit
        }

        for row in rows {
            let texts = row.textCells
            if texts.isEmpty {
                // A row of values only: more values for a row whose label came on its own line.
                if var hit = current, row.numberCount > 0, hit.values.count < spec.columnIDs(forRow: hit.id).count {
                    hit.values += row.cells.filter { $0.reading != .blank }
                    hit.streamed = true
                    current = hit
                }
                continue
            }
            let cores = texts.map { LabelText.core($0.text) }
            let labelCores = cores.filter { !$0.isEmpty && !isGroupLabel($0) }
            for (cell, core) in zip(texts, cores) {
                if let column = bestColumn(core), row.numberCount == 0 {
                    headerLabels.insert(column)
                    if let table = row.table, headerColumns[table]?[column] == nil { headerColumns[table, default: [:]][column] = cell.column }
                }
                if isGroupLabel(core) { headerLabels.insert("group:" + core) }
            }
            var candidates = labelCores
            if labelCores.count > 1 { candidates.append(labelCores.joined()) }
            if !pending.isEmpty { candidates.append(pending + labelCores.joined()) }
            var best: (id: String, score: Double)?
            for candidate in candidates {
                if let b = bestRow(candidate), b.score > (best?.score ?? 0) { best = b }
            }
            if let best {
                finish()
                current = RowHit(id: best.id, row: row, values: row.valueCells)
                pending = ""
            } else {
                finish()
                if row.valueCells.isEmpty || row.valueCells.allSatisfy({ $0.reading == .blank }) {
                    pending = String((pending + labelCores.joined()).suffix(80))
                } else {
                    pending = ""
                }
            }
        }
        finish()

        for id in order {
            guard let hit = hits[id] else { continue }
            let columns = spec.columnIDs(forRow: id)
            let placed = place(hit, columns: columns, headerColumns: hit.row.table.flatMap { headerColumns[$0] }, result: &result)
            // A label without values (a header cell that looks like a row label) proves nothing.
            let numbers = hit.values.contains { if case .number = $0.reading { return true } else { return false } }
            if numbers { result.score += placed ? 2 : 1 }
        }
        result.score += headerLabels.count
        return result
    }

    /// Puts a matched row's values into its columns; false when they could not be placed for sure.
    func place(_ hit: RowHit, columns: [String], headerColumns: [String: Int]?, result: inout TableMatch) -> Bool {
        var readings: [LabelText.Reading]?
        // By the header's columns, where the source is a grid and the header names every column.
        if !hit.streamed, let header = headerColumns, columns.allSatisfy({ header[$0] != nil }) {
            let positions = columns.map { header[$0]! }
            if zip(positions, positions.dropFirst()).allSatisfy({ $0 < $1 }) {
                let byColumn = Dictionary(hit.row.cells.map { ($0.column, $0) }, uniquingKeysWith: { a, _ in a })
                let cells = positions.map { byColumn[$0] }
                let mapped = Set(positions)
                let strayNumbers = hit.values.contains { cell in
                    if case .number = cell.reading { return !mapped.contains(cell.column) } else { return false }
                }
                if !strayNumbers, cells.allSatisfy({ $0 != nil && $0!.reading != .text }) {
                    readings = cells.map { $0!.reading }
                }
            }
        }
        if readings == nil {
            var values = hit.values
            let n = columns.count
            if hit.row.blanksAreCells || hit.streamed {
                while values.count > n, values.last?.reading == .blank { values.removeLast() }
                while values.count > n, values.first?.reading == .blank { values.removeFirst() }
            }
            if values.count == n {
                readings = values.map(\.reading)
            } else if values.allSatisfy({ $0.reading == .blank }) {
                readings = Array(repeating: .blank, count: n)
            } else {
                result.findings.append(Finding(severity: .warning, code: "values_not_placed", table: spec.table, row: hit.id, column: nil,
                                               message: "row \(hit.id) shows \(values.count) values for \(n) columns; they are left missing"))
                return false
            }
        }
        for (column, reading) in zip(columns, readings!) {
            result.values[hit.id, default: [:]][column] = value(reading, row: hit.id, column: column, result: &result)
        }
        return true
    }

    /// A canonical value from a reading; unreadable or impossible values are missing, with a finding.
    func value(_ reading: LabelText.Reading, row: String, column: String, result: inout TableMatch) -> CanonicalValue {
        let type = spec.valueType(ofColumn: column)
        switch reading {
        case .blank, .text:
            return .missing
        case .unreadable(let text):
            result.findings.append(Finding(severity: .warning, code: "unreadable_value", table: spec.table, row: row, column: column,
                                           message: "cannot read \"\(text)\" as a number"))
            return CanonicalValue(value: nil, status: .missing, printedText: text)
        case .number(let x):
            let valid: Bool
            switch type {
            case "count": valid = x >= 0 && x == x.rounded() && x < 1e9
            case "signed": valid = x == x.rounded() && abs(x) < 1e9
            default: valid = x >= 0 && x < 1e12
            }
            if !valid {
                result.findings.append(Finding(severity: .warning, code: "unreadable_value", table: spec.table, row: row, column: column,
                                               message: "\(x) is not a possible \(type == "decimal" ? "amount" : "count")"))
                return CanonicalValue(value: nil, status: .missing, printedText: String(x))
            }
            return CanonicalValue(value: x, status: .printed)
        }
    }

    // MARK: - Wide tables (one row of values under grouped headers)

    func matchWide(_ rows: [SourceRow]) -> TableMatch {
        var result = TableMatch()
        let slots = spec.rows.flatMap { row in spec.columnIDs(forRow: row.id).map { (row.id, $0) } }
        var headerLabels = Set<String>()
        var valueRow: SourceRow?
        var headerRows: [SourceRow] = []
        for row in rows {
            let texts = row.textCells
            for cell in texts {
                let core = LabelText.core(cell.text)
                if let c = bestColumn(core) { headerLabels.insert(c) }
                if let r = bestRow(core) { headerLabels.insert("row:" + r.id) }
            }
            if row.numberCount >= min(5, slots.count), texts.isEmpty || texts.allSatisfy({ bestRow(LabelText.core($0.text)) == nil && bestColumn(LabelText.core($0.text)) == nil }) {
                if !headerLabels.isEmpty || valueRow == nil { valueRow = row }
                break
            }
            headerRows.append(row)
        }
        result.score = headerLabels.count
        // The table's own headers must be there: one of its group labels and most of its column labels.
        let groupsSeen = headerLabels.filter { $0.hasPrefix("row:") }.count
        guard let valueRow, groupsSeen >= 1, headerLabels.count - groupsSeen >= min(3, spec.columns.count) else {
            result.score = 0
            return result
        }
        result.score += 5

        var readings: [LabelText.Reading]?
        // By the header path above each grid column.
        if let table = valueRow.table {
            let above = headerRows.filter { $0.table == table }
            var position: [String: Int] = [:]
            for cell in valueRow.cells {
                let path = above.flatMap { $0.cells.filter { $0.column <= cell.column && cell.column < $0.column + $0.span } }
                    .map { LabelText.core($0.text) }
                let column = path.reversed().lazy.compactMap { bestColumn($0) }.first
                let group = spec.rows.first { row in path.contains { LabelText.similarity($0, LabelText.core(row.label)) >= 0.85 } }
                if let column, let group { position["\(group.id)|\(column)"] = cell.column }
            }
            if slots.allSatisfy({ position["\($0.0)|\($0.1)"] != nil }) && Set(position.values).count == slots.count {
                let byColumn = Dictionary(valueRow.cells.map { ($0.column, $0) }, uniquingKeysWith: { a, _ in a })
                readings = slots.map { byColumn[position["\($0.0)|\($0.1)"]!]?.reading ?? .blank }
            }
        }
        if readings == nil {
            var values = valueRow.cells.filter { $0.reading != .text }
            while values.count > slots.count, values.last?.reading == .blank { values.removeLast() }
            while values.count > slots.count, values.first?.reading == .blank { values.removeFirst() }
            if values.count == slots.count {
                readings = values.map(\.reading)
            } else {
                result.findings.append(Finding(severity: .warning, code: "values_not_placed", table: spec.table, row: nil, column: nil,
                                               message: "the value row shows \(values.count) values for \(slots.count) columns; they are left missing"))
                return result
            }
        }
        for ((row, column), reading) in zip(slots, readings!) {
            result.values[row, default: [:]][column] = value(reading, row: row, column: column, result: &result)
        }
        return result
    }
}
