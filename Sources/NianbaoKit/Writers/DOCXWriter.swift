import Foundation

/// Writes any document as a real Word file (WordprocessingML in a zip made with libzip).
///
/// Headings use the built-in heading styles (with outline levels); tables get a `w:tblGrid`, merged
/// cells as `w:gridSpan` and `w:vMerge` restart/continue, borders, header rows that repeat on every
/// page (`w:tblHeader`), and shading for values marked inferred, missing or conflicting. Fonts: 宋体
/// (SimSun) for Chinese with fallbacks, set in `w:docDefaults`. Elements follow the schema's order.
public struct DOCXWriter: DocumentWriter {
    /// Usable page width in twentieths of a point (A4 with 2.5 cm margins).
    static let pageWidth = 9_070

    public init() {}

    public func write(_ document: Document) throws -> Data {
        var body = ""
        for block in document.blocks { body += Self.block(block) }
        body +=
            #"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1418" w:right="1418" w:bottom="1418" w:left="1418" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>"#
        let documentXML =
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>"#
            + body + "</w:body></w:document>"
        return try ZipWriter.archive([
            ("[Content_Types].xml", Data(Self.contentTypes.utf8)),
            ("_rels/.rels", Data(Self.packageRelationships.utf8)),
            ("word/_rels/document.xml.rels", Data(Self.documentRelationships.utf8)),
            ("word/document.xml", Data(documentXML.utf8)),
            ("word/styles.xml", Data(Self.styles.utf8)),
            ("docProps/core.xml", Data(Self.coreProperties.utf8)),
        ])
    }

    // MARK: - Blocks

    static func block(_ block: Block) -> String {
        switch block {
        case .heading(let level, let text):
            return paragraph(text, style: "Heading\(max(1, min(level, 6)))")
        case .paragraph(let text):
            return paragraph(text, style: nil)
        case .table(let table):
            var out = ""
            if let caption = table.caption, !caption.isEmpty { out += paragraph(caption, style: "Caption") }
            out += self.table(table)
            return out
        }
    }

    /// A paragraph; `\n` becomes a line break and `\t` a tab.
    static func paragraph(_ text: String, style: String?, centered: Bool = false, bold: Bool = false) -> String {
        var properties = ""
        if let style { properties += #"<w:pStyle w:val="\#(style)"/>"# }
        if centered { properties += #"<w:jc w:val="center"/>"# }
        var out = "<w:p>" + (properties.isEmpty ? "" : "<w:pPr>\(properties)</w:pPr>")
        let runProperties = bold ? "<w:rPr><w:b/></w:rPr>" : ""
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() {
            out += "<w:r>\(runProperties)"
            if i > 0 { out += "<w:br/>" }
            let pieces = line.split(separator: "\t", omittingEmptySubsequences: false)
            for (j, piece) in pieces.enumerated() {
                if j > 0 { out += "<w:tab/>" }
                if !piece.isEmpty { out += #"<w:t xml:space="preserve">"# + escape(String(piece)) + "</w:t>" }
            }
            out += "</w:r>"
        }
        return out + "</w:p>"
    }

    // MARK: - Tables

    /// A table as `w:tbl`; a table without slots (rows of no cells) as nothing, since Word needs a
    /// cell in every row.
    static func table(_ table: Table, width: Int = pageWidth) -> String {
        let columns = table.columnCount
        guard columns > 0, table.rowCount > 0 else { return "" }
        let weights = table.columnWeights.flatMap { $0.count == columns ? $0 : nil } ?? Array(repeating: 1, count: columns)
        let totalWeight = max(weights.reduce(0, +), 1)
        let widths = weights.map { max(240, width * $0 / totalWeight) }
        let totalWidth: Int = widths.reduce(0, +)
        let borders: String = ["top", "left", "bottom", "right", "insideH", "insideV"]
            .map { (side: String) -> String in #"<w:\#(side) w:val="single" w:sz="4" w:space="0" w:color="000000"/>"# }.joined()
        let gridColumns: String = widths.map { (w: Int) -> String in #"<w:gridCol w:w="\#(w)"/>"# }.joined()
        var out = "<w:tbl><w:tblPr>"
        out += #"<w:tblStyle w:val="TableGrid"/><w:tblW w:w="\#(totalWidth)" w:type="dxa"/><w:jc w:val="center"/>"#
        out += "<w:tblBorders>\(borders)</w:tblBorders>"
        out += #"<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>"#
        out += #"<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>"#
        out += "</w:tblPr><w:tblGrid>\(gridColumns)</w:tblGrid>"
        let grid = table.grid
        for r in 0..<table.rowCount {
            out += "<w:tr>"
            var rowProperties = "<w:cantSplit/>"
            if r < table.headerRowCount { rowProperties += "<w:tblHeader/>" }
            out += "<w:trPr>\(rowProperties)</w:trPr>"
            var c = 0
            while c < columns {
                guard let index = grid.cellIndex(row: r, column: c) else {
                    c += 1
                    continue
                }
                let cell = table.cells[index]
                let span = cell.columnSpan
                let cellWidth = widths[c..<min(c + span, widths.count)].reduce(0, +)
                var properties = #"<w:tcW w:w="\#(cellWidth)" w:type="dxa"/>"#
                if span > 1 { properties += #"<w:gridSpan w:val="\#(span)"/>"# }
                if cell.row == r && cell.column == c {
                    if cell.rowSpan > 1 { properties += #"<w:vMerge w:val="restart"/>"# }
                    if let fill = shading(cell.mark) { properties += #"<w:shd w:val="clear" w:color="auto" w:fill="\#(fill)"/>"# }
                    properties += #"<w:vAlign w:val="center"/>"#
                    out += "<w:tc><w:tcPr>\(properties)</w:tcPr>"
                    var content = ""
                    let header = cell.isHeader || r < table.headerRowCount
                    content += paragraph(cell.text, style: nil, centered: header || cell.isNumeric, bold: header && !cell.isNumeric)
                    for nested in cell.tables {
                        content += self.table(nested, width: max(cellWidth - 200, 600)) + "<w:p/>"
                    }
                    out += content + "</w:tc>"
                } else if cell.column == c {
                    // A slot under the anchor of a vertical merge: a continuation cell.
                    properties += #"<w:vMerge/><w:vAlign w:val="center"/>"#
                    out += "<w:tc><w:tcPr>\(properties)</w:tcPr><w:p/></w:tc>"
                }
                c += max(1, cell.column == c ? span : 1)
            }
            out += "</w:tr>"
        }
        return out + "</w:tbl>"
    }

    static func shading(_ mark: ValueMark?) -> String? {
        switch mark {
        case .inferred: return "DDEBF7"
        case .missing: return "E7E6E6"
        case .conflicting: return "F8CBAD"
        case nil: return nil
        }
    }

    /// Escapes text for XML content and drops characters XML 1.0 cannot carry.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                let v = scalar.value
                if v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v)
                    || (0x10000...0x10FFFF).contains(v)
                {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    // MARK: - Package parts

    static let contentTypes = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>
        """#

    static let packageRelationships = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>
        """#

    static let documentRelationships = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
        """#

    static let coreProperties = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>nianbao</dc:creator></cp:coreProperties>
        """#

    static let styles: String = {
        func heading(_ level: Int, size: Int) -> String {
            #"<w:style w:type="paragraph" w:styleId="Heading\#(level)"><w:name w:val="heading \#(level)"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/>\#(level == 1 ? #"<w:jc w:val="center"/>"# : "")<w:outlineLvl w:val="\#(level - 1)"/></w:pPr><w:rPr><w:rFonts w:ascii="SimHei" w:eastAsia="黑体" w:hAnsi="SimHei"/><w:b/><w:sz w:val="\#(size)"/><w:szCs w:val="\#(size)"/></w:rPr></w:style>"#
        }
        return #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#
            + #"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:hint="eastAsia"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="300" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>"#
            + #"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#
            + heading(1, size: 36) + heading(2, size: 30) + heading(3, size: 28) + heading(4, size: 24) + heading(5, size: 22) + heading(6, size: 21)
            + #"<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>"#
            + #"<w:style w:type="paragraph" w:styleId="Legend"><w:name w:val="Legend"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>"#
            + #"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#
            + #"<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders></w:tblPr></w:style>"#
            + "</w:styles>"
    }()
}
