/// A converted document: an ordered list of blocks, as read from any source format.
public struct Document: Equatable, Sendable {
    public var blocks: [Block]

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
