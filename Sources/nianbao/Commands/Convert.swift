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

    @Option(
        name: .long,
        help:
            "Markdown tables with merged cells: html (rowspan/colspan kept) or fill (pipe table, merged text repeated). For a report's standard tables: html gives the official layout, otherwise flat pipe tables."
    )
    var tables: WriterOptions.SpannedTables?

    @Flag(name: .long, help: "Keep the tables as found, even in a recognised report (no canonical rebuild).")
    var keepTables = false

    @Option(name: .long, help: "CSV of a report: long (one line per value) or wide (one line, one column per value).")
    var csv: OutputOptions.CSVShape = .long

    @Flag(name: .long, help: "Start CSV output with a byte-order mark, so that Excel reads the Chinese text.")
    var excel = false

    @OptionGroup var options: InputOptions

    func run() throws {
        let format = to ?? OutputFormat.from(path: output) ?? .md
        do {
            let converter = Converter(library: try options.library(), limits: options.limits)
            let result = try converter.read(path: input, format: options.from.format)
            let choice = OutputOptions(tables: tables, keepTables: keepTables, csv: csv, excelBOM: excel)
            try AtomicFile.write(try result.documentOutput(format, options: choice), to: output)
        } catch let error as NianbaoError {
            throw fail(error)
        }
    }
}

extension OutputFormat: ExpressibleByArgument {}
extension OutputOptions.CSVShape: ExpressibleByArgument {}
extension WriterOptions.SpannedTables: ExpressibleByArgument {}
