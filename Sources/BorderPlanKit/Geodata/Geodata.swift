import Foundation
import Geo

/// A wilaya (province) with its official code and boundary.
public struct Wilaya: Named {
    public var code: String
    public var nameAR: String
    public var nameFR: String
    public var nameEN: String
    public var osmID: Int
    /// Geodesic area, km².
    public var areaKm2: Double
    /// Official code of the wilaya it was carved from, for the 21 newer wilayas.
    public var parent: String?
    /// The reform that created it ("2019", "2025/2026").
    public var created: String?
    public var geometry: Geometry
}

/// One of Algeria's seven land neighbours (clipped to ~300 km of Algeria).
public struct Neighbour: Named {
    public var iso2: Partner
    public var nameAR: String
    public var nameFR: String
    public var nameEN: String
    public var geometry: Geometry
}

/// A border of Algeria: the part of its outline facing one neighbour, or the coast.
public struct Border: Named {
    /// The neighbour; nil for the coast.
    public var country: Partner?
    public var nameAR: String
    public var nameFR: String
    public var nameEN: String
    /// Geodesic length, km.
    public var lengthKm: Double
    /// Length inside each wilaya it crosses, sorted by code.
    public var wilayas: [WilayaLength]
    public var geometry: Geometry
    public var isCoast: Bool { country == nil }
}

/// The part of one border inside one wilaya.
public struct BorderSegment {
    public var country: Partner?
    public var wilaya: String
    public var lengthKm: Double
    public var geometry: Geometry
}

/// A GeoNames populated place.
public struct Place {
    public var id: Int
    public var name: String
    public var nameAR: String?
    public var population: Int
    public var wilaya: String
    public var location: Coordinate
}

/// Algeria's outline: the union of the wilayas.
public struct Outline {
    public var areaKm2: Double
    public var perimeterKm: Double
    public var geometry: Geometry
}

/// The geodata directory loaded on demand, each layer parsed once.
///
/// Everything lives in one `GeometryContext` (`context`): use a `Geodata` from
/// one thread at a time, and give each thread its own.
public final class Geodata {
    public let directory: URL
    public let context: GeometryContext
    private var cachedWilayas: [Wilaya]?
    private var cachedOutline: Outline?
    private var cachedNeighbours: [Neighbour]?
    private var cachedBorders: [Border]?
    private var cachedSegments: [BorderSegment]?
    private var cachedPlaces: [Place]?
    var cachedCommunes: [Commune]?
    var cachedPartnerPlaces: [PartnerPlace]?
    /// The layers being read on worker threads (`prefetch`).
    private var prefetcher: GeodataPrefetch?

    public init(directory: URL, context: GeometryContext = GeometryContext()) {
        self.directory = directory
        self.context = context
    }

    /// Where geodata is when `--data` is not given: `$BORDERPLAN_DATA`, else
    /// `./geodata`, else the `geodata/` of the checkout the executable was built in.
    public static func defaultDirectory(executable: String = CommandLine.arguments.first ?? "") -> URL {
        let fileManager = FileManager.default
        if let variable = ProcessInfo.processInfo.environment["BORDERPLAN_DATA"], !variable.isEmpty {
            return URL(fileURLWithPath: variable)
        }
        let local = URL(fileURLWithPath: fileManager.currentDirectoryPath).appendingPathComponent("geodata")
        if fileManager.fileExists(atPath: local.appendingPathComponent(GeodataFile.wilayas).path) { return local }
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = folder.appendingPathComponent("geodata")
            if fileManager.fileExists(atPath: candidate.appendingPathComponent(GeodataFile.wilayas).path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return local
    }

    func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// Reads layer file `name` here, in `context`.
    func readHere<P: Decodable>(_ name: String, as type: P.Type) throws -> [Feature<P>] {
        let url = url(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DataError(file: url.path, problem: "dataerrors.geodata.missing")
        }
        return try GeoJSONReader.read(url, name: url.path, as: type, context: context)
    }

    /// The features of layer file `name`, each with what `inspect` finds in it: as a worker read
    /// them when the layer was prefetched (with the same `inspect`), else read and inspected here.
    func read<P: Decodable & Sendable, I: Sendable>(_ name: String, as type: P.Type,
                                                    inspect: (Feature<P>) throws -> I) throws -> [(feature: Feature<P>, inspection: I)] {
        if let prefetched = try prefetcher?.take(name, in: context, as: type, inspection: I.self) { return prefetched }
        return try readHere(name, as: type).map { ($0, try inspect($0)) }
    }

    /// The features of layer file `name` (prefetched or read here).
    func read<P: Decodable & Sendable>(_ name: String, as type: P.Type) throws -> [Feature<P>] {
        try read(name, as: type, inspect: Self.noInspection).map(\.feature)
    }

    /// The inspection of the layers whose checks need no geometry operation.
    static func noInspection<P>(_ feature: Feature<P>) {}

    /// Starts reading `layers` on worker threads, in this order (see `GeodataPrefetch`), so that
    /// their accessors find them parsed and checked; a layer already read or queued is skipped.
    public func prefetch(_ layers: [GeodataLayer]) {
        let prefetcher = self.prefetcher ?? GeodataPrefetch()
        self.prefetcher = prefetcher
        for layer in layers where !isLoaded(layer) { prefetcher.add(layer.file, job(layer)) }
    }

    private func isLoaded(_ layer: GeodataLayer) -> Bool {
        switch layer {
        case .wilayas: return cachedWilayas != nil
        case .borders: return cachedBorders != nil
        case .borderSegments: return cachedSegments != nil
        case .places: return cachedPlaces != nil
        case .communes: return cachedCommunes != nil
        case .outline: return cachedOutline != nil
        case .neighbours: return cachedNeighbours != nil
        case .partnerPlaces: return cachedPartnerPlaces != nil
        }
    }

    /// The read of `layer` on a worker, with the inspection its accessor passes to `read`.
    private func job(_ layer: GeodataLayer) -> GeodataPrefetch.Job {
        switch layer {
        case .wilayas: return job(layer.file, as: WilayaProperties.self, inspect: Self.polygonCheck)
        case .communes: return job(layer.file, as: CommuneProperties.self, inspect: Self.communeCheck)
        case .borders: return job(layer.file, as: BorderProperties.self, inspect: Self.noInspection)
        case .borderSegments: return job(layer.file, as: BorderSegmentProperties.self, inspect: Self.noInspection)
        case .places: return job(layer.file, as: PlaceProperties.self, inspect: Self.noInspection)
        case .outline: return job(layer.file, as: OutlineProperties.self, inspect: Self.noInspection)
        case .neighbours: return job(layer.file, as: NeighbourProperties.self, inspect: Self.noInspection)
        case .partnerPlaces: return job(layer.file, as: PartnerPlaceProperties.self, inspect: Self.noInspection)
        }
    }

    private func job<P: Decodable & Sendable, I: Sendable>(_ name: String, as type: P.Type,
                                                           inspect: @escaping @Sendable (Feature<P>) throws -> I) -> GeodataPrefetch.Job {
        let directory = directory
        return {
            let own = Geodata(directory: directory, context: GeometryContext())
            return try own.readHere(name, as: type).map { feature in
                try GeodataPrefetch.Parsed(number: feature.number, id: feature.id, properties: feature.properties, wkb: feature.geometry?.wkb,
                                           inspection: inspect(feature))
            }
        }
    }

    func requireGeometry<P>(_ feature: Feature<P>, _ file: String) throws -> Geometry {
        guard let geometry = feature.geometry, !geometry.isEmpty else {
            throw DataError(file: url(file).path, feature: feature.label, field: "geometry", problem: "dataerrors.geometry.missing-empty")
        }
        return geometry
    }

    /// The 69 wilayas, sorted by official code.
    public func wilayas() throws -> [Wilaya] {
        if let cachedWilayas { return cachedWilayas }
        var seen = Set<String>()
        let result = try read(GeodataFile.wilayas, as: WilayaProperties.self, inspect: Self.polygonCheck).map { feature, check -> Wilaya in
            let p = feature.properties
            guard p.code.count == 2, p.code.allSatisfy(\.isNumber) else {
                throw DataError(file: url(GeodataFile.wilayas).path, feature: feature.label, field: "code", problem: "dataerrors.wilaya.code", ["code": .text(p.code)])
            }
            guard seen.insert(p.code).inserted else {
                throw DataError(file: url(GeodataFile.wilayas).path, feature: feature.label, field: "code", problem: "dataerrors.wilaya.duplicate", ["code": .text(p.code)])
            }
            let geometry = try requireGeometry(feature, GeodataFile.wilayas)
            guard geometry.type.isPolygonal else {
                throw DataError(file: url(GeodataFile.wilayas).path, feature: feature.label, field: "geometry", problem: "dataerrors.geometry.polygonal", ["type": .text(geometry.type.rawValue)])
            }
            // Overlays on an invalid polygon fail deep inside GEOS: say where the problem is instead.
            let check = check ?? PolygonCheck(geometry)
            let validity = try check.validity.get()
            guard validity.isValid else {
                throw DataError(file: url(GeodataFile.wilayas).path, feature: feature.label, field: "geometry",
                                problem: "dataerrors.geometry.invalid-polygon",
                                ["reason": .text(validity.reason ?? "invalid"),
                                 "location": validity.location.map { .phrase("dataerrors.geometry.at", ["x": .text("\($0.x)"), "y": .text("\($0.y)")]) } ?? .text("")])
            }
            try checkArea(p.areaKm2, computed: try check.areaM2.get() / 1e6, feature: feature.label)
            return Wilaya(code: p.code, nameAR: p.nameAR, nameFR: p.nameFR, nameEN: p.nameEN, osmID: p.osmID,
                          areaKm2: p.areaKm2, parent: p.parent, created: p.created, geometry: geometry)
        }.sorted { $0.code < $1.code }
        guard !result.isEmpty else { throw DataError(file: url(GeodataFile.wilayas).path, problem: "dataerrors.wilaya.none") }
        cachedWilayas = result
        return result
    }

    /// Largest difference allowed between a wilaya's stored `area_km2` and its geodesic area.
    public static let areaTolerancePercent = 0.1

    /// Refuses a stored area that the geometry does not have (a hole or a spike edited in):
    /// analyses use `area_km2`, so it must be the geometry's geodesic area within the tolerance.
    func checkArea(_ stored: Double, computed: Double, feature: String) throws {
        guard stored.isFinite, computed.isFinite, abs(stored - computed) <= computed * Self.areaTolerancePercent / 100 else {
            throw DataError(file: url(GeodataFile.wilayas).path, feature: feature, field: "area_km2",
                            problem: "dataerrors.wilaya.area", ["stored": .number("\(stored)"), "computed": .number(formatFixed(computed, decimals: 1)),
                                                          "tolerance": .number("\(Self.areaTolerancePercent)")])
        }
    }

    /// What `wilayas()` checks of a polygon that needs GEOS and geodesy: its validity and its
    /// geodesic area (m²), each failure kept to be thrown in its turn among the other checks.
    struct PolygonCheck: Sendable {
        var validity: Result<Validity, any Error>
        var areaM2: Result<Double, any Error>

        init(_ geometry: Geometry) {
            validity = Result { try geometry.validity() }
            areaM2 = Result { try Geodesic.wgs84.area(of: geometry) }
        }
    }

    /// The inspection of a wilaya (nil without a geometry).
    static func polygonCheck(_ feature: Feature<WilayaProperties>) -> PolygonCheck? {
        feature.geometry.map(PolygonCheck.init)
    }

    /// The wilaya with official `code`.
    public func wilaya(code: String) throws -> Wilaya? {
        try wilayas().first { $0.code == code }
    }

    /// Algeria's outline.
    public func outline() throws -> Outline {
        if let cachedOutline { return cachedOutline }
        let features = try read(GeodataFile.outline, as: OutlineProperties.self)
        guard features.count == 1 else {
            throw DataError(file: url(GeodataFile.outline).path, problem: "dataerrors.geodata.one-feature", ["count": .number("\(features.count)")])
        }
        let outline = Outline(areaKm2: features[0].properties.areaKm2, perimeterKm: features[0].properties.perimeterKm,
                              geometry: try requireGeometry(features[0], GeodataFile.outline))
        cachedOutline = outline
        return outline
    }

    /// The seven neighbours.
    public func neighbours() throws -> [Neighbour] {
        if let cachedNeighbours { return cachedNeighbours }
        let result = try read(GeodataFile.neighbours, as: NeighbourProperties.self).map { feature in
            let p = feature.properties
            return Neighbour(iso2: p.iso2, nameAR: p.nameAR, nameFR: p.nameFR, nameEN: p.nameEN,
                             geometry: try requireGeometry(feature, GeodataFile.neighbours))
        }
        cachedNeighbours = result
        return result
    }

    /// The seven land borders (in the file's order) and the coast (last).
    public func borders() throws -> [Border] {
        if let cachedBorders { return cachedBorders }
        let result = try read(GeodataFile.borders, as: BorderProperties.self).map { feature in
            let p = feature.properties
            return Border(country: country(p.kind, p.country), nameAR: p.nameAR, nameFR: p.nameFR, nameEN: p.nameEN,
                          lengthKm: p.lengthKm, wilayas: p.wilayas, geometry: try requireGeometry(feature, GeodataFile.borders))
        }
        cachedBorders = result
        return result
    }

    /// The neighbour a border feature faces: none for the coast.
    private func country(_ kind: BorderKind, _ country: Partner?) -> Partner? {
        switch kind {
        case .land: return country
        case .coast: return nil
        }
    }

    /// The land borders only.
    public func landBorders() throws -> [Border] { try borders().filter { !$0.isCoast } }

    /// Every border's part in every wilaya.
    public func borderSegments() throws -> [BorderSegment] {
        if let cachedSegments { return cachedSegments }
        let result = try read(GeodataFile.borderSegments, as: BorderSegmentProperties.self).map { feature in
            let p = feature.properties
            return BorderSegment(country: country(p.kind, p.country), wilaya: p.wilaya, lengthKm: p.lengthKm,
                                 geometry: try requireGeometry(feature, GeodataFile.borderSegments))
        }
        cachedSegments = result
        return result
    }

    /// GeoNames populated places, largest first.
    public func places() throws -> [Place] {
        if let cachedPlaces { return cachedPlaces }
        let result = try read(GeodataFile.places, as: PlaceProperties.self).map { feature in
            let p = feature.properties
            let geometry = try requireGeometry(feature, GeodataFile.places)
            guard geometry.type == .point, let location = try geometry.coordinates.first else {
                throw DataError(file: url(GeodataFile.places).path, feature: feature.label, field: "geometry", problem: "errors.kb.not-a-point")
            }
            let bounds = PlanLimits.placePopulation
            guard p.population == p.population.rounded(), p.population >= Double(bounds.lowerBound), p.population <= Double(bounds.upperBound) else {
                throw DataError(file: url(GeodataFile.places).path, feature: feature.label, field: "population",
                                problem: "dataerrors.place.population", ["value": .number(PlanLimits.show(p.population)), "min": .number("\(bounds.lowerBound)"), "max": .number("\(bounds.upperBound)")])
            }
            return Place(id: p.geonameID, name: p.name, nameAR: p.nameAR, population: Int(p.population), wilaya: p.wilaya, location: location)
        }
        cachedPlaces = result
        return result
    }

    /// Codes of the wilayas with at least `minimumKm` of land border, sorted.
    public func borderWilayaCodes(minimumKm: Double = 1) throws -> [String] {
        var lengths: [String: Double] = [:]
        for border in try landBorders() {
            for part in border.wilayas { lengths[part.code, default: 0] += part.lengthKm }
        }
        return lengths.filter { $0.value >= minimumKm }.keys.sorted()
    }
}
