import ArgumentParser
import Foundation
import NianbaoKit

/// `nianbao merge`: shard databases into one.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge batch databases (from --shard runs) into one, skipping documents already in it, and write its CSV exports beside it.",
        discussion: """
            Example:
              nianbao merge all/nianbao.sqlite shard1/nianbao.sqlite shard2/nianbao.sqlite
            """
    )

    @Argument(help: "The database to merge into (created if absent).")
    var target: String

    @Argument(help: "The shard databases.")
    var shards: [String]

    @OptionGroup var options: InputOptions

    func run() throws {
        do {
            let library = try options.library()
            let directory = URL(fileURLWithPath: target).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let database = try BatchDatabase(path: target)
            let added = try BatchExport.merge(shards, into: database)
            let reports = try BatchExport.writeCSV(from: database, library: library, to: directory)
            print("merged \(added) documents; \(target) holds \(reports) reports; exports in \(directory.path)")
        } catch let error as NianbaoError {
            throw fail(error)
        }
    }
}
