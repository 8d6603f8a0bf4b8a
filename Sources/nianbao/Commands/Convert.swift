import ArgumentParser
import Foundation
import NianbaoKit

/// `nianbao convert`: one input document to Markdown or JSON.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert a DOCX, HTML or text file to Markdown or JSON, keeping merged table cells.",
        discussion: """
        The input format is found from the content (zip magic, markup), not only the extension.
        The output format comes from --to, else from the extension of -o, else Markdown.

        Examples:
          nianbao convert report.docx                      # Markdown to standard output
          nianbao convert report.docx -o report.md
          nianbao convert page.html --to json -o page.json
          nianbao convert report.docx --tables fill        # pipe tables, merged text repeated
          cat page.html | nianbao convert - --to json
        """
    )

    @Argument(help: "The file to convert, or - for standard input.")
    var input: String

    @Option(name: .shortAndLong, help: "Where to write the result (- for standard output).")
    var output: String = "-"

    @Option(name: .long, help: "Output format: md or json (default: from -o's extension, else md).")
    var to: OutputFormatArgument?

    @Option(name: .long, help: "Input format: auto, docx, html or text.")
    var from: InputFormatArgument = .auto

    @Option(name: .long, help: "Markdown tables with merged cells: html (rowspan/colspan kept) or fill (pipe table, merged text repeated).")
    var tables: WriterOptions.SpannedTables = .html

    func run() throws {
        let format = to?.format ?? OutputFormat.from(path: output) ?? .md
        do {
            let document = try DocumentReader().read(path: input, format: from.format)
            let data = try Writers.writer(for: format, options: WriterOptions(spannedTables: tables)).write(document)
            try AtomicFile.write(data, to: output)
        } catch let error as NianbaoError {
            throw fail(error)
        }
    }
}

enum OutputFormatArgument: String, ExpressibleByArgument, CaseIterable {
    case md, markdown, json
    var format: OutputFormat { self == .json ? .json : .md }
}

extension WriterOptions.SpannedTables: ExpressibleByArgument {}
