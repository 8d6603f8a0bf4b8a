import Foundation

/// Writes GitHub-flavoured Markdown.
///
/// A table without merged cells becomes a pipe table (its first row as the header row). A table with
/// merged cells becomes an HTML `<table>` with rowspan/colspan by default, or, with `.fill`, a pipe table
/// whose covered slots repeat the merged text. Line breaks inside cells are written as `<br>`.
public struct MarkdownWriter: DocumentWriter {
    public var options: WriterOptions

    public init(options: WriterOptions = WriterOptions()) {
        self.options = options
    }

    public func write(_ document: Document) throws -> Data {
        Data(render(document).utf8)
    }

    public func render(_ document: Document) -> String {
        var parts: [String] = []
        for block in document.blocks {
            switch block {
            case .heading(let level, let text):
                parts.append(
                    String(repeating: "#", count: max(1, min(level, 6))) + " " + Self.escapeInline(text).replacingOccurrences(of: "\n", with: " "))
            case .paragraph(let text):
                parts.append(
                    text.split(separator: "\n", omittingEmptySubsequences: false)
                        .map { Self.escapeLineStart(Self.escapeInline(String($0))) }
                        .joined(separator: "\\\n"))
            case .table(let table):
                parts.append(renderTable(table))
            }
        }
        return parts.joined(separator: "\n\n") + (parts.isEmpty ? "" : "\n")
    }

    func renderTable(_ table: Table) -> String {
        let hasNested = table.cells.contains { !$0.tables.isEmpty }
        if table.rowCount == 0 || table.columnCount == 0 { return Self.htmlTable(table) }
        if hasNested || (table.hasSpans && options.spannedTables == .html) { return Self.htmlTable(table) }
        return pipeTable(table)
    }

    /// A GFM pipe table; covered slots repeat their cell's text.
    func pipeTable(_ table: Table) -> String {
        let grid = table.grid.filledText(of: table)
        var lines: [String] = []
        if let caption = table.caption, !caption.isEmpty {
            lines.append(Self.escapeInline(caption))
            lines.append("")
        }
        for (index, row) in grid.enumerated() {
            lines.append("| " + row.map(Self.pipeCell).joined(separator: " | ") + " |")
            if index == 0 { lines.append("|" + Array(repeating: " --- |", count: table.columnCount).joined()) }
        }
        return lines.joined(separator: "\n")
    }

    static func pipeCell(_ text: String) -> String {
        escapeInline(text).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: "<br>")
    }

    /// An HTML table with rowspan/colspan, each cell written once.
    static func htmlTable(_ table: Table, indent: String = "") -> String {
        var out = indent + "<table>\n"
        if let caption = table.caption, !caption.isEmpty { out += indent + "  <caption>\(escapeHTML(caption))</caption>\n" }
        var byRow = [[TableCell]](repeating: [], count: table.rowCount)
        for cell in table.cells where cell.row < table.rowCount { byRow[cell.row].append(cell) }
        for (r, cells) in byRow.enumerated() {
            out += indent + "  <tr>"
            for cell in cells {
                let tag = (cell.isHeader || r < table.headerRowCount) ? "th" : "td"
                var attributes = ""
                if cell.rowSpan > 1 { attributes += " rowspan=\"\(cell.rowSpan)\"" }
                if cell.columnSpan > 1 { attributes += " colspan=\"\(cell.columnSpan)\"" }
                if let mark = cell.mark { attributes += " class=\"\(mark.rawValue)\" title=\"\(mark.rawValue)\"" }
                var content = escapeHTML(cell.text).replacingOccurrences(of: "\n", with: "<br>")
                for nested in cell.tables { content += "\n" + htmlTable(nested, indent: indent + "    ") + indent + "  " }
                out += "<\(tag)\(attributes)>\(content)</\(tag)>"
            }
            out += "</tr>\n"
        }
        return out + indent + "</table>\n"
    }

    static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Escapes the characters that Markdown would read as markup inside a line.
    static func escapeInline(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "\\", "*", "_", "`", "[", "]", "<", ">":
                out.append("\\")
                out.append(ch)
            default: out.append(ch)
            }
        }
        return out.replacingOccurrences(of: "\t", with: " ")
    }

    /// Escapes what would start a heading, list, quote or rule at the beginning of a line.
    static func escapeLineStart(_ line: String) -> String {
        guard let first = line.first else { return line }
        if "#+-=".contains(first) { return "\\" + line }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count < 10 {
            let rest = line.dropFirst(digits.count)
            if let mark = rest.first, mark == "." || mark == ")", rest.dropFirst().first == " " || rest.count == 1 {
                return String(digits) + "\\" + String(rest)
            }
        }
        return line
    }
}
