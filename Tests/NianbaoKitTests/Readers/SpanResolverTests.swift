import Foundation
import Testing

@testable import NianbaoKit

@Suite("Span resolution")
struct SpanResolverTests {
    /// Renders a resolved table as `row,col rowspan x colspan text` lines, so failures read like a diff.
    static func dump(_ table: Table) -> [String] {
        table.cells.map { "\($0.row),\($0.column) \($0.rowSpan)x\($0.columnSpan) \($0.isFiller ? "~" : $0.text)" }
    }

    static func html(_ body: String) throws -> Table {
        let doc = try HTMLReader().read(data: Data("<html><body>\(body)</body></html>".utf8), path: "t.html").document
        return try #require(doc.allTables.first)
    }

    @Test("a rowspan of 0 runs to the end of its row group and no further")
    func rowspanZero() throws {
        let t = try Self.html("<table><tbody><tr><td rowspan=0>a<td>b<tr><td>c</tbody><tbody><tr><td>d<td>e</tbody></table>")
        #expect(Self.dump(t) == ["0,0 2x1 a", "0,1 1x1 b", "1,1 1x1 c", "2,0 1x1 d", "2,1 1x1 e"])
    }

    @Test("a rowspan past the end of the table is cut at the last row")
    func rowspanPastEnd() throws {
        let t = try Self.html("<table><tr><td rowspan=5>a<td>b<tr><td>c</table>")
        #expect(Self.dump(t) == ["0,0 2x1 a", "0,1 1x1 b", "1,1 1x1 c"])
    }

    @Test("an overlapping cell is cut to the free rectangle at its anchor")
    func overlapCut() throws {
        let t = try Self.html("<table><tr><td>a<td rowspan=2>b<tr><td colspan=3>c</table>")
        #expect(Self.dump(t) == ["0,0 1x1 a", "0,1 2x1 b", "1,0 1x1 c"])
        // The reader says what it repaired; a well-formed table gives no diagnostic.
        let read = try HTMLReader().read(data: Data("<table><tr><td>a<td rowspan=2>b<tr><td colspan=3>c</table>".utf8), path: "t.html")
        #expect(read.diagnostics.map(\.code) == ["table_spans_cut"])
        let overlapping = try HTMLReader().read(data: Data("<table><tr><td rowspan=2>a<td>b<tr><td>c<td>d</table>".utf8), path: "t.html")
        #expect(overlapping.diagnostics.map(\.code) == [])
        var repairs = SpanResolver.Repairs()
        let placements = [
            SpanResolver.Placement(row: 0, column: 0, rowSpan: 1, columnSpan: 2, cell: .init(text: "a")),
            SpanResolver.Placement(row: 0, column: 1, rowSpan: 1, columnSpan: 1, cell: .init(text: "b")),
        ]
        let tiled = SpanResolver.tile(placements, rowCount: 1, minimumColumns: 0, headerRowCount: 0, caption: nil, repairs: &repairs)
        #expect(Self.dump(tiled) == ["0,0 1x2 a\nb"] && repairs == SpanResolver.Repairs(overlappingCells: 1, spansCut: 0))
        let clean = try HTMLReader().read(data: Data("<table><tr><td rowspan=2>a<td>b<tr><td>c</table>".utf8), path: "t.html")
        #expect(clean.diagnostics.isEmpty)
    }

    @Test("colspan 0 or garbage is 1, and huge spans are capped without allocating for them")
    func spanLimits() throws {
        let t = try Self.html("<table><tr><td colspan=0>a<td colspan=x>b<td colspan=99999>c<td rowspan=99999999>d</table>")
        #expect(t.columnCount == 1003)
        #expect(t.rowCount == 1)
        #expect(t.cells.count == 4)
    }

    @Test("short rows get filler cells so every slot is covered once")
    func raggedRows() throws {
        let t = try Self.html("<table><tr><td>a<td>b<td>c<tr><td>d<tr></table>")
        #expect(t.rowCount == 3 && t.columnCount == 3)
        #expect(t.grid.violations.isEmpty)
        #expect(t.cells.filter(\.isFiller).count == 5)
    }

    @Test("DOCX: vMerge continue cells extend the cell above; gridBefore/After slots are fillers")
    func docxMerges() {
        let rows: [SpanResolver.GridRow] = [
            .init(cells: [.init(vMerge: .restart, text: "A"), .init(gridSpan: 2, text: "B")]),
            .init(cells: [.init(vMerge: .continue, text: ""), .init(text: "C"), .init(text: "D")]),
            .init(gridBefore: 1, gridAfter: 1, cells: [.init(text: "E")]),
        ]
        var repairs = SpanResolver.Repairs()
        let t = SpanResolver.resolveGrid(rows: rows, gridColumns: 3, repairs: &repairs)
        #expect(repairs == SpanResolver.Repairs())
        #expect(Self.dump(t) == ["0,0 2x1 A", "0,1 1x2 B", "1,1 1x1 C", "1,2 1x1 D", "2,0 1x1 ~", "2,1 1x1 E", "2,2 1x1 ~"])
    }

    @Test("DOCX: a vMerge continue with nothing above starts its own cell; legacy hMerge joins cells")
    func docxOddMerges() {
        let rows: [SpanResolver.GridRow] = [
            .init(cells: [.init(vMerge: .continue, text: "X"), .init(hMerge: .restart, text: "H"), .init(hMerge: .continue, text: "")])
        ]
        var repairs = SpanResolver.Repairs()
        let t = SpanResolver.resolveGrid(rows: rows, gridColumns: 2, repairs: &repairs)
        #expect(Self.dump(t) == ["0,0 1x1 X", "0,1 1x2 H"])
    }

    // MARK: - Properties

    /// A small deterministic generator (xorshift), so failures repeat.
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
    }

    @Test("random HTML tables: every slot covered once, every source cell kept exactly once")
    func randomHTMLTables() throws {
        var random = Random(state: 0x9E37_79B9_7F4A_7C15)
        for trial in 0..<300 {
            var html = "<table>"
            var serial = 0
            for _ in 0..<(1 + random.next(3)) {
                html += ["<tbody>", "<thead>", "<tfoot>", ""][random.next(4)]
                for _ in 0..<random.next(5) {
                    html += "<tr>"
                    for _ in 0..<random.next(5) {
                        serial += 1
                        let rs = [1, 1, 1, 2, 3, 0, 9][random.next(7)]
                        let cs = [1, 1, 1, 2, 3, 0][random.next(6)]
                        html += "<td rowspan=\(rs) colspan=\(cs)>c\(serial)</td>"
                    }
                    html += "</tr>"
                }
            }
            html += "</table>"
            let doc = try HTMLReader().read(data: Data(html.utf8), path: "r.html").document
            let tables = doc.allTables
            guard let table = tables.first else {
                #expect(serial == 0, "trial \(trial): no table for \(html)")
                continue
            }
            #expect(table.grid.violations.isEmpty, "trial \(trial): \(table.grid.violations) for \(html)")
            let texts = table.cells.filter { !$0.isFiller }.map(\.text)
            #expect(texts.count == serial, "trial \(trial): \(texts.count) cells for \(serial) in \(html)")
            #expect(Set(texts).count == texts.count)
        }
    }

    @Test("random DOCX grids: every slot covered once, no text lost")
    func randomGrids() {
        var random = Random(state: 42)
        for trial in 0..<300 {
            var rows: [SpanResolver.GridRow] = []
            var serial = 0
            for _ in 0..<random.next(6) {
                var row = SpanResolver.GridRow(gridBefore: random.next(3) == 0 ? random.next(3) : 0, cells: [])
                row.gridAfter = random.next(3) == 0 ? 1 : 0
                for _ in 0..<random.next(5) {
                    serial += 1
                    let merge: SpanResolver.Merge = [.none, .none, .restart, .continue][random.next(4)]
                    row.cells.append(.init(gridSpan: 1 + random.next(3) / 2, vMerge: merge, text: "c\(serial)"))
                }
                rows.append(row)
            }
            var repairs = SpanResolver.Repairs()
            let table = SpanResolver.resolveGrid(rows: rows, gridColumns: random.next(6), repairs: &repairs)
            #expect(table.grid.violations.isEmpty, "trial \(trial): \(table.grid.violations)")
            let all = table.cells.map(\.text).joined(separator: "\n").split(separator: "\n").map(String.init)
            #expect(all.count == serial, "trial \(trial): text lost or repeated")
        }
    }
}
