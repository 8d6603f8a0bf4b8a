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
