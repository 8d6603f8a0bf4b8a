import Foundation

/// Repairs of a row of values that need no template: numbers of neighbouring columns that a
/// converter stacked in one cell, one a line, split back into cells.
enum RowRepairs {
    /// A value row whose converter stacked neighbouring columns' numbers in one cell, one a line
    /// (`0<br>0` from pymupdf4llm): each such cell as that many cells, when that gives the row
    /// exactly `count` cells; or, with `pastEmptyCell` (a table read from text, whose converter
    /// placed the cells), one cell more, with one empty cell after the first stacked one, where the
    /// columns came back into step (`32<br>6|0|0|0||0|38`): that cell is no blank value and is left
    /// out. (In a Word or HTML table a cell is where its author put it.) Nil otherwise.
    static func unstacking(_ values: [SourceRow.Cell], to count: Int, pastEmptyCell: Bool) -> [SourceRow.Cell]? {
        var (out, firstStacked) = splittingStacks(values)
        if pastEmptyCell, out.count == count + 1, let firstStacked {
            let empty = out.indices.filter { $0 > firstStacked && out[$0].reading == .blank }
            if empty.count == 1 { out.remove(at: empty[0]) }
        }
        return out.count == count && firstStacked != nil ? out : nil
    }

    /// Each cell stacking numbers one a line as that many cells; with the index of the first such
    /// part (nil when no cell stacks numbers).
    static func splittingStacks(_ values: [SourceRow.Cell]) -> (cells: [SourceRow.Cell], firstStacked: Int?) {
        var out: [SourceRow.Cell] = []
        var firstStacked: Int?
        for cell in values {
            let lines = cell.text.split(separator: "\n").map { String($0).trimmed }.filter { !$0.isEmpty }
            let numbers = lines.map { LabelText.read($0) }
            if cell.reading != .text, lines.count > 1, numbers.allSatisfy(\.isNumber) {
                if firstStacked == nil { firstStacked = out.count }
                for (line, reading) in zip(lines, numbers) {
                    var part = SourceRow.Cell(text: line, column: cell.column, span: cell.span, reading: reading)
                    part.offset = cell.offset
                    out.append(part)
                }
            } else {
                out.append(cell)
            }
        }
        return (out, firstStacked)
    }
}
