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
/// a rule, the numbers are read as runs, one per row (`Problem.runReadings`): up to five blanks, and
/// rows' first values drawn with their labels, away from their rows (in a row with a blank, too: its
/// first printed value; and with a column printed blank in every row); then with the last rows, which
/// the rules give from the rows above (总计, 结转下年度), derived and matched with the numbers left
/// over (blank, or split by their labels). When every guess breaks a
/// rule, only the numbers as they stand are read if none is missing; if some are, the best guesses
/// are kept as a last resort (`Alignment.lastResort`), only for cells that label pairing left missing;
/// so are readings that fit only with one of the first rows' values out of order. A reading with
/// blanks is checked against the readings without the last numbers (values drawn late, `align`):
/// where another that fits gives a cell another value, the cell is left in doubt.
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
    }

    /// Most cells without a number, and most numbers without a cell, that an alignment tries to place.
    static let maximumGaps = 2
    static let maximumStrays = 1
    /// Most numbers alone on a label's line that are tried at the start of every row in every
    /// combination; beyond it, they are placed in their order by the rows' own rules.
    static let maximumFloating = 3
    /// Most cells without a number when rows are read as runs (`Problem.runReadings`).
    static let maximumRunGaps = 5
    /// Most values of the rows the rules derive, besides their first values, that may stand apart
    /// from their places (`Problem.RunShape.looseTail`): after their row's label, in a group of
    /// numbers no larger than this between two lines of text, and only when none of those rows' cells
    /// is blank. (LibreOffice PDFs draw two values of 结转下年度 after its label.)
    static let maximumMovedInTail = 2
    /// Most first values that wait for their rows (or rows for their first values) at one time.
    static let maximumPending = 8
    /// How many lines away from a number a row's label may stand for the number to be that row's.
    static let labelReach = 3
    /// Most placements tried for one table.
    static let maximumPlacements = 60_000
    /// Most states of one search of runs (`Problem.runReadings`). (200,000 before its readings were
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
            if let retry = alignNumbers(trimmed, labels: labels, rules: rules, late: late, states: states) { readings.append(retry) }
        }
        guard var best = readings.max(by: { $0.confirmed.count < $1.confirmed.count }) else { return whole }
        // A last resort that fits every rule (a row out of order) is not kept, but it is a reading
        // that fits, and its cells weigh as the others' do.
        for other in readings + (lastResort ? [whole!] : []) where !other.values.isEmpty {
            for term in best.confirmed where other.values[term].map({ $0 != best.readings[term]?.number || other.doubtful.contains(term) }) ?? false {
                best.confirmed.remove(term)
                best.readings[term] = nil
                best.doubtful.insert(term)
            }
        }
        return best
    }

    /// Most numbers at the end of a table that are taken for values drawn late (`withoutLateValues`).
    static let maximumLate = 3
    /// Most cells left without numbers, values drawn late among them, in readings without those values.
    static let maximumLateGaps = 5
    /// Most states of the searches of runs (`Problem.runReadings`) in all readings without values
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
        let trailing = rows[(lastLabel + 1)..<after].flatMap { $0.cells.compactMap { cell -> Double? in
            if case .number(let x, _) = cell.reading { x } else { nil }
        } }
        var lastRowInPlace = false
        if let lastRow = labels.spec.rows.last?.id, let index = labels.rowIndex[lastRow], index < 64,
           namedRows(rows[lastLabel], labels: labels) & (1 << UInt64(index)) != 0 {
            let columns = labels.spec.columnIDs(forRow: lastRow)
            let rowRules = rules.equations.filter { $0.terms.allSatisfy { $0.0.row == lastRow } }
            let value = Dictionary(uniqueKeysWithValues: zip(columns, trailing.suffix(columns.count)))
            if trailing.count >= columns.count, !rowRules.isEmpty, rowRules.allSatisfy({ rule in
                RuleSet.holds(rule.terms) { value[$0.column] ?? .nan }
            }) { lastRowInPlace = true }
        }
        // Late numbers are taken from the end: those after the last label, and before it those
        // alone among the labels (a group of at most `maximumMovedInTail` number-only lines between
        // two lines of text, or a number ending a label's line), which labels drawn late brought
        // with them.
        func alone(_ i: Int) -> Bool {
            // A number at the end of a label's line came with that label.
            if !rows[i].textCells.isEmpty { return rows[i].numberCount == 1 && rows[i].cells.last?.reading.isNumber == true }
            var first = i, last = i
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
            guard let cell = trimmed[line].cells.lastIndex(where: \.reading.isValue) else { line -= 1; continue }
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
    /// alone (see `Problem.evaluate`).
    static func alignNumbers(_ rows: [SourceRow], labels: LabelIndex, rules: RuleSet,
                             late: [Double]? = nil, states shared: SharedStates? = nil) -> Alignment? {
        let spec = labels.spec
        guard !rules.equations.isEmpty, spec.layout != .blocks else { return nil }
        // Only text whose lines drop blank cells: grids, tab and pipe rows are read by their columns.
        guard !rows.isEmpty, rows.allSatisfy({ $0.table == nil && !$0.blanksAreCells }) else { return nil }
        // The table starts at the first line that names one of its rows, columns or groups.
        guard let start = rows.firstIndex(where: { namesTable($0, labels: labels) }) else { return nil }
        // Space-aligned text (`pdftotext -layout`) keeps a row's values on its label's line.
        var numbersInRows = 0
        var numbersAll = 0
        for row in rows[start...] {
            let count = row.numberCount
            numbersAll += count
            if count >= 3 { numbersInRows += count }
        }
        // Space-aligned text (most numbers several to a line) is read by label pairing first; here
        // only the cheap guesses are tried for it (one blank at most), not tens of thousands.
        let spaceAligned = numbersInRows * 2 >= numbersAll
        var tokens: [LabelText.Reading] = []
        // A number alone at the end of a label's line shares a baseline with that label: PDF text
        // puts it wherever the label column is drawn, so it may belong at the start of any row.
        var floating: [Int] = []
        // A number alone on its line between two lines of label text came with the label column too
        // (only the order-keeping placement tries these).
        var lone: [Int] = []
        // The rows whose labels stand near each number (within `labelReach` lines): only to one of
        // these may a number that left its row belong (see `Problem.runReadings`).
        var apart: [UInt64] = []
        // The region line of each number.
        var tokenLine: [Int] = []
        let problem = AlignmentProblem(rules: rules)
        let n = problem.cells.count
        let region = Self.cutAfterSentence(Array(rows[start...]), cells: n)
        let finalRun = Self.finalRunStart(region, labels: labels)
        let namedRows = region.map { Self.namedRows($0, labels: labels) }
        // Numbers in groups between lines of text: a group of one or two may be values drawn with
        // the labels (see `Problem.RunShape.looseTail`).
        var group: [Int] = []
        var groups = 0
        // Space-aligned text: the row whose label shares a line with several values (those values are
        // that row's), one per number.
        var besideLabel: [String?] = []
        for (i, row) in region.enumerated() {
            if !row.textCells.isEmpty { groups += 1 }
            if row.cells.count == 1, case .number = row.cells[0].reading, i > 0, i + 1 < region.count,
               region[i - 1].cells.last?.reading == .text, region[i + 1].cells.first?.reading == .text {
                lone.append(tokens.count)
            }
            let numbers = row.cells.filter(\.reading.isValue)
            if numbers.count == 1, row.cells.last?.reading == numbers[0].reading, row.cells.count > 1,
               row.cells[row.cells.count - 2].reading == .text {
                floating.append(tokens.count)
            }
            let near = region.indices.clamped(to: (i - labelReach)..<(i + labelReach + 1)).reduce(UInt64(0)) { $0 | namedRows[$1] }
            var ownRow: String?
            if spaceAligned, numbers.count >= 3 {
                let named = Set(row.textCells.compactMap { labels.bestRow($0.core)?.id })
                if named.count == 1 { ownRow = named.first }
            }
            for cell in row.cells where cell.reading.isValue {
                tokens.append(cell.reading)
                apart.append(near)
                tokenLine.append(i)
                group.append(groups)
                besideLabel.append(ownRow)
            }
        }
        let gaps = n - tokens.count
        let groupSizes = Dictionary(group.map { ($0, 1) }, uniquingKeysWith: +)
        let labelled = group.map { groupSizes[$0]! <= maximumMovedInTail }

        // The cells left without a number, in every way the count allows: a few single cells, one
        // whole column, or one or two whole rows.
        var gapSets: [[Int]] = []
        // How many of them, first, are combinations of single cells; whether those stand for others
        // (`gapSetsAmongZeros`).
        var combinations = 0
        var gapsAmongZeros = false
        if gaps == 0 {
            gapSets = [[]]
        } else if gaps > 0 {
            if gaps <= (spaceAligned ? 1 : maximumGaps) {
                var combination: [Int] = []
                func choose(from first: Int) {
                    if combination.count == gaps { gapSets.append(combination); return }
                    for cell in first..<n { combination.append(cell); choose(from: cell + 1); combination.removeLast() }
                }
                choose(from: 0)
            } else if !spaceAligned, gaps <= maximumRunGaps, let amongZeros = gapSetsAmongZeros(tokens, gaps: gaps, limit: maximumAmongZeros) {
                gapSets = amongZeros
                gapsAmongZeros = true
            }
            combinations = gapSets.count
            for column in problem.columnCells where column.count == gaps { gapSets.append(column) }
            for (i, row) in problem.rowCells.enumerated() {
                if row.count == gaps { gapSets.append(row) }
                for other in problem.rowCells[(i + 1)...] where row.count + other.count == gaps { gapSets.append(row + other) }
            }
        }
        // Which whole rows are blank, when the labels tell: the numbers' order and the rules cannot
        // (the column rules give a blank row whichever row it is, the rows between shifted by one).
        let blankRowsByLabels = Self.blankRowsByLabels(gapSets, problem: problem, tokenLine: tokenLine, namedRows: namedRows)
        if let blankRowsByLabels {
            gapSets.removeAll { problem.wholeRows($0) && Set($0) != blankRowsByLabels }
        }
        let strays = gaps < 0 ? -gaps : 0
        // Blanks in the last rows that the rules derive are found by matching (`RunShape.looseTail`).
        let derivedCells = problem.derivedTail.map { n - problem.rowCells[$0.start][0] } ?? 0
        guard strays <= maximumStrays, !gapSets.isEmpty || strays > 0 || gaps <= maximumRunGaps + derivedCells else { return nil }
        if strays > 0 { gapSets = [[]] }

        // Where the floating numbers go: left where they stand, or each at the start of a row.
        var floatPlans: [[Int?]] = [Array(repeating: nil, count: floating.count)]
        let rowStarts = problem.rowCells.compactMap(\.first)
        if !floating.isEmpty, floating.count <= maximumFloating {
            var plan: [Int?] = []
            func place() {
                if plan.count == floating.count { if plan.contains(where: { $0 != nil }) { floatPlans.append(plan) }; return }
                for target in [nil] + rowStarts.map(Optional.some) where target == nil || !plan.contains(target) {
                    plan.append(target); place(); plan.removeLast()
                }
            }
            place()
        }
        // Too many guesses together: the floating numbers stay where they stand.
        let perPlan = gapSets.count * max(1, strays * tokens.count)
        if perPlan * floatPlans.count > maximumPlacements { floatPlans = [floatPlans[0]] }
        guard perPlan <= maximumPlacements else { return nil }

        // Every placement is tried as it is made (there may be tens of thousands): the best are kept.
        // The first placement that breaks fewest rules, and for each cell whether every placement
        // that ties with it gives the cell the same value and does not doubt it (kept as it goes:
        // tens of thousands may tie).
        var best: (readings: [LabelText.Reading?], outcome: RuleSet.Outcome, agreed: [Bool])?
        /// Among the readings that tie with `best`: the cells some reading confirms, with its number,
        /// and the cells some reading leaves without a number (a blank, or a value the rules give).
        var tiedConfirmed: [Int: LabelText.Reading] = [:]
        var tiedGaps = Set<Int>()
        var direct: [LabelText.Reading?]?
        let trimmed = late != nil
        func consider(_ readings: [LabelText.Reading?], inOrder: Bool = false, finalRun: Int? = nil) {
            if let blankRowsByLabels {
                let blank = readings.indices.filter { readings[$0] == nil }
                if problem.wholeRows(blank), Set(blank) != blankRowsByLabels { return }
            }
            if direct == nil { direct = readings }
            guard let outcome = problem.evaluate(readings, stopAbove: best?.outcome.broken ?? .max, inOrder: inOrder && !trimmed,
                                                 finalRun: trimmed ? nil : finalRun) else { return }
            if let late, !outcome.values.isEmpty, !Self.canHold(late, gaps: readings.indices.filter { readings[$0] == nil }.map { outcome.values[$0] }) { return }
            if best == nil || outcome.broken < best!.outcome.broken {
                best = (readings, outcome, (0..<n).map { !outcome.doubtful.contains($0) })
                tiedConfirmed = [:]
                tiedGaps = Set(readings.indices.filter { readings[$0] == nil })
            } else if outcome.broken == best!.outcome.broken {
                for cell in outcome.confirmed where tiedConfirmed[cell] == nil { tiedConfirmed[cell] = readings[cell] }
                for cell in readings.indices where readings[cell] == nil { tiedGaps.insert(cell) }
                for cell in 0..<n where best!.agreed[cell] {
                    if outcome.values[cell] != best!.outcome.values[cell] || outcome.doubtful.contains(cell) { best!.agreed[cell] = false }
                }
                // The same values, some confirmed here only (a reading with the numbers in their order,
                // where the first one moved some): its confirmations count too.
                if outcome.values == best!.outcome.values {
                    for cell in outcome.confirmed where !best!.outcome.confirmed.contains(cell) {
                        best!.outcome.confirmed.insert(cell)
                        best!.readings[cell] = readings[cell]
                    }
                }
            }
        }
        // Whether each row rule holds on the numbers in order shifted by 0, 1, … gaps before it: a
        // placement of gaps alone breaks at least the row rules without a gap among their cells that
        // do not hold at their shift, so that most placements need no trial.
        let rowRuleHolds: [(cells: ClosedRange<Int>, holds: [Bool?])] = problem.equations.compactMap { eq in
            guard eq.row != nil, let first = eq.terms.map(\.0).min(), let last = eq.terms.map(\.0).max(), gaps > 0 else { return nil }
            return (first...last, (0...gaps).map { shift in
                var sum = 0.0
                for (cell, sign) in eq.terms {
                    guard cell - shift >= 0, cell - shift < tokens.count, case .number(let x, _) = tokens[cell - shift] else { return nil }
                    sum += x * Double(sign)
                }
                return abs(sum) < 1e-6
            })
        }
        func rowRulesBroken(around gapSet: [Int]) -> Int {
            rowRuleHolds.reduce(0) { broken, rule in
                let shift = gapSet.count { $0 < rule.cells.lowerBound }
                guard gapSet.allSatisfy({ !rule.cells.contains($0) }), rule.holds[shift] == false else { return broken }
                return broken + 1
            }
        }
        // A placement among zeros stands for every placement that moves its blanks across the zeros
        // before them (`gapSetsAmongZeros`), which holds while the rules give those blanks zero. When
        // it fits and gives a blank another value (a cell printed blank, or a value drawn late), that
        // blank is tried at each place in the run of zeros before it too, one blank at a time: the
        // readings that fit as well and differ leave their cells in doubt.
        func considerMovedAcrossZeros(_ readings: [LabelText.Reading?], gapSet: [Int]) {
            guard let outcome = problem.evaluate(readings, stopAbove: 0), outcome.broken == 0 else { return }
            for gap in gapSet where outcome.values[gap] != 0 {
                // (Past the other blanks too: the zeros between shift by one, and stay zeros.)
                for cell in stride(from: gap - 1, through: 0, by: -1) {
                    guard let token = readings[cell] else { continue }
                    guard token.number == 0 else { break }
                    var moved = readings
                    moved[gap] = token
                    moved[cell] = nil
                    consider(moved, inOrder: true)
                }
            }
        }
        func place(around gapSets: ArraySlice<[Int]>) {
          for index in gapSets.indices {
            let gapSet = gapSets[index]
            let amongZeros = gapsAmongZeros && index < combinations
            // Gaps alone (the common case, often thousands of them): the numbers in order around the gaps.
            if floatPlans.count == 1, strays == 0 {
                if let best, !gapSet.isEmpty, rowRulesBroken(around: gapSet) > best.outcome.broken { continue }
                var readings = [LabelText.Reading?](repeating: nil, count: n)
                var next = 0
                var gapIndex = 0
                var besideOwnLabels = true
                for cell in 0..<n {
                    if gapIndex < gapSet.count, gapSet[gapIndex] == cell { gapIndex += 1; continue }
                    if let own = besideLabel[next], own != problem.cells[cell].row { besideOwnLabels = false; break }
                    readings[cell] = tokens[next]
                    next += 1
                }
                // Space-aligned text: values on a row's label line stay in that row.
                guard besideOwnLabels else { continue }
                consider(readings, inOrder: true, finalRun: gapSet.isEmpty ? finalRun : nil)
                if amongZeros { considerMovedAcrossZeros(readings, gapSet: gapSet) }
                continue
            }
            for plan in floatPlans {
                var cellToken = [Int?](repeating: nil, count: n)
                var fixed = [Bool](repeating: false, count: n)
                var moved = Set<Int>()
                var possible = true
                for (k, target) in plan.enumerated() {
                    guard let target else { continue }
                    if gapSet.contains(target) { possible = false; break }
                    cellToken[target] = floating[k]
                    fixed[target] = true
                    moved.insert(floating[k])
                }
                guard possible else { continue }
                for cell in gapSet { fixed[cell] = true }
                let stream = tokens.indices.filter { !moved.contains($0) }
                let open = (0..<n).filter { !fixed[$0] }
                if strays > 0 {
                    // One stray number, left out at each place in turn.
                    guard stream.count == open.count + 1 else { continue }
                    for s in stream.indices {
                        var p = cellToken
                        var rest = stream
                        rest.remove(at: s)
                        for (cell, token) in zip(open, rest) { p[cell] = token }
                        consider(p.map { $0.map { tokens[$0] } })
                    }
                } else {
                    guard stream.count == open.count else { continue }
                    for (cell, token) in zip(open, stream) { cellToken[cell] = token }
                    consider(cellToken.map { $0.map { tokens[$0] } }, inOrder: plan.allSatisfy { $0 == nil })
                }
            }
          }
        }
        // Without values drawn late, two gaps anywhere (thousands of placements) are tried only when
        // another guess fits every rule: then to see whether they fit as well and differ.
        let deferred = trimmed && gaps == 2 ? combinations : 0
        place(around: gapSets[deferred...])
        // Many numbers on label lines: each at the start of a row, in their order, by row rules (memoised).
        if gaps == 0, floating.count > maximumFloating, let floated = problem.floatedReadings(tokens, floating: floating) {
            floated.forEach { consider($0) }
        }
        if gaps == 0, !lone.isEmpty, let floated = problem.floatedReadings(tokens, floating: (floating + lone).sorted()) {
            floated.forEach { consider($0) }
        }
        // Still a rule broken: the rows may be runs of numbers with blanks among them (rows in order),
        // or with their first values moved with the labels (see `Problem.runReadings`).
        let states = shared?.left ?? maximumStates
        if gaps >= 0, gaps <= maximumRunGaps {
            for pending in [0, maximumPending] where best.map({ $0.outcome.broken > 0 }) ?? true {
                // With none pending, the numbers stand in their order around the blanks.
                problem.runReadings(tokens, apart: apart, gaps: gaps, maximumPending: pending, maximumStates: states, spending: shared)?.forEach { consider($0, inOrder: pending == 0) }
            }
        }
        // Still broken: the last rows, which the rules give from the rows above, may be split by
        // labels or blank; their values are derived and matched with the numbers left over.
        if gaps >= 0, gaps <= maximumRunGaps + derivedCells {
            // All blanks in those rows first, then up to `maximumRunGaps` above them too.
            for prefixGaps in (gaps == 0 ? [0] : [0, min(gaps, maximumRunGaps)]) where best.map({ $0.outcome.broken > 0 }) ?? true {
                problem.runReadings(tokens, apart: apart, gaps: gaps, maximumPending: maximumPending,
                                    shape: .looseTail(gapsAbove: prefixGaps, smallGroups: labelled), limit: 1024,
                                    maximumStates: states, spending: shared)?.forEach { consider($0) }
            }
        }
        // Still broken: a row may hold two of the blanks, which the column rules then give. Tried
        // last, with the numbers in their order only (no first value apart): such a row's values are
        // not checked together, and with first values apart two rows that the column rules cannot
        // tell apart (本年新收, 上年结转) traded values. Without values drawn late, one of the two may
        // be a late value's cell (a blank beside a total drawn among late labels).
        if gaps >= 2, gaps <= maximumRunGaps {
            problem.runReadings(tokens, apart: apart, gaps: gaps, maximumPending: 0, shape: .twoBlanks,
                                maximumStates: states)?.forEach { consider($0, inOrder: true) }
        }
        // Still broken: a row may hold a blank and have its first printed value drawn apart with
        // the labels (raw order only: space-aligned text keeps values on their labels' lines).
        if !spaceAligned, gaps >= 1, gaps <= maximumRunGaps, best.map({ $0.outcome.broken > 0 }) ?? true {
            problem.runReadings(tokens, apart: apart, gaps: gaps, maximumPending: maximumPending, shape: .blankAndFirstApart,
                                limit: 8192, maximumStates: states)?.forEach { consider($0) }
        }
        // Still broken: a column printed blank in every row, with first values drawn apart.
        // (Also when a reading fits every rule but the rules confirm less than half the cells.)
        if !spaceAligned, gaps > maximumRunGaps, best.map({ $0.outcome.broken > 0 || $0.outcome.confirmed.count * 2 < n }) ?? true {
            // Numbers that came with the labels: in a small group between lines of text, or ending a label's line.
            let withLabels = tokens.indices.map { labelled[$0] || floating.contains($0) }
            for column in problem.columnCells where column.count == gaps {
                // The numbers stand in their order but for first values that came with their own
                // labels: as for numbers in order, a cell whose row rule gave the blank is confirmed
                // by its column's rules.
                problem.runReadings(tokens, apart: apart, gaps: gaps, maximumPending: maximumPending,
                                    shape: .blankColumn(Set(column), cameWithLabels: withLabels), limit: 8192,
                                    maximumStates: states)?.forEach { consider($0, inOrder: true) }
            }
        }
        // A whole row printed blank, too many cells for the runs above: the column rules give the row.
        // Tried even when a reading fits every rule, so that two readings that fit and differ leave
        // their cells in doubt; first values apart only when no reading has them in their order.
        // (Not in space-aligned text, whose values stand on their labels' lines.)
        if !trimmed, !spaceAligned, gaps > maximumRunGaps, problem.rowCells.contains(where: { $0.count == gaps }) {
            for pending in [0, maximumPending] {
                guard let readings = problem.runReadings(tokens, apart: apart, gaps: gaps, maximumPending: pending, shape: .noNumber,
                                                         limit: 8192, maximumStates: states), !readings.isEmpty else { continue }
                readings.forEach { consider($0, inOrder: pending == 0) }
                break
            }
        }
        if deferred > 0, best?.outcome.broken == 0 { place(around: gapSets[..<deferred]) }
        // With blanks: one of the first rows, beside the tall header cells, may have its values
        // drawn out of order (LibreOffice's PDFs do so at times). Its cells are left to the column
        // rules, and its numbers must be the values those give them, in some order. When no reading
        // so far fits, such a reading is a last resort (a value drawn late, or out of place
        // elsewhere, may fit so too). When one fits, it is tried all the same: among many zeros, a
        // row out of order and the blanks placed otherwise may fit as well, and the cells the two
        // give differently are then in doubt (neither can be told from the text).
        var rowOutOfOrder = false
        let brokenSoFar = best.map({ $0.outcome.broken > 0 }) ?? true
        if gaps > 0, !trimmed, gapSets.count * rowsOutOfOrder <= maximumPlacements {
            // The other rows take the numbers as the placement in order does: their row rules must
            // hold there, and at most the row's own may break.
            let candidates = gapSets.filter { rowRulesBroken(around: $0) <= 1 }
            for row in problem.rowCells.prefix(rowsOutOfOrder) {
                for gapSet in candidates {
                    if let readings = problem.rowOutOfOrder(row, tokens: tokens, gapSet: gapSet) { consider(readings, inOrder: true) }
                }
            }
            rowOutOfOrder = brokenSoFar && best?.outcome.broken == 0
        }
        // Gaps and moved numbers are guesses: one that leaves a rule broken may have fitted a value
        // out of place by putting others out of place too. Then only the numbers as they stand are
        // read; with blanks among them, the best guesses are kept as a last resort (`Alignment.lastResort`),
        // for the cells that every one of them gives the same value and two rules confirm, far from
        // the broken rules (a row of the table that PDF text drew out of order breaks its columns'
        // rules, and the rest of the table need not be lost with it).
        let lastResort = rowOutOfOrder || best.map { $0.outcome.broken > 0 } == true && gaps > 0 && !trimmed
        if let held = best, held.outcome.broken > 0, !lastResort {
            // (With no gap, the numbers as they stand are the first reading tried, in their order.)
            guard gaps == 0, !trimmed, let direct, let outcome = problem.evaluate(direct, inOrder: true, finalRun: finalRun) else { return nil }
            best = (direct, outcome, (0..<n).map { !outcome.doubtful.contains($0) })
            tiedConfirmed = [:]
        }
        guard let (chosen, first, agreedCells) = best else { return nil }

        // The first of the best placements is kept where every best placement gives its cells the
        // same values (read, or fixed by the rules for a gap): where the placements differ only in
        // which cell of a run of equal values was the blank one.
        var confirmed = Set<RuleEngine.Term>()
        var doubtful = Set<RuleEngine.Term>()
        var readings: [RuleEngine.Term: LabelText.Reading] = [:]
        for cell in 0..<n {
            let term = problem.cells[cell]
            let agreed = agreedCells[cell]
            if first.confirmed.contains(cell) && agreed {
                confirmed.insert(term)
                readings[term] = chosen[cell]
            } else if agreed, !first.doubtful.contains(cell), let token = tiedConfirmed[cell], case .number(let x, _) = token {
                // Every reading that ties gives the cell this value, and one of them confirms it: a
                // number there, or inferred when some reading leaves the cell without one.
                confirmed.insert(term)
                readings[term] = tiedGaps.contains(cell) ? .number(x, inferred: true) : token
            } else if !agreed || first.doubtful.contains(cell) {
                doubtful.insert(term)
            }
        }
        if lastResort && confirmed.isEmpty { return nil }
        var values: [RuleEngine.Term: Double] = [:]
        if first.broken == 0 {
            // (Not a cell with a rule that cannot be checked: nothing there says the value fits.)
            var unchecked = Set<Int>()
            for eq in problem.equations where eq.terms.contains(where: { first.values[$0.0] == nil }) { unchecked.formUnion(eq.terms.map(\.0)) }
            for (cell, value) in first.values.enumerated() where !unchecked.contains(cell) {
                if let value { values[problem.cells[cell]] = value }
            }
        }
        return Alignment(readings: readings, confirmed: confirmed, doubtful: doubtful, lastResort: lastResort,
                         blanks: max(0, gaps), values: values)
    }

    /// How many of a table's first rows may have their values drawn out of order (`Problem.rowOutOfOrder`).
    static let rowsOutOfOrder = 2

    /// Most placements of blanks among a table's numbers, one for each way that gives other values
    /// (`gapSetsAmongZeros`).
    static let maximumAmongZeros = 20_000

    /// The cells left blank by `gaps` blanks among the numbers in their order, in every way that gives
    /// the cells other values, or nil when there are more than `limit` such ways. A blank moved
    /// across zeros shifts only zeros, and the rules then give it zero too: only how many numbers
    /// other than zero stand before each blank tells placements apart. (A table of nearly all zeros,
    /// with three blanks or more, has few; its search of runs, `Problem.runReadings`, finds too many
    /// readings, one for each place of each blank among the zeros.) Each blank stands right before the
    /// next number other than zero (at the end after the last one).
    static func gapSetsAmongZeros(_ tokens: [LabelText.Reading], gaps: Int, limit: Int) -> [[Int]]? {
        let places = tokens.indices.filter { i in
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
            if chosen.count == gaps { sets.append(chosen.enumerated().map { places[$1] + $0 }); return }
            for k in first..<places.count { chosen.append(k); choose(from: k); chosen.removeLast() }
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

    /// States left to searches of runs that share them (`Problem.runReadings`).
    final class SharedStates {
        var left: Int
        init(_ left: Int) { self.left = left }
    }

}
