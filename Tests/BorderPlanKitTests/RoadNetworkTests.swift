import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// Travel times on small synthetic networks laid on the equator, where a geodesic along the
/// equator is an arc of the circle of radius a = 6,378,137 m: 0.1° of longitude is exactly
/// L = a · 0.1 · π/180 = 11,131.949 m, so every time below is computed by hand from L and the
/// speeds of the test's table. Tolerances are 1e-9 relative (floating-point sums only) unless said.
@Suite struct RoadNetworkTests {
    static let a = 6_378_137.0
    static let L = a * 0.1 * .pi / 180
    static let speedsCSV = "class,speed_kmh,unpaved_kmh\nprimary,80,\nresidential,30,\ntrack,36,18\ndefault,30,\noffroad,10,\n"

    /// A(0,0) —primary— B(0.1,0) —residential, one way B→C— C(0.2,0) —track on gravel (18 km/h)— D(0.3,0);
    /// a primary E(1,0)–F(1.1,0) apart (another component); a primary from B to (0.1,0.1) with access=no.
    static let networkJSON = """
    {"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"highway":"primary","osm_id":11},"geometry":{"type":"LineString","coordinates":[[0,0],[0.05,0],[0.1,0]]}},
    {"type":"Feature","properties":{"highway":"residential","oneway":"yes","osm_id":12},"geometry":{"type":"LineString","coordinates":[[0.1,0],[0.2,0]]}},
    {"type":"Feature","properties":{"highway":"track","surface":"gravel","osm_id":13},"geometry":{"type":"LineString","coordinates":[[0.2,0],[0.3,0]]}},
    {"type":"Feature","properties":{"highway":"primary","osm_id":14},"geometry":{"type":"LineString","coordinates":[[1,0],[1.1,0]]}},
    {"type":"Feature","properties":{"highway":"primary","access":"no","osm_id":15},"geometry":{"type":"LineString","coordinates":[[0.1,0],[0.1,0.1]]}}
    ]}
    """

    static func write(_ text: String, _ name: String, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// The network read from the GeoJSON through ogr2ogr, and the log lines.
    static func network(_ folder: URL, json: String = networkJSON) throws -> (RoadNetwork, [String]) {
        let roads = try write(json, "roads.geojson", in: folder)
        let speeds = try SpeedTable.load(try write(speedsCSV, "speeds.csv", in: folder))
        var log: [String] = []
        let network = try RoadNetwork.load(roads: roads, speeds: speeds, context: GeometryContext()) { log.append($0) }
        return (network, log)
    }

    static func node(_ network: RoadNetwork, _ lon: Double, _ lat: Double = 0) -> Int {
        Int(network.connect(Coordinate(lon: lon, lat: lat))!.node)
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { abs(a - b) <= tolerance * max(1, abs(b)) }

    @Test func graphHasNodesAtEndsAndSharedVertices() throws {
        let scratch = try ScratchFolder()
        let folder = scratch.url
        let (network, _) = try Self.network(folder)
        // A, B, C, D, E, F: the interior vertex (0.05, 0) is no node, the closed line is left out.
        #expect(network.graph.nodeCount == 6)
        #expect(network.graph.edgeCount == 4)
        #expect(network.graph.arcCount == 7)   // one way B→C has one arc
        #expect(network.graph.components().sizes.sorted() == [2, 4])
        let ab = network.graph.edgeWay.firstIndex(of: 11)!
        #expect(Self.close(network.graph.edgeLength[ab], Self.L))
    }

    @Test func oneWayStreetAndSurface() throws {
        let scratch = try ScratchFolder()
        let folder = scratch.url
        let (network, _) = try Self.network(folder)
        let (A, B, C, D) = (Self.node(network, 0), Self.node(network, 0.1), Self.node(network, 0.2), Self.node(network, 0.3))
        let fromA = network.times(from: [TravelOrigin(id: "a", location: Coordinate(lon: 0, lat: 0))])
        // 80 km/h: L / (80/3.6) = 0.045 L s; 30 km/h: 0.12 L; gravel track at 18 km/h: 0.2 L.
        #expect(fromA.seconds[A] == 0)
        #expect(Self.close(fromA.seconds[B], 0.045 * Self.L))
        #expect(Self.close(fromA.seconds[C], (0.045 + 0.12) * Self.L))
        #expect(Self.close(fromA.seconds[D], (0.045 + 0.12 + 0.2) * Self.L))
        let fromD = network.times(from: [TravelOrigin(id: "d", location: Coordinate(lon: 0.3, lat: 0))])
        #expect(Self.close(fromD.seconds[C], 0.2 * Self.L))
        #expect(fromD.seconds[B] == .infinity)   // C → B is against the one-way street
        #expect(fromD.seconds[A] == .infinity)
    }

    @Test func closedSegmentAndUnreachableComponent() throws {
        let scratch = try ScratchFolder()
        let folder = scratch.url
        let (network, _) = try Self.network(folder)
        let origin = [TravelOrigin(id: "a", location: Coordinate(lon: 0, lat: 0))]
        let E = Self.node(network, 1), B = Self.node(network, 0.1)
        #expect(network.times(from: origin).seconds[E] == .infinity)
        // Closing way 11 (A–B) cuts A off.
        let closed = network.closing(ways: [11])
        #expect(closed.times(from: origin).seconds[B] == .infinity)
        #expect(closed.graph.arcCount == 5)
    }

    @Test func entryDelayAndCrossingOffTheNetwork() throws {
        let scratch = try ScratchFolder()
        let folder = scratch.url
        let (network, _) = try Self.network(folder)
        let B = Self.node(network, 0.1), A = Self.node(network, 0)
        let delayed = network.times(from: [TravelOrigin(id: "a", location: Coordinate(lon: 0, lat: 0), delaySeconds: 15 * 60)])
        #expect(Self.close(delayed.seconds[B], 900 + 0.045 * Self.L))
        // 0.01° north of A: the meridian arc a(1 − e²)·Δφ (radius of curvature at the equator;
        // its change over 0.01° is below 1e-9), walked at the off-road 10 km/h.
        let f = 1 / 298.257223563, e2 = f * (2 - f)
        let offset = Self.a * (1 - e2) * 0.01 * .pi / 180
        let off = network.times(from: [TravelOrigin(id: "x", location: Coordinate(lon: 0, lat: 0.01))])
        #expect(Self.close(off.seconds[A], offset / (10 / 3.6), 1e-6))
        #expect(Self.close(off.seconds[B], offset / (10 / 3.6) + 0.045 * Self.L, 1e-6))
    }

    @Test func multiSourceLabelsTheNearestSource() throws {
        let scratch = try ScratchFolder()
        let folder = scratch.url
        let (network, _) = try Self.network(folder)
        let origins = [TravelOrigin(id: "a", location: Coordinate(lon: 0, lat: 0)), TravelOrigin(id: "d", location: Coordinate(lon: 0.3, lat: 0))]
        let times = network.times(from: origins)
        let C = Self.node(network, 0.2)
        // From A: 0.165 L; from D: 0.2 L. A wins.
        #expect(times.source[C] == 0)
        #expect(Self.close(times.seconds[C], 0.165 * Self.L))
        // A point 0.01° south of D is reached from D, off-road.
        let best = network.time(to: Coordinate(lon: 0.3, lat: -0.01), times: times, origins: origins)!
        #expect(best.origin == 1)
        // The limit: bounded at 0.1 L seconds, C is not reached.
        #expect(network.times(from: [origins[0]], limitSeconds: 0.1 * Self.L).seconds[C] == .infinity)
    }

    @Test func cacheIsUsedThenRebuiltWhenCorrupt() throws {
        let scratch = try ScratchFolder()
        let folder = scratch.url
        let (first, firstLog) = try Self.network(folder)
        #expect(firstLog.contains { $0.contains("graph cached") })
        let cache = GraphCache.url(for: folder.appendingPathComponent("roads.geojson"))
        let speeds = try SpeedTable.load(folder.appendingPathComponent("speeds.csv"))
        var log: [String] = []
        let second = try RoadNetwork.load(roads: folder.appendingPathComponent("roads.geojson"), speeds: speeds, context: GeometryContext()) { log.append($0) }
        #expect(log.contains { $0.contains("read from the cache") })
        #expect(second.graph.edgeLength == first.graph.edgeLength && second.graph.arcTarget == first.graph.arcTarget)
        var bytes = try Data(contentsOf: cache)
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: cache)
        log = []
        let third = try RoadNetwork.load(roads: folder.appendingPathComponent("roads.geojson"), speeds: speeds, context: GeometryContext()) { log.append($0) }
        #expect(!log.contains { $0.contains("read from the cache") })
        #expect(third.graph.edgeLength == first.graph.edgeLength)
        // Another speed table invalidates the cache too.
        let faster = try SpeedTable.load(try Self.write(Self.speedsCSV.replacingOccurrences(of: "primary,80", with: "primary,90"), "fast.csv", in: folder))
        log = []
        _ = try RoadNetwork.load(roads: folder.appendingPathComponent("roads.geojson"), speeds: faster, context: GeometryContext()) { log.append($0) }
        #expect(!log.contains { $0.contains("read from the cache") })
    }

    @Test func zeroOrNegativeSpeedIsAnErrorNamingTheLine() throws {
        let scratch = try ScratchFolder()
        let folder = scratch.url
        for bad in ["0", "-5"] {
            let url = try Self.write("class,speed_kmh\nprimary,80\ntrack,\(bad)\ndefault,30\noffroad,10\n", "speeds.csv", in: folder)
            let error = #expect(throws: DataError.self) { try SpeedTable.load(url) }
            #expect(error?.feature == "line 3")
            #expect(error?.field == "speed_kmh")
            #expect(error?.file == url.path)
        }
    }

    @Test func unknownClassIsWarnedAndGetsTheDefaultSpeed() throws {
        let scratch = try ScratchFolder()
        let folder = scratch.url
        let json = Self.networkJSON.replacingOccurrences(of: "\"highway\":\"residential\"", with: "\"highway\":\"busway\"")
        let (network, log) = try Self.network(folder, json: json)
        #expect(log.contains { $0.contains("class 'busway' is not in the speed table") && $0.contains("feature 2") })
        let times = network.times(from: [TravelOrigin(id: "a", location: Coordinate(lon: 0, lat: 0))])
        // default 30 km/h, as residential before.
        #expect(Self.close(times.seconds[Self.node(network, 0.2)], 0.165 * Self.L))
    }

    @Test func roadsFileWithNoLineOrABadGeometry() throws {
        let scratch = try ScratchFolder()
        let folder = scratch.url
        let empty = try Self.write("{\"type\":\"FeatureCollection\",\"features\":[]}", "empty.geojson", in: folder)
        let speeds = try SpeedTable.load(try Self.write(Self.speedsCSV, "speeds.csv", in: folder))
        let error = #expect(throws: DataError.self) { try RoadNetwork.load(roads: empty, speeds: speeds, context: GeometryContext()) { _ in } }
        #expect(error?.file == empty.path)
        #expect(error?.message.contains("no road line") == true)
        let point = try Self.write("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"highway\":\"primary\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}]}",
                                   "point.geojson", in: folder)
        let pointError = #expect(throws: DataError.self) { try RoadNetwork.load(roads: point, speeds: speeds, context: GeometryContext()) { _ in } }
        #expect(pointError?.feature == "feature 1")
        #expect(pointError?.message.contains("not a line") == true)
        let missing = folder.appendingPathComponent("missing.osm.pbf")
        let missingError = #expect(throws: DataError.self) { try RoadNetwork.load(roads: missing, speeds: speeds, context: GeometryContext()) { _ in } }
        #expect(missingError?.message == "no such file")
        // A line whose two vertices are one point: invalid, named.
        let context = GeometryContext()
        let wkb = try Geometry(wkt: "LINESTRING (1 1, 1 1)", context: context).wkb
        let blob = Data([0x47, 0x50, 0, 0, 0, 0, 0x10, 0xE6] + wkb)
        let lineError = #expect(throws: DataError.self) { try GeoPackageGeometry.lines(blob, file: "f.gpkg", feature: "feature 7", context: context) }
        #expect(lineError?.message.contains("two distinct vertices") == true)
    }

    /// An OSM extract through GDAL's OSM driver: tags from `other_tags`, a sand track one way
    /// at the desert-track speed, a line with access=no left out. (Nodes away from (0, 0): the
    /// driver drops a node at exactly 0, 0.)
    @Test func osmExtractTagsFromOtherTags() throws {
        let scratch = try ScratchFolder()
        let osm = """
        <?xml version="1.0" encoding="UTF-8"?>
        <osm version="0.6" generator="test">
          <node id="1" version="1" lat="0" lon="1"/>
          <node id="2" version="1" lat="0" lon="1.1"/>
          <node id="3" version="1" lat="0" lon="1.2"/>
          <way id="101" version="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="track"/><tag k="surface" v="sand"/><tag k="oneway" v="yes"/></way>
          <way id="102" version="1"><nd ref="2"/><nd ref="3"/><tag k="highway" v="primary"/><tag k="access" v="no"/></way>
        </osm>
        """
        let roads = try Self.write(osm, "extract.osm", in: scratch.url)
        let speeds = try SpeedTable.load(try Self.write(Self.speedsCSV + "desert_track,12,\n", "speeds.csv", in: scratch.url))
        var log: [String] = []
        let network = try RoadNetwork.load(roads: roads, speeds: speeds, context: GeometryContext()) { log.append($0) }
        #expect(network.graph.nodeCount == 2)
        #expect(network.graph.edgeWay == [101])
        #expect(network.graph.arcCount == 1)
        // On sand: min(desert track 12, track 36) km/h; the length is 0.1° of the equator, L.
        #expect(Self.close(network.graph.arcSeconds[0], Self.L / (12 / 3.6)))
        #expect(log.contains { $0.contains("1 closed to the public") })
    }

    @Test func hstoreTags() {
        let tags = HStore.parse(#""surface"=>"sand","oneway"=>"-1","name"=>"Route \"N3\", km 5""#)
        #expect(tags == ["surface": "sand", "oneway": "-1", "name": "Route \"N3\", km 5"])
        #expect(RoadDirection(oneway: tags["oneway"]) == .backward)
        #expect(RoadSurface.of(surface: "sand", tracktype: nil) == .sand)
        #expect(RoadSurface.of(surface: nil, tracktype: "grade3") == .unpaved)
    }
}
