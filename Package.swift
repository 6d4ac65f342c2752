// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "ghl-to-sqlite",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ghl-to-sqlite", targets: ["ghl-to-sqlite"]),
        .library(name: "HighLevelAPI", targets: ["HighLevelAPI"]),
        .library(name: "ContactNormalization", targets: ["ContactNormalization"]),
        .library(name: "ContactStore", targets: ["ContactStore"]),
        .library(name: "ContactSync", targets: ["ContactSync"]),
        .library(name: "LeadConnectorSimulator", targets: ["LeadConnectorSimulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(
            name: "HighLevelAPI",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ContactNormalization",
            dependencies: ["HighLevelAPI"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ContactStore",
            dependencies: [
                "HighLevelAPI",
                "ContactNormalization",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ContactSync",
            dependencies: [
                "CHeapTrim",
                "HighLevelAPI",
                "ContactNormalization",
                "ContactStore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LeadConnectorSimulator",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "CHeapTrim"),
        .executableTarget(
            name: "ghl-to-sqlite",
            dependencies: [
                "HighLevelAPI",
                "ContactStore",
                "ContactSync",
                "LeadConnectorSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HighLevelAPITests",
            dependencies: ["HighLevelAPI"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ContactNormalizationTests",
            dependencies: ["ContactNormalization", "HighLevelAPI"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ContactStoreTests",
            dependencies: ["ContactStore", "ContactNormalization", "HighLevelAPI", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ContactSyncTests",
            dependencies: [
                "CHeapTrim", "ContactSync", "ContactStore", "ContactNormalization", "HighLevelAPI", "LeadConnectorSimulator",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LeadConnectorSimulatorTests",
            dependencies: [
                "LeadConnectorSimulator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ContactPipeline",
            dependencies: [
                "HighLevelAPI",
                "ContactNormalization",
                "ContactStore",
                "LeadConnectorSimulator",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ContactPipeline",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
