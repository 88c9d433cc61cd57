import Foundation
import Geo

/// A commune (baladiya) of `communes.geojson`, with its official wilaya and OSM population.
public struct Commune: Named {
    /// The ONS code ("0101"); nil for the one OSM commune without it.
    public var onsCode: String?
    /// `ons_code`, else "osm-<osm id>": unique in the file.
    public var id: String
    public var wilaya: String
    public var nameAR: String
    public var nameFR: String
    public var nameEN: String
    /// The daira (district) it belongs to, when the source says.
    public var daira: Daira?
    /// OSM population tag (mixed census years); nil when absent.
    public var population: Int?
    public var areaKm2: Double
    public var geometry: Geometry
}

/// A daira as communes.geojson names it.
public struct Daira: Named, Hashable {
    public var osmID: Int
    public var nameAR: String
    public var nameFR: String
    public var nameEN: String
}

extension Geodata {
    /// The communes, sorted by id; polygons checked valid and wilaya codes known.
    public func communes() throws -> [Commune] {
        if let cachedCommunes { return cachedCommunes }
        let path = url(GeodataFile.communes).path
        let codes = Set(try wilayas().map(\.code))
        var seen = Set<String>()
        let features = try read(GeodataFile.communes, as: CommuneProperties.self, inspect: Self.communeCheck)
        let result = try features.map { feature, invalid -> Commune in
            let p = feature.properties
            let id = feature.id ?? p.ons_code ?? "#\(feature.number)"
            guard seen.insert(id).inserted else { throw DataError(file: path, feature: feature.label, field: "id", problem: "dataerrors.commune.duplicate", ["id": .text(id)]) }
            guard codes.contains(p.wilaya_code) else {
                throw DataError(file: path, feature: feature.label, field: "wilaya_code", problem: "dataerrors.commune.wilaya", ["code": .text(p.wilaya_code), "file": .text(GeodataFile.wilayas)])
            }
            if let population = p.population, population < 0 {
                throw DataError(file: path, feature: feature.label, field: "population", problem: "dataerrors.commune.population", ["value": .number("\(population)")])
            }
            let geometry = try requireGeometry(feature, GeodataFile.communes)
            guard geometry.type.isPolygonal else {
                throw DataError(file: path, feature: feature.label, field: "geometry", problem: "dataerrors.geometry.polygonal", ["type": .text(geometry.type.rawValue)])
            }
            if let invalid {
                throw DataError(file: path, feature: feature.label, field: "geometry",
                                problem: "dataerrors.geometry.invalid-polygon", ["reason": .text(invalid), "location": .text("")])
            }
            let daira = p.daira_osm_id.map { Daira(osmID: $0, nameAR: p.daira_name_ar ?? "", nameFR: p.daira_name_fr ?? "", nameEN: p.daira_name_en ?? p.daira_name_fr ?? "") }
            return Commune(onsCode: p.ons_code, id: id, wilaya: p.wilaya_code, nameAR: p.name_ar, nameFR: p.name_fr, nameEN: p.name_en ?? p.name_fr,
                           daira: daira, population: p.population, areaKm2: p.area_km2, geometry: geometry)
        }
        cachedCommunes = result
        return result
    }

    /// Starts reading `communes.geojson` on another thread (see `GeodataPrefetch`), so that
    /// `communes()` finds it parsed and checked; does nothing once they are read.
    public func prefetchCommunes() {
        prefetch([.communes])
    }

    /// The inspection of a commune: GEOS's reason when its geometry is a polygon that is not valid.
    static func communeCheck(_ feature: Feature<CommuneProperties>) throws -> String? {
        try invalidPolygon(feature.geometry)
    }

    /// GEOS's reason when `geometry` is a non-empty polygon or multipolygon that is not valid.
    static func invalidPolygon(_ geometry: Geometry?) throws -> String? {
        guard let geometry, !geometry.isEmpty, geometry.type.isPolygonal else { return nil }
        let validity = try geometry.validity()
        return validity.isValid ? nil : validity.reason ?? "invalid"
    }
}
