import Foundation

extension TableMatcher {
    /// A template row found in the source, with the cells taken as its values.
    struct RowHit {
        var id: String
        var row: SourceRow
        var values: [SourceRow.Cell]
        var streamed = false
        /// Values that reading order alone cannot pair with this label for sure (several labels were
        /// waiting for them): never reported as printed.
        var uncertain = false
        /// How many value-only lines gave this row values, and the last of them.
        var valueLines = 0
        var lastValueLine = -1
        /// The value-only lines it took values from.
        var valueLineIndices: [Int] = []
        /// The line its label stands on.
        var line = -1
    }

    /// Reads a row table (matrix, blocks): each row's label paired with its values (`RowPairing`),
    /// then the values placed in the row's columns (`place`).
    func matchRows(_ rows: [SourceRow]) -> TableMatch {
        var pairing = RowPairing(matcher: self)
        let lines = rows.flatMap(splitLabelValuePairs)
        for (lineIndex, row) in lines.enumerated() {
            pairing.read(row, line: lineIndex)
        }
        pairing.finishAwaiting()
        var result = pairing.placed()
        fillGapsInOrder(lines, hits: pairing.hits, result: &result)
        fillBlocksInOrder(lines, hits: pairing.hits, result: &result)
        // A row whose values a crawler ran together (`GluedRunReading`) is found as surely as one
        // with its values beside it.
        for id in Set(GluedRunReading.runs(in: rows, labels: self).compactMap(\.row))
        where !(result.values[id]?.values.contains { $0.status != .missing } ?? false) {
            result.score += 2
        }
        return result
    }
}

/// One pass of `TableMatcher.matchRows` over a region's rows, in reading order: finds the rows whose
/// labels name template rows, and pairs each with its values — on its own line, or on value-only
/// lines after it (reading-order text, "streamed": first come first served among the rows waiting).
/// Where reading order cannot tell whose values follow a label, the rows are marked uncertain.
struct RowPairing {
    typealias RowHit = TableMatcher.RowHit

    let matcher: TableMatcher
    var spec: TableSpec { matcher.spec }
    var result = TableMatch()
    /// The rows found, by id, and their ids in the order found.
    var hits: [String: RowHit] = [:]
    var order: [String] = []
    /// Rows whose label came without (all) its values, waiting for value-only lines, in order.
    var awaiting: [RowHit] = []
    /// Label fragments of the lines before, waiting to be joined.
    var pending: [String] = []
    /// table → column id → grid column.
    var headerColumns: [Int: [String: Int]] = [:]
    /// Column ids and group labels (`group:` + core) seen in headers.
    var headerLabels = Set<String>()
    /// The row that last took its values from lines after its label, until a text line comes.
    var lastStreamed: String?
    /// Values came that no label was waiting for: later values read apart from their labels are doubtful.
    var outOfStep = false

    init(matcher: TableMatcher) {
        self.matcher = matcher
    }

    /// How many values a row still lacks.
    func needs(_ hit: RowHit) -> Int { spec.columnIDs(forRow: hit.id).count - hit.values.count }

    static func numbers(_ cells: [SourceRow.Cell]) -> Int {
        cells.filter(\.reading.isNumber).count
    }

    /// Records a row's reading, unless the row was already read with as many numbers.
    mutating func finish(_ hit: RowHit) {
        if hit.streamed { lastStreamed = hit.id }
        if let previous = hits[hit.id] {
            if Self.numbers(hit.values) <= Self.numbers(previous.values) { return }
        } else {
            order.append(hit.id)
        }
        hits[hit.id] = hit
    }

    mutating func finishAwaiting() {
        let waiting = awaiting
        awaiting = []
        for row in waiting { finish(row) }
    }

    /// Finishes the first waiting rows while they need no more values.
    mutating func finishFilled() {
        while let first = awaiting.first, needs(first) <= 0 {
            finish(first)
            awaiting.removeFirst()
        }
    }

    /// Reads one line (or grid row) of the region.
    mutating func read(_ original: SourceRow, line lineIndex: Int) {
        // One-character text (（五）, 果, 理: pieces of broken group labels) says nothing; set it aside
        // (once a row label cut into such pieces is joined, `joiningShortPieces`).
        var row = original.table == nil ? original : matcher.joiningShortPieces(original)
        row.cells = row.cells.filter { $0.reading != .text || $0.core.count > 1 }
        let texts = row.textCells
        if texts.isEmpty {
            guard row.numberCount > 0 || (!row.blanksAreCells && !row.cells.isEmpty) else { return }
            readValues(row, line: lineIndex)
        } else {
            readLabels(row, texts: texts, line: lineIndex)
        }
    }

    /// A value-only line: it feeds the rows waiting for values, first come first served. (A line of
    /// text keeps its blank marks, PyMuPDF's no-break spaces: each is a cell. A grid row's blank
    /// cells may be padding.)
    mutating func readValues(_ row: SourceRow, line lineIndex: Int) {
        var values = row.blanksAreCells ? row.cells.filter { $0.reading != .blank } : row.cells
        let (pending, matcher) = (self.pending, self.matcher)
        if awaiting.isEmpty,
            let id = (1...3).lazy.compactMap({ k in pending.count >= k ? matcher.bestPartialRow(pending.suffix(k).joined()) : nil }).first,
            hits[id] == nil
        {
            awaiting.append(RowHit(id: id, row: row, values: [], streamed: true))
            self.pending = []
        }
        while !values.isEmpty {
            finishFilled()
            guard !awaiting.isEmpty else { break }
            awaiting[0].values.append(values.removeFirst())
            awaiting[0].streamed = true
            if awaiting[0].lastValueLine != lineIndex {
                awaiting[0].lastValueLine = lineIndex
                awaiting[0].valueLineIndices.append(lineIndex)
                awaiting[0].valueLines += 1
            }
            if awaiting.count > 1 || outOfStep { awaiting[0].uncertain = true }
        }
        finishFilled()
        // More values than the row has columns before the next label: the values were not
        // that row's alone, so the row that took them is not sure either; and some label's
        // values came before it (or without it), so from here on reading order does not tell
        // whose values follow a label.
        if !values.isEmpty {
            if let id = lastStreamed, hits[id] != nil { hits[id]!.uncertain = true }
            outOfStep = true
        }
    }

    /// A line with text: a row's label (with its values or waiting for them), the start or the rest
    /// of a label broken over lines, or a header.
    mutating func readLabels(_ row: SourceRow, texts: [SourceRow.Cell], line lineIndex: Int) {
        lastStreamed = nil
        let cores = texts.map(\.core)
        let labelCores = self.labelCores(row, texts: texts, cores: cores)
        noteHeaders(row, texts: texts, cores: cores)
        let ownValues = row.valueCells
        if let best = namedRow(labelCandidates(texts: texts, cores: cores, labelCores: labelCores), texts: texts, cores: cores) {
            startRow(best.id, row: row, ownValues: ownValues, line: lineIndex)
        } else if !ownValues.isEmpty, row.numberCount > 0, awaiting.isEmpty, let id = partialLabel(labelCores), hits[id] == nil {
            // The start of a label broken over lines, with the row's values on the same line.
            pending = []
            finish(RowHit(id: id, row: row, values: ownValues, line: lineIndex))
        } else {
            readUnnamed(row, texts: texts, cores: cores, labelCores: labelCores, ownValues: ownValues)
        }
    }

    /// The cores of a line's cells that may be (pieces of) its row's label. Group labels and bare
    /// column headers (其他, 总计 without an outline number) are not row labels; nor is a group's
    /// numbered first piece (`(六)<br>其他`, pymupdf4llm) beside a row's own label.
    func labelCores(_ row: SourceRow, texts: [SourceRow.Cell], cores: [String]) -> [String] {
        let plainLabel = zip(texts, cores).contains { cell, core in
            core.count > 1 && !matcher.isGroupLabel(core) && !matcher.isGroupFragment(core) && !matcher.isBareColumnHeader(cell.text, core: core)
        }
        // In a grid row, a cell with a longer label after it is that label's group (`（六）其他处理`
        // beside `2.申请人逾期…`, cut over cells or not): the row's own label comes last.
        let lastLongLabel: Int =
            row.table == nil
            ? 0
            : texts.indices.last { i in
                cores[i].count >= 4 && !matcher.isGroupLabel(cores[i]) && !matcher.isBareColumnHeader(texts[i].text, core: cores[i])
            } ?? 0
        var labelCores: [String] = []
        for (i, (cell, core)) in zip(texts, cores).enumerated()
        where i >= lastLongLabel && core.count > 1 && !matcher.isGroupLabel(core)
            && !(matcher.isGroupFragment(core) && (!TableMatcher.isNumbered(cell.text) || plainLabel))
            && !matcher.isBareColumnHeader(cell.text, core: core)
        {
            labelCores.append(core)
        }
        return labelCores
    }

    /// Notes the column headers (their grid columns, in a grid) and group labels a line shows.
    mutating func noteHeaders(_ row: SourceRow, texts: [SourceRow.Cell], cores: [String]) {
        for (cell, core) in zip(texts, cores) {
            if let column = matcher.bestColumn(core), row.numberCount == 0 {
                headerLabels.insert(column)
                if let table = row.table, headerColumns[table]?[column] == nil { headerColumns[table, default: [:]][column] = cell.column }
            }
            if matcher.isGroupLabel(core) { headerLabels.insert("group:" + core) }
        }
    }

    /// The texts of a line that may name its row: its label cores, alone and joined, and the ways a
    /// converter breaks a label over cells and lines put back together.
    func labelCandidates(texts: [SourceRow.Cell], cores: [String], labelCores: [String]) -> [String] {
        var candidates = labelCores
        if labelCores.count > 1 { candidates.append(labelCores.joined()) }
        // A cell stacking a group's label over the row's own (`三、本年度<br>办理结果<br>（一）予以公开`,
        // pymupdf4llm): its lines from the one with an outline number, when no other line is
        // numbered and the lines before it name no row (a cell stacking several rows' labels,
        // `3.危及…<br>4.保护第三方…`, holds the first one's values).
        for cell in texts where cell.text.contains("\n") {
            let lines = cell.text.split(separator: "\n").map(String.init)
            let numbered = lines.indices.dropFirst().filter { TableMatcher.isNumbered(lines[$0]) }
            guard numbered.count == 1, let k = numbered.first else { continue }
            let before = LabelText.core(lines[..<k].joined())
            if matcher.bestRow(before) == nil, matcher.bestPartialRow(before) == nil { candidates.append(LabelText.core(lines[k...].joined())) }
        }
        // A label cut over cells (`三、本年|(一)予以|公开`, pymupdf4llm), its pieces perhaps taken for
        // group fragments: the last two or more cells' text joined.
        if cores.count > 1 { for k in 2...cores.count { candidates.append(cores.suffix(k).joined()) } }
        // A label cut over cells and over lines alike (`（二）<br>形，不|部分公开（区分<br>计其他情形）|处理的，只计这一情`,
        // pymupdf4llm): its cells' lines read across, line by line.
        if texts.count > 1, texts.contains(where: { $0.text.contains("\n") }) {
            let lines = texts.map { $0.text.split(separator: "\n").map(String.init) }
            let height = lines.map(\.count).max() ?? 0
            candidates.append(LabelText.core((0..<height).flatMap { i in lines.compactMap { i < $0.count ? $0[i] : nil } }.joined()))
        }
        // A label broken over lines: the last one, two or three earlier fragments before this line's.
        for k in 1...3 where pending.count >= k {
            candidates.append(pending.suffix(k).joined() + labelCores.joined())
        }
        return candidates
    }

    /// The template row the candidates name best, unless it was already read (or waits for its
    /// values): a row is not read again from a later piece of its label.
    func namedRow(_ candidates: [String], texts: [SourceRow.Cell], cores: [String]) -> (id: String, score: Double)? {
        // A cell's own label numbered in the other kind of numerals than the row it names is
        // another level's label (`（六）其他`, cut from `（六）其他|处理`, is not `3.其他`).
        var numerals: [String: Bool] = [:]
        for (cell, core) in zip(texts, cores) { numerals[core] = LabelText.numeralKind(cell.text) }
        var best: (id: String, score: Double)?
        for candidate in candidates {
            guard let b = matcher.bestRow(candidate), b.score > (best?.score ?? 0) else { continue }
            if let kind = numerals[candidate], let rowKind = matcher.rowNumerals[b.id], kind != rowKind { continue }
            best = b
        }
        if let id = best?.id, awaiting.contains(where: { $0.id == id }) || hits[id].map({ Self.numbers($0.values) > 0 }) == true {
            return nil
        }
        return best
    }

    /// A row's label found: the row is read with its own values, or waits for value-only lines.
    mutating func startRow(_ id: String, row: SourceRow, ownValues: [SourceRow.Cell], line lineIndex: Int) {
        pending = []
        var hit = RowHit(id: id, row: row, values: ownValues, line: lineIndex)
        // Rows that came with values on their own line (short by a blank that extraction
        // dropped) are done when the next label starts: they were not waiting for streamed values.
        while let first = awaiting.first, !first.values.isEmpty, !first.streamed {
            finish(first)
            awaiting.removeFirst()
        }
        if ownValues.isEmpty, awaiting.contains(where: { needs($0) > 0 }) {
            // A second label while an earlier one still waits for its values: from here on,
            // reading order no longer tells which values are whose.
            for i in awaiting.indices { awaiting[i].uncertain = true }
            hit.uncertain = true
        }
        // A label with its values on its own line: labels and values are in step again.
        if !ownValues.isEmpty && Self.numbers(ownValues) > 0 { outOfStep = false }
        if !ownValues.isEmpty && (row.blanksAreCells || needs(hit) <= 0) {
            finishAwaiting()
            finish(hit)
        } else {
            if !ownValues.isEmpty { finishAwaiting() }
            awaiting.append(hit)
        }
    }

    /// The row whose label starts with this line's label cores, perhaps after the fragments of
    /// the lines before.
    func partialLabel(_ labelCores: [String]) -> String? {
        let (pending, matcher) = (self.pending, self.matcher)
        return ([labelCores.joined()] + (1...2).compactMap { k in pending.count >= k ? pending.suffix(k).joined() + labelCores.joined() : nil })
            .lazy.compactMap({ matcher.bestPartialRow($0, minimumShare: 0.25) }).first
    }

    /// A line with text that names no row: a block's title or header, the rest of a label broken
    /// over lines, or a fragment kept for the lines after.
    mutating func readUnnamed(
        _ row: SourceRow, texts: [SourceRow.Cell], cores: [String], labelCores: [String],
        ownValues: [SourceRow.Cell]
    ) {
        // A block's title or header row ends what the previous block was waiting for.
        if spec.layout == .blocks,
            zip(texts, cores).allSatisfy({
                matcher.isGroupLabel($1) || matcher.bestColumn($1) != nil || LabelText.core($0.text) == LabelText.core(spec.corner ?? "")
            })
        {
            finishAwaiting()
            pending = []
            return
        }
        if let last = awaiting.last, last.values.isEmpty, ownValues.isEmpty {
            // The rest of a label broken over lines, unless it is the start of another label:
            // then the waiting rows' values are not coming in order, and they are given up.
            let startsOther = matcher.bestPartialRow(labelCores.joined(), minimumShare: 0.25).map { $0 != last.id } ?? false
            if !startsOther { return }
            for i in awaiting.indices { awaiting[i].uncertain = true }
        }
        finishAwaiting()
        if ownValues.isEmpty || ownValues.allSatisfy({ $0.reading == .blank }) {
            if !labelCores.isEmpty { pending = Array((pending + [labelCores.joined()]).suffix(3)) }
        } else {
            pending = []
        }
    }

    /// The rows found, their values placed in their columns, and the match's score: 2 for a row
    /// placed, 1 for a row with values that could not be placed, 1 for each header label.
    func placed() -> TableMatch {
        var result = self.result
        let anchors = matcher.valueAnchors(order.compactMap { hits[$0] })
        // In text without columns, a row that shows some of its values but not all may have had the
        // others drawn last, after the last row's label: then the last row's values, on lines of
        // their own, may be that row's (no rule tells in the active table).
        let lastOnOwnLines = spec.layout == .blocks ? order.last { hits[$0].map { $0.valueLines > 0 && Self.numbers($0.values) > 0 } ?? false } : nil
        var shortBefore = false
        // Each table's grid columns where some row of this table shows a value (see `place`).
        var valueColumns: [Int: Set<Int>] = [:]
        for hit in hits.values {
            guard let table = hit.row.table else { continue }
            for cell in hit.row.cells where cell.reading.isValue { valueColumns[table, default: []].insert(cell.column) }
        }
        for id in order {
            guard var hit = hits[id] else { continue }
            let columns = spec.columnIDs(forRow: id)
            let loose = hit.row.table == nil && !hit.row.blanksAreCells
            if shortBefore, loose, id == lastOnOwnLines { hit.uncertain = true }
            // (Blank marks count: a row with a value or a mark for every cell has lost none.)
            let shown = Self.numbers(hit.values)
            if loose, shown > 0, hit.values.count < columns.count { shortBefore = true }
            let placed = matcher.place(
                hit, columns: columns, headerColumns: hit.row.table.flatMap { headerColumns[$0] }, anchors: anchors,
                valueColumns: hit.row.table.flatMap { valueColumns[$0] }, result: &result)
            // A label without values (a header cell that looks like a row label) proves nothing; a
            // grid row of the row's cells, all printed blank, is a row of the table.
            let blankRow = hit.row.blanksAreCells && hit.values.count >= columns.count && hit.values.allSatisfy { $0.reading == .blank }
            if Self.numbers(hit.values) > 0 || blankRow { result.score += placed ? 2 : 1 }
        }
        // Group labels count once each, however many spellings of them the source shows.
        let groups = headerLabels.filter { $0.hasPrefix("group:") }.count
        result.score += headerLabels.count - groups + min(groups, matcher.groupCoreSet.count)
        return result
    }
}
