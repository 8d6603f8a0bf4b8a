import Foundation

/// Weighs the readings the strategies propose for one table and keeps only what every reading that
/// fits as well agrees on.
///
/// Readings are weighed as they come (there may be tens of thousands): the first that breaks
/// fewest rules is kept, and for each cell whether every reading that ties with it gives the cell
/// the same value and does not doubt it. `verdict` then keeps the cells so agreed on; `weigh`
/// compares the readings of a table with and without values drawn late.
struct Judge {
    /// The first of the readings that break fewest rules, with, for each cell, whether every
    /// reading that ties with it agrees there, and the strategy that read it.
    struct Best {
        var readings: [LabelText.Reading?]
        var outcome: RuleSet.Outcome
        var agreed: [Bool]
        var origins: [String]
    }

    let problem: AlignmentProblem
    let blankRowsByLabels: Set<Int>?
    let late: [Double]?
    private(set) var best: Best?
    /// Among the readings that tie with `best`: the cells some reading confirms, with its number
    /// and the strategy that read it, and the cells some reading leaves without a number (a blank,
    /// or a value the rules give).
    private(set) var tiedConfirmed: [Int: LabelText.Reading] = [:]
    private(set) var tiedOrigins: [Int: String] = [:]
    private(set) var tiedGaps = Set<Int>()
    /// The first reading proposed: with no gap, the numbers as they stand.
    private(set) var direct: [LabelText.Reading?]?

    init(_ context: AlignmentContext) {
        (problem, blankRowsByLabels, late) = (context.problem, context.blankRowsByLabels, context.late)
    }

    /// No reading so far fits every rule.
    var stillBroken: Bool { best.map { $0.outcome.broken > 0 } ?? true }

    /// Weighs one reading (each cell's number, nil for a gap) that `origin` proposed.
    /// `inOrder` and `finalRun`: see `RuleSet.evaluate` (neither is trusted without late values).
    mutating func consider(_ readings: [LabelText.Reading?], inOrder: Bool = false, finalRun: Int? = nil, by origin: String) {
        if let blankRowsByLabels {
            let blank = readings.indices.filter { readings[$0] == nil }
            if problem.wholeRows(blank), Set(blank) != blankRowsByLabels { return }
        }
        if direct == nil { direct = readings }
        let trimmed = late != nil
        guard
            let outcome = problem.evaluate(
                readings, stopAbove: best?.outcome.broken ?? .max, inOrder: inOrder && !trimmed,
                finalRun: trimmed ? nil : finalRun)
        else { return }
        if let late, !outcome.values.isEmpty,
            !ReadingOrderAligner.canHold(late, gaps: readings.indices.filter { readings[$0] == nil }.map { outcome.values[$0] })
        {
            return
        }
        if best == nil || outcome.broken < best!.outcome.broken {
            let n = problem.cells.count
            best = Best(
                readings: readings, outcome: outcome, agreed: (0..<n).map { !outcome.doubtful.contains($0) },
                origins: Array(repeating: origin, count: n))
            tiedConfirmed = [:]
            tiedOrigins = [:]
            tiedGaps = Set(readings.indices.filter { readings[$0] == nil })
        } else if outcome.broken == best!.outcome.broken {
            tie(readings, outcome, by: origin)
        }
    }

    /// A reading that breaks as many rules as `best`: the cells they give differently are not agreed.
    private mutating func tie(_ readings: [LabelText.Reading?], _ outcome: RuleSet.Outcome, by origin: String) {
        for cell in outcome.confirmed where tiedConfirmed[cell] == nil {
            tiedConfirmed[cell] = readings[cell]
            tiedOrigins[cell] = origin
        }
        for cell in readings.indices where readings[cell] == nil { tiedGaps.insert(cell) }
        for cell in 0..<problem.cells.count where best!.agreed[cell] {
            if outcome.values[cell] != best!.outcome.values[cell] || outcome.doubtful.contains(cell) { best!.agreed[cell] = false }
        }
        // The same values, some confirmed here only (a reading with the numbers in their order,
        // where the first one moved some): its confirmations count too.
        if outcome.values == best!.outcome.values {
            for cell in outcome.confirmed where !best!.outcome.confirmed.contains(cell) {
                best!.outcome.confirmed.insert(cell)
                best!.readings[cell] = readings[cell]
                best!.origins[cell] = origin
            }
        }
    }

    /// The origin of cells read from the numbers as they stand (the fallback of `verdict`).
    static let asTheyStand = "numbers as they stand"

    /// The alignment the readings weighed give. Gaps and moved numbers are guesses: one that leaves
    /// a rule broken may have fitted a value out of place by putting others out of place too. Then
    /// only the numbers as they stand are read; with blanks among them, the best guesses are kept
    /// as a last resort (`Alignment.lastResort`), as are readings that fit only with a first row
    /// out of order (`fitsOnlyOutOfOrder`), for the cells that every one of them gives the same
    /// value and two rules confirm, far from the broken rules (a row of the table that PDF text
    /// drew out of order breaks its columns' rules, and the rest of the table need not be lost with it).
    mutating func verdict(_ context: AlignmentContext, fitsOnlyOutOfOrder: Bool) -> ReadingOrderAligner.Alignment? {
        let gaps = context.gaps
        let lastResort = fitsOnlyOutOfOrder || best.map { $0.outcome.broken > 0 } == true && gaps > 0 && !context.trimmed
        if let held = best, held.outcome.broken > 0, !lastResort {
            // (With no gap, the numbers as they stand are the first reading tried, in their order.)
            guard gaps == 0, !context.trimmed, let direct,
                let outcome = problem.evaluate(direct, inOrder: true, finalRun: context.finalRun)
            else { return nil }
            let n = problem.cells.count
            best = Best(
                readings: direct, outcome: outcome, agreed: (0..<n).map { !outcome.doubtful.contains($0) },
                origins: Array(repeating: Self.asTheyStand, count: n))
            tiedConfirmed = [:]
            tiedOrigins = [:]
        }
        guard let best else { return nil }
        var alignment = agreedCells(best)
        if lastResort && alignment.confirmed.isEmpty { return nil }
        alignment.lastResort = lastResort
        alignment.blanks = max(0, gaps)
        if best.outcome.broken == 0 { alignment.values = checkedValues(best.outcome) }
        return alignment
    }

    /// The first of the best placements is kept where every best placement gives its cells the
    /// same values (read, or fixed by the rules for a gap): where the placements differ only in
    /// which cell of a run of equal values was the blank one.
    private func agreedCells(_ best: Best) -> ReadingOrderAligner.Alignment {
        var alignment = ReadingOrderAligner.Alignment(readings: [:], confirmed: [], doubtful: [])
        let first = best.outcome
        for cell in 0..<problem.cells.count {
            let term = problem.cells[cell]
            let agreed = best.agreed[cell]
            if first.confirmed.contains(cell) && agreed {
                alignment.confirmed.insert(term)
                alignment.readings[term] = best.readings[cell]
                alignment.origins[term] = best.origins[cell]
            } else if agreed, !first.doubtful.contains(cell), let token = tiedConfirmed[cell], case .number(let x, _) = token {
                // Every reading that ties gives the cell this value, and one of them confirms it: a
                // number there, or inferred when some reading leaves the cell without one.
                alignment.confirmed.insert(term)
                alignment.readings[term] = tiedGaps.contains(cell) ? .number(x, inferred: true) : token
                alignment.origins[term] = tiedOrigins[cell]
            } else if !agreed || first.doubtful.contains(cell) {
                alignment.doubtful.insert(term)
            }
        }
        return alignment
    }

    /// The values of a reading that breaks no rule, where every rule on the cell could be checked
    /// (a cell with a rule that cannot be checked: nothing there says the value fits).
    private func checkedValues(_ outcome: RuleSet.Outcome) -> [RuleEngine.Term: Double] {
        var unchecked = Set<Int>()
        for eq in problem.equations where eq.terms.contains(where: { outcome.values[$0.0] == nil }) { unchecked.formUnion(eq.terms.map(\.0)) }
        var values: [RuleEngine.Term: Double] = [:]
        for (cell, value) in outcome.values.enumerated() where !unchecked.contains(cell) {
            if let value { values[problem.cells[cell]] = value }
        }
        return values
    }

    /// The reading of a table that the rules confirm most of, among `readings` (the reading as it
    /// stands, when not a last resort, and those without values drawn late), and of its cells
    /// only those that every other reading that fits agrees on: one that gives a cell another
    /// value, or doubts it where its rules could be checked (its own placements that fit differ
    /// there), leaves it in doubt. `alsoFitting`: a last resort, not kept, but a reading that may
    /// fit (a row out of order), whose cells weigh as the others' do.
    static func weigh(
        _ readings: [ReadingOrderAligner.Alignment],
        alsoFitting lastResort: ReadingOrderAligner.Alignment?
    ) -> ReadingOrderAligner.Alignment? {
        guard var best = readings.max(by: { $0.confirmed.count < $1.confirmed.count }) else { return nil }
        for other in readings + (lastResort.map { [$0] } ?? []) where !other.values.isEmpty {
            for term in best.confirmed where other.values[term].map({ $0 != best.readings[term]?.number || other.doubtful.contains(term) }) ?? false {
                best.confirmed.remove(term)
                best.readings[term] = nil
                best.origins[term] = nil
                best.doubtful.insert(term)
            }
        }
        return best
    }
}
