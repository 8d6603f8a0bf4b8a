/// Resolves the cells of a source table, with whatever spans the source claims, into a `Table`
/// whose every slot is covered by exactly one cell. Both readers feed it.
///
/// HTML follows the HTML table-processing model: cells take the first free slot of their row,
/// `colspan` 0 or invalid is 1 and capped at 1000, `rowspan` 0 runs to the end of its row group,
/// `rowspan` is capped at 65534 and cut at the end of its row group. DOCX cells sit at explicit grid
/// columns (after `w:gridBefore`), `w:vMerge` continue cells extend the cell above when it starts in the same column with the same width, and legacy
/// `w:hMerge` cells are joined. In both, a cell that would overlap an earlier one is cut to the free
/// rectangle at its anchor, and uncovered slots get empty filler cells.
enum SpanResolver {
    /// A source cell before resolution.
    struct SourceCell {
        var rowSpan: Int = 1
        var columnSpan: Int = 1
        var text: String
        var isHeader: Bool = false
        var tables: [Table] = []
    }

    /// One HTML row group (`thead`, `tbody`, `tfoot`, or consecutive bare rows).
    struct RowGroup {
        var rows: [[SourceCell]]
        var isHeader: Bool = false
        var isFooter: Bool = false
    }

    /// A DOCX row: the cells with their grid spans and merge marks.
    struct GridRow {
        var gridBefore: Int = 0
        var gridAfter: Int = 0
        var cells: [GridCell]
        var isHeader: Bool = false
    }

    enum Merge { case none, restart, `continue` }

    struct GridCell {
        var gridSpan: Int = 1
        var vMerge: Merge = .none
        var hMerge: Merge = .none
        var text: String
        var tables: [Table] = []
    }

    static let maxColumnSpan = 1000
    static let maxRowSpan = 65534

    /// A placement: a cell with a proposed anchor and spans.
    struct Placement {
        var row: Int
        var column: Int
        var rowSpan: Int
        var columnSpan: Int
        var cell: SourceCell
    }

    // MARK: - HTML

    /// Parses a span attribute with the HTML "rules for parsing non-negative integers".
    static func parseSpan(_ value: String?) -> Int? {
        guard let value else { return nil }
        var digits = Substring(value.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" })
        if digits.first == "+" { digits = digits.dropFirst() }
        let number = digits.prefix { $0.isASCII && $0.isNumber }
        guard !number.isEmpty else { return nil }
        return number.count > 9 ? Int.max : Int(number)
    }

    static func htmlColumnSpan(_ value: String?) -> Int {
        guard let n = parseSpan(value), n > 0 else { return 1 }
        return min(n, maxColumnSpan)
    }

    /// `0` means "to the end of the row group".
    static func htmlRowSpan(_ value: String?) -> Int {
        guard let n = parseSpan(value) else { return 1 }
        return min(n, maxRowSpan)
    }

    /// Positions cells as the HTML table model does: each cell takes the first slot of its row not
    /// covered by an earlier cell's nominal rectangle, and the next cell starts after its full colspan.
    /// `tfoot` groups are processed after all other groups, as the model prescribes. Overlaps are cut
    /// afterwards by `tile`.
    static func resolveHTML(groups: [RowGroup], caption: String? = nil, limits: ReadLimits = .default, repairs: inout Repairs) -> Table {
        let ordered = groups.filter { !$0.isFooter } + groups.filter(\.isFooter)
        var nominal = Occupancy()
        var placements: [Placement] = []
        var y = 0
        var headerRows = 0
        var headerRowsClosed = false
        for group in ordered {
            let groupEnd = y + group.rows.count
            for row in group.rows {
                var x = 0
                for cell in row {
                    while nominal.isTaken(y, x) { x += 1 }
                    let columnSpan = max(1, min(cell.columnSpan, maxColumnSpan))
                    var rowSpan = cell.rowSpan == 0 ? groupEnd - y : min(cell.rowSpan, maxRowSpan)
                    rowSpan = max(1, min(rowSpan, groupEnd - y))
                    placements.append(Placement(row: y, column: x, rowSpan: rowSpan, columnSpan: columnSpan, cell: cell))
                    nominal.cover(row: y, column: x, rowSpan: rowSpan, columnSpan: columnSpan)
                    x += columnSpan
                    if nominal.slotCount > limits.maxGridSlots { break }
                }
                let isHeaderRow = group.isHeader || (!row.isEmpty && row.allSatisfy(\.isHeader))
                if isHeaderRow && !headerRowsClosed { headerRows += 1 } else { headerRowsClosed = true }
                y += 1
            }
        }
        return tile(placements, rowCount: y, minimumColumns: 0, headerRowCount: headerRows, caption: caption, repairs: &repairs)
    }

    // MARK: - DOCX

    static func resolveGrid(rows: [GridRow], gridColumns: Int, caption: String? = nil, repairs: inout Repairs) -> Table {
        var placements: [Placement] = []
        var openAbove: [Int: Int] = [:]  // anchor column -> placement still open at the previous row
        var headerRows = 0
        var headerRowsClosed = false
        for (y, row) in rows.enumerated() {
            var x = max(0, row.gridBefore)
            var openHere: [Int: Int] = [:]
            var i = 0
            while i < row.cells.count {
                var cell = row.cells[i]
                var span = max(1, min(cell.gridSpan, maxColumnSpan))
                if gridColumns > 0 {
                    // The table grid is the real grid: a span may not run past it while this row's
                    // later cells still fit (w:gridSpan="100000" covers the rest of the row, no more).
                    span = max(1, min(span, gridColumns - max(0, row.gridAfter) - x - (row.cells.count - 1 - i)))
                }
                if cell.hMerge == .restart {
                    while i + 1 < row.cells.count, row.cells[i + 1].hMerge == .continue {
                        i += 1
                        span += max(1, min(row.cells[i].gridSpan, maxColumnSpan))
                        cell.text = joined(cell.text, row.cells[i].text)
                        cell.tables += row.cells[i].tables
                    }
                }
                if cell.vMerge == .continue, let p = openAbove[x],
                    placements[p].row + placements[p].rowSpan == y, placements[p].columnSpan == span
                {
                    placements[p].rowSpan += 1
                    placements[p].cell.text = joined(placements[p].cell.text, cell.text)
                    placements[p].cell.tables += cell.tables
                    openHere[x] = p
                } else {
                    let source = SourceCell(text: cell.text, isHeader: row.isHeader, tables: cell.tables)
                    placements.append(Placement(row: y, column: x, rowSpan: 1, columnSpan: span, cell: source))
                    openHere[x] = placements.count - 1
                }
                x += span
                i += 1
            }
            if row.isHeader && !headerRowsClosed { headerRows += 1 } else { headerRowsClosed = true }
            openAbove = openHere
        }
        return tile(
            placements, rowCount: rows.count, minimumColumns: gridColumns, headerRowCount: headerRows, caption: caption,
            repairs: &repairs)
    }

    private static func joined(_ a: String, _ b: String) -> String {
        if b.isEmpty { return a }
        if a.isEmpty { return b }
        return a + "\n" + b
    }

    // MARK: - Tiling

    /// What tiling repaired in a source's tables: cells whose anchor slot an earlier cell's span
    /// already held (their text joins that cell's), and spans cut short by cells already placed.
    struct Repairs: Equatable {
        var overlappingCells = 0
        var spansCut = 0

        mutating func add(_ other: Repairs) {
            overlappingCells += other.overlappingCells
            spansCut += other.spansCut
        }

        var diagnostics: [Diagnostic] {
            var out: [Diagnostic] = []
            if overlappingCells > 0 {
                out.append(
                    Diagnostic(
                        .warning, "table_cells_overlap",
                        "\(overlappingCells) table cell\(overlappingCells == 1 ? "" : "s") stood where another cell's span reached; each one's text was joined to that cell's"
                    ))
            }
            if spansCut > 0 {
                out.append(
                    Diagnostic(
                        .warning, "table_spans_cut",
                        "\(spansCut) merged cell\(spansCut == 1 ? "" : "s") overlapped cells placed before; the span was cut short"))
            }
            return out
        }
    }

    /// Places cells in order (earlier cells keep their slots), then fills every uncovered slot.
    static func tile(
        _ placements: [Placement], rowCount: Int, minimumColumns: Int, headerRowCount: Int, caption: String?,
        repairs: inout Repairs
    ) -> Table {
        var occupancy = Occupancy()
        var cells: [TableCell] = []
        var owner: [Int: Int] = [:]  // slot key -> index in `cells`
        for p in placements where p.row < rowCount {
            let key = Occupancy.key(p.row, p.column)
            if occupancy.isTaken(p.row, p.column) {
                // The anchor itself is taken: keep the text with the cell that holds the slot.
                if let i = owner[key] ?? occupancy.owner(p.row, p.column) {
                    cells[i].text = joined(cells[i].text, p.cell.text)
                    cells[i].tables += p.cell.tables
                }
                repairs.overlappingCells += 1
                continue
            }
            let rows = min(p.rowSpan, rowCount - p.row)
            let placed = occupancy.place(row: p.row, column: p.column, rowSpan: rows, columnSpan: p.columnSpan, owner: cells.count)
            if placed.rows < rows || placed.columns < p.columnSpan { repairs.spansCut += 1 }
            owner[key] = cells.count
            cells.append(
                TableCell(
                    row: p.row, column: p.column, rowSpan: placed.rows, columnSpan: placed.columns,
                    text: p.cell.text, isHeader: p.cell.isHeader, tables: p.cell.tables))
        }
        let columnCount = max(minimumColumns, occupancy.width)
        for r in 0..<rowCount {
            for c in 0..<columnCount where !occupancy.isTaken(r, c) {
                cells.append(TableCell(row: r, column: c, text: "", isFiller: true))
            }
        }
        cells.sort { ($0.row, $0.column) < ($1.row, $1.column) }
        return Table(
            rowCount: rowCount, columnCount: columnCount, cells: cells,
            headerRowCount: min(headerRowCount, rowCount), caption: caption)
    }

    /// Which slots are taken, and by which cell.
    struct Occupancy {
        private var taken: [Int: Int] = [:]
        private(set) var width = 0
        var slotCount: Int { taken.count }

        static func key(_ r: Int, _ c: Int) -> Int { r &* 1_048_576 &+ c }

        func isTaken(_ r: Int, _ c: Int) -> Bool { taken[Self.key(r, c)] != nil }
        func owner(_ r: Int, _ c: Int) -> Int? { taken[Self.key(r, c)] }

        /// Marks a whole rectangle, taken or not (the nominal extent of an HTML cell).
        mutating func cover(row: Int, column: Int, rowSpan: Int, columnSpan: Int) {
            for r in row..<(row + rowSpan) {
                for c in column..<(column + columnSpan) { taken[Self.key(r, c)] = -1 }
            }
            width = max(width, column + columnSpan)
        }

        /// Takes the largest free rectangle at (row, column) within the requested spans:
        /// as many free columns of the anchor row as asked, then as many rows as are free across them.
        mutating func place(row: Int, column: Int, rowSpan: Int, columnSpan: Int, owner: Int = -1) -> (rows: Int, columns: Int) {
            var columns = 0
            while columns < columnSpan && !isTaken(row, column + columns) { columns += 1 }
            columns = max(columns, 1)
            var rows = 1
            grow: while rows < rowSpan {
                for c in column..<(column + columns) where isTaken(row + rows, c) { break grow }
                rows += 1
            }
            for r in row..<(row + rows) {
                for c in column..<(column + columns) { taken[Self.key(r, c)] = owner }
            }
            width = max(width, column + columns)
            return (rows, columns)
        }
    }
}
