// swift-tools-version:6.2
import PackageDescription

/// The project's own targets build without a warning: every warning is an error (CI and
/// `make test` included). Applies to these targets only, never to the dependencies.
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "BorderPlan",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "borderplan", targets: ["borderplan"]),
        .library(name: "Geo", targets: ["Geo"]),
        .library(name: "BorderPlanKit", targets: ["BorderPlanKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // SQLite for the GeoPackage export (the system libsqlite3 on Linux).
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        // The OGC API – Features server (`borderplan serve`).
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
    ],
    targets: [
        // C APIs, found with pkg-config. Only the `Geo` target imports these.
        .systemLibrary(
            name: "CGEOS", pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"]), .brew(["geos"])]),
        .systemLibrary(
            name: "CPROJ", pkgConfig: "proj",
            providers: [.apt(["libproj-dev", "proj-data"]), .brew(["proj"])]),
        // The one module that touches GEOS and PROJ.
        .target(name: "Geo", dependencies: ["CGEOS", "CPROJ"], swiftSettings: strict),
        // Domain: geodata, knowledge base, analyses, outputs.
        // Resources/Messages: the message catalogue, one JSON file per language and domain.
        .target(
            name: "BorderPlanKit", dependencies: ["Geo", .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.copy("Resources/Messages")], swiftSettings: strict),
        // OGC API – Features server over the export layers (`borderplan serve`).
        .target(
            name: "BorderPlanServer",
            dependencies: [
                "BorderPlanKit", "Geo",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict),
        // Thin command-line front end.
        .executableTarget(
            name: "borderplan",
            dependencies: [
                "BorderPlanKit",
                "BorderPlanServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        // The benchmark workload (make bench), measured against the Python peer in Benchmarks/.
        .executableTarget(name: "borderplan-bench", dependencies: ["BorderPlanKit", "Geo"], swiftSettings: strict),
        .testTarget(name: "GeoTests", dependencies: ["Geo"], swiftSettings: strict),
        // Corpus/: inputs the tests read from the checkout (not resources).
        .testTarget(
            name: "BorderPlanKitTests",
            dependencies: ["BorderPlanKit", "Geo", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Corpus"], swiftSettings: strict),
        .testTarget(
            name: "BorderPlanServerTests",
            dependencies: [
                "BorderPlanServer", "BorderPlanKit", "Geo",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict),
    ]
)
