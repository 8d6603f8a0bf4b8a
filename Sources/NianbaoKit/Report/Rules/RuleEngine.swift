/// Checks a table against its template's rules (the 勾稽关系) and completes what they fix.
///
/// Every rule is a linear equation, sum(left) − sum(right) = 0, instantiated for each row or column.
/// 1. An equation whose values are all printed and do not add up marks each of them `conflicting`.
/// 2. The remaining equations with unknown (missing) values are solved exactly (rational
///    reduced row echelon form). An unknown that the equations fix uniquely is `inferred`; anything
///    else stays `missing`; one they give a value no count can have (negative, or a fraction) stays
///    `missing` too, and the printed values of an equation that gives it alone are `conflicting`
///    (no value of it makes them add up).
/// 3. Counts are never negative: an equation whose missing counts all stand on one side, and whose
///    other values already balance it, fixes each of them at 0 (`inferred`): a blank part where the
///    printed total equals the sum of the printed parts. A blank cell alone is never taken for a zero.
enum RuleEngine {
    struct Term: Hashable, Sendable {
        var row: String
        var column: String
    }

    struct Equation: Sendable {
        var rule: TableSpec.Rule
        /// Which row (for `each: row`) or column (`each: column`) it is instantiated for.
        var subject: String
        var terms: [(Term, Int)]
    }

    /// The equations of a table's rules, over the cells the table actually has.
    static func equations(for spec: TableSpec) -> [Equation] {
        var out: [Equation] = []
        for rule in spec.rules {
            let subjects = rule.each == .column ? spec.columns.map(\.id) : spec.rows.map(\.id)
            for subject in subjects {
                var terms: [(Term, Int)] = []
                for (names, sign) in [(rule.left, 1), (rule.right, -1)] {
                    for name in names {
                        let term = rule.each == .column ? Term(row: name, column: subject) : Term(row: subject, column: name)
                        if spec.columnIDs(forRow: term.row).contains(term.column) { terms.append((term, sign)) }
                    }
                }
                if terms.count >= 2 { out.append(Equation(rule: rule, subject: subject, terms: terms)) }
            }
        }
        return out
    }

    /// `rules`: the table spec's compiled rules when the caller keeps them (else `RuleSet.compiled`).
    static func apply(to table: inout CanonicalTable, findings: inout [Finding], rules known: RuleSet? = nil) {
        let equations = (known ?? RuleSet.compiled(for: table.spec)).equations
        guard !equations.isEmpty else { return }
        markConflicts(equations, in: &table, findings: &findings)
        var rounds = 0
        while rounds < 16 {
            rounds += 1
            // Zeros fixed by non-negativity only once exact elimination has nothing more to give.
            guard inferUnknowns(equations, in: &table, findings: &findings) || inferZeros(equations, in: &table) else { break }
        }
    }

    /// 3. The missing counts of an equation that all stand on one side of it, when its other values
    /// already balance it: each is 0, since none can be negative. True when it fixed one.
    static func inferZeros(_ equations: [Equation], in table: inout CanonicalTable) -> Bool {
        var changed = false
        for eq in equations {
            let cells = eq.terms.map { table[$0.0.row, $0.0.column]! }
            guard !cells.contains(where: { $0.status == .conflicting }) else { continue }
            var coefficients: [Term: Int] = [:]
            var balance = Fraction.zero
            for ((term, sign), cell) in zip(eq.terms, cells) {
                if cell.status == .missing {
                    coefficients[term, default: 0] += sign
                } else if let value = cell.value {
                    balance = balance + Fraction(value) * Fraction(sign)
                }
            }
            let signs = Set(coefficients.values.map { $0.signum() })
            guard !coefficients.isEmpty, balance.isZero, signs.count == 1, !signs.contains(0),
                coefficients.keys.allSatisfy({ table.spec.valueType(ofColumn: $0.column) == "count" })
            else { continue }
            for term in coefficients.keys.sorted(by: { ($0.row, $0.column) < ($1.row, $1.column) }) {
                var cell = table[term.row, term.column]!
                cell.value = 0
                cell.status = .inferred
                table[term.row, term.column] = cell
                table.setOrigin("inferred: \(eq.rule.id) balances without it, and a count is never negative", row: term.row, column: term.column)
            }
            changed = true
        }
        return changed
    }

    /// 1. Printed values that break a rule: `conflicting`, with the rules they break.
    static func markConflicts(_ equations: [Equation], in table: inout CanonicalTable, findings: inout [Finding]) {
        var conflicting: [Term: [String]] = [:]
        for eq in equations {
            let values = eq.terms.map { table[$0.0.row, $0.0.column]! }
            guard values.allSatisfy({ $0.status == .printed }) else { continue }
            let sum = zip(eq.terms, values).reduce(Fraction.zero) { $0 + Fraction($1.1.value!) * Fraction($1.0.1) }
            if !sum.isZero {
                for (term, _) in eq.terms { conflicting[term, default: []].append(eq.rule.id) }
                findings.append(
                    Finding(
                        severity: .error, code: "rule_conflict", table: table.spec.table,
                        row: eq.rule.each == .row ? eq.subject : nil,
                        column: eq.rule.each == .column ? eq.subject : nil,
                        message: describe(eq, table: table)))
            }
        }
        for (term, rules) in conflicting {
            var value = table[term.row, term.column]!
            value.status = .conflicting
            value.rules = Array(Set(rules)).sorted()
            table[term.row, term.column] = value
            table.setOrigin(
                "\(table.origin(row: term.row, column: term.column) ?? "printed"); breaks \(value.rules.joined(separator: ", "))",
                row: term.row, column: term.column)
        }
    }

    /// 2. One round of unknowns fixed by the rules: true when it inferred a value (another round
    /// may then fix more).
    static func inferUnknowns(_ equations: [Equation], in table: inout CanonicalTable, findings: inout [Finding]) -> Bool {
        let usable = equations.filter { eq in
            eq.terms.allSatisfy { table[$0.0.row, $0.0.column]!.status != .conflicting }
                && eq.terms.contains { table[$0.0.row, $0.0.column]!.status == .missing }
        }
        guard !usable.isEmpty else { return false }
        var (unknowns, matrix) = system(usable, table: table)
        reduce(&matrix, columns: unknowns.count)
        guard let solved = uniqueSolutions(matrix, unknowns: unknowns.count) else {
            findings.append(
                Finding(
                    severity: .error, code: "rules_inconsistent", table: table.spec.table, row: nil, column: nil,
                    message: "the printed values cannot satisfy the rules whatever the missing values are"))
            return false
        }
        var changed = false
        for (i, value) in solved.sorted(by: { $0.key < $1.key }) {
            let term = unknowns[i]
            if table.spec.valueType(ofColumn: term.column) == "count" && (value < .zero || !value.isInteger) {
                reportImpossible(term, value, usable: usable, in: &table, findings: &findings)
                continue
            }
            var cell = table[term.row, term.column]!
            cell.value = value.doubleValue
            cell.status = .inferred
            table[term.row, term.column] = cell
            let rules = Set(usable.filter { $0.terms.contains { $0.0 == term } }.map(\.rule.id)).sorted()
            table.setOrigin("inferred: fixed by \(rules.joined(separator: ", "))", row: term.row, column: term.column)
            changed = true
        }
        return changed
    }

    /// The missing cells of `usable` (in order of first appearance) and the augmented matrix of
    /// the equations over them (known values moved to the right-hand side).
    static func system(_ usable: [Equation], table: CanonicalTable) -> (unknowns: [Term], matrix: [[Fraction]]) {
        var unknowns: [Term] = []
        var index: [Term: Int] = [:]
        for eq in usable {
            for (term, _) in eq.terms where table[term.row, term.column]!.status == .missing && index[term] == nil {
                index[term] = unknowns.count
                unknowns.append(term)
            }
        }
        let matrix: [[Fraction]] = usable.map { eq in
            var row = [Fraction](repeating: .zero, count: unknowns.count + 1)
            for (term, sign) in eq.terms {
                let value = table[term.row, term.column]!
                if let i = index[term], value.status == .missing {
                    row[i] = row[i] + Fraction(sign)
                } else if let v = value.value {
                    row[unknowns.count] = row[unknowns.count] - Fraction(v) * Fraction(sign)
                }
            }
            return row
        }
        return (unknowns, matrix)
    }

    /// The unknowns a reduced matrix fixes alone (a row with one nonzero coefficient), by index;
    /// nil when a row says 0 = a nonzero value (no values satisfy the rules).
    static func uniqueSolutions(_ matrix: [[Fraction]], unknowns: Int) -> [Int: Fraction]? {
        var solved: [Int: Fraction] = [:]
        for row in matrix {
            let nonzero = (0..<unknowns).filter { !row[$0].isZero }
            let rhs = row[unknowns]
            if nonzero.isEmpty {
                if !rhs.isZero { return nil }
                continue
            }
            if nonzero.count == 1 { solved[nonzero[0]] = rhs / row[nonzero[0]] }
        }
        return solved
    }

    /// A value the rules give that no count can be: a finding, and the printed values of a rule
    /// that gives it alone are `conflicting` (they break that rule whatever it is).
    static func reportImpossible(
        _ term: Term, _ value: Fraction, usable: [Equation], in table: inout CanonicalTable,
        findings: inout [Finding]
    ) {
        findings.append(
            Finding(
                severity: .error, code: "impossible_value", table: table.spec.table, row: term.row, column: term.column,
                message: "the rules give \(term.row)/\(term.column) = \(value), which no count can be"))
        table.setOrigin("missing: the rules give \(value), which no count can be", row: term.row, column: term.column)
        for eq in usable where eq.terms.contains(where: { $0.0 == term }) {
            let others = eq.terms.filter { $0.0 != term }.map { table[$0.0.row, $0.0.column]! }
            guard others.allSatisfy({ $0.status == .printed || $0.status == .inferred }) else { continue }
            for (other, _) in eq.terms where other != term && table[other.row, other.column]!.status == .printed {
                var cell = table[other.row, other.column]!
                cell.status = .conflicting
                cell.rules = Array(Set(cell.rules + [eq.rule.id])).sorted()
                table[other.row, other.column] = cell
                table.setOrigin(
                    "\(table.origin(row: other.row, column: other.column) ?? "printed"); with the others of \(eq.rule.id), gives an impossible value",
                    row: other.row, column: other.column)
            }
        }
    }

    /// Reduced row echelon form over the first `columns` columns (the last column is the right-hand side).
    static func reduce(_ m: inout [[Fraction]], columns: Int) {
        var pivotRow = 0
        for column in 0..<columns where pivotRow < m.count {
            guard let found = (pivotRow..<m.count).first(where: { !m[$0][column].isZero }) else { continue }
            m.swapAt(pivotRow, found)
            let pivot = m[pivotRow][column]
            m[pivotRow] = m[pivotRow].map { $0 / pivot }
            for r in 0..<m.count where r != pivotRow && !m[r][column].isZero {
                let factor = m[r][column]
                for c in 0...columns { m[r][c] = m[r][c] - factor * m[pivotRow][c] }
            }
            pivotRow += 1
        }
    }

    static func describe(_ eq: Equation, table: CanonicalTable) -> String {
        func side(_ sign: Int) -> (String, Fraction) {
            let terms = eq.terms.filter { $0.1 == sign }
            let names = terms.map { eq.rule.each == .column ? $0.0.row : $0.0.column }
            let sum = terms.reduce(Fraction.zero) { $0 + Fraction(table[$1.0.row, $1.0.column]!.value ?? 0) }
            return (names.joined(separator: " + "), sum)
        }
        let (l, lv) = side(1)
        let (r, rv) = side(-1)
        let scope = eq.rule.each == .column ? "column \(eq.subject)" : "row \(eq.subject)"
        return "rule \(eq.rule.id) fails for \(scope): \(l) = \(lv) but \(r) = \(rv)"
    }
}
