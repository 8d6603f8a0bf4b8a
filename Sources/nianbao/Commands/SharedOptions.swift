import ArgumentParser
import Foundation
import NianbaoKit

/// Options every reading command shares.
struct InputOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "Input format: auto, docx, html or text (default: found from the content). Text covers PDF and OCR extractions, tab-separated and one-cell-per-line text, and Markdown, its tables as pipe tables or as HTML."
    )
    var from: InputFormatArgument = .auto

    @Option(name: .long, help: "Load report templates from this folder (laid out like Specs/) or JSON file instead of the built-in ones.")
    var spec: String?

    @Option(name: .long, help: "Largest input file read, in MiB.")
    var maxInputMb: Int = ReadLimits.default.maxInputBytes >> 20

    @Option(name: .long, help: "Largest uncompressed zip entry read, in MiB.")
    var maxEntryMb: Int = ReadLimits.default.maxEntryBytes >> 20

    @Option(name: .long, help: "Largest uncompressed size of all the entries of a document's zip archive together, in MiB.")
    var maxTotalMb: Int = ReadLimits.default.maxTotalBytes >> 20

    @Option(name: .long, help: "Largest compression ratio of a zip entry (zip bombs).")
    var maxRatio: Int = ReadLimits.default.maxCompressionRatio

    @Option(name: .long, help: "Most entries a zip archive may have.")
    var maxEntries: Int = ReadLimits.default.maxEntries

    @Option(name: .long, help: "Longest line of text read, in KiB.")
    var maxLineKb: Int = ReadLimits.default.maxLineBytes >> 10

    /// The safety limits, defaults changed by the options above.
    var limits: ReadLimits {
        var l = ReadLimits()
        l.maxInputBytes = max(1, maxInputMb) << 20
        l.maxEntryBytes = max(1, maxEntryMb) << 20
        l.maxTotalBytes = max(1, maxTotalMb) << 20
        l.maxCompressionRatio = max(1, maxRatio)
        l.maxEntries = max(1, maxEntries)
        l.maxLineBytes = max(1, maxLineKb) << 10
        return l
    }

    func library() throws -> TemplateLibrary {
        if let spec { return try TemplateLibrary.load(path: spec) }
        return try TemplateLibrary.embedded()
    }
}

enum InputFormatArgument: String, ExpressibleByArgument, CaseIterable {
    case auto, docx, html, text
    var format: InputFormat? { InputFormat(rawValue: rawValue) }
}

/// Prints a nianbao error as one line and exits 2.
func fail(_ error: NianbaoError) -> ExitCode {
    FileHandle.standardError.write(Data("nianbao: \(error.description)\n".utf8))
    return ExitCode(2)
}
