/// Every failure nianbao reports: each case names the file and the reason, in one line.
public enum NianbaoError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read or written.
    case io(path: String, reason: String)
    /// The file is not a zip archive, or the archive is damaged.
    case notAnArchive(path: String, reason: String)
    /// A part the format requires is absent.
    case missingPart(path: String, part: String)
    /// An XML part could not be parsed.
    case malformedXML(path: String, part: String, line: Int, reason: String)
    /// A safety limit was reached (size, ratio, depth, entry count, …).
    case limitExceeded(path: String, limit: String)
    /// The content is not in a format nianbao reads.
    case unsupportedFormat(path: String, reason: String)
    /// The text could not be decoded.
    case badEncoding(path: String, reason: String)
    /// A command-line usage error.
    case usage(String)

    public var description: String {
        switch self {
        case .io(let path, let reason): return "\(path): \(reason)"
        case .notAnArchive(let path, let reason): return "\(path): not a readable zip archive: \(reason)"
        case .missingPart(let path, let part): return "\(path): missing part \(part)"
        case .malformedXML(let path, let part, let line, let reason):
            return "\(path): malformed XML in \(part)\(line > 0 ? " line \(line)" : ""): \(reason)"
        case .limitExceeded(let path, let limit): return "\(path): limit exceeded: \(limit)"
        case .unsupportedFormat(let path, let reason): return "\(path): unsupported input: \(reason)"
        case .badEncoding(let path, let reason): return "\(path): cannot decode text: \(reason)"
        case .usage(let message): return message
        }
    }
}

/// Safety limits applied while reading untrusted files.
public struct ReadLimits: Sendable, Equatable {
    /// Largest input file read, in bytes.
    public var maxInputBytes: Int = 256 << 20
    /// Largest uncompressed size of one zip entry that is read.
    public var maxEntryBytes: Int = 256 << 20
    /// Largest uncompressed size of all the entries of one document's archive together (declared, and
    /// as inflated): bounds the archives whose many entries are each under the entry limit.
    public var maxTotalBytes: Int = 512 << 20
    /// Largest ratio of uncompressed to compressed size for a zip entry.
    public var maxCompressionRatio: Int = 200
    /// Most entries a zip archive may list.
    public var maxEntries: Int = 10_000
    /// Deepest element nesting accepted in XML and HTML.
    public var maxDepth: Int = 256
    /// Most cells one table may have in its resolved grid.
    public var maxGridSlots: Int = 4_000_000
    /// Longest line of extracted text accepted (no real report has a line anywhere near it).
    public var maxLineBytes: Int = 1 << 20

    public init() {}
    public static let `default` = ReadLimits()
}
