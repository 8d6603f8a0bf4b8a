import Foundation

/// Reads plain extracted text: each line a paragraph, Markdown `#` headings, runs of
/// tab-separated lines and Markdown pipe tables as tables (no spans: text gives none).
public struct PlainTextReader {
    public var limits: ReadLimits

    public init(limits: ReadLimits = .default) {
        self.limits = limits
    }

    public func read(data: Data, path: String) throws -> Document {
        if data.contains(0) {
            throw NianbaoError.unsupportedFormat(path: path, reason: "binary data (NUL bytes) is not text")
        }
        let text = TextDecoding.decode(data).text
        var blocks: [Block] = []
        var tableRows: [[String]] = []
        var tableIsPipe = false
        func flushTable() {
            guard !tableRows.isEmpty else { return }
            var rows = tableRows
            if tableIsPipe { rows.removeAll(where: Self.isDelimiterRow) }
            let groups = [SpanResolver.RowGroup(rows: rows.map { $0.map { SpanResolver.SourceCell(text: $0) } })]
            blocks.append(.table(SpanResolver.resolveHTML(groups: groups, limits: limits)))
            tableRows = []
        }
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = String(rawLine)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("|") && trimmed.hasSuffix("|") && trimmed.count > 1 {
                if !tableIsPipe { flushTable() }
                tableIsPipe = true
                tableRows.append(Self.pipeCells(trimmed))
                continue
            }
            if line.contains("\t") && !trimmed.isEmpty {
                if tableIsPipe { flushTable() }
                tableIsPipe = false
                tableRows.append(line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) })
                continue
            }
            flushTable()
            guard !trimmed.isEmpty else { continue }
            if let heading = Self.markdownHeading(trimmed) {
                blocks.append(heading)
            } else {
                blocks.append(.paragraph(trimmed))
            }
        }
        flushTable()
        return Document(blocks: blocks)
    }

    /// A pipe table's delimiter row (`|---|:--:|`).
    static func isDelimiterRow(_ cells: [String]) -> Bool {
        cells.contains { $0.contains("-") } && cells.allSatisfy { $0.allSatisfy { "-: ".contains($0) } }
    }

    static func markdownHeading(_ line: String) -> Block? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return .heading(level: hashes, text: line.dropFirst(hashes).trimmingCharacters(in: .whitespaces))
    }

    /// The cells of a Markdown pipe-table line; `<br>` becomes a line break.
    static func pipeCells(_ line: String) -> [String] {
        var body = Substring(line)
        if body.hasPrefix("|") { body = body.dropFirst() }
        if body.hasSuffix("|") { body = body.dropLast() }
        var cells: [String] = []
        var current = ""
        var escaped = false
        for ch in body {
            if escaped { current.append(ch); escaped = false; continue }
            if ch == "\\" { escaped = true; continue }
            if ch == "|" { cells.append(current); current = ""; continue }
            current.append(ch)
        }
        cells.append(current)
        return cells.map {
            $0.replacingOccurrences(of: "<br>", with: "\n").replacingOccurrences(of: "<br/>", with: "\n")
                .replacingOccurrences(of: "<br />", with: "\n").trimmingCharacters(in: .whitespaces)
        }
    }
}
