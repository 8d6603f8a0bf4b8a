import ArgumentParser
import Foundation
import NianbaoKit

/// `nianbao convert`: one input document to Markdown or JSON.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert a DOCX, HTML or text file to Markdown, DOCX, HTML, CSV or JSON, keeping merged table cells.",
        discussion: """
        The input format is found from the content (zip magic, markup), not only the extension. The output format comes from --to, else from the extension of -o, else Markdown.

        A recognised annual report is written repaired (Markdown, DOCX, HTML, CSV): its sections in order under their canonical titles, the text cleaned, and its three standard tables rebuilt in the canonical layout, with inferred (*), missing (?) and conflicting (!) values marked and explained in a legend. --keep-tables writes the document as found instead. JSON is always the document model as read (the canonical values come from nianbao extract). Other documents convert as they are.

        Examples:
          nianbao convert report.docx                 # Markdown on standard output
          nianbao convert report.docx -o report.md
          nianbao convert page.html --to json -o page.json
          nianbao convert report.docx --tables fill   # merged text repeated
          nianbao convert scan.txt -o clean.docx      # scrambled report, repaired
          nianbao convert scan.txt -o values.csv --excel
          cat page.html | nianbao convert - --to json
        """
    )

    @Argument(help: "The file to convert, or - for standard input.")
    var input: String

    @Option(name: .shortAndLong, help: "Where to write the result (- for standard output).")
    var output: String = "-"

    @Option(name: .long, help: "Output format: md, docx, html, csv or json (default: from -o's extension, else md).")
    var to: OutputFormat?

    @Option(name: .long, help: "Markdown tables with merged cells: html (rowspan/colspan kept) or fill (pipe table, merged text repeated). For a report's standard tables: html gives the official layout, otherwise flat pipe tables.")
    var tables: WriterOptions.SpannedTables?

    @Flag(name: .long, help: "Keep the tables as found, even in a recognised report (no canonical rebuild).")
    var keepTables = false

    @Option(name: .long, help: "CSV of a report: long (one line per value) or wide (one line, one column per value).")
    var csv: CSVShape = .long

    @Flag(name: .long, help: "Start CSV output with a byte-order mark, so that Excel reads the Chinese text.")
    var excel = false

    @OptionGroup var options: InputOptions

    enum CSVShape: String, ExpressibleByArgument, CaseIterable { case long, wide }

    func run() throws {
        let format = to ?? OutputFormat.from(path: output) ?? .md
        do {
            let document = try DocumentReader(limits: options.limits).read(path: input, format: options.from.format)
            let data: Data
            // JSON is always the document model as read (the contract of `convert --to json`);
            // the canonical values of a report come from `nianbao extract`.
            if !keepTables, format != .json, let repaired = try repairedReport(document) {
                data = try write(repaired.report, repaired: repaired.library, document: document, format: format)
            } else {
                switch format {
                case .csv: data = try TablesCSVWriter(excelBOM: excel).write(document)
                default: data = try Writers.writer(for: format, options: WriterOptions(spannedTables: tables ?? .html)).write(document)
                }
            }
            try AtomicFile.write(data, to: output)
        } catch let error as NianbaoError {
            throw fail(error)
        }
    }

    /// The canonical report, when the document is a report nianbao recognises.
    func repairedReport(_ document: Document) throws -> (report: CanonicalReport, library: TemplateLibrary)? {
        let library = try options.library()
        let report = ReportExtractor(library: library).extract(document, source: input)
        return ReportRepair.isRecognised(report) ? (report, library) : nil
    }

    func write(_ report: CanonicalReport, repaired library: TemplateLibrary, document: Document, format: OutputFormat) throws -> Data {
        let repair = ReportRepair(library: library)
        switch format {
        case .csv:
            let writer = ReportCSVWriter()
            return csv == .long ? writer.write([report], excelBOM: excel) : writer.writeWide([report], library: library, excelBOM: excel)
        case .md:
            let style: ReportRepair.TableStyle = tables == .html ? .official : .flat
            return try MarkdownWriter(options: WriterOptions(spannedTables: tables ?? .html))
                .write(repair.document(from: document, report: report, style: style))
        case .docx, .html, .json:
            return try Writers.writer(for: format).write(repair.document(from: document, report: report, style: .official))
        }
    }
}

extension OutputFormat: ExpressibleByArgument {}


extension WriterOptions.SpannedTables: ExpressibleByArgument {}
