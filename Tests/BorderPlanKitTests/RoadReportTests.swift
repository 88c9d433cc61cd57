import Foundation
import Geo
import Testing
@testable import BorderPlanKit

/// `report --roads`, `crossing --roads` and `coverage --roads --by` on a two-road fixture laid
/// on the real geodata: a primary road (80 km/h) from the Bouchebka crossing C to Tébessa's main
/// town T (wilaya 12), and one from C to the nearest Tunisian town P of at least 10,000 people.
/// Both are straight two-vertex lines, so the graph has the three nodes C, T, P and two edges
/// whose lengths are the geodesic distances d(C,T) and d(C,P) (PROJ, the independent reference).
/// By hand: T is reached in d(C,T) / (80/3.6) s, P in d(C,P) / (80/3.6) s; a town off the
/// network is reached through its nearest node then off-road at 10 km/h, or straight off-road
/// from C when that is quicker. Tolerances: 1e-9 relative (sums of the same doubles).
@Suite struct RoadReportTests {
    static let speedsCSV = "class,speed_kmh\nprimary,80\ndefault,30\noffroad,10\n"
    static let primary = 80 / 3.6, offroad = 10 / 3.6

    /// The analysis data, the crossing, the two road ends and the fixture's network, built once.
    final class Fixture: @unchecked Sendable {
        let data: AnalysisData
        let site: Site
        let town: Coordinate
        let partnerTown: CorridorTown
        let roads: RoadSetup
        let inputs: RoadInputs
        let folder: URL

        init() throws {
            data = try AnalysisData(directory: geodataDirectory)
            site = try #require(Scenario.sites(data.knowledge, scenario: nil).first { $0.id == "bouchebka" })
            town = try #require(try data.mainTown(of: "12")).location
            let corridor = Corridors.compute(places: data.places, partner: try PartnerSide(geodata: data.geodata), sites: [site])[0]
            partnerTown = try #require(corridor.partnerTowns[.k10])
            folder = try temporaryDirectory()
            func line(_ a: Coordinate, _ b: Coordinate, _ id: Int) -> String {
                "{\"type\":\"Feature\",\"properties\":{\"highway\":\"primary\",\"osm_id\":\(id)},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[\(a.lon),\(a.lat)],[\(b.lon),\(b.lat)]]}}"
            }
            let json = "{\"type\":\"FeatureCollection\",\"features\":[\(line(site.location, town, 1)),\(line(site.location, partnerTown.location, 2))]}"
            let roadsURL = folder.appendingPathComponent("roads.geojson"), speedsURL = folder.appendingPathComponent("speeds.csv")
            try Data(json.utf8).write(to: roadsURL)
            try Data(RoadReportTests.speedsCSV.utf8).write(to: speedsURL)
            inputs = RoadInputs(roads: roadsURL, speeds: speedsURL)
            roads = try RoadSetup.load(inputs, dataDirectory: geodataDirectory, context: data.context) { _ in }
        }

        var minutesToTown: Double { Geodesic.wgs84.distance(site.location, town) / RoadReportTests.primary / 60 }
        var minutesToPartnerTown: Double { Geodesic.wgs84.distance(site.location, partnerTown.location) / RoadReportTests.primary / 60 }
    }

    static let fixture = Result { try Fixture() }

    static func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test func graphIsTheThreeRoadEnds() throws {
        let f = try Self.fixture.get()
        #expect(f.roads.network.graph.nodeCount == 3)
        #expect(f.roads.network.graph.edgeCount == 2)
    }

    /// The corridor's towns: P on the network, the Algerian seat T on it, and the larger partner
    /// towns off it (nearest node then off-road, or straight off-road from C).
    @Test func corridorTravelTimesAreHandComputed() throws {
        let f = try Self.fixture.get()
        let corridor = Corridors.compute(places: f.data.places, partner: try PartnerSide(geodata: f.data.geodata), sites: [f.site])
        let timed = Corridors.withTravelTimes(corridor, roads: f.roads, sites: [f.site])[0]
        #expect(Self.close(timed.partnerTowns[.k10]?.minutes, f.minutesToPartnerTown))
        let seat = try #require(timed.dzSeats[.k10])
        #expect(Geodesic.wgs84.distance(seat.location, f.town) < 1, "the nearest wilaya seat is Tébessa's main town")
        #expect(Self.close(seat.minutes, f.minutesToTown))
        let nodes: [(Coordinate, Double)] = [(f.site.location, 0), (f.town, f.minutesToTown * 60), (f.partnerTown.location, f.minutesToPartnerTown * 60)]
        for size in [TownSize.k50, .k100] {
            let town = try #require(timed.partnerTowns[size])
            let nearest = try #require(nodes.min { Geodesic.wgs84.distance($0.0, town.location) < Geodesic.wgs84.distance($1.0, town.location) })
            let viaRoad = nearest.1 + Geodesic.wgs84.distance(nearest.0, town.location) / Self.offroad
            let straight = Geodesic.wgs84.distance(f.site.location, town.location) / Self.offroad
            #expect(Self.close(town.minutes, min(viaRoad, straight) / 60), "\(town.name)")
            if Geodesic.wgs84.distance(nearest.0, town.location) > 1 {
                #expect(town.minutes! > town.distanceKm * 1000 / Self.primary / 60, "off the network is slower than the road all the way")
            }
        }
    }

    /// Tébessa's quickest crossing from its main town is Bouchebka, at d(C,T) / 80 km/h.
    @Test func quickestCrossingOfTebessaIsBouchebkaByRoad() throws {
        let f = try Self.fixture.get()
        let sites = Scenario.sites(f.data.knowledge, scenario: nil)
        let result = try RoadAnalysis.coverage(f.data, roads: f.roads, sites: sites, service: .travellers, minutes: 60)
        let tebessa = try #require(result.wilayas.first { $0.code == "12" })
        #expect(tebessa.quickest?.id == "bouchebka")
        #expect(Self.close(tebessa.quickest?.minutes, f.minutesToTown))
    }

    /// The report's coverage reuses the isochrone clipped to Algeria: the covered areas equal those
    /// of `coverage --minutes`, which builds it unclipped (the wilayas lie in Algeria; 1e-6 relative
    /// for the outline's vertices, the union of the same wilayas).
    @Test func summaryCoverageEqualsTheCoverageCommand() throws {
        let f = try Self.fixture.get()
        let sites = Scenario.sites(f.data.knowledge, scenario: nil)
        let description = try RoadDescription.of(f.inputs, setup: f.roads, dataDirectory: geodataDirectory)
        let summary = try RoadAnalysis.summary(f.data, roads: f.roads, description: description, sites: sites, service: .travellers, minutes: [60])
        let direct = try RoadAnalysis.coverage(f.data, roads: f.roads, sites: sites, service: .travellers, minutes: 60)
        for (a, b) in zip(summary.coverage[0].wilayas, direct.wilayas) {
            #expect(a.code == b.code && a.coveredPopulation == b.coveredPopulation)
            #expect(abs(a.coveredAreaKm2 - b.coveredAreaKm2) <= 1e-6 * max(1, b.coveredAreaKm2), "wilaya \(a.code)")
        }
        #expect(description.speedClasses == 1 && description.offroadKmh == 10 && description.bytes > 0)
    }

    /// Per commune, the population reached within T adds up to the wilaya's figure of `coverage --minutes`.
    @Test func communeCoverageByRoadAddsUpToTheWilayas() throws {
        let f = try Self.fixture.get()
        let sites = Scenario.sites(f.data.knowledge, scenario: nil)
        let wilayas = try RoadAnalysis.coverage(f.data, roads: f.roads, sites: sites, service: .travellers, minutes: 90)
        let communes = try RoadAnalysis.unitCoverage(f.data, roads: f.roads, sites: sites, service: .travellers, minutes: 90, by: .commune)
        for wilaya in wilayas.wilayas {
            let rows = communes.filter { $0.wilaya == wilaya.code }
            #expect(rows.reduce(0) { $0 + $1.coveredPopulation } == wilaya.coveredPopulation, "wilaya \(wilaya.code)")
            #expect(rows.reduce(0) { $0 + $1.population } == wilaya.population, "wilaya \(wilaya.code)")
        }
        #expect((wilayas.wilayas.first { $0.code == "12" }?.coveredPopulation ?? 0) > 0)
    }

    /// The report with roads in three languages (one plan, maps included).
    static let pages: Result<[Language: String], any Error> = Result {
        let f = try fixture.get()
        var options = ReportOptions()
        options.asOf = PartialDate("2026-11-30")!
        options.maxK = 1
        options.roads = ReportRoads(setup: f.roads, description: try RoadDescription.of(f.inputs, setup: f.roads, dataDirectory: geodataDirectory),
                                    minutes: [30, 60])
        return try renderedReports(f.data, options: options)
    }

    @Test func reportHasTheTravelTimeSectionWithTheHandComputedTime() throws {
        let f = try Self.fixture.get()
        let html = try #require(try Self.pages.get()[.en])
        #expect(html.contains("<h2 id=\"travel-time\">Travel time by road</h2>"))
        #expect(html.contains("<a href=\"#travel-time\">"))
        #expect(html.contains("Road network: <bdi>roads.geojson</bdi>") && html.contains("Off-road speed: <bdi>10.0</bdi> km/h"))
        #expect(html.contains("<th class=\"num\">population within 100\u{00A0}km (%)</th><th class=\"num\">population within 30 min (%)</th>"))
        #expect(html.contains("<td>bouchebka (\(formatNumber(f.minutesToTown, decimals: 0)) min)</td>"), "Tébessa's quickest crossing")
        #expect(html.contains("<g id=\"isochrones\""), "the isochrone map")
        #expect(!html.contains("No road data ships"))
        // Corridors: P with its time by road.
        #expect(html.contains("\(f.partnerTown.name) (\(formatNumber(f.partnerTown.distanceKm, decimals: 0)) km, \(formatNumber(f.minutesToPartnerTown, decimals: 0)) min by road)"))
    }

    /// Without roads the report says plainly that it uses distances because no road data ships.
    @Test func reportWithoutRoadsSaysSo() throws {
        let html = try #require(try ReportLocalizationTests.pages.get()[.en])
        #expect(html.contains("No road data ships with BorderPlan, so every distance in this report is a straight geodesic line"))
        #expect(!html.contains("id=\"travel-time\""))
    }

    @Test(arguments: [Language.ar, .fr])
    func travelTimeSectionIsTranslatedAndIsolated(_ language: Language) throws {
        let pages = try Self.pages.get()
        let english = ReportProbe.labels(in: try #require(pages[.en]))
        let translated = ReportProbe.labels(in: try #require(pages[language]))
        #expect(translated.map(\.tag) == english.map(\.tag))
        let same = ReportLocalizationTests.sameWord[language] ?? []
        let untranslated = zip(translated, english).filter { $0.0.text == $0.1.text && !ReportProbe.isOnlyIdsCodesNumbers($0.1.text) && !same.contains($0.1.text) }
        #expect(untranslated.isEmpty, "\(language.rawValue) left in English: \(untranslated.map(\.0.text).prefix(10))")
        if language == .ar {
            let bare = ReportProbe.unisolatedLeftToRight(in: try #require(pages[.ar]))
            #expect(bare.isEmpty, "left-to-right text outside <bdi> or dir: \(bare.prefix(10))")
        }
    }

    /// `crossing ID --roads FILE`: the corridor's times in the command's JSON.
    @Test func crossingCommandShowsCorridorTimes() throws {
        let binary = try #require(builtProduct("borderplan"), "the borderplan executable is built with the tests")
        let f = try Self.fixture.get()
        let result = try run(binary, ["crossing", "bouchebka", "--roads", f.inputs.roads.path, "--speeds", f.inputs.speeds!.path, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let towns = try #require((json["corridor"] as? [String: Any])?["partner_towns"] as? [[String: Any]])
        let first = try #require(towns.first?["town"] as? [String: Any])
        #expect(Self.close(first["road_minutes"] as? Double, f.minutesToPartnerTown, 0.05 / f.minutesToPartnerTown), "rounded to 0.1 min")
    }
}
