import CLibXML2
import Foundation

/// A parsed XML or HTML tree owned by libxml2 and freed with this object.
///
/// The only place that touches libxml2: readers walk `MarkupNode` values and never see C pointers.
/// XML is parsed with no network, no DTD loading and no entity substitution; a part that declares a
/// DTD at all is refused before parsing (no Office part has one).
final class MarkupDocument {
    fileprivate let doc: xmlDocPtr

    private static let setUp: Void = { xmlInitParser() }()

    private init(doc: xmlDocPtr) {
        self.doc = doc
    }

    deinit {
        xmlFreeDoc(doc)
    }

    /// Refuses a tree with elements nested deeper than `limit` (walked without recursion), so that no
    /// reader has to cut a page short silently.
    func checkDepth(_ limit: Int, path: String, part: String) throws {
        guard var node = xmlDocGetRootElement(doc) else { return }
        var depth = 1
        while true {
            if node.pointee.type == XML_ELEMENT_NODE {
                if depth > limit {
                    throw NianbaoError.limitExceeded(path: path, limit: "\(part) nests elements deeper than \(limit) levels")
                }
                if let child = node.pointee.children {
                    node = child
                    depth += 1
                    continue
                }
            }
            while node.pointee.next == nil {
                guard depth > 1, let parent = node.pointee.parent else { return }
                node = parent
                depth -= 1
            }
            node = node.pointee.next!
        }
    }

    /// Walks the tree from its root element (nil for an empty document). The document stays alive
    /// for the walk; nodes must not escape it (they do not keep the document alive).
    func withRoot<T>(_ body: (MarkupNode?) throws -> T) rethrows -> T {
        try withExtendedLifetime(self) {
            try body(xmlDocGetRootElement(doc).map { MarkupNode(node: $0, owner: self) })
        }
    }

    /// Parses an XML part of a package.
    static func parseXML(_ data: Data, path: String, part: String) throws -> MarkupDocument {
        _ = setUp
        if contains(data, "<!DOCTYPE") || contains(data, "<!ENTITY") {
            throw NianbaoError.malformedXML(path: path, part: part, line: 0, reason: "a DTD or entity declaration is not allowed")
        }
        guard data.count < Int(Int32.max) else {
            throw NianbaoError.limitExceeded(path: path, limit: "\(part) is larger than 2 GiB")
        }
        guard let ctxt = xmlNewParserCtxt() else {
            throw NianbaoError.io(path: path, reason: "libxml2 could not allocate a parser")
        }
        defer { xmlFreeParserCtxt(ctxt) }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
        let doc = data.withUnsafeBytes { raw in
            xmlCtxtReadMemory(ctxt, raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count), part, nil, options)
        }
        guard let doc, ctxt.pointee.wellFormed != 0 else {
            let error = ctxt.pointee.lastError
            let message = error.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "not well-formed"
            if let doc { xmlFreeDoc(doc) }
            throw NianbaoError.malformedXML(path: path, part: part, line: Int(error.line), reason: message)
        }
        return MarkupDocument(doc: doc)
    }

    /// Whether the bytes hold `needle`, which starts with `<!` (memchr to each `!`, rare in XML,
    /// then memcmp: Foundation's search is slow on Linux).
    private static func contains(_ data: Data, _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            guard let base = raw.baseAddress, raw.count >= n.count else { return false }
            var offset = 1
            while offset + n.count - 1 <= raw.count {
                guard let hit = memchr(base + offset, Int32(n[1]), raw.count - offset) else { return false }
                let at = base.distance(to: UnsafeRawPointer(hit)) - 1
                if at + n.count <= raw.count, memcmp(base + at, n, n.count) == 0 { return true }
                offset = at + 2
            }
            return false
        }
    }

    /// Parses an HTML page already decoded to UTF-8; encoding hints inside the page are ignored.
    static func parseHTML(utf8 data: Data, path: String) throws -> MarkupDocument {
        _ = setUp
        guard data.count < Int(Int32.max) else {
            throw NianbaoError.limitExceeded(path: path, limit: "page is larger than 2 GiB")
        }
        guard let ctxt = htmlNewParserCtxt() else {
            throw NianbaoError.io(path: path, reason: "libxml2 could not allocate a parser")
        }
        defer { htmlFreeParserCtxt(ctxt) }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue
            | HTML_PARSE_NODEFDTD.rawValue)
        var bytes = data
        if bytes.isEmpty { bytes = Data("<html></html>".utf8) }
        let doc = bytes.withUnsafeBytes { raw in
            htmlCtxtReadMemory(ctxt, raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count), "page.html", "UTF-8", options)
        }
        guard let doc else {
            throw NianbaoError.unsupportedFormat(path: path, reason: "libxml2 could not parse the page as HTML")
        }
        return MarkupDocument(doc: doc)
    }
}

/// A node of a `MarkupDocument`. Nodes live only during a reader's walk of a document the reader
/// holds, so the reference to the document is not counted (counting it on every node visited was a
/// tenth of the reading time).
struct MarkupNode {
    fileprivate let node: xmlNodePtr
    unowned(unsafe) let owner: MarkupDocument

    fileprivate init(node: xmlNodePtr, owner: MarkupDocument) {
        self.node = node
        self.owner = owner
    }

    var isElement: Bool { node.pointee.type == XML_ELEMENT_NODE }
    var isText: Bool { node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE }

    /// The local name of an element (lower-case for HTML).
    var name: String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// True when the element's local name is `name` (compared without building a String).
    func named(_ name: StaticString) -> Bool {
        guard let own = node.pointee.name else { return false }
        return strcmp(UnsafeRawPointer(own).assumingMemoryBound(to: CChar.self),
                      UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }

    /// The namespace URI of an element, if it has one.
    var namespaceURI: String? {
        node.pointee.ns?.pointee.href.map { String(cString: $0) }
    }

    /// The value of the attribute whose local name is `name`, in any namespace.
    func attribute(_ name: String) -> String? {
        var attr = node.pointee.properties
        while let a = attr {
            if let n = a.pointee.name, String(cString: n) == name {
                var value = ""
                var child = a.pointee.children
                while let c = child {
                    if let content = c.pointee.content { value += String(cString: content) }
                    child = c.pointee.next
                }
                return value
            }
            attr = a.pointee.next
        }
        return nil
    }

    /// The text of a text or CDATA node.
    var text: String {
        node.pointee.content.map { String(cString: $0) } ?? ""
    }

    /// The source line of the node, where libxml2 recorded it.
    var line: Int { Int(node.pointee.line) }

    /// The child nodes, in order.
    var children: MarkupChildren { MarkupChildren(first: node.pointee.children, owner: owner) }

    /// The child elements, in order.
    var elements: [MarkupNode] { children.filter(\.isElement) }

    /// The first child element named `name`.
    func child(_ name: StaticString) -> MarkupNode? {
        children.first { $0.isElement && $0.named(name) }
    }
}

/// The children of a `MarkupNode`, walked without copying.
struct MarkupChildren: Sequence {
    fileprivate let first: xmlNodePtr?
    unowned(unsafe) let owner: MarkupDocument

    struct Iterator: IteratorProtocol {
        fileprivate var upcoming: xmlNodePtr?
        unowned(unsafe) let owner: MarkupDocument
        mutating func next() -> MarkupNode? {
            guard let current = upcoming else { return nil }
            upcoming = current.pointee.next
            return MarkupNode(node: current, owner: owner)
        }
    }

    func makeIterator() -> Iterator { Iterator(upcoming: first, owner: owner) }
}
