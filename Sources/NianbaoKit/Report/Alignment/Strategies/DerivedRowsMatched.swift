/// While a rule is broken: the last rows, which the rules give from the rows above (总计,
/// 结转下年度), may be split by labels or blank; their values are derived and matched with the
/// numbers left over (`AlignmentProblem.RunShape.looseTail`). All blanks in those rows first,
/// then up to `maximumRunGaps` above them too.
struct DerivedRowsMatched: AlignmentStrategy {
    let name = "last rows derived and matched"

    func applies(to context: AlignmentContext, judge: Judge) -> Bool {
        context.gaps >= 0 && context.gaps <= ReadingOrderAligner.maximumRunGaps + context.derivedCells
    }

    func propose(_ context: AlignmentContext, to judge: inout Judge) {
        let gaps = context.gaps
        for prefixGaps in (gaps == 0 ? [0] : [0, min(gaps, ReadingOrderAligner.maximumRunGaps)]) where judge.stillBroken {
            let readings = context.problem.runReadings(
                context.tokens, apart: context.numbers.apart, gaps: gaps, maximumPending: ReadingOrderAligner.maximumPending,
                shape: .looseTail(gapsAbove: prefixGaps, smallGroups: context.numbers.labelled), limit: 1024,
                maximumStates: context.states, spending: context.shared)
            for reading in readings ?? [] { judge.consider(reading, by: name) }
        }
    }
}
