import Foundation
import Testing

@testable import NianbaoKit

/// Property tests of the rules: random valid reports, cells blanked at random, are completed exactly
/// where the rules fix them (checked against an independent rank test in floating point, with
/// non-negativity: an equation already balanced fixes its one-sided unknowns at 0) and left missing
/// elsewhere; printed values that break a rule are marked conflicting.
@Suite("Rules")
struct RuleEngineTests {
    static let library = try! TemplateLibrary.embedded()

    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
    }

    /// A random applications table that satisfies every rule.
    static func validApplications(_ spec: TableSpec, random: inout Random) -> [String: [String: Double]] {
        let applicants = spec.columns.map(\.id).filter { $0 != "total" }
        let outcomes = spec.rules.first { $0.id == "outcome_total" }!.right
        var v: [String: [String: Double]] = [:]
        for column in applicants {
            var outcomeSum = 0
            for row in outcomes {
                let x = random.next(4) == 0 ? random.next(20) : 0
                v[row, default: [:]][column] = Double(x)
                outcomeSum += x
            }
            v["outcome_total", default: [:]][column] = Double(outcomeSum)
            let forward = random.next(6)
            let total = outcomeSum + forward
            let carried = random.next(total + 1)
            v["carried_forward", default: [:]][column] = Double(forward)
            v["carried_over", default: [:]][column] = Double(carried)
            v["new_received", default: [:]][column] = Double(total - carried)
        }
        for row in spec.rows.map(\.id) {
            v[row]!["total"] = applicants.reduce(0) { $0 + v[row]![$1]! }
        }
        return v
    }

    /// Rank of a matrix by Gaussian elimination in floating point (independent of `Fraction`).
    static func rank(_ matrix: [[Double]]) -> Int {
        var m = matrix
        var rank = 0
        let columns = m.first?.count ?? 0
        for c in 0..<columns where rank < m.count {
            guard let p = (rank..<m.count).max(by: { abs(m[$0][c]) < abs(m[$1][c]) }), abs(m[p][c]) > 1e-9 else { continue }
            m.swapAt(rank, p)
            for r in 0..<m.count where r != rank {
                let f = m[r][c] / m[rank][c]
                if f != 0 { for k in 0..<columns { m[r][k] -= f * m[rank][k] } }
            }
            rank += 1
        }
        return rank
    }

    @Test("blanked cells are inferred exactly where the rules fix them, and only there", arguments: ["applications.2021", "applications.2019"])
    func inferenceIsExactAndComplete(_ name: String) throws {
        let spec = try #require(Self.library.variants(of: "applications").first { $0.fileName == name })
        let equations = RuleEngine.equations(for: spec)
        var random = Random(state: name == "applications.2021" ? 7 : 11)
        for trial in 0..<60 {
            let truth = Self.validApplications(spec, random: &random)
            var table = CanonicalTable(spec: spec, found: true)
            var blanked: [RuleEngine.Term] = []
            let share = [5, 15, 40, 80][trial % 4]
            for (row, column) in spec.cellIDs {
                if random.next(100) < share {
                    blanked.append(.init(row: row, column: column))
                } else {
                    table[row, column] = CanonicalValue(value: truth[row]![column]!, status: .printed)
                }
            }
            var findings: [Finding] = []
            RuleEngine.apply(to: &table, findings: &findings)
            #expect(findings.isEmpty, "trial \(trial): \(findings.map(\.message))")
            // The oracle, to a fixed point: a cell is fixed when adding e_i to the unknowns' coefficient
            // rows keeps their rank, or when an equation's other values balance it and its unknowns all
            // stand on one side (counts are never negative, so each is 0).
            var unknown = Set(blanked)
            var known: [RuleEngine.Term: Double] = [:]
            for (row, column) in spec.cellIDs where !unknown.contains(.init(row: row, column: column)) {
                known[.init(row: row, column: column)] = truth[row]![column]!
            }
            var fixed = Set<RuleEngine.Term>()
            while true {
                let order = blanked.filter(unknown.contains)
                let index = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
                let rows: [[Double]] = equations.compactMap { eq in
                    var r = [Double](repeating: 0, count: order.count)
                    for (term, sign) in eq.terms { if let i = index[term] { r[i] += Double(sign) } }
                    return r.contains { $0 != 0 } ? r : nil
                }
                let base = Self.rank(rows)
                var now = Set(
                    order.indices.filter { i in
                        var unit = [Double](repeating: 0, count: order.count)
                        unit[i] = 1
                        return Self.rank(rows + [unit]) == base
                    }.map { order[$0] })
                if now.isEmpty {
                    for eq in equations {
                        var coefficients: [RuleEngine.Term: Int] = [:]
                        var balance = 0.0
                        for (term, sign) in eq.terms {
                            if unknown.contains(term) { coefficients[term, default: 0] += sign } else { balance += known[term]! * Double(sign) }
                        }
                        let signs = Set(coefficients.values.map { $0.signum() })
                        if !coefficients.isEmpty && balance == 0 && signs.count == 1 && !signs.contains(0) {
                            now.formUnion(coefficients.keys)
                        }
                    }
                }
                guard !now.isEmpty else { break }
                for term in now { known[term] = truth[term.row]![term.column]! }
                unknown.subtract(now)
                fixed.formUnion(now)
            }
            for term in blanked {
                let got = table[term.row, term.column]!
                if fixed.contains(term) {
                    #expect(got == CanonicalValue(value: truth[term.row]![term.column]!, status: .inferred), "trial \(trial) \(term)")
                } else {
                    #expect(got == .missing, "trial \(trial) \(term) should stay missing")
                }
            }
        }
    }

    @Test("a printed value that breaks a rule marks every value of that rule conflicting, with the rule's id")
    func conflictsAreMarked() throws {
        let spec = try #require(Self.library.variants(of: "review_litigation").first)
        var table = CanonicalTable(spec: spec, found: true)
        for (column, value) in [("upheld", 1.0), ("corrected", 2), ("other", 0), ("pending", 0), ("total", 4)] {
            table["review", column] = CanonicalValue(value: value, status: .printed)
        }
        table["litigation_direct", "upheld"] = CanonicalValue(value: 3, status: .printed)
        var findings: [Finding] = []
        RuleEngine.apply(to: &table, findings: &findings)
        #expect(findings.map(\.code) == ["rule_conflict"])
        #expect(findings.first?.row == "review")
        #expect(table["review", "total"]?.status == .conflicting && table["review", "total"]?.rules == ["group_total"])
        #expect(table["review", "upheld"]?.value == 1 && table["review", "upheld"]?.status == .conflicting)
        #expect(table["litigation_direct", "upheld"]?.status == .printed)
        #expect(table["litigation_direct", "total"] == .missing)
    }

    /// (pymupdf4llm split a total of 10 over two cells, `0<br>1|0`: the total read 0.)
    @Test("a value the rules would make negative is not inferred, and the printed values that give it are conflicting")
    func impossibleValues() throws {
        let spec = try #require(Self.library.variants(of: "review_litigation").first)
        var table = CanonicalTable(spec: spec, found: true)
        for (column, value) in [("upheld", 3.0), ("corrected", 2), ("other", 0), ("total", 4)] {
            table["review", column] = CanonicalValue(value: value, status: .printed)
        }
        table["litigation_direct", "upheld"] = CanonicalValue(value: 1, status: .printed)
        var findings: [Finding] = []
        RuleEngine.apply(to: &table, findings: &findings)
        #expect(table["review", "pending"] == .missing)
        #expect(findings.map(\.code) == ["impossible_value"])
        for column in ["upheld", "corrected", "other", "total"] {
            #expect(table["review", column]?.status == .conflicting && table["review", column]?.rules == ["group_total"], "review/\(column)")
        }
        #expect(table["litigation_direct", "upheld"]?.status == .printed)
    }
}
