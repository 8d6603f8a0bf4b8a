/// Without values drawn late, two blanks anywhere (thousands of placements, `InOrder` leaves them
/// out then): tried only when another reading fits every rule, to see whether they fit as well
/// and differ.
struct DeferredTwoBlanks: AlignmentStrategy {
    let name = "in order, two blanks anywhere, without late values"

    func applies(to context: AlignmentContext, judge: Judge) -> Bool {
        context.deferred > 0 && judge.best?.outcome.broken == 0
    }

    func propose(_ context: AlignmentContext, to judge: inout Judge) {
        InOrder.place(around: context.gapSets[..<context.deferred], context, name: name, judge: &judge)
    }
}
