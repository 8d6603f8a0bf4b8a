import Foundation

/// Writes the document model as JSON (see `Specs/document.schema.json`):
/// `{"blocks":[{"type":"table","rows":R,"cols":C,"cells":[{"row","col","rowspan","colspan","text"}]}, …]}`.
public struct JSONDocumentWriter: DocumentWriter {
    public init() {}

    public func write(_ document: Document) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(document)
        data.append(0x0A)
        return data
    }
}

// MARK: - Codable shape of the model

extension Document: Codable {
    private enum CodingKeys: String, CodingKey { case blocks }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        blocks = try c.decode([Block].self, forKey: .blocks)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(blocks, forKey: .blocks)
    }
}

extension Block: Codable {
    private enum CodingKeys: String, CodingKey { case type, level, text }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .type) {
        case "heading": self = .heading(level: try c.decode(Int.self, forKey: .level), text: try c.decode(String.self, forKey: .text))
        case "paragraph": self = .paragraph(try c.decode(String.self, forKey: .text))
        case "table": self = .table(try Table(from: decoder))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown block type \(other)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .heading(let level, let text):
            try c.encode("heading", forKey: .type)
            try c.encode(level, forKey: .level)
            try c.encode(text, forKey: .text)
        case .paragraph(let text):
            try c.encode("paragraph", forKey: .type)
            try c.encode(text, forKey: .text)
        case .table(let table):
            try c.encode("table", forKey: .type)
            try table.encode(to: encoder)
        }
    }
}

extension Table: Codable {
    private enum CodingKeys: String, CodingKey {
        case rows, cols, cells, caption
        case headerRows = "header_rows"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rowCount = try c.decode(Int.self, forKey: .rows)
        columnCount = try c.decode(Int.self, forKey: .cols)
        cells = try c.decode([TableCell].self, forKey: .cells)
        headerRowCount = try c.decodeIfPresent(Int.self, forKey: .headerRows) ?? 0
        caption = try c.decodeIfPresent(String.self, forKey: .caption)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rowCount, forKey: .rows)
        try c.encode(columnCount, forKey: .cols)
        try c.encode(cells, forKey: .cells)
        if headerRowCount > 0 { try c.encode(headerRowCount, forKey: .headerRows) }
        try c.encodeIfPresent(caption, forKey: .caption)
    }
}

extension TableCell: Codable {
    private enum CodingKeys: String, CodingKey {
        case row, col, rowspan, colspan, text, header, filler, tables, mark
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        row = try c.decode(Int.self, forKey: .row)
        column = try c.decode(Int.self, forKey: .col)
        rowSpan = try c.decodeIfPresent(Int.self, forKey: .rowspan) ?? 1
        columnSpan = try c.decodeIfPresent(Int.self, forKey: .colspan) ?? 1
        text = try c.decodeIfPresent(String.self, forKey: .text) ?? ""
        isHeader = try c.decodeIfPresent(Bool.self, forKey: .header) ?? false
        isFiller = try c.decodeIfPresent(Bool.self, forKey: .filler) ?? false
        tables = try c.decodeIfPresent([Table].self, forKey: .tables) ?? []
        mark = try c.decodeIfPresent(ValueMark.self, forKey: .mark)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(row, forKey: .row)
        try c.encode(column, forKey: .col)
        try c.encode(rowSpan, forKey: .rowspan)
        try c.encode(columnSpan, forKey: .colspan)
        try c.encode(text, forKey: .text)
        if isHeader { try c.encode(true, forKey: .header) }
        if isFiller { try c.encode(true, forKey: .filler) }
        if !tables.isEmpty {
            try c.encode(tables.map { Block.table($0) }, forKey: .tables)
        }
        try c.encodeIfPresent(mark, forKey: .mark)
    }
}
