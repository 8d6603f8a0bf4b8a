import Foundation

/// Reads a Word document (DOCX, transitional or strict OOXML) into a `Document`.
///
/// Paragraphs become headings when their style (by name "heading N", or an outline level, through
/// `w:basedOn`) or their own `w:outlineLvl` says so. Tracked insertions are kept and deletions
/// dropped; field instructions are dropped and their results kept; content controls, hyperlinks,
/// smart tags and custom XML are read through. Tables keep their spans (see `SpanResolver`).
public struct DOCXReader {
    public var limits: ReadLimits

    public init(limits: ReadLimits = .default) {
        self.limits = limits
    }

    public func read(data: Data, path: String) throws -> Document {
        let package = try DOCXPackage(data: data, path: path, limits: limits)
        var headingLevels: [String: Int] = [:]
        if let stylesPart = try package.relatedPart(typeSuffix: "/styles"), let styles = try package.xml(stylesPart) {
            headingLevels = Self.headingLevels(styles)
        }
        guard let document = try package.xml(package.mainPart) else {
            throw NianbaoError.missingPart(path: path, part: package.mainPart)
        }
        return try document.withRoot { root in
            guard let root else { throw NianbaoError.missingPart(path: path, part: package.mainPart) }
            guard let body = root.child("body") else {
                throw NianbaoError.unsupportedFormat(path: path, reason: "\(package.mainPart) has no w:body")
            }
            var walker = BodyWalker(headingLevels: headingLevels, maxDepth: 4 * limits.maxDepth)
            var blocks: [Block] = []
            walker.collectBlocks(in: body, into: &blocks, depth: 0)
            return Document(blocks: blocks)
        }
    }

    // MARK: - Styles

    /// Maps paragraph style ids to heading levels (1 = highest).
    static func headingLevels(_ styles: MarkupDocument) -> [String: Int] {
        struct Style { var name: String; var basedOn: String?; var outline: Int? }
        var byId: [String: Style] = [:]
        styles.withRoot { root in
            for style in root?.elements ?? [] where style.named("style") {
                guard style.attribute("type") == nil || style.attribute("type") == "paragraph",
                      let id = style.attribute("styleId") else { continue }
                let name = style.child("name")?.attribute("val") ?? ""
                let outline = style.child("pPr")?.child("outlineLvl")?.attribute("val").flatMap(Int.init)
                byId[id] = Style(name: name, basedOn: style.child("basedOn")?.attribute("val"), outline: outline)
            }
        }
        func level(_ id: String, depth: Int) -> Int? {
            guard depth < 16, let style = byId[id] else { return nil }
            let name = style.name.lowercased().trimmed
            if name == "title" { return 1 }
            if name.hasPrefix("heading") {
                let digits = name.dropFirst("heading".count).trimmed
                if let n = Int(digits), (1...9).contains(n) { return n }
            }
            if let outline = style.outline { return (0..<9).contains(outline) ? outline + 1 : nil }
            return style.basedOn.flatMap { level($0, depth: depth + 1) }
        }
        var out: [String: Int] = [:]
        for id in byId.keys { if let l = level(id, depth: 0) { out[id] = l } }
        return out
    }

    // MARK: - Body

    private struct BodyWalker {
        let headingLevels: [String: Int]
        /// Bounds the recursion only: the part's depth was checked after parsing.
        let maxDepth: Int

        /// Appends the blocks found in a block container (body, cell, content control, …).
        mutating func collectBlocks(in container: MarkupNode, into blocks: inout [Block], depth: Int) {
            guard depth < maxDepth else { return }
            for node in container.children where node.isElement {
                switch node.name {
                case "p":
                    if let block = paragraph(node, depth: depth) { blocks.append(block) }
                case "tbl":
                    blocks.append(.table(table(node, depth: depth + 1)))
                case "sdt":
                    if let content = node.child("sdtContent") { collectBlocks(in: content, into: &blocks, depth: depth + 1) }
                case "customXml", "ins", "moveTo", "smartTag":
                    collectBlocks(in: node, into: &blocks, depth: depth + 1)
                case "AlternateContent":
                    if let choice = node.child("Choice") { collectBlocks(in: choice, into: &blocks, depth: depth + 1) }
                default:
                    continue
                }
            }
        }

        func paragraph(_ p: MarkupNode, depth: Int) -> Block? {
            var text = ""
            var level: Int?
            for node in p.children where node.isElement {
                if node.named("pPr") {
                    if let style = node.child("pStyle")?.attribute("val") { level = headingLevels[style] }
                    if let outline = node.child("outlineLvl")?.attribute("val").flatMap(Int.init) {
                        level = (0..<9).contains(outline) ? outline + 1 : nil
                    }
                } else {
                    appendInline(node, to: &text, depth: depth + 1)
                }
            }
            let trimmed = text.trimmed
            guard !trimmed.isEmpty else { return nil }
            if let level { return .heading(level: level, text: trimmed) }
            return .paragraph(trimmed)
        }

        /// Appends the text of a run-level element.
        func appendInline(_ node: MarkupNode, to text: inout String, depth: Int) {
            guard depth < maxDepth, node.isElement else { return }
            switch node.name {
            case "r":
                for child in node.children where child.isElement {
                    switch child.name {
                    case "t": text += child.children.map(\.text).joined()
                    case "tab", "ptab": text += "\t"
                    case "br", "cr": text += "\n"
                    case "noBreakHyphen": text += "-"
                    case "AlternateContent": appendInline(child, to: &text, depth: depth + 1)
                    default: continue   // rPr, delText, instrText, fldChar, drawings, …
                    }
                }
            case "t":
                text += node.children.map(\.text).joined()
            case "del", "moveFrom", "pPr", "rPr", "sdtPr", "sdtEndPr", "instrText", "delText",
                 "proofErr", "bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd", "Fallback":
                return
            case "AlternateContent":
                if let choice = node.child("Choice") { appendInline(choice, to: &text, depth: depth + 1) }
            default:
                // hyperlink, ins, moveTo, smartTag, customXml, sdt, sdtContent, fldSimple, dir, bdo, …
                for child in node.children where child.isElement { appendInline(child, to: &text, depth: depth + 1) }
            }
        }

        // MARK: Tables

        func table(_ tbl: MarkupNode, depth: Int) -> Table {
            let gridColumns = tbl.child("tblGrid")?.elements.filter { $0.named("gridCol") }.count ?? 0
            var rows: [SpanResolver.GridRow] = []
            for tr in Self.descendants(of: tbl, named: "tr", through: ["sdt", "sdtContent", "customXml", "ins", "moveTo"]) {
                var row = SpanResolver.GridRow(cells: [])
                if let trPr = tr.child("trPr") {
                    if trPr.child("del") != nil { continue }   // a tracked row deletion
                    row.gridBefore = trPr.child("gridBefore")?.attribute("val").flatMap(Int.init) ?? 0
                    row.gridAfter = trPr.child("gridAfter")?.attribute("val").flatMap(Int.init) ?? 0
                    row.isHeader = trPr.child("tblHeader").map { Self.isOn($0) } ?? false
                }
                for tc in Self.descendants(of: tr, named: "tc", through: ["sdt", "sdtContent", "customXml", "ins", "moveTo"]) {
                    row.cells.append(cell(tc, depth: depth + 1))
                }
                rows.append(row)
            }
            return SpanResolver.resolveGrid(rows: rows, gridColumns: gridColumns)
        }

        func cell(_ tc: MarkupNode, depth: Int) -> SpanResolver.GridCell {
            var cell = SpanResolver.GridCell(text: "")
            if let tcPr = tc.child("tcPr") {
                cell.gridSpan = tcPr.child("gridSpan")?.attribute("val").flatMap(Int.init) ?? 1
                if let v = tcPr.child("vMerge") { cell.vMerge = v.attribute("val") == "restart" ? .restart : .continue }
                if let h = tcPr.child("hMerge") { cell.hMerge = h.attribute("val") == "restart" ? .restart : .continue }
            }
            var walker = self
            var blocks: [Block] = []
            walker.collectBlocks(in: tc, into: &blocks, depth: depth + 1)
            var lines: [String] = []
            for block in blocks {
                switch block {
                case .table(let nested): cell.tables.append(nested)
                default: lines.append(block.text)
                }
            }
            cell.text = lines.joined(separator: "\n")
            return cell
        }

        /// Child elements named `name`, looking through wrapper elements such as content controls.
        static func descendants(of node: MarkupNode, named name: String, through wrappers: Set<String>) -> [MarkupNode] {
            var out: [MarkupNode] = []
            func visit(_ parent: MarkupNode, depth: Int) {
                for child in parent.children where child.isElement {
                    let n = child.name
                    if n == name { out.append(child) } else if wrappers.contains(n), depth < 32 { visit(child, depth: depth + 1) }
                }
            }
            visit(node, depth: 0)
            return out
        }

        /// Reads an OOXML on/off property (absent `w:val` means on).
        static func isOn(_ node: MarkupNode) -> Bool {
            guard let v = node.attribute("val") else { return true }
            return !["0", "false", "off"].contains(v.lowercased())
        }
    }
}
