import Foundation

/// Text a crawler flattened from a web page: the whole article on a line or a few, a table's labels
/// and values run together (`规章000行政规范性文件77132470第二十条第（五）项…`). Such a line is cut
/// at the template's labels and section titles into lines of their own, and the digits between a
/// label and the next into a run of their own (`Document.gluedDigitRuns`), which `GluedRunReading`
/// splits into cells: the document then reads as a text whose table rows are a label line and a
/// value line. The crawler's header lines (`标题: …` up to its `==== 正文 ====` banner) are left out
/// but for the title.
struct GluedRuns: Sendable {
    /// A template label or section title, as the core it is matched by.
    struct Label: Sendable {
        var core: [Unicode.Scalar]
        /// The digits of its outline number (`2.其他…` → `2`), looked for before it.
        var number: String?
        /// A table row's label (a run right after it is that row's values).
        var isRow: Bool
        var isSection: Bool
        /// A section title's place among the sections (1 for the first): the number it is printed with.
        var sectionNumber: Int?
    }

    /// The labels by the first scalar of their core, longest first.
    let labels: [Unicode.Scalar: [Label]]

    /// Fewest row labels glued to a run for a line to be taken as a flattened table.
    static let fewestGluedRows = 3
    /// Shortest line looked at.
    static let shortestLine = 60

    init(library: TemplateLibrary) {
        var all: [Label] = []
        func add(_ text: String, isRow: Bool = false, isSection: Bool = false, sectionNumber: Int? = nil) {
            let core = Array(LabelText.core(text).unicodeScalars)
            guard core.count >= 2 else { return }
            let plain = LabelText.halfWidth(text).trimmed
            let head = plain.prefix { ("0"..."9").contains($0) }
            let number = head.isEmpty || LabelText.strippingNumbering(plain) == plain ? nil : String(head)
            all.append(Label(core: core, number: number, isRow: isRow, isSection: isSection, sectionNumber: sectionNumber))
        }
        for (index, section) in library.sections.enumerated() {
            for title in [section.title] + (section.aliases ?? []) { add(title, isSection: true, sectionNumber: index + 1) }
        }
        for spec in library.tableIDs.flatMap(library.variants(of:)) {
            for label in spec.rows.flatMap(\.allLabels) { add(label, isRow: true) }
            var others = spec.columns.flatMap(\.allLabels) + spec.rows.compactMap(\.parentLabel)
            others += (spec.rowGroups ?? []).flatMap { [$0.label] + ($0.aliases ?? []) }
            others += (spec.columnGroups ?? []).map(\.label) + (spec.blocks ?? []).map(\.label)
            others += [spec.title, spec.corner].compactMap { $0 }
            for label in others { add(label) }
        }
        labels = Dictionary(grouping: all, by: { $0.core[0] }).mapValues { $0.sorted { $0.core.count > $1.core.count } }
    }

    /// The document with its crawler header reduced to its title and its flattened lines cut; the
    /// document itself when it has neither.
    func cut(_ document: Document) -> Document {
        let headerEnd = Self.crawlerHeaderEnd(document)
        var blocks: [Block] = []
        var runs = Set<Int>()
        var moved: [Int: Int] = [:]
        var changed = headerEnd != nil
        if headerEnd != nil, case .paragraph(let first) = document.blocks[0] {
            let title = first.drop { $0 != ":" && $0 != "：" }.dropFirst().trimmingCharacters(in: .whitespacesAndNewlines)
            if !title.isEmpty { blocks.append(.paragraph(title)) }
        }
        for (index, block) in document.blocks.enumerated() where index > (headerEnd ?? -1) {
            guard case .paragraph(let text) = block, text.utf8.count >= Self.shortestLine * 3,
                let pieces = cutLines(text)
            else {
                moved[index] = blocks.count
                blocks.append(block)
                continue
            }
            changed = true
            for piece in pieces {
                if piece.isRun { runs.insert(blocks.count) }
                blocks.append(.paragraph(piece.text))
            }
        }
        guard changed else { return document }
        var out = Document(blocks: blocks)
        out.gluedDigitRuns = runs
        for (old, count) in document.trailingBlankCells { if let new = moved[old] { out.trailingBlankCells[new] = count } }
        return out
    }

    /// Whether `cut` may change the document (a crawler's header, or a line long enough to be a
    /// flattened table), cheaply.
    static func mayCut(_ document: Document) -> Bool {
        crawlerHeaderEnd(document) != nil
            || document.blocks.contains { block in
                guard case .paragraph(let text) = block else { return false }
                return text.utf8.count >= shortestLine * 3
            }
    }

    /// The last block of a crawler's header: the title line `标题: …` first, then `key: value`
    /// lines, up to a `==== 正文 ====` banner among the first lines.
    static func crawlerHeaderEnd(_ document: Document) -> Int? {
        guard case .paragraph(let first)? = document.blocks.first, first.hasPrefix("标题:") || first.hasPrefix("标题：") else { return nil }
        for (index, block) in document.blocks.prefix(16).enumerated() {
            guard case .paragraph(let text) = block else { return nil }
            let line = text.trimmed
            if line.hasPrefix("==="), line.hasSuffix("==="), line.contains("正文") { return index }
        }
        return nil
    }

    /// Whether a line has digits right after Chinese text (or a closing mark) in enough places to
    /// hold a flattened table: a quick test before its labels are looked for.
    static func mayBeFlattened(_ line: Substring) -> Bool {
        var glued = 0
        var previous: Unicode.Scalar = " "
        for scalar in line.unicodeScalars {
            if ("0"..."9").contains(scalar), previous.value >= 0x3000 || closingMarks.contains(previous) {
                glued += 1
                if glued >= fewestGluedRows { return true }
            }
            previous = scalar
        }
        return false
    }

    /// A piece of a flattened line: a label, text, or a run of digits.
    struct Piece: Equatable {
        var text: String
        var isRun = false
    }

    /// The lines of a paragraph, each flattened line cut into pieces (the others kept whole, runs of
    /// them as one piece); nil when no line is flattened.
    func cutLines(_ text: String) -> [Piece]? {
        var out: [Piece] = []
        var plain: [String] = []
        var cutAny = false
        for line in text.split(separator: "\n") {
            if line.utf8.count >= Self.shortestLine * 3, Self.mayBeFlattened(line), let pieces = cutLine(String(line)) {
                if !plain.isEmpty { out.append(Piece(text: plain.joined(separator: "\n"))) }
                plain = []
                out += pieces
                cutAny = true
            } else {
                plain.append(String(line))
            }
        }
        guard cutAny else { return nil }
        if !plain.isEmpty { out.append(Piece(text: plain.joined(separator: "\n"))) }
        return out
    }
}

extension GluedRuns {
    /// A label found in a line: where it stands, in scalars, its outline number and closing marks
    /// included.
    struct Found {
        var label: Label
        var start: Int
        var end: Int
        /// Numbered as a section is (`二、`).
        var numberedAsSection = false
    }

    /// What stands between two labels found (or after the last).
    enum Gap { case adjacent, run, text }

    /// The pieces of a flattened line; nil when the line is not one (fewer than
    /// `fewestGluedRows` row labels with digits right after them).
    func cutLine(_ line: String) -> [Piece]? {
        let original = Array(line.unicodeScalars)
        let scalars = Array(LabelText.halfWidth(line).unicodeScalars)
        guard original.count == scalars.count else { return nil }
        let found = findLabels(scalars)
        let ends = found.indices.map { i in i + 1 < found.count ? found[i + 1].start : scalars.count }
        let gaps = found.indices.map { Self.gap(scalars[found[$0].end..<ends[$0]]) }
        let runEnds = found.indices.map { Self.runEnd(scalars, from: found[$0].end, before: ends[$0]) }
        guard found.indices.filter({ found[$0].label.isRow && runEnds[$0] != nil }).count >= Self.fewestGluedRows else { return nil }
        // Kept: a row label with digits after it, a numbered section title, and every label that
        // stands next to one kept with nothing but digits between them.
        var kept = found.indices.map { (found[$0].label.isRow && runEnds[$0] != nil) || (found[$0].label.isSection && found[$0].numberedAsSection) }
        var changed = true
        while changed {
            changed = false
            for i in found.indices.dropLast() where gaps[i] != .text && kept[i] != kept[i + 1] {
                (kept[i], kept[i + 1], changed) = (true, true, true)
            }
        }
        var out: [Piece] = []
        var cursor = 0
        func emit(_ range: Range<Int>, isRun: Bool = false) {
            let text = String(String.UnicodeScalarView(original[range])).trimmed
            if !text.isEmpty { out.append(Piece(text: text, isRun: isRun)) }
        }
        for (i, hit) in found.enumerated() where kept[i] {
            emit(cursor..<hit.start)
            emit(hit.start..<hit.end)
            cursor = hit.end
            if let end = runEnds[i] {
                emit(cursor..<end, isRun: true)
                cursor = end
            }
        }
        emit(cursor..<original.count)
        return out
    }

    static func gap(_ scalars: ArraySlice<Unicode.Scalar>) -> Gap {
        var digits = false
        for scalar in scalars {
            switch scalar {
            case "0"..."9": digits = true
            case " ", ".", ",", "\u{A0}": continue
            default: return .text
            }
        }
        return digits ? .run : .adjacent
    }

    /// What a count or an amount in running text is followed by (`2023年`, `53条`): digits so
    /// followed are prose, not a table's values.
    private static let units = Set("年月日时件条个项次人万元亿%份家户名余多批期篇类".unicodeScalars)

    /// The end of the digits (and spaces) right after a label, when they are not a figure in prose.
    static func runEnd(_ scalars: [Unicode.Scalar], from start: Int, before limit: Int) -> Int? {
        var end = start
        var digits = false
        while end < limit, gap(scalars[end..<(end + 1)]) != .text {
            if ("0"..."9").contains(scalars[end]) { digits = true }
            end += 1
        }
        guard digits else { return nil }
        if end < limit, units.contains(scalars[end]) {
            // The figure is the last group (`… 1034 2024年`): the run ends before it. A year glued to
            // the run (`…201142022年`, prose after the table starting with its year) is its last four digits.
            if let space = scalars[start..<end].lastIndex(of: " ") { return runEnd(scalars, from: start, before: space) }
            let year = scalars[max(start, end - 4)..<end]
            guard scalars[end] == "年", end - start > 4, year.allSatisfy({ ("0"..."9").contains($0) }),
                ["19", "20"].contains(String(String.UnicodeScalarView(year.prefix(2))))
            else { return nil }
            return end - 4
        }
        // Spaces after the digits belong to what follows.
        while end > start, scalars[end - 1] == " " || scalars[end - 1] == "\u{A0}" { end -= 1 }
        return end
    }

    private static let alphanumerics = CharacterSet.alphanumerics
    static let closingMarks = Set("”’\"')）」』》】]".unicodeScalars)
    private static let chineseNumerals = Set("一二三四五六七八九十".unicodeScalars)

    /// The labels in a line, left to right, the longest at each place.
    func findLabels(_ scalars: [Unicode.Scalar]) -> [Found] {
        let stream = scalars.indices.filter { Self.alphanumerics.contains(scalars[$0]) }
        var found: [Found] = []
        var p = 0
        while p < stream.count {
            let candidates = labels[scalars[stream[p]]] ?? []
            guard
                let label = candidates.first(where: { label in
                    p + label.core.count <= stream.count && label.core.indices.allSatisfy { scalars[stream[p + $0]] == label.core[$0] }
                })
            else {
                p += 1
                continue
            }
            var end = stream[p + label.core.count - 1] + 1
            while end < scalars.count, Self.closingMarks.contains(scalars[end]) { end += 1 }
            var hit = Found(label: label, start: stream[p], end: end)
            (hit.start, hit.numberedAsSection) = Self.numberStart(scalars, before: hit.start, of: label, after: found.last?.end ?? 0)
            found.append(hit)
            p += label.core.count
        }
        return found
    }

    /// Where a label's outline number starts before it (`二、`, `(三)`, or its own digits, `2.`),
    /// not before `floor`; and whether the number is a section's (`二、`).
    static func numberStart(_ scalars: [Unicode.Scalar], before start: Int, of label: Label, after floor: Int) -> (Int, Bool) {
        var i = start
        while i > floor, scalars[i - 1] == " " { i -= 1 }
        guard i > floor else { return (start, false) }
        var j = i - 1
        if scalars[j] == "、" {
            while j > floor, chineseNumerals.contains(scalars[j - 1]) { j -= 1 }
            if (1...3).contains(i - 1 - j) { return (j, true) }
        }
        if scalars[i - 1] == ")" {
            j = i - 1
            while j > floor, chineseNumerals.contains(scalars[j - 1]) || ("0"..."9").contains(scalars[j - 1]) { j -= 1 }
            if (1...3).contains(i - 1 - j), j > floor, scalars[j - 1] == "(" { return (j - 1, false) }
        }
        if label.isSection, ".、".unicodeScalars.contains(scalars[i - 1]), i - 2 >= floor, ("0"..."9").contains(scalars[i - 2]) {
            // A section numbered in digits right after a value (`行政事业性收费0.003、收到…`): its own
            // number when the digits end with it, else one digit (no report has ten sections).
            let own = label.sectionNumber.map { Array(String($0).unicodeScalars) } ?? []
            let from = i - 1 - own.count
            if !own.isEmpty, from >= floor, Array(scalars[from..<(i - 1)]) == own { return (from, true) }
            return (i - 2, true)
        }
        if let number = label.number, ".、".unicodeScalars.contains(scalars[i - 1]) {
            let digits = Array(number.unicodeScalars)
            let from = i - 1 - digits.count
            if from >= floor, Array(scalars[from..<(i - 1)]) == digits { return (from, false) }
        }
        return (start, false)
    }
}
