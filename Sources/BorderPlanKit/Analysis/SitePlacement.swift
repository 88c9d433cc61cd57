import Foundation
import Geo

extension AnalysisData {
    /// Refuses a crossing whose position is not in Algeria nor within the snap distance of a
    /// wilaya (5 km plus its stated precision): coverage, catchments and plans measured from it
    /// would be silently wrong (a "100 km disc" at longitude 180 covers nothing it should).
    /// `validate` lists such crossings with the other findings; every analysis refuses them.
    public func requireCrossingsPlaced() throws {
        for crossing in knowledge.crossings {
            let precision = crossing.precisionKm.isFinite ? max(0, crossing.precisionKm) : 0
            guard try linker.wilaya(at: crossing.location, precisionKm: precision) == nil else { continue }
            throw DataError(file: geodata.directory.appendingPathComponent(KnowledgeBase.crossingsFile).path, feature: crossing.featureLabel,
                            field: "geometry", problem: "dataerrors.crossing.outside", ["lat": .number("\(crossing.location.lat)"), "lon": .number("\(crossing.location.lon)"),
                                                                         "limit": .number(PlanLimits.show(KnowledgeLinker.wilayaSnapKm + precision))])
        }
    }
}
