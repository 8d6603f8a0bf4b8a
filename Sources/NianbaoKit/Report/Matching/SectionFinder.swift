import Foundation

/// Finds where a report's sections start, by their titles, and the rows in which each standard
/// table is looked for: its section's, up to the next title (`region`), or the whole document's.
enum SectionFinder {
    /// Section titles found in reading order: headings or short lines whose text, numbering aside,
    /// is a section title. Parenthesised numbering (（一）…) marks a subsection and is never a section.
    static func findSections(_ document: Document, specs: [SectionSpec], memo: Memo<UTF8Key, [Double]> = Memo()) -> [ReportSection] {
        var found: [ReportSection] = []
        var taken = Set<String>()
        // Each section's title and aliases, as the scalars of their cores.
        let titles = specs.map { spec in ([spec.title] + (spec.aliases ?? [])).map { Array(LabelText.core($0).unicodeScalars) } }
        for (index, block) in document.blocks.enumerated() {
            // A table's rows that hold text only, each joined: a title drawn into the table.
            let candidates: [TitleCandidate]
            switch block {
            case .heading(_, let t), .paragraph(let t): candidates = [TitleCandidate(text: t, row: nil)]
            case .table(let table): candidates = titleRows(table)
            }
            // The section a candidate's text is the title of, and how alike they are.
            func score(_ text: String) -> (spec: Int, similarity: Double)? {
                guard text.utf8.count <= 160 else { return nil }
                let line = LabelText.halfWidth(text).trimmed
                guard line.count <= 40, !line.hasPrefix("(") else { return nil }
                let core = LabelText.core(line)
                guard core.count >= 4 else { return nil }
                return memo.value(core) { core in
                    let x = Array(core.unicodeScalars)
                    return titles.map { forms in forms.map { LabelText.similarity(x, $0, atLeast: 0.85) }.max() ?? 0 }
                }
                .enumerated()
                .filter { $0.element >= 0.85 && !taken.contains(specs[$0.offset].id) }
                .max { $0.element < $1.element }
                .map { ($0.offset, $0.element) }
            }
            // A line is one candidate; of a table row's candidates, the most like a title is taken.
            var next = candidates.startIndex
            while next < candidates.endIndex {
                let row = candidates[next].row
                let end = row == nil ? next + 1 : candidates[next...].firstIndex { $0.row != row } ?? candidates.endIndex
                let best = candidates[next..<end].compactMap { c in score(c.text).map { (c, $0) } }.max { $0.1.similarity < $1.1.similarity }
                next = end
                guard let (candidate, (spec, _)) = best else { continue }
                found.append(
                    ReportSection(
                        id: specs[spec].id, printedTitle: candidate.text, blockIndex: index, rowIndex: row,
                        titleColumns: candidate.firstLinesBefore))
                taken.insert(specs[spec].id)
            }
        }
        return found
    }

    /// A line or a table row that may be a section title (`findSections`).
    struct TitleCandidate {
        var text: String
        /// The row, when in a table.
        var row: Int?
        /// The text is the first line of each cell before this grid column (see `titleRows`); nil: the whole row.
        var firstLinesBefore: Int? = nil
    }

    /// The rows of a table that may be a section title drawn into it (pymupdf4llm puts a title line
    /// that lines up with a table's columns in the table, cut over its cells: `四、政府信|息公开|行政复议…|况`):
    /// a row of cells with text, none with a number, joined; or of one cell beside empty ones
    /// (`|四、政府信息公开行政复议、行政诉讼情况||||||||`, a title drawn into the table before it).
    /// A row whose cells hold several lines is also tried as the first lines of its first cells, one
    /// or more: the title stacked over the table's header, `四、<br>行政|政府<br>复议|信息公开|…`
    /// (a header cell of one line after it: `…|情况<br>诉讼|总计|`).
    static func titleRows(_ table: Table) -> [TitleCandidate] {
        var cellsByRow = [[TableCell]](repeating: [], count: table.rowCount)
        for cell in table.cells where cell.row >= 0 && cell.row < table.rowCount && !cell.isFiller { cellsByRow[cell.row].append(cell) }
        return cellsByRow.enumerated().flatMap { row, cells -> [TitleCandidate] in
            let filled = cells.sorted { $0.column < $1.column }.filter { !$0.text.trimmed.isEmpty }
            guard filled.count >= 2 || (filled.count == 1 && cells.count >= 2) else { return [] }
            let lines = filled.map { $0.text.split(separator: "\n").map { $0.trimmed }.filter { !$0.isEmpty } }
            // (A section's number may read as a garbled value: `**4**、`.)
            guard lines.allSatisfy({ $0.allSatisfy { !LabelText.read($0).isNumber } }) else { return [] }
            let joined = TitleCandidate(text: filled.map(\.text.trimmed).joined(), row: row)
            guard lines.contains(where: { $0.count > 1 }) else { return [joined] }
            var prefix = ""
            var found = [joined]
            for (cell, cellLines) in zip(filled, lines) {
                prefix += cellLines.first ?? ""
                found.append(TitleCandidate(text: prefix, row: row, firstLinesBefore: cell.column + cell.columnSpan))
            }
            return found
        }
    }

    struct Region {
        var rows: [SourceRow]
        var isSection: Bool
    }

    /// The rows between a table's section title and the next section title, or every row when the
    /// section was not found. In text without tables, the lines right after the next title are the
    /// table's too when that section has no table, as far as the last of them that is a number and
    /// while they are numbers or short labels (no prose): PDF text may draw a table's last values,
    /// and the header cells above them, after the title that follows it.
    static func region(
        of tableID: String, sections: [ReportSection], document: Document, tableIDs: [String],
        everyRow: () -> [SourceRow]
    ) -> Region {
        guard let section = sections.first(where: { $0.id == tableID }) else { return Region(rows: everyRow(), isSection: false) }
        // Where a title stands: its block, and its row when it is in a table (a paragraph before all of them).
        func position(_ s: ReportSection) -> (Int, Int) { (s.blockIndex, s.rowIndex ?? -1) }
        let following = sections.filter { position($0) > position(section) }.min { position($0) < position($1) }
        let next = min(following?.blockIndex ?? Int.max, document.blocks.count)
        // A title in a table row: the section starts after that row, in that table.
        let first = section.rowIndex == nil ? section.blockIndex + 1 : section.blockIndex
        var rows = SourceRow.rows(of: document, blocks: first..<max(next, first), limit: ReportExtractor.searchedRows)
        // The rows of the first table of some rows before a table row (counted in the table's rows:
        // a row of the source may have been split in two).
        func before(_ titleRow: Int, in rows: [SourceRow]) -> Int {
            rows.firstIndex { $0.table != 0 || $0.tableRow >= titleRow } ?? rows.endIndex
        }
        if let titleRow = section.rowIndex {
            rows.removeFirst(before(section.titleColumns != nil ? titleRow : titleRow + 1, in: rows))
            if let columns = section.titleColumns, !rows.isEmpty { rows[0] = rows[0].droppingFirstLines(before: columns) }
            // The title drawn again as a line of its own (pymupdf4llm writes it in the table and as a
            // heading after it) is no label of the table: values before it would not seem the last.
            let title = LabelText.core(section.printedTitle)
            // (Its line may be split into cells at its spaces: `## **4** 、 政府信息公开…`.)
            rows.removeAll { row in
                row.table == nil && (1...4).contains(row.cells.count)
                    && LabelText.similarity(LabelText.core(row.cells.map(\.text).joined()), title, atLeast: 0.85) >= 0.85
            }
        }
        // The next title in a table row: the rows of that table before it are this section's.
        if let following, let titleRow = following.rowIndex, next > section.blockIndex, next < document.blocks.count {
            let tableRows = SourceRow.rows(of: document, blocks: next..<(next + 1))
            // (Numbered after the tables before it: rows of one table share a number.)
            let counted = (rows.compactMap(\.table).max() ?? -1) + 1
            rows += tableRows.prefix(before(titleRow, in: tableRows)).map { row in
                var row = row
                row.table = row.table.map { $0 + counted }
                return row
            }
        }
        if let following, !tableIDs.contains(following.id), !rows.isEmpty, rows.allSatisfy({ $0.table == nil }) {
            var end = next + 1
            var lastNumbers = end
            while end < document.blocks.count, case .paragraph(let text) = document.blocks[end] {
                let lines = text.split(separator: "\n")
                if lines.allSatisfy({ LabelText.read(String($0)).isNumber }) {
                    lastNumbers = end + 1
                } else if !lines.allSatisfy(isShortLabel) {
                    break
                }
                end += 1
            }
            if lastNumbers > next + 1 { rows += SourceRow.rows(of: document, blocks: (next + 1)..<lastNumbers, limit: ReportExtractor.searchedRows) }
        }
        return Region(rows: rows, isSection: true)
    }

    /// Most characters of a line of header text that `region` passes over after the next title.
    static let shortLabel = 8

    /// A line that may be a header cell of a table: a few characters, no sentence punctuation.
    static func isShortLabel(_ line: Substring) -> Bool {
        let text = line.trimmingCharacters(in: .whitespaces)
        return !text.isEmpty && text.count <= shortLabel && !text.contains(where: { "。，；：,;:".contains($0) })
    }
}
