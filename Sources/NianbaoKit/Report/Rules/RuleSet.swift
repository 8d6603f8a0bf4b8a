import Foundation

/// The rules of one table variant, compiled once: its cells indexed, every rule instantiated as an
/// equation (by cell id for the exact solver, `RuleEngine`; by cell index for the quick checks in
/// doubles, `evaluate`), and which row each rule belongs to.
final class RuleSet: Sendable {
    /// An equation over cell indices: (cell, sign) terms summing to zero, and the row (index into
    /// `rowCells`) it is a row rule for.
    typealias IndexedEquation = (terms: [(Int, Int)], row: Int?)

    let spec: TableSpec
    /// The rules' equations over the cells the table actually has, in the spec's rule order.
    let equations: [RuleEngine.Equation]
    /// The table's cells, in the template's order.
    let cells: [RuleEngine.Term]
    let cellIndex: [RuleEngine.Term: Int]
    /// `equations` over cell indices, in the same order.
    let indexedEquations: [IndexedEquation]
    /// Whether each cell holds a count (a non-negative integer).
    let isCount: [Bool]
    /// How many equations each cell takes part in.
    let equationCount: [Int]
    /// The cell indices of each row, in the template's row order.
    let rowCells: [[Int]]
    /// The row (index into `rowCells`) of each cell.
    let rowOf: [Int]
    /// The cell indices of each column, in the template's column order.
    let columnCells: [[Int]]

    init(spec: TableSpec) {
        self.spec = spec
        equations = RuleEngine.equations(for: spec)
        let cells = spec.cellIDs.map { RuleEngine.Term(row: $0.row, column: $0.column) }
        self.cells = cells
        let index = Dictionary(uniqueKeysWithValues: cells.enumerated().map { ($1, $0) })
        cellIndex = index
        let rowIDs = spec.rows.map(\.id)
        let rowIndex = Dictionary(uniqueKeysWithValues: rowIDs.enumerated().map { ($1, $0) })
        indexedEquations = equations.map { eq in
            (
                eq.terms.compactMap { term, sign in index[term].map { ($0, sign) } },
                eq.rule.each == .row ? rowIndex[eq.subject] : nil
            )
        }
        isCount = cells.map { spec.valueType(ofColumn: $0.column) == "count" }
        var count = [Int](repeating: 0, count: cells.count)
        for eq in indexedEquations { for (i, _) in eq.terms { count[i] += 1 } }
        equationCount = count
        rowCells = rowIDs.map { row in spec.columnIDs(forRow: row).compactMap { index[RuleEngine.Term(row: row, column: $0)] } }
        columnCells = spec.columns.map { column in cells.indices.filter { cells[$0].column == column.id } }
        var rowOf = [Int](repeating: 0, count: cells.count)
        for (row, members) in rowCells.enumerated() { for cell in members { rowOf[cell] = row } }
        self.rowOf = rowOf
    }

    /// The rule set of `spec` (each `ReportExtractor` compiles its variants' once, at its start).
    static func compiled(for spec: TableSpec) -> RuleSet {
        RuleSet(spec: spec)
    }

    // MARK: Quick checks in doubles

    /// The value an equation (cell, sign terms summing to zero) gives `cell` from its other
    /// cells' values, rounded to 4 decimals.
    static func solve(_ terms: [(Int, Int)], for cell: Int, value: (Int) -> Double) -> Double {
        let sign = Double(terms.first { $0.0 == cell }!.1)
        let others = terms.reduce(0.0) { $0 + ($1.0 == cell ? 0 : value($1.0) * Double($1.1)) }
        return (-others / sign * 10_000).rounded() / 10_000
    }

    /// Whether a rule's terms (cell, sign) sum to zero with the cells' values (NaN: not known).
    static func holds<Cell>(_ terms: [(Cell, Int)], value: (Cell) -> Double) -> Bool {
        abs(terms.reduce(0.0) { $0 + value($1.0) * Double($1.1) }) < 1e-6
    }

    /// Whether a count cell would hold `x`, which is not a count (a fraction, or negative).
    func impossible(_ x: Double, in cell: Int) -> Bool { isCount[cell] && (x != x.rounded() || x < 0) }
}
