/// A row may hold two of the blanks, which the column rules then give. Tried whatever the readings
/// so far, with the numbers in their order only (no first value apart): such a row's values are
/// not checked together, and with first values apart two rows that the column rules cannot tell
/// apart (本年新收, 上年结转) traded values. Without values drawn late, one of the two may be a
/// late value's cell (a blank beside a total drawn among late labels).
struct TwoBlanksInARow: AlignmentStrategy {
    let name = "two blanks in a row"

    func applies(to context: AlignmentContext, judge: Judge) -> Bool {
        context.gaps >= 2 && context.gaps <= ReadingOrderAligner.maximumRunGaps
    }

    func propose(_ context: AlignmentContext, to judge: inout Judge) {
        let readings = context.problem.runReadings(
            context.tokens, apart: context.numbers.apart, gaps: context.gaps, maximumPending: 0,
            shape: .twoBlanks, maximumStates: context.states)
        for reading in readings ?? [] { judge.consider(reading, inOrder: true, by: name) }
    }
}
