import Foundation
import Testing

@testable import NianbaoKit

/// Every input a fuzz target (Scripts/fuzz.sh) ever crashed on, kept in Tests/Fixtures/fuzz/TARGET/,
/// runs through the same pipeline as the fuzzer: it must end converted or with a NianbaoError.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let directory = TestPaths.repository.appendingPathComponent("Tests/Fixtures/fuzz")

    static var crashers: [String] {
        TestPaths.files(under: directory, extensions: nil).map(TestPaths.relative)
    }

    /// The reader a target fuzzes, from its folder name.
    static func format(of path: String) -> InputFormat? {
        if path.contains("/FuzzDOCX/") { return .docx }
        if path.contains("/FuzzHTML/") { return .html }
        if path.contains("/FuzzText/") { return .text }
        return nil
    }

    @Test("a kept crasher runs the whole pipeline without crashing", arguments: crashers)
    func crasherRuns(_ path: String) throws {
        let data = try Data(contentsOf: TestPaths.repository.appendingPathComponent(path))
        if let error = FuzzHarness.run(data, format: Self.format(of: path)) {
            // Refusing is fine, with the one-line error every reader gives.
            #expect(!error.description.contains("\n"), "\(error)")
        }
    }

    @Test("the crashers are there: the folder holds at least the first one found")
    func crashersPresent() {
        #expect(Self.crashers.contains { $0.hasSuffix("crash-rowless-nested-table.html") })
    }

    @Test("a table whose rows hold no cells writes to every format")
    func rowsWithoutCells() throws {
        let table = Table(rowCount: 2, columnCount: 0, cells: [])
        let document = Document(blocks: [.table(table), .paragraph("after")])
        for format in OutputFormat.allCases {
            let data = try Writers.writer(for: format).write(document)
            #expect(!data.isEmpty, "\(format)")
        }
    }
}
