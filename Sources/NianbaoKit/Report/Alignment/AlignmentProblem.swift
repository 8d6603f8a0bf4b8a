import Foundation

/// A table variant's rules (`RuleSet`) with what the search of readings in reading order adds: the
/// last rows the rules derive, and placements that move numbers (`floatedReadings`, `rowOutOfOrder`).
struct AlignmentProblem {
    let rules: RuleSet
    /// The first of the last rows whose every cell the rules give from the rows above them (the
    /// applications table's 总计 and 结转下年度 rows), with the order to solve them in: each
    /// cell and the equation that gives it. Nil when no last row is so given.
    let derivedTail: (start: Int, steps: [(cell: Int, equation: Int)])?

    init(rules: RuleSet) {
        self.rules = rules
        derivedTail = Self.derivedTail(rowCells: rules.rowCells, equations: rules.indexedEquations.map(\.terms))
    }

    // The rule set's parts, by the names the search uses.
    var spec: TableSpec { rules.spec }
    var cells: [RuleEngine.Term] { rules.cells }
    var equations: [RuleSet.IndexedEquation] { rules.indexedEquations }
    var isCount: [Bool] { rules.isCount }
    var equationCount: [Int] { rules.equationCount }
    var rowCells: [[Int]] { rules.rowCells }
    var rowOf: [Int] { rules.rowOf }
    var columnCells: [[Int]] { rules.columnCells }

    func evaluate(_ readings: [LabelText.Reading?], stopAbove: Int = .max, inOrder: Bool = false, finalRun: Int? = nil) -> RuleSet.Outcome? {
        rules.evaluate(readings, stopAbove: stopAbove, inOrder: inOrder, finalRun: finalRun)
    }

    /// The longest run of last rows (leaving at least half the rows above it) whose cells the
    /// equations give one by one from the cells above, and the order to solve them in.
    static func derivedTail(rowCells: [[Int]], equations: [[(Int, Int)]]) -> (start: Int, steps: [(cell: Int, equation: Int)])? {
        var found: (start: Int, steps: [(cell: Int, equation: Int)])?
        for start in stride(from: rowCells.count - 1, through: rowCells.count / 2, by: -1) {
            var unknown = Set(rowCells[start...].joined())
            var steps: [(cell: Int, equation: Int)] = []
            var progress = true
            while !unknown.isEmpty && progress {
                progress = false
                for (e, terms) in equations.enumerated() {
                    let open = terms.filter { unknown.contains($0.0) }
                    guard open.count == 1 else { continue }
                    unknown.remove(open[0].0)
                    steps.append((open[0].0, e))
                    progress = true
                }
            }
            guard unknown.isEmpty else { break }
            found = (start, steps)
        }
        return found
    }

    /// Readings with each floating number at the start of a row (floating numbers in their
    /// order, the others in theirs), every row adding up by its own rules: the distinct ones, or
    /// nil when there are more than `limit` or a number cannot be read.
    func floatedReadings(_ tokens: [LabelText.Reading], floating: [Int], limit: Int = 64) -> [[LabelText.Reading?]]? {
        let floats = Set(floating)
        let rest = tokens.indices.filter { !floats.contains($0) }
        var rowStart: [Int] = []
        var total = 0
        for row in rowCells {
            rowStart.append(total)
            total += row.count
        }
        guard total == tokens.count, rowCells.allSatisfy({ !$0.isEmpty }) else { return nil }
        let rowEquations = rowCells.indices.map { r in equations.filter { $0.row == r } }
        var memo: [Int: [[Double]]] = [:]
        var tooMany = false
        func suffixes(_ r: Int, _ k: Int) -> [[Double]] {
            if tooMany { return [] }
            if r == rowCells.count { return k == floating.count ? [[]] : [] }
            let key = r * (floating.count + 1) + k
            if let known = memo[key] { return known }
            var out = Set<[Double]>()
            for takesFloat in [false, true] where !takesFloat || k < floating.count {
                let next = takesFloat ? k + 1 : k
                guard floating.count - next <= rowCells.count - r - 1 else { continue }
                var values: [Double] = []
                var possible = true
                for (j, cell) in rowCells[r].enumerated() {
                    let position = rowStart[r] - k + j - (takesFloat ? 1 : 0)
                    let token = takesFloat && j == 0 ? floating[k] : (position < rest.count ? rest[position] : -1)
                    guard token >= 0, case .number(let x, _) = tokens[token], !isCount[cell] || (x == x.rounded() && x >= 0) else {
                        possible = false
                        break
                    }
                    values.append(x)
                }
                guard possible else { continue }
                let start = rowCells[r][0]
                let holds = rowEquations[r].allSatisfy { RuleSet.holds($0.terms) { values[$0 - start] } }
                guard holds else { continue }
                for tail in suffixes(r + 1, next) {
                    out.insert(values + tail)
                    if out.count > limit {
                        tooMany = true
                        return []
                    }
                }
            }
            memo[key] = Array(out)
            return memo[key]!
        }
        // In a fixed order (a set's order changes from run to run), so that the same text always
        // reads the same.
        let all = suffixes(0, 0).sorted { $0.lexicographicallyPrecedes($1) }
        guard !tooMany else { return nil }
        return all.map { $0.map { LabelText.Reading.number($0) } }
    }

    /// The numbers in their order around the blanks of `gapSet`, but those of `row` (its cells
    /// without a blank) taken out and its cells left to the rules: nil unless every rule holds so
    /// and the rules give `row`'s cells those numbers, in some order (its blanks the values left).
    func rowOutOfOrder(_ row: [Int], tokens: [LabelText.Reading], gapSet: [Int]) -> [LabelText.Reading?]? {
        let inRow = Set(row)
        let blanks = Set(gapSet)
        var readings = [LabelText.Reading?](repeating: nil, count: cells.count)
        var taken: [Double] = []
        var next = 0
        for cell in cells.indices where !blanks.contains(cell) {
            guard next < tokens.count else { return nil }
            if inRow.contains(cell) {
                guard case .number(let x, _) = tokens[next] else { return nil }
                taken.append(x)
            } else {
                readings[cell] = tokens[next]
            }
            next += 1
        }
        guard next == tokens.count, let outcome = evaluate(readings, stopAbove: 0), outcome.broken == 0 else { return nil }
        var given = row.compactMap { outcome.values[$0] }
        guard given.count == row.count else { return nil }
        for x in taken {
            guard let i = given.firstIndex(of: x) else { return nil }
            given.remove(at: i)
        }
        return readings
    }

    /// Whether `cells` (in order) are one or more whole rows and nothing else.
    func wholeRows(_ cells: [Int]) -> Bool {
        guard !cells.isEmpty else { return false }
        var rest = cells[...]
        while let cell = rest.first {
            let row = rowOf[cell]
            guard rest.starts(with: rowCells[row]) else { return false }
            rest = rest.dropFirst(rowCells[row].count)
        }
        return true
    }
}
