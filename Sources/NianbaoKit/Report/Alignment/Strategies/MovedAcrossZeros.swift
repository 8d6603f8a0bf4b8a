/// After a placement among zeros (`ReadingOrderAligner.gapSetsAmongZeros`), which stands for every
/// placement that moves its blanks across the zeros before them while the rules give those blanks
/// zero: when it fits and gives a blank another value (a cell printed blank, or a value drawn
/// late), that blank is tried at each place in the run of zeros before it too, one blank at a
/// time. The readings that fit as well and differ leave their cells in doubt. (Run by `InOrder`
/// right after each such placement, not by the driver.)
struct MovedAcrossZeros {
    let name = "in order, a blank moved across zeros"

    func propose(after readings: [LabelText.Reading?], gapSet: [Int], to judge: inout Judge) {
        guard let outcome = judge.problem.evaluate(readings, stopAbove: 0), outcome.broken == 0 else { return }
        for gap in gapSet where outcome.values[gap] != 0 {
            // (Past the other blanks too: the zeros between shift by one, and stay zeros.)
            for cell in stride(from: gap - 1, through: 0, by: -1) {
                guard let token = readings[cell] else { continue }
                guard token.number == 0 else { break }
                var moved = readings
                moved[gap] = token
                moved[cell] = nil
                judge.consider(moved, inOrder: true, by: name)
            }
        }
    }
}
