import Foundation

/// Reads a Word document (DOCX, transitional or strict OOXML) into a `Document`.
///
/// Paragraphs become headings when their style (by name "heading N", or an outline level, through
/// `w:basedOn`) or their own `w:outlineLvl` says so. Tracked insertions are kept and deletions
/// dropped; field instructions are dropped and their results kept; content controls, hyperlinks,
/// smart tags and custom XML are read through. Tables keep their spans (see `SpanResolver`).
public struct DOCXReader: FormatReader {
    public var limits: ReadLimits

    public init(limits: ReadLimits = .default) {
        self.limits = limits
    }

    public func read(data: Data, path: String) throws -> ReadResult {
        let package = try DOCXPackage(data: data, path: path, limits: limits)
        var headingLevels: [String: Int] = [:]
        if let stylesPart = try package.relatedPart(typeSuffix: "/styles"), let styles = try package.xml(stylesPart) {
            headingLevels = Self.headingLevels(styles)
        }
        let builder = BodyBuilder(headingLevels: headingLevels)
        guard try package.stream(package.mainPart, to: builder) else {
            throw NianbaoError.missingPart(path: path, part: package.mainPart)
        }
        guard let blocks = builder.blocks else {
            throw NianbaoError.unsupportedFormat(path: path, reason: "\(package.mainPart) has no w:body")
        }
        return ReadResult(document: Document(blocks: blocks), diagnostics: builder.repairs.diagnostics)
    }

    // MARK: - Styles

    /// Maps paragraph style ids to heading levels (1 = highest).
    static func headingLevels(_ styles: MarkupDocument) -> [String: Int] {
        struct Style {
            var name: String
            var basedOn: String?
            var outline: Int?
        }
        var byId: [String: Style] = [:]
        styles.withRoot { root in
            for style in root?.elements ?? [] where style.named("style") {
                guard style.attribute("type") == nil || style.attribute("type") == "paragraph",
                    let id = style.attribute("styleId")
                else { continue }
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

    /// Builds the blocks of `w:body` from the parse events of the main part (no tree is built).
    ///
    /// Paragraphs become headings by style or outline level. Tracked insertions are kept and deletions
    /// (of text and of table rows) dropped; field instructions are dropped and their results kept;
    /// content controls, hyperlinks, smart tags and custom XML are read through; of alternate content
    /// only the first choice is read. Only the first of a property element (`w:pPr`'s style, a
    /// cell's `w:tcPr`, …) counts. Tables keep their spans (see `SpanResolver`).
    private final class BodyBuilder: XMLEventHandler {
        /// What the element being read is, which decides what its children are.
        enum Mode {
            case document, root
            /// Body, cell, content of a content control, wrappers, chosen alternate content: blocks.
            case blocks
            /// A block-level content control, or alternate content: only its first content, or choice.
            case blockControl, blockAlternate
            case paragraph, paragraphProperties
            /// Run-level content (hyperlinks, fields, insertions, …): text is read through it.
            case inline, run, inlineAlternate, text
            case table, tableWrapper, tableGrid
            case row, rowWrapper, rowProperties
            case cell, cellProperties
            case skip
        }

        struct Frame {
            var mode: Mode
            /// Whether the one child that counts (the first `sdtContent`, `Choice`, `tblGrid`, …) was read.
            var tookFirst = false
        }

        struct OpenTable {
            var gridColumns = 0
            var rows: [SpanResolver.GridRow] = []
        }

        struct ParagraphProperties {
            var style: String?? = nil
            var outline: String?? = nil
        }

        let headingLevels: [String: Int]
        /// The body's blocks, once the body has been read (nil when there is no `w:body`).
        // The builder's state is touched only from its own parse's callbacks, one at a time, so the
        // run-time exclusivity checks on it (several per XML event) are left out.
        @exclusivity(unchecked) private(set) var blocks: [Block]?
        @exclusivity(unchecked) private var frames: [Frame] = [Frame(mode: .document)]
        /// Where finished blocks go: the body, then each open cell.
        @exclusivity(unchecked) private var sinks: [[Block]] = []
        @exclusivity(unchecked) private var text = ""
        @exclusivity(unchecked) private var level: Int?
        @exclusivity(unchecked) private var properties = ParagraphProperties()
        @exclusivity(unchecked) private var tables: [OpenTable] = []
        @exclusivity(unchecked) private var rows: [(row: SpanResolver.GridRow, deleted: Bool)] = []
        @exclusivity(unchecked) private var cells: [SpanResolver.GridCell] = []
        /// The properties of the open `w:trPr` or `w:tcPr` already read (only the first of each counts).
        @exclusivity(unchecked) private var seenProperties: UInt8 = 0
        /// What tiling repaired in the tables read.
        @exclusivity(unchecked) private(set) var repairs = SpanResolver.Repairs()

        init(headingLevels: [String: Int]) {
            self.headingLevels = headingLevels
        }

        func startElement(_ name: XMLName, attributes: XMLAttributes) {
            let parent = frames.count - 1
            let mode: Mode
            switch frames[parent].mode {
            case .document:
                mode = .root
            case .root:
                if name.is("body"), !frames[parent].tookFirst {
                    frames[parent].tookFirst = true
                    sinks.append([])
                    mode = .blocks
                } else {
                    mode = .skip
                }
            case .blocks:
                mode = blockChild(name)
            case .cell:
                if name.is("tcPr"), !frames[parent].tookFirst {
                    frames[parent].tookFirst = true
                    seenProperties = 0
                    mode = .cellProperties
                } else {
                    mode = blockChild(name)
                }
            case .blockControl:
                mode = first(name, "sdtContent", parent) ? .blocks : .skip
            case .blockAlternate:
                mode = first(name, "Choice", parent) ? .blocks : .skip
            case .paragraph:
                if name.is("pPr") {
                    properties = ParagraphProperties()
                    mode = .paragraphProperties
                } else {
                    mode = inlineChild(name)
                }
            case .paragraphProperties:
                if name.is("pStyle"), properties.style == nil {
                    properties.style = .some(attributes["val"])
                } else if name.is("outlineLvl"), properties.outline == nil {
                    properties.outline = .some(attributes["val"])
                }
                mode = .skip
            case .inline:
                mode = inlineChild(name)
            case .inlineAlternate:
                mode = first(name, "Choice", parent) ? .inline : .skip
            case .run:
                if name.is("t") {
                    mode = .text
                } else if name.is("AlternateContent") {
                    mode = .inlineAlternate
                } else {
                    if name.is("tab") || name.is("ptab") {
                        text += "\t"
                    } else if name.is("br") || name.is("cr") {
                        text += "\n"
                    } else if name.is("noBreakHyphen") {
                        text += "-"
                    }
                    mode = .skip  // rPr, delText, instrText, fldChar, drawings, …
                }
            case .table:
                if name.is("tblGrid"), !frames[parent].tookFirst {
                    frames[parent].tookFirst = true
                    mode = .tableGrid
                } else {
                    mode = tableChild(name)
                }
            case .tableWrapper:
                mode = tableChild(name)
            case .tableGrid:
                if name.is("gridCol") { tables[tables.count - 1].gridColumns += 1 }
                mode = .skip
            case .row, .rowWrapper:
                if frames[parent].mode == .row, name.is("trPr"), !frames[parent].tookFirst {
                    frames[parent].tookFirst = true
                    seenProperties = 0
                    mode = .rowProperties
                } else if name.is("tc") {
                    cells.append(SpanResolver.GridCell(text: ""))
                    sinks.append([])
                    mode = .cell
                } else {
                    mode = Self.isWrapper(name) ? .rowWrapper : .skip
                }
            case .rowProperties:
                readRowProperty(name, attributes)
                mode = .skip
            case .cellProperties:
                readCellProperty(name, attributes)
                mode = .skip
            case .text, .skip:
                mode = .skip
            }
            frames.append(Frame(mode: mode))
        }

        func endElement() {
            let frame = frames.removeLast()
            switch frame.mode {
            case .blocks where frames.last?.mode == .root:
                blocks = sinks.removeLast()
            case .paragraph:
                let trimmed = text.trimmed
                if !trimmed.isEmpty {
                    sinks[sinks.count - 1].append(level.map { .heading(level: $0, text: trimmed) } ?? .paragraph(trimmed))
                }
            case .paragraphProperties:
                if case .some(.some(let style)) = properties.style { level = headingLevels[style] }
                if case .some(.some(let value)) = properties.outline, let outline = Int(value) {
                    level = (0..<9).contains(outline) ? outline + 1 : nil
                }
            case .table:
                let table = tables.removeLast()
                sinks[sinks.count - 1].append(.table(SpanResolver.resolveGrid(rows: table.rows, gridColumns: table.gridColumns, repairs: &repairs)))
            case .row:
                let (row, deleted) = rows.removeLast()
                if !deleted { tables[tables.count - 1].rows.append(row) }
            case .cell:
                var cell = cells.removeLast()
                var lines: [String] = []
                for block in sinks.removeLast() {
                    if case .table(let nested) = block { cell.tables.append(nested) } else { lines.append(block.text) }
                }
                cell.text = lines.joined(separator: "\n")
                rows[rows.count - 1].row.cells.append(cell)
            default:
                break
            }
        }

        func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard frames[frames.count - 1].mode == .text else { return }
            text += String(decoding: bytes, as: UTF8.self)
        }

        /// True (and remembered) for the first child named `name` of the frame at `parent`.
        private func first(_ name: XMLName, _ wanted: StaticString, _ parent: Int) -> Bool {
            guard name.is(wanted), !frames[parent].tookFirst else { return false }
            frames[parent].tookFirst = true
            return true
        }

        private func blockChild(_ name: XMLName) -> Mode {
            if name.is("p") {
                text = ""
                level = nil
                return .paragraph
            }
            if name.is("tbl") {
                tables.append(OpenTable())
                return .table
            }
            if name.is("sdt") { return .blockControl }
            if name.is("customXml") || name.is("ins") || name.is("moveTo") || name.is("smartTag") { return .blocks }
            if name.is("AlternateContent") { return .blockAlternate }
            return .skip
        }

        private func inlineChild(_ name: XMLName) -> Mode {
            if name.is("r") { return .run }
            if name.is("t") { return .text }
            if name.is("AlternateContent") { return .inlineAlternate }
            for skipped: StaticString in [
                "del", "moveFrom", "pPr", "rPr", "sdtPr", "sdtEndPr", "instrText", "delText", "proofErr",
                "bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd", "Fallback",
            ]
            where name.is(skipped) {
                return .skip
            }
            // hyperlink, ins, moveTo, smartTag, customXml, sdt, sdtContent, fldSimple, dir, bdo, …
            return .inline
        }

        private func tableChild(_ name: XMLName) -> Mode {
            if name.is("tr") {
                rows.append((SpanResolver.GridRow(cells: []), false))
                return .row
            }
            return Self.isWrapper(name) ? .tableWrapper : .skip
        }

        /// Elements that rows and cells are looked for through.
        private static func isWrapper(_ name: XMLName) -> Bool {
            name.is("sdt") || name.is("sdtContent") || name.is("customXml") || name.is("ins") || name.is("moveTo")
        }

        private func readRowProperty(_ name: XMLName, _ attributes: XMLAttributes) {
            let last = rows.count - 1
            if name.is("del") {
                rows[last].deleted = true  // a tracked row deletion
            } else if name.is("gridBefore"), firstProperty(1) {
                rows[last].row.gridBefore = attributes["val"].flatMap(Int.init) ?? 0
            } else if name.is("gridAfter"), firstProperty(2) {
                rows[last].row.gridAfter = attributes["val"].flatMap(Int.init) ?? 0
            } else if name.is("tblHeader"), firstProperty(4) {
                rows[last].row.isHeader = Self.isOn(attributes["val"])
            }
        }

        private func readCellProperty(_ name: XMLName, _ attributes: XMLAttributes) {
            let last = cells.count - 1
            if name.is("gridSpan"), firstProperty(1) {
                cells[last].gridSpan = attributes["val"].flatMap(Int.init) ?? 1
            } else if name.is("vMerge"), firstProperty(2) {
                cells[last].vMerge = attributes["val"] == "restart" ? .restart : .continue
            } else if name.is("hMerge"), firstProperty(4) {
                cells[last].hMerge = attributes["val"] == "restart" ? .restart : .continue
            }
        }

        /// True (and remembered) the first time the property with bit `bit` is met in the open properties.
        private func firstProperty(_ bit: UInt8) -> Bool {
            guard seenProperties & bit == 0 else { return false }
            seenProperties |= bit
            return true
        }

        /// Reads an OOXML on/off property value (absent means on).
        static func isOn(_ value: String?) -> Bool {
            guard let value else { return true }
            return !["0", "false", "off"].contains(value.lowercased())
        }
    }
}
