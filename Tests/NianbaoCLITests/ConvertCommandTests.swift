import Foundation
import Testing

@Suite("nianbao convert")
struct ConvertCommandTests {
    static let page = Data(
        "<html><body><h1>标题</h1><p>段落</p><table><tr><td colspan=2>合并</td></tr><tr><td>1</td><td>2</td></tr></table></body></html>".utf8)

    @Test("reads standard input and writes Markdown to standard output by default")
    func stdinToMarkdown() throws {
        let r = try CLI.run(["convert", "-"], stdin: Self.page)
        #expect(r.status == 0)
        #expect(r.text.hasPrefix("# 标题\n\n段落\n\n<table>\n"))
        #expect(r.text.contains("<td colspan=\"2\">合并</td>"))
    }

    @Test("the output format follows -o's extension when --to is absent")
    func formatFromOutputExtension() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("page.bin")
        try Self.page.write(to: input)
        let out = dir.appendingPathComponent("page.json")
        let r = try CLI.run(["convert", input.path, "-o", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as! [String: Any]
        let blocks = json["blocks"] as! [[String: Any]]
        #expect(blocks.map { $0["type"] as! String } == ["heading", "paragraph", "table"])
        #expect(blocks[2]["rows"] as? Int == 2 && blocks[2]["cols"] as? Int == 2)
    }

    @Test("--tables fill writes a pipe table with the merged text repeated")
    func fillTables() throws {
        let r = try CLI.run(["convert", "-", "--tables", "fill"], stdin: Self.page)
        #expect(r.text.contains("| 合并 | 合并 |\n| --- | --- |\n| 1 | 2 |"))
    }

    @Test("a broken file exits 2 with one line naming the file and the reason, and writes nothing")
    func brokenFile() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.docx")
        try Data([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]).write(to: bad)
        let out = dir.appendingPathComponent("bad.md")
        let r = try CLI.run(["convert", bad.path, "-o", out.path])
        #expect(r.status == 2)
        #expect(r.stderr == "nianbao: \(bad.path): not a readable zip archive: Not a zip archive\n")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["bad.docx"])
    }

    @Test("a missing input exits 2 naming it")
    func missingInput() throws {
        let r = try CLI.run(["convert", "/no/such/file.docx"])
        #expect(r.status == 2)
        #expect(r.stderr == "nianbao: /no/such/file.docx: no such file\n")
    }

    @Test("--help shows usage and examples")
    func help() throws {
        let r = try CLI.run(["convert", "--help"])
        #expect(r.status == 0)
        #expect(r.text.contains("USAGE: nianbao convert [<options>] <input>"))
        for option in ["--output", "--to <to>", "--tables", "--keep-tables", "--csv", "--excel", "--from", "--spec", "--max-ratio", "--max-line-kb"] {
            #expect(r.text.contains("  \(option)") || r.text.contains(", \(option)"), "\(option)")
        }
        #expect(r.text.contains("  nianbao convert report.docx -o report.md\n"))
        #expect(!r.text.split(separator: "\n").contains { $0.count > 80 && !$0.hasPrefix("USAGE") })
    }
}

@Suite("Bad files on the command line")
struct BadFileCommandTests {
    static let files =
        (try? FileManager.default.contentsOfDirectory(atPath: CLI.repository.appendingPathComponent("Tests/Fixtures/bad").path))?.sorted() ?? []

    @Test("convert and extract exit 2 on every bad file with one line naming it, and write nothing", arguments: files)
    func badFile(_ name: String) throws {
        let path = "Tests/Fixtures/bad/\(name)"
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for command in ["convert", "extract"] {
            let out = dir.appendingPathComponent("\(command).out")
            let r = try CLI.run([command, path, "-o", out.path])
            #expect(r.status == 2, "\(command) \(name)")
            #expect(r.stderr.hasPrefix("nianbao: \(path): ") && r.stderr.filter { $0 == "\n" }.count == 1, "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
        #expect(Self.files.count == 19)
    }

    @Test("a single 100 MB line is refused by convert and extract, without output")
    func hundredMegabyteLine() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("one-line.txt")
        try Data(repeating: UInt8(ascii: "x"), count: 100 << 20).write(to: input)
        for command in ["convert", "extract"] {
            let out = dir.appendingPathComponent("\(command).out")
            let r = try CLI.run([command, input.path, "-o", out.path])
            #expect(r.status == 2)
            #expect(r.stderr == "nianbao: \(input.path): limit exceeded: line 1 is 104857600 bytes long (at most 1048576)\n")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }
}

@Suite("Limits on the command line")
struct LimitOptionTests {
    @Test("a lower --max-ratio refuses a report whose parts compress well, naming the limit")
    func ratioLimit() throws {
        let report = "Samples/reports/report_2021.docx"
        #expect(try CLI.run(["extract", report]).status == 0)
        let r = try CLI.run(["extract", report, "--max-ratio", "2"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("nianbao: \(report): limit exceeded: entry "))
    }

    @Test("a lower --max-line-kb refuses text with a longer line")
    func lineLimit() throws {
        let r = try CLI.run(["convert", "-", "--max-line-kb", "1"], stdin: Data(String(repeating: "很长的一行", count: 200).utf8))
        #expect(r.status == 2)
        #expect(r.stderr.contains("limit exceeded: line 1 is 3000 bytes long (at most 1024)"))
    }
}
