/// While a rule is broken, or the rules confirm less than half the cells: a column printed blank
/// in every row, with first values drawn apart. The numbers stand in their order but for first
/// values that came with their own labels (in a small group between lines of text, or ending a
/// label's line): as for numbers in order, a cell whose row rule gave the blank is confirmed by
/// its column's rules.
struct BlankColumn: AlignmentStrategy {
    let name = "a column printed blank"

    func applies(to context: AlignmentContext, judge: Judge) -> Bool {
        !context.spaceAligned && context.gaps > ReadingOrderAligner.maximumRunGaps
            && (judge.best.map { $0.outcome.broken > 0 || $0.outcome.confirmed.count * 2 < context.n } ?? true)
    }

    func propose(_ context: AlignmentContext, to judge: inout Judge) {
        let numbers = context.numbers
        let withLabels = context.tokens.indices.map { numbers.labelled[$0] || numbers.floating.contains($0) }
        for column in context.problem.columnCells where column.count == context.gaps {
            let readings = context.problem.runReadings(
                context.tokens, apart: numbers.apart, gaps: context.gaps,
                maximumPending: ReadingOrderAligner.maximumPending,
                shape: .blankColumn(Set(column), cameWithLabels: withLabels), limit: 8192,
                maximumStates: context.states)
            for reading in readings ?? [] { judge.consider(reading, inOrder: true, by: name) }
        }
    }
}
