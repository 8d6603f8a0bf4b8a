import Foundation

/// The source formats nianbao reads.
public enum InputFormat: String, CaseIterable, Sendable {
    case docx, html, text

    /// Finds the format from the content (zip magic, markup), using the file name only to break ties.
    public static func sniff(_ data: Data, name: String? = nil) -> InputFormat {
        if ZipArchive.looksLikeZip(data) { return .docx }
        let ext = name.map { ($0 as NSString).pathExtension.lowercased() } ?? ""
        var head = data.prefix(8192)
        if let (_, bom) = TextDecoding.byteOrderMark(head) { head = head.dropFirst(bom) }
        let sample = String(decoding: head.map { $0 < 0x80 ? $0 : 0x20 }, as: UTF8.self).lowercased()
        let trimmed = sample.drop { $0.isWhitespace }
        let markers = ["<!doctype html", "<html", "<head", "<body", "<table", "<meta", "<div", "<p>", "<p ", "<h1", "<h2", "<tr"]
        if trimmed.hasPrefix("<"), markers.contains(where: { sample.contains($0) }) { return .html }
        if ["html", "htm", "xhtml", "shtml"].contains(ext), sample.contains("<") { return .html }
        return .text
    }
}

/// Reads any supported input into a `Document`, with the reader its content calls for.
public struct DocumentReader {
    public var limits: ReadLimits

    public init(limits: ReadLimits = .default) {
        self.limits = limits
    }

    /// Reads `data`; `format` nil means found from the content.
    public func read(data: Data, path: String, format: InputFormat? = nil) throws -> ReadResult {
        if data.count > limits.maxInputBytes {
            throw NianbaoError.limitExceeded(path: path, limit: "input is \(data.count) bytes (at most \(limits.maxInputBytes))")
        }
        if data.isEmpty {
            throw NianbaoError.unsupportedFormat(path: path, reason: "the file is empty")
        }
        let reader: any FormatReader.Type
        switch format ?? InputFormat.sniff(data, name: path) {
        case .docx: reader = DOCXReader.self
        case .html: reader = HTMLReader.self
        case .text: reader = PlainTextReader.self
        }
        return try reader.init(limits: limits).read(data: data, path: path)
    }

    /// Reads a file, or standard input when `path` is `-`.
    public func read(path: String, format: InputFormat? = nil) throws -> ReadResult {
        try read(data: Self.load(path, limits: limits), path: path, format: format)
    }

    /// The bytes of a file, or of standard input for `-`.
    public static func load(_ path: String, limits: ReadLimits = .default) throws -> Data {
        if path == "-" {
            return FileHandle.standardInput.readDataToEndOfFile()
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw NianbaoError.io(path: path, reason: "no such file")
        }
        if isDirectory.boolValue { throw NianbaoError.io(path: path, reason: "is a directory") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
        if let size, size > limits.maxInputBytes {
            throw NianbaoError.limitExceeded(path: path, limit: "input is \(size) bytes (at most \(limits.maxInputBytes))")
        }
        // An empty file is not read (Foundation's reader leaks its buffer on one).
        if size == 0 { return Data() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NianbaoError.io(path: path, reason: "cannot read the file")
        }
        return data
    }
}
