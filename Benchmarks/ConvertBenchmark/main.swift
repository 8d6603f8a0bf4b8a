import Foundation
import NianbaoKit

/// Converts the given files to Markdown over and over, in process, and prints documents per second.
/// Usage: nianbao-bench [--seconds S] [--extract] FILE...
/// Each document is read from disk, parsed and written to Markdown on every pass, as `nianbao convert` does.
/// With `--extract` each is instead read and its canonical report extracted, as `nianbao extract`
/// does, and the process's peak memory is printed too (the search of raw reading order is the costly part).
/// With `--floor [--jobs N]` it instead times the least a converter must do (unzip word/document.xml
/// and parse it with libxml2) once over every file, on N threads, for the batch benchmark.
var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--floor" {
    arguments.removeFirst()
    var jobs = 2
    if let i = arguments.firstIndex(of: "--jobs"), i + 1 < arguments.count {
        jobs = Int(arguments[i + 1]) ?? 2
        arguments.removeSubrange(i...(i + 1))
    }
    let files = arguments
    let start = Date()
    let chunk = (files.count + jobs - 1) / max(jobs, 1)
    DispatchQueue.concurrentPerform(iterations: jobs) { j in
        for path in files.dropFirst(j * chunk).prefix(chunk) { _ = try? BenchmarkFloor.parseMainPart(path: path) }
    }
    let elapsed = Date().timeIntervalSince(start)
    print(
        String(
            format: "floor (unzip + libxml2 parse of word/document.xml, %d threads): %d documents in %.2f s = %.1f documents/s",
            jobs, files.count, elapsed, Double(files.count) / elapsed))
    exit(0)
}
var seconds = 3.0
if let i = arguments.firstIndex(of: "--seconds"), i + 1 < arguments.count {
    seconds = Double(arguments[i + 1]) ?? seconds
    arguments.removeSubrange(i...(i + 1))
}
var extract = false
if let i = arguments.firstIndex(of: "--extract") {
    extract = true
    arguments.remove(at: i)
}
guard !arguments.isEmpty else {
    FileHandle.standardError.write(Data("usage: nianbao-bench [--seconds S] [--extract] FILE...\n".utf8))
    exit(2)
}
let converter = try Converter(library: TemplateLibrary.embedded())
let writer = MarkdownWriter()
var documents = 0
var bytes = 0
let start = Date()
while Date().timeIntervalSince(start) < seconds {
    for path in arguments {
        let data = try DocumentReader.load(path)
        let result = try converter.read(data: data, path: path)
        if extract {
            bytes += result.reportOutput(.json).count
        } else {
            bytes += try writer.write(result.document).count
        }
        documents += 1
    }
}
let elapsed = Date().timeIntervalSince(start)
if extract {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    print(
        String(
            format: "nianbao extract: %d documents in %.2f s = %.2f documents/s (%d bytes of JSON), peak memory %d MB",
            documents, elapsed, Double(documents) / elapsed, bytes, usage.ru_maxrss / 1024))
} else {
    print(
        String(
            format: "nianbao: %d documents in %.2f s = %.1f documents/s (%d bytes of Markdown)", documents, elapsed, Double(documents) / elapsed,
            bytes))
}
