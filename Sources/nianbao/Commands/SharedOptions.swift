import ArgumentParser
import Foundation
import NianbaoKit

/// Options every reading command shares.
struct InputOptions: ParsableArguments {
    @Option(name: .long, help: "Input format: auto, docx, html or text (default: found from the content).")
    var from: InputFormatArgument = .auto

    @Option(name: .long, help: "Load report templates from this folder (laid out like Specs/) or JSON file instead of the built-in ones.")
    var spec: String?

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
