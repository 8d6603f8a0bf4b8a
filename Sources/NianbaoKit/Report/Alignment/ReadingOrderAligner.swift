import Foundation

/// Reads a table whose labels and values reading-order text has pulled apart.
///
/// `pdftotext` without `-layout` writes a table's text in the order the PDF draws it: labels of tall
/// merged cells turn up rows away from their values, several labels come before a run of values, a
/// label comes after its own values. Pairing values with the label before them then goes wrong. The
/// values themselves, though, come in the table's order, row by row and left to right, with at
/// times one of them out of place. So the numbers of a table's region are laid into the cells of the
/// template variant in that order, and the rules decide: a cell is kept only when two rules at least
/// hold on it and none breaks (one rule alone does not notice two of its values trading places), or
/// when it has only one rule, which holds on values that are all alike on each side (a group of
/// zeros in the review table) or whose cells all came in the unbroken run of numbers after the last
/// of the table's labels (there PDF text read the values as one block, row by row). A
/// value out of place breaks its row's rule or its column's, and the cells of a broken rule are not
/// kept, nor the rows of zeros between two broken rows (a shift of zeros adds up as well as zeros
/// in place).
///
/// A region may hold a few numbers fewer than the table has cells (a blank cell has no text in a
/// PDF), a whole row or column fewer, or one more (a page number); and a number alone at the end of
/// a label's line may belong at the start of any row. Every such placement is tried; those that
/// break no rule are kept, and a cell is kept only when all of them agree on it. When they all break
/// a rule, the numbers are read as runs, one per row (`AlignmentProblem.runReadings`): up to five blanks, and
/// rows' first values drawn with their labels, away from their rows (in a row with a blank, too: its
/// first printed value; and with a column printed blank in every row); then with the last rows, which
/// the rules give from the rows above (总计, 结转下年度), derived and matched with the numbers left
/// over (blank, or split by their labels). When every guess breaks a
/// rule, only the numbers as they stand are read if none is missing; if some are, the best guesses
/// are kept as a last resort (`Alignment.lastResort`), only for cells that label pairing left missing;
/// so are readings that fit only with one of the first rows' values out of order. A reading with
/// blanks is checked against the readings without the last numbers (values drawn late, `align`):
/// where another that fits gives a cell another value, the cell is left in doubt.
///
/// Each way of reading is an `AlignmentStrategy` (Strategies/), run in the order above by `Aligner`
/// over an `AlignmentContext`; one `Judge` weighs their readings, and `Alignment.origins` names
/// the strategy that read each cell kept.
enum ReadingOrderAligner {
    struct Alignment {
        /// The reading of every aligned cell (a cell left as a gap has none).
        var readings: [RuleEngine.Term: LabelText.Reading]
        /// The cells that the rules confirm.
        var confirmed: Set<RuleEngine.Term>
        /// Cells that take part in a broken rule, or that the placements do not agree on.
        var doubtful: Set<RuleEngine.Term>
        /// Every placement tried breaks a rule, or fits only with one of the first rows' values out of
        /// order: a last resort, tried after the readings without values drawn late, used only for
        /// cells that label pairing left missing, and only when the two do not disagree
        /// (`ReportExtractor.adopt`).
        var lastResort = false
        /// How many cells the table has more than the numbers read (cells printed blank, or whose
        /// values were drawn elsewhere).
        var blanks = 0
        /// The cells' values in the first of the best placements, read or given by the rules, when
        /// it breaks no rule (empty otherwise), where every rule on the cell could be checked: what,
        /// with `doubtful`, the cells another reading confirms are checked against (`align`).
        var values: [RuleEngine.Term: Double] = [:]
        /// The strategy that read each cell of `readings` (`AlignmentStrategy.name`), for saying why
        /// a cell was read so.
        var origins: [RuleEngine.Term: String] = [:]
    }

    /// Most cells without a number, and most numbers without a cell, that an alignment tries to place.
    static let maximumGaps = 2
    static let maximumStrays = 1
    /// Most numbers alone on a label's line that are tried at the start of every row in every
    /// combination; beyond it, they are placed in their order by the rows' own rules.
    static let maximumFloating = 3
    /// Most cells without a number when rows are read as runs (`AlignmentProblem.runReadings`).
    static let maximumRunGaps = 5
    /// Most values of the rows the rules derive, besides their first values, that may stand apart
    /// from their places (`AlignmentProblem.RunShape.looseTail`): after their row's label, in a group of
    /// numbers no larger than this between two lines of text, and only when none of those rows' cells
    /// is blank. (LibreOffice PDFs draw two values of 结转下年度 after its label.)
    static let maximumMovedInTail = 2
    /// Most first values that wait for their rows (or rows for their first values) at one time.
    static let maximumPending = 8
    /// How many lines away from a number a row's label may stand for the number to be that row's.
    static let labelReach = 3
    /// Most placements tried for one table.
    static let maximumPlacements = 60_000
    /// Most states of one search of runs (`AlignmentProblem.runReadings`). (200,000 before its readings were
    /// shared: a state costs less now, and one table among many rows of zeros needs more.)
    static let maximumStates = 800_000
    /// Most entries one search of runs keeps in its memo (a reading of a state, or a value of a row
    /// in the readings it shares), for its memory: at most about 100 MB. (A search among many rows of
    /// zeros may keep thousands of readings for each of thousands of states; the searches that find
    /// readings in the test corpora keep up to about half a million entries.)
    static let maximumStoredEntries = 4_000_000

    /// Aligns the numbers of `rows` with the cells of the variant of `labels`, or nil when the rows are
    /// not reading-order text, the variant has no rules, or the numbers are too far from the cells in count.
    static func align(_ rows: [SourceRow], labels: LabelIndex, rules: RuleSet) -> Alignment? {
        let whole = alignNumbers(rows, labels: labels, rules: rules)
        // The last few values may have been drawn late, apart from their rows (LibreOffice PDFs draw
        // some cells after the rest, at times after labels drawn late too): the table is read again
        // without its last one, two or three numbers, when the rules confirm fewer than half the
        // cells, the reading is a last resort, or it leaves cells without numbers (then a late
        // value's cell among them may let the numbers fit shifted: among many zeros, the rows' values
        // moved by a column add up as well). The reading that the rules confirm most of is kept
        // (a last resort only when none of the others fits), and of its cells only those that every
        // other reading that fits agrees on: one that gives a cell another value, or doubts it where
        // its rules could be checked (its own placements that fit differ there), leaves it in doubt.
        let lastResort = whole?.lastResort == true
        let few = (whole?.confirmed.count ?? 0) * 2 < labels.spec.cellIDs.count
        guard lastResort || few || (whole?.blanks ?? 0) > 0 else { return whole }
        var readings = lastResort || whole == nil ? [] : [whole!]
        let states = SharedStates(maximumLateStates)
        for (trimmed, late) in withoutLateValues(rows, labels: labels, rules: rules) {
            guard var retry = alignNumbers(trimmed, labels: labels, rules: rules, late: late, states: states) else { continue }
            let without = "without \(late.count) late value\(late.count == 1 ? "" : "s")"
            retry.origins = retry.origins.mapValues { "\($0), \(without)" }
            readings.append(retry)
        }
        // A last resort that fits every rule (a row out of order) is not kept, but it is a reading
        // that fits, and its cells weigh as the others' do.
        return Judge.weigh(readings, alsoFitting: lastResort ? whole : nil) ?? whole
    }

    /// Most numbers at the end of a table that are taken for values drawn late (`withoutLateValues`).
    static let maximumLate = 3
    /// Most cells left without numbers, values drawn late among them, in readings without those values.
    static let maximumLateGaps = 5
    /// Most states of the searches of runs (`AlignmentProblem.runReadings`) in all readings without values
    /// drawn late of one table, together: second guesses get a smaller search than the first reading.
    static let maximumLateStates = 20_000

    /// The rows without their last one, two, … `maximumLate` numbers, with those numbers, when they
    /// follow the table's last label or stand alone among the labels before it, and no value follows
    /// them in the rows. No more than `maximumLateGaps` cells are left without numbers in all (more
    /// cells without numbers let a shifted reading fit the rules).
    static func withoutLateValues(_ rows: [SourceRow], labels: LabelIndex, rules: RuleSet) -> [(rows: [SourceRow], late: [Double])] {
        guard let start = rows.firstIndex(where: { namesTable($0, labels: labels) }) else { return [] }
        let end = rows[start...].firstIndex { row in row.textCells.contains { $0.text.contains("。") } } ?? rows.endIndex
        guard let lastLabel = rows[start..<end].lastIndex(where: { namesTable($0, labels: labels) || namedRows($0, labels: labels) != 0 })
        else { return [] }
        // The number-only lines after the last label, up to the next line of text.
        var after = lastLabel + 1
        while after < rows.endIndex, rows[after].textCells.isEmpty { after += 1 }
        // No number past the first line of prose: those would not be this table's.
        guard rows[max(after, end)...].allSatisfy({ row in row.cells.allSatisfy { $0.reading == .text || $0.reading == .blank } }) else { return [] }
        let numbers = rows[start...].reduce(0) { $0 + $1.cells.filter(\.reading.isValue).count }
        let blanks = labels.spec.cellIDs.count - numbers
        // The last row's label, then numbers that end with its cells, adding up by its rules: that
        // row was drawn in its place, and late values can only be among the labels before it.
        let trailing = rows[(lastLabel + 1)..<after].flatMap {
            $0.cells.compactMap { cell -> Double? in
                if case .number(let x, _) = cell.reading { x } else { nil }
            }
        }
        var lastRowInPlace = false
        if let lastRow = labels.spec.rows.last?.id, let index = labels.rowIndex[lastRow], index < 64,
            namedRows(rows[lastLabel], labels: labels) & (1 << UInt64(index)) != 0
        {
            let columns = labels.spec.columnIDs(forRow: lastRow)
            let rowRules = rules.equations.filter { $0.terms.allSatisfy { $0.0.row == lastRow } }
            let value = Dictionary(uniqueKeysWithValues: zip(columns, trailing.suffix(columns.count)))
            if trailing.count >= columns.count, !rowRules.isEmpty,
                rowRules.allSatisfy({ rule in
                    RuleSet.holds(rule.terms) { value[$0.column] ?? .nan }
                })
            {
                lastRowInPlace = true
            }
        }
        // Late numbers are taken from the end: those after the last label, and before it those
        // alone among the labels (a group of at most `maximumMovedInTail` number-only lines between
        // two lines of text, or a number ending a label's line), which labels drawn late brought
        // with them.
        func alone(_ i: Int) -> Bool {
            // A number at the end of a label's line came with that label.
            if !rows[i].textCells.isEmpty { return rows[i].numberCount == 1 && rows[i].cells.last?.reading.isNumber == true }
            var first = i
            var last = i
            while first > start, rows[first - 1].textCells.isEmpty { first -= 1 }
            while last + 1 < rows.endIndex, rows[last + 1].textCells.isEmpty { last += 1 }
            let count = rows[first...last].reduce(0) { $0 + $1.numberCount }
            return count <= maximumMovedInTail && first > start && last + 1 < rows.endIndex
        }
        var trimmed = rows
        var late: [Double] = []
        var results: [(rows: [SourceRow], late: [Double])] = []
        var emptied = Set<Int>()
        var line = lastRowInPlace ? lastLabel - 1 : rows.endIndex - 1
        while late.count < min(maximumLate, maximumLateGaps - blanks), line > start {
            guard let cell = trimmed[line].cells.lastIndex(where: \.reading.isValue) else {
                line -= 1
                continue
            }
            guard line > lastLabel || alone(line), case .number(let x, _) = trimmed[line].cells[cell].reading else { break }
            trimmed[line].cells.remove(at: cell)
            if trimmed[line].cells.isEmpty { emptied.insert(line) }
            late.insert(x, at: 0)
            results.append((trimmed.indices.filter { !emptied.contains($0) }.map { trimmed[$0] }, late))
        }
        return results
    }

    /// `align` on the rows as they are.
    /// `late`: values drawn late, taken out of the rows (`withoutLateValues`). A reading must then
    /// leave cells without numbers that can hold them (a cell whose rules give it another value
    /// cannot), and, the numbers not being all in their order, no rule is trusted on that ground
    /// alone (see `RuleSet.evaluate`).
    static func alignNumbers(
        _ rows: [SourceRow], labels: LabelIndex, rules: RuleSet,
        late: [Double]? = nil, states shared: SharedStates? = nil
    ) -> Alignment? {
        guard let context = AlignmentContext(rows, labels: labels, rules: rules, late: late, shared: shared) else { return nil }
        return Aligner.align(context)
    }

    /// How many of a table's first rows may have their values drawn out of order (`AlignmentProblem.rowOutOfOrder`).
    static let rowsOutOfOrder = 2

    /// Most placements of blanks among a table's numbers, one for each way that gives other values
    /// (`gapSetsAmongZeros`).
    static let maximumAmongZeros = 20_000

    /// The cells left blank by `gaps` blanks among the numbers in their order, in every way that gives
    /// the cells other values, or nil when there are more than `limit` such ways. A blank moved
    /// across zeros shifts only zeros, and the rules then give it zero too: only how many numbers
    /// other than zero stand before each blank tells placements apart. (A table of nearly all zeros,
    /// with three blanks or more, has few; its search of runs, `AlignmentProblem.runReadings`, finds too many
    /// readings, one for each place of each blank among the zeros.) Each blank stands right before the
    /// next number other than zero (at the end after the last one).
    static func gapSetsAmongZeros(_ tokens: [LabelText.Reading], gaps: Int, limit: Int) -> [[Int]]? {
        let places =
            tokens.indices.filter { i in
                if case .number(let x, _) = tokens[i] { x != 0 } else { true }
            } + [tokens.count]
        // As many ways as multisets of `gaps` places: C(places + gaps - 1, gaps).
        var count = 1.0
        for k in 0..<gaps { count = count * Double(places.count + k) / Double(k + 1) }
        guard gaps > 0, count.rounded() <= Double(limit) else { return nil }
        var sets: [[Int]] = []
        var chosen: [Int] = []
        func choose(from first: Int) {
            // The j-th blank before the number at place p leaves cell p + j blank.
            if chosen.count == gaps {
                sets.append(chosen.enumerated().map { places[$1] + $0 })
                return
            }
            for k in first..<places.count {
                chosen.append(k)
                choose(from: k)
                chosen.removeLast()
            }
        }
        choose(from: 0)
        return sets
    }

    /// The cells of the one or two whole rows left blank, among the ways `gapSets` offers, when the
    /// labels single them out: with those rows blank and the numbers in their order, and with no
    /// other, every row's first number comes right after its own label (the nearest line before it,
    /// or its own, that names a row names this one), and each blank row's label stands before the
    /// next row's values with no number between. One-cell-per-line text (PyMuPDF) writes each
    /// label before its values, and nothing for a row printed blank. Nil when no way, or more than
    /// one, fits so.
    static func blankRowsByLabels(_ gapSets: [[Int]], problem: AlignmentProblem, tokenLine: [Int], namedRows: [UInt64]) -> Set<Int>? {
        var naming = [UInt64](repeating: 0, count: namedRows.count)
        for line in namedRows.indices { naming[line] = namedRows[line] != 0 ? namedRows[line] : (line > 0 ? naming[line - 1] : 0) }
        let numberLines = Set(tokenLine)
        func followsLabels(_ gapSet: [Int]) -> Bool {
            let gaps = Set(gapSet)
            for (index, cells) in problem.rowCells.enumerated() {
                guard index < 64 else { return false }
                guard let first = cells.first(where: { !gaps.contains($0) }) else { continue }
                let token = first - gapSet.count { $0 < first }
                guard token < tokenLine.count, naming[tokenLine[token]] & (1 << UInt64(index)) != 0 else { return false }
            }
            // And each blank row's own label stands among the labels, no number between it and the
            // next row's values (after the last number, when it is the last row). In raw reading
            // order a label drawn late, after the values, passes the test above for the wrong row.
            for (index, cells) in problem.rowCells.enumerated() where cells.allSatisfy(gaps.contains) {
                let bit = UInt64(1) << UInt64(index)
                if let next = (cells.last! + 1..<problem.cells.count).first(where: { !gaps.contains($0) }) {
                    var line = tokenLine[next - gapSet.count { $0 < next }] - 1
                    while line >= 0, namedRows[line] & bit == 0, !numberLines.contains(line) { line -= 1 }
                    guard line >= 0, namedRows[line] & bit != 0 else { return false }
                } else {
                    guard let last = tokenLine.last, namedRows[(last + 1)...].contains(where: { $0 & bit != 0 }) else { return false }
                }
            }
            return true
        }
        let fitting = gapSets.filter { problem.wholeRows($0) && followsLabels($0) }
        return fitting.count == 1 ? Set(fitting[0]) : nil
    }

    /// Whether each late value can be the value of a different cell left without a number, whose
    /// value (fixed by the rules) is the same or not known.
    static func canHold(_ late: [Double], gaps: [Double?]) -> Bool {
        guard gaps.count >= late.count else { return false }
        var open = gaps
        for x in late {
            guard let i = open.firstIndex(where: { $0 == x }) ?? open.firstIndex(where: { $0 == nil }) else { return false }
            open.remove(at: i)
        }
        return true
    }

    /// The region up to the first line that ends a sentence (。) after the table's first number, when
    /// the numbers after that line are more than the table has cells for: numbers past a paragraph of
    /// prose are not this table's (PDF text drew a value of an earlier table late). Otherwise unchanged.
    static func cutAfterSentence(_ region: [SourceRow], cells: Int) -> [SourceRow] {
        guard let sentence = firstSentence(in: region) else { return region }
        let before = region[..<sentence].reduce(0) { $0 + $1.numberCount }
        let all = region.reduce(0) { $0 + $1.numberCount }
        return before == cells && all > cells ? Array(region[..<sentence]) : region
    }

    /// Where the final run of the table's numbers starts, counted in numbers: the number-only lines
    /// after the last line of the table's labels (text that names a row, column or group of the table),
    /// up to the end of the region or the first line of prose, with no number after them. PDF text
    /// read that value area as one block, row by row and left to right (all of the table's numbers
    /// when the run starts at 0). Before it, labels and values took turns: the table was read in
    /// pieces, and a value there may stand out of place within its own row's rule. Nil when the region
    /// does not end so.
    static func finalRunStart(_ region: [SourceRow], labels: LabelIndex) -> Int? {
        // The region up to the first sentence of prose after the first number.
        let table = region[..<(firstSentence(in: region) ?? region.endIndex)]
        guard let lastNumber = table.lastIndex(where: { $0.numberCount > 0 }) else { return nil }
        // Nothing but blank lines (or text that is not the table's) after the last number, and no
        // value at all after it in the region.
        guard table[(lastNumber + 1)...].allSatisfy({ !namesTable($0, labels: labels) }),
            region[(lastNumber + 1)...].allSatisfy({ row in row.cells.allSatisfy { $0.reading == .text || $0.reading == .blank } })
        else { return nil }
        // The run: number-only lines back from the last number, to the first line with text.
        var start = lastNumber
        while start > table.startIndex, region[start - 1].textCells.isEmpty { start -= 1 }
        guard table[start...lastNumber].allSatisfy({ row in row.cells.allSatisfy { $0.reading == .blank || $0.reading.isNumber } })
        else { return nil }
        return table[..<start].reduce(0) { $0 + $1.cells.filter(\.reading.isValue).count }
    }

    /// The first line after the region's first number that ends a sentence (。): prose, not the table.
    static func firstSentence(in region: [SourceRow]) -> Int? {
        guard let firstNumber = region.firstIndex(where: { $0.numberCount > 0 }) else { return nil }
        return region[firstNumber...].firstIndex { row in row.textCells.contains { $0.text.contains("。") } }
    }

    /// The variant's rows that a line's text names, whole or by the start of a label, one bit per row
    /// (the first 64 rows).
    static func namedRows(_ row: SourceRow, labels: LabelIndex) -> UInt64 {
        var mask: UInt64 = 0
        for cell in row.textCells {
            for id in [labels.bestRow(cell.core)?.id, labels.bestPartialRow(cell.core, minimumShare: 0.25)] {
                if let id, let index = labels.rowIndex[id], index < 64 { mask |= 1 << UInt64(index) }
            }
        }
        return mask
    }

    /// True when a line names one of the variant's rows, columns or groups.
    static func namesTable(_ row: SourceRow, labels: LabelIndex) -> Bool {
        row.textCells.contains { cell in
            labels.isGroupLabel(cell.core) || labels.bestColumn(cell.core) != nil
                || (labels.bestRow(cell.core)?.score ?? 0) >= 0.9
        }
    }

    /// States left to searches of runs that share them (`AlignmentProblem.runReadings`).
    final class SharedStates {
        var left: Int
        init(_ left: Int) { self.left = left }
    }

}
