import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// The synthetic square of `SyntheticGeodata` (wilaya 01, 0–1° E × 0–1° N, crossing "east" at
/// 1° E 0.5° N on the TN border) with a partner country: Tunisia is the rectangle 1–2° E × 0.5–1° N,
/// so its corner sits on the crossing and a disc clipped to it is a quarter disc, while a disc
/// clipped to Algeria is a half disc.
enum TwoCountryFixture {
    typealias PartnerPlaceRow = (id: Int, name: String, country: String, lon: Double, lat: Double, population: Double, border: String, borderKm: Double)

    /// Across (TN, 2,000, 0.2° E and 0.2° N of the crossing: ≈ 31.4 km), Beyond (TN, 3,000, 0.8° E: ≈ 89 km),
    /// Sidestep (LY, 700, 0.1° E: 11 km, but a TN crossing does not lead into Libya).
    static let places: [PartnerPlaceRow] = [
        (11, "Across", "TN", 1.2, 0.7, 2_000, "TN", 22.264), (12, "Beyond", "TN", 1.8, 0.5, 3_000, "TN", 89.056),
        (13, "Sidestep", "LY", 1.1, 0.5, 700, "LY", 11.132),
    ]

    static func write() throws -> URL {
        let folder = try SyntheticGeodata.write()
        let context = GeometryContext()
        let tunisia = try Geometry.rectangle(Envelope(minX: 1, minY: 0.5, maxX: 2, maxY: 1), in: context)
        try writeAtomically(try GeoJSONWriter.featureCollection([OutputFeature(id: "TN", geometry: tunisia, properties: [
            JSONMember("iso2", "TN"), JSONMember("adm0_a3", "TUN"), JSONMember("name_ar", "تونس"), JSONMember("name_fr", "Tunisie"), JSONMember("name_en", "Tunisia"),
        ])]), to: folder.appendingPathComponent(GeodataFile.neighbours))
        try writePlaces(places, to: folder)
        return folder
    }

    static func writePlaces(_ rows: [PartnerPlaceRow], to folder: URL) throws {
        let context = GeometryContext()
        let features = try rows.map { row in
            OutputFeature(id: String(row.id), geometry: try .point(Coordinate(lon: row.lon, lat: row.lat), in: context), properties: [
                JSONMember("geonameid", .int(row.id)), JSONMember("name", .string(row.name)), JSONMember("country", .string(row.country)),
                JSONMember("population", .number(row.population, decimals: 3)), JSONMember("name_ar", nil), JSONMember("name_ar_source", "none"),
                JSONMember("name_fr", .string(row.name)), JSONMember("name_fr_source", "geonames-name"),
                JSONMember("name_en", .string(row.name)), JSONMember("name_en_source", "geonames-name"),
                JSONMember("border", .string(row.border)), JSONMember("border_km", .number(row.borderKm, decimals: 3)),
            ])
        }
        try writeAtomically(try GeoJSONWriter.featureCollection(features), to: folder.appendingPathComponent(GeodataFile.partnerPlaces))
    }
}

@Suite struct TwoSidedCoverageTests {
    func run(_ folder: URL, radiusKm: Double = 50) throws -> (TwoSidedCoverageResult, AnalysisData) {
        let data = try AnalysisData(directory: folder, demandModel: .places)  // the fixture has places, no communes
        let result = try TwoSidedCoverage(data: data, partner: try PartnerSide(geodata: data.geodata))
            .run(sites: Scenario.sites(data.knowledge, scenario: nil), service: .default, radiusKm: radiusKm, side: .both)
        return (result, data)
    }

    @Test func syntheticTwoCountriesHandComputed() throws {
        let folder = try TwoCountryFixture.write()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (result, _) = try run(folder)
        // Algerian side: "Near" (11 km) is covered, "Far" (89 km) is not: 1,000 (as CoverageTests).
        // Partner side: Across (≈ 31 km) is; Beyond (≈ 89 km) is not; Sidestep is Libyan: a TN crossing does not reach it.
        #expect(result.dz.wilayas.first?.coveredPopulation == 1_000)
        let tn = try #require(result.partners.first { $0.partner == .TN })
        #expect(tn.coveredPopulation == 2_000 && tn.coveredPlaces == 1)
        #expect(tn.nearBorderPopulation == 2_000, "Across is 22 km from the border, Beyond 89 km: only Across is within 50 km")
        #expect(result.partners.first { $0.partner == .LY }?.coveredPopulation == 0)
        let border = try #require(result.borders.first { $0.border == .TN })
        #expect(border.dzCovered == 1_000 && border.partnerCovered == 2_000)
        let crossing = try #require(result.crossings.first)
        #expect(crossing.id == "east" && crossing.dzPopulation == 1_000 && crossing.partnerPopulation == 2_000)
        // At 101 km Beyond (0.8° of longitude at the equator: 89.06 km) joins on the partner side: 5,000;
        // Far (0.9°: 100.19 km) on the Algerian side: 1,500. Sidestep stays out: it is Libyan.
        let (wide, _) = try run(folder, radiusKm: 101)
        #expect(wide.crossings.first?.partnerPopulation == 5_000 && wide.crossings.first?.dzPopulation == 1_500)
    }

    @Test func partnerCatchmentIsClippedToThePartnerNeverToAlgeria() throws {
        let folder = try TwoCountryFixture.write()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (result, data) = try run(folder)
        let tn = try #require(result.partners.first { $0.partner == .TN })
        // The crossing is Tunisia's corner: a quarter of the 50 km disc, π·50²/4 = 1,963.50 km²; clipped to
        // Algeria it would be a half disc (3,926.99 km²). 0.5 %: the 256-vertex disc and the 0.5° N
        // parallel, which is not a geodesic, over 50 km.
        let quarter = Double.pi * 50 * 50 / 4
        #expect(abs(tn.catchmentAreaKm2 - quarter) / quarter < 0.005)
        #expect(abs((result.crossings.first?.partnerAreaKm2 ?? 0) - quarter) / quarter < 0.005)
        let algeria = try #require(data.wilaya("01")).geometry
        let overlap = try Geodesic.wgs84.area(of: tn.catchment.intersection(algeria)) / 1e6
        #expect(overlap < 0.01, "the partner catchment has \(overlap) km² inside Algeria")
    }

    @Test func badPartnerPlacesNameFileFeatureAndField() throws {
        let good = TwoCountryFixture.places[0]
        var fraction = good; fraction.population = 1.5
        var border = good; border.border = "LY"
        var distance = good; distance.borderKm = -3
        var country = good; country.country = "XX"
        var duplicate = TwoCountryFixture.places[1]; duplicate.id = good.id
        for (rows, field) in [([fraction], "population"), ([border], "border"), ([distance], "border_km"), ([country], "country"),
                              ([good, duplicate], "geonameid")] {
            let folder = try TwoCountryFixture.write()
            defer { try? FileManager.default.removeItem(at: folder) }
            try TwoCountryFixture.writePlaces(rows, to: folder)
            do {
                _ = try Geodata(directory: folder).partnerPlaces()
                Issue.record("\(field): accepted")
            } catch let error as DataError {
                #expect(error.file.hasSuffix(GeodataFile.partnerPlaces), "\(error)")
                #expect(error.field == field, "\(error)")
                #expect(error.feature?.contains("feature") == true, "\(error)")
            }
        }
    }
}

@Suite struct PartnerPlacesDataTests {
    /// The committed layer: the issue's figures within 100 km of the border (GeoNames populations:
    /// Tunisia ≈ 1.26 M, Morocco ≈ 1.85 M, Libya ≈ 47 k), measured again here from the places.
    @Test func committedLayerMatchesTheIssuesFigures() throws {
        let places = try Geodata(directory: geodataDirectory).partnerPlaces()
        #expect(places.count > 1_100 && places.count < 1_250)
        func near(_ partner: Partner) -> Int { places.filter { $0.country == partner && $0.borderKm <= 100 }.reduce(0) { $0 + $1.population } }
        #expect(abs(near(.TN) - 1_260_000) < 20_000)
        #expect(abs(near(.MA) - 1_850_000) < 20_000)
        #expect(abs(near(.LY) - 47_000) < 2_000)
        #expect(Set(places.map(\.country)) == Set(Partner.allCases))
        // border_km is the geodesic distance to the border line: check a few against GeodesicDistance.
        let geodata = Geodata(directory: geodataDirectory)
        let distance = GeodesicDistance(proj: try ProjContext())
        let borders = try geodata.landBorders()
        for place in places.prefix(5) + places.filter({ $0.borderKm < 50 }).prefix(5) {
            let line = try #require(borders.first { $0.country == place.border }?.geometry)
            let km = try distance.distance(from: place.location, to: line) / 1_000
            #expect(abs(km - place.borderKm) < 0.01, "\(place.name): \(km) km vs \(place.borderKm)")
        }
    }
}

@Suite struct CorridorTests {
    /// Every crossing's corridors against a brute-force search with Geo's geodesic inverse (Karney, PROJ's geodesic.h).
    @Test func corridorsAreTheNearestTownsAtGeodesicDistances() throws {
        let data = try AnalysisData(directory: geodataDirectory)
        let partner = try PartnerSide(geodata: data.geodata)
        let sites = Scenario.sites(data.knowledge, scenario: nil)
        let corridors = Corridors.compute(places: data.places, partner: partner, sites: sites)
        #expect(corridors.count == sites.count)
        for (site, corridor) in zip(sites, corridors) {
            for size in TownSize.allCases {
                let expected = partner.places.filter { $0.country == site.partner && $0.population >= size.minimum }
                    .map { ($0.name, Geodesic.wgs84.inverse(from: site.location, to: $0.location).distance / 1_000) }
                    .min { $0.1 < $1.1 }
                let town = corridor.partnerTowns[size]
                #expect(town?.name == expected?.0 || (town != nil && abs(town!.distanceKm - (expected?.1 ?? 0)) < 1e-9), "\(site.id) ≥ \(size.minimum)")
                if let town {
                    let reference = Geodesic.wgs84.inverse(from: site.location, to: town.location).distance / 1_000
                    #expect(abs(town.distanceKm - reference) < 1e-6)
                    #expect(town.country == site.partner && town.population >= size.minimum)
                }
                if let seat = corridor.dzSeats[size] {
                    #expect(abs(seat.distanceKm - Geodesic.wgs84.inverse(from: site.location, to: seat.location).distance / 1_000) < 1e-6)
                    #expect(seat.population >= size.minimum && seat.wilaya != nil)
                }
            }
        }
        // In Guezzam leads to Arlit (Niger), the Trans-Saharan road: its nearest Nigerien town of 100 k is Agadez or Arlit.
        let guezzam = try #require(corridors.first { $0.id == "in-guezzam" })
        #expect(guezzam.partnerTowns[.k10]?.name == "Arlit")
    }
}

@Suite(.serialized) struct TwoSidedPlanTests {
    let data: AnalysisData

    init() throws {
        data = try AnalysisData(directory: geodataDirectory)
    }

    func plan(_ configure: (inout PlanRequest) -> Void) throws -> PlanResult {
        var request = PlanRequest(radiusKm: 100, k: 2)
        request.service = .travellers
        configure(&request)
        return try Planner.run(request, data: data)
    }

    /// The corridor objective against a brute-force count: each pick's gain is the population of the
    /// towns of ≥ 10 k of its partner within 300 km (Geo's geodesic inverse) that neither the open
    /// crossings nor the picks before it reach.
    @Test func corridorGainsAreTheNewlyReachedPartnerTowns() throws {
        let result = try plan { $0.objective = .corridor }
        #expect(result.optimal && !result.selected.isEmpty)
        let towns = try PartnerSide(geodata: data.geodata).places.filter { $0.population >= 10_000 }
        func reached(_ site: Site) -> Set<Int> {
            Set(towns.filter { $0.country == site.partner && Geodesic.wgs84.inverse(from: site.location, to: $0.location).distance <= 300_000 }.map(\.id))
        }
        let open = Scenario.sites(data.knowledge, scenario: nil).filter(Service.travellers.serves)
        var seen = open.reduce(into: Set<Int>()) { $0.formUnion(reached($1)) }
        for pick in result.selected {
            let new = reached(pick.site).subtracting(seen)
            let gain = towns.filter { new.contains($0.id) }.reduce(0) { $0 + $1.population }
            #expect(pick.marginal == Double(gain), "\(pick.site.id)")
            #expect(pick.sides?.partner == Double(gain) && pick.sides?.dz == 0)
            seen.formUnion(new)
        }
        #expect(result.coveredAfter == Double(towns.filter { seen.contains($0.id) }.reduce(0) { $0 + $1.population }))
    }

    /// Two-sided demand: every pick's gain is its Algerian-side gain plus its partner-side gain, and the
    /// partner-only plan's gains are partner-side only; the Algerian-only plan has no side split.
    @Test func bothSidesSplitEachGain() throws {
        let both = try plan { $0.side = .both; $0.excludePartners = [.MA] }
        #expect(both.optimal && !both.selected.isEmpty)
        for pick in both.selected {
            let sides = try #require(pick.sides)
            #expect(sides.dz + sides.partner == pick.marginal, "\(pick.site.id)")
        }
        let partner = try plan { $0.side = .partner; $0.excludePartners = [.MA] }
        #expect(partner.selected.allSatisfy { $0.sides?.dz == 0 && $0.sides?.partner == $0.marginal })
        let dz = try plan { $0.excludePartners = [.MA] }
        #expect(dz.selected.allSatisfy { $0.sides == nil })
        // The same "covered" as coverage --side both: the partner side before the plan is coverage's.
        let coverage = try TwoSidedCoverage(data: data, partner: try PartnerSide(geodata: data.geodata))
            .run(sites: Scenario.sites(data.knowledge, scenario: nil), service: .travellers, radiusKm: 100, side: .partner)
        #expect(partner.coveredBefore == Double(coverage.partners.reduce(0) { $0 + $1.coveredPopulation }))
    }
}

@Suite struct PartnerPlaceBuildTests {
    /// The builder's fixture (GeodataBuilderFixtureTests): its one Tunisian place, "Tunis side" at 2.5° E
    /// 31° N, east of the Tunisian border (the 2° E meridian from 30° N to 32° N). Its `border_km` is
    /// checked against a brute-force minimum of Geo's geodesic inverse over points of that meridian
    /// every 0.0001° (≈ 11 m: the minimum is flat there, so the sampling error is far below 1 m).
    @Test func fixturePlaceIsLinkedToItsBorderAtItsGeodesicDistance() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }  // best effort: a leftover temporary folder is harmless
        let sources = folder.appendingPathComponent("sources"), output = folder.appendingPathComponent("out")
        for url in [sources, output] { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        try GeodataBuilderFixtureTests.writeFixture(sources: sources, output: output)
        let builder = GeodataBuilder(sources: sources, output: output, log: { _ in })
        let files = try builder.outputFiles(try builder.compute(context: GeometryContext()))
        let places = try GeodataBuilderFixtureTests.features(files, GeodataFile.partnerPlaces).compactMap { $0["properties"] as? [String: Any] }
        #expect(places.count == 1, "only the TN place of cities500; the DZ ones are Algeria's")
        let place = try #require(places.first)
        #expect(place["country"] as? String == "TN" && place["border"] as? String == "TN" && place["population"] as? Int == 7_000)
        #expect(place["name_ar"] as? String == "تونس" && place["name_ar_source"] as? String == "geonames-alternate")
        #expect(place["name_fr"] as? String == "Tunis side" && place["name_en_source"] as? String == "geonames-name")
        let from = Coordinate(lon: 2.5, lat: 31)
        let brute = stride(from: 30.0, through: 32.0, by: 0.0001).map { Geodesic.wgs84.inverse(from: from, to: Coordinate(lon: 2, lat: $0)).distance }.min()!
        #expect(abs((place["border_km"] as? Double ?? 0) - brute / 1_000) < 0.002, "written to the metre")
    }
}
