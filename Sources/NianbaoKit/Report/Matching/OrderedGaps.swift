import Foundation

/// Rows whose labels came apart from their values (PDF-to-Markdown output: a multi-line label cell
/// printed as text lines around the table, its values a row of numbers with no label), read by the
/// template's order between the rows that do show their labels beside their values.
extension TableMatcher {
    /// Between two rows read beside their labels, the template rows in between are given, in order,
    /// the lines that show only a full row of numbers, when there are exactly as many such lines as
    /// rows. Where label pairing read a row of the gap from the lines after its label, or took a line
    /// of the gap for another row, the two readings must agree; else the rows pairing read so are left
    /// missing and the gap unread. Text lines in between (the detached labels) are passed over, and so are
    /// lines of fewer numbers than a row, which every row being full already leaves without an owner;
    /// a line of more numbers, or rows with different columns, leave the gap unread. The values are
    /// read apart from their labels (`streamed`): if they break a rule they are set aside. They add
    /// nothing to the match's score: which variant a table is, its labels say, not the order.
    func fillGapsInOrder(_ lines: [SourceRow], hits: [String: RowHit], result: inout TableMatch) {
        guard spec.layout == .matrix else { return }
        func isRead(_ id: String) -> Bool {
            result.values[id]?.values.contains { $0.status != .missing } ?? false
        }
        let streamedRows = Set(result.streamed.map(\.row))
        let anchors = hits.values.filter { hit in
            !hit.streamed && !hit.uncertain && hit.line >= 0 && !streamedRows.contains(hit.id)
                && !spec.columnIDs(forRow: hit.id).contains { result.values[hit.id]?[$0].map { $0.status == .missing } ?? true }
        }.sorted { $0.line < $1.line }
        for (above, below) in zip(anchors, anchors.dropFirst()) {
            guard let first = rowIndex[above.id], let last = rowIndex[below.id], last - first > 1 else { continue }
            let columns = spec.columnIDs(forRow: above.id)
            let gap = spec.rows[(first + 1)..<last].map(\.id)
            // (A row of the gap may have been read by label pairing from lines after its label: the
            // gap's reading must then agree with it.)
            guard gap.allSatisfy({ spec.columnIDs(forRow: $0) == columns && (!isRead($0) || streamedRows.contains($0)) }) else { continue }
            var full: [(line: Int, values: [SourceRow.Cell])] = []
            var tooLong = false
            for index in (above.line + 1)..<below.line where lines[index].textCells.isEmpty && lines[index].numberCount > 0 {
                let values = lines[index].cells.filter { $0.reading != .blank }
                if values.count == columns.count && lines[index].numberCount == columns.count {
                    full.append((index, values))
                } else if values.count > columns.count {
                    tooLong = true
                }
            }
            guard !tooLong, full.count == gap.count else { continue }
            // Label pairing that gave a line of the gap to another row, or a row of the gap other
            // values, read it otherwise: neither reading is sure, and the rows it read are left missing.
            let disputed = hits.values.filter { hit in
                guard streamedRows.contains(hit.id) else { return false }
                if let k = gap.firstIndex(of: hit.id) {
                    let own = columns.map { result.values[hit.id]?[$0]?.value }
                    return own != full[k].values.map(\.reading.number)
                }
                return full.contains { hit.valueLineIndices.contains($0.line) }
            }
            if !disputed.isEmpty {
                for hit in disputed {
                    for column in spec.columnIDs(forRow: hit.id) {
                        result.values[hit.id]?[column] = .missing
                        result.streamed.remove(RuleEngine.Term(row: hit.id, column: column))
                    }
                    result.findings.append(
                        Finding(
                            severity: .warning, code: "values_not_placed", table: spec.table, row: hit.id, column: nil,
                            message: "row \(hit.id): the lines after its label and the rows' order give it different values; they are left missing"))
                }
                continue
            }
            for (id, line) in zip(gap, full) where !isRead(id) {
                for (column, cell) in zip(columns, line.values) {
                    let term = RuleEngine.Term(row: id, column: column)
                    result.values[id, default: [:]][column] = value(cell.reading, row: id, column: column, result: &result)
                    result.streamed.insert(term)
                    result.ordered[term] = "reading order: a row of numbers between rows read beside their labels"
                }
                result.findings.removeAll { $0.code == "values_not_placed" && $0.row == id }
            }
        }
    }
}

/// Blocks whose values reading-order text draws before their labels or among them (`pdftotext` of
/// a WPS PDF: `550|行政许可`, `行政处罚|4119|行政强制|195`), read by order within the block.
extension TableMatcher {
    /// Between a block's title (第二十条第（五）项) and the next, when the line of every row of the
    /// block is found there once, no other row's, no row before it shows only part of its values, and
    /// the numbers there are exactly the block's cells, the numbers are
    /// read in order, row by row in the order the labels stand. A row label pairing read otherwise is
    /// left missing (neither reading is sure); one it left missing takes the block's reading, as read
    /// apart from its label (`streamed`).
    func fillBlocksInOrder(_ lines: [SourceRow], hits: [String: RowHit], result: inout TableMatch) {
        guard spec.layout == .blocks, let blocks = spec.blocks else { return }
        let titles = blocks.map { LabelText.core($0.label) }
        // The block each line titles, if any.
        let titled: [Int?] = lines.map { line in
            guard line.numberCount == 0 else { return nil }
            let core = LabelText.core(line.textCells.map(\.text).joined())
            // (Titles differ in one character: the closest, when no other is as close.)
            let scores = titles.map { LabelText.similarity(core, $0) }
            guard let best = scores.max(), best >= 0.85, scores.filter({ $0 == best }).count == 1 else { return nil }
            return scores.firstIndex(of: best)
        }
        for (b, block) in blocks.enumerated() {
            let starts = titled.indices.filter { titled[$0] == b }
            guard starts.count == 1, let start = starts.first else { continue }
            let end = titled[(start + 1)...].firstIndex { $0 != nil } ?? lines.endIndex
            let rowLines = block.rows.map { hits[$0]?.line ?? -1 }
            guard rowLines.allSatisfy({ $0 > start && $0 < end }), Set(rowLines).count == block.rows.count,
                // (No other block's row there: its title may be misread past recognition.)
                !hits.values.contains(where: { !block.rows.contains($0.id) && $0.line > start && $0.line < end }),
                // (Nor a row before it that shows some of its values but not all: the others may be
                // drawn later, among this block's.)
                !hits.values.contains(where: { hit in
                    let shown = RowPairing.numbers(hit.values)
                    return hit.line < start && shown > 0 && shown < spec.columnIDs(forRow: hit.id).count
                })
            else { continue }
            let numbers = lines[(start + 1)..<end].flatMap { $0.cells.filter(\.reading.isNumber) }
            guard numbers.count == block.rows.count * block.columns.count else { continue }
            let rows = zip(block.rows, rowLines).sorted { $0.1 < $1.1 }.map(\.0)
            for (r, id) in rows.enumerated() {
                let values = numbers[(r * block.columns.count)..<((r + 1) * block.columns.count)]
                let held = block.columns.map { result.values[id]?[$0] }
                let agree = zip(held, values).allSatisfy { held, cell in
                    guard let held, held.status != .missing else { return true }
                    return held.value == cell.reading.number
                }
                for (column, cell) in zip(block.columns, values) {
                    let term = RuleEngine.Term(row: id, column: column)
                    if !agree {
                        result.values[id]?[column] = .missing
                        result.streamed.remove(term)
                    } else if result.values[id]?[column].map({ $0.status == .missing }) ?? true {
                        result.values[id, default: [:]][column] = value(cell.reading, row: id, column: column, result: &result)
                        result.streamed.insert(term)
                        result.ordered[term] = "reading order: the numbers of its block, in the order of the block's labels"
                    }
                }
                if agree { result.findings.removeAll { $0.code == "values_not_placed" && $0.row == id } }
            }
        }
    }
}
