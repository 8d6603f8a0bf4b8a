import Foundation
import GRDB
import Testing

/// `nianbao batch` and `nianbao merge` over real folders and archives.
@Suite("nianbao batch", .serialized)
struct BatchCommandTests {
    static let fixtures = CLI.repository.appendingPathComponent("Tests/Fixtures")

    /// The input of the fixture `Tests/Fixtures/<area>/<name>/`.
    static func input(_ area: String, _ name: String, _ ext: String) -> URL {
        fixtures.appendingPathComponent("\(area)/\(name)/input.\(ext)")
    }

    /// A folder of inputs: good reports (text, DOCX, HTML), a zip archive with a folder inside, a
    /// broken zip, a non-report, a truncated report and a duplicate.
    static func makeInputs(in dir: URL) throws -> URL {
        let fm = FileManager.default
        let inputs = dir.appendingPathComponent("inputs")
        try fm.createDirectory(at: inputs.appendingPathComponent("sub"), withIntermediateDirectories: true)
        for name in ["002_f13d2195483ea46f", "003_ba2cf0abdb691150", "000_1d8cdb0a9baf0581"] {
            try fm.copyItem(at: input("seeds", name, "txt"), to: inputs.appendingPathComponent(name + ".txt"))
        }
        try fm.copyItem(at: input("reports", "report_2021-docx", "docx"), to: inputs.appendingPathComponent("sub/report.docx"))
        try fm.copyItem(at: input("reports", "report_2021-docx", "docx"), to: inputs.appendingPathComponent("sub/copy-of-report.docx"))
        try fm.copyItem(at: input("html", "colspan_simple", "html"), to: inputs.appendingPathComponent("not-a-report.html"))
        try Data([0x50, 0x4B, 0x03, 0x04, 9, 9, 9]).write(to: inputs.appendingPathComponent("broken.zip"))
        // A real zip archive holding a folder with two reports.
        let staging = dir.appendingPathComponent("staging/year2024")
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        try fm.copyItem(at: input("reports", "report_2019-html", "html"), to: staging.appendingPathComponent("a.html"))
        try fm.copyItem(at: input("reports", "report_2021_gbk-html", "html"), to: staging.appendingPathComponent("b.html"))
        let zip = Process()
        zip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        zip.arguments = [
            "python3", "-c", "import shutil,sys; shutil.make_archive(sys.argv[1], 'zip', sys.argv[2])",
            inputs.appendingPathComponent("archive").path, dir.appendingPathComponent("staging").path,
        ]
        try zip.run()
        zip.waitUntilExit()
        return inputs
    }

    static func rows(_ database: URL, _ sql: String) throws -> [[String]] {
        let queue = try DatabaseQueue(path: database.path)
        return try queue.read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                row.databaseValues.map { value -> String in
                    switch value.storage {
                    case .null: return "NULL"
                    case .int64(let i): return String(i)
                    case .double(let d): return String(d)
                    case .string(let s): return s
                    case .blob(let b): return "blob \(b.count)"
                    }
                }
            }
        }
    }

    @Test("a batch over the whole bad corpus mixed with good files converts every good file and records every bad one with its error")
    func badCorpusBatch() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        let inputs = dir.appendingPathComponent("inputs")
        try fm.copyItem(at: CLI.repository.appendingPathComponent("Tests/Fixtures/bad"), to: inputs)
        let bad = try fm.contentsOfDirectory(atPath: inputs.path).sorted()
        let good = [
            ("reports", "report_2021-docx", "report_2021.docx"), ("reports", "report_2019-html", "report_2019.html"),
            ("seeds", "002_f13d2195483ea46f", "002_f13d2195483ea46f.txt"),
        ]
        for (area, name, file) in good {
            let ext = (file as NSString).pathExtension
            try fm.copyItem(at: Self.input(area, name, ext), to: inputs.appendingPathComponent("good-" + file))
        }
        let out = dir.appendingPathComponent("out")
        let r = try CLI.run(["batch", inputs.path, "-o", out.path, "--quiet"])
        #expect(r.status == 1, "bad files fail, so the exit status is 1: \(r.stderr)")
        let db = out.appendingPathComponent("nianbao.sqlite")
        let recorded = try Self.rows(db, "SELECT source, status, COALESCE(error, '') FROM reports ORDER BY source")
        #expect(recorded.count == bad.count + good.count)
        for row in recorded {
            let name = (row[0] as NSString).lastPathComponent
            if name.hasPrefix("good-") {
                #expect(row[1] == "ok", "\(row)")
            } else {
                // not_report would be a silent pass; a bad file is failed with its reason, naming it.
                #expect(row[1] == "failed" && row[2].contains(name) && !row[2].isEmpty, "\(row)")
            }
        }
    }

    @Test("a batch records every document with the right status, carries on past failures, and a re-run adds nothing")
    func batchRecordsEverything() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = try Self.makeInputs(in: dir)
        let out = dir.appendingPathComponent("out")
        let r = try CLI.run(["batch", inputs.path, "-o", out.path, "--emit", "md,docx", "--quiet"])
        #expect(r.status == 1, "one document fails, so the exit status is 1: \(r.stderr)")
        #expect(r.text.contains("9 documents"))
        #expect(r.text.contains("ok 6, not_report 1, failed 1, duplicate 1"))
        #expect(r.text.contains("broken.zip: not a readable zip archive"))
        let db = out.appendingPathComponent("nianbao.sqlite")
        // The indexes dropped for the bulk load are back.
        let indexes = try Self.rows(db, "SELECT name FROM sqlite_master WHERE type = 'index'").map { $0[0] }
        #expect(Set(["cells_by_id", "findings_code", "findings_report", "reports_sha256"]).isSubset(of: Set(indexes)))
        let statuses = try Self.rows(db, "SELECT status, COUNT(*) FROM reports GROUP BY status ORDER BY status")
        #expect(statuses.map { $0.joined(separator: "=") } == ["duplicate=1", "failed=1", "not_report=1", "ok=6"])
        let archived = try Self.rows(db, "SELECT source, template FROM reports WHERE source LIKE '%archive.zip:%' ORDER BY source")
        #expect(archived.count == 2 && archived[0][0].hasSuffix("archive.zip:year2024/a.html") && archived[0][1] == "2019")
        // Seed 002's inferred value, and seed 000's truncated rows (inferred 0: nothing came in), in the database.
        #expect(
            try Self.rows(
                db,
                """
                SELECT c.value, c.status FROM cells c JOIN reports r ON r.id = c.report_id
                WHERE r.source LIKE '%002_f13d2195483ea46f.txt' AND c."table" = 'applications' AND c.row = 'new_received' AND c.col = 'natural_person'
                """) == [["1.0", "inferred"]])
        #expect(
            try Self.rows(
                db,
                """
                SELECT COUNT(*) FROM cells c JOIN reports r ON r.id = c.report_id
                WHERE r.source LIKE '%000_1d8cdb0a9baf0581.txt' AND c."table" = 'applications' AND c.status = 'inferred' AND c.value = 0
                """) == [["56"]])
        // Four 2021 reports of 200 values, two with the 2019 applications table (186 values).
        #expect(try Self.rows(db, "SELECT COUNT(*) FROM cells") == [["\(4 * 200 + 2 * 186)"]])
        // Exports and emitted reports.
        let values = try String(contentsOf: out.appendingPathComponent("values.csv"), encoding: .utf8)
        #expect(values.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 1 + 4 * 200 + 2 * 186)
        let reports = try String(contentsOf: out.appendingPathComponent("reports.csv"), encoding: .utf8)
        #expect(reports.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 7)
        let emitted = ["report.docx", "copy-of-report.docx"].filter {
            FileManager.default.fileExists(atPath: out.appendingPathComponent("reports/inputs/sub/\($0).docx").path)
        }
        #expect(emitted.count == 1, "the report and its duplicate: one is converted, the other recorded as a duplicate")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("reports/archive.zip/year2024/a.html.md").path))
        // Again: everything is already recorded.
        let again = try CLI.run(["batch", inputs.path, "-o", out.path, "--quiet"])
        #expect(again.status == 0)
        #expect(again.text.contains("skipped (already recorded) 9"))
        #expect(try Self.rows(db, "SELECT COUNT(*) FROM reports") == [["9"]])
    }

    @Test("each --emit output is what convert --to FORMAT writes (json: the document model), and report is what extract writes")
    func emitMeansWhatConvertWrites() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let input = inputs.appendingPathComponent("seed002.txt")
        try FileManager.default.copyItem(at: Self.input("seeds", "002_f13d2195483ea46f", "txt"), to: input)
        let out = dir.appendingPathComponent("out")
        let r = try CLI.run(["batch", input.path, "-o", out.path, "--emit", "md,json,csv,html,report", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let emitted = out.appendingPathComponent("reports/seed002.txt")
        for format in ["md", "json", "csv", "html"] {
            let converted = try CLI.run(["convert", input.path, "--to", format])
            let written = try Data(contentsOf: URL(fileURLWithPath: emitted.path + "." + format))
            #expect(written == converted.stdout, "batch --emit \(format) differs from convert --to \(format)")
        }
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: emitted.path + ".json"))) as? [String: Any]
        #expect(document?["blocks"] != nil, "json is the document model as read")
        let extracted = try CLI.run(["extract", input.path])
        #expect(try Data(contentsOf: URL(fileURLWithPath: emitted.path + ".report.json")) == extracted.stdout)
        let unknown = try CLI.run(["batch", input.path, "-o", out.path, "--emit", "pdf"])
        #expect(unknown.status == 2 && unknown.stderr == "nianbao: --emit: unknown format pdf\n", "\(unknown.stderr)")
    }

    @Test("a batch killed in the middle resumes to the same database as an uninterrupted one")
    func killedBatchResumes() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("many")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let seed = try String(contentsOf: Self.input("seeds", "002_f13d2195483ea46f", "txt"), encoding: .utf8)
        for i in 0..<240 {  // different bytes each: a different agency name
            try Data(seed.replacingOccurrences(of: "大封镇", with: "大封\(i)镇").utf8).write(to: inputs.appendingPathComponent("r\(i).md"))
        }
        let whole = dir.appendingPathComponent("whole")
        _ = try CLI.run(["batch", inputs.path, "-o", whole.path, "--quiet"])
        // Start, kill hard once some transactions are committed, then run again.
        let resumed = dir.appendingPathComponent("resumed")
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["batch", inputs.path, "-o", resumed.path, "--quiet", "--jobs", "1", "--commit-every", "5"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let db = resumed.appendingPathComponent("nianbao.sqlite")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, p.isRunning {
            // (Opening the database before the batch makes it would make an empty file of it.)
            if FileManager.default.fileExists(atPath: db.path),
                let n = try? Self.rows(db, "SELECT COUNT(*) FROM reports").first?.first, let count = Int(n), count > 0
            {
                break
            }
            usleep(20_000)
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let partial = Int(try Self.rows(db, "SELECT COUNT(*) FROM reports")[0][0]) ?? -1
        #expect(partial > 0 && partial < 240, "killed after \(partial) documents")
        let again = try CLI.run(["batch", inputs.path, "-o", resumed.path, "--quiet"])
        #expect(again.status == 0)
        let query = """
            SELECT r.source, r.status, r.agency, COUNT(c.value), SUM(c.value) FROM reports r LEFT JOIN cells c ON c.report_id = r.id
            GROUP BY r.id ORDER BY r.source
            """
        #expect(try Self.rows(db, query) == Self.rows(whole.appendingPathComponent("nianbao.sqlite"), query))
        #expect(try Self.rows(db, "SELECT COUNT(*) FROM reports") == [["240"]])
    }

    @Test("shards split the inputs, and merge puts them back together")
    func shardsAndMerge() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = try Self.makeInputs(in: dir)
        var shardDatabases: [String] = []
        for i in 1...3 {
            let out = dir.appendingPathComponent("shard\(i)")
            _ = try CLI.run(["batch", inputs.path, "-o", out.path, "--shard", "\(i)/3", "--quiet"])
            shardDatabases.append(out.appendingPathComponent("nianbao.sqlite").path)
        }
        let merged = dir.appendingPathComponent("all/nianbao.sqlite")
        let r = try CLI.run(["merge", merged.path] + shardDatabases)
        #expect(r.status == 0, "\(r.stderr)")
        let whole = dir.appendingPathComponent("whole")
        _ = try CLI.run(["batch", inputs.path, "-o", whole.path, "--quiet"])
        // A report and its copy land in different shards: the merge keeps one of the two (by sha256).
        let query = "SELECT sha256, status, template FROM reports WHERE status != 'duplicate' ORDER BY sha256"
        #expect(try Self.rows(merged, query) == Self.rows(whole.appendingPathComponent("nianbao.sqlite"), query))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("all/reports.csv").path))
    }
}
