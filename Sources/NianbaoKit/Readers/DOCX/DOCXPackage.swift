import Foundation

/// The parts of a WordprocessingML package that the reader needs: the main document part, found
/// through `_rels/.rels` (never assumed), and the styles part it relates to.
struct DOCXPackage {
    let path: String
    let archive: ZipArchive
    /// The zip entry name of the main document part.
    let mainPart: String
    let limits: ReadLimits

    init(data: Data, path: String, limits: ReadLimits) throws {
        self.path = path
        archive = try ZipArchive(data: data, path: path, limits: limits)
        self.limits = limits
        guard let rels = try archive.read("_rels/.rels") else {
            if archive.contains("word/document.xml") {
                mainPart = "word/document.xml"
                return
            }
            throw NianbaoError.unsupportedFormat(path: path, reason: "zip archive is not a Word document (no _rels/.rels)")
        }
        let relationships = try Self.relationships(rels, source: "_rels/.rels", path: path)
        guard let main = relationships.first(where: { $0.type.hasSuffix("/officeDocument") }) else {
            throw NianbaoError.unsupportedFormat(path: path, reason: "zip archive is not a Word document (no officeDocument relationship)")
        }
        mainPart = Self.resolve(main.target, from: "")
        guard archive.contains(mainPart) else {
            throw NianbaoError.missingPart(path: path, part: mainPart)
        }
    }

    /// Parses an XML part; nil when the entry is absent.
    func xml(_ part: String) throws -> MarkupDocument? {
        guard let data = try archive.read(part) else { return nil }
        let document = try MarkupDocument.parseXML(data, path: path, part: part)
        // libxml2 itself refuses XML nested deeper than 256; a lower limit needs a walk of the tree.
        if limits.maxDepth < 256 { try document.checkDepth(limits.maxDepth, path: path, part: part) }
        return document
    }

    /// Streams an XML part to `handler`; false when the entry is absent.
    func stream(_ part: String, to handler: XMLEventHandler) throws -> Bool {
        guard let data = try archive.read(part) else { return false }
        try XMLEventParser.parse(data, path: path, part: part, maxDepth: limits.maxDepth, handler: handler)
        return true
    }

    /// The part related to the main part by a relationship type ending in `typeSuffix`.
    func relatedPart(typeSuffix: String) throws -> String? {
        let directory = (mainPart as NSString).deletingLastPathComponent
        let name = (mainPart as NSString).lastPathComponent
        let relsPart = (directory.isEmpty ? "" : directory + "/") + "_rels/" + name + ".rels"
        guard let data = try archive.read(relsPart) else { return nil }
        let relationships = try Self.relationships(data, source: relsPart, path: path)
        guard let rel = relationships.first(where: { $0.type.hasSuffix(typeSuffix) && $0.external == false }) else { return nil }
        return Self.resolve(rel.target, from: directory)
    }

    struct Relationship {
        var type: String
        var target: String
        var external: Bool
    }

    static func relationships(_ data: Data, source: String, path: String) throws -> [Relationship] {
        let doc = try MarkupDocument.parseXML(data, path: path, part: source)
        return doc.withRoot { root in
            (root?.elements ?? []).compactMap { element in
                guard element.named("Relationship"), let type = element.attribute("Type"),
                    let target = element.attribute("Target")
                else { return nil }
                return Relationship(type: type, target: target, external: element.attribute("TargetMode") == "External")
            }
        }
    }

    /// Resolves a relationship target against the directory of its source part.
    static func resolve(_ target: String, from directory: String) -> String {
        var components: [Substring] = target.hasPrefix("/") ? [] : directory.split(separator: "/")
        for piece in target.split(separator: "/") {
            if piece == "." || piece.isEmpty { continue }
            if piece == ".." {
                if !components.isEmpty { components.removeLast() }
                continue
            }
            components.append(piece)
        }
        return components.joined(separator: "/").removingPercentEncoding ?? components.joined(separator: "/")
    }
}
