/// A converted document: an ordered list of blocks, as read from any source format.
public struct Document: Equatable, Sendable {
    public var blocks: [Block]
    /// Block index → how many cells printed blank end that paragraph's last line. Text extracted by
    /// PyMuPDF writes a cell that held only `&nbsp;` as a no-break space at the end of the line
    /// (`PlainTextReader.blankMarks`); the paragraph keeps those characters as printed, and the
    /// report reads them from here as blank cells (`SourceRow.rows`). Not written by any writer.
    public var trailingBlankCells: [Int: Int] = [:]
    /// Paragraphs that are a table row's values run together, cut from a line a crawler flattened
    /// (`GluedRuns`): read by splitting them (`GluedRunReading`), never as one number.
    var gluedDigitRuns = Set<Int>()

    public init(blocks: [Block] = []) {
        self.blocks = blocks
    }

    /// Every table of the document in reading order, nested tables right after their parent.
    public var allTables: [Table] {
        var out: [Table] = []
        func visit(_ table: Table) {
            out.append(table)
            for cell in table.cells { cell.tables.forEach(visit) }
        }
        for case .table(let table) in blocks { visit(table) }
        return out
    }
}

/// One block of a document.
public enum Block: Equatable, Sendable {
    /// A heading; `level` 1 is the highest.
    case heading(level: Int, text: String)
    /// A paragraph of running text; line breaks inside it are kept as `\n`.
    case paragraph(String)
    case table(Table)

    public var text: String {
        switch self {
        case .heading(_, let text), .paragraph(let text): return text
        case .table: return ""
        }
    }
}
