import Foundation

/// The numbers of a table's region in reading order, with what the text around each one says.
struct NumberStream {
    var tokens: [LabelText.Reading] = []
    /// Numbers alone at the end of a label's line: they share a baseline with that label, and PDF
    /// text puts them wherever the label column is drawn, so they may belong at the start of any row.
    var floating: [Int] = []
    /// Numbers alone on their line between two lines of label text: they came with the label
    /// column too (only the order-keeping placement tries these).
    var lone: [Int] = []
    /// The rows whose labels stand near each number (within `labelReach` lines): only to one of
    /// these may a number that left its row belong (see `AlignmentProblem.runReadings`).
    var apart: [UInt64] = []
    /// The region line of each number.
    var tokenLine: [Int] = []
    /// Whether each number stands in a group of at most `maximumMovedInTail` numbers between lines
    /// of text: it may be a value drawn with the labels (see `AlignmentProblem.RunShape.looseTail`).
    var labelled: [Bool] = []
    /// Space-aligned text: the row whose label shares a line with several values (those values are
    /// that row's), one per number.
    var besideLabel: [String?] = []
    /// For each number, how many lines of text come before it: numbers with the same count stand
    /// together between two lines of text.
    var textLinesBefore: [Int] = []

    init(region: [SourceRow], namedRows: [UInt64], labels: LabelIndex, spaceAligned: Bool) {
        typealias A = ReadingOrderAligner
        var group: [Int] = []
        var groups = 0
        for (i, row) in region.enumerated() {
            if !row.textCells.isEmpty { groups += 1 }
            if row.cells.count == 1, case .number = row.cells[0].reading, i > 0, i + 1 < region.count,
                region[i - 1].cells.last?.reading == .text, region[i + 1].cells.first?.reading == .text
            {
                lone.append(tokens.count)
            }
            let numbers = row.cells.filter(\.reading.isValue)
            if numbers.count == 1, row.cells.last?.reading == numbers[0].reading, row.cells.count > 1,
                row.cells[row.cells.count - 2].reading == .text
            {
                floating.append(tokens.count)
            }
            let near = region.indices.clamped(to: (i - A.labelReach)..<(i + A.labelReach + 1)).reduce(UInt64(0)) { $0 | namedRows[$1] }
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
        textLinesBefore = group
        let groupSizes = Dictionary(group.map { ($0, 1) }, uniquingKeysWith: +)
        labelled = group.map { groupSizes[$0]! <= A.maximumMovedInTail }
    }
}

/// What every alignment strategy reads from: the table's numbers in reading order, what the text
/// says of them, and the ways the count of numbers allows them to fill the cells.
struct AlignmentContext {
    typealias A = ReadingOrderAligner
    let problem: AlignmentProblem
    let numbers: NumberStream
    /// Space-aligned text (most numbers several to a line) is read by label pairing first; here
    /// only the cheap guesses are tried for it (one blank at most), not tens of thousands.
    let spaceAligned: Bool
    /// Where the final run of the table's numbers starts (`ReadingOrderAligner.finalRunStart`).
    let finalRun: Int?
    /// Cells without a number (negative: numbers without a cell), and numbers without a cell.
    let gaps: Int, strays: Int
    /// The cells left without a number, in every way the count allows: a few single cells, one
    /// whole column, or one or two whole rows.
    let gapSets: [[Int]]
    /// How many of `gapSets`, first, are combinations of single cells; whether those stand for
    /// others (`ReadingOrderAligner.gapSetsAmongZeros`).
    let combinations: Int, gapsAmongZeros: Bool
    /// Which whole rows are blank, when the labels tell (`ReadingOrderAligner.blankRowsByLabels`).
    let blankRowsByLabels: Set<Int>?
    /// The cells of the last rows that the rules derive (`AlignmentProblem.derivedTail`).
    let derivedCells: Int
    /// Where the floating numbers go: left where they stand, or each at the start of a row.
    let floatPlans: [[Int?]]
    /// Values drawn late, taken out of the rows (`ReadingOrderAligner.withoutLateValues`).
    let late: [Double]?
    /// States of each search of runs, and those shared with other readings of the table.
    let states: Int, shared: ReadingOrderAligner.SharedStates?
    /// Whether each row rule holds on the numbers in order shifted by 0, 1, … gaps before it.
    let rowRuleHolds: [(cells: ClosedRange<Int>, holds: [Bool?])]

    var n: Int { problem.cells.count }
    var tokens: [LabelText.Reading] { numbers.tokens }
    /// Read without values drawn late.
    var trimmed: Bool { late != nil }
    /// Without values drawn late, two gaps anywhere (thousands of placements) are tried only when
    /// another guess fits every rule (`DeferredTwoBlanks`): the first `deferred` gap sets.
    var deferred: Int { trimmed && gaps == 2 ? combinations : 0 }

    /// Nil when the rows are not reading-order text, the variant has no rules, or the numbers are
    /// too far from the cells in count.
    init?(_ rows: [SourceRow], labels: LabelIndex, rules: RuleSet, late: [Double]?, shared: ReadingOrderAligner.SharedStates?) {
        guard !rules.equations.isEmpty, labels.spec.layout != .blocks else { return nil }
        // Only text whose lines drop blank cells: grids, tab and pipe rows are read by their columns.
        guard !rows.isEmpty, rows.allSatisfy({ $0.table == nil && !$0.blanksAreCells }) else { return nil }
        // The table starts at the first line that names one of its rows, columns or groups.
        guard let start = rows.firstIndex(where: { A.namesTable($0, labels: labels) }) else { return nil }
        // Space-aligned text (`pdftotext -layout`) keeps a row's values on its label's line.
        var numbersInRows = 0
        var numbersAll = 0
        for row in rows[start...] {
            let count = row.numberCount
            numbersAll += count
            if count >= 3 { numbersInRows += count }
        }
        spaceAligned = numbersInRows * 2 >= numbersAll
        let problem = AlignmentProblem(rules: rules)
        self.problem = problem
        let region = A.cutAfterSentence(Array(rows[start...]), cells: rules.cells.count)
        finalRun = A.finalRunStart(region, labels: labels)
        let namedRows = region.map { A.namedRows($0, labels: labels) }
        let numbers = NumberStream(region: region, namedRows: namedRows, labels: labels, spaceAligned: spaceAligned)
        self.numbers = numbers
        let gaps = rules.cells.count - numbers.tokens.count
        self.gaps = gaps
        var sets = Self.gapSets(problem: problem, tokens: numbers.tokens, gaps: gaps, spaceAligned: spaceAligned)
        (combinations, gapsAmongZeros) = (sets.combinations, sets.amongZeros)
        // Which whole rows are blank, when the labels tell: the numbers' order and the rules cannot
        // (the column rules give a blank row whichever row it is, the rows between shifted by one).
        let blankRowsByLabels = A.blankRowsByLabels(sets.gapSets, problem: problem, tokenLine: numbers.tokenLine, namedRows: namedRows)
        self.blankRowsByLabels = blankRowsByLabels
        if let blankRowsByLabels {
            sets.gapSets.removeAll { problem.wholeRows($0) && Set($0) != blankRowsByLabels }
        }
        let strays = gaps < 0 ? -gaps : 0
        self.strays = strays
        // Blanks in the last rows that the rules derive are found by matching (`RunShape.looseTail`).
        let derivedCells = problem.derivedTail.map { rules.cells.count - problem.rowCells[$0.start][0] } ?? 0
        self.derivedCells = derivedCells
        guard strays <= A.maximumStrays, !sets.gapSets.isEmpty || strays > 0 || gaps <= A.maximumRunGaps + derivedCells else { return nil }
        gapSets = strays > 0 ? [[]] : sets.gapSets
        var plans = Self.floatPlans(floating: numbers.floating, rowStarts: problem.rowCells.compactMap(\.first))
        // Too many guesses together: the floating numbers stay where they stand.
        let perPlan = gapSets.count * max(1, strays * numbers.tokens.count)
        if perPlan * plans.count > A.maximumPlacements { plans = [plans[0]] }
        guard perPlan <= A.maximumPlacements else { return nil }
        floatPlans = plans
        (self.late, self.shared) = (late, shared)
        states = shared?.left ?? A.maximumStates
        rowRuleHolds = Self.rowRuleHolds(problem: problem, tokens: numbers.tokens, gaps: gaps)
    }

    /// The ways to leave `gaps` cells without a number: combinations of single cells (or, among
    /// zeros, one of each kind), then whole columns, whole rows and pairs of rows of that size.
    static func gapSets(
        problem: AlignmentProblem, tokens: [LabelText.Reading], gaps: Int,
        spaceAligned: Bool
    ) -> (gapSets: [[Int]], combinations: Int, amongZeros: Bool) {
        let n = problem.cells.count
        guard gaps != 0 else { return ([[]], 0, false) }
        guard gaps > 0 else { return ([], 0, false) }
        var gapSets: [[Int]] = []
        var amongZeros = false
        if gaps <= (spaceAligned ? 1 : A.maximumGaps) {
            var combination: [Int] = []
            func choose(from first: Int) {
                if combination.count == gaps {
                    gapSets.append(combination)
                    return
                }
                for cell in first..<n {
                    combination.append(cell)
                    choose(from: cell + 1)
                    combination.removeLast()
                }
            }
            choose(from: 0)
        } else if !spaceAligned, gaps <= A.maximumRunGaps,
            let sets = A.gapSetsAmongZeros(tokens, gaps: gaps, limit: A.maximumAmongZeros)
        {
            gapSets = sets
            amongZeros = true
        }
        let combinations = gapSets.count
        for column in problem.columnCells where column.count == gaps { gapSets.append(column) }
        for (i, row) in problem.rowCells.enumerated() {
            if row.count == gaps { gapSets.append(row) }
            for other in problem.rowCells[(i + 1)...] where row.count + other.count == gaps { gapSets.append(row + other) }
        }
        return (gapSets, combinations, amongZeros)
    }

    /// Where the floating numbers go: first left where they stand, then (up to `maximumFloating`
    /// of them) each at the start of a different row or where it stands, in every combination.
    static func floatPlans(floating: [Int], rowStarts: [Int]) -> [[Int?]] {
        var plans: [[Int?]] = [Array(repeating: nil, count: floating.count)]
        guard !floating.isEmpty, floating.count <= A.maximumFloating else { return plans }
        var plan: [Int?] = []
        func place() {
            if plan.count == floating.count {
                if plan.contains(where: { $0 != nil }) { plans.append(plan) }
                return
            }
            for target in [nil] + rowStarts.map(Optional.some) where target == nil || !plan.contains(target) {
                plan.append(target)
                place()
                plan.removeLast()
            }
        }
        place()
        return plans
    }

    /// Whether each row rule holds on the numbers in order shifted by 0, 1, … gaps before it: a
    /// placement of gaps alone breaks at least the row rules without a gap among their cells that
    /// do not hold at their shift, so that most placements need no trial.
    static func rowRuleHolds(problem: AlignmentProblem, tokens: [LabelText.Reading], gaps: Int) -> [(cells: ClosedRange<Int>, holds: [Bool?])] {
        problem.equations.compactMap { eq in
            guard eq.row != nil, let first = eq.terms.map(\.0).min(), let last = eq.terms.map(\.0).max(), gaps > 0 else { return nil }
            return (
                first...last,
                (0...gaps).map { shift in
                    var sum = 0.0
                    for (cell, sign) in eq.terms {
                        guard cell - shift >= 0, cell - shift < tokens.count, case .number(let x, _) = tokens[cell - shift] else { return nil }
                        sum += x * Double(sign)
                    }
                    return abs(sum) < 1e-6
                }
            )
        }
    }

    /// How many row rules a placement of gaps alone (the numbers in order around them) breaks at least.
    func rowRulesBroken(around gapSet: [Int]) -> Int {
        rowRuleHolds.reduce(0) { broken, rule in
            let shift = gapSet.count { $0 < rule.cells.lowerBound }
            guard gapSet.allSatisfy({ !rule.cells.contains($0) }), rule.holds[shift] == false else { return broken }
            return broken + 1
        }
    }
}
