import Foundation

/// Reads text left behind by PDF extraction, OCR or Word's "save as text" into a `Document`.
///
/// It recognises, line by line:
/// - one cell per line: cells as lines starting with a tab, rows ended by a blank line, a cell's
///   further lines following it without a tab (Word's text export, seeds 001 and 003);
/// - tab-separated rows (one row per line), a single blank line inside the table allowed;
/// - Markdown pipe tables, with `<br>` inside cells and the delimiter row dropped;
/// - HTML tables left in Markdown (`<table>` … `</table>`, read by `HTMLReader`);
/// - Markdown `#` headings; every other non-empty line is a paragraph.
/// Text gives no spans: tables are read as plain grids (short rows filled), and the canonical-report
/// matcher copes with labels spread over cells. `[bookmark: …]` debris is removed.
public struct PlainTextReader: FormatReader {
    public var limits: ReadLimits

    public init(limits: ReadLimits = .default) {
        self.limits = limits
    }

    public func read(data: Data, path: String) throws -> ReadResult {
        let (text, diagnostics) = try Self.decode(data, path: path, limits: limits)
        let rawLines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        let (lines, pageNumbers) = Self.droppingPageNumbers(rawLines.map { Self.clean(String($0)) })
        var document = Document()
        var read = ReadResult(document: document, diagnostics: diagnostics)
        if pageNumbers > 0 {
            read.diagnostics.append(
                Diagnostic(.info, "page_numbers_dropped", "\(pageNumbers) page number line\(pageNumbers == 1 ? "" : "s") (`- 2 -`, `第 2 页`) left out")
            )
        }
        var repairs = SpanResolver.Repairs()
        var blocks: [Block] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmed
            if let end = Self.htmlTableEnd(lines, from: i) {
                // A table left as HTML in Markdown (pandoc's gfm for merged cells, MinerU): read by the HTML reader.
                let fragment = lines[i...end].joined(separator: "\n")
                let table = try HTMLReader(limits: limits).read(data: Data(fragment.utf8), path: path)
                blocks.append(contentsOf: table.document.blocks)
                read.diagnostics += table.diagnostics
                i = end + 1
            } else if Self.isCellLine(line) {
                let (rows, next) = Self.cellPerLineTable(lines, from: i)
                blocks.append(.table(Self.table(rows, limits: limits, repairs: &repairs)))
                i = next
            } else if Self.isPipeRow(trimmed) {
                var rows: [[String]] = []
                while i < lines.count, Self.isPipeRow(lines[i].trimmed) {
                    let cells = Self.pipeCells(lines[i].trimmed)
                    if !Self.isDelimiterRow(cells) { rows.append(cells) }
                    i += 1
                }
                blocks.append(.table(Self.table(rows, limits: limits, repairs: &repairs)))
            } else if line.contains("\t") && !trimmed.isEmpty {
                var rows: [[String]] = []
                while i < lines.count {
                    let l = lines[i]
                    if l.contains("\t") && !Self.isCellLine(l) {
                        rows.append(l.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmed })
                        i += 1
                    } else if l.trimmed.isEmpty, i + 1 < lines.count,
                        lines[i + 1].contains("\t"), !Self.isCellLine(lines[i + 1])
                    {
                        i += 1
                    } else {
                        break
                    }
                }
                blocks.append(.table(Self.table(rows, limits: limits, repairs: &repairs)))
            } else {
                let marks = Self.blankMarks(line)
                let text = Self.markdownLineBreaks(trimmed)
                if let heading = text.isEmpty ? nil : Self.markdownHeading(text) {
                    blocks.append(heading)
                } else if !text.isEmpty || !marks.isEmpty {
                    // The marks stay in the text as printed; the blank cells they stand for are typed.
                    if !marks.isEmpty { document.trailingBlankCells[blocks.count] = marks.count - 1 }
                    blocks.append(.paragraph(text.isEmpty ? marks : text + marks))
                }
                i += 1
            }
        }
        if !document.trailingBlankCells.isEmpty {
            let lines = document.trailingBlankCells.count
            read.diagnostics.append(
                Diagnostic(
                    .info, "blank_cell_marks",
                    "\(lines) line\(lines == 1 ? " ends" : "s end") in no-break spaces, each read as a blank cell (PyMuPDF's mark of a cell printed blank)"
                ))
        }
        document.blocks = blocks
        read.document = document
        read.diagnostics += repairs.diagnostics
        return read
    }

    /// The text of a file of unknown encoding, or an error when it is not text.
    ///
    /// UTF-16 without a byte-order mark is found from where its zero bytes fall. Otherwise a few
    /// stray NUL bytes (PDF extraction leaves them) are dropped, but bytes that are mostly control
    /// codes are binary data. A line longer than `maxLineBytes` is refused before any decoding.
    /// Files that mix UTF-8 and GBK lines (reports pasted together) are decoded line by line.
    static func decode(_ data: Data, path: String, limits: ReadLimits) throws -> (text: String, diagnostics: [Diagnostic]) {
        if TextDecoding.byteOrderMark(data) == nil, let utf16 = TextDecoding.unmarkedUTF16(data) {
            let text = TextDecoding.convert(data, from: utf16)
            try checkLines(Data(text.utf8), path: path, limits: limits)
            return (text, [Diagnostic(.info, "encoding", "decoded as \(utf16) (no byte-order mark)")])
        }
        var bytes = data
        let (nul, control) = bytes.withUnsafeBytes { raw -> (Int, Int) in
            var nul = 0
            var control = 0
            for b in raw {
                if b == 0 { nul += 1 }
                if (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != 0x0C) || b == 0x7F { control += 1 }
            }
            return (nul, control)
        }
        if control * 20 > bytes.count {
            throw NianbaoError.unsupportedFormat(path: path, reason: "binary data (\(control) control bytes in \(bytes.count)) is not text")
        }
        if nul > 0 { bytes.removeAll { $0 == 0 } }
        try checkLines(bytes, path: path, limits: limits)
        let (text, encoding) = TextDecoding.decodeLines(bytes)
        var diagnostics = encoding == "UTF-8" ? [] : [Diagnostic(.info, "encoding", "decoded as \(encoding)")]
        if nul > 0 { diagnostics.append(Diagnostic(.warning, "nul_bytes_dropped", "\(nul) NUL byte\(nul == 1 ? "" : "s") dropped")) }
        return (text, diagnostics)
    }

    /// Refuses a line longer than the limit, scanning the bytes (a 100 MB line is never decoded).
    static func checkLines(_ bytes: Data, path: String, limits: ReadLimits) throws {
        try bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var start = 0
            var number = 1
            for i in 0...raw.count {
                if i == raw.count || raw[i] == 0x0A || raw[i] == 0x0D {
                    if i - start > limits.maxLineBytes {
                        throw NianbaoError.limitExceeded(
                            path: path, limit: "line \(number) is \(i - start) bytes long (at most \(limits.maxLineBytes))")
                    }
                    start = i + 1
                    if i < raw.count, raw[i] == 0x0A { number += 1 }
                }
            }
        }
    }

    /// The no-break spaces that end a line, with a space before them: PyMuPDF writes a table cell that
    /// held only `&nbsp;` (as Word and web tables often do for a blank cell) as that space, on a line
    /// of its own or after the value before it. They are kept as marks of blank cells (each one a
    /// blank cell in `SourceRow.rows`); other white space at the ends of a line is dropped.
    static func blankMarks(_ line: String) -> String {
        let marks = blankMarkCount(line[...])
        return marks == 0 ? "" : " " + String(repeating: "\u{A0}", count: marks)
    }

    /// How many no-break spaces end a line (spaces among them passed over): its blank-cell marks.
    static func blankMarkCount(_ line: Substring) -> Int {
        // Most lines end otherwise. (Other characters' UTF-8 may end in the byte A0 too: 章 is E7 AB A0.)
        guard line.utf8.last == 0xA0 else { return 0 }
        var marks = 0
        for ch in line.reversed() {
            if ch == "\u{A0}" { marks += 1 } else if ch != " " { break }
        }
        return marks
    }

    /// Removes debris that is never content.
    static func clean(_ line: String) -> String {
        guard line.utf8.contains(UInt8(ascii: "[")), line.contains("[bookmark") else { return line }
        return line.replacingOccurrences(of: "\\[bookmark:[^\\]]*\\]", with: "", options: .regularExpression)
    }

    /// Lines without PDF page furniture: page numbers in their usual dress (`- 2 -`, `— 2 —`, `第 2 页`,
    /// `第2页 共5页`, `2/5`) become blank lines, and pdftotext's form feeds nothing. Left in, a page
    /// number in the middle of a table would be taken for one of its values. (A bare `2` is left: it
    /// may as well be a value, and the reading-order alignment tolerates one stray number.)
    static func droppingPageNumbers(_ lines: [String]) -> (lines: [String], dropped: Int) {
        var dropped = 0
        let kept = lines.map { line in
            let plain = line.utf8.contains(0x0C) ? line.replacingOccurrences(of: "\u{0C}", with: "") : line
            let t = plain.trimmed
            guard !t.isEmpty && t.count <= 16 && isDressedPageNumber(t) else { return plain }
            dropped += 1
            return ""
        }
        return (kept, dropped)
    }

    /// `- 2 -`, `— 2 —`, `–2–`, `·2·`, `第 2 页`, `第2页 共5页`, `2/5`, `Page 2`, `Page 2 of 5`.
    static func isDressedPageNumber(_ t: String) -> Bool {
        // Most short lines are a number or a label: no regular expression for those.
        guard t.unicodeScalars.contains(where: { $0.properties.numericType != nil }),
            t.unicodeScalars.contains(where: { "-—–－·•/页Pp".unicodeScalars.contains($0) })
        else { return false }
        let patterns = [
            "^[-—–－·•]+ *[0-9]{1,4} *[-—–－·•]+$",
            "^第 *[0-9]{1,4} *页( *[,，/]? *共 *[0-9]{1,4} *页)?$",
            "^共 *[0-9]{1,4} *页 *第 *[0-9]{1,4} *页$",
            "^[0-9]{1,4} */ *[0-9]{1,4}$",
            "^[Pp]age *[0-9]{1,4}( *of *[0-9]{1,4})?$",
        ]
        return patterns.contains { t.range(of: $0, options: .regularExpression) != nil }
    }

    /// When an HTML table starts at line `start` (a line that starts with markup and opens a
    /// `<table>`), the line where it ends: where every table it opened is closed, or the last line.
    static func htmlTableEnd(_ lines: [String], from start: Int) -> Int? {
        let first = lines[start].drop { $0 == " " || $0 == "\t" }
        guard first.hasPrefix("<"), first.range(of: "<table", options: .caseInsensitive) != nil else { return nil }
        var depth = 0
        for i in start..<lines.count {
            let line = lines[i].lowercased()
            depth += line.components(separatedBy: "<table").count - 1
            depth -= line.components(separatedBy: "</table").count - 1
            if depth <= 0 { return i }
        }
        return lines.count - 1
    }

    /// A line of Markdown outside a table with its `<br>` as line breaks and its comments removed
    /// (pymupdf4llm writes text it read from a picture, a table among it, as
    /// `<!-- Start of picture text -->行政处罚 126<br>行政强制 0<br><!-- End of picture text -->`).
    static func markdownLineBreaks(_ line: String) -> String {
        guard line.utf8.contains(UInt8(ascii: "<")) else { return line }
        // Comments are cut in one pass (a regular expression would rescan the rest of a hostile
        // line for each unclosed `<!--`).
        var text = ""
        var rest = Substring(line)
        while let open = rest.range(of: "<!--") {
            text += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "-->") else {
                rest = rest[open.lowerBound...]
                break
            }
            rest = rest[close.upperBound...]
        }
        text += rest
        return text.replacingOccurrences(of: "<br\\s*/?>", with: "\n", options: [.regularExpression, .caseInsensitive])
            .split(separator: "\n").map { $0.trimmed }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// A line holding one cell: a tab, then text without further tabs.
    static func isCellLine(_ line: String) -> Bool {
        line.hasPrefix("\t") && !line.dropFirst().contains("\t")
    }

    /// Reads a one-cell-per-line table starting at `start`; returns its rows and the next line.
    static func cellPerLineTable(_ lines: [String], from start: Int) -> ([[String]], Int) {
        var rows: [[String]] = []
        var row: [String] = []
        var i = start
        var previousWasCell = false
        while i < lines.count {
            let line = lines[i]
            if isCellLine(line) {
                row.append(String(line.dropFirst()).trimmed)
                previousWasCell = true
            } else if line.trimmed.isEmpty {
                if !row.isEmpty {
                    rows.append(row)
                    row = []
                }
                previousWasCell = false
                // the table goes on only if a cell line comes before any other text
                var j = i + 1
                while j < lines.count, lines[j].trimmed.isEmpty { j += 1 }
                if j >= lines.count || !isCellLine(lines[j]) {
                    i = j
                    break
                }
            } else if previousWasCell, !line.contains("\t") {
                row[row.count - 1] += "\n" + line.trimmed
            } else {
                break
            }
            i += 1
        }
        if !row.isEmpty { rows.append(row) }
        return (rows, i)
    }

    static func table(_ rows: [[String]], limits: ReadLimits, repairs: inout SpanResolver.Repairs) -> Table {
        let groups = [SpanResolver.RowGroup(rows: rows.map { $0.map { SpanResolver.SourceCell(text: $0) } })]
        var table = SpanResolver.resolveHTML(groups: groups, limits: limits, repairs: &repairs)
        table.shortRowsMayBeShifted = true
        return table
    }

    static func isPipeRow(_ trimmed: String) -> Bool {
        trimmed.count > 1 && trimmed.hasPrefix("|") && trimmed.hasSuffix("|")
    }

    /// A pipe table's delimiter row (`|---|:--:|`).
    static func isDelimiterRow(_ cells: [String]) -> Bool {
        cells.contains { $0.contains("-") } && cells.allSatisfy { $0.allSatisfy { "-: ".contains($0) } }
    }

    static func markdownHeading(_ line: String) -> Block? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return .heading(level: hashes, text: line.dropFirst(hashes).trimmed)
    }

    /// The cells of a Markdown pipe-table line; `<br>` becomes a line break, `\|` a pipe.
    static func pipeCells(_ line: String) -> [String] {
        var body = Substring(line)
        if body.hasPrefix("|") { body = body.dropFirst() }
        if body.hasSuffix("|") && !body.hasSuffix("\\|") { body = body.dropLast() }
        var cells: [String] = []
        var current = ""
        var escaped = false
        for ch in body {
            if escaped {
                if ch != "|" { current.append("\\") }
                current.append(ch)
                escaped = false
                continue
            }
            if ch == "\\" {
                escaped = true
                continue
            }
            if ch == "|" {
                cells.append(current)
                current = ""
                continue
            }
            current.append(ch)
        }
        cells.append(current)
        return cells.map {
            $0.replacingOccurrences(of: "<br\\s*/?>", with: "\n", options: [.regularExpression, .caseInsensitive])
                .split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.trimmed }.joined(separator: "\n")
                .trimmed
        }
    }
}
