import Foundation
import Testing

@testable import NianbaoKit

/// Checks that need real outside tools: Python's csv module reads our CSV, and LibreOffice opens the
/// DOCX we write. Skipped, with the reason, where the tool is absent (CI installs both).
@Suite("Outside tools")
struct ExternalCheckTests {
    static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String], timeout: TimeInterval = 300) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: which(tool) ?? tool)
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nianbao-ext-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test(
        "Python's csv module reads the long and wide CSV, and they carry exactly the JSON's values",
        .enabled(if: which("python3") != nil, "python3 is not installed"), arguments: RepairedReportTests.inputs)
    func csvMatchesJSON(_ fixture: Fixture) throws {
        let c = try RepairedReportTests.convert(fixture)
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try ReportJSONWriter().write(c.report).write(to: dir.appendingPathComponent("r.json"))
        try ReportCSVWriter().write([c.report], excelBOM: true).write(to: dir.appendingPathComponent("long.csv"))
        try ReportCSVWriter().writeWide([c.report], library: RepairedReportTests.library).write(to: dir.appendingPathComponent("wide.csv"))
        let script = TestPaths.repository.appendingPathComponent("Tests/Scripts/check_csv.py").path
        let (status, output) = try Self.run("python3", [script] + ["r.json", "long.csv", "wide.csv"].map { dir.appendingPathComponent($0).path })
        #expect(status == 0, "\(output)")
    }

    @Test(
        "LibreOffice opens every DOCX we write, and its PDF shows every row of values",
        .enabled(if: which("soffice") != nil && which("pdftotext") != nil, "LibreOffice (soffice) or pdftotext is not installed"))
    func libreOfficeOpensOurDOCX() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var expectations: [(String, [[String]])] = []
        for (i, fixture) in RepairedReportTests.inputs.enumerated() {
            let c = try RepairedReportTests.convert(fixture)
            let name = "r\(i)"
            try DOCXWriter().write(c.official).write(to: dir.appendingPathComponent(name + ".docx"))
            // Each row of values, in order, as the PDF must show it.
            let rows = c.report.tables.flatMap { table in
                table.spec.rows.map { row in table.spec.columnIDs(forRow: row.id).map { CanonicalLayout.text(table.values[row.id]![$0]!) } }
            }
            expectations.append((name, rows))
        }
        let docs = expectations.map { dir.appendingPathComponent($0.0 + ".docx").path }
        let (status, output) = try Self.run(
            "soffice",
            [
                "-env:UserInstallation=file://\(dir.path)/lo-profile", "--headless",
                "--convert-to", "pdf", "--outdir", dir.path,
            ] + docs)
        #expect(status == 0, "\(output)")
        for (name, rows) in expectations {
            let pdf = dir.appendingPathComponent(name + ".pdf").path
            #expect(FileManager.default.fileExists(atPath: pdf), "LibreOffice made no PDF of \(name)")
            let (_, text) = try Self.run("pdftotext", ["-layout", pdf, "-"])
            let squeezed = text.replacingOccurrences(of: "[ \\t]+", with: " ", options: .regularExpression)
            for values in rows where values.count > 1 {
                #expect(squeezed.contains(values.joined(separator: " ")), "\(name): no line shows \(values)")
            }
        }
    }
}
