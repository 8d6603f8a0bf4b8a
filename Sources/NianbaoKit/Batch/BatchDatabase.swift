import Foundation
import GRDB

/// The dataset of a batch: an embedded SQLite database (GRDB) with one row per document in
/// `reports`, one per value in `cells` and one per finding in `findings`.
///
/// **Connect once, write from one place.** All writes go through one `DatabaseQueue`, batched in
/// transactions, so a crash or Ctrl-C leaves exactly the committed transactions.
public final class BatchDatabase: Sendable {
    public let queue: DatabaseQueue
    public let path: String

    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // A batch writes hundreds of thousands of cells: checkpoint the WAL every 32 MB, not 4 MB.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 8192")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try Self.migrator.migrate(queue)
            try buildIndexes()
        } catch let error as DatabaseError {
            throw NianbaoError.io(path: path, reason: "database: \(error.message ?? error.description)")
        }
    }

    /// A second, read-only connection to a batch database (WAL lets it read while the first writes).
    public init(readingAt path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.readonly = true
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw NianbaoError.io(path: path, reason: "database: \(error.message ?? error.description)")
        }
    }

    /// Migrations are registered by name and never changed once shipped.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: reports, cells, findings") { db in
            try db.create(table: "reports") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("source", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("format", .text)
                t.column("template", .text)
                t.column("agency", .text)
                t.column("year", .integer)
                t.column("published", .text)
                t.column("status", .text).notNull()  // ok, not_report, failed, duplicate
                t.column("error", .text)
                t.column("bytes", .integer)
                t.column("read_ms", .double)
                t.column("extract_ms", .double)
                t.column("total_ms", .double)
                t.column("created_at", .text).notNull()
            }
            try db.create(index: "reports_sha256", on: "reports", columns: ["sha256"])
            try db.create(index: "reports_status", on: "reports", columns: ["status"])
            try db.create(index: "reports_agency_year", on: "reports", columns: ["agency", "year"])
            try db.create(table: "cells", options: [.withoutRowID]) { t in
                t.column("report_id", .integer).notNull().references("reports", onDelete: .cascade)
                t.column("table", .text).notNull()
                t.column("row", .text).notNull()
                t.column("col", .text).notNull()
                t.column("value", .double)
                t.column("status", .text).notNull()
                t.primaryKey(["report_id", "table", "row", "col"])
            }
            try db.create(index: "cells_by_id", on: "cells", columns: ["table", "row", "col", "status"])
            try db.create(table: "findings") { t in
                t.column("report_id", .integer).notNull().references("reports", onDelete: .cascade)
                t.column("severity", .text).notNull()
                t.column("code", .text).notNull()
                t.column("table", .text)
                t.column("row", .text)
                t.column("col", .text)
                t.column("message", .text).notNull()
            }
            try db.create(index: "findings_report", on: "findings", columns: ["report_id"])
            try db.create(index: "findings_code", on: "findings", columns: ["code", "severity"])
        }
        return migrator
    }

    /// The secondary indexes of `cells` and `findings`, which a bulk load is faster without: a run
    /// drops them before its first insert, and `BatchExport.finish` builds them again after it, in
    /// one sort each. A run that is killed leaves them absent (queries are slower, nothing is lost);
    /// opening the database again builds them.
    static let bulkIndexes = [
        (name: "cells_by_id", sql: #"CREATE INDEX IF NOT EXISTS cells_by_id ON cells ("table", row, col, status)"#),
        (name: "findings_code", sql: "CREATE INDEX IF NOT EXISTS findings_code ON findings (code, severity)"),
    ]

    public func dropBulkIndexes() throws {
        try queue.write { db in
            for index in Self.bulkIndexes { try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)") }
        }
    }

    public func buildIndexes() throws {
        try queue.write { db in
            for index in Self.bulkIndexes { try db.execute(sql: index.sql) }
        }
    }

    /// The sha256 of every document already recorded (a re-run skips them).
    public func recordedHashes() throws -> Set<String> {
        try queue.read { db in Set(try String.fetchAll(db, sql: "SELECT DISTINCT sha256 FROM reports")) }
    }

    /// Writes results in one transaction.
    public func insert(_ results: [BatchResult]) throws {
        try queue.write { db in
            let report = try db.cachedStatement(
                sql: """
                    INSERT INTO reports (source, sha256, format, template, agency, year, published, status, error, bytes,
                                         read_ms, extract_ms, total_ms, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let cell = try db.cachedStatement(sql: #"INSERT INTO cells (report_id, "table", row, col, value, status) VALUES (?, ?, ?, ?, ?, ?)"#)
            let finding = try db.cachedStatement(
                sql: #"INSERT INTO findings (report_id, severity, code, "table", row, col, message) VALUES (?, ?, ?, ?, ?, ?, ?)"#)
            let now = ISO8601DateFormatter().string(from: Date())
            for r in results {
                try report.execute(arguments: [
                    r.source, r.sha256, r.format, r.report?.template, r.report?.agency, r.report?.year,
                    r.report?.published, r.status.rawValue, r.error, r.bytes,
                    r.readMilliseconds, r.extractMilliseconds, r.totalMilliseconds, now,
                ])
                let id = db.lastInsertedRowID
                guard let canonical = r.report, r.status == .ok else { continue }
                for table in canonical.tables {
                    for (row, column, value) in table.orderedValues {
                        try cell.execute(arguments: [id, table.spec.table, row, column, value.value, value.status.rawValue])
                    }
                }
                for f in canonical.findings {
                    try finding.execute(arguments: [id, f.severity.rawValue, f.code, f.table, f.row, f.column, f.message])
                }
            }
        }
    }
}

/// What processing one document gave.
public struct BatchResult: Sendable {
    public enum Status: String, Sendable, CaseIterable {
        /// A recognised report, its values in `cells`.
        case ok
        /// Read, but not an annual report: no standard table found.
        case notReport = "not_report"
        /// Could not be read: `error` says why.
        case failed
        /// The same bytes as a document already in this batch.
        case duplicate
    }

    public var source: String
    public var outputPath: String
    public var sha256: String
    public var format: String?
    public var status: Status
    public var error: String?
    public var bytes: Int
    public var report: CanonicalReport?
    public var readMilliseconds: Double
    public var extractMilliseconds: Double
    public var totalMilliseconds: Double
}
