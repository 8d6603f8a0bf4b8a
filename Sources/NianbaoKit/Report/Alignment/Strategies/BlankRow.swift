/// A whole row printed blank, too many cells for the runs above: the column rules give the row.
/// Tried even when a reading fits every rule, so that two readings that fit and differ leave their
/// cells in doubt; first values apart only when no reading has them in their order. (Not without
/// values drawn late, nor in space-aligned text, whose values stand on their labels' lines.)
struct BlankRow: AlignmentStrategy {
    let name = "a row printed blank"

    func applies(to context: AlignmentContext, judge: Judge) -> Bool {
        !context.trimmed && !context.spaceAligned && context.gaps > ReadingOrderAligner.maximumRunGaps
            && context.problem.rowCells.contains(where: { $0.count == context.gaps })
    }

    func propose(_ context: AlignmentContext, to judge: inout Judge) {
        for pending in [0, ReadingOrderAligner.maximumPending] {
            guard
                let readings = context.problem.runReadings(
                    context.tokens, apart: context.numbers.apart, gaps: context.gaps,
                    maximumPending: pending, shape: .noNumber, limit: 8192,
                    maximumStates: context.states), !readings.isEmpty
            else { continue }
            for reading in readings { judge.consider(reading, inOrder: pending == 0, by: name) }
            break
        }
    }
}
