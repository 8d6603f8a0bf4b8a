import Foundation
import Testing

@testable import NianbaoKit

/// The Word body read in one streamed pass: what is kept, what is dropped, and how tables are built.
@Suite("Reading a Word body")
struct DOCXReaderTests {
    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"

    /// A minimal package: the main part, and a styles part in which `H&1` is a level-2 heading style.
    static func docx(body: String) throws -> Data {
        let rels = """
            <?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
            </Relationships>
            """
        let documentRels = """
            <?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
            </Relationships>
            """
        let styles = """
            <?xml version="1.0"?><w:styles xmlns:w="\(w)"><w:style w:type="paragraph" w:styleId="H&amp;1">\
            <w:name w:val="heading 2"/></w:style></w:styles>
            """
        let document = "<?xml version=\"1.0\"?><w:document xmlns:w=\"\(w)\" xmlns:mc=\"\(mc)\"><w:body>\(body)</w:body></w:document>"
        return try ZipWriter.archive([
            ("_rels/.rels", Data(rels.utf8)), ("word/_rels/document.xml.rels", Data(documentRels.utf8)),
            ("word/styles.xml", Data(styles.utf8)), ("word/document.xml", Data(document.utf8)),
        ])
    }

    static func read(_ body: String) throws -> [Block] {
        try DOCXReader().read(data: docx(body: body), path: "t.docx").document.blocks
    }

    @Test("paragraph text: insertions, field results, entities and the first alternate kept; deletions, instructions and fallbacks dropped")
    func paragraphText() throws {
        let blocks = try Self.read(
            """
            <w:p><w:pPr><w:pStyle w:val="H&amp;1"/></w:pPr><w:r><w:t>标题</w:t></w:r></w:p>\
            <w:p><w:r><w:t xml:space="preserve">A &amp; </w:t></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del>\
            <w:ins><w:r><w:t>&#x4E2D;</w:t></w:r></w:ins><w:r><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t></w:r>\
            <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>7</w:t></w:r>\
            <w:hyperlink><w:r><w:t>link</w:t></w:r></w:hyperlink><w:proofErr/>\
            <mc:AlternateContent><mc:Choice><w:r><w:t>new</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>old</w:t></w:r></mc:Fallback></mc:AlternateContent>\
            <!-- a comment --></w:p>\
            <w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t> 大纲 </w:t></w:r></w:p>\
            <w:p><w:r><w:t>  </w:t></w:r></w:p>\
            <w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>控件</w:t></w:r></w:p></w:sdtContent></w:sdt>\
            <w:sectPr><w:p><w:r><w:t>not body text</w:t></w:r></w:p></w:sectPr>
            """)
        #expect(
            blocks == [
                .heading(level: 2, text: "标题"),
                .paragraph("A & 中\tB\nC7linknew"),
                .heading(level: 1, text: "大纲"),
                .paragraph("控件"),
            ])
    }

    @Test("tables: grid spans, vertical merges, rows inside content controls, deleted rows dropped, nested tables kept in their cell")
    func tables() throws {
        let blocks = try Self.read(
            """
            <w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>\
            <w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc>\
            <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>B</w:t></w:r></w:p><w:p><w:r><w:t>B2</w:t></w:r></w:p></w:tc></w:tr>\
            <w:tr><w:trPr><w:del/></w:trPr><w:tc><w:p><w:r><w:t>deleted</w:t></w:r></w:p></w:tc></w:tr>\
            <w:sdt><w:sdtContent><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>\
            <w:tc><w:p><w:r><w:t>C</w:t></w:r></w:p><w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc><w:p><w:r><w:t>inner</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc>\
            <w:tc><w:p><w:r><w:t>D</w:t></w:r></w:p></w:tc></w:tr></w:sdtContent></w:sdt>\
            </w:tbl><w:p><w:r><w:t>after</w:t></w:r></w:p>
            """)
        try #require(blocks.count == 2)
        guard case .table(let table) = blocks[0] else {
            Issue.record("not a table")
            return
        }
        #expect(SpanResolverTests.dump(table) == ["0,0 2x1 A", "0,1 1x2 B\nB2", "1,1 1x1 C", "1,2 1x1 D"])
        #expect(table.headerRowCount == 1)
        let inner = try #require(table.cells.first { $0.text == "C" }?.tables.first)
        #expect(SpanResolverTests.dump(inner) == ["0,0 1x1 inner"])
        #expect(blocks[1] == .paragraph("after"))
    }

    @Test("a body that is not well-formed is refused whole, naming the part and the line")
    func malformed() throws {
        #expect {
            _ = try Self.read("<w:p><w:r><w:t>text</w:r></w:p>")
        } throws: { error in
            "\(error)".contains("word/document.xml") && "\(error)".contains("line 1")
        }
        #expect(throws: NianbaoError.self) {
            try DOCXReader().read(data: ZipWriter.archive([("word/document.xml", Data("<w:document xmlns:w=\"\(Self.w)\"/>".utf8))]), path: "t.docx")
                .document
        }
    }
}
