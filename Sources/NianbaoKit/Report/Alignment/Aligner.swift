/// Runs the strategies in order, as each earlier one leaves the table, and hands the readings
/// weighed to the judge's verdict.
enum Aligner {
    /// The strategies, in the order they are tried (the later ones mostly only while no reading
    /// fits every rule).
    static let strategies: [any AlignmentStrategy] = [
        InOrder(), LabelLineNumbersAtRowStarts(), ColumnsInBlocks(), RowsAsRuns(), DerivedRowsMatched(), TwoBlanksInARow(),
        BlankAndFirstApart(), BlankColumn(), BlankRow(), DeferredTwoBlanks(), FirstRowOutOfOrder(),
    ]

    static func align(_ context: AlignmentContext) -> ReadingOrderAligner.Alignment? {
        var judge = Judge(context)
        var fitsOnlyOutOfOrder = false
        for strategy in strategies where strategy.applies(to: context, judge: judge) {
            let brokenBefore = judge.stillBroken
            strategy.propose(context, to: &judge)
            if strategy.fitsOnlyAsLastResort { fitsOnlyOutOfOrder = brokenBefore && !judge.stillBroken }
        }
        return judge.verdict(context, fitsOnlyOutOfOrder: fitsOnlyOutOfOrder)
    }
}
