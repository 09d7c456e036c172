// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "reach",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "reach", targets: ["reach"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/async-kit.git", from: "1.22.0"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", from: "0.12.1"),
    ],
    targets: [
        // Domain types, validation, use-case services and the ports they need. No NIO, HTTP or SQL.
        .target(
            name: "ReachCore",
            dependencies: [
                "ReachJSON",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The only module with SQL: SQLKit over SQLite and PostgreSQL, migrations, the stores.
        .target(
            name: "ReachStorage",
            dependencies: [
                "ReachCore",
                "ReachJSON",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "AsyncKit", package: "async-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // JSON as data: a strict, fast parser and writer, and a decoder over the parsed tree.
        .target(name: "ReachJSON", dependencies: [], swiftSettings: swiftSettings),
        // The wire contract shared by server, client and MCP: operations, JSON schemas, models.
        .target(name: "ReachAPI", dependencies: ["ReachJSON"], swiftSettings: swiftSettings),
        // Mail protocols on SwiftNIO, knowing nothing of prospects: SMTP client, MIME writer.
        .target(
            name: "ReachMail",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Long-running services and the adapters of ReachMail to ReachCore's mail ports.
        .target(
            name: "ReachEngine",
            dependencies: [
                "ReachCore",
                "ReachMail",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Hummingbird routes for /v1, auth, rate limits, envelopes, error mapping, the OpenAPI document.
        .target(
            name: "ReachHTTP",
            dependencies: [
                "ReachCore",
                "ReachAPI",
                "ReachJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The API over HTTP for the CLI and MCP: Reach's or Saleshandy's, envelopes unwrapped, retries.
        .target(
            name: "ReachClient",
            dependencies: [
                "ReachAPI",
                "ReachJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Reach's tools for AI assistants over MCP, each an API operation called through ReachClient.
        .target(
            name: "ReachMCP",
            dependencies: [
                "ReachAPI",
                "ReachClient",
                "ReachJSON",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Composition root: configuration -> stores, services, server -> one ServiceGroup.
        .target(
            name: "ReachApp",
            dependencies: [
                "ReachCore",
                "ReachAPI",
                "ReachStorage",
                "ReachEngine",
                "ReachMail",
                "ReachHTTP",
                "ReachClient",
                "ReachMCP",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "reach",
            dependencies: [
                "ReachApp",
                "ReachAPI",
                "ReachClient",
                "ReachJSON",
                "ReachMCP",
                "ReachCore",
                "ReachMail",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Fixtures and helpers that start real test databases and servers.
        .target(
            name: "ReachTestSupport",
            dependencies: [
                "ReachCore",
                "ReachMail",
                "ReachStorage",
                "ReachHTTP",
                "ReachEngine",
                "ReachApp",
                "ReachAPI",
                "ReachJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ReachCoreTests", dependencies: ["ReachCore"], swiftSettings: swiftSettings),
        .testTarget(name: "ReachJSONTests", dependencies: ["ReachJSON"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ReachMailTests",
            dependencies: [
                "ReachMail", "ReachTestSupport", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReachEngineTests",
            dependencies: ["ReachCore", "ReachMail", "ReachEngine", "ReachTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ReachAPITests", dependencies: ["ReachAPI", "ReachJSON"], swiftSettings: swiftSettings),
        .testTarget(name: "ReachMCPTests", dependencies: ["ReachMCP", "ReachAPI", "ReachJSON"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ReachStorageTests",
            dependencies: ["ReachCore", "ReachStorage", "ReachTestSupport", .product(name: "SQLKit", package: "sql-kit")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReachHTTPTests",
            dependencies: [
                "ReachCore", "ReachAPI", "ReachJSON", "ReachHTTP", "ReachMail", "ReachEngine", "ReachStorage", "ReachTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReachAppTests",
            dependencies: ["reach", "ReachApp", "ReachAPI", "ReachJSON", "ReachStorage", "ReachTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
