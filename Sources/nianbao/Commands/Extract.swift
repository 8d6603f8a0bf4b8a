import ArgumentParser
import Foundation
import NianbaoKit

/// `nianbao extract`: the canonical report of one input, as JSON or CSV.
struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recover the three standard tables of an annual report into the canonical ids, with the status of every value.",
        discussion: """
            Every value is printed, inferred (absent but fixed by the rules), missing (null) or conflicting (printed, but the rules contradict it). A blank cell is never a zero. Findings list what was noticed.

            Examples:
              nianbao extract report.docx                     # JSON to standard output
              nianbao extract scan.txt --to csv -o values.csv
              nianbao extract page.html --spec my-templates/  # other templates
              nianbao extract scan.txt --explain 2> how.tsv    # how each value was read
            """
    )

    @Argument(help: "The report to read, or - for standard input.")
    var input: String

    @Option(name: .shortAndLong, help: "Where to write the result (- for standard output).")
    var output: String = "-"

    @Option(name: .long, help: "Output format: json or csv (default: from -o's extension, else json).")
    var to: ReportFormat?

    @Flag(name: .long, help: "Start the CSV with a byte-order mark, so that Excel reads the Chinese text.")
    var excel = false

    @Flag(name: .long, help: "Also write to standard error how each value was read, inferred or left missing (one tab-separated line per cell).")
    var explain = false

    @OptionGroup var options: InputOptions

    func run() throws {
        let format = to ?? (output.lowercased().hasSuffix(".csv") ? .csv : .json)
        do {
            let converter = Converter(library: try options.library(), limits: options.limits)
            let result = try converter.read(path: input, format: options.from.format)
            try AtomicFile.write(result.reportOutput(format, excelBOM: excel), to: output)
            if explain {
                FileHandle.standardError.write(ReportExplanationWriter().write(result.report))
            }
        } catch let error as NianbaoError {
            throw fail(error)
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}
