/// The numbers in their order around the cells left without a number (`AlignmentContext.gapSets`),
/// with numbers on label lines each at the start of a row (`floatPlans`), or one stray number left
/// out at each place in turn. Readings among zeros are followed by `MovedAcrossZeros`.
struct InOrder: AlignmentStrategy {
    let name = "in order"
    static let floated = "in order, numbers on label lines at row starts"
    static let stray = "in order, a stray number left out"

    func applies(to context: AlignmentContext, judge: Judge) -> Bool { true }

    func propose(_ context: AlignmentContext, to judge: inout Judge) {
        Self.place(around: context.gapSets[context.deferred...], context, name: name, judge: &judge)
    }

    /// Every placement around each gap set of `gapSets`, tried as it is made.
    static func place(around gapSets: ArraySlice<[Int]>, _ context: AlignmentContext, name: String, judge: inout Judge) {
        for index in gapSets.indices {
            let gapSet = gapSets[index]
            // Gaps alone (the common case, often thousands of them): the numbers in order around the gaps.
            guard context.floatPlans.count == 1, context.strays == 0 else {
                for plan in context.floatPlans { placeFloating(plan, around: gapSet, context, name: name, judge: &judge) }
                continue
            }
            if let best = judge.best, !gapSet.isEmpty, context.rowRulesBroken(around: gapSet) > best.outcome.broken { continue }
            guard let readings = readings(around: gapSet, context) else { continue }
            judge.consider(readings, inOrder: true, finalRun: gapSet.isEmpty ? context.finalRun : nil, by: name)
            if context.gapsAmongZeros && index < context.combinations {
                MovedAcrossZeros().propose(after: readings, gapSet: gapSet, to: &judge)
            }
        }
    }

    /// The numbers in order around `gapSet`; nil in space-aligned text when a value on a row's
    /// label line would leave that row.
    static func readings(around gapSet: [Int], _ context: AlignmentContext) -> [LabelText.Reading?]? {
        var readings = [LabelText.Reading?](repeating: nil, count: context.n)
        var next = 0
        var gapIndex = 0
        for cell in 0..<context.n {
            if gapIndex < gapSet.count, gapSet[gapIndex] == cell {
                gapIndex += 1
                continue
            }
            if let own = context.numbers.besideLabel[next], own != context.problem.cells[cell].row { return nil }
            readings[cell] = context.tokens[next]
            next += 1
        }
        return readings
    }

    /// The floating numbers placed by `plan`, the others in their order around `gapSet` (with a
    /// stray number, left out at each place in turn).
    static func placeFloating(_ plan: [Int?], around gapSet: [Int], _ context: AlignmentContext, name: String, judge: inout Judge) {
        let n = context.n
        var cellToken = [Int?](repeating: nil, count: n)
        var fixed = [Bool](repeating: false, count: n)
        var moved = Set<Int>()
        for (k, target) in plan.enumerated() {
            guard let target else { continue }
            if gapSet.contains(target) { return }
            cellToken[target] = context.numbers.floating[k]
            fixed[target] = true
            moved.insert(context.numbers.floating[k])
        }
        for cell in gapSet { fixed[cell] = true }
        let tokens = context.tokens
        let stream = tokens.indices.filter { !moved.contains($0) }
        let open = (0..<n).filter { !fixed[$0] }
        let inPlace = plan.allSatisfy { $0 == nil }
        if context.strays > 0 {
            // One stray number, left out at each place in turn.
            guard stream.count == open.count + 1 else { return }
            for s in stream.indices {
                var p = cellToken
                var rest = stream
                rest.remove(at: s)
                for (cell, token) in zip(open, rest) { p[cell] = token }
                judge.consider(p.map { $0.map { tokens[$0] } }, by: inPlace ? stray : floated)
            }
        } else {
            guard stream.count == open.count else { return }
            for (cell, token) in zip(open, stream) { cellToken[cell] = token }
            judge.consider(cellToken.map { $0.map { tokens[$0] } }, inOrder: inPlace, by: inPlace ? name : floated)
        }
    }
}
