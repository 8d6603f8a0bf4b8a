import Foundation
import NianbaoKit

/// Converts the given files to Markdown over and over, in process, and prints documents per second.
/// Usage: nianbao-bench [--seconds S] FILE...
/// Each document is read from disk, parsed and written to Markdown on every pass, as `nianbao convert` does.
var arguments = Array(CommandLine.arguments.dropFirst())
var seconds = 3.0
if let i = arguments.firstIndex(of: "--seconds"), i + 1 < arguments.count {
    seconds = Double(arguments[i + 1]) ?? seconds
    arguments.removeSubrange(i...(i + 1))
}
guard !arguments.isEmpty else {
    FileHandle.standardError.write(Data("usage: nianbao-bench [--seconds S] FILE...\n".utf8))
    exit(2)
}
let reader = DocumentReader()
let writer = MarkdownWriter()
var documents = 0
var bytes = 0
let start = Date()
while Date().timeIntervalSince(start) < seconds {
    for path in arguments {
        let data = try DocumentReader.load(path)
        let document = try reader.read(data: data, path: path)
        bytes += try writer.write(document).count
        documents += 1
    }
}
let elapsed = Date().timeIntervalSince(start)
print(String(format: "nianbao: %d documents in %.2f s = %.1f documents/s (%d bytes of Markdown)", documents, elapsed, Double(documents) / elapsed, bytes))
