/// The slots of a table and the cell that covers each of them.
public struct TableGrid: Sendable {
    /// What occupies one slot of the grid.
    public enum Slot: Equatable, Sendable {
        /// The top-left slot of cell `index`.
        case anchor(Int)
        /// A slot covered by cell `index`, whose anchor is elsewhere.
        case covered(by: Int)
        /// No cell covers the slot (never the case for a table built by `SpanResolver`).
        case empty
    }

    public let rowCount: Int
    public let columnCount: Int
    private var slots: [Slot]
    /// Invariant violations found while building the grid (overlaps, spans leaving the grid).
    public private(set) var violations: [String] = []

    public init(_ table: Table) {
        rowCount = table.rowCount
        columnCount = table.columnCount
        slots = Array(repeating: .empty, count: max(0, table.rowCount * table.columnCount))
        for (index, cell) in table.cells.enumerated() {
            guard cell.rowSpan >= 1, cell.columnSpan >= 1, cell.row >= 0, cell.column >= 0,
                cell.lastRow < rowCount, cell.lastColumn < columnCount
            else {
                violations.append(
                    "cell \(index) at (\(cell.row),\(cell.column)) span \(cell.rowSpan)x\(cell.columnSpan) leaves the \(rowCount)x\(columnCount) grid"
                )
                continue
            }
            for r in cell.row...cell.lastRow {
                for c in cell.column...cell.lastColumn {
                    let i = r * columnCount + c
                    if slots[i] != .empty {
                        violations.append("slot (\(r),\(c)) covered twice (cell \(index))")
                        continue
                    }
                    slots[i] = (r == cell.row && c == cell.column) ? .anchor(index) : .covered(by: index)
                }
            }
        }
        for r in 0..<rowCount {
            for c in 0..<columnCount where slots[r * columnCount + c] == .empty {
                violations.append("slot (\(r),\(c)) covered by no cell")
            }
        }
    }

    /// The slot at (row, column); outside the grid, `.empty`.
    public subscript(row: Int, column: Int) -> Slot {
        guard row >= 0, row < rowCount, column >= 0, column < columnCount else { return .empty }
        return slots[row * columnCount + column]
    }

    /// The index of the cell covering a slot, anchor or not.
    public func cellIndex(row: Int, column: Int) -> Int? {
        switch self[row, column] {
        case .anchor(let i), .covered(by: let i): return i
        case .empty: return nil
        }
    }

    /// Every slot's text for spreadsheet use: covered slots repeat their merged cell's text.
    public func filledText(of table: Table) -> [[String]] {
        (0..<rowCount).map { r in
            (0..<columnCount).map { c in cellIndex(row: r, column: c).map { table.cells[$0].text } ?? "" }
        }
    }
}
