import Foundation

/// Reads an HTML page into a `Document`, with libxml2's forgiving HTML parser.
///
/// The encoding comes from a byte-order mark, else a `<meta charset>` or http-equiv declaration,
/// else the bytes themselves (valid UTF-8, or GB18030, which covers GBK and GB2312). Headings are
/// `h1`–`h6`; block elements end paragraphs and `<br>` breaks lines; scripts and styles are dropped;
/// tables follow the HTML table model (see `SpanResolver`).
public struct HTMLReader: FormatReader {
    public var limits: ReadLimits

    public init(limits: ReadLimits = .default) {
        self.limits = limits
    }

    public func read(data: Data, path: String) throws -> ReadResult {
        let decoded = Self.decode(data)
        let page = try MarkupDocument.parseHTML(utf8: Data(decoded.text.utf8), path: path)
        try page.checkDepth(limits.maxDepth, path: path, part: "page")
        var walker = HTMLWalker(limits: limits)
        page.withRoot { root in if let root { walker.walk(root, depth: 0) } }
        walker.flush()
        let encoding = decoded.encoding == "UTF-8" ? [] : [Diagnostic(.info, "encoding", "decoded as \(decoded.encoding)")]
        return ReadResult(document: Document(blocks: walker.blocks), diagnostics: encoding + walker.repairs.diagnostics)
    }

    /// Decodes a page: BOM, then a declared charset, then UTF-8 if valid, else GB18030.
    static func decode(_ data: Data) -> (text: String, encoding: String) {
        TextDecoding.decode(data, declared: declaredCharset(data))
    }

    /// The charset a `<meta>` element declares within the first 4 KiB, if any.
    static func declaredCharset(_ data: Data) -> String? {
        let head = String(decoding: data.prefix(4096).map { $0 < 0x80 ? $0 : 0x20 }, as: UTF8.self).lowercased()
        var searchStart = head.startIndex
        while let meta = head.range(of: "<meta", range: searchStart..<head.endIndex) {
            let end = head[meta.upperBound...].firstIndex(of: ">") ?? head.endIndex
            let tag = head[meta.upperBound..<end]
            if let charset = tag.range(of: "charset") {
                var rest = tag[charset.upperBound...].drop { $0 == " " }
                if rest.first == "=" {
                    rest = rest.dropFirst().drop { $0 == " " || $0 == "\"" || $0 == "'" }
                    let label = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ":" || $0 == "." }
                    if !label.isEmpty { return String(label) }
                }
            }
            searchStart = end
        }
        return nil
    }
}

/// Walks an HTML tree, gathering blocks; inline text accumulates into lines until a block ends.
struct HTMLWalker {
    let limits: ReadLimits
    private(set) var blocks: [Block] = []
    /// What tiling repaired in the tables walked, nested ones included.
    private(set) var repairs = SpanResolver.Repairs()
    private var lines: [String] = [""]

    init(limits: ReadLimits) {
        self.limits = limits
    }

    private static let skipped: Set<String> = [
        "script", "style", "head", "title", "noscript", "template", "iframe",
        "object", "embed", "svg", "math", "select", "button", "textarea", "colgroup", "col",
    ]
    private static let blockElements: Set<String> = [
        "p", "div", "section", "article", "header", "footer", "main", "nav", "aside", "li", "ul", "ol", "dl", "dt", "dd",
        "blockquote", "pre", "form", "fieldset", "address", "figure", "figcaption", "center", "hr", "body", "html",
        "caption", "tr", "td", "th", "tbody", "thead", "tfoot", "legend", "details", "summary", "menu",
    ]

    mutating func walk(_ node: MarkupNode, depth: Int) {
        if node.isText {
            appendText(node.text)
            return
        }
        // The tree's depth was checked after parsing; this guard only bounds the recursion.
        guard node.isElement, depth < 4 * limits.maxDepth else { return }
        let name = node.name
        if Self.skipped.contains(name) { return }
        switch name {
        case "br":
            lines.append("")
        case "h1", "h2", "h3", "h4", "h5", "h6":
            flush()
            var inner = HTMLWalker(limits: limits)
            for child in node.children { inner.walk(child, depth: depth + 1) }
            inner.flush()
            repairs.add(inner.repairs)
            let text = inner.blocks.map(\.text).joined(separator: "\n")
            if !text.isEmpty { blocks.append(.heading(level: Int(String(name.last!))!, text: text)) }
            blocks.append(contentsOf: inner.blocks.filter { if case .table = $0 { return true } else { return false } })
        case "table":
            flush()
            blocks.append(.table(table(node, depth: depth + 1)))
        default:
            let isBlock = Self.blockElements.contains(name)
            if isBlock { flush() }
            for child in node.children { walk(child, depth: depth + 1) }
            if isBlock { flush() }
        }
    }

    /// Adds text with HTML white-space collapsing; no-break spaces become plain spaces.
    private mutating func appendText(_ raw: String) {
        var out = ""
        var lastWasSpace = lines[lines.count - 1].last == " " || lines[lines.count - 1].isEmpty
        for scalar in raw.unicodeScalars {
            switch scalar {
            case " ", "\t", "\n", "\r", "\u{0C}", "\u{A0}":
                if !lastWasSpace {
                    out.append(" ")
                    lastWasSpace = true
                }
            default:
                out.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        lines[lines.count - 1] += out
    }

    /// Ends the current paragraph.
    mutating func flush() {
        let text = lines.map { $0.trimmed }
            .joined(separator: "\n").trimmed
        if !text.isEmpty { blocks.append(.paragraph(text)) }
        lines = [""]
    }

    // MARK: - Tables

    private static let rowWrappers: Set<String> = ["form", "div", "span", "font", "center", "b", "strong", "p"]

    /// Builds a table from its row groups. libxml2's HTML4 parser may nest one row group inside
    /// another where a browser would close the first (`<tbody>…<tfoot>` unclosed): a group element
    /// always ends the current group, wherever it sits.
    mutating func table(_ node: MarkupNode, depth: Int) -> Table {
        var caption: String?
        var groups: [SpanResolver.RowGroup] = []
        var current = SpanResolver.RowGroup(rows: [])
        var strayCells: [SpanResolver.SourceCell] = []
        func endGroup(starting kind: String? = nil) {
            endStrayRow()
            if !current.rows.isEmpty { groups.append(current) }
            current = SpanResolver.RowGroup(rows: [], isHeader: kind == "thead", isFooter: kind == "tfoot")
        }
        func endStrayRow() {
            if !strayCells.isEmpty { current.rows.append(strayCells) }
            strayCells = []
        }
        func visit(_ parent: MarkupNode, wrapperDepth: Int, group: String?) {
            for child in parent.children where child.isElement {
                switch child.name {
                case "caption":
                    if caption == nil { caption = cellContent(child, depth: depth + 1).text }
                case "thead", "tbody", "tfoot":
                    endGroup(starting: child.name)
                    visit(child, wrapperDepth: wrapperDepth, group: child.name)
                    endGroup(starting: group)
                case "tr":
                    endStrayRow()
                    current.rows.append(row(child, depth: depth + 1))
                case "td", "th":
                    strayCells.append(sourceCell(child, depth: depth + 1))
                case "table":
                    continue
                default:
                    if wrapperDepth < 8 && !Self.skipped.contains(child.name) {
                        visit(child, wrapperDepth: wrapperDepth + 1, group: group)
                    }
                }
            }
        }
        visit(node, wrapperDepth: 0, group: nil)
        endGroup()
        return SpanResolver.resolveHTML(groups: groups, caption: caption, limits: limits, repairs: &repairs)
    }

    private mutating func sourceCell(_ td: MarkupNode, depth: Int) -> SpanResolver.SourceCell {
        let content = cellContent(td, depth: depth + 1)
        return SpanResolver.SourceCell(
            rowSpan: SpanResolver.htmlRowSpan(td.attribute("rowspan")),
            columnSpan: SpanResolver.htmlColumnSpan(td.attribute("colspan")),
            text: content.text, isHeader: td.named("th"), tables: content.tables)
    }

    private mutating func row(_ tr: MarkupNode, depth: Int) -> [SpanResolver.SourceCell] {
        var cells: [SpanResolver.SourceCell] = []
        func visit(_ parent: MarkupNode, wrapperDepth: Int) {
            for child in parent.children where child.isElement {
                if child.named("td") || child.named("th") {
                    cells.append(sourceCell(child, depth: depth))
                } else if wrapperDepth < 8, Self.rowWrappers.contains(child.name) {
                    visit(child, wrapperDepth: wrapperDepth + 1)
                }
            }
        }
        visit(tr, wrapperDepth: 0)
        return cells
    }

    /// A cell's text (its paragraphs and lines joined with `\n`) and the tables nested in it.
    private mutating func cellContent(_ node: MarkupNode, depth: Int) -> (text: String, tables: [Table]) {
        var inner = HTMLWalker(limits: limits)
        for child in node.children { inner.walk(child, depth: depth + 1) }
        inner.flush()
        repairs.add(inner.repairs)
        var lines: [String] = []
        var tables: [Table] = []
        for block in inner.blocks {
            if case .table(let t) = block { tables.append(t) } else { lines.append(block.text) }
        }
        return (lines.joined(separator: "\n"), tables)
    }
}
