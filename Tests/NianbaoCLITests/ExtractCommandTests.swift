import Foundation
import Testing

@Suite("nianbao extract and check")
struct ExtractCommandTests {
    static let seed002 = "Samples/seeds/002_f13d2195483ea46f.txt"

    @Test("extract writes the canonical JSON with every value's status")
    func extractJSON() throws {
        let r = try CLI.run(["extract", Self.seed002])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: r.stdout) as! [String: Any]
        #expect(json["template"] as? String == "2021")
        #expect(json["year"] as? Int == 2024)
        let tables = json["tables"] as! [String: [String: [String: [String: Any]]]]
        let cell = tables["applications"]!["new_received"]!["natural_person"]!
        #expect(cell["value"] as? Int == 1 && cell["status"] as? String == "inferred")
        #expect(tables["applications"]!.count == 25 && tables["review_litigation"]!.count == 3)
    }

    @Test("extract --to csv writes one line per value under the documented header")
    func extractCSV() throws {
        let r = try CLI.run(["extract", Self.seed002, "--to", "csv"])
        #expect(r.status == 0)
        let lines = r.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "source,agency,year,template,table,row,col,value,status")
        #expect(lines.count == 1 + 10 + 175 + 15)
        #expect(lines.contains("\(Self.seed002),武陟县大封镇人民政府,2024,2021,applications,new_received,natural_person,1,inferred"))
    }

    @Test("extract --explain says on standard error how each value came to be, and changes nothing else")
    func explain() throws {
        let plain = try CLI.run(["extract", Self.seed002])
        let r = try CLI.run(["extract", Self.seed002, "--explain"])
        #expect(r.status == 0 && r.stdout == plain.stdout)
        let lines = r.stderr.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.first == ["table", "row", "col", "row_label", "col_label", "value", "status", "how"])
        #expect(lines.count == 1 + 10 + 175 + 15 && lines.allSatisfy { $0.count == 8 })
        // Each status is explained in its own terms: a reading, the rules that fixed it, or why it is missing.
        for line in lines.dropFirst() {
            switch line[6] {
            case "printed": #expect(line[7].hasPrefix("label pairing, ") || line[7].hasPrefix("reading order"), "\(line)")
            case "inferred": #expect(line[7].hasPrefix("inferred: "), "\(line)")
            case "missing": #expect(line[7].hasPrefix("missing: "), "\(line)")
            default: #expect(line[7].contains("breaks") || line[7].contains("impossible"), "\(line)")
            }
        }
        #expect(
            lines.contains([
                "applications", "new_received", "natural_person", "一、本年新收政府信息公开申请数量", "自然人", "1", "inferred",
                "inferred: fixed by applicant_total, balance",
            ]))
    }

    @Test("the built binary carries its templates: it works copied to an empty folder")
    func embeddedSpecs() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("nianbao")
        try FileManager.default.copyItem(at: CLI.binary, to: copy)
        let input = dir.appendingPathComponent("seed.txt")
        try FileManager.default.copyItem(at: CLI.repository.appendingPathComponent(Self.seed002), to: input)
        let p = Process()
        p.executableURL = copy
        p.arguments = ["extract", "seed.txt", "-o", "out.json"]
        p.currentDirectoryURL = dir
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out.json"))) as! [String: Any]
        #expect(json["template"] as? String == "2021")
    }

    @Test("--spec loads other templates at run time")
    func specAtRunTime() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let specs = dir.appendingPathComponent("Specs")
        try FileManager.default.copyItem(at: CLI.repository.appendingPathComponent("Specs"), to: specs)
        // A template set that only knows the 2019 format.
        let only2019 = """
            {"templates": [{"id": "2019", "tables": {"active": "active.2019", "applications": "applications.2019", "review_litigation": "review_litigation"}}]}
            """
        try Data(only2019.utf8).write(to: specs.appendingPathComponent("templates.json"))
        let r = try CLI.run(["extract", Self.seed002, "--spec", specs.path])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: r.stdout) as! [String: Any]
        #expect(json["template"] as? String == "2019")
        #expect(((json["tables"] as! [String: Any])["applications"] as! [String: Any]).count == 23)
        let bad = try CLI.run(["extract", Self.seed002, "--spec", dir.appendingPathComponent("none.json").path])
        #expect(bad.status == 2 && bad.stderr.contains("none.json: no such template file"))
    }

    @Test("check prints one line per finding and exits 1 on an error, 2 on an unreadable file")
    func check() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The review table of seed 002 with its total changed from 1 to 5: a broken rule.
        var text = try String(contentsOf: CLI.repository.appendingPathComponent(Self.seed002), encoding: .utf8)
        text = text.replacingOccurrences(
            of: "| 0         | 1        | 0          | 0        | 1        |", with: "| 0         | 1        | 0          | 0        | 5        |")
        let broken = dir.appendingPathComponent("broken.md")
        try Data(text.utf8).write(to: broken)
        let r = try CLI.run(["check", broken.path])
        #expect(r.status == 1)
        #expect(r.text.contains("\(broken.path): review_litigation/review/-: error: rule group_total fails for row review"))

        let clean = try CLI.run(["check", Self.seed002])
        #expect(clean.status == 0 && clean.text.isEmpty)

        let missing = try CLI.run(["check", "/no/such.docx", Self.seed002])
        #expect(missing.status == 2 && missing.stderr == "nianbao: /no/such.docx: no such file\n")
    }
}
