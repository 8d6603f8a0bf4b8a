import Foundation
import PackagePlugin

/// Embeds every file of the top-level `Specs/` folder into the library at build time, so that the
/// built binary works from any directory with nothing beside it.
@main
struct EmbedSpecs: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let specs = context.package.directoryURL.appending(path: "Specs")
        let names = (FileManager.default.subpaths(atPath: specs.path) ?? [])
            .filter { $0.hasSuffix(".json") }
            .sorted()
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedSpecs.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(names.count) files of Specs/",
                executable: try context.tool(named: "SpecEmbedder").url,
                arguments: [specs.path, output.path] + names,
                inputFiles: names.map { specs.appending(path: $0) },
                outputFiles: [output]
            ),
        ]
    }
}
