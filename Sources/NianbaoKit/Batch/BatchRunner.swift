import Foundation

/// Converts an archive of reports into one dataset: reads inputs one at a time, parses them on all
/// cores, and records every document, good or bad, through one database writer in batched
/// transactions. A document whose sha256 is already recorded is skipped (unless `force`), so a
/// re-run or a resumed run adds only what is new.
///
/// `Sendable`: its workers, its writer queue and a signal handler (`stop`) share it; its one
/// changing state, whether a stop was asked for, is under a lock.
public final class BatchRunner: Sendable {
    public struct Options: Sendable {
        public var jobs = ProcessInfo.processInfo.activeProcessorCount
        public var force = false
        /// `(index, count)`: process only the documents whose path hashes to shard `index` (1-based) of `count`.
        public var shard: (index: Int, count: Int)?
        /// What to write of each recognised report under the output folder's `reports/`.
        public var emit: [EmitFormat] = []
        public var limits = ReadLimits()
        /// Documents per transaction.
        public var batchSize = 256
        public init() {}
    }

    /// What the run did, for the closing summary.
    public struct Summary: Sendable {
        public var total = 0
        public var skipped = 0
        public var byStatus: [String: Int] = [:]
        public var byFormat: [String: Int] = [:]
        public var findings: [String: Int] = [:]
        public var slowest: [(source: String, milliseconds: Double)] = []
        public var failures: [(source: String, error: String)] = []
        public var seconds = 0.0
        public var interrupted = false

        public var failed: Int { byStatus[BatchResult.Status.failed.rawValue] ?? 0 }
        public var processed: Int { byStatus.values.reduce(0, +) }
    }

    let converter: Converter
    let database: BatchDatabase
    let outputDirectory: URL
    let options: Options
    /// Called with (done, total, failures, elapsed seconds) as results come in, on the writer's queue.
    public let progress: (@Sendable (Int, Int, Int, Double) -> Void)?
    private let stopRequested = Locked(false)

    public init(
        library: TemplateLibrary, database: BatchDatabase, outputDirectory: URL, options: Options,
        progress: (@Sendable (Int, Int, Int, Double) -> Void)? = nil
    ) {
        converter = Converter(library: library, limits: options.limits)
        self.database = database
        self.outputDirectory = outputDirectory
        self.options = options
        self.progress = progress
    }

    /// Asks the run to stop: no new document is started; those under way are finished and committed.
    public func stop() {
        stopRequested.withLock { $0 = true }
    }

    private var shouldStop: Bool {
        stopRequested.withLock { $0 }
    }

    public func run(inputs: BatchInputs, total: Int) throws -> Summary {
        let start = Date()
        var known = options.force ? Set<String>() : try database.recordedHashes()
        try database.dropBulkIndexes()
        let writer = DispatchQueue(label: "nianbao.batch.writer")
        let recorder = ResultRecorder(database: database, batchSize: options.batchSize, total: total, start: start, progress: progress)
        let work = OperationQueue()
        work.maxConcurrentOperationCount = max(1, options.jobs)
        // Documents under way or waiting for the writer. While the writer commits a transaction of
        // `batchSize` results the workers go on, so there must be room for a whole batch beyond
        // the ones being worked on; memory stays bounded by this count, not by the input size.
        let slots = DispatchSemaphore(value: max(1, options.jobs) * 4 + min(options.batchSize, 1024))

        var archives: [String: ZipArchive] = [:]
        var inBatch = Set<String>()
        for item in inputs {
            if shouldStop {
                writer.sync { recorder.update { $0.interrupted = true } }
                break
            }
            if let shard = options.shard, Self.shard(of: item.source, count: shard.count) != shard.index - 1 { continue }
            let readStart = Date()
            var data = Data()
            var loadError: String?
            do { data = try BatchInputs.load(item, limits: options.limits, archives: &archives) } catch let error as NianbaoError {
                loadError = error.description
            } catch {
                loadError = "\(item.source): \(error)"
            }
            let sha = loadError == nil ? Self.sha256(data) : Self.sha256(Data(item.source.utf8))
            if known.contains(sha) {
                writer.sync { recorder.update { $0.skipped += 1 } }
                continue
            }
            let duplicate = inBatch.contains(sha)
            inBatch.insert(sha)
            let readMilliseconds = Date().timeIntervalSince(readStart) * 1000
            if let loadError {
                let result = BatchResult(
                    source: item.source, outputPath: item.outputPath, sha256: sha, format: nil, status: .failed,
                    error: loadError, bytes: 0, report: nil, readMilliseconds: readMilliseconds,
                    extractMilliseconds: 0, totalMilliseconds: readMilliseconds)
                writer.async { recorder.record(result) }
                continue
            }
            if duplicate {
                let result = BatchResult(
                    source: item.source, outputPath: item.outputPath, sha256: sha, format: InputFormat.sniff(data, name: item.source).rawValue,
                    status: .duplicate, error: nil, bytes: data.count, report: nil, readMilliseconds: readMilliseconds,
                    extractMilliseconds: 0, totalMilliseconds: readMilliseconds)
                writer.async { recorder.record(result) }
                continue
            }
            slots.wait()
            let payload = data
            work.addOperation { [self] in
                let result = self.process(item, data: payload, sha256: sha, readMilliseconds: readMilliseconds)
                // The slot is freed once the writer has the result: results never pile up in memory.
                writer.async {
                    recorder.record(result)
                    slots.signal()
                }
            }
        }
        work.waitUntilAllOperationsAreFinished()
        let (ending, writeError) = writer.sync { recorder.finish() }
        known.removeAll()
        if let writeError { throw writeError }
        var summary = ending
        summary.seconds = Date().timeIntervalSince(start)
        summary.slowest = Array(summary.slowest.sorted { $0.1 > $1.1 }.prefix(10))
        return summary
    }

    /// Reads, recognises and (if asked) writes one document; never throws: failures are results.
    func process(_ item: BatchItem, data: Data, sha256: String, readMilliseconds: Double) -> BatchResult {
        let start = Date()
        let format = InputFormat.sniff(data, name: item.source)
        var result = BatchResult(
            source: item.source, outputPath: item.outputPath, sha256: sha256, format: format.rawValue,
            status: .failed, error: nil, bytes: data.count, report: nil, readMilliseconds: readMilliseconds,
            extractMilliseconds: 0, totalMilliseconds: 0)
        do {
            let conversion = try converter.read(data: data, path: item.source, format: format)
            let parsed = Date()
            let report = conversion.report
            result.extractMilliseconds = Date().timeIntervalSince(parsed) * 1000
            let recognised = conversion.isRecognisedReport
            result.status = recognised ? .ok : .notReport
            result.report = recognised ? report : nil
            if recognised, !options.emit.isEmpty { try emit(conversion, for: item) }
        } catch let error as NianbaoError {
            result.status = .failed
            result.error = error.description
        } catch {
            result.status = .failed
            result.error = "\(item.source): \(error)"
        }
        result.totalMilliseconds = readMilliseconds + Date().timeIntervalSince(start) * 1000
        return result
    }

    /// Writes each `--emit` output of a recognised report, mirroring the input tree: a document
    /// format exactly as `nianbao convert --to FORMAT` writes it, `report` as `nianbao extract` does.
    func emit(_ conversion: ConversionResult, for item: BatchItem) throws {
        for format in options.emit {
            let data: Data
            switch format {
            case .document(let output): data = try conversion.documentOutput(output)
            case .report: data = conversion.reportOutput(.json)
            }
            let target = outputDirectory.appendingPathComponent("reports").appendingPathComponent(item.outputPath + "." + format.fileExtension)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(data, to: target.path)
        }
    }

    static func sha256(_ data: Data) -> String {
        SHA256Digest.hex(of: data)
    }

    /// A stable shard number (FNV-1a of the source path), the same on every machine.
    public static func shard(of source: String, count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in source.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(hash % UInt64(max(count, 1)))
    }
}

/// One output `batch --emit` writes per recognised report.
public enum EmitFormat: Hashable, Sendable {
    /// What `nianbao convert --to FORMAT` writes (`json`: the document model as read).
    case document(OutputFormat)
    /// What `nianbao extract` writes: the canonical report as JSON.
    case report

    /// `md`, `docx`, `html`, `csv`, `json` or `report`.
    public init?(name: String) {
        if name == "report" { self = .report } else if let format = OutputFormat(rawValue: name) { self = .document(format) } else { return nil }
    }

    /// The extension after the input's own name: `report.docx.md`, `report.docx.report.json`.
    public var fileExtension: String {
        switch self {
        case .document(let format): return format.rawValue
        case .report: return "report.json"
        }
    }
}

/// The writer's side of a batch: results waiting for their transaction and the running summary.
/// Called only on the batch's serial writer queue, so that transactions are committed one at a time
/// and in order; its state is under a lock all the same, which is what lets the workers share it.
private final class ResultRecorder: Sendable {
    private struct State {
        var summary = BatchRunner.Summary()
        var pending: [BatchResult] = []
        var done = 0
        var lastFlush = Date()
        var writeError: (any Error)?
    }

    let database: BatchDatabase
    let batchSize: Int
    let total: Int
    let start: Date
    let progress: (@Sendable (Int, Int, Int, Double) -> Void)?
    private let state: Locked<State>

    init(database: BatchDatabase, batchSize: Int, total: Int, start: Date, progress: (@Sendable (Int, Int, Int, Double) -> Void)?) {
        self.database = database
        self.batchSize = batchSize
        self.total = total
        self.start = start
        self.progress = progress
        var state = State()
        state.summary.total = total
        self.state = Locked(state)
    }

    func record(_ result: BatchResult) {
        let (done, failed) = state.withLock { state in
            state.pending.append(result)
            state.done += 1
            state.summary.byStatus[result.status.rawValue, default: 0] += 1
            state.summary.byFormat[result.format ?? "unknown", default: 0] += 1
            if result.status == .failed { state.summary.failures.append((result.source, result.error ?? "")) }
            for f in result.report?.findings ?? [] where result.status == .ok {
                state.summary.findings["\(f.severity.rawValue) \(f.code)", default: 0] += 1
            }
            state.summary.slowest.append((result.source, result.totalMilliseconds))
            if state.summary.slowest.count > 40 { state.summary.slowest = Array(state.summary.slowest.sorted { $0.1 > $1.1 }.prefix(10)) }
            if state.pending.count >= batchSize || Date().timeIntervalSince(state.lastFlush) >= 2 { flush(&state) }
            return (state.done + state.summary.skipped, state.summary.failed)
        }
        progress?(done, total, failed, Date().timeIntervalSince(start))
    }

    /// Changes the running summary (a document skipped, the run interrupted).
    func update(_ change: (inout BatchRunner.Summary) -> Void) {
        state.withLock { change(&$0.summary) }
    }

    /// Commits what is waiting; the summary and the first write error, if any.
    func finish() -> (BatchRunner.Summary, (any Error)?) {
        state.withLock { state in
            flush(&state)
            return (state.summary, state.writeError)
        }
    }

    /// Commits the waiting results in one transaction (nothing more once a write has failed).
    private func flush(_ state: inout State) {
        state.lastFlush = Date()
        guard !state.pending.isEmpty, state.writeError == nil else { return }
        do { try database.insert(state.pending) } catch { state.writeError = error }
        state.pending.removeAll(keepingCapacity: true)
    }
}
