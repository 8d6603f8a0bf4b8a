extension StringProtocol {
    /// The text without leading and trailing white space (spaces, tabs, line breaks, U+3000, NBSP):
    /// a fast stand-in for Foundation's `trimmingCharacters(in:)`, which is slow on Linux. Only the
    /// ends are looked at; the middle is copied as bytes.
    var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(self[first..<scalars.index(after: last)])
    }
}
