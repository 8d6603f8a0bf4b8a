import Foundation

/// Writes a standalone HTML page: headings, paragraphs, and tables with rowspan/colspan, each cell
/// once; marked values (inferred, missing, conflicting) get a class, a colour and a title.
public struct HTMLWriter: DocumentWriter {
    public var title: String?

    public init(title: String? = nil) {
        self.title = title
    }

    public func write(_ document: Document) throws -> Data {
        Data(render(document).utf8)
    }

    public func render(_ document: Document) -> String {
        let pageTitle =
            title ?? document.blocks.lazy.compactMap { if case .heading(_, let t) = $0 { return t } else { return nil } }.first ?? "nianbao"
        var out = """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <title>\(MarkdownWriter.escapeHTML(pageTitle))</title>
            <style>
            body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; max-width: 60em; margin: 2em auto; line-height: 1.6; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border: 1px solid #000; padding: 0.2em 0.4em; text-align: center; vertical-align: middle; }
            td.inferred { background: #ddebf7; } td.missing { background: #e7e6e6; } td.conflicting { background: #f8cbad; }
            p.legend { font-size: 0.85em; color: #444; }
            </style>
            </head>
            <body>

            """
        for block in document.blocks {
            switch block {
            case .heading(let level, let text):
                let l = max(1, min(level, 6))
                out += "<h\(l)>\(Self.inline(text))</h\(l)>\n"
            case .paragraph(let text):
                out += "<p>\(Self.inline(text))</p>\n"
            case .table(let table):
                out += Self.table(table)
            }
        }
        return out + "</body>\n</html>\n"
    }

    static func inline(_ text: String) -> String {
        MarkdownWriter.escapeHTML(text).replacingOccurrences(of: "\n", with: "<br>")
    }

    /// The same span-preserving table the Markdown writer embeds (marked values get a class).
    static func table(_ table: Table) -> String {
        MarkdownWriter.htmlTable(table)
    }
}
