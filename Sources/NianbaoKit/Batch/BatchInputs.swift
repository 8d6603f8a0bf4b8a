import Foundation

/// One document of a batch: a file, or an entry of a zip archive read in place.
public struct BatchItem: Sendable {
    /// Where it came from, for people: `dir/a.docx` or `archive.zip:folder/a.docx`.
    public var source: String
    /// A safe relative path for outputs written for it (never leaves the output folder).
    public var outputPath: String
    fileprivate var origin: Origin

    fileprivate enum Origin: Sendable {
        case file(String)
        case zipEntry(archive: String, entry: String)
    }
}

/// The documents named by batch inputs (files, folders walked recursively, zip archives with folders
/// inside), produced one at a time rather than listed into memory.
public struct BatchInputs: Sequence {
    public let paths: [String]
    public let limits: ReadLimits

    public init(paths: [String], limits: ReadLimits = .default) {
        self.paths = paths
        self.limits = limits
    }

    public func makeIterator() -> Iterator { Iterator(paths: paths[...], limits: limits) }

    /// Counts the documents without keeping them (for progress).
    public func count() -> Int { reduce(0) { n, _ in n + 1 } }

    public struct Iterator: IteratorProtocol {
        var paths: ArraySlice<String>
        let limits: ReadLimits
        var walker: FileManager.DirectoryEnumerator?
        var walkerRoot = ""
        var zip: (archive: ZipArchive, path: String, names: [String], next: Int)?

        init(paths: ArraySlice<String>, limits: ReadLimits) {
            self.paths = paths
            self.limits = limits
        }

        public mutating func next() -> BatchItem? {
            while true {
                if var z = zip {
                    while z.next < z.names.count {
                        let name = z.names[z.next]
                        z.next += 1
                        zip = z
                        if name.hasSuffix("/") || name.hasPrefix("__MACOSX/") { continue }
                        let zipName = (z.path as NSString).lastPathComponent
                        return BatchItem(
                            source: "\(z.path):\(name)", outputPath: BatchInputs.safeRelative(zipName + "/" + name),
                            origin: .zipEntry(archive: z.path, entry: name))
                    }
                    zip = nil
                }
                if let w = walker {
                    while let url = w.nextObject() as? URL {
                        var isDirectory: ObjCBool = false
                        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                        if url.lastPathComponent.hasPrefix(".") { continue }
                        if let item = item(forFile: url.path, relativeTo: walkerRoot) { return item }
                    }
                    walker = nil
                }
                guard let path = paths.popFirst() else { return nil }
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                    return BatchItem(source: path, outputPath: BatchInputs.safeRelative(path), origin: .file(path))
                }
                if isDirectory.boolValue {
                    walker = FileManager.default.enumerator(at: URL(fileURLWithPath: path), includingPropertiesForKeys: [.isDirectoryKey])
                    walkerRoot = URL(fileURLWithPath: path).standardizedFileURL.path
                    continue
                }
                if let item = item(forFile: path, relativeTo: nil) { return item }
            }
        }

        /// A file, or — when it is a zip archive that is not a Word document — its entries.
        mutating func item(forFile path: String, relativeTo root: String?) -> BatchItem? {
            let relative: String
            if let root, path.hasPrefix(root + "/") {
                relative = (root as NSString).lastPathComponent + "/" + String(path.dropFirst(root.count + 1))
            } else {
                relative = (path as NSString).lastPathComponent
            }
            if path.lowercased().hasSuffix(".zip"), let archive = try? ZipArchive(path: path, limits: limits) {
                let names = archive.entryNames
                if !names.contains("[Content_Types].xml") {
                    zip = (archive, path, names, 0)
                    return next()
                }
            }
            return BatchItem(source: path, outputPath: BatchInputs.safeRelative(relative), origin: .file(path))
        }
    }

    /// The bytes of an item (reads the file, or inflates the zip entry within the limits).
    static func load(_ item: BatchItem, limits: ReadLimits, archives: inout [String: ZipArchive]) throws -> Data {
        switch item.origin {
        case .file(let path):
            return try DocumentReader.load(path, limits: limits)
        case .zipEntry(let archivePath, let entry):
            let archive: ZipArchive
            if let open = archives[archivePath] {
                archive = open
            } else {
                archive = try ZipArchive(path: archivePath, limits: limits)
                archives = [archivePath: archive]  // one archive open at a time
            }
            guard let data = try archive.read(entry) else {
                throw NianbaoError.missingPart(path: item.source, part: entry)
            }
            return data
        }
    }

    /// A relative path with no `..`, no root, no empty or dot components and no control characters.
    public static func safeRelative(_ path: String) -> String {
        let parts = path.split(whereSeparator: { $0 == "/" || $0 == "\\" })
            .map { String($0.unicodeScalars.filter { $0.value >= 0x20 && $0 != ":" }.map(Character.init)) }
            .filter { !$0.isEmpty && $0 != "." && $0 != ".." }
        return parts.isEmpty ? "unnamed" : parts.joined(separator: "/")
    }
}
