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

    /// The template row whose label begins with, or mostly contains, a label broken off at a line
    /// end: most of the fragment must be in the label, and the fragment must be a good part of it.
    func bestPartialRow(_ fragment: String) -> String? {
        guard fragment.count >= 4 else { return nil }
        var scored: [(String, Double)] = []
        for (id, label) in rowLabels where label.count >= fragment.count {
            let lcs = LabelText.similarity(fragment, label) * Double(fragment.count + label.count) / 2
            let precision = lcs / Double(fragment.count)
            if precision >= 0.9, Double(fragment.count) >= 0.4 * Double(label.count) { scored.append((id, precision)) }
        }
        scored.sort { $0.1 > $1.1 }
        guard let first = scored.first else { return nil }
        if scored.count > 1, scored[1].0 != first.0, scored[1].1 >= first.1 { return nil }
        return first.0
    }

    /// A piece of a row-group label broken over lines (其他处 of 其他处理).
    func isGroupFragment(_ core: String) -> Bool {
        core.count >= 2 && core.count <= 4 && groupCores.contains { $0.contains(core) }
    }

    /// A cell that is exactly a column header, with no outline number before it.
    func isBareColumnHeader(_ text: String, core: String) -> Bool {
        columnLabels.contains(where: { $0.core == core }) && !Self.isNumbered(text)
    }

    /// The text starts with an outline number (`3.`, `（七）`, `一、`).
    static func isNumbered(_ text: String) -> Bool {
        let plain = LabelText.halfWidth(text).filter { !$0.isWhitespace }
        return LabelText.strippingNumbering(plain) != plain
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
        // Rows whose label came without (all) its values, waiting for value-only lines, in order.
        var awaiting: [RowHit] = []
        // Values that came when no row was waiting: they may belong to the next label.
        var orphans: [SourceRow.Cell] = []
        var pending: [String] = []   // label fragments of the lines before, waiting to be joined
        var headerColumns: [Int: [String: Int]] = [:]   // table → column id → grid column
        var headerLabels = Set<String>()

        func needs(_ hit: RowHit) -> Int { spec.columnIDs(forRow: hit.id).count - hit.values.count }
        func numbers(_ cells: [SourceRow.Cell]) -> Int {
            cells.filter { if case .number = $0.reading { return true } else { return false } }.count
        }
        func finish(_ hit: RowHit) {
            if let previous = hits[hit.id] {
                if numbers(hit.values) <= numbers(previous.values) { return }
            } else {
                order.append(hit.id)
            }
            hits[hit.id] = hit
        }
        func finishAwaiting() {
            awaiting.forEach(finish)
            awaiting = []
        }

        for row in rows {
            let texts = row.textCells
            if texts.isEmpty {
                guard row.numberCount > 0 else { continue }
                // Value-only line: it feeds the rows waiting for values, first come first served.
                var values = row.cells.filter { $0.reading != .blank }
                if awaiting.isEmpty, let id = (1...3).lazy.compactMap({ k in pending.count >= k ? bestPartialRow(pending.suffix(k).joined()) : nil }).first,
                   hits[id] == nil {
                    awaiting.append(RowHit(id: id, row: row, values: [], streamed: true))
                    pending = []
                }
                while !values.isEmpty {
                    while let first = awaiting.first, needs(first) <= 0 { finish(first); awaiting.removeFirst() }
                    guard !awaiting.isEmpty else { break }
                    awaiting[0].values.append(values.removeFirst())
                    awaiting[0].streamed = true
                }
                while let first = awaiting.first, needs(first) <= 0 { finish(first); awaiting.removeFirst() }
                if !row.blanksAreCells { orphans += values }
                continue
            }
            let cores = texts.map { LabelText.core($0.text) }
            // Group labels and bare column headers (其他, 总计 without an outline number) are not row labels.
            let labelCores = zip(texts, cores).filter { cell, core in
                core.count > 1 && !isGroupLabel(core) && !(isGroupFragment(core) && !Self.isNumbered(cell.text))
                    && !isBareColumnHeader(cell.text, core: core)
            }.map(\.1)
            for (cell, core) in zip(texts, cores) {
                if let column = bestColumn(core), row.numberCount == 0 {
                    headerLabels.insert(column)
                    if let table = row.table, headerColumns[table]?[column] == nil { headerColumns[table, default: [:]][column] = cell.column }
                }
                if isGroupLabel(core) { headerLabels.insert("group:" + core) }
            }
            var candidates = labelCores
            if labelCores.count > 1 { candidates.append(labelCores.joined()) }
            // A label broken over lines: the last one, two or three earlier fragments before this line's.
            for k in 1...3 where pending.count >= k {
                candidates.append(pending.suffix(k).joined() + labelCores.joined())
            }
            var best: (id: String, score: Double)?
            for candidate in candidates {
                if let b = bestRow(candidate), b.score > (best?.score ?? 0) { best = b }
            }
            let ownValues = row.valueCells
            if let best {
                pending = []
                let hit = RowHit(id: best.id, row: row, values: ownValues)
                if !ownValues.isEmpty && (row.blanksAreCells || needs(hit) <= 0) {
                    finishAwaiting()
                    finish(hit)
                } else {
                    if !ownValues.isEmpty { finishAwaiting() }
                    awaiting.append(hit)
                }
            } else {
                // A block's title or header row ends what the previous block was waiting for.
                if spec.layout == .blocks, zip(texts, cores).allSatisfy({ isGroupLabel($1) || bestColumn($1) != nil || LabelText.core($0.text) == LabelText.core(spec.corner ?? "") }) {
                    finishAwaiting()
                    pending = []
                    continue
                }
                if let last = awaiting.last, last.values.isEmpty, ownValues.isEmpty {
                    continue   // the rest of a label broken over lines
                }
                finishAwaiting()
                if ownValues.isEmpty || ownValues.allSatisfy({ $0.reading == .blank }) {
                    if !labelCores.isEmpty { pending = Array((pending + [labelCores.joined()]).suffix(3)) }
                } else {
                    pending = []
                }
            }
        }
        finishAwaiting()

        // Reading-order text can print values away from their labels. Values that no label took
        // go to the labels that got none, in order, but only when their numbers agree exactly.
        let valueless = order.filter { id in
            guard let hit = hits[id], !hit.row.blanksAreCells else { return false }
            return hit.values.allSatisfy { $0.reading == .blank }
        }
        if !valueless.isEmpty, orphans.count == valueless.reduce(0, { $0 + spec.columnIDs(forRow: $1).count }) {
            var pool = orphans[...]
            for id in valueless {
                let n = spec.columnIDs(forRow: id).count
                hits[id]!.values = Array(pool.prefix(n))
                hits[id]!.streamed = true
                pool = pool.dropFirst(n)
            }
        }

        for id in order {
            guard let hit = hits[id] else { continue }
            let columns = spec.columnIDs(forRow: id)
            let placed = place(hit, columns: columns, headerColumns: hit.row.table.flatMap { headerColumns[$0] }, result: &result)
            // A label without values (a header cell that looks like a row label) proves nothing.
            if numbers(hit.values) > 0 { result.score += placed ? 2 : 1 }
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
        case .number(let x, let inferred):
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
            return CanonicalValue(value: x, status: inferred ? .inferred : .printed)
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
                valueRow = row
                break
            }
            headerRows.append(row)
        }
        result.score = headerLabels.count
        // The table's own headers must be there: two of its group labels, or one and most of its column labels.
        let groupsSeen = headerLabels.filter { $0.hasPrefix("row:") }.count
        let enoughHeaders = groupsSeen >= 2 || (groupsSeen >= 1 && headerLabels.count - groupsSeen >= min(3, spec.columns.count))
        guard enoughHeaders else {
            result.score = 0
            return result
        }
        guard let valueRow else {
            // Reading-order text: the values come one by one among the headers. Taken in order only
            // when exactly as many numbers as the table has cells stand on their own lines.
            let loose = rows.filter { $0.textCells.isEmpty && !$0.blanksAreCells }.flatMap { $0.cells.filter { $0.reading != .blank } }
            guard loose.count == slots.count else { return result }
            result.score += 3
            for ((row, column), cell) in zip(slots, loose) {
                result.values[row, default: [:]][column] = value(cell.reading, row: row, column: column, result: &result)
            }
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
