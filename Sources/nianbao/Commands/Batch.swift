import ArgumentParser
import Foundation
import NianbaoKit

/// `nianbao batch`: many documents into one dataset.
struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert files, folders and zip archives of reports into one SQLite dataset, with CSV exports.",
        discussion: """
            Writes OUTDIR/nianbao.sqlite (tables reports, cells, findings), OUTDIR/values.csv (one line per value) and OUTDIR/reports.csv (one line per report). Every document is recorded: a file that fails is recorded with its error and the batch goes on. A re-run skips documents whose sha256 is already recorded (--force redoes them); Ctrl-C stops cleanly, keeping every committed transaction. Exit status: 0 when every document was converted, 1 when some failed, 2 when the batch itself could not run.

            Examples:
              nianbao batch reports/ archive-2024.zip -o dataset
              nianbao batch reports/ -o dataset --emit md,docx --jobs 2
              nianbao batch reports/ -o shard1 --shard 1/4
              nianbao merge all.sqlite shard*/nianbao.sqlite  # after every shard
            """
    )

    @Argument(help: "Files, folders (walked recursively) and .zip archives.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "The output folder.")
    var output: String

    @Option(name: .long, help: "Parallel workers (default: all cores).")
    var jobs: Int?

    @Option(
        name: .long,
        help:
            "Also write each recognised report under OUTDIR/reports/, in these formats: md, docx, html, csv (each as `nianbao convert --to FORMAT` writes it: repaired), json (the document model as read, as `convert --to json`), report (the canonical report, as `nianbao extract`)."
    )
    var emit: String?

    @Option(name: .long, help: "Process only shard I of N (for example 2/8): a fixed share of the inputs, by path.")
    var shard: String?

    @Option(name: .long, help: "Documents per database transaction (also committed every 2 seconds).")
    var commitEvery: Int = 256

    @Flag(name: .long, help: "Redo documents already recorded.")
    var force = false

    @Flag(name: .long, help: "No progress, only the closing summary.")
    var quiet = false

    @Flag(name: .long, help: "Start the CSV exports with a byte-order mark, for Excel.")
    var excel = false

    @OptionGroup var options: InputOptions

    func run() throws {
        var settings = BatchRunner.Options()
        settings.jobs = max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        settings.force = force
        settings.limits = options.limits
        settings.batchSize = max(1, commitEvery)
        if let shard {
            let parts = shard.split(separator: "/").compactMap { Int($0) }
            guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else {
                throw fail(.usage("--shard wants I/N with 1 ≤ I ≤ N, not \(shard)"))
            }
            settings.shard = (parts[0], parts[1])
        }
        if let emit {
            for name in emit.split(separator: ",") {
                guard let format = EmitFormat(name: String(name)) else { throw fail(.usage("--emit: unknown format \(name)")) }
                settings.emit.append(format)
            }
        }
        let library: TemplateLibrary
        let database: BatchDatabase
        let directory = URL(fileURLWithPath: output)
        do {
            library = try options.library()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            database = try BatchDatabase(path: directory.appendingPathComponent("nianbao.sqlite").path)
        } catch let error as NianbaoError {
            throw fail(error)
        } catch {
            throw fail(.io(path: output, reason: "\(error)"))
        }
        let inputs = BatchInputs(paths: self.inputs, limits: settings.limits)
        let total = inputs.count()
        let reporter = ProgressReporter(quiet: quiet)
        let runner = BatchRunner(library: library, database: database, outputDirectory: directory, options: settings) {
            done, total, failed, elapsed in
            reporter.update(done: done, total: total, failed: failed, elapsed: elapsed)
        }
        // Ctrl-C: stop starting documents, finish and commit those under way.
        signal(SIGINT, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupt.setEventHandler { runner.stop() }
        interrupt.resume()
        let summary: BatchRunner.Summary
        do {
            summary = try runner.run(inputs: inputs, total: total)
            try BatchExport.finish(database, library: library, to: directory, excelBOM: excel)
        } catch let error as NianbaoError {
            throw fail(error)
        } catch {
            throw fail(.io(path: output, reason: "\(error)"))
        }
        reporter.finish()
        print(Self.describe(summary, output: directory.path))
        if summary.interrupted { throw ExitCode(130) }
        if summary.failed > 0 { throw ExitCode(1) }
    }

    static func describe(_ s: BatchRunner.Summary, output: String) -> String {
        var lines: [String] = []
        let rate = s.seconds > 0 ? Double(s.processed) / s.seconds : 0
        lines.append(
            String(format: "%@%d documents in %.1f s (%.0f/s): ", s.interrupted ? "interrupted: " : "", s.processed, s.seconds, rate)
                + BatchResult.Status.allCases.map { "\($0.rawValue) \(s.byStatus[$0.rawValue] ?? 0)" }.joined(separator: ", ")
                + (s.skipped > 0 ? ", skipped (already recorded) \(s.skipped)" : ""))
        if !s.byFormat.isEmpty {
            lines.append("formats: " + s.byFormat.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        if !s.findings.isEmpty {
            lines.append("most common findings:")
            for (code, n) in s.findings.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).prefix(10) { lines.append("  \(n)\t\(code)") }
        }
        if !s.slowest.isEmpty {
            lines.append("slowest:")
            for (source, ms) in s.slowest.prefix(5) { lines.append(String(format: "  %.0f ms\t%@", ms, source)) }
        }
        if !s.failures.isEmpty {
            lines.append("failed:")
            for (_, error) in s.failures.prefix(20) { lines.append("  \(error)") }
            if s.failures.count > 20 { lines.append("  … and \(s.failures.count - 20) more (see the reports table)") }
        }
        lines.append("dataset: \(output)/nianbao.sqlite, \(output)/values.csv, \(output)/reports.csv")
        return lines.joined(separator: "\n")
    }
}

/// Progress on standard error: a live line on a terminal, plain log lines otherwise. Updated from
/// the batch's writer queue, finished from the main thread.
final class ProgressReporter: @unchecked Sendable {  // `last` (and each line written) is guarded by `lock`
    let quiet: Bool
    let terminal = isatty(STDERR_FILENO) != 0
    private var last = Date.distantPast
    private let lock = NSLock()

    init(quiet: Bool) {
        self.quiet = quiet
    }

    func update(done: Int, total: Int, failed: Int, elapsed: Double) {
        guard !quiet else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(last) >= (terminal ? 0.2 : 5) || done == total else { return }
        last = now
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(max(total - done, 0)) / rate : 0
        let line = String(format: "%d/%d documents, %.0f/s, ETA %.0f s, %d failed", done, total, rate, eta, failed)
        FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[K" + line : line + "\n").utf8))
    }

    func finish() {
        if terminal && !quiet { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
