import Foundation

/// Lays a canonical table out as the official form prints it (merged headers and row groups, every
/// label and value once), or flat for Markdown, with every value marked by how sure nianbao is of it.
/// Built from the template spec alone, so a new variant lays itself out.
enum CanonicalLayout {
    /// The text of a value: the number, followed by `*` when inferred and `!` when conflicting; `?` when missing.
    static func text(_ value: CanonicalValue) -> String {
        switch value.status {
        case .missing: return ValueMark.missing.symbol
        case .printed: return value.value.map(OrderedJSON.format) ?? ""
        case .inferred: return (value.value.map(OrderedJSON.format) ?? "") + ValueMark.inferred.symbol
        case .conflicting: return (value.value.map(OrderedJSON.format) ?? "") + ValueMark.conflicting.symbol
        }
    }

    static func mark(_ value: CanonicalValue) -> ValueMark? {
        switch value.status {
        case .printed: return nil
        case .inferred: return .inferred
        case .missing: return .missing
        case .conflicting: return .conflicting
        }
    }

    static func valueCell(_ value: CanonicalValue, row: Int, column: Int, columnSpan: Int = 1) -> TableCell {
        TableCell(row: row, column: column, columnSpan: columnSpan, text: text(value), mark: mark(value))
    }

    /// The marks a table uses, for its legend.
    static func marks(_ table: CanonicalTable) -> [ValueMark] {
        let used = Set(table.orderedValues.compactMap { mark($0.value) })
        return ValueMark.allCases.filter(used.contains)
    }

    // MARK: - Official layout

    static func official(_ table: CanonicalTable) -> Table {
        switch table.spec.layout {
        case .matrix: return matrix(table)
        case .blocks: return blocks(table)
        case .wide: return wide(table)
        }
    }

    /// Column headers from label paths (outermost first): shared prefixes merge across columns,
    /// and a path shorter than the deepest one lets its last label run down to the bottom row.
    static func headerCells(paths: [[String]], firstColumn: Int) -> (cells: [TableCell], rows: Int) {
        let depth = paths.map(\.count).max() ?? 1
        var cells: [TableCell] = []
        for level in 0..<depth {
            var c = 0
            while c < paths.count {
                guard level < paths[c].count else {
                    c += 1
                    continue
                }
                let prefix = Array(paths[c][...level])
                var end = c + 1
                while end < paths.count, paths[end].count > level, Array(paths[end][...level]) == prefix { end += 1 }
                let isLast = level == paths[c].count - 1
                let rowSpan = isLast ? depth - level : 1
                if isLast, end - c > 1 {
                    // only columns whose path ends here share a leaf; split the run
                    for k in c..<end {
                        cells.append(TableCell(row: level, column: firstColumn + k, rowSpan: depth - level, text: paths[k][level], isHeader: true))
                    }
                } else {
                    cells.append(
                        TableCell(row: level, column: firstColumn + c, rowSpan: rowSpan, columnSpan: end - c, text: paths[c][level], isHeader: true))
                }
                c = end
            }
        }
        return (cells, depth)
    }

    static func matrix(_ table: CanonicalTable) -> Table {
        let spec = table.spec
        // Columns: the groups each column belongs to, largest first, then its own label.
        let groups = (spec.columnGroups ?? []).sorted { $0.columns.count > $1.columns.count }
        let paths = spec.columns.map { column in groups.filter { $0.columns.contains(column.id) }.map(\.label) + [column.label] }
        // Rows: the chain of row groups, outermost first.
        func groupPath(_ row: TableSpec.Label) -> [TableSpec.RowGroup] {
            var chain: [TableSpec.RowGroup] = []
            var next = row.group.flatMap(spec.rowGroup)
            while let g = next, chain.count < 8 {
                chain.insert(g, at: 0)
                next = g.parent.flatMap(spec.rowGroup)
            }
            return chain
        }
        let rowPaths = spec.rows.map(groupPath)
        let labelColumns = (rowPaths.map(\.count).max() ?? 0) + 1
        let header = headerCells(paths: paths, firstColumn: labelColumns)
        var cells = header.cells
        cells.append(TableCell(row: 0, column: 0, rowSpan: header.rows, columnSpan: labelColumns, text: spec.corner ?? "", isHeader: true))
        let top = header.rows
        for level in 0..<labelColumns - 1 {
            var r = 0
            while r < spec.rows.count {
                guard level < rowPaths[r].count else {
                    r += 1
                    continue
                }
                let group = rowPaths[r][level]
                var end = r + 1
                while end < spec.rows.count, rowPaths[end].count > level, rowPaths[end][level].id == group.id { end += 1 }
                cells.append(TableCell(row: top + r, column: level, rowSpan: end - r, text: group.label))
                r = end
            }
        }
        for (r, row) in spec.rows.enumerated() {
            let depth = rowPaths[r].count
            cells.append(TableCell(row: top + r, column: depth, columnSpan: labelColumns - depth, text: row.label))
            for (c, column) in spec.columns.enumerated() {
                cells.append(valueCell(table.values[row.id]![column.id]!, row: top + r, column: labelColumns + c))
            }
        }
        cells.sort { ($0.row, $0.column) < ($1.row, $1.column) }
        let weights = Array(repeating: 3, count: labelColumns - 1) + [9] + Array(repeating: 3, count: spec.columns.count)
        return Table(
            rowCount: top + spec.rows.count, columnCount: labelColumns + spec.columns.count, cells: cells,
            headerRowCount: top, columnWeights: weights)
    }

    static func blocks(_ table: CanonicalTable) -> Table {
        let spec = table.spec
        let blocks = spec.blocks ?? [TableSpec.Block(label: spec.title ?? "", columns: spec.columns.map(\.id), rows: spec.rows.map(\.id))]
        let width = 1 + (blocks.map(\.columns.count).max() ?? 1)
        var cells: [TableCell] = []
        var r = 0
        for block in blocks {
            cells.append(TableCell(row: r, column: 0, columnSpan: width, text: block.label, isHeader: true))
            r += 1
            cells.append(TableCell(row: r, column: 0, text: spec.corner ?? "", isHeader: true))
            for (c, id) in block.columns.enumerated() {
                let span = c == block.columns.count - 1 ? width - 1 - c : 1
                cells.append(TableCell(row: r, column: 1 + c, columnSpan: span, text: spec.column(id)?.label ?? id, isHeader: true))
            }
            r += 1
            for rowID in block.rows {
                cells.append(TableCell(row: r, column: 0, text: spec.row(rowID)?.label ?? rowID))
                for (c, id) in block.columns.enumerated() {
                    let span = c == block.columns.count - 1 ? width - 1 - c : 1
                    cells.append(valueCell(table.values[rowID]![id]!, row: r, column: 1 + c, columnSpan: span))
                }
                r += 1
            }
        }
        return Table(
            rowCount: r, columnCount: width, cells: cells, headerRowCount: 0,
            columnWeights: [4] + Array(repeating: 3, count: width - 1))
    }

    static func wide(_ table: CanonicalTable) -> Table {
        let spec = table.spec
        var paths: [[String]] = []
        var slots: [(String, String)] = []
        for row in spec.rows {
            for column in spec.columnIDs(forRow: row.id) {
                paths.append([row.parentLabel, row.label].compactMap { $0 } + [spec.column(column)?.label ?? column])
                slots.append((row.id, column))
            }
        }
        let header = headerCells(paths: paths, firstColumn: 0)
        var cells = header.cells
        for (c, slot) in slots.enumerated() {
            cells.append(valueCell(table.values[slot.0]![slot.1]!, row: header.rows, column: c))
        }
        cells.sort { ($0.row, $0.column) < ($1.row, $1.column) }
        return Table(rowCount: header.rows + 1, columnCount: slots.count, cells: cells, headerRowCount: header.rows)
    }

    // MARK: - Flat layout (Markdown)

    /// Plain tables without merged cells: hierarchical labels joined with " / ".
    static func flat(_ table: CanonicalTable) -> [Block] {
        let spec = table.spec
        func grid(_ rows: [[String]], marks: [[ValueMark?]]) -> Table {
            var cells: [TableCell] = []
            for (r, row) in rows.enumerated() {
                for (c, text) in row.enumerated() {
                    cells.append(TableCell(row: r, column: c, text: text, isHeader: r == 0, mark: marks[r][c]))
                }
            }
            return Table(rowCount: rows.count, columnCount: rows.first?.count ?? 0, cells: cells, headerRowCount: 1)
        }
        switch spec.layout {
        case .matrix:
            let universal = Set((spec.columnGroups ?? []).filter { $0.columns.count == spec.columns.count }.map(\.label))
            let header =
                ["项目"]
                + spec.columns.map { column in
                    ((spec.columnGroups ?? []).filter { $0.columns.contains(column.id) && !universal.contains($0.label) }.map(\.label) + [
                        column.label
                    ])
                    .joined(separator: " / ")
                }
            var rows = [header]
            var marks: [[ValueMark?]] = [Array(repeating: nil, count: header.count)]
            for row in spec.rows {
                var chain: [String] = [row.label]
                var next = row.group.flatMap(spec.rowGroup)
                while let g = next, chain.count < 8 {
                    chain.insert(g.label, at: 0)
                    next = g.parent.flatMap(spec.rowGroup)
                }
                let values = spec.columns.map { table.values[row.id]![$0.id]! }
                rows.append([chain.joined(separator: " / ")] + values.map(text))
                marks.append([nil] + values.map(mark))
            }
            return [.table(grid(rows, marks: marks))]
        case .blocks:
            var out: [Block] = []
            for block in spec.blocks ?? [] {
                out.append(.paragraph(block.label))
                let header = [spec.corner ?? ""] + block.columns.map { spec.column($0)?.label ?? $0 }
                var rows = [header]
                var marks: [[ValueMark?]] = [Array(repeating: nil, count: header.count)]
                for rowID in block.rows {
                    let values = block.columns.map { table.values[rowID]![$0]! }
                    rows.append([spec.row(rowID)?.label ?? rowID] + values.map(text))
                    marks.append([nil] + values.map(mark))
                }
                out.append(.table(grid(rows, marks: marks)))
            }
            return out
        case .wide:
            let columns = spec.columns
            var rows = [["类别"] + columns.map(\.label)]
            var marks: [[ValueMark?]] = [Array(repeating: nil, count: columns.count + 1)]
            for row in spec.rows {
                let values = spec.columnIDs(forRow: row.id).map { table.values[row.id]![$0]! }
                rows.append([[row.parentLabel, row.label].compactMap { $0 }.joined(separator: " / ")] + values.map(text))
                marks.append([nil] + values.map(mark))
            }
            return [.table(grid(rows, marks: marks))]
        }
    }
}
