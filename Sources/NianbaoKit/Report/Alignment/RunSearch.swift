import Foundation

extension AlignmentProblem {
    /// How a row's run may lack values in a search of runs (`runReadings`), besides its first value
    /// drawn apart. One shape a search; a row may always be a run of all its values too.
    enum RunShape: Equatable {
        /// One cell printed blank, at any place (`gaps` rows so).
        case oneBlank
        /// As `oneBlank`, but the last rows, which the rules give from the rows above
        /// (`derivedTail`), are not cut into runs. Their values are derived, and the numbers left
        /// over must be those values in their order (see `RunSearch.matchTail`), save blanks (any
        /// number of them there, at most `gapsAbove` above) and first values drawn with their
        /// labels, anywhere among them. `smallGroups`: for each number, whether it stands in a group
        /// of at most `maximumMovedInTail` numbers between lines of text (only such a number may be
        /// a derived row's value out of place).
        case looseTail(gapsAbove: Int, smallGroups: [Bool])
        /// One blank cell, or two at any two places; the rules then give them, a column's rule first.
        case twoBlanks
        /// No number at all (every cell printed blank), instead of one blank: the column rules
        /// then give the row (not one of the rows they derive).
        case noNumber
        /// One blank cell, or one and the row's first printed value drawn apart with the labels
        /// (LibreOffice draws the first value a row shows with the label column, whichever cell it
        /// is). That value is one of the numbers near the row's label, each tried in turn; the
        /// row rule then gives the blank.
        case blankAndFirstApart
        /// The cells of `column` printed blank in every row (`gaps` of them): each row is a run of
        /// its other values, or of all but its first printed value, drawn apart (as with
        /// `blankAndFirstApart`); the row rule gives the blank. Only these cuts are tried.
        /// `cameWithLabels`: for each number, whether it came with the labels (in a small group
        /// between lines of text, or ending a label's line): only such a number may stand apart.
        case blankColumn(Set<Int>, cameWithLabels: [Bool])
    }

    /// Readings of the numbers as the rows' runs, in row order. PDF text may draw a row's first
    /// value (the one beside the label column) apart from the rest of its row, with the labels:
    /// before or after other rows, in any order. So the numbers are cut into runs, one per row, of
    /// the row's other values, and numbers between runs; each row's first value is what its row
    /// rule leaves for it, and the numbers between runs must be exactly those first values (the
    /// same multiset), each one within `labelReach` lines of its row's label (a row of zeros
    /// may take any zero: see `RunSearch.owedValue`). A row whose first value stayed in place is a
    /// run of all its values. With `gaps` cells printed blank, that many rows are a run of all their
    /// values but one, the blank at any place: every place is tried, and kept when the rules can
    /// fill it and then all hold.
    /// Numbers between runs may wait for their row, or a row for its number, at most
    /// `maximumPending` at a time (none: rows in order, each first value in place).
    /// `apart`: for each number, the rows (one bit each) whose labels stand near it.
    /// The distinct readings, or nil when there are more than `limit`, the search is too long, a
    /// number cannot be read, or a row's first cell lacks a row rule or a column rule (the column
    /// rules must check the values the row rules give).
    ///
    /// `shape`: the runs a row may be cut into besides those two, with the blanks (see `RunShape`).
    /// `spending`: states shared with other searches; this one takes what it used from them.
    func runReadings(
        _ tokens: [LabelText.Reading], apart: [UInt64], gaps: Int, maximumPending: Int,
        shape: RunShape = .oneBlank, limit: Int = 256, maximumStates: Int = ReadingOrderAligner.maximumStates,
        spending shared: ReadingOrderAligner.SharedStates? = nil
    ) -> [[LabelText.Reading?]]? {
        var numbers: [Double] = []
        for token in tokens {
            guard case .number(let x, _) = token else { return nil }
            numbers.append(x)
        }
        guard
            let search = ReadingOrderAligner.RunSearch(
                problem: self, numbers: numbers, apart: apart, gaps: gaps, maximumPending: maximumPending, shape: shape,
                limit: limit, maximumStates: min(maximumStates, shared?.left ?? .max))
        else { return nil }
        defer { shared?.left -= search.spent }
        return search.readings()
    }
}

extension ReadingOrderAligner {
    /// One search of runs (`AlignmentProblem.runReadings`). `tails` walks the numbers from the start, cutting
    /// the next row's run in each way the shape allows (each way its own `cut…` method) and
    /// memoising, for each state, the readings of the rows from there on; `readings` then takes
    /// each reading found, places its blanks (`placeBlanks`) and keeps those on which every rule
    /// holds.
    final class RunSearch {
        typealias Problem = AlignmentProblem
        typealias Rule = RuleSet.IndexedEquation

        /// A first value and the rows it may belong to (one bit per row).
        struct Pending: Hashable, Comparable {
            var value: Double
            var rows: UInt64
            /// In `matchTail` only: a number that came with labels (a group of its own), or a
            /// cell whose number must so come.
            var labelled = false
            static func < (a: Pending, b: Pending) -> Bool { (a.value, a.rows, a.labelled ? 1 : 0) < (b.value, b.rows, b.labelled ? 1 : 0) }
        }
        struct State: Hashable {
            var position: Int
            var row: Int
            var gaps: Int
            /// First values of rows already cut whose numbers have not come yet (sorted).
            var owed: [Pending]
            /// Numbers between runs whose rows have not been cut yet (sorted).
            var spare: [Pending]
            /// When the last row cut is a row of zeros cut without its first value, whose zero
            /// apart was not near its label, and the next row may start here with its last zero
            /// (see `tails`): whether it took one from elsewhere or awaits one.
            var shortZeros = ShortZeros.none
        }
        enum ShortZeros: Hashable { case none, tookFar, awaiting }
        /// A reading of the rows from some row on, shared: that row's flat values (a row with a
        /// blank: the mark and its numbers) and the reading of the rows after it (an index in
        /// `nodes`; 0, the empty reading, after the last row). A state's readings are kept once,
        /// not copied into every reading above them. Nodes are kept unique, so that two readings
        /// of the rows from one row on are equal exactly when their indices are (every head from
        /// one state covers the same row).
        struct ReadingNode: Hashable {
            var head: [Double]
            var rest: Int32
        }

        // Marks in a flat reading, in a row's first cell.
        /// A row read with a blank: its numbers, after this mark in the first cell's place.
        static let blankMark = -Double.infinity
        /// A row read with no number (`noNumber`): this mark, then zeros, in its cells' places.
        static let wholeBlankMark = -Double.greatestFiniteMagnitude
        /// A row read with a blank and its first printed value apart (`blankAndFirstApart`): this mark,
        /// that value, then the row's numbers.
        static let blankApartMark = Double.greatestFiniteMagnitude
        /// The derived rows (`looseTail`): this mark, then the index of the state they start from.
        static let looseMark = Double.infinity
        /// The most dead ends one reading's match of the derived rows may meet.
        static let maximumDeadEnds = 2_000

        let problem: Problem
        let rowCells: [[Int]]
        let equations: [Rule]
        let numbers: [Double]
        let apart: [UInt64]
        let gaps: Int
        let maximumPending: Int
        let limit: Int
        let maximumStates: Int
        // The shape's parts, by name, for the cuts.
        let twoBlankRows: Bool, blankRows: Bool, blankApart: Bool
        /// Blanks allowed above the derived rows (`looseTail`; else no bound).
        let prefixGaps: Int
        let blankColumn: Set<Int>?
        /// With `looseTail`, its small groups; with `blankColumn`, the numbers that came with the labels.
        let labelled: [Bool]?
        /// With `looseTail`, the derived rows.
        let tail: (start: Int, steps: [(cell: Int, equation: Int)])?
        /// For each row: the rule that gives its first value, and all its row rules.
        let solving: [Rule]
        let checks: [[Rule]]
        /// For each value, the rows whose labels stand near a number of that value from each
        /// position on; with a blank column, near such a number that came with the labels.
        let nearFrom: [Double: [UInt64]]
        let nearWithLabelsFrom: [Double: [UInt64]]

        /// Set when the search gives up (too many states, readings or stored entries).
        var exhausted = false
        /// States visited, steps matching the derived rows and blank placements tried: what the
        /// search spent, for all readings together (each at most `maximumStates`).
        var visited = 0, tailSteps = 0, trials = 0
        var spent: Int { visited + tailSteps + trials }
        /// Readings held in `memo` and values in `nodes`, for all states together (at most
        /// `maximumStoredEntries`).
        var storedEntries = 0
        var nodes = [ReadingNode(head: [], rest: -1)]
        var nodeIndex: [ReadingNode: Int32] = [:]
        /// The readings of the rows from a state on.
        var memo: [State: [Int32]] = [:]
        /// The states the derived rows start from (`looseTail`), by the index after `looseMark`.
        var looseStates: [State] = []

        /// Nil when the numbers cannot fill the cells with `gaps` blanks, the shape does not fit the
        /// table, or a row's first cell lacks a row rule or a column rule.
        init?(
            problem: Problem, numbers: [Double], apart: [UInt64], gaps: Int, maximumPending: Int, shape: Problem.RunShape,
            limit: Int, maximumStates: Int
        ) {
            let rowCells = problem.rowCells
            guard numbers.count + gaps == problem.cells.count, gaps >= 0, rowCells.count <= 64, rowCells.allSatisfy({ $0.count >= 3 })
            else { return nil }
            let looseTail: Bool
            switch shape {
            case .looseTail(let gapsAbove, let smallGroups):
                (looseTail, prefixGaps, blankColumn, labelled) = (true, gapsAbove, nil, smallGroups)
            case .blankColumn(let column, let cameWithLabels):
                (looseTail, prefixGaps, blankColumn, labelled) = (false, .max, column, cameWithLabels)
            case .oneBlank, .twoBlanks, .noNumber, .blankAndFirstApart:
                (looseTail, prefixGaps, blankColumn, labelled) = (false, .max, nil, nil)
            }
            (twoBlankRows, blankRows, blankApart) = (shape == .twoBlanks, shape == .noNumber, shape == .blankAndFirstApart)
            if let blankColumn, blankColumn.count != gaps { return nil }
            tail = looseTail ? problem.derivedTail : nil
            if looseTail && tail == nil { return nil }
            var solving: [Rule] = []
            var checks: [[Rule]] = []
            for (r, row) in rowCells.enumerated() {
                let own = problem.equations.filter { $0.row == r }
                guard problem.equationCount[row[0]] >= 2, let rule = own.first(where: { eq in eq.terms.contains { $0.0 == row[0] } })
                else { return nil }
                solving.append(rule)
                checks.append(own)
            }
            (self.solving, self.checks) = (solving, checks)
            (self.problem, self.rowCells, self.equations) = (problem, rowCells, problem.equations)
            (self.numbers, self.apart, self.gaps, self.maximumPending, self.limit, self.maximumStates) = (
                numbers, apart, gaps, maximumPending, limit, maximumStates
            )
            // With a column blank, a row's total takes up any first value: only numbers that came
            // with the labels (`labelled`) may be first values apart, or the readings are countless.
            let labelled = labelled
            nearFrom = Self.nearness(numbers, apart: apart) { _ in true }
            nearWithLabelsFrom = blankColumn == nil ? [:] : Self.nearness(numbers, apart: apart) { labelled?[$0] == true }
        }

        /// For each value, the rows whose labels stand near a number of that value (one for which
        /// `counts` holds) from each position on.
        static func nearness(_ numbers: [Double], apart: [UInt64], counts: (Int) -> Bool) -> [Double: [UInt64]] {
            var nearFrom: [Double: [UInt64]] = [:]
            for value in Set(numbers) {
                var near = [UInt64](repeating: 0, count: numbers.count + 1)
                for p in stride(from: numbers.count - 1, through: 0, by: -1) {
                    near[p] = near[p + 1] | (numbers[p] == value && counts(p) ? apart[p] : 0)
                }
                nearFrom[value] = near
            }
            return nearFrom
        }

        /// Whether the number at `position` may be a first value standing apart: with a column
        /// blank, only one that came with the labels.
        func mayStandApart(_ position: Int) -> Bool { blankColumn == nil || labelled?[position] == true }

        func valid(_ cell: Int, _ x: Double) -> Bool { !problem.isCount[cell] || (x == x.rounded() && x >= 0) }

        // MARK: Pending first values

        /// Inserts `item` into a list kept sorted.
        func insertSorted(_ item: Pending, into list: inout [Pending]) {
            list.insert(item, at: list.firstIndex { $0 > item } ?? list.endIndex)
        }
        /// The rows not cut yet in a state that has cut `row` rows (one bit each).
        func uncutRows(_ row: Int) -> UInt64 { row >= 64 ? 0 : ~UInt64(0) << UInt64(row) }
        /// Matches `item` with the first of `take` of the same value and a row in common, else adds
        /// it to `add` (both kept sorted).
        @discardableResult
        func settle(_ item: Pending, take: inout [Pending], add: inout [Pending]) -> Pending? {
            if let i = take.firstIndex(where: { $0.value == item.value && $0.rows & item.rows != 0 }) { return take.remove(at: i) }
            insertSorted(item, into: &add)
            return nil
        }
        /// The first value a row cut without it awaits. A row of zeros may take any zero, near its
        /// label or not: which zero it was changes no value. Any other row's must stand near its
        /// label, a zero too: a row with a number besides may have lost a zero from any of its
        /// cells, and read with it missing in first place, its numbers move one cell on and
        /// still add up. Another row's stray zero, read as first value apart, moves that row's
        /// numbers back, and the two moves may make up for each other in every column.
        func owedValue(_ values: [Double], row r: Int) -> Pending {
            Pending(value: values[0], rows: values.allSatisfy { $0 == 0 } ? ~0 : 1 << UInt64(r))
        }
        /// Whether every first value waiting may still find its row: an owed one a number of its
        /// value near its row's label still to come, a spare one a row still to be cut.
        func settleable(_ state: State) -> Bool {
            let uncut = uncutRows(state.row)
            // A spare zero may still go to any row of zeros to be cut.
            return state.owed.allSatisfy { $0.rows & (nearFrom[$0.value]?[state.position] ?? 0) != 0 }
                && state.spare.allSatisfy { $0.rows & uncut != 0 || ($0.value == 0 && uncut != 0) }
        }
        /// The values the next row's first printed value may have, standing apart: those of numbers
        /// met near its label and not yet taken, and of numbers to come near its label.
        func valuesApart(_ state: State) -> [Double] {
            let bit = UInt64(1) << UInt64(state.row)
            var values = Set(state.spare.filter { $0.rows & bit != 0 }.map(\.value))
            for (value, near) in (blankColumn == nil ? nearFrom : nearWithLabelsFrom) where near[state.position] & bit != 0 { values.insert(value) }
            return values.sorted()
        }

        // MARK: Shared readings

        /// The node of `head` followed by the reading `rest`.
        func node(_ head: [Double], _ rest: Int32) -> Int32 {
            let item = ReadingNode(head: head, rest: rest)
            if let known = nodeIndex[item] { return known }
            storedEntries += head.count + 1
            nodes.append(item)
            nodeIndex[item] = Int32(nodes.count - 1)
            return Int32(nodes.count - 1)
        }
        /// The flat values of reading `index`.
        func flatReading(_ index: Int32) -> [Double] {
            var flat: [Double] = []
            var at = index
            while at > 0 {
                flat += nodes[Int(at)].head
                at = nodes[Int(at)].rest
            }
            return flat
        }
        /// Adds to `out` the readings `head` followed by each of `rest`; gives up past `limit`.
        func add(_ head: [Double], _ rest: [Int32], to out: inout Set<Int32>) {
            for tail in rest {
                out.insert(head.isEmpty ? tail : node(head, tail))
                if out.count > limit {
                    exhausted = true
                    return
                }
            }
        }
        /// Keeps a state's tails, unless the search is given up or holds too much already.
        func remember(_ state: State, _ out: Set<Int32>) -> [Int32] {
            storedEntries += out.count
            if storedEntries > ReadingOrderAligner.maximumStoredEntries { exhausted = true }
            if exhausted { return [] }
            let tails = Array(out)
            memo[state] = tails
            return tails
        }

        // MARK: Cutting runs

        /// The readings of the rows from `state` on (indices in `nodes`).
        func tails(_ state: State) -> [Int32] {
            // Spare numbers may go only to rows not cut yet: rows cut are no longer told apart. A
            // spare zero near none of them keeps only row 0's bit (cut): a row of zeros may take it.
            var state = state
            let uncut = uncutRows(state.row)
            if state.spare.contains(where: { $0.rows & ~uncut != 0 }) {
                state.spare = state.spare.map { Pending(value: $0.value, rows: $0.rows & uncut != 0 ? $0.rows & uncut : 1) }.sorted()
            }
            if exhausted || !settleable(state) { return [] }
            if let tail, state.row == tail.start {
                if let known = memo[state] { return known }
                looseStates.append(state)
                memo[state] = [node([Self.looseMark, Double(looseStates.count - 1)], 0)]
                return memo[state]!
            }
            if state.position == numbers.count {
                let done = state.row == rowCells.count && state.gaps == 0 && state.owed.isEmpty && state.spare.isEmpty
                return done ? [0] : []
            }
            if let known = memo[state] { return known }
            visited += 1
            if visited > maximumStates {
                exhausted = true
                return []
            }
            var out = Set<Int32>()
            cutBetween(state, into: &out)
            let r = state.row
            if let blankColumn {
                if r < rowCells.count { cutAroundBlankColumn(state, blankColumn: blankColumn, into: &out) }
                return remember(state, out)
            }
            guard r < rowCells.count else { return remember(state, out) }
            cutWhole(state, into: &out)
            cutWithoutFirst(state, into: &out)
            if twoBlankRows { cutTwoBlanks(state, into: &out) }
            if blankApart { cutBlankAndFirstApart(state, into: &out) }
            if blankRows { cutNoNumber(state, into: &out) }
            return remember(state, out)
        }

        /// The number here stands between runs: the first value of a row whose label is near it.
        func cutBetween(_ state: State, into out: inout Set<Int32>) {
            guard apart[state.position] != 0, mayStandApart(state.position) else { return }
            var between = state
            between.position += 1
            settle(Pending(value: numbers[state.position], rows: apart[state.position]), take: &between.owed, add: &between.spare)
            between.shortZeros = .none
            if between.owed.count + between.spare.count <= maximumPending { add([], tails(between), to: &out) }
        }

        /// The next row whole, its first value in place.
        func cutWhole(_ state: State, into out: inout Set<Int32>) {
            let r = state.row
            let row = rowCells[r]
            guard state.position + row.count <= numbers.count else { return }
            let values = Array(numbers[state.position..<(state.position + row.count)])
            let start = row[0]
            let holds = checks[r].allSatisfy { RuleSet.holds($0.terms) { values[$0 - start] } }
            // After a row of zeros cut short, a row with a number besides whose first number is a
            // zero may have taken that row's last zero, its numbers moved one cell on (the row
            // of zeros reads the same either way). Then the row of zeros' own zero apart must
            // stand near its label: a zero from anywhere would make up for a zero lost anywhere.
            let tookZero = state.shortZeros != .none && values[0] == 0 && values.contains { $0 != 0 }
            guard holds, !(tookZero && state.shortZeros == .tookFar), zip(row, values).allSatisfy(valid) else { return }
            var cut = state
            cut.position += row.count
            cut.row += 1
            cut.shortZeros = .none
            if tookZero, state.shortZeros == .awaiting, let i = cut.owed.firstIndex(where: { $0.value == 0 && $0.rows == ~0 }) {
                cut.owed.remove(at: i)
                insertSorted(Pending(value: 0, rows: 1 << UInt64(r - 1)), into: &cut.owed)
            }
            add(values, tails(cut), to: &out)
        }

        /// The next row's run starts here, without its first value (the row rule gives it, and its
        /// number stands apart); or the whole row is here but for one blank cell.
        func cutWithoutFirst(_ state: State, into out: inout Set<Int32>) {
            let r = state.row
            let row = rowCells[r]
            guard state.position + row.count - 1 <= numbers.count else { return }
            let run = Array(numbers[state.position..<(state.position + row.count - 1)])
            var values = [0.0] + run
            let start = row[0]
            values[0] = RuleSet.solve(solving[r].terms, for: start) { values[$0 - start] }
            let holds = checks[r].allSatisfy { RuleSet.holds($0.terms) { values[$0 - start] } }
            if holds, zip(row, values).allSatisfy(valid) {
                var cut = state
                cut.position += row.count - 1
                cut.row += 1
                let owed = owedValue(values, row: r)
                cut.shortZeros = .none
                if owed.rows != ~0 {
                    settle(owed, take: &cut.spare, add: &cut.owed)
                } else if let i = cut.spare.firstIndex(where: { $0.value == 0 && $0.rows & 1 << UInt64(r) != 0 }) {
                    // A row of zeros takes a zero near its label first.
                    cut.spare.remove(at: i)
                } else {
                    let taken = settle(owed, take: &cut.spare, add: &cut.owed)
                    // Only the next row read right here, from a zero, with a number besides,
                    // may have taken this row's last zero (a flag on fewer states).
                    let next = cut.position..<min(numbers.count, cut.position + (rowCells.indices.contains(r + 1) ? rowCells[r + 1].count : 0))
                    if !next.isEmpty, numbers[next.lowerBound] == 0, numbers[next].contains(where: { $0 != 0 }) {
                        cut.shortZeros = taken == nil ? .awaiting : .tookFar
                    }
                }
                if cut.owed.count + cut.spare.count <= maximumPending { add(values, tails(cut), to: &out) }
            }
            if state.gaps > 0, !blankRows, gaps - state.gaps < prefixGaps, zip(row.dropFirst(), run).allSatisfy(valid) {
                var cut = state
                cut.position += row.count - 1
                cut.row += 1
                cut.gaps -= 1
                cut.shortZeros = .none
                // A row of zeros reads the same wherever its blank was (the rules make it 0).
                add(run.allSatisfy { $0 == 0 } ? [0] + run : [Self.blankMark] + run, tails(cut), to: &out)
            }
        }

        /// The whole row but for two blank cells, which the column rules must then give (only when
        /// every row is read from the numbers: no derived rows).
        func cutTwoBlanks(_ state: State, into out: inout Set<Int32>) {
            let row = rowCells[state.row]
            guard tail == nil, state.gaps >= 2, state.position + row.count - 2 <= numbers.count else { return }
            let run = Array(numbers[state.position..<(state.position + row.count - 2)])
            guard zip(row.dropFirst(2), run).allSatisfy(valid) else { return }
            var cut = state
            cut.position += row.count - 2
            cut.row += 1
            cut.gaps -= 2
            cut.shortZeros = .none
            add([Self.blankMark, Self.blankMark] + run, tails(cut), to: &out)
        }

        /// The row but for a blank cell and its first printed value, which stands apart near its
        /// label: any value of a number there (one the row has not yet met, or one met).
        func cutBlankAndFirstApart(_ state: State, into out: inout Set<Int32>) {
            let r = state.row
            let row = rowCells[r]
            guard r < (problem.derivedTail?.start ?? rowCells.count), state.gaps > 0,
                state.position + row.count - 2 <= numbers.count
            else { return }
            let run = Array(numbers[state.position..<(state.position + row.count - 2)])
            let bit = UInt64(1) << UInt64(r)
            guard zip(row.dropFirst(2), run).allSatisfy(valid) else { return }
            for first in valuesApart(state) {
                var cut = state
                cut.position += row.count - 2
                cut.row += 1
                cut.gaps -= 1
                cut.shortZeros = .none
                // A row of zeros reads the same wherever its blank was, and may take any zero.
                let zeros = first == 0 && run.allSatisfy { $0 == 0 }
                settle(Pending(value: first, rows: zeros ? ~0 : bit), take: &cut.spare, add: &cut.owed)
                guard cut.owed.count + cut.spare.count <= maximumPending else { continue }
                add(zeros ? [Double](repeating: 0, count: row.count) : [Self.blankApartMark, first] + run, tails(cut), to: &out)
            }
        }

        /// The whole row printed blank, no number of its own.
        func cutNoNumber(_ state: State, into out: inout Set<Int32>) {
            let r = state.row
            guard tail == nil, r < (problem.derivedTail?.start ?? rowCells.count), state.gaps >= rowCells[r].count else { return }
            var cut = state
            cut.row += 1
            cut.gaps -= rowCells[r].count
            cut.shortZeros = .none
            add([Self.wholeBlankMark] + [Double](repeating: 0, count: rowCells[r].count - 1), tails(cut), to: &out)
        }

        /// The cuts of `blankColumn`: the next row as a run of its values but the blank one, or but
        /// that and its first printed value, which stands apart near its label.
        func cutAroundBlankColumn(_ state: State, blankColumn: Set<Int>, into out: inout Set<Int32>) {
            let r = state.row
            let row = rowCells[r]
            let start = row[0]
            guard let c = row.firstIndex(where: blankColumn.contains),
                let rule = checks[r].first(where: { eq in eq.terms.contains { $0.0 == row[c] } })
            else { return }
            let firstShown = c == 0 ? 1 : 0
            let bit = UInt64(1) << UInt64(r)
            /// The row's values from its run (and its first printed value), the blank given by the rule; nil when a rule breaks.
            func values(_ run: ArraySlice<Double>, first: Double?) -> [Double]? {
                var next = run.startIndex
                var values = [Double](repeating: 0, count: row.count)
                for j in row.indices where j != c {
                    if let first, j == firstShown {
                        values[j] = first
                    } else {
                        values[j] = run[next]
                        next += 1
                    }
                }
                values[c] = RuleSet.solve(rule.terms, for: row[c]) { values[$0 - start] }
                guard checks[r].allSatisfy({ RuleSet.holds($0.terms) { values[$0 - start] } }), zip(row, values).allSatisfy(valid) else { return nil }
                return values
            }
            if state.position + row.count - 1 <= numbers.count,
                let whole = values(numbers[state.position..<(state.position + row.count - 1)], first: nil)
            {
                var cut = state
                cut.position += row.count - 1
                cut.row += 1
                add(whole, tails(cut), to: &out)
            }
            guard state.position + row.count - 2 <= numbers.count else { return }
            let run = numbers[state.position..<(state.position + row.count - 2)]
            for first in valuesApart(state) {
                guard let apart = values(run, first: first) else { continue }
                var cut = state
                cut.position += row.count - 2
                cut.row += 1
                settle(Pending(value: first, rows: apart.allSatisfy { $0 == 0 } ? ~0 : bit), take: &cut.spare, add: &cut.owed)
                guard cut.owed.count + cut.spare.count <= maximumPending else { continue }
                add(apart, tails(cut), to: &out)
            }
        }

        // MARK: The derived rows

        /// Whether the numbers from `state` on are the derived rows' values (`values`, row by row),
        /// each in its order but for: cells printed blank (as many as the state has left); values
        /// drawn apart with the labels (before their place, after it, or among the state's spare
        /// numbers), near their row's label: a row's first value (a row of zeros' zero near any
        /// label), or up to `maximumMovedInTail` others; and the first values that rows above
        /// still owe, each near its row's label. The blank cells, or nil.
        func matchTail(_ state: State, values: [Double]) -> [Int]? {
            guard let tail else { return nil }
            var match = TailMatch(search: self, tail: tail, state: state, values: values)
            guard match.onlyDerivedOrOwedLeft() else { return nil }
            return match.walk(0, 0, state.gaps, (1 << state.owed.count) - 1, 0) ? match.blanks : nil
        }

        // MARK: Readings

        /// The readings the search finds: each flat reading with its blanks placed, kept when every
        /// rule holds; nil when the search gave up.
        func readings() -> [[LabelText.Reading?]]? {
            let found = tails(State(position: 0, row: 0, gaps: gaps - (blankColumn?.count ?? 0), owed: [], spare: []))
            guard !exhausted else { return nil }
            // In a fixed order (a set's order changes from run to run), so that the same text always
            // reads the same: which of equal readings comes first decides which cell was the blank.
            let all = found.map(flatReading).sorted { $0.lexicographicallyPrecedes($1) }
            var readings: [[LabelText.Reading?]] = []
            var tailMatches: [TailKey: [Int]?] = [:]
            for flat in all { placeBlanks(flat, tailMatches: &tailMatches, into: &readings) }
            return exhausted ? nil : readings
        }

        /// Derived rows' values starting from a state, as matched (`matchTail`): many readings end
        /// in the same state with the same derived values.
        struct TailKey: Hashable { var state: Int, values: [Double] }

        /// Each row of `flat` read with a blank, with the blank at every place in turn (two blanks:
        /// every two places; a row with no number: all its cells), the row rules filling the blank
        /// (the column rules, for rows with two blanks or none), the derived rows derived and
        /// matched: appends to `readings` each placement on which every rule then holds.
        func placeBlanks(_ flat: [Double], tailMatches: inout [TailKey: [Int]?], into readings: inout [[LabelText.Reading?]]) {
            var placement = BlankPlacement(search: self, flat: flat)
            swap(&placement.tailMatches, &tailMatches)
            swap(&placement.readings, &readings)
            placement.place(0)
            swap(&placement.tailMatches, &tailMatches)
            swap(&placement.readings, &readings)
        }
    }
}
