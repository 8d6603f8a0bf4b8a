import Foundation

/// Output formats for a document.
public enum OutputFormat: String, CaseIterable, Sendable {
    case md, json, docx, html, csv

    /// The format an output file name implies, if any.
    public static func from(path: String) -> OutputFormat? {
        switch (path as NSString).pathExtension.lowercased() {
        case "md", "markdown": return .md
        case "json": return .json
        case "docx": return .docx
        case "html", "htm": return .html
        case "csv": return .csv
        default: return nil
        }
    }
}

/// The canonical report's own output formats (`nianbao extract`).
public enum ReportFormat: String, CaseIterable, Sendable { case json, csv }

/// Options shared by the writers.
public struct WriterOptions: Sendable {
    /// How the Markdown writer renders tables with merged cells.
    public enum SpannedTables: String, CaseIterable, Sendable {
        /// An HTML `<table>` with rowspan/colspan inside the Markdown.
        case html
        /// A pipe table whose covered slots repeat the merged cell's text (for spreadsheets).
        case fill
    }

    public var spannedTables: SpannedTables = .html

    public init(spannedTables: SpannedTables = .html) {
        self.spannedTables = spannedTables
    }
}

/// Turns a document into the bytes of one output format.
public protocol DocumentWriter {
    func write(_ document: Document) throws -> Data
}

/// The writer for each output format, of a document and of a canonical report.
public enum Writers {
    /// A canonical report as JSON, or as long CSV (one line per value).
    public static func write(_ report: CanonicalReport, as format: ReportFormat, excelBOM: Bool = false) -> Data {
        switch format {
        case .json: return ReportJSONWriter().write(report)
        case .csv: return ReportCSVWriter().write([report], excelBOM: excelBOM)
        }
    }

    public static func writer(for format: OutputFormat, options: WriterOptions = WriterOptions()) -> DocumentWriter {
        switch format {
        case .md: return MarkdownWriter(options: options)
        case .json: return JSONDocumentWriter()
        case .docx: return DOCXWriter()
        case .html: return HTMLWriter()
        case .csv: return TablesCSVWriter()
        }
    }
}
