import Foundation

/// Writes how every value of a canonical report came to be what it is (`extract --explain`): one
/// tab-separated line per cell, `table, row, column, row label, column label, value, status, how`,
/// where "how" names the reading (label pairing beside the label or in the lines after it, or the
/// reading-order strategy), the rules that fixed an inferred value or that a conflicting one breaks,
/// or why a value is missing. For people, not a data contract.
public struct ReportExplanationWriter {
    public static let header = ["table", "row", "col", "row_label", "col_label", "value", "status", "how"]

    public init() {}

    public func write(_ report: CanonicalReport) -> Data {
        var out = Self.header.joined(separator: "\t") + "\n"
        for table in report.tables {
            for (row, column, value) in table.orderedValues {
                let how = table.origin(row: row, column: column) ?? "missing: not found in the source"
                let fields = [
                    table.spec.table, row, column, table.spec.row(row)?.label ?? "", table.spec.column(column)?.label ?? "",
                    value.value.map(OrderedJSON.format) ?? "", value.status.rawValue, how,
                ]
                out += fields.map(Self.oneLine).joined(separator: "\t") + "\n"
            }
        }
        return Data(out.utf8)
    }

    /// A field on one line without tabs (labels may hold either).
    static func oneLine(_ field: String) -> String {
        String(field.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }
}
