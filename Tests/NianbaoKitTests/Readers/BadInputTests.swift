import Foundation
import Testing

@testable import NianbaoKit

@Suite("Bad input")
struct BadInputTests {
    static let cases: [(file: String, reason: String)] = [
        ("truncated.docx", "not a readable zip archive"),
        ("no-main-part.docx", "missing part word/document.xml"),
        ("malformed-xml.docx", "malformed XML in word/document.xml"),
        ("xxe.docx", "a DTD or entity declaration is not allowed"),
        ("billion-laughs.docx", "a DTD or entity declaration is not allowed"),
        ("not-word.zip", "not a Word document"),
        ("garbage.bin", "binary data"),
        ("unsafe-entry-name.docx", "unsafe entry name ../../evil.txt"),
        ("absolute-entry-name.docx", "unsafe entry name /etc/evil.txt"),
        ("duplicate-entry-name.docx", "duplicate entry name"),
        ("encrypted.docx", "entry word/document.xml is encrypted"),
        ("zip-bomb.docx", "inflates past"),
        ("nested-zip-bomb.docx", "not a Word document"),
        ("overlapping-entries.docx", "the central directory and the entries disagree"),
        ("corrupt-central-directory.docx", "not a readable zip archive"),
        ("quadratic-blowup.docx", "a DTD or entity declaration is not allowed"),
        ("deep-nesting.docx", "Excessive depth"),
        ("deep-nesting.html", "page nests elements deeper than 256 levels"),
        ("empty.docx", "the file is empty"),
    ]

    @Test("every file of the bad corpus has its expected reason here")
    func corpusCovered() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: TestPaths.badFixtures.path)
        #expect(Set(files) == Set(Self.cases.map(\.file)))
    }

    @Test("a broken file gives one error line naming the file and the reason", arguments: cases)
    func brokenFileNamesFileAndReason(_ c: (file: String, reason: String)) throws {
        let path = TestPaths.badFixtures.appendingPathComponent(c.file).path
        do {
            _ = try DocumentReader().read(path: path).document
            Issue.record("\(c.file) was read without an error")
        } catch let error as NianbaoError {
            #expect(error.description.hasPrefix(path + ": "))
            #expect(error.description.contains(c.reason))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("a file that does not exist is an I/O error naming it")
    func missingFile() {
        #expect(throws: NianbaoError.io(path: "/nonexistent/x.docx", reason: "no such file")) {
            try DocumentReader().read(path: "/nonexistent/x.docx").document
        }
    }

    @Test("a zip entry that inflates past its ratio limit is refused")
    func zipBombEntry() throws {
        // 4 MiB of zeros deflates to a few KiB: far over a ratio of 10.
        let data = try Self.zip(entries: ["word/document.xml": Data(count: 4 << 20)])
        var limits = ReadLimits()
        limits.maxCompressionRatio = 10
        let archive = try ZipArchive(data: data, path: "bomb.zip", limits: limits)
        #expect(throws: NianbaoError.self) { try archive.read("word/document.xml") }
    }

    @Test("a lower depth limit refuses a Word part nested deeper than it")
    func depthLimitInWord() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixture.named("reports", "report_2021-docx").input))
        var limits = ReadLimits()
        limits.maxDepth = 4
        #expect(throws: NianbaoError.self) { try DOCXReader(limits: limits).read(data: data, path: "r.docx").document }
        #expect(throws: Never.self) { try DOCXReader().read(data: data, path: "r.docx").document }
    }

    @Test("entries that are each under the entry limit but too large together are refused")
    func totalLimit() throws {
        let data = try Self.zip(entries: ["a.xml": Data(repeating: 0x41, count: 800), "b.xml": Data(repeating: 0x42, count: 800)])
        var limits = ReadLimits()
        limits.maxTotalBytes = 1000
        #expect(throws: NianbaoError.limitExceeded(path: "two.zip", limit: "the entries inflate to 1600 bytes in all (at most 1000)")) {
            try ZipArchive(data: data, path: "two.zip", limits: limits)
        }
        limits.maxTotalBytes = 2000
        let archive = try ZipArchive(data: data, path: "two.zip", limits: limits)
        #expect(try archive.read("a.xml")?.count == 800)
    }

    /// Builds a zip with Python's zipfile (deflated), for tests that need one made on the fly.
    static func zip(entries: [String: Data]) throws -> Data {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nianbao-zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var names: [String] = []
        for (i, (name, data)) in entries.sorted(by: { $0.key < $1.key }).enumerated() {
            try data.write(to: dir.appendingPathComponent("e\(i)"))
            names.append(name)
        }
        let script = """
            import zipfile, sys
            names = sys.argv[2:]
            with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
                for i, n in enumerate(names):
                    z.write('\(dir.path)/e%d' % i, n)
            """
        let out = dir.appendingPathComponent("out.zip")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, out.path] + names
        try p.run()
        p.waitUntilExit()
        return try Data(contentsOf: out)
    }
}
