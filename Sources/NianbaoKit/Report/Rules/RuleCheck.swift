import Foundation

extension RuleSet {
    struct Outcome {
        /// How many rule equations do not hold.
        var broken: Int
        /// Each cell's value: read, or fixed by a rule when the cell is a gap; nil when unknown.
        var values: [Double?]
        var confirmed: Set<Int>
        var doubtful: Set<Int>
    }

    /// Checks one placement: each cell's reading, nil for a gap. Nil when the placement is
    /// impossible (a decimal or a negative number in a count cell).
    /// `stopAbove`: a placement that breaks more rules than this is answered at once with that
    /// count and nothing else (most placements tried are far off).
    /// `inOrder`: the numbers were placed in their order (no number moved or left out), so that
    /// one rule holding on a cell is enough when the cell's other rule only filled a blank and no
    /// rule of the table breaks: a number out of place would shift its neighbours across other rules.
    /// `finalRun`: besides, every cell has its number, and the numbers from this one on came as one
    /// unbroken run after all the table's labels (see `ReadingOrderAligner.finalRunStart`), so that a
    /// cell with a single rule whose cells all lie in that run is kept when the rule holds and no
    /// rule of the table breaks.
    func evaluate(_ readings: [LabelText.Reading?], stopAbove: Int = .max, inOrder: Bool = false, finalRun: Int? = nil) -> Outcome? {
        guard var check = RuleCheck(rules: self, readings: readings) else { return nil }
        check.fillGaps()
        guard check.checkRules(stopAbove: stopAbove) else { return Outcome(broken: check.broken, values: [], confirmed: [], doubtful: []) }
        // The cells of the broken rules, before their neighbours are doubted too.
        let inBrokenRule = check.doubtful
        check.doubtRowsBesideBroken()
        return check.outcome(inOrder: inOrder, finalRun: finalRun, inBrokenRule: inBrokenRule)
    }
}

/// The state of one `RuleSet.evaluate`: the placement's values, then what each rule says of them.
private struct RuleCheck {
    let rules: RuleSet
    var values: [Double?]
    var gap: [Bool]
    /// Gaps that a rule gives an impossible value (negative, or a fraction of a count).
    var impossible = Set<Int>()
    /// Equations that gave a gap its value: they hold by construction and so confirm nothing.
    var usedToFill: [Bool]
    /// How many rules that did not fill a gap hold on each cell.
    var holding: [Int]
    var doubtful = Set<Int>()
    var failingRows = Set<Int>()
    /// Cells of rules that cannot be checked (a value not known).
    var unchecked = Set<Int>()
    /// Cells of rules that hold on values all alike on each side.
    var uniformlyHeld = Set<Int>()
    var broken = 0

    /// Nil when a count cell reads a decimal or a negative number.
    init?(rules: RuleSet, readings: [LabelText.Reading?]) {
        self.rules = rules
        let n = rules.cells.count
        values = [Double?](repeating: nil, count: n)
        gap = [Bool](repeating: false, count: n)
        holding = [Int](repeating: 0, count: n)
        usedToFill = [Bool](repeating: false, count: rules.indexedEquations.count)
        for (i, reading) in readings.enumerated() {
            switch reading {
            case .number(let x, _)?:
                if rules.impossible(x, in: i) { return nil }
                values[i] = x
            case nil: gap[i] = true
            default: break
            }
        }
    }

    /// Gaps take the values their rules give them (a rule with one unknown), twice over. A gap
    /// that a rule gives an impossible value is left unknown, and breaks that rule (`checkRules`).
    mutating func fillGaps() {
        for _ in 0..<2 {
            for (e, eq) in rules.indexedEquations.enumerated() {
                var unknown = -1
                var unknowns = 0
                var sum = 0.0
                for (i, sign) in eq.terms {
                    if let x = values[i] {
                        sum += x * Double(sign)
                    } else {
                        unknown = i
                        unknowns += 1
                    }
                }
                guard unknowns == 1, gap[unknown] else { continue }
                let sign = eq.terms.first { $0.0 == unknown }!.1
                let implied = (-sum / Double(sign) * 10_000).rounded() / 10_000
                if rules.impossible(implied, in: unknown) {
                    impossible.insert(unknown)
                    continue
                }
                values[unknown] = implied
                usedToFill[e] = true
            }
        }
    }

    /// Checks every rule; false as soon as more than `stopAbove` break.
    mutating func checkRules(stopAbove: Int) -> Bool {
        for (e, eq) in rules.indexedEquations.enumerated() {
            var sum = 0.0
            var known = true
            for (i, sign) in eq.terms {
                guard let x = values[i] else {
                    known = false
                    break
                }
                sum += x * Double(sign)
            }
            guard known else {
                // A rule that cannot be checked confirms nothing; a gap it gives an impossible value breaks it.
                for (i, _) in eq.terms { unchecked.insert(i) }
                if eq.terms.contains(where: { impossible.contains($0.0) }) {
                    broken += 1
                    if broken > stopAbove { return false }
                    for (i, _) in eq.terms { doubtful.insert(i) }
                }
                continue
            }
            if abs(sum) < 1e-6 {
                if !usedToFill[e] { for (i, _) in eq.terms { holding[i] += 1 } }
                // Terms on one side that all have the same value can trade places unnoticed and harmlessly.
                let uniform = [1, -1].allSatisfy { side in
                    Set(eq.terms.filter { $0.1 == side }.map { values[$0.0]! }).count <= 1
                }
                if uniform && !usedToFill[e] { for (i, _) in eq.terms { uniformlyHeld.insert(i) } }
            } else {
                broken += 1
                if broken > stopAbove { return false }
                for (i, _) in eq.terms { doubtful.insert(i) }
                if let row = eq.row { failingRows.insert(row) }
            }
        }
        return true
    }

    /// A value out of place shifts its neighbours: the rows next to a broken row may add up by
    /// chance (two of their values traded places). Rows of zeros next to it may be shifted
    /// zeros, and add up all the same: so may the first row past them, where the shift ended.
    mutating func doubtRowsBesideBroken() {
        let rowCells = rules.rowCells
        for row in failingRows {
            for step in [-1, 1] {
                var next = row + step
                while rowCells.indices.contains(next) {
                    doubtful.formUnion(rowCells[next])
                    guard rowCells[next].allSatisfy({ values[$0] == 0 }) else { break }
                    next += step
                }
            }
        }
    }

    /// The cells kept (see `RuleSet.evaluate` for `inOrder` and `finalRun`).
    func outcome(inOrder: Bool, finalRun: Int?, inBrokenRule: Set<Int>) -> RuleSet.Outcome {
        var confirmed = Set<Int>()
        var doubtful = doubtful
        let cleanInOrder = inOrder && broken == 0
        let equationCount = rules.equationCount
        // The cells of the rules whose cells all stand in the final run of numbers.
        var inFinalRun = [Bool](repeating: false, count: rules.cells.count)
        if let finalRun {
            for eq in rules.indexedEquations where eq.terms.allSatisfy({ $0.0 >= finalRun }) { for (i, _) in eq.terms { inFinalRun[i] = true } }
        }
        for i in rules.cells.indices {
            // A gap is not a printed value: what the rules give it is inferred later, not kept here.
            guard !doubtful.contains(i), !unchecked.contains(i), values[i] != nil, !gap[i] else { continue }
            let twoRulesHold = holding[i] >= 2
            // Its other rule only filled a blank: numbers in their order with every rule holding.
            let oneRuleInOrder = cleanInOrder && holding[i] >= 1 && equationCount[i] >= 2
            // Its only rule holds on values that could trade places unnoticed and harmlessly.
            let onlyRuleUniform = uniformlyHeld.contains(i) && equationCount[i] == 1
            // Its only rule holds, and the numbers came in one run after the labels.
            let onlyRuleInOneRun = cleanInOrder && holding[i] >= 1 && equationCount[i] == 1 && inFinalRun[i]
            if twoRulesHold || oneRuleInOrder || onlyRuleUniform || onlyRuleInOneRun { confirmed.insert(i) }
        }
        if let finalRun, finalRunStandsApart(inOrder: inOrder, finalRun: finalRun, inBrokenRule: inBrokenRule) {
            for i in finalRun..<rules.cells.count where !unchecked.contains(i) && !gap[i] && holding[i] >= 1 && holding[i] == equationCount[i] {
                confirmed.insert(i)
                doubtful.remove(i)
            }
        }
        return RuleSet.Outcome(broken: broken, values: values, confirmed: confirmed, doubtful: doubtful)
    }

    /// The final run starts at a row, and the rules of its cells stay within it and hold: PDF
    /// text drew it as one block after all the labels, so a value out of place before it (a
    /// broken rule there) has not shifted it. Its rows are kept, beside a broken row too.
    func finalRunStandsApart(inOrder: Bool, finalRun: Int, inBrokenRule: Set<Int>) -> Bool {
        guard inOrder, broken > 0, rules.rowCells.contains(where: { $0.first == finalRun }) else { return false }
        let touching = rules.indexedEquations.filter { eq in eq.terms.contains { $0.0 >= finalRun } }
        return touching.allSatisfy { eq in eq.terms.allSatisfy { $0.0 >= finalRun && !inBrokenRule.contains($0.0) } }
    }
}
