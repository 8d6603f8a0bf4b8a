import Foundation
import GRDB

/// Exports written from the batch database: `values.csv` (long, one line per value) and
/// `reports.csv` (wide, one line per report, one column per value), and merging of shard databases.
public enum BatchExport {
    /// Ends a run: builds the indexes dropped for the bulk load while the CSV exports are written
    /// from a second connection (two cores, one after-run pause). Returns how many reports the
    /// exports hold.
    @discardableResult
    public static func finish(_ database: BatchDatabase, library: TemplateLibrary, to directory: URL, excelBOM: Bool = false) throws -> Int {
        /// The index build's error, written by its thread before the group is left, read after the wait.
        let indexing = Locked<(any Error)?>(nil)
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            do { try database.buildIndexes() } catch { indexing.withLock { $0 = error } }
        }
        let exported = Result { try writeCSV(from: BatchDatabase(readingAt: database.path), library: library, to: directory, excelBOM: excelBOM) }
        group.wait()
        if let error = indexing.withLock({ $0 }) { throw error }
        return try exported.get()
    }

    /// Writes both CSV files into `directory`; returns how many reports they hold.
    @discardableResult
    public static func writeCSV(from database: BatchDatabase, library: TemplateLibrary, to directory: URL, excelBOM: Bool = false) throws -> Int {
        let columns = ReportCSVWriter.wideColumns(library)
        var columnIndex: [String: [String: [String: Int]]] = [:]  // table → row → col → wide column
        for (i, (table, row, col)) in columns.enumerated() { columnIndex[table, default: [:]][row, default: [:]][col] = i }
        let long = try StreamedFile(directory.appendingPathComponent("values.csv"))
        let wide = try StreamedFile(directory.appendingPathComponent("reports.csv"))
        if excelBOM {
            long.write("\u{FEFF}")
            wide.write("\u{FEFF}")
        }
        long.write(CSV.line(ReportCSVWriter.header))
        wide.write(CSV.line(["source", "agency", "year", "template"] + columns.map { "\($0.0).\($0.1).\($0.2)" }))
        var count = 0
        do {
            try database.queue.read { db in
                let reports = try Row.fetchCursor(db, sql: "SELECT id, source, agency, year, template FROM reports WHERE status = 'ok' ORDER BY id")
                let cellStatement = try db.makeStatement(sql: #"SELECT "table", row, col, value, status FROM cells WHERE report_id = ?"#)
                var values = [String](repeating: "", count: columns.count)
                var lines = [String?](repeating: nil, count: columns.count)
                while let report = try reports.next() {
                    count += 1
                    let id: Int64 = report[0]
                    let head: [String] = [report[1], report[2] ?? "", (report[3] as Int?).map(String.init) ?? "", report[4] ?? ""]
                    // The report's own fields, escaped once for all its lines.
                    let prefix = head.map(CSV.field).joined(separator: ",") + ","
                    for i in values.indices {
                        values[i] = ""
                        lines[i] = nil
                    }
                    let cells = try Row.fetchCursor(cellStatement, arguments: [id])
                    while let cell = try cells.next() {
                        let table: String = cell[0]
                        let row: String = cell[1]
                        let col: String = cell[2]
                        guard let i = columnIndex[table]?[row]?[col] else { continue }
                        let value = (cell[3] as Double?).map(OrderedJSON.format) ?? ""
                        values[i] = value
                        let status: String = cell[4]
                        var line = prefix
                        line += CSV.field(table) + "," + CSV.field(row) + "," + CSV.field(col)
                        line += "," + value + "," + CSV.field(status) + "\r\n"
                        lines[i] = line
                    }
                    var text = ""
                    for line in lines where line != nil { text += line! }
                    long.write(text)
                    wide.write(CSV.line(head + values))
                }
            }
            try long.commit()
            try wide.commit()
        } catch {
            long.discard()
            wide.discard()
            throw error
        }
        return count
    }

    /// Copies the reports of shard databases into `target`, skipping documents (by sha256) it already has.
    /// Returns how many reports were added.
    public static func merge(_ shards: [String], into target: BatchDatabase) throws -> Int {
        var added = 0
        for path in shards {
            guard FileManager.default.fileExists(atPath: path) else { throw NianbaoError.io(path: path, reason: "no such database") }
            let shard = try BatchDatabase(path: path)
            let known = try target.recordedHashes()
            try shard.queue.read { source in
                let reports = try Row.fetchAll(source, sql: "SELECT * FROM reports ORDER BY id")
                try target.queue.write { db in
                    for report in reports where !known.contains(report["sha256"] as String) {
                        try db.execute(
                            sql: """
                                INSERT INTO reports (source, sha256, format, template, agency, year, published, status, error, bytes,
                                                     read_ms, extract_ms, total_ms, created_at)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                                """,
                            arguments: [
                                report["source"], report["sha256"], report["format"], report["template"], report["agency"],
                                report["year"], report["published"], report["status"], report["error"], report["bytes"],
                                report["read_ms"], report["extract_ms"], report["total_ms"], report["created_at"],
                            ])
                        let id = db.lastInsertedRowID
                        let old: Int64 = report["id"]
                        for cell in try Row.fetchAll(
                            source, sql: #"SELECT "table", row, col, value, status FROM cells WHERE report_id = ?"#, arguments: [old])
                        {
                            try db.execute(
                                sql: #"INSERT INTO cells (report_id, "table", row, col, value, status) VALUES (?, ?, ?, ?, ?, ?)"#,
                                arguments: [id, cell["table"], cell["row"], cell["col"], cell["value"], cell["status"]])
                        }
                        for f in try Row.fetchAll(
                            source, sql: #"SELECT severity, code, "table", row, col, message FROM findings WHERE report_id = ?"#, arguments: [old])
                        {
                            try db.execute(
                                sql: #"INSERT INTO findings (report_id, severity, code, "table", row, col, message) VALUES (?, ?, ?, ?, ?, ?, ?)"#,
                                arguments: [id, f["severity"], f["code"], f["table"], f["row"], f["col"], f["message"]])
                        }
                        added += 1
                    }
                }
            }
        }
        return added
    }
}

/// A file written piece by piece to a temporary file beside it and renamed into place at the end,
/// so that a large export never sits in memory and a failure leaves the old file or none.
final class StreamedFile {
    let target: URL
    let temporary: URL
    private let handle: FileHandle
    private var buffer = Data()

    init(_ target: URL) throws {
        self.target = target
        temporary = target.deletingLastPathComponent().appendingPathComponent(
            ".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary.path)
        else {
            throw NianbaoError.io(path: target.path, reason: "cannot write")
        }
        self.handle = handle
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 {
            handle.write(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    func commit() throws {
        handle.write(buffer)
        buffer = Data()
        try handle.close()
        if rename(temporary.path, target.path) != 0 {
            throw NianbaoError.io(path: target.path, reason: "cannot write: \(String(cString: strerror(errno)))")
        }
    }

    func discard() {
        try? handle.close()
        try? FileManager.default.removeItem(at: temporary)
    }
}
