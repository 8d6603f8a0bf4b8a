/// No cell without a number, and many numbers on label lines (more than `maximumFloating`, or
/// numbers alone between label lines): each at the start of a row, in their order, the others in
/// theirs, every row adding up by its own rules (`AlignmentProblem.floatedReadings`, memoised).
struct LabelLineNumbersAtRowStarts: AlignmentStrategy {
    let name = "numbers on label lines at row starts"

    func applies(to context: AlignmentContext, judge: Judge) -> Bool { context.gaps == 0 }

    func propose(_ context: AlignmentContext, to judge: inout Judge) {
        let (tokens, floating, lone) = (context.tokens, context.numbers.floating, context.numbers.lone)
        if floating.count > ReadingOrderAligner.maximumFloating, let floated = context.problem.floatedReadings(tokens, floating: floating) {
            for readings in floated { judge.consider(readings, by: name) }
        }
        if !lone.isEmpty, let floated = context.problem.floatedReadings(tokens, floating: (floating + lone).sorted()) {
            for readings in floated { judge.consider(readings, by: name) }
        }
    }
}
