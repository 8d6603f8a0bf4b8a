import ArgumentParser
import CJemalloc  // links jemalloc as the executable's allocator (see Sources/CJemalloc)
import NianbaoKit

@main
struct Nianbao: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nianbao",
        abstract: "Turn Chinese government annual information-disclosure reports (DOCX, HTML, extracted text) into clean documents and data.",
        subcommands: [Convert.self, Extract.self, Check.self, Batch.self, Merge.self]
    )
}
