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
        .executable(name: "ghl-simulator", targets: ["ghl-simulator"]),
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
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // The lossless JSON value, parser and writer, and ISO-8601 timestamps: no dependencies.
        .target(name: "LosslessJSON", swiftSettings: swiftSettings),
        // The HighLevel API: wire types, ids, tokens, the client and its transport, errors, rate-limit headers.
        .target(
            name: "HighLevelAPI",
            dependencies: [
                "LosslessJSON", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Pure: a contact (and a custom field definition) as sent -> rows.
        .target(name: "ContactNormalization", dependencies: ["LosslessJSON"], swiftSettings: swiftSettings),
        // SQLite: migrations, the batched writer, runs and failures, exports, the lock, the on-disk id index.
        .target(
            name: "ContactStore",
            dependencies: [
                "LosslessJSON", "ContactNormalization",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // The job: id sources, the paced call, the run state and its driver, progress counters.
        .target(
            name: "ContactSync",
            dependencies: [
                "CHeapTrim", "LosslessJSON", "HighLevelAPI", "ContactNormalization", "ContactStore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "CHeapTrim"),
        // The commands and everything a person reads: options, logs, progress, summaries, exit codes.
        .target(
            name: "GHLToSQLiteCLI",
            dependencies: [
                "LosslessJSON", "HighLevelAPI", "ContactStore", "ContactSync",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "ghl-to-sqlite", dependencies: ["GHLToSQLiteCLI"], swiftSettings: swiftSettings),
        // The stand-in for HighLevel's API, for tests, benchmarks and the demo; never linked into ghl-to-sqlite.
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
        .executableTarget(
            name: "ghl-simulator",
            dependencies: [
                "LeadConnectorSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Shared by the test targets: temporary directories, fixtures, fake transports, the sync harness.
        .target(
            name: "TestSupport",
            dependencies: [
                "LosslessJSON", "HighLevelAPI", "ContactNormalization", "ContactStore", "ContactSync",
                "LeadConnectorSimulator", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport",
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "LosslessJSONTests", dependencies: ["LosslessJSON", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HighLevelAPITests", dependencies: ["HighLevelAPI", "LosslessJSON", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ContactNormalizationTests",
            dependencies: ["ContactNormalization", "HighLevelAPI", "LosslessJSON", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ContactStoreTests",
            dependencies: [
                "ContactStore", "ContactNormalization", "LosslessJSON", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ContactSyncTests",
            dependencies: [
                "CHeapTrim", "ContactSync", "ContactStore", "ContactNormalization", "HighLevelAPI", "LosslessJSON",
                "LeadConnectorSimulator", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GHLToSQLiteCLITests",
            dependencies: [
                "GHLToSQLiteCLI", "ContactSync", "ContactStore", "HighLevelAPI", "LosslessJSON", "LeadConnectorSimulator",
                "TestSupport", .product(name: "Logging", package: "swift-log"),
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
                "HighLevelAPI", "LosslessJSON", "ContactNormalization", "ContactStore", "LeadConnectorSimulator",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ContactPipeline",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
