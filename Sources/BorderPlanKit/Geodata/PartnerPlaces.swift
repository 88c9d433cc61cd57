import Foundation
import Geo

/// Where a partner place's name in one language comes from (`name_*_source` in partner-places.geojson).
/// GeoNames' cities500 gives a place's name and an unlabelled list of alternate names: only the
/// Arabic one can be recognised (by its script); French and English fall back to the GeoNames name.
public enum PartnerNameSource: String, ClosedSet {
    /// The first GeoNames alternate name written in Arabic script (`ArabicScript.isAlgerianArabic`).
    case geonamesAlternate = "geonames-alternate"
    /// The GeoNames name (the romanised name GeoNames lists the place under).
    case geonamesName = "geonames-name"
    /// No name in that language.
    case none
}

/// A GeoNames place of one of Algeria's seven neighbours (`geodata/partner-places.geojson`),
/// linked to the land border of its country with Algeria.
public struct PartnerPlace: Sendable {
    public var id: Int
    public var name: String
    public var nameAR: String?
    public var nameFR: String
    public var nameEN: String
    /// The GeoNames country (Western Sahara EH and Morocco MA apart).
    public var country: Partner
    public var population: Int
    public var location: Coordinate
    /// The land border the place faces: its country's border with Algeria.
    public var border: Partner
    /// Geodesic distance to the nearest point of that border, km.
    public var borderKm: Double
}

/// Properties of a feature of `partner-places.geojson`.
public struct PartnerPlaceProperties: Codable, Sendable {
    public var geonameID: Int
    public var name: String
    public var country: Partner
    /// Read as a JSON number and checked at load, as `PlaceProperties.population`.
    public var population: Double
    public var nameAR: String?
    public var nameARSource: PartnerNameSource
    public var nameFR: String
    public var nameFRSource: PartnerNameSource
    public var nameEN: String
    public var nameENSource: PartnerNameSource
    public var border: Partner
    public var borderKm: Double

    enum CodingKeys: String, CodingKey {
        case name, country, population, border
        case geonameID = "geonameid", nameAR = "name_ar", nameARSource = "name_ar_source", nameFR = "name_fr", nameFRSource = "name_fr_source"
        case nameEN = "name_en", nameENSource = "name_en_source", borderKm = "border_km"
    }
}

extension Geodata {
    /// Largest `border_km` accepted: farther than any point of the seven neighbours from Algeria.
    public static let maxPartnerBorderKm = 5_000.0

    /// The neighbours' GeoNames places, largest first; every field checked, errors name the feature.
    public func partnerPlaces() throws -> [PartnerPlace] {
        if let cachedPartnerPlaces { return cachedPartnerPlaces }
        let file = url(GeodataFile.partnerPlaces).path
        var seen = Set<Int>()
        let result = try read(GeodataFile.partnerPlaces, as: PartnerPlaceProperties.self).map { feature -> PartnerPlace in
            let p = feature.properties
            let fail = { (field: String, key: String, arguments: [String: MessageValue]) in DataError(file: file, feature: feature.label, field: field, problem: key, arguments) }
            guard seen.insert(p.geonameID).inserted else { throw fail("geonameid", "dataerrors.place.duplicate", ["id": .text("\(p.geonameID)")]) }
            let geometry = try requireGeometry(feature, GeodataFile.partnerPlaces)
            guard geometry.type == .point, let location = try geometry.coordinates.first,
                  (-180...180).contains(location.lon), (-90...90).contains(location.lat) else {
                throw fail("geometry", "dataerrors.place.point", [:])
            }
            let bounds = PlanLimits.placePopulation
            guard p.population == p.population.rounded(), p.population >= Double(bounds.lowerBound), p.population <= Double(bounds.upperBound) else {
                throw fail("population", "dataerrors.place.population",
                           ["value": .number(PlanLimits.show(p.population)), "min": .number("\(bounds.lowerBound)"), "max": .number("\(bounds.upperBound)")])
            }
            guard p.border == p.country else {
                throw fail("border", "dataerrors.place.border", ["country": .text("\(p.country)"), "border": .text("\(p.border)")])
            }
            guard p.borderKm.isFinite, p.borderKm >= 0, p.borderKm <= Self.maxPartnerBorderKm else {
                throw fail("border_km", "dataerrors.place.border-km", ["value": .number(PlanLimits.show(p.borderKm)), "limit": .number(PlanLimits.show(Self.maxPartnerBorderKm))])
            }
            return PartnerPlace(id: p.geonameID, name: p.name, nameAR: p.nameAR, nameFR: p.nameFR, nameEN: p.nameEN, country: p.country,
                                population: Int(p.population), location: location, border: p.border, borderKm: p.borderKm)
        }
        cachedPartnerPlaces = result
        return result
    }
}
