import Foundation

/// The one conversion pipeline: reader → `Document` → canonical report → writers.
///
/// `convert`, `extract`, `check`, `batch` and the fuzz targets all go through it, so the decision
/// "write the repaired report, or the document as found" is made in one place
/// (`ConversionResult.documentOutput`), and each output name means one thing everywhere:
/// `json` is the document model as read, `report` the canonical report.
public struct Converter: Sendable {
    public let library: TemplateLibrary
    public let limits: ReadLimits
    /// Built once (its matchers and rules compiled, its label memo shared) for every document read.
    let extractor: ReportExtractor

    public init(library: TemplateLibrary, limits: ReadLimits = .default) {
        self.library = library
        self.limits = limits
        extractor = ReportExtractor(library: library)
    }

    /// Reads a file, or standard input for `-`; `format` nil means found from the content.
    public func read(path: String, format: InputFormat? = nil) throws -> ConversionResult {
        ConversionResult(try DocumentReader(limits: limits).read(path: path, format: format), source: path, extractor: extractor)
    }

    /// Reads bytes named `path` (the name errors and the report's `source` carry).
    public func read(data: Data, path: String, format: InputFormat? = nil) throws -> ConversionResult {
        ConversionResult(try DocumentReader(limits: limits).read(data: data, path: path, format: format), source: path, extractor: extractor)
    }
}

/// How a document is written (`nianbao convert`'s options).
public struct OutputOptions: Sendable {
    /// The CSV of a report: one line per value, or one line with a column per value.
    public enum CSVShape: String, CaseIterable, Sendable { case long, wide }

    /// Markdown tables with merged cells; nil: the default (HTML tables, flat canonical tables).
    public var tables: WriterOptions.SpannedTables?
    /// Write the document as found even when it is a recognised report.
    public var keepTables = false
    public var csv: CSVShape = .long
    /// Start CSV with a byte-order mark, for Excel.
    public var excelBOM = false

    public init(tables: WriterOptions.SpannedTables? = nil, keepTables: Bool = false, csv: CSVShape = .long, excelBOM: Bool = false) {
        self.tables = tables
        self.keepTables = keepTables
        self.csv = csv
        self.excelBOM = excelBOM
    }
}

/// One document read, with its canonical report extracted on first use.
///
/// Not `Sendable`: the report is cached without a lock, so a result stays with the thread (or the
/// batch worker) that read it; share its `report` or outputs instead.
public final class ConversionResult {
    public let document: Document
    /// What the reader noticed while reading (`Diagnostic`).
    public let diagnostics: [Diagnostic]
    public let source: String
    let extractor: ReportExtractor
    private var extracted: CanonicalReport?

    init(_ read: ReadResult, source: String, extractor: ReportExtractor) {
        self.document = read.document
        self.diagnostics = read.diagnostics
        self.source = source
        self.extractor = extractor
    }

    /// The canonical report (tables of the form, rules applied, findings), extracted once.
    public var report: CanonicalReport {
        if let extracted { return extracted }
        let report = extractor.extract(document, source: source)
        extracted = report
        return report
    }

    /// Whether the document is an annual report nianbao recognises (and so writes repaired).
    public var isRecognisedReport: Bool { ReportRepair.isRecognised(report) }

    /// The document in `format`: a recognised report repaired (its sections in order, its tables
    /// rebuilt in the canonical layout), unless `keepTables`; JSON is always the document model as read.
    public func documentOutput(_ format: OutputFormat, options: OutputOptions = OutputOptions()) throws -> Data {
        if !options.keepTables, format != .json, isRecognisedReport {
            return try repairedOutput(format, options: options)
        }
        switch format {
        case .csv: return try TablesCSVWriter(excelBOM: options.excelBOM).write(document)
        default: return try Writers.writer(for: format, options: WriterOptions(spannedTables: options.tables ?? .html)).write(document)
        }
    }

    /// The canonical report as JSON, or as long CSV (one line per value).
    public func reportOutput(_ format: ReportFormat, excelBOM: Bool = false) -> Data {
        Writers.write(report, as: format, excelBOM: excelBOM)
    }

    /// A recognised report written repaired: Markdown flat unless official tables are asked for
    /// (`tables: .html`); DOCX and HTML in the official layout; CSV its values.
    func repairedOutput(_ format: OutputFormat, options: OutputOptions) throws -> Data {
        let repair = ReportRepair(library: extractor.library)
        switch format {
        case .csv:
            let writer = ReportCSVWriter()
            return options.csv == .long
                ? writer.write([report], excelBOM: options.excelBOM)
                : writer.writeWide([report], library: extractor.library, excelBOM: options.excelBOM)
        case .md:
            let style: ReportRepair.TableStyle = options.tables == .html ? .official : .flat
            return try MarkdownWriter(options: WriterOptions(spannedTables: options.tables ?? .html))
                .write(repair.document(from: document, report: report, style: style))
        case .docx, .html, .json:
            return try Writers.writer(for: format).write(repair.document(from: document, report: report, style: .official))
        }
    }
}

@available(*, unavailable, message: "a ConversionResult caches its report without a lock; share its report instead")
extension ConversionResult: Sendable {}
