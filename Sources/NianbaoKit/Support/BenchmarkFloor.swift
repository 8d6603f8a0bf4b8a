import Foundation

/// The least any DOCX converter must do, for benchmarks: unzip `word/document.xml` and parse it with
/// libxml2, nothing else. Batch throughput is compared with this floor.
package enum BenchmarkFloor {
    /// Reads and parses the main part of one DOCX file; returns its size in bytes.
    @discardableResult
    package static func parseMainPart(path: String) throws -> Int {
        let data = try DocumentReader.load(path)
        let archive = try ZipArchive(data: data, path: path)
        guard let xml = try archive.read("word/document.xml") else { throw NianbaoError.missingPart(path: path, part: "word/document.xml") }
        _ = try MarkupDocument.parseXML(xml, path: path, part: "word/document.xml")
        return xml.count
    }
}
