/// One way of reading a table's numbers into its cells (in order; with blanks; rows as runs; …).
///
/// A strategy proposes its readings to the `Judge` one by one as it makes them, rather than
/// returning them: a strategy may make tens of thousands, most of which the judge's best so far
/// lets it skip untried (`InOrder`), and some strategies try more only while no reading fits.
protocol AlignmentStrategy: Sendable {
    /// Recorded on each cell the strategy reads (`ReadingOrderAligner.Alignment.origins`).
    var name: String { get }
    /// Whether the strategy is tried, given the table and the readings weighed so far.
    func applies(to context: AlignmentContext, judge: Judge) -> Bool
    /// Proposes the strategy's readings to `judge`.
    func propose(_ context: AlignmentContext, to judge: inout Judge)
    /// A reading of this strategy that fits when none before it did is only a last resort
    /// (`ReadingOrderAligner.Alignment.lastResort`).
    var fitsOnlyAsLastResort: Bool { get }
}

extension AlignmentStrategy {
    var fitsOnlyAsLastResort: Bool { false }
}
