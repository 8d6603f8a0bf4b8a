import Foundation

/// Reads rows whose values a crawler ran together (`GluedRuns`, `DigitRun`). A run belongs to the
/// row whose label stands right before it (so this is matching, by label, not alignment); a wide
/// table's run, right after its header, fills every cell. Of a run's splits into its cells, those
/// its own rules allow are kept (a table without rules: the split must be the only one); then
/// every choice of one split per run that the rules across runs allow. A cell is read only where
/// every choice left agrees; anywhere else it stays missing, never guessed.
struct GluedRunReading {
    /// Recorded in the origin of each cell read (`CanonicalTable.origins`).
    static let name = "glued run"

    let labels: any LabelIndex
    let rules: RuleSet

    /// Most choices of splits tried across runs before the runs that the rules across them would
    /// have to decide are left unread.
    static let searchBudget = 200_000

    /// What was read: each cell's value and how it came, and why the cells not read are missing.
    struct Reading {
        var values: [RuleEngine.Term: Double] = [:]
        var origins: [RuleEngine.Term: String] = [:]
        var notRead: [RuleEngine.Term: String] = [:]
    }

    /// A run and the cells it fills, with its splits.
    struct Run {
        var cells: [Int]
        var text: String
        /// Its splits into `cells` that its own rules allow.
        var splits: [[Double]] = []
        /// It splits only one way, whatever the rules (`k` digits for `k` cells).
        var byCount = false
        /// Its rules left one split.
        var byOwnRules = false
        /// No rule covers its cells, and it also reads as fewer values (blank cells dropped).
        var blanksMayHide = false
    }

    func read(_ rows: [SourceRow]) -> Reading {
        var reading = Reading()
        let runs = assign(rows, reading: &reading).map(splitting)
        for run in runs where run.splits.isEmpty {
            let why =
                run.blanksMayHide
                ? "missing: the glued run \"\(run.text)\" may also be fewer values, blank cells dropped, and no rule tells"
                : "missing: the glued run \"\(run.text)\" has no split into its \(run.cells.count) cells that its rules allow"
            for cell in run.cells { reading.notRead[rules.cells[cell]] = why }
        }
        let combined = combine(runs.filter { !$0.splits.isEmpty })
        for run in runs where !run.splits.isEmpty {
            for (k, cell) in run.cells.enumerated() {
                let term = rules.cells[cell]
                switch combined {
                case .agreed(let values) where values[cell] != nil:
                    reading.values[term] = values[cell]
                    reading.origins[term] = Self.origin(run, acrossRows: run.splits.count > 1)
                case .noFit where run.byCount, .tooMany where run.byOwnRules:
                    reading.values[term] = run.splits[0][k]
                    reading.origins[term] = Self.origin(run, acrossRows: false) + (run.byCount ? "; the rules across rows break" : "")
                case .noFit:
                    reading.notRead[term] = "missing: no split of the glued run \"\(run.text)\" fits the rules across rows"
                default:
                    reading.notRead[term] = "missing: the glued run \"\(run.text)\" splits more than one way that the rules allow"
                }
            }
        }
        return reading
    }

    static func origin(_ run: Run, acrossRows: Bool) -> String {
        let how = run.byCount ? "split by count" : acrossRows ? "split by the rules across rows" : "split by its row's rules"
        return "\(name) \"\(run.text)\", \(how)"
    }

    /// The runs of the rows, each with the row whose label stands right before it (nil: a wide
    /// table's run, right after a column label of its header).
    static func runs(in rows: [SourceRow], labels: any LabelIndex) -> [(row: String?, text: String)] {
        var out: [(row: String?, text: String)] = []
        for (i, row) in rows.enumerated() where i > 0 {
            guard let text = row.gluedRun, let label = rows[i - 1].textCells.last, rows[i - 1].gluedRun == nil else { continue }
            if labels.spec.layout == .wide {
                if labels.bestColumn(label.core) != nil { out.append((nil, text)) }
            } else if let (id, score) = labels.bestRow(label.core), score >= 1 {
                out.append((id, text))
            }
        }
        return out
    }

    /// The runs with the cells they fill. Two runs for the same cells leave them unread.
    func assign(_ rows: [SourceRow], reading: inout Reading) -> [Run] {
        var runs: [Run] = []
        var disputed = Set<Int>()
        for (row, text) in Self.runs(in: rows, labels: labels) {
            let cells = row.flatMap { labels.rowIndex[$0] }.map { rules.rowCells[$0] } ?? Array(rules.cells.indices)
            if runs.contains(where: { !Set($0.cells).isDisjoint(with: cells) }) { disputed.formUnion(cells) }
            runs.append(Run(cells: cells, text: text))
        }
        for cell in disputed { reading.notRead[rules.cells[cell]] = "missing: two glued runs follow labels of its row" }
        return runs.filter { Set($0.cells).isDisjoint(with: disputed) }
    }

    /// The run with its splits that are values its cells may hold and that its own rules allow.
    func splitting(_ run: Run) -> Run {
        var run = run
        guard let digits = DigitRun(run.text), let all = digits.splits(into: run.cells.count) else { return run }
        let members = Set(run.cells)
        // Flattening drops blank cells: with no rule on its cells, a run that also reads as fewer
        // values (`110`: 1,1,0 or 11,0 and a blank) cannot be told apart.
        let ruled = rules.indexedEquations.contains { eq in eq.terms.contains { members.contains($0.0) } }
        if !ruled, (1..<run.cells.count).contains(where: { digits.waysCount($0) > 0 }) {
            run.blanksMayHide = true
            return run
        }
        let own = rules.indexedEquations.filter { eq in eq.terms.allSatisfy { members.contains($0.0) } }
        let position = Dictionary(uniqueKeysWithValues: run.cells.enumerated().map { ($1, $0) })
        run.splits = all.filter { split in
            zip(run.cells, split).allSatisfy { !rules.impossible($1, in: $0) }
                && own.allSatisfy { eq in RuleSet.holds(eq.terms) { split[position[$0]!] } }
        }
        run.byCount = all.count == 1 && run.splits.count == 1
        run.byOwnRules = run.splits.count == 1
        return run
    }
}

extension GluedRunReading {
    /// What the choices of one split per run that the rules across runs allow say of each cell.
    enum Combined {
        /// Each cell's value where every such choice agrees.
        case agreed([Int: Double])
        /// No choice fits the rules.
        case noFit
        /// More choices than `searchBudget`.
        case tooMany
    }

    func combine(_ runs: [Run]) -> Combined {
        // Runs with fewest splits first: the rules are checked as soon as their cells are chosen.
        let order = runs.sorted { $0.splits.count < $1.splits.count }
        var chosenBy = [Int](repeating: -1, count: rules.cells.count)
        for (r, run) in order.enumerated() { for cell in run.cells { chosenBy[cell] = r } }
        // Each rule across runs, checked once the last of its runs is chosen.
        var checks = [[[(Int, Int)]]](repeating: [], count: order.count)
        for eq in rules.indexedEquations {
            let runsOf = eq.terms.map { chosenBy[$0.0] }
            guard !runsOf.contains(-1), Set(runsOf).count > 1 else { continue }
            checks[runsOf.max()!].append(eq.terms)
        }
        var values = [Double](repeating: .nan, count: rules.cells.count)
        var first: [Int: Double] = [:]
        var differs = Set<Int>()
        var budget = Self.searchBudget
        func choose(_ r: Int) -> Bool {
            guard r < order.count else {
                for run in order {
                    for cell in run.cells {
                        if let held = first[cell] { if held != values[cell] { differs.insert(cell) } } else { first[cell] = values[cell] }
                    }
                }
                return true
            }
            for split in order[r].splits {
                budget -= 1
                if budget < 0 { return false }
                for (cell, value) in zip(order[r].cells, split) { values[cell] = value }
                guard checks[r].allSatisfy({ RuleSet.holds($0) { values[$0] } }) else { continue }
                if !choose(r + 1) { return false }
            }
            return true
        }
        guard choose(0) else { return .tooMany }
        guard !first.isEmpty || order.isEmpty else { return .noFit }
        return .agreed(first.filter { !differs.contains($0.key) })
    }
}
