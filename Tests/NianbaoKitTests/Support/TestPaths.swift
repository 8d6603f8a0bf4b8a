import Foundation
import Testing

@testable import NianbaoKit

/// Where the repository's samples and fixtures are, found from this file's location.
enum TestPaths {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The few inputs a user would try (`Samples/README.md`); each is also a fixture's input.
    static let samples = repository.appendingPathComponent("Samples")
    static let fixtures = repository.appendingPathComponent("Tests/Fixtures")
    static let badFixtures = fixtures.appendingPathComponent("bad")
    /// `../shared/peers` beside the checkout, present on developer machines and in CI.
    static let peers = repository.deletingLastPathComponent().appendingPathComponent("shared/peers")

    /// Every file under `directory` whose extension is one of `extensions` (nil: every file), sorted.
    static func files(under directory: URL, extensions: Set<String>?) -> [String] {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        var out: [String] = []
        for case let url as URL in walker where extensions?.contains(url.pathExtension.lowercased()) ?? !url.hasDirectoryPath {
            out.append(url.path)
        }
        return out.sorted()
    }

    static func relative(_ path: String) -> String {
        path.hasPrefix(repository.path + "/") ? String(path.dropFirst(repository.path.count + 1)) : path
    }
}

/// A fixture: a folder `Tests/Fixtures/<area>/<case>/` holding its input `input.<ext>` (the extension
/// tells the format, and for extracted text the extractor too: `input.mupdf4llm.md`, `input.pdf-raw.txt`)
/// and what it must give: `expected.md`, `expected.json` (the document as read), `expected.report.json`
/// (the canonical report), `expected.repaired.{md,csv,docx.md}` (the repaired report), `grid.json`,
/// `blocks.json`, `truth.json` (true values), and `case.json` (`Fixture.Info`) as the case needs.
/// Tests find the cases of an area by its folders; nothing lists them by hand.
struct Fixture: Sendable, CustomTestStringConvertible {
    /// `case.json`: what a case says about itself.
    struct Info: Decodable, Sendable {
        /// The source name the report is extracted under (it is in the goldens).
        var source: String?
        /// The case of the same area whose `truth.json` / `grid.json` this case's input must give.
        var truth: String?
        var grid: String?
        /// Exact counts of the truth's values the report reads (not missing), checks, or prints.
        var read: Int?
        var checked: Int?
        var printed: Int?
    }

    let area: String
    let name: String
    /// The path of `input.<ext>`.
    let input: String

    var folder: URL { TestPaths.fixtures.appendingPathComponent(area).appendingPathComponent(name) }
    var testDescription: String { "\(area)/\(name)" }
    /// `input.<ext>`'s extension, everything after `input.` (`docx`, `md-html.txt`, `mupdf4llm.md`).
    var inputExtension: String { String((input as NSString).lastPathComponent.dropFirst("input.".count)) }

    /// The path of a file of this case (whether it is there or not).
    func path(_ file: String) -> String { folder.appendingPathComponent(file).path }
    func exists(_ file: String) -> Bool { FileManager.default.fileExists(atPath: path(file)) }

    var info: Info {
        guard let data = FileManager.default.contents(atPath: path("case.json")) else { return Info() }
        return try! JSONDecoder().decode(Info.self, from: data)
    }

    /// The truth file for this case: its own, or that of the case its `case.json` names.
    var truthPath: String? {
        if exists("truth.json") { return path("truth.json") }
        return info.truth.map { Fixture.named(area, $0).path("truth.json") }
    }
    var truth: [String: Any] {
        get throws {
            let path = try #require(truthPath, "\(testDescription): no truth.json")
            return try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        }
    }
    /// The expected grid for this case: its own, or that of the case its `case.json` names.
    var gridPath: String? {
        if exists("grid.json") { return path("grid.json") }
        return info.grid.map { Fixture.named(area, $0).path("grid.json") }
    }

    /// Every case of an area: each folder holding an `input.*`, sorted by name.
    static func cases(_ area: String) -> [Fixture] {
        let directory = TestPaths.fixtures.appendingPathComponent(area)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().compactMap { name in
            let folder = directory.appendingPathComponent(name)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            let inputs = files.filter { $0.hasPrefix("input.") }
            guard inputs.count == 1 else { return nil }
            return Fixture(area: area, name: name, input: folder.appendingPathComponent(inputs[0]).path)
        }
    }

    /// One case, by name (it must be there).
    static func named(_ area: String, _ name: String) -> Fixture {
        guard let found = cases(area).first(where: { $0.name == name }) else { fatalError("no fixture \(area)/\(name)") }
        return found
    }
}

/// Golden files: compared byte for byte; `NIANBAO_UPDATE_GOLDENS=1` rewrites them (and fails the run,
/// so that the flag is never left on by accident).
enum Golden {
    static var updating: Bool { ProcessInfo.processInfo.environment["NIANBAO_UPDATE_GOLDENS"] == "1" }

    static func check(_ actual: String, golden path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        if updating {
            try? actual.write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("rewrote golden \(TestPaths.relative(path)); run again without NIANBAO_UPDATE_GOLDENS", sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            Issue.record("missing golden \(TestPaths.relative(path)); make it with NIANBAO_UPDATE_GOLDENS=1", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record("\(TestPaths.relative(path)) differs:\n\(firstDifference(expected, actual))", sourceLocation: sourceLocation)
        }
    }

    /// The first differing line of two texts, for a readable failure.
    static func firstDifference(_ a: String, _ b: String) -> String {
        let la = a.components(separatedBy: "\n")
        let lb = b.components(separatedBy: "\n")
        for i in 0..<max(la.count, lb.count) {
            let x = i < la.count ? la[i] : "<end>"
            let y = i < lb.count ? lb[i] : "<end>"
            if x != y { return "line \(i + 1):\n  expected: \(x)\n  actual:   \(y)" }
        }
        return "(same lines, different ending)"
    }
}

/// Checks the grid invariants of every table (and nested table) of a document.
func gridViolations(_ document: Document) -> [String] {
    var out: [String] = []
    for (index, table) in document.allTables.enumerated() {
        let grid = table.grid
        out += grid.violations.map { "table \(index): \($0)" }
        var anchors = Set<Int>()
        for cell in table.cells {
            if !anchors.insert(cell.row * 1_000_000 + cell.column).inserted {
                out.append("table \(index): two cells anchored at (\(cell.row),\(cell.column))")
            }
        }
        let sorted = table.cells.map { ($0.row, $0.column) }
        if !zip(sorted, sorted.dropFirst()).allSatisfy({ $0 < $1 }) { out.append("table \(index): cells not in row order") }
    }
    return out
}
