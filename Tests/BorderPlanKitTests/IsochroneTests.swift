import Foundation
import Testing
@testable import BorderPlanKit
import Geo

@Suite struct IsochroneTests {
    /// One primary road (80 km/h) from A(0,0) to B(0.1,0), the origin at A, 10 minutes, off-road
    /// at 10 km/h. Independent reference: the union of geodesic discs (256-gons) around points every
    /// 25 m along the road, each of radius (600 s − time to the point) × 10/3.6 m/s, and around B
    /// (reached at 0.045 L = 500.9 s), built without the code under test. The two areas agree
    /// within 0.5 % (the reference's scallops between discs and the 64-gons: each below 0.2 %).
    @Test func isochroneAreaMatchesAUnionOfBuffers() throws {
        let context = GeometryContext()
        var builder = RoadGraphBuilder(speeds: try speeds())
        builder.add(RoadFeature(fid: 1, osmID: "1", highway: "primary", surface: nil, direction: .both, closed: false,
                                parts: [[(0, 0), (0.1, 0)]]))
        let network = RoadNetwork(graph: builder.build(), speeds: try speeds(), file: "test")
        let origins = [TravelOrigin(id: "a", location: Coordinate(lon: 0, lat: 0))]
        let limit = 600.0
        let times = network.times(from: origins, limitSeconds: limit)
        let reach = try Isochrones.reach(network, times: times, origins: origins, limitSeconds: limit, context: context)
        let area = try Geodesic.wgs84.area(of: reach)

        let length = 6_378_137 * 0.1 * .pi / 180
        let roadSpeed = 80 / 3.6, offroad = 10 / 3.6
        var discs: [Geometry] = []
        var s = 0.0
        while s <= length {
            let time = s / roadSpeed
            let centre = Coordinate(lon: s / length * 0.1, lat: 0)
            discs.append(try Geometry.polygon(exterior: Geodesic.wgs84.circle(center: centre, radius: (limit - time) * offroad, vertices: 256), in: context))
            s += 25
        }
        let reference = try Geometry.union(of: discs, in: context)
        let expected = try Geodesic.wgs84.area(of: reference)
        #expect(abs(area - expected) / expected < 0.005)
        // And the two shapes coincide: their symmetric difference is under 0.5 % of the area.
        let difference = try Geodesic.wgs84.area(of: try reach.symmetricDifference(reference))
        #expect(difference / expected < 0.005)
    }

    /// Bands are rings: the band areas add up to the largest reach, and each band is disjoint from the previous.
    @Test func bandsAreNestedRings() throws {
        let context = GeometryContext()
        var builder = RoadGraphBuilder(speeds: try speeds())
        builder.add(RoadFeature(fid: 1, osmID: "1", highway: "primary", surface: nil, direction: .both, closed: false,
                                parts: [[(0, 0), (0.1, 0), (0.1, 0.1)]]))
        let network = RoadNetwork(graph: builder.build(), speeds: try speeds(), file: "test")
        let origins = [TravelOrigin(id: "a", location: Coordinate(lon: 0, lat: 0), delaySeconds: 60)]
        let bands = try Isochrones.bands(network, origins: origins, limitsSeconds: [300, 900, 1_800], clip: nil, context: context)
        let total = try bands.reduce(0) { $0 + (try Geodesic.wgs84.area(of: $1.band)) }
        let largest = try Geodesic.wgs84.area(of: bands[2].reach)
        #expect(abs(total - largest) / largest < 1e-6)
        #expect(try Geodesic.wgs84.area(of: try bands[1].band.intersection(bands[0].reach)) < 1e-6 * largest)
    }

    func speeds() throws -> SpeedTable {
        let scratch = try ScratchFolder()
        let folder = scratch.url
        let url = folder.appendingPathComponent("speeds.csv")
        try Data(RoadNetworkTests.speedsCSV.utf8).write(to: url)
        return try SpeedTable.load(url)
    }
}
