// swift-tools-version: 6.1
import Foundation
import PackageDescription

let package = Package(
    name: "nianbao",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "NianbaoKit", targets: ["NianbaoKit"]),
        .executable(name: "nianbao", targets: ["nianbao"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CLibZip", pkgConfig: "libzip", providers: [.apt(["libzip-dev"])]),
        .systemLibrary(name: "CJemalloc", pkgConfig: "jemalloc", providers: [.apt(["libjemalloc-dev"])]),
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .executableTarget(name: "SpecEmbedder", path: "Sources/SpecEmbedder"),
        .plugin(name: "EmbedSpecs", capability: .buildTool(), dependencies: ["SpecEmbedder"]),
        .target(
            name: "NianbaoKit",
            dependencies: [
                "CLibXML2", "CLibZip", "CLibCrypto",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            plugins: ["EmbedSpecs"]
        ),
        .executableTarget(
            name: "nianbao",
            dependencies: [
                "NianbaoKit", "CJemalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "nianbao-bench",
            dependencies: ["NianbaoKit"],
            path: "Benchmarks/ConvertBenchmark"
        ),
        .testTarget(
            name: "NianbaoKitTests",
            dependencies: ["NianbaoKit"]
        ),
        .testTarget(
            name: "NianbaoCLITests",
            dependencies: ["NianbaoKit", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)

// Fuzz targets (libFuzzer), only when NIANBAO_FUZZ is set (Scripts/fuzz.sh, its own scratch
// directory): NianbaoKit and the targets are built with `-sanitize=fuzzer,address`, the build tool
// and the dependencies as usual. Each target hands its entry point to libFuzzer's driver.
if ProcessInfo.processInfo.environment["NIANBAO_FUZZ"] != nil {
    let sanitize = ["-sanitize=fuzzer,address"]
    for target in package.targets where target.name == "NianbaoKit" {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(sanitize)]
    }
    package.targets.append(.target(name: "CLibFuzzer", path: "Tests/Fuzz/CLibFuzzer"))
    package.targets.append(
        .target(
            name: "FuzzSupport",
            dependencies: ["NianbaoKit", "CLibFuzzer"],
            path: "Tests/Fuzz/FuzzSupport",
            swiftSettings: [.unsafeFlags(sanitize)]
        ))
    for name in ["FuzzDOCX", "FuzzHTML", "FuzzText"] {
        package.targets.append(
            .executableTarget(
                name: name,
                dependencies: ["NianbaoKit", "FuzzSupport"],
                path: "Tests/Fuzz/\(name)",
                swiftSettings: [.unsafeFlags(["-parse-as-library"] + sanitize)],
                linkerSettings: [.unsafeFlags(sanitize + ["-use-ld=lld"])]
            ))
    }
}
