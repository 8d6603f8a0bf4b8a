/// With blanks: one of the first rows, beside the tall header cells, may have its values drawn
/// out of order (LibreOffice's PDFs do so at times). Its cells are left to the column rules, and
/// its numbers must be the values those give them, in some order (`AlignmentProblem.rowOutOfOrder`).
/// When no reading before fits, such a reading is a last resort (a value drawn late, or out of
/// place elsewhere, may fit so too). When one fits, it is tried all the same: among many zeros, a
/// row out of order and the blanks placed otherwise may fit as well, and the cells the two give
/// differently are then in doubt (neither can be told from the text).
struct FirstRowOutOfOrder: AlignmentStrategy {
    let name = "a first row out of order"
    var fitsOnlyAsLastResort: Bool { true }

    func applies(to context: AlignmentContext, judge: Judge) -> Bool {
        context.gaps > 0 && !context.trimmed && context.gapSets.count * ReadingOrderAligner.rowsOutOfOrder <= ReadingOrderAligner.maximumPlacements
    }

    func propose(_ context: AlignmentContext, to judge: inout Judge) {
        // The other rows take the numbers as the placement in order does: their row rules must
        // hold there, and at most the row's own may break.
        let candidates = context.gapSets.filter { context.rowRulesBroken(around: $0) <= 1 }
        for row in context.problem.rowCells.prefix(ReadingOrderAligner.rowsOutOfOrder) {
            for gapSet in candidates {
                if let readings = context.problem.rowOutOfOrder(row, tokens: context.tokens, gapSet: gapSet) {
                    judge.consider(readings, inOrder: true, by: name)
                }
            }
        }
    }
}
