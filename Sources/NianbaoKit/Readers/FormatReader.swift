import Foundation

/// A reader of one input format (`DOCXReader`, `HTMLReader`, `PlainTextReader`); `DocumentReader`
/// picks one by sniffing the content.
public protocol FormatReader {
    init(limits: ReadLimits)
    /// Reads `data`, named `path` in errors; throws `NianbaoError` for what it cannot read.
    func read(data: Data, path: String) throws -> ReadResult
}
