import CLibXML2
import Foundation

/// A parsed XML or HTML tree owned by libxml2 and freed with this object.
///
/// The only place that touches libxml2: readers walk `MarkupNode` values and never see C pointers.
/// XML is parsed with no network, no DTD loading and no entity substitution; a part that declares a
/// DTD at all is refused before parsing (no Office part has one).
final class MarkupDocument {
    fileprivate let doc: xmlDocPtr

    fileprivate static let setUp: Void = { xmlInitParser() }()

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

    /// Refuses what no Office part holds and libxml2 must never see: a DTD, entity declarations, 2 GiB.
    fileprivate static func checkXMLPart(_ data: Data, path: String, part: String) throws {
        _ = setUp
        if contains(data, "<!DOCTYPE") || contains(data, "<!ENTITY") {
            throw NianbaoError.malformedXML(path: path, part: part, line: 0, reason: "a DTD or entity declaration is not allowed")
        }
        guard data.count < Int(Int32.max) else {
            throw NianbaoError.limitExceeded(path: path, limit: "\(part) is larger than 2 GiB")
        }
    }

    /// Parses an XML part of a package.
    static func parseXML(_ data: Data, path: String, part: String) throws -> MarkupDocument {
        try checkXMLPart(data, path: path, part: part)
        guard let ctxt = xmlNewParserCtxt() else {
            throw NianbaoError.io(path: path, reason: "libxml2 could not allocate a parser")
        }
        defer { xmlFreeParserCtxt(ctxt) }
        let options = Int32(
            XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
        let doc = data.withUnsafeBytes { raw in
            xmlCtxtReadMemory(ctxt, raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count), part, nil, options)
        }
        guard let doc, ctxt.pointee.wellFormed != 0 else {
            if let doc { xmlFreeDoc(doc) }
            throw malformed(ctxt, path: path, part: part)
        }
        return MarkupDocument(doc: doc)
    }

    /// Whether the bytes hold `needle`, which starts with `<!` (memchr to each `!`, rare in XML,
    /// then memcmp: Foundation's search is slow on Linux).
    fileprivate static func contains(_ data: Data, _ needle: String) -> Bool {
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
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
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
        return localName(own, is: name)
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

/// Compares a libxml2 name with a literal, without building a String.
private func localName(_ bytes: UnsafePointer<xmlChar>, is name: StaticString) -> Bool {
    strcmp(
        UnsafeRawPointer(bytes).assumingMemoryBound(to: CChar.self),
        UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
}

/// The error for a part that libxml2 found not well-formed, from the parser's last error.
private func malformed(_ ctxt: xmlParserCtxtPtr, path: String, part: String) -> NianbaoError {
    let error = ctxt.pointee.lastError
    let message = error.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "not well-formed"
    return NianbaoError.malformedXML(path: path, part: part, line: Int(error.line), reason: message)
}

// MARK: - Streaming

/// The local name of an element during a streamed parse (valid only during the call).
struct XMLName {
    fileprivate let bytes: UnsafePointer<UInt8>

    /// True when the local name is `name` (compared without building a String).
    func `is`(_ name: StaticString) -> Bool { localName(bytes, is: name) }
}

/// The attributes of an element during a streamed parse (valid only during the call).
struct XMLAttributes {
    /// libxml2's layout: five pointers per attribute (local name, prefix, URI, value, value end).
    fileprivate let base: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
    fileprivate let count: Int

    /// The value of the attribute whose local name is `name`, in any namespace.
    subscript(_ name: StaticString) -> String? {
        guard let base else { return nil }
        for i in 0..<count {
            guard let local = base[5 * i], XMLName(bytes: local).is(name),
                let start = base[5 * i + 3], let end = base[5 * i + 4]
            else { continue }
            return String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
        }
        return nil
    }
}

/// Receives the events of a streamed parse, in document order.
protocol XMLEventHandler: AnyObject {
    func startElement(_ name: XMLName, attributes: XMLAttributes)
    func endElement()
    /// Text (character data, CDATA, resolved character and predefined entity references).
    func characters(_ text: UnsafeBufferPointer<UInt8>)
}

/// Streams an XML part through libxml2's SAX2 parser, building no tree: a Word body is read in one
/// pass, at about half the cost of parsing it into a tree and walking that.
///
/// The part is checked as `MarkupDocument.parseXML` checks it (no DTD, no entity declarations, at
/// most 2 GiB), elements nested deeper than `maxDepth` (at most 256, libxml2's own limit for a
/// tree) stop the parse with an error, and a part that
/// is not well-formed throws after its events: a handler must not publish what it built until
/// `parse` returns.
enum XMLEventParser {
    /// The depth that libxml2 refuses when it builds a tree (a streamed parse must count for itself).
    static let libxml2MaximumDepth = 256

    private final class Context {
        let handler: XMLEventHandler
        let maxDepth: Int
        var depth = 0
        var tooDeep = false
        var line = 0
        var parser: xmlParserCtxtPtr?

        init(handler: XMLEventHandler, maxDepth: Int) {
            self.handler = handler
            self.maxDepth = maxDepth
        }
    }

    static func parse(_ data: Data, path: String, part: String, maxDepth: Int, handler: XMLEventHandler) throws {
        try MarkupDocument.checkXMLPart(data, path: path, part: part)
        let maxDepth = min(maxDepth, libxml2MaximumDepth)
        let context = Context(handler: handler, maxDepth: maxDepth)
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { ctx, localname, _, _, _, _, attributeCount, _, attributes in
            let context = Unmanaged<Context>.fromOpaque(ctx!).takeUnretainedValue()
            guard !context.tooDeep, let localname else { return }
            context.depth += 1
            if context.depth > context.maxDepth {
                context.tooDeep = true
                context.line = Int(xmlSAX2GetLineNumber(context.parser))
                xmlStopParser(context.parser)
                return
            }
            context.handler.startElement(XMLName(bytes: localname), attributes: XMLAttributes(base: attributes, count: Int(attributeCount)))
        }
        sax.endElementNs = { ctx, _, _, _ in
            let context = Unmanaged<Context>.fromOpaque(ctx!).takeUnretainedValue()
            guard !context.tooDeep else { return }
            context.depth -= 1
            context.handler.endElement()
        }
        let characters: charactersSAXFunc = { ctx, text, length in
            let context = Unmanaged<Context>.fromOpaque(ctx!).takeUnretainedValue()
            guard !context.tooDeep, let text, length > 0 else { return }
            context.handler.characters(UnsafeBufferPointer(start: text, count: Int(length)))
        }
        sax.characters = characters
        sax.cdataBlock = characters
        sax.ignorableWhitespace = characters
        // Errors are read from the parser afterwards; a structured handler keeps libxml2 from printing them.
        sax.serror = { _, _ in }
        let userData = Unmanaged.passUnretained(context).toOpaque()
        guard let ctxt = xmlCreatePushParserCtxt(&sax, userData, nil, 0, part) else {
            throw NianbaoError.io(path: path, reason: "libxml2 could not allocate a parser")
        }
        defer { xmlFreeParserCtxt(ctxt) }
        // NOENT: attribute values come with their references resolved, as a tree has them (`&amp;` in
        // a style id); there is no entity to substitute beyond the predefined ones, as a DTD is refused.
        _ = xmlCtxtUseOptions(
            ctxt,
            Int32(
                XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                    | XML_PARSE_NOENT.rawValue))
        context.parser = ctxt
        try data.withUnsafeBytes { raw -> Void in
            _ = withExtendedLifetime(context) { xmlParseChunk(ctxt, raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count), 1) }
            context.parser = nil
            if context.tooDeep, maxDepth < libxml2MaximumDepth {
                throw NianbaoError.limitExceeded(path: path, limit: "\(part) nests elements deeper than \(maxDepth) levels")
            } else if context.tooDeep {
                throw NianbaoError.malformedXML(
                    path: path, part: part, line: context.line,
                    reason: "Excessive depth in document: elements nested deeper than \(libxml2MaximumDepth) levels")
            }
            guard ctxt.pointee.wellFormed != 0 else { throw malformed(ctxt, path: path, part: part) }
        }
    }
}
