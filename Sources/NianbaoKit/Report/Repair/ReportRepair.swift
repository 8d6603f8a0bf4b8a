import Foundation

/// Builds the repaired report: the sections in order under their canonical titles, text cleaned of
/// extraction debris, and the three standard tables rebuilt in the canonical layout in place of
/// whatever the source held, each followed by a legend when it shows marked values.
public struct ReportRepair {
    /// How the standard tables are laid out.
    public enum TableStyle: Sendable {
        /// As the official form prints them, with merged cells (DOCX, HTML, Markdown `--tables html`).
        case official
        /// Plain tables with hierarchical labels joined by " / " (Markdown pipe tables).
        case flat
    }

    public let library: TemplateLibrary

    public init(library: TemplateLibrary) {
        self.library = library
    }

    /// Whether a document is an annual report nianbao recognises: most of its section titles, or both
    /// the active-disclosure and the applications tables. A table or two that merely look like the
    /// form's are not enough.
    public static func isRecognised(_ report: CanonicalReport) -> Bool {
        let tables = Set(report.tables.filter(\.found).map(\.spec.table))
        return report.sections.count >= 4 || (tables.contains("active") && tables.contains("applications"))
    }

    public func document(from read: Document, report: CanonicalReport, style: TableStyle) -> Document {
        // The document as the extractor read it (its block indices are the report's).
        let original = GluedRuns.mayCut(read) ? GluedRuns(library: library).cut(read) : read
        var blocks: [Block] = []
        // (What the extractor read of this document; read again only for a report made otherwise.)
        let metadata = report.metadata ?? ReportMetadata(original)
        let sectionStarts = report.sections.sorted { $0.blockIndex < $1.blockIndex }
        let firstSection = sectionStarts.first?.blockIndex ?? original.blocks.count
        if let title = metadata.title {
            blocks.append(.heading(level: 1, text: TextCleaner.clean(title)))
        } else if let agency = report.agency, let year = report.year {
            blocks.append(.heading(level: 1, text: "\(agency)\(year)年政府信息公开工作年度报告"))
        }
        // The text before the first section, title lines left out.
        let before = original.blocks[0..<firstSection].enumerated().filter { !metadata.titleBlocks.contains($0.offset) }.map(\.element)
        blocks += TextCleaner.paragraphs(before, keepTables: false, dropTableDebris: false)
        for section in library.sections {
            blocks.append(.heading(level: 2, text: section.title))
            let found = report.sections.first { $0.id == section.id }
            if let found {
                let end = sectionStarts.map(\.blockIndex).filter { $0 > found.blockIndex }.min() ?? original.blocks.count
                let hasTable = report.table(section.id) != nil
                blocks += TextCleaner.paragraphs(
                    Array(original.blocks[(found.blockIndex + 1)..<end]),
                    keepTables: !hasTable, dropTableDebris: hasTable)
            } else if report.table(section.id) == nil {
                blocks.append(.paragraph("（原文未载明此部分）"))
            }
            if let table = report.table(section.id) {
                if !table.found { blocks.append(.paragraph("（原文未载明此表，各项数值缺失）")) }
                switch style {
                case .official: blocks.append(.table(CanonicalLayout.official(table)))
                case .flat: blocks += CanonicalLayout.flat(table)
                }
                let marks = CanonicalLayout.marks(table)
                if !marks.isEmpty { blocks.append(.paragraph("注：" + marks.map(\.legend).joined(separator: "\n"))) }
            }
        }
        return Document(blocks: blocks)
    }
}

/// Cleans text left behind by extraction: stray markup and bookmarks, spaces inside Chinese text,
/// lines broken in the middle of a sentence.
enum TextCleaner {
    /// Removes markup debris and the spaces that extraction puts between Chinese characters (and
    /// between Chinese text and digits); spaces between Latin words stay.
    static func clean(_ text: String) -> String {
        let stripped = LabelText.stripMarkup(text)
        var out = ""
        let chars = Array(stripped)
        for (i, ch) in chars.enumerated() {
            if ch == " " || ch == "\u{3000}" {
                let before = out.last
                let after = chars[(i + 1)...].first { $0 != " " && $0 != "\u{3000}" }
                if let before, let after, isCJKOrDigit(before) && isCJKOrDigit(after) && (isCJK(before) || isCJK(after)) { continue }
                if before == nil || before == " " { continue }
            }
            out.append(ch)
        }
        return out.trimmed
    }

    static func isCJK(_ c: Character) -> Bool {
        c.unicodeScalars.first.map {
            (0x4E00...0x9FFF).contains($0.value) || (0x3000...0x303F).contains($0.value) || (0xFF00...0xFFEF).contains($0.value)
        } ?? false
    }

    static func isCJKOrDigit(_ c: Character) -> Bool { isCJK(c) || c.isNumber }

    /// Sentence-ending punctuation: a line that ends otherwise was broken by the layout.
    static let sentenceEnds = Set("。！？；：…”」）)!?;:")

    /// Clean paragraphs from blocks: headings become paragraphs (the canonical headings replace
    /// them), lines broken mid-sentence are joined, and (in table sections) table debris is dropped.
    static func paragraphs(_ blocks: [Block], keepTables: Bool, dropTableDebris: Bool) -> [Block] {
        var out: [Block] = []
        var current: String?
        func flush() {
            if let c = current, !c.isEmpty { out.append(.paragraph(c)) }
            current = nil
        }
        for block in blocks {
            switch block {
            case .table(let table):
                flush()
                if keepTables { out.append(.table(table)) }
            case .heading(_, let text), .paragraph(let text):
                for raw in text.split(separator: "\n") {
                    let line = clean(String(raw))
                    guard !line.isEmpty else { continue }
                    if dropTableDebris && isTableDebris(line) { continue }
                    if let c = current, c.count >= 20, let last = c.last, !sentenceEnds.contains(last), !startsNewItem(line) {
                        current = c + line
                    } else {
                        flush()
                        current = line
                    }
                }
            }
        }
        flush()
        return out
    }

    /// A new numbered item or heading: 一、 （一） 1. 1、 (1)
    static func startsNewItem(_ line: String) -> Bool {
        let plain = LabelText.halfWidth(line)
        return LabelText.strippingNumbering(plain) != plain.trimmed
    }

    /// A line of a table read as text (labels and numbers), not running prose.
    static func isTableDebris(_ line: String) -> Bool {
        if line.hasSuffix("。") && line.count >= 15 { return false }
        let cells = SourceRow.split(line)
        let numbers = cells.filter { if case .number = LabelText.read($0) { return true } else { return false } }.count
        if numbers > 0 { return true }
        return line.count < 40
    }
}
