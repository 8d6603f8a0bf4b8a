import Foundation

/// Recovers the canonical report from any document: finds the sections by their titles, finds each
/// standard table by its section and its labels, maps printed rows and columns to template ids,
/// chooses the template variant per table, reads the values and applies the rules.
public struct ReportExtractor: Sendable {
    public let library: TemplateLibrary
    /// One matcher per table variant, built once (their label cores are computed up front).
    private let matchers: [String: TableMatcher]
    /// The rules of each table variant, compiled once.
    private let rules: [String: RuleSet]
    /// For a line's core, its similarity to each of the library's section specs, in their order.
    private let sectionScores = Memo<UTF8Key, [Double]>()
    /// Cuts lines a crawler flattened at the library's labels (`GluedRuns`).
    let gluedRuns: GluedRuns

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
        gluedRuns = GluedRuns(library: library)
    }

    /// Minimum similarity for a printed label to count as a template label.
    static let labelThreshold = 0.8

    /// Most source rows searched for one table (a real report has a few hundred lines in all): a
    /// huge text that is not a report is searched this far, with a finding, not for minutes.
    static let searchedRows = 20_000

    /// The driver: sections → each table's region → the variant its labels match best (or the one
    /// reading order and the rules confirm) → the rules → the report with its metadata.
    public func extract(_ read: Document, source: String) -> CanonicalReport {
        // (`ReportRepair` cuts the document it repairs the same way, so that block indices agree.)
        let document = gluedRuns.cut(read)
        let sections = SectionFinder.findSections(document, specs: library.sections, memo: sectionScores)
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
        let metadata = ReportMetadata(document, header: GluedRuns.crawlerHeaderEnd(read) != nil ? read : nil)
        for tableID in library.tableIDs {
            let region = SectionFinder.region(
                of: tableID, sections: sections, document: document, tableIDs: library.tableIDs,
                everyRow: everyRow)
            if region.rows.count >= Self.searchedRows {
                findings.append(
                    Finding(
                        severity: .warning, code: "search_truncated", table: tableID, row: nil, column: nil,
                        message:
                            "only the first \(region.rows.count) lines \(region.isSection ? "of its section" : "of the document") were searched for table \(tableID)"
                    ))
            }
            guard let labelled = bestVariant(of: tableID, in: region, year: metadata.year, everyRow: everyRow) else { continue }
            var (match, spec, aligned) = preferringAlignment(labelled, of: tableID, in: region)
            var table = CanonicalTable(spec: spec, found: match.score > 0)
            for (row, columns) in match.values {
                for (column, value) in columns {
                    table[row, column] = value
                    let term = RuleEngine.Term(row: row, column: column)
                    let origin = match.ordered[term] ?? Self.pairingOrigin(value, streamed: match.streamed.contains(term))
                    table.setOrigin(origin, row: row, column: column)
                }
            }
            var tableFindings = match.findings
            if let aligned {
                adopt(aligned, into: &table, match: &match, findings: &tableFindings)
            }
            if region.rows.contains(where: { $0.gluedRun != nil }) {
                readGluedRuns(region.rows, into: &table, findings: &tableFindings)
            }
            if !table.found {
                tableFindings.append(
                    Finding(
                        severity: .warning, code: "table_not_found", table: tableID, row: nil, column: nil,
                        message: "table \(tableID) was not found\(region.isSection ? " in its section" : " (nor its section)")"))
            }
            applyRules(to: &table, of: tableID, match: match, findings: &tableFindings)
            if !table.found {
                for (row, column) in spec.cellIDs { table.setOrigin("missing: table not found", row: row, column: column) }
            }
            findings += tableFindings
            tables.append(table)
        }
        let template = Self.chooseTemplate(library, tables: tables)
        return CanonicalReport(
            source: source, template: template, agency: metadata.agency, year: metadata.year,
            published: metadata.published, sections: sections, tables: tables, findings: findings,
            metadata: metadata)
    }

    /// How label pairing came to a cell's value (`CanonicalTable.origins`).
    static func pairingOrigin(_ value: CanonicalValue, streamed: Bool) -> String {
        let place = streamed ? "in the lines after its label" : "beside its label"
        switch value.status {
        case .missing:
            return value.printedText.map { "missing: \"\($0)\" \(place) is not a possible value" } ?? "missing: no number \(place)"
        case .inferred: return "label pairing, \(place), marked there as inferred"
        case .printed, .conflicting: return "label pairing, \(place)"
        }
    }

    /// The variant of a table whose labels match the region best (the whole document when none is
    /// found in its section); of variants that tie, one in force in the report's year.
    func bestVariant(
        of tableID: String, in region: SectionFinder.Region, year: Int?,
        everyRow: () -> [SourceRow]
    ) -> (match: TableMatch, spec: TableSpec)? {
        var best: (match: TableMatch, spec: TableSpec)?
        for spec in library.variants(of: tableID) {
            let matcher = matchers[spec.fileName] ?? TableMatcher(spec: spec)
            // A variant that could at best tie with the match in hand (and would not win the
            // tie) is not tried.
            if let (held, heldSpec) = best,
                held.score > matcher.maximumScore
                    || (held.score == matcher.maximumScore && (inForce(heldSpec, year: year) || !inForce(spec, year: year)))
            {
                continue
            }
            var match = matcher.match(region.rows, inSection: region.isSection)
            if match.score == 0 && region.isSection {
                match = matcher.match(everyRow())
            }
            if best == nil || match.score > best!.match.score
                || (match.score == best!.match.score && inForce(spec, year: year) && !inForce(best!.spec, year: year))
            {
                best = (match, spec)
            }
        }
        return best
    }

    /// Reading-order text: the alignment of the region's numbers with the chosen variant, or another
    /// variant whose cells the rules confirm more, when that is not the one its labels chose (a 2019
    /// table read as 2021 leaves two rows' worth of numbers over). No alignment where label pairing
    /// read every cell beside its label, or found nothing.
    func preferringAlignment(_ labelled: (match: TableMatch, spec: TableSpec), of tableID: String, in region: SectionFinder.Region)
        -> (match: TableMatch, spec: TableSpec, aligned: ReadingOrderAligner.Alignment?)
    {
        var (match, spec) = labelled
        let complete = spec.cellIDs.allSatisfy { cell in
            let term = RuleEngine.Term(row: cell.row, column: cell.column)
            return match.values[cell.row]?[cell.column]?.status == .printed && !match.streamed.contains(term)
        }
        let tryAlignment = match.score > 0 && !complete
        // A table read from text whose rows gave under half its values (its header a pipe table,
        // its values lines of numbers after it, or stacked in one cell) is read in reading order
        // as text (`SourceRow.asText`).
        let printed = match.values.values.reduce(0) { $0 + $1.values.filter { $0.status == .printed }.count }
        let alignedRows =
            printed * 2 < spec.cellIDs.count && region.rows.contains { $0.table != nil }
                && region.rows.allSatisfy { $0.table == nil || $0.mayBeShifted } ? region.rows.map(\.asText) : region.rows
        var aligned = tryAlignment ? align(alignedRows, spec) : nil
        for other in library.variants(of: tableID) where other.fileName != spec.fileName && tryAlignment {
            guard let candidate = align(alignedRows, other), !candidate.lastResort,
                candidate.confirmed.count > max(aligned?.confirmed.count ?? 0, other.cellIDs.count / 2)
            else { continue }
            let otherMatch = (matchers[other.fileName] ?? TableMatcher(spec: other)).match(region.rows, inSection: region.isSection)
            guard otherMatch.score > 0 else { continue }
            (match, spec, aligned) = (otherMatch, other, candidate)
        }
        return (match, spec, aligned)
    }

    /// Applies the table's rules. When values paired with their labels only by reading order break
    /// a rule, the pairing is not to be trusted: they are all set aside (left missing) rather than
    /// reported as printed, and the rules are applied again without them.
    func applyRules(to table: inout CanonicalTable, of tableID: String, match: TableMatch, findings: inout [Finding]) {
        let spec = table.spec
        var ruleFindings: [Finding] = []
        let readOrigins = table.origins
        RuleEngine.apply(to: &table, findings: &ruleFindings, rules: rules[spec.fileName])
        if !match.streamed.isEmpty, ruleFindings.contains(where: { $0.severity == .error }) {
            var retry = CanonicalTable(spec: spec, found: table.found)
            for (row, columns) in match.values {
                for (column, value) in columns {
                    if match.streamed.contains(RuleEngine.Term(row: row, column: column)) {
                        retry.setOrigin("missing: read apart from its label, among values that broke the rules", row: row, column: column)
                    } else {
                        retry[row, column] = value
                        if let origin = readOrigins[row]?[column] { retry.setOrigin(origin, row: row, column: column) }
                    }
                }
            }
            findings.append(
                Finding(
                    severity: .warning, code: "order_unreliable", table: tableID, row: nil, column: nil,
                    message: "values read apart from their labels broke the rules; \(match.streamed.count) of them are left missing"))
            ruleFindings = []
            RuleEngine.apply(to: &retry, findings: &ruleFindings, rules: rules[spec.fileName])
            table = retry
        }
        findings += ruleFindings
        let missing = table.orderedValues.filter { $0.value.status == .missing }.count
        if table.found && missing > 0 {
            findings.append(
                Finding(
                    severity: .warning, code: "missing_values", table: tableID, row: nil, column: nil,
                    message: "\(missing) of \(spec.cellIDs.count) values are missing"))
        }
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
    func adopt(
        _ aligned: ReadingOrderAligner.Alignment, into table: inout CanonicalTable, match: inout TableMatch,
        findings: inout [Finding]
    ) {
        let spec = table.spec
        var disputedRows = Set<String>()
        for term in aligned.confirmed {
            guard let held = table[term.row, term.column], held.status == .printed,
                case .number(let x, _) = aligned.readings[term]!, held.value != x
            else { continue }
            // (A last resort is used only where it and label pairing do not disagree.)
            if !match.streamed.contains(term) || aligned.lastResort {
                findings.append(
                    Finding(
                        severity: .info, code: "order_alignment_unused", table: spec.table, row: term.row, column: term.column,
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
                table.setOrigin(Self.alignedOrigin(value, aligned, term), row: row, column: column)
                match.values[row, default: [:]][column] = value
                kept += 1
            } else if disputedRows.contains(row) || (aligned.doubtful.contains(term) && match.streamed.contains(term)) {
                // What label pairing read from other lines is no better founded than the alignment.
                table[row, column] = .missing
                table.setOrigin(
                    disputedRows.contains(row)
                        ? "missing: label pairing and reading order read its row differently"
                        : "missing: the readings in order that fit the rules disagree on it", row: row, column: column)
                match.values[row]?[column] = nil
                match.streamed.remove(term)
            } else if aligned.confirmed.contains(term) {
                let value = matcher.value(aligned.readings[term]!, row: row, column: column, result: &scratch)
                table[row, column] = value
                table.setOrigin(Self.alignedOrigin(value, aligned, term), row: row, column: column)
                match.values[row, default: [:]][column] = value
                match.streamed.remove(term)
                kept += 1
            } else if aligned.doubtful.contains(term), table[row, column]?.status == .missing {
                table.setOrigin("missing: the readings in order leave it in doubt", row: row, column: column)
            }
        }
        // Rows the alignment read in full are no longer rows whose values could not be placed.
        findings.removeAll { finding in
            guard finding.code == "values_not_placed", finding.table == spec.table, let row = finding.row else { return false }
            return spec.columnIDs(forRow: row).allSatisfy { table[row, $0].map { $0.status != .missing } ?? false }
        }
        if aligned.lastResort {
            guard kept > 0 else { return }
            findings.append(
                Finding(
                    severity: .info, code: "order_aligned", table: spec.table, row: nil, column: nil,
                    message:
                        "values read in the table's reading order as a last resort (every reading breaks a rule, or fits only with a row's values out of order): \(kept) of \(spec.cellIDs.count) that two rules confirm, where label pairing read nothing"
                ))
            return
        }
        findings.append(
            Finding(
                severity: .info, code: "order_aligned", table: spec.table, row: nil, column: nil,
                message: "values read in the table's reading order: \(kept) of \(spec.cellIDs.count) confirmed by the rules"
                    + (disputedRows.isEmpty ? "" : "; \(disputedRows.count) rows left missing where label pairing read otherwise")))
    }

    /// Fills the cells still missing from the region's glued runs (`GluedRunReading`).
    func readGluedRuns(_ rows: [SourceRow], into table: inout CanonicalTable, findings: inout [Finding]) {
        let spec = table.spec
        guard let matcher = matchers[spec.fileName], let rules = rules[spec.fileName] else { return }
        let reading = GluedRunReading(labels: matcher, rules: rules).read(rows)
        var scratch = TableMatch()
        var kept = 0
        for (row, column) in spec.cellIDs where table[row, column]?.status == .missing {
            let term = RuleEngine.Term(row: row, column: column)
            if let x = reading.values[term] {
                let value = matcher.value(.number(x), row: row, column: column, result: &scratch)
                table[row, column] = value
                table.setOrigin(reading.origins[term] ?? GluedRunReading.name, row: row, column: column)
                kept += 1
            } else if let why = reading.notRead[term] {
                table.setOrigin(why, row: row, column: column)
            }
        }
        guard kept > 0 || !reading.notRead.isEmpty else { return }
        // A row with a glued run is read, or says why not, in its cells: label pairing's word that
        // no values stood beside its label is beside the point.
        let runRows = Set(reading.values.keys.map(\.row) + reading.notRead.keys.map(\.row))
        findings.removeAll { $0.code == "values_not_placed" && $0.table == spec.table && runRows.contains($0.row ?? "") }
        findings.append(
            Finding(
                severity: .info, code: "glued_runs", table: spec.table, row: nil, column: nil,
                message: "values split from digits run together: \(kept) of \(spec.cellIDs.count) read, \(reading.notRead.count) left missing"))
    }

    /// How reading order came to a cell's value (`CanonicalTable.origins`): the strategy that read it.
    static func alignedOrigin(_ value: CanonicalValue, _ aligned: ReadingOrderAligner.Alignment, _ term: RuleEngine.Term) -> String {
        let how = "reading order\(aligned.lastResort ? " as a last resort" : ""): \(aligned.origins[term] ?? "aligned")"
        return value.status == .inferred ? "inferred: \(how); a reading that also fits has no number there" : how
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
}

/// What matching one table variant against some rows gave.
struct TableMatch {
    var values: [String: [String: CanonicalValue]] = [:]
    var findings: [Finding] = []
    /// How well the variant fits: matched row labels and header labels.
    var score = 0
    /// Values taken from lines apart from their labels (reading-order text), less sure than the rest.
    var streamed = Set<RuleEngine.Term>()
    /// Of those, the values of rows with no label beside them, read by the template's order between
    /// rows that have one (`fillGapsInOrder`).
    /// How each was read, for `CanonicalTable.origins`.
    var ordered: [RuleEngine.Term: String] = [:]
}
