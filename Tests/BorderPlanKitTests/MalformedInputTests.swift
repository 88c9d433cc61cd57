import Foundation
import Testing
@testable import BorderPlanKit

/// The malformed-input corpus, through the real command-line tool: every case exits with
/// status 1 or 2, names the file and the feature or line, and writes nothing.
@Suite(.serialized) struct MalformedInputTests {
    /// The CLI built with the tests (found beside the test bundle, whatever the build folder).
    static let binary = builtProduct("borderplan")

    /// A copy of the committed geodata, in `scratch`, with `file` replaced by `text` (or cut by `mutate`).
    static func corrupted(in scratch: URL, _ file: String, _ text: String? = nil, mutate: ((String) -> String)? = nil) throws -> URL {
        let folder = scratch.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: geodataDirectory.path) {
            try FileManager.default.copyItem(at: geodataDirectory.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let target = folder.appendingPathComponent(file)
        let replaced = try text ?? mutate!(String(contentsOf: target, encoding: .utf8))
        try replaced.write(to: target, atomically: true, encoding: .utf8)
        return folder
    }

    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var file: String
        var make: @Sendable (URL) throws -> (data: URL, arguments: [String])
        var expected: [String]
        var status: Set<Int32> = [1]
        /// Whether the corruption stops every command from loading the data (export and report too).
        var loadFails = true
        var description: String { name }
    }

    static let firstWilaya = #"{"type":"FeatureCollection","features":[{"type":"Feature","id":"01","properties":{"code":"01","name_ar":"a","name_fr":"A","name_en":"A","osm_id":1,"area_km2":1,"parent":null,"created":null},"geometry":"#

    static func wilayas(_ geometry: String, properties: String? = nil) -> String {
        let start = properties.map { firstWilaya.replacingOccurrences(of: #""code":"01","name_ar":"a","name_fr":"A","name_en":"A","osm_id":1,"area_km2":1,"parent":null,"created":null"#, with: $0) } ?? firstWilaya
        return start + geometry + "}]}"
    }

    static let cases: [Case] = [
        Case(name: "empty file", file: "wilayas.geojson", make: { scratch in (try corrupted(in: scratch, "wilayas.geojson", ""), ["wilayas"]) }, expected: ["wilayas.geojson", "empty"]),
        Case(name: "truncated file", file: "wilayas.geojson",
             make: { scratch in (try corrupted(in: scratch, "wilayas.geojson", mutate: { String($0.prefix(5_000)) }), ["wilayas"]) }, expected: ["wilayas.geojson", "not valid JSON"]),
        Case(name: "wrong JSON type", file: "wilayas.geojson",
             make: { scratch in (try corrupted(in: scratch, "wilayas.geojson", mutate: { $0.replacingOccurrences(of: #""code":"05""#, with: #""code":5"#) }), ["borders"]) },
             expected: ["wilayas.geojson", "feature 5", "field 'code'"]),
        Case(name: "NaN", file: "places.geojson",
             make: { scratch in (try corrupted(in: scratch, "places.geojson", mutate: { $0.replacingOccurrences(of: #""population":2364230"#, with: #""population":NaN"#) }), ["coverage", "--radius", "100"]) },
             expected: ["places.geojson", "not valid JSON"]),
        Case(name: "Infinity", file: "crossings.geojson",
             make: { scratch in (try corrupted(in: scratch, "crossings.geojson", mutate: { $0.replacingOccurrences(of: #""precision_km": 6"#, with: #""precision_km": Infinity"#) }), ["crossings"]) },
             expected: ["crossings.geojson", "not valid JSON"]),
        Case(name: "latitude beyond 90", file: "wilayas.geojson",
             make: { scratch in (try corrupted(in: scratch, "wilayas.geojson", wilayas(#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,91],[0,0]]]}"#)), ["wilayas"]) },
             expected: ["wilayas.geojson", "feature 1", "out of range"]),
        Case(name: "longitude beyond 180", file: "wilayas.geojson",
             make: { scratch in (try corrupted(in: scratch, "wilayas.geojson", wilayas(#"{"type":"Polygon","coordinates":[[[0,0],[181,0],[1,1],[0,0]]]}"#)), ["wilayas"]) },
             expected: ["wilayas.geojson", "feature 1", "out of range"]),
        Case(name: "unclosed ring", file: "wilayas.geojson",
             make: { scratch in (try corrupted(in: scratch, "wilayas.geojson", wilayas(#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#)), ["wilayas"]) },
             expected: ["wilayas.geojson", "feature 1", "geometry"]),
        Case(name: "self-intersecting polygon", file: "wilayas.geojson",
             make: { scratch in (try corrupted(in: scratch, "wilayas.geojson", wilayas(#"{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}"#)), ["wilayas"]) },
             expected: ["wilayas.geojson", "feature 1", "Self-intersection"]),
        Case(name: "empty geometry", file: "wilayas.geojson",
             make: { scratch in (try corrupted(in: scratch, "wilayas.geojson", wilayas(#"{"type":"Polygon","coordinates":[]}"#)), ["wilayas"]) },
             expected: ["wilayas.geojson", "feature 1", "empty geometry"]),
        Case(name: "empty collection", file: "wilayas.geojson",
             make: { scratch in (try corrupted(in: scratch, "wilayas.geojson", #"{"type":"FeatureCollection","features":[]}"#), ["wilayas"]) },
             expected: ["wilayas.geojson", "no wilaya"]),
        Case(name: "empty geometry collection", file: "places.geojson",
             make: { scratch in (try corrupted(in: scratch, "places.geojson", #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"geonameid":1,"name":"x","name_ar":null,"population":1,"wilaya":"01","wilaya_method":"inside"},"geometry":{"type":"GeometryCollection","geometries":[]}}]}"#), ["coverage", "--radius", "50"]) },
             expected: ["places.geojson", "feature 1", "geometry"]),
        Case(name: "duplicate ids", file: "wilayas.geojson",
             make: { scratch in (try corrupted(in: scratch, "wilayas.geojson", mutate: { $0.replacingOccurrences(of: #""code":"02""#, with: #""code":"01""#) }), ["wilayas"]) },
             expected: ["wilayas.geojson", "duplicate code 01"]),
        Case(name: "duplicate crossing ids", file: "crossings.geojson",
             make: { scratch in (try corrupted(in: scratch, "crossings.geojson", mutate: { $0.replacingOccurrences(of: #""id": "tarat""#, with: #""id": "debdeb""#) }), ["validate"]) },
             expected: ["crossings.geojson", "'debdeb' is used 2 times"], loadFails: false),
        Case(name: "unknown id", file: "crossings.geojson", make: { _ in (geodataDirectory, ["crossing", "debdb"]) }, expected: ["unknown crossing 'debdb'", "debdeb"], status: [2]),
        Case(name: "unknown id in a scenario", file: "what-if.json", make: { scratch in
            let folder = scratch
            try #"{"status":{"debdb":"open"}}"#.write(to: folder.appendingPathComponent("what-if.json"), atomically: true, encoding: .utf8)
            return (geodataDirectory, ["coverage", "--radius", "100", "--scenario", folder.appendingPathComponent("what-if.json").path])
        }, expected: ["what-if.json", "status entry 'debdb'"]),
        Case(name: "bad demand line", file: "demand.csv", make: { scratch in
            let folder = scratch
            try "lat,lon,weight\n30,9.45,1\n30,9.45,x\n".write(to: folder.appendingPathComponent("demand.csv"), atomically: true, encoding: .utf8)
            return (geodataDirectory, ["plan", "--radius", "100", "--add", "1", "--objective", "demand", "--demand", folder.appendingPathComponent("demand.csv").path])
        }, expected: ["demand.csv", "line 3", "field 'weight'"]),
        Case(name: "a 100 MB file", file: "wilayas.geojson", make: { scratch in
            let folder = try corrupted(in: scratch, "borders.geojson", mutate: { $0 })
            var big = Data(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"01","name":""#.utf8)
            big.append(Data(repeating: 0x61, count: 100 * 1_024 * 1_024))
            try big.write(to: folder.appendingPathComponent("wilayas.geojson"))
            return (folder, ["wilayas"])
        }, expected: ["wilayas.geojson", "not valid JSON"]),
    ]

    @Test(arguments: cases)
    func failsCleanlyAndWritesNothing(_ item: Case) throws {
        let binary = try #require(Self.binary, "build the CLI first (make test does)")
        let scratch = try ScratchFolder()
        let (data, arguments) = try item.make(scratch.url)
        let out = scratch.file("out")
        for command in [arguments, ["export", "--out", out.path], ["report", "--out", out.path]] where command == arguments || (item.loadFails && data != geodataDirectory) {
            let result = try run(binary, command + ["--data", data.path])
            if command == arguments {
                #expect(item.status.contains(result.status), "\(item.name): exit status \(result.status), stderr \(result.stderr)")
                for part in item.expected { #expect((result.stderr + result.stdout).contains(part), "\(item.name): '\(part)' missing from: \(result.stderr.prefix(400))") }
                #expect(result.stdout.isEmpty || item.name.contains("duplicate crossing"), "\(item.name): printed a result")
            } else {
                #expect(result.status == 1, "\(item.name): \(command[0]) exit \(result.status)")
            }
            #expect(!FileManager.default.fileExists(atPath: out.path), "\(item.name): \(command[0]) wrote \(out.path)")
        }
    }
}
