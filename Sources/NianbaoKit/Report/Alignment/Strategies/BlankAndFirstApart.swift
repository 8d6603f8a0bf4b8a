/// While a rule is broken: a row may hold a blank and have its first printed value drawn apart
/// with the labels (raw order only: space-aligned text keeps values on their labels' lines).
struct BlankAndFirstApart: AlignmentStrategy {
    let name = "a blank and the first value apart"

    func applies(to context: AlignmentContext, judge: Judge) -> Bool {
        !context.spaceAligned && context.gaps >= 1 && context.gaps <= ReadingOrderAligner.maximumRunGaps && judge.stillBroken
    }

    func propose(_ context: AlignmentContext, to judge: inout Judge) {
        let readings = context.problem.runReadings(
            context.tokens, apart: context.numbers.apart, gaps: context.gaps,
            maximumPending: ReadingOrderAligner.maximumPending, shape: .blankAndFirstApart,
            limit: 8192, maximumStates: context.states)
        for reading in readings ?? [] { judge.consider(reading, by: name) }
    }
}
