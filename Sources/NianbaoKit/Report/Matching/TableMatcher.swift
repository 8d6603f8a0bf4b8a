import Foundation

/// Matches one table variant against source rows and reads its values.
///
/// Rows are found by their labels (normalised, alias- and fuzzy-matched; row-group labels such as
/// 三、本年度办理结果 are set aside first), never by position, so extra, missing and reordered rows
/// do no harm. A label spread over several text lines is joined until it matches. Values are the
/// cells after a row's label: placed by the columns of the matched header where the source is a real
/// grid, otherwise by count, with surplus blank cells trimmed from the ends; a row whose values cannot
/// be placed for sure is left missing, never guessed.
final class TableMatcher: Sendable {
    let spec: TableSpec
    /// Template labels (and aliases) by id, with their cores as scalars for fast comparison.
    private let rowLabels: [(id: String, core: String, scalars: [Unicode.Scalar])]
    private let columnLabels: [(id: String, core: String, scalars: [Unicode.Scalar])]
    private let groupCores: [String]
    private let groupScalars: [[Unicode.Scalar]]

    init(spec: TableSpec) {
        self.spec = spec
        rowLabels = spec.rows.flatMap { row in
            row.allLabels.map { label in
                let core = LabelText.core(label)
                return (row.id, core, Array(core.unicodeScalars))
            }
        }
        columnLabels = spec.columns.flatMap { column in
            column.allLabels.map { label in
                let core = LabelText.core(label)
                return (column.id, core, Array(core.unicodeScalars))
            }
        }
        var groups = (spec.rowGroups ?? []).flatMap { [$0.label] + ($0.aliases ?? []) }
        groups += (spec.columnGroups ?? []).map(\.label)
        groups += (spec.blocks ?? []).map(\.label)
        groups += [spec.title, spec.corner].compactMap { $0 }
        groupCores = groups.map(LabelText.core).filter { !$0.isEmpty }
        groupScalars = groupCores.map { Array($0.unicodeScalars) }
        groupCoreSet = Set(groupCores)
        var fragments = Set<String>()
        for core in groupCores {
            let characters = Array(core)
            for length in 2...4 where length <= characters.count {
                for start in 0...(characters.count - length) { fragments.insert(String(characters[start..<(start + length)])) }
            }
        }
        groupFragments = fragments
        rules = RuleSet.compiled(for: spec)
        exactRows = Dictionary(rowLabels.map { ($0.core, $0.id) }, uniquingKeysWith: { a, _ in a })
        exactColumns = Dictionary(columnLabels.map { ($0.core, $0.id) }, uniquingKeysWith: { a, _ in a })
        rowIndex = Dictionary(spec.rows.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        rowNumerals = spec.rows.reduce(into: [:]) { $0[$1.id] = LabelText.numeralKind($1.label) }
    }

    /// Whether each row's printed label is numbered in Chinese numerals (true) or digits (false).
    let rowNumerals: [String: Bool]

    /// Each template row's place in the variant's row order.
    let rowIndex: [String: Int]

    let groupCoreSet: Set<String>
    /// The variant's rules over its cells, for telling apart placements of a short row.
    private let rules: RuleSet
    /// Every piece of two to four characters of a group label.
    private let groupFragments: Set<String>
    private let exactRows: [String: String]
    private let exactColumns: [String: String]
    /// Answers already worked out for a label core (shared by all extractions with this matcher).
    private let rowMemo = Memo<UTF8Key, RowAnswer>()
    private let columnMemo = Memo<UTF8Key, String?>()
    private let groupMemo = Memo<UTF8Key, Bool>()
    private let partialMemo = Memo<UTF8Key, String?>()

    /// `bestRow`'s answer, memoised (a tuple optional cannot be a memo value as such).
    private struct RowAnswer {
        var id: String?
        var score: Double
    }

    /// No match of this variant can score more: every row placed (2 each), every column and group
    /// label seen in a header, and the value row of a wide table (5).
    var maximumScore: Int {
        2 * spec.rows.count + Set(columnLabels.map(\.id)).count + groupCoreSet.count + 5
    }

    /// `inSection`: the rows are the table's own section, not the whole document.
    func match(_ rows: [SourceRow], inSection: Bool = false) -> TableMatch {
        switch spec.layout {
        case .matrix, .blocks: return matchRows(rows)
        case .wide: return matchWide(rows, inSection: inSection)
        }
    }

    // MARK: - Labels

    func isGroupLabel(_ core: String) -> Bool {
        if groupCoreSet.contains(core) { return true }
        return groupMemo.value(core) { core in
            let x = Array(core.unicodeScalars)
            return groupScalars.contains { LabelText.similarity(x, $0, atLeast: 0.85) >= 0.85 }
        }
    }

    /// The template row a label names, with its similarity.
    func bestRow(_ core: String) -> (id: String, score: Double)? {
        guard !core.isEmpty else { return nil }
        if let id = exactRows[core] { return (id, 1) }
        let answer = rowMemo.value(core) { core in
            let best = fuzzyRow(core)
            return RowAnswer(id: best?.id, score: best?.score ?? 0)
        }
        return answer.id.map { ($0, answer.score) }
    }

    private func fuzzyRow(_ core: String) -> (id: String, score: Double)? {
        let x = Array(core.unicodeScalars)
        var best: (String, Double)?
        for label in rowLabels {
            let s = LabelText.similarity(x, label.scalars, atLeast: ReportExtractor.labelThreshold)
            if s > (best?.1 ?? 0) { best = (label.id, s) }
        }
        if let best, best.1 >= ReportExtractor.labelThreshold { return best }
        // One character misread in a short label: accepted when it points at a single row.
        let near = Set(rowLabels.filter { LabelText.oneSubstitution(x, $0.scalars) }.map(\.id))
        if near.count == 1 { return (near.first!, ReportExtractor.labelThreshold) }
        return nil
    }

    /// The template row whose label begins with a label broken off at a line end: the fragment must
    /// read like the label's first characters and be a good part of the label. (The end of a label
    /// never starts a row: its values belong to the start.)
    func bestPartialRow(_ fragment: String, minimumShare: Double = 0.4) -> String? {
        guard fragment.count >= (minimumShare < 0.4 ? 6 : 4) else { return nil }
        return partialMemo.value("\(minimumShare)|" + fragment) { _ in partialRow(fragment, minimumShare: minimumShare) }
    }

    private func partialRow(_ fragment: String, minimumShare: Double) -> String? {
        let x = Array(fragment.unicodeScalars)
        var scored: [(String, Double)] = []
        for label in rowLabels where label.scalars.count >= x.count {
            let precision = LabelText.similarity(x, Array(label.scalars.prefix(x.count)), atLeast: 0.85)
            if precision >= 0.85, Double(x.count) >= minimumShare * Double(label.scalars.count) { scored.append((label.id, precision)) }
        }
        scored.sort { $0.1 > $1.1 }
        guard let first = scored.first else { return nil }
        if scored.count > 1, scored[1].0 != first.0, scored[1].1 >= first.1 { return nil }
        return first.0
    }

    /// A piece of a row-group label broken over lines (其他处 of 其他处理).
    func isGroupFragment(_ core: String) -> Bool {
        groupFragments.contains(core)
    }

    /// A cell that is exactly a column header, with no outline number before it.
    func isBareColumnHeader(_ text: String, core: String) -> Bool {
        exactColumns[core] != nil && !Self.isNumbered(text)
    }

    /// The text starts with an outline number (`3.`, `（七）`, `一、`).
    static func isNumbered(_ text: String) -> Bool {
        numbered.value(text) { text in
            let plain = LabelText.halfWidth(LabelText.stripMarkup(text)).filter { !$0.isWhitespace }
            return LabelText.strippingNumbering(plain) != plain
        }
    }

    private static let numbered = Memo<UTF8Key, Bool>()

    func bestColumn(_ core: String) -> String? {
        guard !core.isEmpty else { return nil }
        if let id = exactColumns[core] { return id }
        return columnMemo.value(core, fuzzyColumn)
    }

    private func fuzzyColumn(_ core: String) -> String? {
        let x = Array(core.unicodeScalars)
        var best: (String, Double)?
        for label in columnLabels {
            let s = LabelText.similarity(x, label.scalars, atLeast: 0.85)
            if s > (best?.1 ?? 0) { best = (label.id, s) }
        }
        guard let best, best.1 >= 0.85 else { return nil }
        return best.0
    }

    // MARK: - Readings the rules tell apart (wide tables, `WideRows`; here for the private `rules`)

    /// Whether a reading of the table's cells (nil where not read) breaks none of its rules.
    func breaksNoRule(_ readings: [LabelText.Reading?]) -> Bool {
        rules.evaluate(readings).map { $0.broken == 0 } ?? false
    }

    /// Of several ways to read a row (its values shifted), the one reading when every way that breaks
    /// no rule gives the same values; nil when they differ, or when none fits.
    func agreedByRules(_ candidates: [[LabelText.Reading]]) -> [LabelText.Reading]? {
        let possible = candidates.filter { candidate in
            rules.evaluate(candidate.map { Optional($0) }).map { $0.broken == 0 } ?? false
        }
        guard let first = possible.first, possible.allSatisfy({ $0 == first }) else { return nil }
        return first
    }

    /// A value row one value short, in text that drops blank cells: the blank at every place in turn,
    /// filled by the rules. Read when every place that breaks no rule completes the row to the same
    /// values (a group of zeros, where any of them may be the blank one); the blank then stands at
    /// the first such place. Nil when none fits or the values differ.
    func placeOneBlank(_ values: [LabelText.Reading]) -> [LabelText.Reading]? {
        var fits: [(gap: Int, completed: [Double?])] = []
        for gap in 0...values.count {
            var candidate = values.map { Optional($0) }
            candidate.insert(nil, at: gap)
            guard let outcome = rules.evaluate(candidate), outcome.broken == 0, !outcome.values.contains(nil) else { continue }
            fits.append((gap, outcome.values))
        }
        guard let first = fits.first, fits.allSatisfy({ $0.completed == first.completed }) else { return nil }
        var readings = values
        readings.insert(.blank, at: first.gap)
        return readings
    }
}
