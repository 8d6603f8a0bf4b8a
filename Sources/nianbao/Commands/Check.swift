import ArgumentParser
import Foundation
import NianbaoKit

/// `nianbao check`: the findings of each report, one line each.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check reports against the rules of the form; print one line per finding.",
        discussion: """
            Each line reads FILE: table/row/col: severity: message (a part that does not apply is -). The first lines say what the reader noticed: the encoding it decoded, page numbers it left out, table cells it repaired. Exit status: 0 when no finding is an error, 1 when some finding is an error, 2 when a file cannot be read (the other files are still checked).

            Example:
              nianbao check reports/*.docx
            """
    )

    @Argument(help: "The reports to check.")
    var inputs: [String]

    @Flag(name: .long, help: "Print only errors.")
    var errorsOnly = false

    @OptionGroup var options: InputOptions

    func run() throws {
        let converter: Converter
        do { converter = Converter(library: try options.library(), limits: options.limits) } catch let error as NianbaoError { throw fail(error) }
        var unreadable = false
        var errors = false
        for input in inputs {
            do {
                let result = try converter.read(path: input, format: options.from.format)
                // What the reader noticed (its encoding, what it repaired) comes first; never an error.
                for diagnostic in result.diagnostics where !errorsOnly {
                    print("\(input): -/-/-: \(diagnostic.severity.rawValue): \(diagnostic.message)")
                }
                let report = result.report
                for finding in report.findings where !errorsOnly || finding.severity == .error {
                    let place = [finding.table, finding.row, finding.column].map { $0 ?? "-" }.joined(separator: "/")
                    print("\(input): \(place): \(finding.severity.rawValue): \(finding.message)")
                }
                if report.worstSeverity == .error { errors = true }
            } catch let error as NianbaoError {
                FileHandle.standardError.write(Data("nianbao: \(error.description)\n".utf8))
                unreadable = true
            }
        }
        if unreadable { throw ExitCode(2) }
        if errors { throw ExitCode(1) }
    }
}
