import Foundation

/// One value of the canonical report and how sure nianbao is of it.
public struct CanonicalValue: Equatable, Sendable {
    public enum Status: String, Codable, Sendable {
        /// Read from the source.
        case printed
        /// Absent or unreadable in the source, but fixed by the rules.
        case inferred
        /// Absent or unreadable, and not fixed by the rules: the value is null.
        case missing
        /// Read from the source, but the rules contradict it.
        case conflicting
    }

    public var value: Double?
    public var status: Status
    /// The text the source printed in the cell, when it was not a plain number.
    public var printedText: String?
    /// For conflicting values: the ids of the rules they break.
    public var rules: [String] = []

    public static let missing = CanonicalValue(value: nil, status: .missing)
}

/// Something the extractor or the rules noticed.
public struct Finding: Equatable, Sendable {
    public enum Severity: String, Codable, Sendable, Comparable {
        case info, warning, error
        private var rank: Int { self == .info ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public var severity: Severity
    public var code: String
    public var table: String?
    public var row: String?
    public var column: String?
    public var message: String
}

/// A standard table recovered into its template's ids.
public struct CanonicalTable: Sendable {
    public var spec: TableSpec
    /// row id → column id → value; every cell of the spec is present.
    public var values: [String: [String: CanonicalValue]]
    /// Whether the table was found in the source at all.
    public var found: Bool
    /// row id → column id → how the cell came to be what it is (the reading strategy, the rule, or
    /// why it is missing), for `extract --explain`; not part of the JSON contract. A cell without an
    /// entry was not found in the source.
    public internal(set) var origins: [String: [String: String]] = [:]

    public init(spec: TableSpec, found: Bool) {
        self.spec = spec
        self.found = found
        var values: [String: [String: CanonicalValue]] = [:]
        for (row, column) in spec.cellIDs { values[row, default: [:]][column] = .missing }
        self.values = values
    }

    public subscript(row: String, column: String) -> CanonicalValue? {
        get { values[row]?[column] }
        set { if let newValue, values[row]?[column] != nil { values[row]![column] = newValue } }
    }

    /// How the cell came to be what it is, when something read or decided it.
    public func origin(row: String, column: String) -> String? { origins[row]?[column] }

    mutating func setOrigin(_ origin: String, row: String, column: String) {
        guard values[row]?[column] != nil else { return }
        origins[row, default: [:]][column] = origin
    }

    /// Every cell with its ids, in the spec's printed order.
    public var orderedValues: [(row: String, column: String, value: CanonicalValue)] {
        spec.cellIDs.map { ($0.row, $0.column, values[$0.row]![$0.column]!) }
    }
}

/// A section of the report found by its title.
public struct ReportSection: Sendable, Equatable {
    public var id: String
    /// The title as printed.
    public var printedTitle: String
    /// Index of the block holding the title.
    public var blockIndex: Int
    /// When that block is a table: the row holding the title (a PDF-to-Markdown converter drew the
    /// title into the table before it, cut over its cells). The section starts after that row.
    public var rowIndex: Int?
    /// The title is the first line of each cell of that row before this grid column, and the lines
    /// below it are the table's own header (`四、<br>行政|政府<br>复议|信息公开|…情况<br>行政诉讼`): the
    /// section starts at that row, without those first lines. Nil: the title is the whole row.
    public var titleColumns: Int?

    public init(id: String, printedTitle: String, blockIndex: Int, rowIndex: Int? = nil, titleColumns: Int? = nil) {
        self.id = id
        self.printedTitle = printedTitle
        self.blockIndex = blockIndex
        self.rowIndex = rowIndex
        self.titleColumns = titleColumns
    }
}

/// The canonical report: metadata, the three standard tables and what was noticed.
public struct CanonicalReport: Sendable {
    public var source: String
    public var template: String
    public var agency: String?
    public var year: Int?
    /// Publication date printed at the end of the report, as yyyy-mm-dd.
    public var published: String?
    public var sections: [ReportSection]
    /// Tables by id (`active`, `applications`, `review_litigation`), in template order.
    public var tables: [CanonicalTable]
    public var findings: [Finding]
    /// What the extractor read of the title, agency, year and date, for the repaired report (read
    /// once per document). Nil in a report not made by `ReportExtractor`.
    var metadata: ReportMetadata? = nil

    public func table(_ id: String) -> CanonicalTable? { tables.first { $0.spec.table == id } }

    /// The worst severity among the findings, if any.
    public var worstSeverity: Finding.Severity? { findings.map(\.severity).max() }
}
