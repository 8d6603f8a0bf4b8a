/// While a rule is broken: the rows as runs of numbers with blanks among them, in their order,
/// then with rows' first values drawn with the labels, away from their rows
/// (`AlignmentProblem.runReadings`).
struct RowsAsRuns: AlignmentStrategy {
    let name = "rows as runs"

    func applies(to context: AlignmentContext, judge: Judge) -> Bool {
        context.gaps >= 0 && context.gaps <= ReadingOrderAligner.maximumRunGaps
    }

    func propose(_ context: AlignmentContext, to judge: inout Judge) {
        for pending in [0, ReadingOrderAligner.maximumPending] where judge.stillBroken {
            // With none pending, the numbers stand in their order around the blanks.
            let readings = context.problem.runReadings(
                context.tokens, apart: context.numbers.apart, gaps: context.gaps,
                maximumPending: pending, maximumStates: context.states, spending: context.shared)
            for reading in readings ?? [] { judge.consider(reading, inOrder: pending == 0, by: name) }
        }
    }
}
