extension ReadingOrderAligner.RunSearch {
    /// One match of the derived rows' values with the numbers left from a state (`matchTail`).
    /// Values apart from their places are kept as multisets (which of two equal cells a number was
    /// changes nothing): cells passed whose numbers are awaited (with their row, or any row for a
    /// row of zeros' first value), and numbers taken before their cells (with the rows whose labels
    /// stand near them).
    struct TailMatch {
        typealias Search = ReadingOrderAligner.RunSearch
        struct Key: Hashable { var i: Int, j: Int, gaps: Int, owed: Int, moved: Int, awaited: [Pending], early: [Pending] }

        let search: Search
        let state: State
        let values: [Double]
        /// The derived rows' cells in order, with each one's row (one bit), whether it is its row's
        /// first, and whether its number may be any zero (a row of zeros' first value, see `owedValue`).
        let sequence: [Int], rowBit: [UInt64], isFirst: [Bool], anyZero: [Bool]
        /// How many of the numbers are the state's spare ones (they come first, apart from their
        /// places), and how many there are in all.
        let spare: Int, count: Int
        /// Values moved with the labels and blanks together make too many ways to match.
        let movable: Int
        var awaited: [Pending] = []
        var early: [Pending] = []
        var failed = Set<Key>()
        /// The cells found blank.
        var blanks: [Int] = []

        init(search: Search, tail: (start: Int, steps: [(cell: Int, equation: Int)]), state: State, values: [Double]) {
            let derivedRows = search.rowCells[tail.start...]
            sequence = Array(derivedRows.joined())
            rowBit = derivedRows.enumerated().flatMap { t, row in row.map { _ in UInt64(1) << UInt64(tail.start + t) } }
            isFirst = derivedRows.flatMap { row in row.indices.map { $0 == 0 } }
            anyZero = derivedRows.flatMap { row in row.indices.map { $0 == 0 && row.allSatisfy { values[$0] == 0 } } }
            (self.search, self.state, self.values) = (search, state, values)
            spare = state.spare.count
            count = spare + search.numbers.count - state.position
            movable = state.gaps == 0 ? ReadingOrderAligner.maximumMovedInTail : 0
        }

        func token(_ i: Int) -> (value: Double, rows: UInt64, inOrder: Bool, labelled: Bool) {
            if i < spare { return (state.spare[i].value, state.spare[i].rows, false, false) }
            let p = state.position + i - spare
            return (search.numbers[p], search.apart[p], true, search.labelled?[p] ?? false)
        }

        /// The cheap test first: every number left is a derived value or an owed one.
        func onlyDerivedOrOwedLeft() -> Bool {
            var needed: [Double: Int] = [:]
            for cell in sequence { needed[values[cell], default: 0] += 1 }
            for item in state.owed { needed[item.value, default: 0] += 1 }
            for i in 0..<count {
                let value = token(i).value
                guard let left = needed[value], left > 0 else { return false }
                needed[value] = left - 1
            }
            return true
        }

        /// Whether the numbers from the `i`-th on match the cells from the `j`-th on, with
        /// `gapsLeft` blanks, the owed first values whose bits are set in `owed`, and `moved` values
        /// moved so far.
        mutating func walk(_ i: Int, _ j: Int, _ gapsLeft: Int, _ owed: Int, _ moved: Int) -> Bool {
            if i == count && j == sequence.count { return gapsLeft == 0 && owed == 0 && awaited.isEmpty && early.isEmpty }
            let key = Key(i: i, j: j, gaps: gapsLeft, owed: owed, moved: moved, awaited: awaited, early: early)
            search.tailSteps += 1
            if search.tailSteps > search.maximumStates { search.exhausted = true }
            // A match that takes this long is given up (the reading is not kept).
            if search.exhausted || failed.contains(key) || failed.count > Search.maximumDeadEnds { return false }
            if j < sequence.count, matchCell(i, j, gapsLeft, owed, moved) { return true }
            // A number apart stands between rows' runs, as PDF text draws it with the labels
            // (never inside a run: two values of one row trading places is no such thing).
            if i < count, token(i).rows != 0, j == sequence.count || isFirst[j], matchApart(i, j, gapsLeft, owed, moved) { return true }
            failed.insert(key)
            return false
        }

        /// The `j`-th cell's number here; or taken before; or none (blank); or to come, apart.
        private mutating func matchCell(_ i: Int, _ j: Int, _ gapsLeft: Int, _ owed: Int, _ moved: Int) -> Bool {
            let cell = sequence[j]
            let value = values[cell]
            let first = isFirst[j]
            let cost = first ? 0 : 1
            if i < count, token(i).inOrder, token(i).value == value, walk(i + 1, j + 1, gapsLeft, owed, moved) { return true }
            if moved + cost <= movable {
                for (k, item) in early.enumerated()
                where item.value == value && (item.rows & rowBit[j] != 0 || anyZero[j])
                    && (first || item.labelled) && (k == 0 || early[k - 1] != item)
                {
                    early.remove(at: k)
                    defer { early.insert(item, at: k) }
                    if walk(i, j + 1, gapsLeft, owed, moved + cost) { return true }
                }
            }
            if gapsLeft > 0 {
                blanks.append(cell)
                if walk(i, j + 1, gapsLeft - 1, owed, moved) { return true }
                blanks.removeLast()
            }
            if moved + cost <= movable, awaited.count + early.count < search.maximumPending {
                let item = Pending(value: value, rows: anyZero[j] ? ~0 : rowBit[j], labelled: !first)
                search.insertSorted(item, into: &awaited)
                defer { awaited.remove(at: awaited.firstIndex(of: item)!) }
                if walk(i, j + 1, gapsLeft, owed, moved + cost) { return true }
            }
            return false
        }

        /// The `i`-th number apart: an owed first value, an awaited cell's, or one taken early.
        private mutating func matchApart(_ i: Int, _ j: Int, _ gapsLeft: Int, _ owed: Int, _ moved: Int) -> Bool {
            let (value, rows, inOrder, withLabels) = token(i)
            for (k, item) in state.owed.enumerated() where inOrder && owed & (1 << k) != 0 && item.value == value && item.rows & rows != 0 {
                if walk(i + 1, j, gapsLeft, owed & ~(1 << k), moved) { return true }
            }
            for (k, item) in awaited.enumerated()
            where item.value == value && item.rows & rows != 0
                && (withLabels || !item.labelled) && (k == 0 || awaited[k - 1] != item)
            {
                awaited.remove(at: k)
                defer { awaited.insert(item, at: k) }
                if walk(i + 1, j, gapsLeft, owed, moved) { return true }
            }
            if awaited.count + early.count < search.maximumPending {
                let item = Pending(value: value, rows: rows, labelled: withLabels)
                search.insertSorted(item, into: &early)
                defer { early.remove(at: early.firstIndex(of: item)!) }
                if walk(i + 1, j, gapsLeft, owed, moved) { return true }
            }
            return false
        }
    }
}
