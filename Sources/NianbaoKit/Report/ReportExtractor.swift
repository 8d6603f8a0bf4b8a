import Foundation

/// Recovers the canonical report from any document: finds the sections by their titles, finds each
/// standard table by its section and its labels, maps printed rows and columns to template ids,
/// chooses the template variant per table, reads the values and applies the rules.
public struct ReportExtractor {
    public let library: TemplateLibrary
    /// One matcher per table variant, built once (their label cores are computed up front).
    private let matchers: [String: TableMatcher]
    /// The rules of each table variant, compiled once.
    private let rules: [String: RuleSet]
    /// For a line's core, its similarity to each of the library's section specs, in their order.
    private let sectionScores = Memo<UTF8Key, [Double]>()

    public init(library: TemplateLibrary) {
        self.library = library
        var matchers: [String: TableMatcher] = [:]
        var rules: [String: RuleSet] = [:]
        for id in library.tableIDs {
            for spec in library.variants(of: id) {
                matchers[spec.fileName] = TableMatcher(spec: spec)
                rules[spec.fileName] = RuleSet.compiled(for: spec)
            }
        }
        self.matchers = matchers
        self.rules = rules
    }

    /// Minimum similarity for a printed label to count as a template label.
    static let labelThreshold = 0.8

    /// Most source rows searched for one table (a real report has a few hundred lines in all): a
    /// huge text that is not a report is searched this far, with a finding, not for minutes.
    static let searchedRows = 20_000

    public func extract(_ document: Document, source: String) -> CanonicalReport {
        let sections = Self.findSections(document, specs: library.sections, memo: sectionScores)
        // Rows are read only where a table is looked for: its section, or the whole document when
        // the section cannot be found (then once, for every table that needs it).
        var allRows: [SourceRow]?
        func everyRow() -> [SourceRow] {
            if let allRows { return allRows }
            let rows = SourceRow.rows(of: document, limit: Self.searchedRows)
            allRows = rows
            return rows
        }
        var findings: [Finding] = []
        var tables: [CanonicalTable] = []
        let metadata = ReportMetadata(document)
        for tableID in library.tableIDs {
            let region = Self.region(of: tableID, sections: sections, document: document, tableIDs: library.tableIDs, everyRow: everyRow)
            if region.rows.count >= Self.searchedRows {
                findings.append(Finding(severity: .warning, code: "search_truncated", table: tableID, row: nil, column: nil,
                                        message: "only the first \(region.rows.count) lines \(region.isSection ? "of its section" : "of the document") were searched for table \(tableID)"))
            }
            var best: (TableMatch, TableSpec)?
            for spec in library.variants(of: tableID) {
                let matcher = matchers[spec.fileName] ?? TableMatcher(spec: spec)
                // A variant that could at best tie with the match in hand (and would not win the
                // tie) is not tried.
                if let (held, heldSpec) = best, held.score > matcher.maximumScore
                    || (held.score == matcher.maximumScore && (inForce(heldSpec, year: metadata.year) || !inForce(spec, year: metadata.year))) {
                    continue
                }
                var match = matcher.match(region.rows)
                if match.score == 0 && region.isSection {
                    match = matcher.match(everyRow())
                }
                if best == nil || match.score > best!.0.score
                    || (match.score == best!.0.score && inForce(spec, year: metadata.year) && !inForce(best!.1, year: metadata.year)) {
                    best = (match, spec)
                }
            }
            guard var (match, spec) = best else { continue }
            // Reading-order text: the variant whose cells the rules confirm most, when that is not the
            // one its labels chose (a 2019 table read as 2021 leaves two rows' worth of numbers over).
            // (Not needed where label pairing read every cell beside its label.)
            let complete = spec.cellIDs.allSatisfy { cell in
                let term = RuleEngine.Term(row: cell.row, column: cell.column)
                return match.values[cell.row]?[cell.column]?.status == .printed && !match.streamed.contains(term)
            }
            let tryAlignment = match.score > 0 && !complete
            // A table read from text whose rows gave under half its values (its header a pipe table,
            // its values lines of numbers after it, or stacked in one cell) is read in reading order
            // as text (`SourceRow.asText`).
            let printed = match.values.values.reduce(0) { $0 + $1.values.filter { $0.status == .printed }.count }
            let alignedRows = printed * 2 < spec.cellIDs.count && region.rows.contains { $0.table != nil }
                && region.rows.allSatisfy { $0.table == nil || $0.mayBeShifted } ? region.rows.map(\.asText) : region.rows
            var aligned = tryAlignment ? align(alignedRows, spec) : nil
            for other in library.variants(of: tableID) where other.fileName != spec.fileName && tryAlignment {
                guard let candidate = align(alignedRows, other), !candidate.lastResort,
                      candidate.confirmed.count > max(aligned?.confirmed.count ?? 0, other.cellIDs.count / 2) else { continue }
                let otherMatch = (matchers[other.fileName] ?? TableMatcher(spec: other)).match(region.rows)
                guard otherMatch.score > 0 else { continue }
                (match, spec, aligned) = (otherMatch, other, candidate)
            }
            var table = CanonicalTable(spec: spec, found: match.score > 0)
            for (row, columns) in match.values {
                for (column, value) in columns { table[row, column] = value }
            }
            var tableFindings = match.findings
            if let aligned {
                adopt(aligned, into: &table, match: &match, findings: &tableFindings)
            }
            if !table.found {
                tableFindings.append(Finding(severity: .warning, code: "table_not_found", table: tableID, row: nil, column: nil,
                                             message: "table \(tableID) was not found\(region.isSection ? " in its section" : " (nor its section)")"))
            }
            var ruleFindings: [Finding] = []
            RuleEngine.apply(to: &table, findings: &ruleFindings, rules: rules[spec.fileName])
            if !match.streamed.isEmpty, ruleFindings.contains(where: { $0.severity == .error }) {
                // Values paired with their labels only by reading order broke a rule: the pairing is
                // not to be trusted, so they are all set aside rather than reported as printed.
                var retry = CanonicalTable(spec: spec, found: table.found)
                for (row, columns) in match.values {
                    for (column, value) in columns where !match.streamed.contains(RuleEngine.Term(row: row, column: column)) {
                        retry[row, column] = value
                    }
                }
                tableFindings.append(Finding(severity: .warning, code: "order_unreliable", table: tableID, row: nil, column: nil,
                                             message: "values read apart from their labels broke the rules; \(match.streamed.count) of them are left missing"))
                ruleFindings = []
                RuleEngine.apply(to: &retry, findings: &ruleFindings, rules: rules[spec.fileName])
                table = retry
            }
            tableFindings += ruleFindings
            let missing = table.orderedValues.filter { $0.value.status == .missing }.count
            if table.found && missing > 0 {
                tableFindings.append(Finding(severity: .warning, code: "missing_values", table: tableID, row: nil, column: nil,
                                             message: "\(missing) of \(spec.cellIDs.count) values are missing"))
            }
            findings += tableFindings
            tables.append(table)
        }
        let template = Self.chooseTemplate(library, tables: tables)
        return CanonicalReport(source: source, template: template, agency: metadata.agency, year: metadata.year,
                               published: metadata.published, sections: sections, tables: tables, findings: findings)
    }

    /// The numbers of a region aligned with a variant's cells (reading-order text only).
    func align(_ rows: [SourceRow], _ spec: TableSpec) -> ReadingOrderAligner.Alignment? {
        guard let matcher = matchers[spec.fileName], let rules = rules[spec.fileName] else { return nil }
        return ReadingOrderAligner.align(rows, labels: matcher, rules: rules)
    }

    /// Takes the cells that reading order and the rules agree on in place of what label pairing gave.
    /// A value printed on its label's line that says otherwise means the alignment is not used at all;
    /// a value that label pairing took from other lines and that says otherwise leaves its row
    /// missing (neither reading is sure).
    func adopt(_ aligned: ReadingOrderAligner.Alignment, into table: inout CanonicalTable, match: inout TableMatch,
               findings: inout [Finding]) {
        let spec = table.spec
        var disputedRows = Set<String>()
        for term in aligned.confirmed {
            guard let held = table[term.row, term.column], held.status == .printed,
                  case .number(let x, _) = aligned.readings[term]!, held.value != x else { continue }
            // (A last resort is used only where it and label pairing do not disagree.)
            if !match.streamed.contains(term) || aligned.lastResort {
                findings.append(Finding(severity: .info, code: "order_alignment_unused", table: spec.table, row: term.row, column: term.column,
                                        message: "the values in reading order do not agree with \(term.row)/\(term.column) "
                                            + (aligned.lastResort ? "as label pairing read it" : "printed beside its label") + "; they are not used"))
                return
            }
            disputedRows.insert(term.row)
        }
        var scratch = TableMatch()
        let matcher = matchers[spec.fileName]!
        var kept = 0
        for (row, column) in spec.cellIDs {
            let term = RuleEngine.Term(row: row, column: column)
            if aligned.lastResort {
                // A last resort only fills cells that label pairing left missing.
                guard aligned.confirmed.contains(term), table[row, column]?.status == .missing else { continue }
                let value = matcher.value(aligned.readings[term]!, row: row, column: column, result: &scratch)
                table[row, column] = value
                match.values[row, default: [:]][column] = value
                kept += 1
            } else if disputedRows.contains(row) || (aligned.doubtful.contains(term) && match.streamed.contains(term)) {
                // What label pairing read from other lines is no better founded than the alignment.
                table[row, column] = .missing
                match.values[row]?[column] = nil
                match.streamed.remove(term)
            } else if aligned.confirmed.contains(term) {
                let value = matcher.value(aligned.readings[term]!, row: row, column: column, result: &scratch)
                table[row, column] = value
                match.values[row, default: [:]][column] = value
                match.streamed.remove(term)
                kept += 1
            }
        }
        if aligned.lastResort {
            guard kept > 0 else { return }
            findings.append(Finding(severity: .info, code: "order_aligned", table: spec.table, row: nil, column: nil,
                                    message: "values read in the table's reading order as a last resort (every reading breaks a rule, or fits only with a row's values out of order): \(kept) of \(spec.cellIDs.count) that two rules confirm, where label pairing read nothing"))
            return
        }
        findings.append(Finding(severity: .info, code: "order_aligned", table: spec.table, row: nil, column: nil,
                                message: "values read in the table's reading order: \(kept) of \(spec.cellIDs.count) confirmed by the rules"
                                    + (disputedRows.isEmpty ? "" : "; \(disputedRows.count) rows left missing where label pairing read otherwise")))
    }

    /// Whether a template in force in `year` uses this table variant.
    func inForce(_ spec: TableSpec, year: Int?) -> Bool {
        guard let year else { return false }
        return library.templates.contains { $0.years?.contains(year) == true && $0.tables[spec.table]?.fileName == spec.fileName }
    }

    /// The template whose variants the found tables use most (the applications table counts double).
    static func chooseTemplate(_ library: TemplateLibrary, tables: [CanonicalTable]) -> String {
        var best = (library.templates[0].id, -1)
        for template in library.templates {
            var score = 0
            for table in tables where table.found {
                if template.tables[table.spec.table]?.fileName == table.spec.fileName {
                    score += table.spec.table == "applications" ? 2 : 1
                }
            }
            if score > best.1 { best = (template.id, score) }
        }
        return best.0
    }

    // MARK: - Sections

    /// Section titles found in reading order: headings or short lines whose text, numbering aside,
    /// is a section title. Parenthesised numbering (（一）…) marks a subsection and is never a section.
    static func findSections(_ document: Document, specs: [SectionSpec], memo: Memo<UTF8Key, [Double]> = Memo()) -> [ReportSection] {
        var found: [ReportSection] = []
        var taken = Set<String>()
        // Each section's title and aliases, as the scalars of their cores.
        let titles = specs.map { spec in ([spec.title] + (spec.aliases ?? [])).map { Array(LabelText.core($0).unicodeScalars) } }
        for (index, block) in document.blocks.enumerated() {
            // A table's rows that hold text only, each joined: a title drawn into the table.
            let candidates: [TitleCandidate]
            switch block {
            case .heading(_, let t), .paragraph(let t): candidates = [TitleCandidate(text: t, row: nil)]
            case .table(let table): candidates = titleRows(table)
            }
            // The section a candidate's text is the title of, and how alike they are.
            func score(_ text: String) -> (spec: Int, similarity: Double)? {
                guard text.utf8.count <= 160 else { return nil }
                let line = LabelText.halfWidth(text).trimmed
                guard line.count <= 40, !line.hasPrefix("(") else { return nil }
                let core = LabelText.core(line)
                guard core.count >= 4 else { return nil }
                return memo.value(core) { core in
                    let x = Array(core.unicodeScalars)
                    return titles.map { forms in forms.map { LabelText.similarity(x, $0, atLeast: 0.85) }.max() ?? 0 }
                }
                .enumerated()
                .filter { $0.element >= 0.85 && !taken.contains(specs[$0.offset].id) }
                .max { $0.element < $1.element }
                .map { ($0.offset, $0.element) }
            }
            // A line is one candidate; of a table row's candidates, the most like a title is taken.
            var next = candidates.startIndex
            while next < candidates.endIndex {
                let row = candidates[next].row
                let end = row == nil ? next + 1 : candidates[next...].firstIndex { $0.row != row } ?? candidates.endIndex
                let best = candidates[next..<end].compactMap { c in score(c.text).map { (c, $0) } }.max { $0.1.similarity < $1.1.similarity }
                next = end
                guard let (candidate, (spec, _)) = best else { continue }
                found.append(ReportSection(id: specs[spec].id, printedTitle: candidate.text, blockIndex: index, rowIndex: row,
                                           titleColumns: candidate.firstLinesBefore))
                taken.insert(specs[spec].id)
            }
        }
        return found
    }

    /// A line or a table row that may be a section title (`findSections`).
    struct TitleCandidate {
        var text: String
        /// The row, when in a table.
        var row: Int?
        /// The text is the first line of each cell before this grid column (see `titleRows`); nil: the whole row.
        var firstLinesBefore: Int? = nil
    }

    /// The rows of a table that may be a section title drawn into it (pymupdf4llm puts a title line
    /// that lines up with a table's columns in the table, cut over its cells: `四、政府信|息公开|行政复议…|况`):
    /// a row of cells with text, none with a number, joined; or of one cell beside empty ones
    /// (`|四、政府信息公开行政复议、行政诉讼情况||||||||`, a title drawn into the table before it).
    /// A row whose cells hold several lines is also tried as the first lines of its first cells, one
    /// or more: the title stacked over the table's header, `四、<br>行政|政府<br>复议|信息公开|…`
    /// (a header cell of one line after it: `…|情况<br>诉讼|总计|`).
    static func titleRows(_ table: Table) -> [TitleCandidate] {
        var cellsByRow = [[TableCell]](repeating: [], count: table.rowCount)
        for cell in table.cells where cell.row >= 0 && cell.row < table.rowCount && !cell.isFiller { cellsByRow[cell.row].append(cell) }
        return cellsByRow.enumerated().flatMap { row, cells -> [TitleCandidate] in
            let filled = cells.sorted { $0.column < $1.column }.filter { !$0.text.trimmed.isEmpty }
            guard filled.count >= 2 || (filled.count == 1 && cells.count >= 2) else { return [] }
            let lines = filled.map { $0.text.split(separator: "\n").map { $0.trimmed }.filter { !$0.isEmpty } }
            // (A section's number may read as a garbled value: `**4**、`.)
            guard lines.allSatisfy({ $0.allSatisfy { !LabelText.read($0).isNumber } }) else { return [] }
            let joined = TitleCandidate(text: filled.map(\.text.trimmed).joined(), row: row)
            guard lines.contains(where: { $0.count > 1 }) else { return [joined] }
            var prefix = ""
            var found = [joined]
            for (cell, cellLines) in zip(filled, lines) {
                prefix += cellLines.first ?? ""
                found.append(TitleCandidate(text: prefix, row: row, firstLinesBefore: cell.column + cell.columnSpan))
            }
            return found
        }
    }

    struct Region {
        var rows: [SourceRow]
        var isSection: Bool
    }

    /// The rows between a table's section title and the next section title, or every row when the
    /// section was not found. In text without tables, the lines right after the next title are the
    /// table's too when that section has no table, as far as the last of them that is a number and
    /// while they are numbers or short labels (no prose): PDF text may draw a table's last values,
    /// and the header cells above them, after the title that follows it.
    static func region(of tableID: String, sections: [ReportSection], document: Document, tableIDs: [String],
                       everyRow: () -> [SourceRow]) -> Region {
        guard let section = sections.first(where: { $0.id == tableID }) else { return Region(rows: everyRow(), isSection: false) }
        // Where a title stands: its block, and its row when it is in a table (a paragraph before all of them).
        func position(_ s: ReportSection) -> (Int, Int) { (s.blockIndex, s.rowIndex ?? -1) }
        let following = sections.filter { position($0) > position(section) }.min { position($0) < position($1) }
        let next = min(following?.blockIndex ?? Int.max, document.blocks.count)
        // A title in a table row: the section starts after that row, in that table.
        let first = section.rowIndex == nil ? section.blockIndex + 1 : section.blockIndex
        var rows = SourceRow.rows(of: document, blocks: first..<max(next, first), limit: searchedRows)
        // The rows of the first table of some rows before a table row (counted in the table's rows:
        // a row of the source may have been split in two).
        func before(_ titleRow: Int, in rows: [SourceRow]) -> Int {
            rows.firstIndex { $0.table != 0 || $0.tableRow >= titleRow } ?? rows.endIndex
        }
        if let titleRow = section.rowIndex {
            rows.removeFirst(before(section.titleColumns != nil ? titleRow : titleRow + 1, in: rows))
            if let columns = section.titleColumns, !rows.isEmpty { rows[0] = rows[0].droppingFirstLines(before: columns) }
            // The title drawn again as a line of its own (pymupdf4llm writes it in the table and as a
            // heading after it) is no label of the table: values before it would not seem the last.
            let title = LabelText.core(section.printedTitle)
            // (Its line may be split into cells at its spaces: `## **4** 、 政府信息公开…`.)
            rows.removeAll { row in
                row.table == nil && (1...4).contains(row.cells.count)
                    && LabelText.similarity(LabelText.core(row.cells.map(\.text).joined()), title, atLeast: 0.85) >= 0.85
            }
        }
        // The next title in a table row: the rows of that table before it are this section's.
        if let following, let titleRow = following.rowIndex, next > section.blockIndex, next < document.blocks.count {
            let tableRows = SourceRow.rows(of: document, blocks: next..<(next + 1))
            // (Numbered after the tables before it: rows of one table share a number.)
            let counted = (rows.compactMap(\.table).max() ?? -1) + 1
            rows += tableRows.prefix(before(titleRow, in: tableRows)).map { row in
                var row = row
                row.table = row.table.map { $0 + counted }
                return row
            }
        }
        if let following, !tableIDs.contains(following.id), !rows.isEmpty, rows.allSatisfy({ $0.table == nil }) {
            var end = next + 1
            var lastNumbers = end
            while end < document.blocks.count, case .paragraph(let text) = document.blocks[end] {
                let lines = text.split(separator: "\n")
                if lines.allSatisfy({ LabelText.read(String($0)).isNumber }) {
                    lastNumbers = end + 1
                } else if !lines.allSatisfy(isShortLabel) {
                    break
                }
                end += 1
            }
            if lastNumbers > next + 1 { rows += SourceRow.rows(of: document, blocks: (next + 1)..<lastNumbers, limit: searchedRows) }
        }
        return Region(rows: rows, isSection: true)
    }

    /// Most characters of a line of header text that `region` passes over after the next title.
    static let shortLabel = 8

    /// A line that may be a header cell of a table: a few characters, no sentence punctuation.
    static func isShortLabel(_ line: Substring) -> Bool {
        let text = line.trimmingCharacters(in: .whitespaces)
        return !text.isEmpty && text.count <= shortLabel && !text.contains(where: { "。，；：,;:".contains($0) })
    }
}

/// What matching one table variant against some rows gave.
struct TableMatch {
    var values: [String: [String: CanonicalValue]] = [:]
    var findings: [Finding] = []
    /// How well the variant fits: matched row labels and header labels.
    var score = 0
    /// Values taken from lines apart from their labels (reading-order text), less sure than the rest.
    var streamed = Set<RuleEngine.Term>()
}
