import Foundation

/// Writes the tables of a document as CSV (RFC 4180): each table's grid with merged text repeated
/// in the slots it covers, tables separated by an empty line. For spreadsheets.
public struct TablesCSVWriter: DocumentWriter {
    public var excelBOM: Bool

    public init(excelBOM: Bool = false) {
        self.excelBOM = excelBOM
    }

    public func write(_ document: Document) throws -> Data {
        var out = excelBOM ? "\u{FEFF}" : ""
        let tables = document.allTables
        for (i, table) in tables.enumerated() {
            if i > 0 { out += "\r\n" }
            for row in table.grid.filledText(of: table) { out += CSV.line(row) }
        }
        return Data(out.utf8)
    }
}
