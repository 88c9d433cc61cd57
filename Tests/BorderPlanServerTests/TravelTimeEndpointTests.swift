import BorderPlanKit
@testable import BorderPlanServer
import Foundation
import Geo
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// `serve --roads`: the `isochrones` and `travel-time-coverage` collections over a one-road
/// fixture — a primary road (80 km/h) from the Bouchebka crossing C to Tébessa's main town T —
/// through Hummingbird's in-process client. By hand, T is reached from C in d(C,T) / (80/3.6) s
/// (d: PROJ's geodesic, the road being one straight two-vertex line), so Tébessa's quickest
/// crossing is Bouchebka at that time (every other crossing is off-road at 10 km/h, > 5 times slower).
@Suite struct TravelTimeEndpointTests {
    static let minutes = [30.0, 60.0]

    struct Fixture: @unchecked Sendable {
        let catalog: FeatureCatalog
        let minutesToTown: Double
        let servingCount: Int
    }

    static let fixture = Result { () throws -> Fixture in
        let data = try FeatureCatalog.analysisData(Geodata(directory: geodataDirectory))
        let sites = Scenario.sites(data.knowledge, scenario: nil)
        let site = try #require(sites.first { $0.id == "bouchebka" })
        let town = try #require(try data.mainTown(of: "12")).location
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("borderplan-serve-roads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let roads = folder.appendingPathComponent("roads.geojson"), speeds = folder.appendingPathComponent("speeds.csv")
        try Data(("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"highway\":\"primary\",\"osm_id\":1},"
                  + "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[\(site.location.lon),\(site.location.lat)],[\(town.lon),\(town.lat)]]}}]}").utf8).write(to: roads)
        try Data("class,speed_kmh\nprimary,80\ndefault,30\noffroad,10\n".utf8).write(to: speeds)
        let setup = try RoadSetup.load(RoadInputs(roads: roads, speeds: speeds), dataDirectory: geodataDirectory, context: data.context) { _ in }
        let catalog = try FeatureCatalog(layers: [], extra: try FeatureCatalog.travelTime(data, roads: setup, minutes: minutes, service: .travellers), radiusKm: 100)
        return Fixture(catalog: catalog, minutesToTown: Geodesic.wgs84.distance(site.location, town) / (80 / 3.6) / 60,
                       servingCount: data.servingSites(sites, .travellers).count)
    }

    func application() throws -> some ApplicationProtocol {
        BorderPlanServer.application(catalog: try Self.fixture.get().catalog, host: "127.0.0.1", port: 0, accessLog: nil)
    }

    @Test func isochronesHaveOneFeaturePerServingCrossingAndBand() async throws {
        let fixture = try Self.fixture.get()
        try await application().test(.router) { client in
            try await client.execute(uri: "/collections", method: .get) { response in
                let ids = (try json(response)["collections"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(ids == ["isochrones", "travel-time-coverage"])
            }
            try await client.execute(uri: "/collections/isochrones/items?limit=1000", method: .get) { response in
                #expect(response.status == .ok)
                let matched = try json(response)["numberMatched"] as? Int
                #expect(matched == fixture.servingCount * Self.minutes.count)
            }
            try await client.execute(uri: "/collections/isochrones/items?crossing=bouchebka", method: .get) { response in
                let features = try json(response)["features"] as? [[String: Any]] ?? []
                let properties = features.compactMap { $0["properties"] as? [String: Any] }
                #expect(properties.compactMap { $0["minutes"] as? Double } == Self.minutes)
                #expect(properties.compactMap { $0["minutes_from"] as? Double } == [0, 30])
                #expect(features.compactMap { $0["id"] as? String } == ["bouchebka-30", "bouchebka-60"])
                #expect(properties.allSatisfy { ($0["area_km2"] as? Double ?? 0) > 0 })
            }
        }
    }

    @Test func tebessaCoverageHasTheHandComputedQuickestTime() async throws {
        let fixture = try Self.fixture.get()
        try await application().test(.router) { client in
            try await client.execute(uri: "/collections/travel-time-coverage/items/12-60", method: .get) { response in
                #expect(response.status == .ok)
                let properties = try #require(try json(response)["properties"] as? [String: Any])
                #expect(properties["quickest_crossing"] as? String == "bouchebka")
                // Serialised with 3 decimals.
                #expect(abs((properties["quickest_minutes"] as? Double ?? 0) - fixture.minutesToTown) <= 0.0005)
                #expect((properties["covered_population"] as? Int ?? 0) > 0)
            }
        }
    }

    /// A server started without roads has no such collection.
    @Test func withoutRoadsTheCollectionsAreAbsent() async throws {
        try await testApplication().test(.router) { client in
            try await client.execute(uri: "/collections/isochrones", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/collections/travel-time-coverage/items", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
