/// While a rule is broken: blocks of rows drawn column by column. `pdftotext` without `-layout`
/// writes some PDFs' tables (WPS's) a block of rows at a time, and within a block a column at a time
/// (the 自然人 values of ten rows, then their 商业企业 values, …). Each run of numbers between two
/// lines of text is taken as whole rows, in the template's order; a run is read by rows or by
/// columns, or cut once into two blocks each read either way (a label drawn before a block need not
/// stand between it and the row before). The readings of a run whose row rules all hold are kept
/// (all of them, when none holds), and every combination of the runs' readings is proposed: the
/// column rules then tell them apart. Nothing is tried unless the runs fill the rows exactly, each
/// run a whole number of rows of one width.
struct ColumnsInBlocks: AlignmentStrategy {
    let name = "rows drawn column by column, in blocks"
    /// Most combinations of the runs' readings proposed.
    static let maximumProposals = 1024

    func applies(to context: AlignmentContext, judge: Judge) -> Bool {
        context.gaps == 0 && !context.spaceAligned && judge.stillBroken
    }

    func propose(_ context: AlignmentContext, to judge: inout Judge) {
        guard let runs = Self.runs(context) else { return }
        let options = runs.map { Self.readings(of: $0, context) }
        guard options.reduce(1, { $0 * $1.count }) <= Self.maximumProposals else { return }
        var choice = [Int](repeating: 0, count: runs.count)
        while true {
            var readings = [LabelText.Reading?](repeating: nil, count: context.n)
            for (run, option) in zip(options, choice) {
                for (cell, token) in run[option] { readings[cell] = context.tokens[token] }
            }
            judge.consider(readings, by: name)
            // The next combination, as an odometer over the runs' readings.
            var i = 0
            while i < runs.count {
                choice[i] += 1
                if choice[i] < options[i].count { break }
                choice[i] = 0
                i += 1
            }
            if i == runs.count { return }
        }
    }

    /// A run of numbers between lines of text: where its numbers start, and the template rows (their
    /// cells) it fills, in order.
    struct Run {
        var start: Int
        var rows: [[Int]]
    }

    /// The runs, each with the rows it fills; nil unless every run fills whole rows of one width and
    /// the runs fill the table.
    static func runs(_ context: AlignmentContext) -> [Run]? {
        let groups = context.numbers.textLinesBefore
        let rowCells = context.problem.rowCells
        var runs: [Run] = []
        var row = 0
        var start = 0
        while start < groups.count {
            var end = start
            while end < groups.count, groups[end] == groups[start] { end += 1 }
            var rows: [[Int]] = []
            var filled = 0
            while filled < end - start, row < rowCells.count {
                rows.append(rowCells[row])
                filled += rowCells[row].count
                row += 1
            }
            guard filled == end - start, Set(rows.map(\.count)).count == 1 else { return nil }
            runs.append(Run(start: start, rows: rows))
            start = end
        }
        return row == rowCells.count ? runs : nil
    }

    /// A run's distinct readings (cell → token), by rows or columns, whole or cut once, those whose
    /// row rules hold first; all of them when none does.
    static func readings(of run: Run, _ context: AlignmentContext) -> [[(cell: Int, token: Int)]] {
        let k = run.rows.count
        var layouts: [[(rows: Range<Int>, byColumns: Bool)]] = [[(0..<k, false)], [(0..<k, true)]]
        for cut in 1..<max(k, 1) {
            for first in [false, true] {
                for second in [false, true] { layouts.append([(0..<cut, first), (cut..<k, second)]) }
            }
        }
        let width = run.rows.first?.count ?? 0
        var seen = Set<[Double?]>()
        var all: [[(cell: Int, token: Int)]] = []
        var holding: [[(cell: Int, token: Int)]] = []
        for layout in layouts {
            var placed: [(cell: Int, token: Int)] = []
            for block in layout {
                let base = run.start + block.rows.lowerBound * width
                for (r, row) in block.rows.enumerated() {
                    for (c, cell) in run.rows[row].enumerated() {
                        let offset = block.byColumns ? c * block.rows.count + r : r * width + c
                        placed.append((cell, base + offset))
                    }
                }
            }
            let values = placed.map { context.tokens[$0.token].number }
            guard seen.insert(values).inserted else { continue }
            all.append(placed)
            if rowRulesHold(placed, context) { holding.append(placed) }
        }
        return holding.isEmpty ? all : holding
    }

    /// Whether every row rule whose cells were all placed (and read as numbers) adds up.
    static func rowRulesHold(_ placed: [(cell: Int, token: Int)], _ context: AlignmentContext) -> Bool {
        var value: [Int: Double] = [:]
        for (cell, token) in placed { value[cell] = context.tokens[token].number }
        return context.problem.equations.allSatisfy { equation in
            guard equation.row != nil else { return true }
            let terms = equation.terms.map { (value[$0.0], Double($0.1)) }
            guard terms.allSatisfy({ $0.0 != nil }) else { return true }
            return abs(terms.reduce(0) { $0 + $1.0! * $1.1 }) < 1e-6
        }
    }
}
