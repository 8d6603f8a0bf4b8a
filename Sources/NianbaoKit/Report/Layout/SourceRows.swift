import Foundation

/// A row of cells as the extractor sees it, whatever the source: a grid row of a table (its
/// anchored cells, covered slots left out), or a line of text split into cells.
struct SourceRow {
    struct Cell {
        var text: String
        /// The grid column of the cell (tables) or its index in the line (text).
        var column: Int
        /// How many grid columns the cell spans.
        var span: Int = 1
        var reading: LabelText.Reading
        /// The label core of a text cell (computed once; empty for values).
        var core: String
        /// No source cell covered this slot (a short row of a text table, `w:gridBefore`).
        var isFiller = false
        /// Where the cell starts in its line of text, in characters (-1 when unknown or not text).
        var offset = -1

        init(text: String, column: Int, span: Int = 1, reading: LabelText.Reading) {
            self.text = text
            self.column = column
            self.span = span
            self.reading = reading
            self.core = reading == .text ? LabelText.core(text) : ""
        }
    }

    var cells: [Cell]
    /// Index of the document block the row comes from.
    var block: Int
    /// Index of the table the row belongs to (rows of one table share it), nil for text lines.
    var table: Int?
    /// The table's row the row comes from (two rows run together, split, share it); -1 for text lines.
    var tableRow = -1
    /// True when blank cells are real cells (grids, tab or pipe rows), false when the source drops them.
    var blanksAreCells: Bool
    /// A short row may have lost cells at its start (see `Table.shortRowsMayBeShifted`).
    var mayBeShifted = false
    /// In a table, the columns before this one hold its rows' labels (nearly every row with a value
    /// has its last label before this column and its values from it on): a blank cell there is a
    /// label cell left empty, not a blank value (`(七)总计||4|2|…`, a label spanning two columns).
    var valuesFrom = 0
    /// A row's values run together (`Document.gluedDigitRuns`): the row has no cells, and
    /// `GluedRunReading` splits this text.
    var gluedRun: String? = nil

    var textCells: [Cell] { cells.filter { $0.reading == .text } }

    /// The cells after the last text cell: the row's values, blanks included (not blanks in the
    /// table's label columns, `valuesFrom`).
    var valueCells: [Cell] {
        guard let last = cells.lastIndex(where: { $0.reading == .text }) else { return cells }
        var first = last + 1
        while first < cells.count, cells[first].column < valuesFrom, cells[first].reading == .blank { first += 1 }
        return Array(cells[first...])
    }

    var numberCount: Int { cells.filter(\.reading.isNumber).count }

    /// The row as a line of text: each line of each cell a cell, blank cells dropped (a table read
    /// from text whose columns cannot be trusted, read in reading order instead).
    var asText: SourceRow {
        guard table != nil else { return self }
        let pieces = cells.flatMap { $0.text.split(separator: "\n").map { $0.trimmed }.filter { !$0.isEmpty } }
        let lineCells = pieces.enumerated().map { Cell(text: $1, column: $0, reading: LabelText.read($1)) }
        return SourceRow(cells: lineCells, block: block, table: nil, blanksAreCells: false)
    }

    /// The row without the first line of each cell before a grid column (a section title stacked
    /// over a table's header row, `ReportSection.titleColumns`); a cell of one line is left blank.
    func droppingFirstLines(before column: Int) -> SourceRow {
        var row = self
        for (i, cell) in cells.enumerated() where cell.column < column {
            let rest = cell.text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n").trimmed
            row.cells[i] = Cell(text: rest, column: cell.column, span: cell.span, reading: LabelText.read(rest))
            row.cells[i].isFiller = cell.isFiller
            row.cells[i].offset = cell.offset
        }
        return row
    }

    /// The rows of a document, in reading order.
    static func rows(of document: Document, limit: Int = .max) -> [SourceRow] {
        rows(of: document, blocks: 0..<document.blocks.count, limit: limit)
    }

    /// The rows of some blocks of a document (table numbers count from the first of them), at most
    /// about `limit` of them (the rows of the block that reaches the limit are all kept).
    static func rows(of document: Document, blocks range: Range<Int>, limit: Int = .max) -> [SourceRow] {
        var out: [SourceRow] = []
        var tableCounter = 0
        func addTable(_ table: Table, block: Int) {
            let id = tableCounter
            tableCounter += 1
            var byRow = [[Cell]](repeating: [], count: table.rowCount)
            for cell in table.cells where cell.row >= 0 && cell.row < table.rowCount {
                var sourceCell = Cell(text: cell.text, column: cell.column, span: cell.columnSpan, reading: LabelText.read(cell.text))
                sourceCell.isFiller = cell.isFiller
                byRow[cell.row].append(sourceCell)
            }
            var rows: [SourceRow] = []
            for (index, var cells) in byRow.enumerated() {
                // Tables keep their cells in row, then column order; sort only a table that does not.
                if zip(cells, cells.dropFirst()).contains(where: { $0.column > $1.column }) { cells.sort { $0.column < $1.column } }
                splitGluedLabel(&cells)
                for part in table.shortRowsMayBeShifted ? splitMergedRows(cells) : [cells] {
                    var row = SourceRow(cells: part, block: block, table: id, blanksAreCells: true)
                    row.mayBeShifted = table.shortRowsMayBeShifted
                    row.tableRow = index
                    rows.append(row)
                }
            }
            // Where values start: the column after the last label before the first value, in nine of
            // ten rows with a value at least (a grid whose rows all have their labels in the same
            // columns; text whose rows' labels stand in one, two or three columns has none).
            var starts: [Int: Int] = [:]
            for row in rows {
                guard let number = row.cells.firstIndex(where: \.reading.isNumber),
                    let label = row.cells[..<number].lastIndex(where: { $0.reading == .text })
                else { continue }
                starts[row.cells[label].column + row.cells[label].span, default: 0] += 1
            }
            let common = starts.max { ($0.value, -$0.key) < ($1.value, -$1.key) }
            let valuesFrom = common.map { $0.value * 10 >= starts.values.reduce(0, +) * 9 ? $0.key : 0 } ?? 0
            for var row in rows {
                row.valuesFrom = valuesFrom
                out.append(row)
            }
            for cell in table.cells { for nested in cell.tables { addTable(nested, block: block) } }
        }
        for index in range {
            if out.count >= limit { break }
            switch document.blocks[index] {
            case .table(let table):
                addTable(table, block: index)
            case .paragraph(let text) where document.gluedDigitRuns.contains(index):
                out.append(SourceRow(cells: [], block: index, table: nil, blanksAreCells: false, gluedRun: text))
            case .paragraph(let text), .heading(_, let text):
                let lines = text.split(separator: "\n")
                for (number, line) in lines.enumerated() {
                    let pieces = split(String(line))
                    var cells = pieces.enumerated().map { Cell(text: $1, column: $0, reading: LabelText.read($1)) }
                    // Cells printed blank at the end of the paragraph (`Document.trailingBlankCells`).
                    if number == lines.count - 1, let blanks = document.trailingBlankCells[index] {
                        for _ in 0..<blanks { cells.append(Cell(text: "", column: cells.count, reading: .blank)) }
                    }
                    // Where values stand in the line matters only for lines that hold a value.
                    if pieces.count > 1, cells.contains(where: \.reading.isNumber) {
                        for (i, offset) in offsets(of: pieces, in: String(line)).enumerated() { cells[i].offset = offset }
                    }
                    out.append(SourceRow(cells: cells, block: index, table: nil, blanksAreCells: false))
                }
            }
        }
        return out
    }

    /// A grid row's last label cell with the first value glued to its end (`行政规范性|文件0|0|0`, as a
    /// PDF-to-Markdown converter cuts a row), or stacked under it (`规章<br>0<br>0|0`,
    /// `行政许可<br>205|`): the label, then the value in the same column. The cell may stack the next
    /// columns' values under the first (`文件7<br>0`): they stay with it, as a stacked value cell
    /// (`RowRepairs.unstacking`). Only when cells follow the label.
    static func splitGluedLabel(_ cells: inout [Cell]) {
        guard let last = cells.lastIndex(where: { $0.reading == .text }), last + 1 < cells.count else { return }
        let lines = cells[last].text.split(separator: "\n").map(String.init)
        // The lines of numbers that end the cell, after at least one line of text.
        var firstNumber = lines.count
        while firstNumber > 1, LabelText.read(lines[firstNumber - 1]).isNumber { firstNumber -= 1 }
        let labelLines = Array(lines[..<firstNumber])
        var numbers = Array(lines[firstNumber...])
        var label = labelLines.joined(separator: "\n")
        if let (glued, first) = gluedValue(labelLines[labelLines.count - 1]) {
            label = (labelLines.dropLast() + [glued]).joined(separator: "\n")
            numbers.insert(first, at: 0)
        }
        guard !numbers.isEmpty else { return }
        let number = numbers.joined(separator: "\n")
        var value = Cell(text: number, column: cells[last].column, reading: LabelText.read(number))
        value.isFiller = cells[last].isFiller
        cells[last] = Cell(text: label, column: cells[last].column, span: cells[last].span, reading: .text)
        cells.insert(value, at: last + 1)
    }

    /// A text table's row that holds two or more rows run together, as pymupdf4llm writes them: the
    /// label cell holding the rows' labels one after the other (each starting with its outline
    /// number, `1.申请人…<br>2.申请人…`, or one line each), every value cell as many numbers stacked
    /// (`0<br>3`). Split into those rows, the i-th number of each value cell in the i-th, the cells
    /// before the label (a group's label) in each; label text beyond the values' count (the start of
    /// the next row's label) a row of its own. Any other row is returned as it is.
    static func splitMergedRows(_ cells: [Cell]) -> [[Cell]] {
        guard let last = cells.lastIndex(where: { $0.reading == .text }), cells.count - last > 3 else { return [cells] }
        let values = cells[(last + 1)...]
        let stacks = values.filter { $0.reading != .blank }.map { $0.text.split(separator: "\n").map(String.init) }
        guard let count = stacks.first?.count, count >= 2, stacks.count >= 3,
            stacks.allSatisfy({ $0.count == count && $0.allSatisfy { LabelText.read($0).isNumber } })
        else { return [cells] }
        let lines = cells[last].text.split(separator: "\n").map(String.init)
        var starts = [0] + lines.indices.dropFirst().filter { startsWithNumberedCJK(lines[$0]) }
        if starts.count < count, lines.count == count { starts = Array(lines.indices) }
        guard starts.count >= count else { return [cells] }
        let ends = Array(starts.dropFirst()) + [lines.count]
        var rows: [[Cell]] = []
        for (i, (start, end)) in zip(starts, ends).enumerated() {
            let label = lines[start..<end].joined(separator: "\n")
            var row = Array(cells[..<last])
            row.append(Cell(text: label, column: cells[last].column, span: cells[last].span, reading: LabelText.read(label)))
            if i < count {
                for cell in values {
                    let text = cell.reading == .blank ? "" : String(cell.text.split(separator: "\n")[i])
                    row.append(Cell(text: text, column: cell.column, span: cell.span, reading: LabelText.read(text)))
                }
            }
            rows.append(row)
        }
        return rows
    }

    /// Splits a line of text into cells: at runs of two or more spaces (columns aligned with spaces,
    /// as `pdftotext -layout` writes), and numbers trailing a label split off one by one.
    static func split(_ line: String) -> [String] {
        // Prose without digits or spaces is one cell: nothing to split.
        if !line.utf8.contains(where: { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: " ") }),
            !line.unicodeScalars.contains(where: { (0xFF10...0xFF19).contains($0.value) })
        {
            let t = line.trimmed
            return t.isEmpty ? [] : [t]
        }
        let normalized = LabelText.halfWidth(line)
        var pieces = normalized.components(separatedBy: "  ").map { $0.trimmed }.filter { !$0.isEmpty }
        if pieces.isEmpty { return [] }
        // A numbered label glued to a fragment before it by one space ("其他处 2.申请人…") starts a cell.
        pieces = pieces.flatMap { piece -> [String] in
            var parts: [String] = []
            for word in piece.split(separator: " ").map(String.init) {
                let bareNumber = isBareNumbering(word)
                if !parts.isEmpty, startsWithNumberedCJK(word) || bareNumber {
                    parts.append(word)
                } else if parts.isEmpty {
                    parts = [word]
                } else {
                    parts[parts.count - 1] += " " + word
                }
            }
            return parts
        }
        var out: [String] = []
        for piece in pieces {
            var words = piece.split(separator: " ").map(String.init)
            var tail: [String] = []
            var i = words.count - 1
            while i >= 0, case .number = LabelText.read(words[i]) {
                tail.insert(words[i], at: 0)
                i -= 1
            }
            // A value glued to its label (`行政规范性文件0`, `（七）总计120 52 …`, as PyMuPDF writes a row) is split off.
            if i >= 0, let (label, number) = gluedValue(words[i]) {
                words[i] = label
                tail.insert(number, at: 0)
            }
            if tail.isEmpty || i < 0 && tail.count == 1 {
                out.append(piece)
            } else {
                if i >= 0 { out.append(words[0...i].joined(separator: " ")) }
                out.append(contentsOf: tail)
            }
        }
        pieces = out
        return pieces
    }

    /// A word that is a label of at least two Chinese characters with a number right after its last
    /// one (`行政事业性收费0`, `（七）总计120`): the label and the number. Nil for anything else.
    static func gluedValue(_ word: String) -> (label: String, number: String)? {
        // Most words (every line of prose with a figure in it passes here) do not end in a digit.
        guard let end = word.unicodeScalars.last, ("0"..."9").contains(end) else { return nil }
        let scalars = Array(word.unicodeScalars)
        var start = scalars.count
        while start > 0, ("0"..."9").contains(scalars[start - 1]) || scalars[start - 1] == "." { start -= 1 }
        guard start < scalars.count, start >= 2, scalars[start] != ".",
            (0x4E00...0x9FFF).contains(scalars[start - 1].value), (0x4E00...0x9FFF).contains(scalars[start - 2].value)
        else { return nil }
        let label = String(String.UnicodeScalarView(scalars[..<start]))
        let number = String(String.UnicodeScalarView(scalars[start...]))
        guard case .number = LabelText.read(number) else { return nil }
        return (label, number)
    }

    /// Where each piece of `split(line)` starts in the line, in characters (-1 from the first one not found).
    static func offsets(of pieces: [String], in line: String) -> [Int] {
        let characters = Array(LabelText.halfWidth(line))
        var cursor = 0
        var out: [Int] = []
        for piece in pieces {
            let target = Array(piece)
            var found = -1
            if !target.isEmpty, characters.count >= target.count {
                var i = cursor
                while i + target.count <= characters.count {
                    if characters[i] == target[0], Array(characters[i..<(i + target.count)]) == target {
                        found = i
                        break
                    }
                    i += 1
                }
            }
            guard found >= 0 else { return out + Array(repeating: -1, count: pieces.count - out.count) }
            out.append(found)
            cursor = found + target.count
        }
        return out
    }

    /// An outline number standing alone before its text: `2.`, `（四）`, `三、`.
    static func isBareNumbering(_ word: String) -> Bool {
        let w = LabelText.halfWidth(word)
        return w.count <= 5 && LabelText.strippingNumbering(w).isEmpty
    }

    /// `2.申请人…`, `3、其他`, `(一)予以公开`, `三、本年`: an outline number, then Chinese text.
    static func startsWithNumberedCJK(_ word: String) -> Bool {
        let w = LabelText.halfWidth(word)
        let stripped = LabelText.strippingNumbering(w)
        guard stripped != w, let next = stripped.first else { return false }
        return next.unicodeScalars.first.map { (0x4E00...0x9FFF).contains($0.value) } ?? false
    }
}
