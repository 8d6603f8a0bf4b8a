extension ReadingOrderAligner.RunSearch {
    /// The placements of one flat reading's blanks (`placeBlanks`): rows with blanks are placed one
    /// by one (`place`), each in every way its mark allows, then `finish` fills what the rules give
    /// and keeps the reading when every rule holds.
    struct BlankPlacement {
        typealias Search = ReadingOrderAligner.RunSearch
        let search: Search
        let flat: [Double]
        /// How many cells the flat reading gives (all, or those above the derived rows).
        let read: Int
        /// The rows of the flat reading with a blank mark in their first cell.
        let rowsWithBlanks: [Int]
        var values: [Double]
        /// Each blank cell (its own index), nil for a cell with a number.
        var blanks: [Int?]
        /// Cells of rows with two blanks or none, given by the column rules once every row is placed.
        var open: [Int] = []
        /// The readings kept, and the derived rows' matches (`matchTail`), shared by all flat readings.
        var readings: [[LabelText.Reading?]] = []
        var tailMatches: [TailKey: [Int]?] = [:]

        init(search: Search, flat: [Double]) {
            let cellCount = search.problem.cells.count
            let rowCells = search.rowCells
            let read = search.tail.map { rowCells[$0.start][0] } ?? cellCount
            (self.search, self.flat, self.read) = (search, flat, read)
            values = Array(flat.prefix(read)) + [Double](repeating: 0, count: cellCount - read)
            blanks = [Int?](repeating: nil, count: cellCount)
            rowsWithBlanks = rowCells.indices.filter {
                rowCells[$0][0] < read && [Search.blankMark, Search.wholeBlankMark, Search.blankApartMark].contains(flat[rowCells[$0][0]])
            }
        }

        /// Fills the blank cell of row `r` by a row rule; false when none gives a valid value.
        mutating func fillByRow(_ r: Int, _ cell: Int) -> Bool {
            guard let rule = search.checks[r].first(where: { eq in eq.terms.contains { $0.0 == cell } }) else { return false }
            values[cell] = RuleSet.solve(rule.terms, for: cell) { values[$0] }
            return search.valid(cell, values[cell])
        }

        /// Gives the open cells their values: by any rule with one open cell, until none is left.
        /// False when one is left that no rule gives, or a value is not valid.
        mutating func solveOpen() -> Bool {
            var left = Set(open)
            while !left.isEmpty {
                guard
                    let (eq, cell) = search.equations.lazy.compactMap({ eq -> ([(Int, Int)], Int)? in
                        let unknown = eq.terms.filter { left.contains($0.0) }
                        return unknown.count == 1 ? (eq.terms, unknown[0].0) : nil
                    }).first
                else { return false }
                values[cell] = RuleSet.solve(eq, for: cell) { values[$0] }
                guard search.valid(cell, values[cell]) else { return false }
                left.remove(cell)
            }
            return true
        }

        /// Every row placed: the open cells and the derived rows given, the reading kept when
        /// every rule holds.
        mutating func finish() {
            search.trials += 1
            if search.trials > search.maximumStates || readings.count > search.limit {
                search.exhausted = true
                return
            }
            if !open.isEmpty, !solveOpen() { return }
            var tailBlanks: [Int] = []
            if let tail = search.tail {
                for step in tail.steps {
                    values[step.cell] = RuleSet.solve(search.equations[step.equation].terms, for: step.cell) { values[$0] }
                    guard search.valid(step.cell, values[step.cell]) else { return }
                }
                let key = TailKey(state: Int(flat[read + 1]), values: Array(values[read...]))
                let found = tailMatches[key] ?? search.matchTail(search.looseStates[key.state], values: values)
                tailMatches[key] = .some(found)
                guard let found else { return }
                tailBlanks = found
            }
            for cell in tailBlanks { blanks[cell] = cell }
            defer { for cell in tailBlanks { blanks[cell] = nil } }
            if search.equations.allSatisfy({ RuleSet.holds($0.terms) { values[$0] } }) {
                readings.append(values.indices.map { blanks[$0] == nil && search.blankColumn?.contains($0) != true ? .number(values[$0]) : nil })
            }
        }

        /// Places the blanks of the `k`-th row with blanks, in every way, then the next rows'.
        mutating func place(_ k: Int) {
            if search.exhausted { return }
            guard k < rowsWithBlanks.count else { return finish() }
            let r = rowsWithBlanks[k]
            let row = search.rowCells[r]
            switch flat[row[0]] {
            case Search.wholeBlankMark:
                open += row
                for cell in row { blanks[cell] = cell }
                place(k + 1)
                for cell in row { blanks[cell] = nil }
                open.removeLast(row.count)
            case Search.blankApartMark: placeBlankAndFirstApart(k, r, row)
            case _ where flat[row[0] + 1] == Search.blankMark: placeTwoBlanks(k, row)
            default: placeOneBlank(k, r, row)
            }
        }

        /// The blank at each place; the first cell left took the value apart.
        private mutating func placeBlankAndFirstApart(_ k: Int, _ r: Int, _ row: [Int]) {
            let first = flat[row[0] + 1]
            for blank in row.indices {
                var next = row[0] + 2
                for (j, cell) in row.enumerated() where j != blank {
                    if j == (blank == 0 ? 1 : 0) {
                        values[cell] = first
                    } else {
                        values[cell] = flat[next]
                        next += 1
                    }
                }
                guard fillByRow(r, row[blank]) else { continue }
                blanks[row[blank]] = row[blank]
                place(k + 1)
                blanks[row[blank]] = nil
            }
        }

        /// Two blanks, at every two places; the column rules give them.
        private mutating func placeTwoBlanks(_ k: Int, _ row: [Int]) {
            for first in row.indices {
                for second in row.indices where second > first {
                    var next = row[0] + 2
                    for (j, cell) in row.enumerated() where j != first && j != second {
                        values[cell] = flat[next]
                        next += 1
                    }
                    open += [row[first], row[second]]
                    blanks[row[first]] = row[first]
                    blanks[row[second]] = row[second]
                    place(k + 1)
                    blanks[row[first]] = nil
                    blanks[row[second]] = nil
                    open.removeLast(2)
                }
            }
        }

        /// One blank, at every place; the row rule gives it.
        private mutating func placeOneBlank(_ k: Int, _ r: Int, _ row: [Int]) {
            for blank in row.indices {
                for (j, cell) in row.enumerated() where j != blank { values[cell] = flat[row[0] + (j < blank ? j + 1 : j)] }
                guard fillByRow(r, row[blank]) else { continue }
                blanks[row[blank]] = row[blank]
                place(k + 1)
                blanks[row[blank]] = nil
            }
        }
    }
}
