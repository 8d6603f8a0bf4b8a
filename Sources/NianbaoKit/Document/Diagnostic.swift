/// Something a reader noticed about its input while reading it: how it was decoded, what it left
/// out or repaired (page numbers dropped, overlapping table cells merged). Never an error (those are
/// thrown as `NianbaoError`); `nianbao check` prints them beside the report's findings.
public struct Diagnostic: Equatable, Sendable {
    public enum Severity: String, Sendable {
        /// How the input was read (its encoding, marks it carried).
        case info
        /// What the input had wrong and the reader repaired or dropped.
        case warning
    }

    public var severity: Severity
    /// A stable name for the kind of diagnostic (`encoding`, `page_numbers_dropped`, …).
    public var code: String
    public var message: String

    public init(_ severity: Severity, _ code: String, _ message: String) {
        self.severity = severity
        self.code = code
        self.message = message
    }
}

/// What a reader gives: the document, and what it noticed while reading it.
public struct ReadResult: Sendable {
    public var document: Document
    public var diagnostics: [Diagnostic]

    public init(document: Document, diagnostics: [Diagnostic] = []) {
        self.document = document
        self.diagnostics = diagnostics
    }
}
