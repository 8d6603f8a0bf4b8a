import Foundation

/// Writes the canonical report as JSON:
/// `{"source","template","agency","year","published","variants","sections","tables":{TABLE:{ROW:{COL:{"value","status"}}}},"findings":[…]}`.
/// Every row and column of each table's variant is present, missing ones included; values are null
/// unless printed or inferred (conflicting values keep what was printed and list the rules they break).
public struct ReportJSONWriter {
    public init() {}

    public func write(_ report: CanonicalReport) -> Data {
        Data((json(report).serialized() + "\n").utf8)
    }

    public func json(_ report: CanonicalReport) -> OrderedJSON {
        func optional(_ s: String?) -> OrderedJSON { s.map(OrderedJSON.string) ?? .null }
        var tables: [(String, OrderedJSON)] = []
        for table in report.tables {
            var rows: [(String, OrderedJSON)] = []
            for row in table.spec.rows {
                let cells: [(String, OrderedJSON)] = table.spec.columnIDs(forRow: row.id).map { column in
                    (column, Self.cell(table.values[row.id]![column]!))
                }
                rows.append((row.id, .object(cells)))
            }
            tables.append((table.spec.table, .object(rows)))
        }
        return .object([
            ("source", .string(report.source)),
            ("template", .string(report.template)),
            ("agency", optional(report.agency)),
            ("year", report.year.map { .number(Double($0)) } ?? .null),
            ("published", optional(report.published)),
            ("variants", .object(report.tables.map { ($0.spec.table, .string($0.spec.variant)) })),
            ("sections", .array(report.sections.map { .object([("id", .string($0.id)), ("title", .string($0.printedTitle))]) })),
            ("tables", .object(tables)),
            ("findings", .array(report.findings.map(Self.finding))),
        ])
    }

    static func cell(_ value: CanonicalValue) -> OrderedJSON {
        var pairs: [(String, OrderedJSON)] = [
            ("value", value.value.map(OrderedJSON.number) ?? .null),
            ("status", .string(value.status.rawValue)),
        ]
        if let text = value.printedText { pairs.append(("printed", .string(text))) }
        if !value.rules.isEmpty { pairs.append(("rules", .array(value.rules.map(OrderedJSON.string)))) }
        return .object(pairs)
    }

    static func finding(_ f: Finding) -> OrderedJSON {
        func optional(_ s: String?) -> OrderedJSON { s.map(OrderedJSON.string) ?? .null }
        return .object([
            ("severity", .string(f.severity.rawValue)),
            ("code", .string(f.code)),
            ("table", optional(f.table)),
            ("row", optional(f.row)),
            ("col", optional(f.column)),
            ("message", .string(f.message)),
        ])
    }
}

/// Writes the canonical report as long CSV (RFC 4180): one line per value,
/// `source,agency,year,template,table,row,col,value,status`.
public struct ReportCSVWriter {
    public static let header = ["source", "agency", "year", "template", "table", "row", "col", "value", "status"]

    public init() {}

    public func write(_ reports: [CanonicalReport], excelBOM: Bool = false) -> Data {
        var out = excelBOM ? "\u{FEFF}" : ""
        out += CSV.line(Self.header)
        for report in reports { out += rows(report).map(CSV.line).joined() }
        return Data(out.utf8)
    }

    /// Wide CSV: one line per report, one column per value (`applications.new_received.total`),
    /// over every cell any variant of the library has; a value a report's variant lacks is empty.
    public func writeWide(_ reports: [CanonicalReport], library: TemplateLibrary, excelBOM: Bool = false) -> Data {
        let columns = Self.wideColumns(library)
        var out = excelBOM ? "\u{FEFF}" : ""
        out += CSV.line(["source", "agency", "year", "template"] + columns.map { "\($0.0).\($0.1).\($0.2)" })
        for report in reports { out += CSV.line(wideRow(report, columns: columns)) }
        return Data(out.utf8)
    }

    /// Every (table, row, col) of the library, in template order, without repeats.
    public static func wideColumns(_ library: TemplateLibrary) -> [(String, String, String)] {
        var seen = Set<String>()
        var out: [(String, String, String)] = []
        for tableID in library.tableIDs {
            for spec in library.variants(of: tableID) {
                for (row, column) in spec.cellIDs where seen.insert("\(tableID).\(row).\(column)").inserted {
                    out.append((tableID, row, column))
                }
            }
        }
        return out
    }

    public func wideRow(_ report: CanonicalReport, columns: [(String, String, String)]) -> [String] {
        [report.source, report.agency ?? "", report.year.map(String.init) ?? "", report.template]
            + columns.map { table, row, column in
                report.table(table)?[row, column]?.value.map(OrderedJSON.format) ?? ""
            }
    }

    public func rows(_ report: CanonicalReport) -> [[String]] {
        report.tables.flatMap { table in
            table.orderedValues.map { row, column, value in
                [report.source, report.agency ?? "", report.year.map(String.init) ?? "", report.template, table.spec.table,
                 row, column, value.value.map(OrderedJSON.format) ?? "", value.status.rawValue]
            }
        }
    }
}

/// RFC 4180 quoting.
public enum CSV {
    public static func field(_ s: String) -> String {
        if s.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }
}
