import Foundation

/// The whole pipeline on arbitrary bytes, as the fuzz targets (`Tests/Fuzz`) and the regression
/// tests of their crashers run it: read, extract the canonical report, repair, and write every output
/// format. A bad input may only end in a `NianbaoError`; anything else (a crash, a trap, a hang) is a bug.
package enum FuzzHarness {
    /// Limits small enough that one fuzz input stays fast, large enough for every real report.
    package static let limits: ReadLimits = {
        var limits = ReadLimits()
        limits.maxInputBytes = 4 << 20
        limits.maxEntryBytes = 8 << 20
        limits.maxGridSlots = 100_000
        return limits
    }()

    private static let library = try? TemplateLibrary.embedded()

    /// Runs the pipeline; returns the error that refused the input, or nil when it converted.
    @discardableResult
    package static func run(_ data: Data, format: InputFormat?, limits: ReadLimits = FuzzHarness.limits) -> NianbaoError? {
        do {
            guard let library else { return nil }
            let result = try Converter(library: library, limits: limits).read(data: data, path: "fuzz-input", format: format)
            for output in OutputFormat.allCases {
                _ = try result.documentOutput(output, options: OutputOptions(keepTables: true))
            }
            for output in ReportFormat.allCases { _ = result.reportOutput(output) }
            _ = try result.repairedOutput(.md, options: OutputOptions(tables: .html))
            _ = try result.repairedOutput(.docx, options: OutputOptions())
            return nil
        } catch let error as NianbaoError {
            return error
        } catch {
            return .io(path: "fuzz-input", reason: "\(error)")
        }
    }
}
