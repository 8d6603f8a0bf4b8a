import Foundation
import Testing
@testable import NianbaoKit

/// Where the repository's samples and fixtures are, found from this file's location.
enum TestPaths {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let samples = repository.appendingPathComponent("Samples")
    static let badFixtures = repository.appendingPathComponent("Tests/Fixtures/bad")
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
        let la = a.components(separatedBy: "\n"), lb = b.components(separatedBy: "\n")
        for i in 0..<max(la.count, lb.count) {
            let x = i < la.count ? la[i] : "<end>", y = i < lb.count ? lb[i] : "<end>"
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
