import Foundation

/// The templates of the annual report, loaded from `Specs/` (embedded at build time) or from a file
/// given with `--spec`. Nothing about the tables' layout is written in Swift: rows, columns, labels,
/// aliases, groups and rules all come from here.
public struct TemplateLibrary: Sendable {
    public var sections: [SectionSpec]
    public var templates: [TemplateSpec]

    /// Every variant of the table `id` that some template uses, without repeats.
    public func variants(of table: String) -> [TableSpec] {
        var seen = Set<String>()
        return templates.compactMap { $0.tables[table] }.filter { seen.insert($0.variant + "|" + $0.fileName).inserted }
    }

    /// The table ids, in the order of the first template.
    public var tableIDs: [String] {
        guard let first = templates.first else { return [] }
        return first.tableOrder
    }

    // MARK: Loading

    /// The templates embedded in the binary from `Specs/`.
    public static func embedded() throws -> TemplateLibrary {
        var files: [String: Data] = [:]
        for (name, base64) in EmbeddedSpecs.base64 {
            files[name] = Data(base64Encoded: base64)
        }
        return try load(files: files, origin: "embedded Specs/")
    }

    /// A template folder laid out like `Specs/` (templates.json, sections.json, tables/*.json).
    public static func load(directory: URL) throws -> TemplateLibrary {
        var files: [String: Data] = [:]
        for name in FileManager.default.subpaths(atPath: directory.path) ?? [] where name.hasSuffix(".json") {
            files[name] = try Data(contentsOf: directory.appendingPathComponent(name))
        }
        return try load(files: files, origin: directory.path)
    }

    /// `--spec FILE`: a folder like `Specs/`, or one JSON file holding `sections` and `templates`
    /// whose `tables` are inline objects or names of files in a `tables/` folder beside it.
    public static func load(path: String) throws -> TemplateLibrary {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw NianbaoError.io(path: path, reason: "no such template file")
        }
        let url = URL(fileURLWithPath: path)
        if isDirectory.boolValue { return try load(directory: url) }
        var files: [String: Data] = ["templates.json": try Data(contentsOf: url)]
        let tables = url.deletingLastPathComponent().appendingPathComponent("tables")
        for name in FileManager.default.subpaths(atPath: tables.path) ?? [] where name.hasSuffix(".json") {
            files["tables/" + name] = try Data(contentsOf: tables.appendingPathComponent(name))
        }
        let sections = url.deletingLastPathComponent().appendingPathComponent("sections.json")
        if files["sections.json"] == nil, let data = try? Data(contentsOf: sections) { files["sections.json"] = data }
        return try load(files: files, origin: path)
    }

    static func load(files: [String: Data], origin: String) throws -> TemplateLibrary {
        func fail(_ reason: String) -> NianbaoError { .unsupportedFormat(path: origin, reason: reason) }
        guard let index = files["templates.json"] else { throw fail("no templates.json") }
        let decoder = JSONDecoder()
        let raw: RawLibrary
        do { raw = try decoder.decode(RawLibrary.self, from: index) } catch { throw fail("templates.json: \(error)") }
        var sections = raw.sections ?? []
        if sections.isEmpty, let data = files["sections.json"] {
            do { sections = try decoder.decode(RawLibrary.self, from: data).sections ?? [] } catch { throw fail("sections.json: \(error)") }
        }
        var templates: [TemplateSpec] = []
        for t in raw.templates ?? [] {
            var tables: [String: TableSpec] = [:]
            var order: [String] = []
            for (key, reference) in t.tables {
                var spec: TableSpec
                switch reference {
                case .name(let name):
                    guard let data = files["tables/\(name).json"] else { throw fail("template \(t.id): no tables/\(name).json") }
                    do { spec = try decoder.decode(TableSpec.self, from: data) } catch { throw fail("tables/\(name).json: \(error)") }
                    spec.fileName = name
                case .inline(let inline):
                    spec = inline
                    spec.fileName = "\(t.id).\(key)"
                }
                try spec.validate(origin: origin)
                spec.prepare()
                tables[key] = spec
                order.append(key)
            }
            let preferred = ["active", "applications", "review_litigation"]
            order.sort { (preferred.firstIndex(of: $0) ?? 99, $0) < (preferred.firstIndex(of: $1) ?? 99, $1) }
            let years = (t.years?.count == 2) ? t.years![0]...t.years![1] : nil
            templates.append(TemplateSpec(id: t.id, source: t.source, years: years, tables: tables, tableOrder: order))
        }
        guard !templates.isEmpty else { throw fail("no templates") }
        return TemplateLibrary(sections: sections, templates: templates)
    }

    private struct RawLibrary: Decodable {
        var sections: [SectionSpec]?
        var templates: [RawTemplate]?
    }

    private struct RawTemplate: Decodable {
        var id: String
        var source: String?
        var years: [Int]?
        var tables: [String: TableReference]
    }

    private enum TableReference: Decodable {
        case name(String)
        case inline(TableSpec)
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let name = try? c.decode(String.self) { self = .name(name) } else { self = .inline(try c.decode(TableSpec.self)) }
        }
    }
}

/// One section of the report, found by its title (never by its number).
public struct SectionSpec: Codable, Sendable {
    public var id: String
    public var title: String
    public var aliases: [String]?
}

/// One template (a year's official format): which variant of each table it uses.
public struct TemplateSpec: Sendable {
    public var id: String
    public var source: String?
    /// The report years the format was in force for; breaks ties between variants that fit equally.
    public var years: ClosedRange<Int>?
    public var tables: [String: TableSpec]
    public var tableOrder: [String]
}

/// One variant of one standard table.
public struct TableSpec: Codable, Sendable {
    /// How the printed table is laid out, which decides how it is matched and written.
    public enum Layout: String, Codable, Sendable {
        /// Row labels (with row groups) down the left, a tree of column headers on top (table 三).
        case matrix
        /// Blocks, each a title row, a header row and rows with the block's own columns (table 二).
        case blocks
        /// One row of values; the canonical rows are column groups side by side (table 四).
        case wide
    }

    public struct Label: Codable, Sendable {
        public var id: String
        public var label: String
        public var aliases: [String]?
        /// For rows: the row group the row belongs to (matrix layout).
        public var group: String?
        /// For rows of a wide table: the header above the row's group (行政诉讼).
        public var parentLabel: String?
        /// For columns: "count" (default: the table's), "decimal" or "signed".
        public var valueType: String?

        enum CodingKeys: String, CodingKey {
            case id, label, aliases, group
            case parentLabel = "parent_label"
            case valueType = "value_type"
        }

        /// The printed label and its aliases.
        public var allLabels: [String] { [label] + (aliases ?? []) }
    }

    public struct RowGroup: Codable, Sendable {
        public var id: String
        public var label: String
        public var parent: String?
        public var aliases: [String]?
    }

    public struct ColumnGroup: Codable, Sendable {
        public var label: String
        public var columns: [String]
    }

    public struct Block: Codable, Sendable {
        public var label: String
        public var columns: [String]
        public var rows: [String]
    }

    /// A rule of the form sum(left) = sum(right), for every column (`each: column`, terms are rows)
    /// or for every row (`each: row`, terms are columns).
    public struct Rule: Codable, Sendable {
        public enum Each: String, Codable, Sendable { case row, column }
        public var id: String
        public var each: Each
        public var left: [String]
        public var right: [String]
        public var text: String?
    }

    public var table: String
    public var variant: String
    public var layout: Layout
    public var valueType: String?
    public var title: String?
    public var corner: String?
    public var columns: [Label]
    public var rows: [Label]
    public var columnGroups: [ColumnGroup]?
    public var rowGroups: [RowGroup]?
    public var blocks: [Block]?
    public var rules: [Rule]
    /// The file the spec came from (for telling variants apart).
    public var fileName: String = ""
    /// The column ids of each row and every cell, worked out once when the spec is loaded (`prepare`).
    private var preparedColumns: [String: [String]]?
    private var preparedCells: [(row: String, column: String)]?

    /// Works out the ids every extraction asks for, once.
    mutating func prepare() {
        preparedColumns = nil
        preparedCells = nil
        preparedColumns = Dictionary(rows.map { ($0.id, columnIDs(forRow: $0.id)) }, uniquingKeysWith: { a, _ in a })
        preparedCells = cellIDs
    }

    enum CodingKeys: String, CodingKey {
        case table, variant, layout, title, corner, columns, rows, blocks, rules
        case valueType = "value_type"
        case columnGroups = "column_groups"
        case rowGroups = "row_groups"
    }

    /// The column ids that exist for a row (blocks give each row its own columns).
    public func columnIDs(forRow row: String) -> [String] {
        if let known = preparedColumns?[row] { return known }
        if let blocks, let block = blocks.first(where: { $0.rows.contains(row) }) { return block.columns }
        return columns.map(\.id)
    }

    public func column(_ id: String) -> Label? { columns.first { $0.id == id } }
    public func row(_ id: String) -> Label? { rows.first { $0.id == id } }
    public func rowGroup(_ id: String) -> RowGroup? { rowGroups?.first { $0.id == id } }

    /// The value type of a column: "count", "decimal" or "signed".
    public func valueType(ofColumn id: String) -> String {
        column(id)?.valueType ?? valueType ?? "count"
    }

    /// Every (row, column) cell of the table, in printed order.
    public var cellIDs: [(row: String, column: String)] {
        if let preparedCells { return preparedCells }
        return rows.flatMap { row in columnIDs(forRow: row.id).map { (row.id, $0) } }
    }

    func validate(origin: String) throws {
        func fail(_ reason: String) -> NianbaoError {
            .unsupportedFormat(path: origin, reason: "table \(table) \(variant): \(reason)")
        }
        let rowIDs = Set(rows.map(\.id))
        let columnIDs = Set(columns.map(\.id))
        if rowIDs.count != rows.count { throw fail("duplicate row ids") }
        if columnIDs.count != columns.count { throw fail("duplicate column ids") }
        for rule in rules {
            let known = rule.each == .column ? rowIDs : columnIDs
            for term in rule.left + rule.right where !known.contains(term) { throw fail("rule \(rule.id) names unknown \(term)") }
        }
        for block in blocks ?? [] {
            for r in block.rows where !rowIDs.contains(r) { throw fail("block \(block.label) names unknown row \(r)") }
            for c in block.columns where !columnIDs.contains(c) { throw fail("block \(block.label) names unknown column \(c)") }
        }
        for row in rows { if let g = row.group, rowGroup(g) == nil { throw fail("row \(row.id) names unknown group \(g)") } }
    }
}
