import Foundation

/// Repairs of a source row that need the template's labels: a line running several rows together
/// cut at its labels, and a label cut into pieces over cells joined (`RowPairing` reads the rows so
/// repaired). Repairs that need no labels are in `RowRepairs`.
extension TableMatcher {
    /// A line of text that runs several rows of a table together with single spaces (pymupdf4llm
    /// writes table rows it did not see as a table so: `行政强制 0 第二十条第(八)项 信息内容 本年收费金额(单位：万元)
    /// 行政事业性收费 52`): cut after each number that follows a row's label (one to three words that
    /// name the row), the words before that label a line of their own, one cell each. A line that is
    /// only one label and its values, and any other row, is left as it is.
    func splitLabelValuePairs(_ row: SourceRow) -> [SourceRow] {
        guard row.table == nil, row.cells.contains(where: { $0.reading == .text && $0.text.contains(" ") }) else { return [row] }
        var words: [SourceRow.Cell] = []
        for cell in row.cells {
            guard cell.reading == .text, cell.text.contains(" ") else {
                words.append(cell)
                continue
            }
            for word in cell.text.split(separator: " ") {
                // Only plain figures count as numbers here, not outline numbers (`3.`) or years in words.
                let plain = word.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") } && word.first != "." && word.last != "."
                words.append(SourceRow.Cell(text: String(word), column: cell.column, reading: plain ? LabelText.read(String(word)) : .text))
            }
        }
        /// A line of its own, its cells numbered from 0.
        func line(_ cells: ArraySlice<SourceRow.Cell>) -> SourceRow {
            var line = row
            line.cells = cells.enumerated().map { index, cell in
                var cell = cell
                cell.column = index
                return cell
            }
            return line
        }
        var out: [SourceRow] = []
        var cut = false
        var start = 0
        var i = 0
        while i < words.count {
            guard words[i].reading.isNumber, i > start, words[i - 1].reading == .text else {
                i += 1
                continue
            }
            // The longest run of one to three words before the number that names a row.
            var label: Int?
            for k in stride(from: min(3, i - start), through: 1, by: -1) {
                let slice = words[(i - k)..<i]
                guard slice.allSatisfy({ $0.reading == .text }) else { continue }
                if let best = bestRow(LabelText.core(slice.map(\.text).joined())), best.score >= 0.9 {
                    label = i - k
                    break
                }
            }
            guard let label else {
                i += 1
                continue
            }
            var end = i
            while end < words.count, words[end].reading.isValue { end += 1 }
            if label > start || end < words.count { cut = true }
            if label > start { out.append(line(words[start..<label])) }
            let text = words[label..<i].map(\.text).joined(separator: " ")
            out.append(line(ArraySlice([SourceRow.Cell(text: text, column: 0, reading: .text)] + words[i..<end])))
            start = end
            i = end
        }
        // (A line that is one label and its values, `3. 危及“三安全一稳定” 0`, stays as it is.)
        guard cut else { return [row] }
        if start < words.count { out.append(line(words[start...])) }
        return out
    }

    /// A grid row whose label was cut over cells into pieces of one character at most (numbering
    /// aside), which say nothing alone: `3.其|他`, `（七）|总计` (pymupdf4llm). When the row's last two or
    /// three text cells before its values, one such piece among them (its end, its numbered start,
    /// or an outline number alone), together name a row that the last of them does not name alone,
    /// they are one cell.
    func joiningShortPieces(_ row: SourceRow) -> SourceRow {
        // (A numbered piece of one character reads as a garbled value: `3.其`.)
        func isPiece(_ cell: SourceRow.Cell) -> Bool {
            cell.reading == .text
                || (cell.reading.isValue && !cell.reading.isNumber && Self.isNumbered(cell.text)
                    && cell.text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) })
        }
        guard let firstValue = row.cells.firstIndex(where: { $0.reading.isValue && !isPiece($0) }) else { return row }
        let texts = row.cells[..<firstValue].indices.filter { isPiece(row.cells[$0]) }
        guard texts.count >= 2 else { return row }
        for k in 2...min(3, texts.count) {
            let pieces = Array(texts.suffix(k))
            // The short pieces: the label's end or numbered start, or an outline number alone (`（七）`);
            // not a broken group label's piece before a row's own (`理|4.无正当理由…`).
            let short = pieces.filter { row.cells[$0].core.count <= 1 }
            guard pieces.last! - pieces.first! == k - 1, !short.isEmpty,
                short.allSatisfy({ $0 == pieces.last! || row.cells[$0].core.isEmpty || Self.isNumbered(row.cells[$0].text) }),
                // (A group's number before a numbered row label is the group's: `（三）<br>|4.保护第三方|合法权益`.)
                pieces.filter({ Self.isNumbered(row.cells[$0].text) }).count <= 1
            else { continue }
            // (The last piece naming a row alone is that row's label: `（五）|3.要求提供公开出版物`.)
            let last = row.cells[pieces.last!]
            if let alone = bestRow(last.core), alone.score >= 0.9, !isBareColumnHeader(last.text, core: last.core) { continue }
            let text = pieces.map { row.cells[$0].text }.joined()
            guard let named = bestRow(LabelText.core(text)), named.score >= 0.9 else { continue }
            let (first, end) = (row.cells[pieces.first!], last.column + last.span)
            var joined = row
            joined.cells.replaceSubrange(
                pieces.first!...pieces.last!,
                with: [SourceRow.Cell(text: text, column: first.column, span: end - first.column, reading: .text)])
            return joined
        }
        return row
    }
}
