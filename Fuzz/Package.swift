// swift-tools-version:6.1
// libFuzzer targets for BorderPlan's readers of user files. Built only by `make fuzz`:
//   swift build --package-path Fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import PackageDescription

let package = Package(
    name: "BorderPlanFuzz",
    dependencies: [.package(name: "BorderPlan", path: "..")],
    targets: [.target(name: "FuzzSupport")] + ["fuzz-geojson", "fuzz-scenario", "fuzz-demand"].map { name in
        .executableTarget(
            name: name,
            dependencies: ["FuzzSupport", .product(name: "BorderPlanKit", package: "BorderPlan"), .product(name: "Geo", package: "BorderPlan")],
            swiftSettings: [.swiftLanguageMode(.v5)])
    }
)
