import Foundation

/// Placing a row's values in its columns: by the header's grid columns, by count (surplus blank
/// cells trimmed, stacked numbers unstacked), by the row rules where one value is short, or by
/// where the values stand in space-aligned text; a row that cannot be placed for sure is left missing.
extension TableMatcher {
    /// Puts a matched row's values into its columns; false when they could not be placed for sure.
    /// `valueColumns`: the grid columns of the row's table where some row matched shows a value.
    func place(
        _ hit: RowHit, columns: [String], headerColumns: [String: Int]?, anchors: [Double]? = nil,
        valueColumns: Set<Int>? = nil, result: inout TableMatch
    ) -> Bool {
        if hit.uncertain {
            result.findings.append(
                Finding(
                    severity: .warning, code: "values_not_placed", table: spec.table, row: hit.id, column: nil,
                    message: "row \(hit.id): its values stand apart from its label among other labels; they are left missing"))
            return false
        }
        let readings: [LabelText.Reading]
        if let byHeader = placedByHeader(hit, columns: columns, headerColumns: headerColumns) {
            readings = byHeader
        } else if let byCount = placedByCount(hit, columns: columns, anchors: anchors, valueColumns: valueColumns, result: &result) {
            readings = byCount
        } else {
            return false
        }
        for (column, reading) in zip(columns, readings) {
            result.values[hit.id, default: [:]][column] = value(reading, row: hit.id, column: column, result: &result)
            if hit.streamed { result.streamed.insert(RuleEngine.Term(row: hit.id, column: column)) }
        }
        return true
    }

    /// A grid row's values by the header's columns, where the header names every column of the row
    /// (in order), each has a value cell under it, and no number stands outside them. Nil otherwise.
    func placedByHeader(_ hit: RowHit, columns: [String], headerColumns: [String: Int]?) -> [LabelText.Reading]? {
        guard !hit.streamed, let header = headerColumns, let positions = Self.gridColumns(of: columns, header: header) else { return nil }
        guard zip(positions, positions.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        let byColumn = Dictionary(hit.row.cells.map { ($0.column, $0) }, uniquingKeysWith: { a, _ in a })
        let cells = positions.map { byColumn[$0] }
        let mapped = Set(positions)
        let strayNumbers = hit.values.contains { cell in
            if case .number = cell.reading { return !mapped.contains(cell.column) } else { return false }
        }
        guard !strayNumbers, cells.allSatisfy({ $0 != nil && $0!.reading != .text }) else { return nil }
        return cells.map { $0!.reading }
    }

    /// The grid column of each of a row's columns by the header: every column the header names, or
    /// all but one, which then stands in the one grid column between its neighbours' (at the edge,
    /// beside its neighbour): a header cell misread by OCR (`自然入`) costs no row its placement.
    static func gridColumns(of columns: [String], header: [String: Int]) -> [Int]? {
        let known = columns.map { header[$0] }
        let unknown = known.indices.filter { known[$0] == nil }
        guard unknown.count <= 1, known.count >= 2 else { return nil }
        guard let j = unknown.first else { return known.map { $0! } }
        let before = j > 0 ? known[j - 1] : nil
        let after = j + 1 < known.count ? known[j + 1] : nil
        let guess: Int?
        switch (before, after) {
        case (let b?, let a?): guess = a - b == 2 ? b + 1 : nil
        case (let b?, nil): guess = b + 1
        case (nil, let a?): guess = a - 1
        case (nil, nil): guess = nil
        }
        guard let guess else { return nil }
        var positions = known
        positions[j] = guess
        return positions.map { $0! }
    }

    /// A row's values by their count: surplus cells trimmed (`trimmingSurplus`), stacked numbers
    /// unstacked; one value short placed by the row rules, or by where the values stand in
    /// space-aligned text. Nil, with a finding, when that gives no sure placement.
    func placedByCount(
        _ hit: RowHit, columns: [String], anchors: [Double]?, valueColumns: Set<Int>?,
        result: inout TableMatch
    ) -> [LabelText.Reading]? {
        var values = hit.values
        let n = columns.count
        if hit.row.blanksAreCells || hit.streamed {
            values = trimmingSurplus(values, of: hit.row, columns: columns, valueColumns: valueColumns)
        }
        if values.count <= n, let unstacked = RowRepairs.unstacking(values, to: n, pastEmptyCell: hit.row.mayBeShifted) { values = unstacked }
        if values.count == n {
            return values.map(\.reading)
        } else if values.count == n - 1, hit.valueLines <= 1, let placed = placeByRowRules(values.map(\.reading), columns: columns) {
            // (Values gathered from several lines after a label may be the next rows' values, not this row's short of one.)
            return placed
        } else if let anchors, anchors.count == n, hit.valueLines <= 1, let placed = placeByAnchors(values, anchors: anchors) {
            return placed
        } else if values.allSatisfy({ $0.reading == .blank }) {
            return Array(repeating: .blank, count: n)
        }
        result.findings.append(
            Finding(
                severity: .warning, code: "values_not_placed", table: spec.table, row: hit.id, column: nil,
                message: "row \(hit.id) shows \(values.count) values for \(n) columns; they are left missing"))
        return nil
    }

    /// A row's cells (where blanks are cells, or values streamed after a label) with the cells over
    /// its count of columns left out: blanks at its ends, empty columns no row has a value in, and
    /// empty cells beside stacked numbers, each only where the row rules allow what is left.
    func trimmingSurplus(_ cells: [SourceRow.Cell], of row: SourceRow, columns: [String], valueColumns: Set<Int>?) -> [SourceRow.Cell] {
        var values = cells
        let n = columns.count
        let trailing = values.reversed().prefix { $0.reading == .blank }.count
        let leading = values.prefix { $0.reading == .blank }.count
        let surplus = values.count - n
        if surplus > 0, leading > 0, trailing > 0, leading + trailing >= surplus, leading + trailing < values.count {
            // Blanks at both ends, more than the row has room for: the row may sit one cell
            // either way (a lost last value reads as a shift). When the row rules allow one cut
            // only, it is taken; otherwise surplus blanks are cut from the end as before.
            let cut = { (front: Int) in Array(values[front..<(values.count - (surplus - front))]) }
            let cuts = (max(0, surplus - trailing)...min(leading, surplus)).filter { front in
                rowRulesAllow(cut(front).map(\.reading), columns: columns) != nil
            }
            if cuts.count == 1 { values = cut(cuts[0]) }
        }
        while values.count > n, values.last?.reading == .blank { values.removeLast() }
        while values.count > n, values.first?.reading == .blank { values.removeFirst() }
        // A table read from text whose converter split off a column no row has a value in
        // (pymupdf4llm: `|0|0|0|0|0||0|0|` in every row): its empty cells are no cells of
        // the row, when leaving them out gives the row its count and its rules allow it.
        if values.count > n, row.mayBeShifted, let valueColumns {
            let kept = values.filter { $0.reading != .blank || valueColumns.contains($0.column) }
            if kept.count == n, rowRulesAllow(kept.map(\.reading), columns: columns) != nil { values = kept }
        }
        // Neighbouring columns' numbers stacked in one cell and empty cells split off beside
        // them, as many cells as the row's count or more (pymupdf4llm: `|1<br>0||0|0|0||0|1|`):
        // unstacked with the empty cells left out, when that gives the row its count of
        // values and its rules allow them.
        if values.count >= n, row.mayBeShifted {
            let (parts, firstStacked) = RowRepairs.splittingStacks(values)
            let kept = parts.filter { $0.reading != .blank }
            if firstStacked != nil, kept.count == n, rowRulesAllow(kept.map(\.reading), columns: columns) != nil { values = kept }
        }
        return values
    }

    /// Where the columns of values stand in columns aligned with spaces (`pdftotext -layout`): the
    /// middle of each column's values over the rows that show all of them on one line (at least three
    /// such rows, every row of the table with the same columns). Nil elsewhere.
    func valueAnchors(_ hits: [RowHit]) -> [Double]? {
        guard spec.layout == .matrix else { return nil }
        let n = spec.columns.count
        var centres = [[Double]](repeating: [], count: n)
        for hit in hits where hit.row.table == nil && hit.valueLines <= 1 && !hit.uncertain && hit.values.count == n {
            guard
                hit.values.allSatisfy({ cell in
                    if case .number = cell.reading { return cell.offset >= 0 } else { return false }
                })
            else { continue }
            for (j, cell) in hit.values.enumerated() { centres[j].append(Double(cell.offset) + Double(cell.text.count) / 2) }
        }
        guard centres[0].count >= 3 else { return nil }
        let anchors = centres.map { $0.sorted()[$0.count / 2] }
        // Columns must stand apart, left to right.
        guard zip(anchors, anchors.dropFirst()).allSatisfy({ $1 - $0 >= 2 }) else { return nil }
        return anchors
    }

    /// A row short of values in space-aligned text: each value goes to the column whose middle is
    /// nearest, when that is closer than half the narrowest gap between columns and no two values
    /// share a column; the columns left are blank (never zero). Nil when any value is in doubt, or
    /// when the values fit other columns as evenly: a line's leading spaces are not kept, so a whole
    /// line may stand shifted, and its values then sit one column off, all by the same amount.
    func placeByAnchors(_ values: [SourceRow.Cell], anchors: [Double]) -> [LabelText.Reading]? {
        let gap = zip(anchors, anchors.dropFirst()).map { $1 - $0 }.min() ?? 0
        let shown = values.filter { $0.reading != .blank }
        guard !shown.isEmpty, shown.allSatisfy({ $0.offset >= 0 }) else { return nil }
        let centres = shown.map { Double($0.offset) + Double($0.text.count) / 2 }
        var columns: [Int] = []
        for centre in centres {
            guard let j = anchors.indices.min(by: { abs(anchors[$0] - centre) < abs(anchors[$1] - centre) }),
                abs(anchors[j] - centre) < gap / 2 - 0.5, j > (columns.last ?? -1)
            else { return nil }
            columns.append(j)
        }
        // How unevenly the values stand from the middles of these columns.
        func spread(_ columns: [Int]) -> Double {
            let offsets = zip(centres, columns).map { $0 - anchors[$1] }
            return offsets.max()! - offsets.min()!
        }
        let own = spread(columns)
        var other: [Int] = []
        func fitsElsewhere(from first: Int) -> Bool {
            if other.count == centres.count { return other != columns && spread(other) <= own }
            for j in first..<anchors.count where anchors.count - j >= centres.count - other.count {
                other.append(j)
                defer { other.removeLast() }
                if fitsElsewhere(from: j + 1) { return true }
            }
            return false
        }
        if fitsElsewhere(from: 0) { return nil }
        var readings = [LabelText.Reading](repeating: .blank, count: anchors.count)
        for (cell, j) in zip(shown, columns) { readings[j] = cell.reading }
        return readings
    }

    /// Whether a row's readings can satisfy its row rules (a blank that a rule fixes must come out a
    /// possible value): the values the rules give the blanks, or nil when a rule breaks.
    func rowRulesAllow(_ readings: [LabelText.Reading], columns: [String]) -> [String: Double]? {
        let byColumn = Dictionary(zip(columns, readings), uniquingKeysWith: { a, _ in a })
        var filled: [String: Double] = [:]
        for rule in spec.rules where rule.each == .row {
            var sum = 0.0
            var unknowns: [(column: String, sign: Double)] = []
            for (names, sign) in [(rule.left, 1.0), (rule.right, -1.0)] {
                for name in names {
                    guard let reading = byColumn[name] else { continue }
                    if case .number(let x, _) = reading { sum += sign * x } else { unknowns.append((name, sign)) }
                }
            }
            switch unknowns.count {
            case 0: if abs(sum) >= 1e-9 { return nil }
            case 1:
                // sign · v + sum = 0
                let implied = -sum / unknowns[0].sign
                guard spec.valueType(ofColumn: unknowns[0].column) == "signed" || implied > -1e-9 else { return nil }
                filled[unknowns[0].column] = implied
            default: continue  // cannot be checked
            }
        }
        return filled
    }

    /// Where a row shows one value fewer than it has columns (a blank that text extraction dropped):
    /// the one place for the gap that the row rules allow, or nil when they allow places that give
    /// different values. A place is allowed when every rule without the gap holds and every rule
    /// with the gap as its only unknown gives the gap a possible value (not negative, for counts).
    /// When several places are allowed but all complete the row to the same values (a row of
    /// zeros), the values are certain; the gap then goes to the sum column of the row rule, whose
    /// value the others fix (the column that PDF text most often loses).
    func placeByRowRules(_ values: [LabelText.Reading], columns: [String]) -> [LabelText.Reading]? {
        let rules = spec.rules.filter { $0.each == .row }
        guard !rules.isEmpty else { return nil }
        var fits: [(gap: Int, readings: [LabelText.Reading], completed: [Double?])] = []
        for gap in 0...values.count {
            var candidate = values
            candidate.insert(.blank, at: gap)
            guard let filled = rowRulesAllow(candidate, columns: columns) else { continue }
            let completed: [Double?] = candidate.enumerated().map { i, reading in
                if i == gap { return filled[columns[gap]] }
                if case .number(let x, _) = reading { return x }
                return nil
            }
            fits.append((gap, candidate, completed))
        }
        if fits.count == 1 { return fits[0].readings }
        guard fits.count > 1, fits.allSatisfy({ $0.completed == fits[0].completed && !$0.completed.contains(nil) }) else { return nil }
        let sumColumns = Set(rules.filter { $0.left.count == 1 }.map { $0.left[0] })
        return fits.first { sumColumns.contains(columns[$0.gap]) }?.readings
    }

    /// A canonical value from a reading; unreadable or impossible values are missing, with a finding.
    func value(_ reading: LabelText.Reading, row: String, column: String, result: inout TableMatch) -> CanonicalValue {
        let type = spec.valueType(ofColumn: column)
        switch reading {
        case .blank, .text:
            return .missing
        case .unreadable(let text):
            result.findings.append(
                Finding(
                    severity: .warning, code: "unreadable_value", table: spec.table, row: row, column: column,
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
                result.findings.append(
                    Finding(
                        severity: .warning, code: "unreadable_value", table: spec.table, row: row, column: column,
                        message: "\(x) is not a possible \(type == "decimal" ? "amount" : "count")"))
                return CanonicalValue(value: nil, status: .missing, printedText: String(x))
            }
            return CanonicalValue(value: x, status: inferred ? .inferred : .printed)
        }
    }
}
