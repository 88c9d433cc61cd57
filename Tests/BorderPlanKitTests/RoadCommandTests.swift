import Foundation
import Testing
@testable import BorderPlanKit

/// `borderplan` with `--roads` on the synthetic fixture west of Bouchebka: results and bad inputs.
@Suite struct RoadCommandTests {
    static let binary = builtProduct("borderplan")
    static let fixture = repositoryRoot.appendingPathComponent("Tests/BorderPlanKitTests/Corpus/roads/synthetic-bouchebka.geojson")

    /// The fixture is copied into a scratch folder so its graph cache is written there.
    static func roads(_ scratch: ScratchFolder) throws -> String {
        let url = scratch.file("roads.geojson")
        try FileManager.default.copyItem(at: fixture, to: url)
        return url.path
    }

    @Test func zeroSpeedAndUnknownCrossingAreErrorsNamingTheFile() throws {
        let binary = try #require(Self.binary, "the borderplan executable is built with the tests")
        let scratch = try ScratchFolder()
        let roads = try Self.roads(scratch)
        let speeds = scratch.file("speeds.csv")
        try Data("class,speed_kmh\nprimary,80\ntrack,0\ndefault,30\noffroad,10\n".utf8).write(to: speeds)
        let zero = try run(binary, ["coverage", "--roads", roads, "--speeds", speeds.path, "--minutes", "60"])
        #expect(zero.status == 1)
        #expect(zero.stderr.contains("\(speeds.path), line 3, field 'speed_kmh'"))
        let delays = scratch.file("delays.csv")
        try Data("crossing,minutes\nbouchebak,30\n".utf8).write(to: delays)
        let unknown = try run(binary, ["catchment", "bouchebka", "--roads", roads, "--entry-delays", delays.path, "--minutes", "60"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown crossing 'bouchebak'") && unknown.stderr.contains("bouchebka"))
    }

    /// An entry delay of 30 min takes the 30-minute isochrone down to nothing: the origin's own
    /// disc has radius 0 and no node is reached in time (zero area, zero population).
    @Test func entryDelayShiftsTheIsochrones() throws {
        let binary = try #require(Self.binary, "the borderplan executable is built with the tests")
        let scratch = try ScratchFolder()
        let roads = try Self.roads(scratch)
        let delays = scratch.file("delays.csv")
        try Data("crossing,minutes\nbouchebka,30\n".utf8).write(to: delays)
        let plain = try run(binary, ["catchment", "bouchebka", "--roads", roads, "--minutes", "30,60", "--format", "json"])
        let delayed = try run(binary, ["catchment", "bouchebka", "--roads", roads, "--minutes", "30,60", "--format", "json", "--entry-delays", delays.path])
        #expect(plain.status == 0 && delayed.status == 0, "\(plain.stderr) \(delayed.stderr)")
        func bands(_ text: String) throws -> [[String: Any]] {
            try #require((try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["bands"] as? [[String: Any]])
        }
        let before = try bands(plain.stdout), after = try bands(delayed.stdout)
        #expect((before[0]["reach_area_km2"] as? Double ?? 0) > 0)
        #expect((after[0]["reach_area_km2"] as? Double) == 0)
        // The second run read the graph from the cache written by the first.
        #expect(delayed.stderr.contains("graph read from the cache"))
    }
}
