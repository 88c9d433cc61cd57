// swift-tools-version:6.1
import PackageDescription

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
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
        // The one module that touches GEOS and PROJ.
        .target(name: "Geo", dependencies: ["CGEOS", "CPROJ"]),
        // Domain: geodata, knowledge base, analyses, outputs.
        .target(name: "BorderPlanKit", dependencies: ["Geo", "CSQLite"]),
        // OGC API – Features server over the export layers (`borderplan serve`).
        .target(
            name: "BorderPlanServer",
            dependencies: [
                "BorderPlanKit", "Geo",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]),
        // Thin command-line front end.
        .executableTarget(
            name: "borderplan",
            dependencies: [
                "BorderPlanKit",
                "BorderPlanServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // The benchmark workload (make bench), measured against the Python peer in Benchmarks/.
        .executableTarget(name: "borderplan-bench", dependencies: ["BorderPlanKit", "Geo"]),
        .testTarget(name: "GeoTests", dependencies: ["Geo"]),
        .testTarget(name: "BorderPlanKitTests", dependencies: ["BorderPlanKit", "Geo"]),
        .testTarget(
            name: "BorderPlanServerTests",
            dependencies: [
                "BorderPlanServer", "BorderPlanKit", "Geo",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]),
    ]
)
