import Foundation

/// Matches one table variant against source rows and reads its values.
///
/// Rows are found by their labels (normalised, alias- and fuzzy-matched; row-group labels such as
/// 三、本年度办理结果 are set aside first), never by position, so extra, missing and reordered rows
/// do no harm. A label spread over several text lines is joined until it matches. Values are the
/// cells after a row's label: placed by the columns of the matched header where the source is a real
/// grid, otherwise by count, with surplus blank cells trimmed from the ends; a row whose values cannot
/// be placed for sure is left missing, never guessed.
final class TableMatcher {
    let spec: TableSpec
    /// Template labels (and aliases) by id, with their cores as scalars for fast comparison.
    private let rowLabels: [(id: String, core: String, scalars: [Unicode.Scalar])]
    private let columnLabels: [(id: String, core: String, scalars: [Unicode.Scalar])]
    private let groupCores: [String]
    private let groupScalars: [[Unicode.Scalar]]

    init(spec: TableSpec) {
        self.spec = spec
        rowLabels = spec.rows.flatMap { row in
            row.allLabels.map { label in let core = LabelText.core(label); return (row.id, core, Array(core.unicodeScalars)) }
        }
        columnLabels = spec.columns.flatMap { column in
            column.allLabels.map { label in let core = LabelText.core(label); return (column.id, core, Array(core.unicodeScalars)) }
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
        problem = ReadingOrderAligner.Problem(spec: spec, equations: RuleEngine.equations(for: spec))
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
    private let problem: ReadingOrderAligner.Problem
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

    func match(_ rows: [SourceRow]) -> TableMatch {
        switch spec.layout {
        case .matrix, .blocks: return matchRows(rows)
        case .wide: return matchWide(rows)
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

    // MARK: - Row tables (matrix, blocks)

    /// A line of text that runs several rows of a table together with single spaces (pymupdf4llm
    /// writes table rows it did not see as a table so: `行政强制 0 第二十条第(八)项 信息内容 本年收费金额(单位：万元)
    /// 行政事业性收费 52`): cut after each number that follows a row's label (one to three words that
    /// name the row), the words before that label a line of their own, one cell each. A line that is
    /// only one label and its values, and any other row, is left as it is.
    func splitLabelValuePairs(_ row: SourceRow) -> [SourceRow] {
        guard row.table == nil, row.cells.contains(where: { $0.reading == .text && $0.text.contains(" ") }) else { return [row] }
        var words: [SourceRow.Cell] = []
        for cell in row.cells {
            guard cell.reading == .text, cell.text.contains(" ") else { words.append(cell); continue }
            for word in cell.text.split(separator: " ") {
                // Only plain figures count as numbers here, not outline numbers (`3.`) or years in words.
                let plain = word.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") } && word.first != "." && word.last != "."
                words.append(SourceRow.Cell(text: String(word), column: cell.column, reading: plain ? LabelText.read(String(word)) : .text))
            }
        }
        /// A line of its own, its cells numbered from 0.
        func line(_ cells: ArraySlice<SourceRow.Cell>) -> SourceRow {
            var line = row
            line.cells = cells.enumerated().map { index, cell in var cell = cell; cell.column = index; return cell }
            return line
        }
        var out: [SourceRow] = []
        var cut = false
        var start = 0
        var i = 0
        while i < words.count {
            guard words[i].reading.isNumber, i > start, words[i - 1].reading == .text else { i += 1; continue }
            // The longest run of one to three words before the number that names a row.
            var label: Int?
            for k in stride(from: min(3, i - start), through: 1, by: -1) {
                let slice = words[(i - k)..<i]
                guard slice.allSatisfy({ $0.reading == .text }) else { continue }
                if let best = bestRow(LabelText.core(slice.map(\.text).joined())), best.score >= 0.9 { label = i - k; break }
            }
            guard let label else { i += 1; continue }
            var end = i
            while end < words.count, words[end].reading.isValue { end += 1 }
            if label > start || end < words.count { cut = true }
            if label > start { out.append(line(words[start..<label])) }
            let text = words[label..<i].map(\.text).joined(separator: " ")
            out.append(line(ArraySlice([SourceRow.Cell(text: text, column: 0, reading: .text)] + words[i..<end])))
            start = end
            i = end
        }
        // (A line that is one label and its values, `3. 危及“三安全一稳定” 0`, stays as it is.)
        guard cut else { return [row] }
        if start < words.count { out.append(line(words[start...])) }
        return out
    }

    /// A grid row whose label was cut over cells into pieces of one character at most (numbering
    /// aside), which say nothing alone: `3.其|他`, `（七）|总计` (pymupdf4llm). When the row's last two or
    /// three text cells before its values, one such piece among them (its end, its numbered start,
    /// or an outline number alone), together name a row that the last of them does not name alone,
    /// they are one cell.
    func joiningShortPieces(_ row: SourceRow) -> SourceRow {
        // (A numbered piece of one character reads as a garbled value: `3.其`.)
        func isPiece(_ cell: SourceRow.Cell) -> Bool {
            cell.reading == .text || (cell.reading.isValue && !cell.reading.isNumber && Self.isNumbered(cell.text)
                && cell.text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) })
        }
        guard let firstValue = row.cells.firstIndex(where: { $0.reading.isValue && !isPiece($0) }) else { return row }
        let texts = row.cells[..<firstValue].indices.filter { isPiece(row.cells[$0]) }
        guard texts.count >= 2 else { return row }
        for k in 2...min(3, texts.count) {
            let pieces = Array(texts.suffix(k))
            // The short pieces: the label's end or numbered start, or an outline number alone (`（七）`);
            // not a broken group label's piece before a row's own (`理|4.无正当理由…`).
            let short = pieces.filter { row.cells[$0].core.count <= 1 }
            guard pieces.last! - pieces.first! == k - 1, !short.isEmpty,
                  short.allSatisfy({ $0 == pieces.last! || row.cells[$0].core.isEmpty || Self.isNumbered(row.cells[$0].text) }),
                  // (A group's number before a numbered row label is the group's: `（三）<br>|4.保护第三方|合法权益`.)
                  pieces.filter({ Self.isNumbered(row.cells[$0].text) }).count <= 1 else { continue }
            // (The last piece naming a row alone is that row's label: `（五）|3.要求提供公开出版物`.)
            let last = row.cells[pieces.last!]
            if let alone = bestRow(last.core), alone.score >= 0.9, !isBareColumnHeader(last.text, core: last.core) { continue }
            let text = pieces.map { row.cells[$0].text }.joined()
            guard let named = bestRow(LabelText.core(text)), named.score >= 0.9 else { continue }
            let (first, end) = (row.cells[pieces.first!], last.column + last.span)
            var joined = row
            joined.cells.replaceSubrange(pieces.first!...pieces.last!,
                                         with: [SourceRow.Cell(text: text, column: first.column, span: end - first.column, reading: .text)])
            return joined
        }
        return row
    }

    /// Puts a matched row's values into its columns; false when they could not be placed for sure.
    /// `valueColumns`: the grid columns of the row's table where some row matched shows a value.
    func place(_ hit: RowHit, columns: [String], headerColumns: [String: Int]?, anchors: [Double]? = nil,
               valueColumns: Set<Int>? = nil, result: inout TableMatch) -> Bool {
        if hit.uncertain {
            result.findings.append(Finding(severity: .warning, code: "values_not_placed", table: spec.table, row: hit.id, column: nil,
                                           message: "row \(hit.id): its values stand apart from its label among other labels; they are left missing"))
            return false
        }
        var readings: [LabelText.Reading]?
        // By the header's columns, where the source is a grid and the header names every column.
        if !hit.streamed, let header = headerColumns, columns.allSatisfy({ header[$0] != nil }) {
            let positions = columns.map { header[$0]! }
            if zip(positions, positions.dropFirst()).allSatisfy({ $0 < $1 }) {
                let byColumn = Dictionary(hit.row.cells.map { ($0.column, $0) }, uniquingKeysWith: { a, _ in a })
                let cells = positions.map { byColumn[$0] }
                let mapped = Set(positions)
                let strayNumbers = hit.values.contains { cell in
                    if case .number = cell.reading { return !mapped.contains(cell.column) } else { return false }
                }
                if !strayNumbers, cells.allSatisfy({ $0 != nil && $0!.reading != .text }) {
                    readings = cells.map { $0!.reading }
                }
            }
        }
        if readings == nil {
            var values = hit.values
            let n = columns.count
            if hit.row.blanksAreCells || hit.streamed {
                let trailing = values.reversed().prefix { $0.reading == .blank }.count
                let leading = values.prefix { $0.reading == .blank }.count
                let surplus = values.count - n
                if surplus > 0, leading > 0, trailing > 0, leading + trailing >= surplus, leading + trailing < values.count {
                    // Blanks at both ends, more than the row has room for: the row may sit one cell
                    // either way (a lost last value reads as a shift). When the row rules allow one cut
                    // only, it is taken; otherwise surplus blanks are cut from the end as before.
                    let cut = { (front: Int) in Array(values[front..<(values.count - (surplus - front))]) }
                    let cuts = (max(0, surplus - trailing)...min(leading, surplus)).filter { front in
                        rowRulesAllow(cut(front).map(\.reading), columns: columns) != nil
                    }
                    if cuts.count == 1 { values = cut(cuts[0]) }
                }
                while values.count > n, values.last?.reading == .blank { values.removeLast() }
                while values.count > n, values.first?.reading == .blank { values.removeFirst() }
                // A table read from text whose converter split off a column no row has a value in
                // (pymupdf4llm: `|0|0|0|0|0||0|0|` in every row): its empty cells are no cells of
                // the row, when leaving them out gives the row its count and its rules allow it.
                if values.count > n, hit.row.mayBeShifted, let valueColumns {
                    let kept = values.filter { $0.reading != .blank || valueColumns.contains($0.column) }
                    if kept.count == n, rowRulesAllow(kept.map(\.reading), columns: columns) != nil { values = kept }
                }
                // Neighbouring columns' numbers stacked in one cell and empty cells split off beside
                // them, as many cells as the row's count or more (pymupdf4llm: `|1<br>0||0|0|0||0|1|`):
                // unstacked with the empty cells left out, when that gives the row its count of
                // values and its rules allow them.
                if values.count >= n, hit.row.mayBeShifted {
                    let (parts, firstStacked) = Self.splittingStacks(values)
                    let kept = parts.filter { $0.reading != .blank }
                    if firstStacked != nil, kept.count == n, rowRulesAllow(kept.map(\.reading), columns: columns) != nil { values = kept }
                }
            }
            if values.count <= n, let unstacked = Self.unstacking(values, to: n, pastEmptyCell: hit.row.mayBeShifted) { values = unstacked }
            if values.count == n {
                readings = values.map(\.reading)
            } else if values.count == n - 1, hit.valueLines <= 1, let placed = placeByRowRules(values.map(\.reading), columns: columns) {
                // (Values gathered from several lines after a label may be the next rows' values, not this row's short of one.)
                readings = placed
            } else if let anchors, anchors.count == n, hit.valueLines <= 1, let placed = placeByAnchors(values, anchors: anchors) {
                readings = placed
            } else if values.allSatisfy({ $0.reading == .blank }) {
                readings = Array(repeating: .blank, count: n)
            } else {
                result.findings.append(Finding(severity: .warning, code: "values_not_placed", table: spec.table, row: hit.id, column: nil,
                                               message: "row \(hit.id) shows \(values.count) values for \(n) columns; they are left missing"))
                return false
            }
        }
        for (column, reading) in zip(columns, readings!) {
            result.values[hit.id, default: [:]][column] = value(reading, row: hit.id, column: column, result: &result)
            if hit.streamed { result.streamed.insert(RuleEngine.Term(row: hit.id, column: column)) }
        }
        return true
    }

    /// What a wide table's header row may name. `labels`: each text cell, each word of a cell that
    /// joins several with single spaces (pdfplumber), and each line of a cell that stacks several,
    /// alone and with the next (`行政<br>结果<br>维持`: a group's label over a column's, pymupdf4llm).
    /// `cutGroups`: in a grid, two or three neighbouring cells together, a group label a
    /// PDF-to-Markdown converter cut over cells (`行政|复议`), or their first lines (`行政<br>…|复议<br>…`).
    static func headerCores(_ row: SourceRow) -> (labels: [String], cutGroups: [String]) {
        let texts = row.textCells
        var labels: [String] = []
        for cell in texts {
            labels.append(cell.core)
            let words = cell.text.split(separator: " ")
            if words.count > 1 { labels += words.map { LabelText.core(String($0)) } }
            let lines = cell.text.split(separator: "\n").map(String.init)
            if lines.count > 1 {
                labels += lines.map(LabelText.core)
                labels += zip(lines, lines.dropFirst()).map { LabelText.core($0 + $1) }
            }
        }
        var cutGroups: [String] = []
        if row.table != nil {
            let firstLines = texts.map { LabelText.core(String($0.text.prefix { $0 != "\n" })) }
            let stacked = texts.contains { $0.text.contains("\n") }
            for k in 2...3 where texts.count >= k {
                for start in 0...(texts.count - k) {
                    cutGroups.append(texts[start..<(start + k)].map(\.core).joined())
                    if stacked { cutGroups.append(firstLines[start..<(start + k)].joined()) }
                }
            }
        }
        return (labels, cutGroups)
    }

    /// A value row whose converter stacked neighbouring columns' numbers in one cell, one a line
    /// (`0<br>0` from pymupdf4llm): each such cell as that many cells, when that gives the row
    /// exactly `count` cells; or, with `pastEmptyCell` (a table read from text, whose converter
    /// placed the cells), one cell more, with one empty cell after the first stacked one, where the
    /// columns came back into step (`32<br>6|0|0|0||0|38`): that cell is no blank value and is left
    /// out. (In a Word or HTML table a cell is where its author put it.) Nil otherwise.
    static func unstacking(_ values: [SourceRow.Cell], to count: Int, pastEmptyCell: Bool) -> [SourceRow.Cell]? {
        var (out, firstStacked) = splittingStacks(values)
        if pastEmptyCell, out.count == count + 1, let firstStacked {
            let empty = out.indices.filter { $0 > firstStacked && out[$0].reading == .blank }
            if empty.count == 1 { out.remove(at: empty[0]) }
        }
        return out.count == count && firstStacked != nil ? out : nil
    }

    /// Each cell stacking numbers one a line as that many cells; with the index of the first such
    /// part (nil when no cell stacks numbers).
    static func splittingStacks(_ values: [SourceRow.Cell]) -> (cells: [SourceRow.Cell], firstStacked: Int?) {
        var out: [SourceRow.Cell] = []
        var firstStacked: Int?
        for cell in values {
            let lines = cell.text.split(separator: "\n").map { String($0).trimmed }.filter { !$0.isEmpty }
            let numbers = lines.map { LabelText.read($0) }
            if cell.reading != .text, lines.count > 1, numbers.allSatisfy(\.isNumber) {
                if firstStacked == nil { firstStacked = out.count }
                for (line, reading) in zip(lines, numbers) {
                    var part = SourceRow.Cell(text: line, column: cell.column, span: cell.span, reading: reading)
                    part.offset = cell.offset
                    out.append(part)
                }
            } else {
                out.append(cell)
            }
        }
        return (out, firstStacked)
    }

    /// Where the columns of values stand in columns aligned with spaces (`pdftotext -layout`): the
    /// middle of each column's values over the rows that show all of them on one line (at least three
    /// such rows, every row of the table with the same columns). Nil elsewhere.
    func valueAnchors(_ hits: [RowHit]) -> [Double]? {
        guard spec.layout == .matrix else { return nil }
        let n = spec.columns.count
        var centres = [[Double]](repeating: [], count: n)
        for hit in hits where hit.row.table == nil && hit.valueLines <= 1 && !hit.uncertain && hit.values.count == n {
            guard hit.values.allSatisfy({ cell in
                if case .number = cell.reading { return cell.offset >= 0 } else { return false }
            }) else { continue }
            for (j, cell) in hit.values.enumerated() { centres[j].append(Double(cell.offset) + Double(cell.text.count) / 2) }
        }
        guard centres[0].count >= 3 else { return nil }
        let anchors = centres.map { $0.sorted()[$0.count / 2] }
        // Columns must stand apart, left to right.
        guard zip(anchors, anchors.dropFirst()).allSatisfy({ $1 - $0 >= 2 }) else { return nil }
        return anchors
    }

    /// A row short of values in space-aligned text: each value goes to the column whose middle is
    /// nearest, when that is closer than half the narrowest gap between columns and no two values
    /// share a column; the columns left are blank (never zero). Nil when any value is in doubt, or
    /// when the values fit other columns as evenly: a line's leading spaces are not kept, so a whole
    /// line may stand shifted, and its values then sit one column off, all by the same amount.
    func placeByAnchors(_ values: [SourceRow.Cell], anchors: [Double]) -> [LabelText.Reading]? {
        let gap = zip(anchors, anchors.dropFirst()).map { $1 - $0 }.min() ?? 0
        let shown = values.filter { $0.reading != .blank }
        guard !shown.isEmpty, shown.allSatisfy({ $0.offset >= 0 }) else { return nil }
        let centres = shown.map { Double($0.offset) + Double($0.text.count) / 2 }
        var columns: [Int] = []
        for centre in centres {
            guard let j = anchors.indices.min(by: { abs(anchors[$0] - centre) < abs(anchors[$1] - centre) }),
                  abs(anchors[j] - centre) < gap / 2 - 0.5, j > (columns.last ?? -1) else { return nil }
            columns.append(j)
        }
        // How unevenly the values stand from the middles of these columns.
        func spread(_ columns: [Int]) -> Double {
            let offsets = zip(centres, columns).map { $0 - anchors[$1] }
            return offsets.max()! - offsets.min()!
        }
        let own = spread(columns)
        var other: [Int] = []
        func fitsElsewhere(from first: Int) -> Bool {
            if other.count == centres.count { return other != columns && spread(other) <= own }
            for j in first..<anchors.count where anchors.count - j >= centres.count - other.count {
                other.append(j)
                defer { other.removeLast() }
                if fitsElsewhere(from: j + 1) { return true }
            }
            return false
        }
        if fitsElsewhere(from: 0) { return nil }
        var readings = [LabelText.Reading](repeating: .blank, count: anchors.count)
        for (cell, j) in zip(shown, columns) { readings[j] = cell.reading }
        return readings
    }

    /// Where a row shows one value fewer than it has columns (a blank that text extraction dropped):
    /// the one place for the gap that the row rules allow, or nil when they allow places that give
    /// different values. A place is allowed when every rule without the gap holds and every rule
    /// with the gap as its only unknown gives the gap a possible value (not negative, for counts).
    /// When several places are allowed but all complete the row to the same values (a row of
    /// zeros), the values are certain; the gap then goes to the sum column of the row rule, whose
    /// value the others fix (the column that PDF text most often loses).
    /// Whether a row's readings can satisfy its row rules (a blank that a rule fixes must come out a
    /// possible value): the values the rules give the blanks, or nil when a rule breaks.
    func rowRulesAllow(_ readings: [LabelText.Reading], columns: [String]) -> [String: Double]? {
        let byColumn = Dictionary(zip(columns, readings), uniquingKeysWith: { a, _ in a })
        var filled: [String: Double] = [:]
        for rule in spec.rules where rule.each == .row {
            var sum = 0.0
            var unknowns: [(column: String, sign: Double)] = []
            for (names, sign) in [(rule.left, 1.0), (rule.right, -1.0)] {
                for name in names {
                    guard let reading = byColumn[name] else { continue }
                    if case .number(let x, _) = reading { sum += sign * x } else { unknowns.append((name, sign)) }
                }
            }
            switch unknowns.count {
            case 0: if abs(sum) >= 1e-9 { return nil }
            case 1:
                // sign · v + sum = 0
                let implied = -sum / unknowns[0].sign
                guard spec.valueType(ofColumn: unknowns[0].column) == "signed" || implied > -1e-9 else { return nil }
                filled[unknowns[0].column] = implied
            default: continue   // cannot be checked
            }
        }
        return filled
    }

    func placeByRowRules(_ values: [LabelText.Reading], columns: [String]) -> [LabelText.Reading]? {
        let rules = spec.rules.filter { $0.each == .row }
        guard !rules.isEmpty else { return nil }
        var fits: [(gap: Int, readings: [LabelText.Reading], completed: [Double?])] = []
        for gap in 0...values.count {
            var candidate = values
            candidate.insert(.blank, at: gap)
            guard let filled = rowRulesAllow(candidate, columns: columns) else { continue }
            let completed: [Double?] = candidate.enumerated().map { i, reading in
                if i == gap { return filled[columns[gap]] }
                if case .number(let x, _) = reading { return x }
                return nil
            }
            fits.append((gap, candidate, completed))
        }
        if fits.count == 1 { return fits[0].readings }
        guard fits.count > 1, fits.allSatisfy({ $0.completed == fits[0].completed && !$0.completed.contains(nil) }) else { return nil }
        let sumColumns = Set(rules.filter { $0.left.count == 1 }.map { $0.left[0] })
        return fits.first { sumColumns.contains(columns[$0.gap]) }?.readings
    }

    /// A canonical value from a reading; unreadable or impossible values are missing, with a finding.
    func value(_ reading: LabelText.Reading, row: String, column: String, result: inout TableMatch) -> CanonicalValue {
        let type = spec.valueType(ofColumn: column)
        switch reading {
        case .blank, .text:
            return .missing
        case .unreadable(let text):
            result.findings.append(Finding(severity: .warning, code: "unreadable_value", table: spec.table, row: row, column: column,
                                           message: "cannot read \"\(text)\" as a number"))
            return CanonicalValue(value: nil, status: .missing, printedText: text)
        case .number(let x, let inferred):
            let valid: Bool
            switch type {
            case "count": valid = x >= 0 && x == x.rounded() && x < 1e9
            case "signed": valid = x == x.rounded() && abs(x) < 1e9
            default: valid = x >= 0 && x < 1e12
            }
            if !valid {
                result.findings.append(Finding(severity: .warning, code: "unreadable_value", table: spec.table, row: row, column: column,
                                               message: "\(x) is not a possible \(type == "decimal" ? "amount" : "count")"))
                return CanonicalValue(value: nil, status: .missing, printedText: String(x))
            }
            return CanonicalValue(value: x, status: inferred ? .inferred : .printed)
        }
    }

    // MARK: - Wide tables (one row of values under grouped headers)

    /// Of several ways to read a row (its values shifted), the one reading when every way that breaks
    /// no rule gives the same values; nil when they differ, or when none fits.
    func agreedByRules(_ candidates: [[LabelText.Reading]]) -> [LabelText.Reading]? {
        let possible = candidates.filter { candidate in
            problem.evaluate(candidate.map { Optional($0) }).map { $0.broken == 0 } ?? false
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
            guard let outcome = problem.evaluate(candidate), outcome.broken == 0, !outcome.values.contains(nil) else { continue }
            fits.append((gap, outcome.values))
        }
        guard let first = fits.first, fits.allSatisfy({ $0.completed == first.completed }) else { return nil }
        var readings = values
        readings.insert(.blank, at: first.gap)
        return readings
    }

    func matchWide(_ rows: [SourceRow]) -> TableMatch {
        var result = TableMatch()
        let slots = spec.rows.flatMap { row in spec.columnIDs(forRow: row.id).map { (row.id, $0) } }
        var headerLabels = Set<String>()
        var valueRow: SourceRow?
        var headerRows: [SourceRow] = []
        for row in rows {
            let texts = row.textCells
            let cores = Self.headerCores(row)
            for core in cores.labels {
                if let c = bestColumn(core) { headerLabels.insert(c) }
                if let r = bestRow(core) { headerLabels.insert("row:" + r.id) }
            }
            for core in cores.cutGroups { if let r = bestRow(core) { headerLabels.insert("row:" + r.id) } }
            // A wide row of cells with a few numbers and no text is a value row of mostly blank cells;
            // with text too, it is a header row that OCR noise gave a number (`4+H` for 总计).
            let isValueRow = row.numberCount >= min(5, slots.count)
                || (row.blanksAreCells && row.numberCount >= 1 && row.cells.count >= slots.count && texts.isEmpty)
            if isValueRow, texts.isEmpty || texts.allSatisfy({ bestRow($0.core) == nil && bestColumn($0.core) == nil }) {
                valueRow = row
                break
            }
            headerRows.append(row)
        }
        result.score = headerLabels.count
        // The table's own headers must be there: two of its group labels, or one and most of its column labels.
        let groupsSeen = headerLabels.filter { $0.hasPrefix("row:") }.count
        let enoughHeaders = groupsSeen >= 2 || (groupsSeen >= 1 && headerLabels.count - groupsSeen >= min(3, spec.columns.count))
        guard enoughHeaders else {
            result.score = 0
            return result
        }
        // Reading-order text that scatters the values among the headers gives no value row: the
        // order of such values is not the table's, so they are left missing.
        guard let valueRow else { return result }
        result.score += 5

        var readings: [LabelText.Reading]?
        // By the header path above each grid column.
        if let table = valueRow.table {
            let above = headerRows.filter { $0.table == table }
            var position: [String: Int] = [:]
            for cell in valueRow.cells {
                let path = above.flatMap { $0.cells.filter { $0.column <= cell.column && cell.column < $0.column + $0.span } }
                    .map(\.core)
                let column = path.reversed().lazy.compactMap { self.bestColumn($0) }.first
                let group = spec.rows.first { row in path.contains { LabelText.similarity($0, LabelText.core(row.label)) >= 0.85 } }
                if let column, let group { position["\(group.id)|\(column)"] = cell.column }
            }
            if slots.allSatisfy({ position["\($0.0)|\($0.1)"] != nil }) && Set(position.values).count == slots.count {
                let byColumn = Dictionary(valueRow.cells.filter { !$0.isFiller }.map { ($0.column, $0) }, uniquingKeysWith: { a, _ in a })
                // A text row shorter than its header may have lost fields at its start as well as
                // its end: each shift is tried, and only one the rules cannot tell from the others is read.
                let short = valueRow.mayBeShifted ? valueRow.cells.filter(\.isFiller).count : 0
                let shifted = (0...short).map { shift in slots.map { byColumn[position["\($0.0)|\($0.1)"]! - shift]?.reading ?? .blank } }
                if short == 0 {
                    readings = shifted[0]
                } else if let agreed = agreedByRules(shifted) {
                    readings = agreed
                } else {
                    result.findings.append(Finding(severity: .warning, code: "values_not_placed", table: spec.table, row: nil, column: nil,
                                                   message: "the value row is \(short) cells shorter than its header, and the rules do not tell where its values stood; they are left missing"))
                    return result
                }
            }
        }
        if readings == nil {
            var values = valueRow.cells.filter { $0.reading != .text && !($0.isFiller && valueRow.mayBeShifted) }
            while values.count > slots.count, values.last?.reading == .blank { values.removeLast() }
            while values.count > slots.count, values.first?.reading == .blank { values.removeFirst() }
            if values.count <= slots.count, let unstacked = Self.unstacking(values, to: slots.count, pastEmptyCell: valueRow.mayBeShifted) {
                values = unstacked
            }
            let short = valueRow.mayBeShifted && valueRow.cells.contains(where: \.isFiller) ? slots.count - values.count : 0
            if values.count == slots.count {
                readings = values.map(\.reading)
            } else if short > 0, let agreed = agreedByRules((0...short).map { lead in
                Array(repeating: .blank, count: lead) + values.map(\.reading) + Array(repeating: .blank, count: short - lead)
            }) {
                // A text row short of cells: read only where every placement the rules allow agrees.
                readings = agreed
            } else if !valueRow.blanksAreCells, values.count == slots.count - 1, let placed = placeOneBlank(values.map(\.reading)) {
                readings = placed
            } else {
                result.findings.append(Finding(severity: .warning, code: "values_not_placed", table: spec.table, row: nil, column: nil,
                                               message: "the value row shows \(values.count) values for \(slots.count) columns; they are left missing"))
                return result
            }
        }
        for ((row, column), reading) in zip(slots, readings!) {
            result.values[row, default: [:]][column] = value(reading, row: row, column: column, result: &result)
        }
        return result
    }
}
