/// A table as a span-aware grid: `rowCount` × `columnCount` slots, tiled by `cells`.
///
/// Each source cell appears once, at its top-left slot, with its spans. Slots that no source
/// cell covers (short rows, `w:gridBefore`, …) hold an empty 1×1 cell marked `isFiller`, so that
/// every slot belongs to exactly one cell. Copying a merged cell's text into the slots it covers
/// is a writer option (`TableGrid.filledText`), never part of the model.
public struct Table: Equatable, Sendable {
    public var rowCount: Int
    public var columnCount: Int
    /// Cells sorted by row, then column.
    public var cells: [TableCell]
    /// How many leading rows the source marks as header rows (`<thead>`, `<th>` rows, `w:tblHeader`).
    public var headerRowCount: Int
    public var caption: String?
    /// Relative column widths for writers that lay the table out (DOCX); nil means equal columns.
    public var columnWeights: [Int]?
    /// A row shorter than the table may have lost cells at its start as well as at its end (tables
    /// read from text, whose leading empty fields get lost); in HTML and Word a short row ends early.
    public var shortRowsMayBeShifted = false

    public init(
        rowCount: Int, columnCount: Int, cells: [TableCell], headerRowCount: Int = 0, caption: String? = nil,
        columnWeights: [Int]? = nil
    ) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.cells = cells
        self.headerRowCount = headerRowCount
        self.caption = caption
        self.columnWeights = columnWeights
    }

    /// True when some cell spans more than one slot.
    public var hasSpans: Bool {
        cells.contains { $0.rowSpan > 1 || $0.columnSpan > 1 }
    }

    /// The occupancy grid derived from the cells.
    public var grid: TableGrid { TableGrid(self) }
}

/// One cell of a `Table`, stored once at its anchor (top-left) slot.
public struct TableCell: Equatable, Sendable {
    public var row: Int
    public var column: Int
    public var rowSpan: Int
    public var columnSpan: Int
    /// The cell's text; paragraphs and line breaks inside it are joined with `\n`.
    public var text: String
    /// The source marks the cell as a header cell (`<th>`, or a row repeated as table header).
    public var isHeader: Bool
    /// The cell fills a slot that no source cell covered.
    public var isFiller: Bool
    /// Tables nested inside this cell, in order.
    public var tables: [Table]
    /// For a value of a canonical report: how sure nianbao is of it (nil for ordinary cells).
    public var mark: ValueMark?

    public init(
        row: Int, column: Int, rowSpan: Int = 1, columnSpan: Int = 1, text: String,
        isHeader: Bool = false, isFiller: Bool = false, tables: [Table] = [], mark: ValueMark? = nil
    ) {
        self.row = row
        self.column = column
        self.rowSpan = rowSpan
        self.columnSpan = columnSpan
        self.text = text
        self.isHeader = isHeader
        self.isFiller = isFiller
        self.tables = tables
        self.mark = mark
    }

    public var lastRow: Int { row + rowSpan - 1 }

    /// Whether the text is a number (right-aligned or centred by writers).
    public var isNumeric: Bool {
        !text.isEmpty && text.allSatisfy { $0.isNumber || $0 == "." || $0 == "-" || $0 == "*" || $0 == "?" || $0 == "!" }
    }
    public var lastColumn: Int { column + columnSpan - 1 }
}
