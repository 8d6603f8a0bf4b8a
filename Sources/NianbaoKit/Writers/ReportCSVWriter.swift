import Foundation

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
                [
                    report.source, report.agency ?? "", report.year.map(String.init) ?? "", report.template, table.spec.table,
                    row, column, value.value.map(OrderedJSON.format) ?? "", value.status.rawValue,
                ]
            }
        }
    }
}
