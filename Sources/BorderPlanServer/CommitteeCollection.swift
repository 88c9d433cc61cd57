import BorderPlanKit
import Foundation
import Geo

extension FeatureCatalog {
    /// `committees`: each cross-border committee or meeting, with the union of the wilayas it names
    /// (local meetings of border walis) as its geometry, or no geometry when it concerns a whole
    /// border; its latest session's date (partial ISO 8601, with its precision) makes the
    /// collection filterable by `datetime`.
    public static func committees(_ data: AnalysisData) throws -> ServedCollection {
        let columns = [ExportColumn("kind", .text), ExportColumn("partner", .text), ExportColumn("partners_count", .integer),
                       ExportColumn("sessions", .integer), ExportColumn("last_session_date", .text),
                       ExportColumn("last_session_date_precision", .text), ExportColumn("last_session_place", .text),
                       ExportColumn("wilaya_count", .integer)]
        let features = try data.knowledge.committees.map { committee in
            let codes = committee.isLimitedToNamedWilayas ? committee.algerianWilayaCodes ?? [] : []
            let parts = codes.compactMap { data.wilaya($0)?.geometry }
            let geometry = parts.isEmpty ? nil : try Geometry.union(of: parts, coverage: true, in: data.geodata.context).promotedToMulti()
            let date = committee.lastSessionDate
            return OutputFeature(id: committee.id, geometry: geometry, properties: [
                JSONMember("kind", .string(committee.kind.rawValue)), JSONMember("partner", .string(committee.partner.rawValue)),
                JSONMember("partners_count", .int(committee.partners.count)), JSONMember("sessions", committee.sessionsHeld.map { .int($0) } ?? .null),
                JSONMember("last_session_date", .optional(date?.description)), JSONMember("last_session_date_precision", .optional(date?.precisionName)),
                JSONMember("last_session_place", .optional(committee.lastSession?.place)), JSONMember("wilaya_count", .int(parts.count)),
            ])
        }
        return try collection("committees", "Cross-border committees and meetings; geometry: the wilayas a local meeting names (none for a whole border)",
                              columns, features)
    }
}
