import Foundation
import Geo

/// Reading the road part of a scenario file (`RoadScenario`): every error names the file, the
/// entry and the field.
extension RoadScenario {
    /// A GeoJSON Polygon or MultiPolygon geometry as the file gives it.
    struct PolygonJSON: Decodable {
        var type: String
        var polygons: [[[[Double]]]]

        enum Keys: String, CodingKey { case type, coordinates }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            type = try container.decode(String.self, forKey: .type)
            switch type {
            case "Polygon": polygons = [try container.decode([[[Double]]].self, forKey: .coordinates)]
            case "MultiPolygon": polygons = try container.decode([[[[Double]]]].self, forKey: .coordinates)
            default: polygons = []
            }
        }
    }

    struct ChangeJSON: Decodable {
        var roadClass: String?
        var area: PolygonJSON?
        var speedKmh: Double?
        var factor: Double?

        enum CodingKeys: String, CodingKey {
            case roadClass = "class", area, speedKmh = "speed_kmh", factor
        }
    }

    struct FileFormat: Decodable {
        var roads: String?
        var speeds: String?
        var closeWays: [Int64]?
        var closeAreas: [PolygonJSON]?
        var speedChanges: [ChangeJSON]?

        enum CodingKeys: String, CodingKey {
            case roads, speeds, closeWays = "close_ways", closeAreas = "close_areas", speedChanges = "speed_changes"
        }
    }

    /// The road part of scenario JSON (nil when it has none); paths relative to the file's folder.
    public static func parse(_ data: Data, file: String, context: GeometryContext) throws -> RoadScenario? {
        let format = try decodeJSON(FileFormat.self, from: data, file: file, itemName: "entry")
        var scenario = RoadScenario(file: file)
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        func path(_ text: String?, field: String) throws -> URL? {
            guard let text else { return nil }
            guard !text.isEmpty else { throw DataError(file: file, field: field, problem: "dataerrors.roadscenario.empty-path") }
            return text.hasPrefix("/") ? URL(fileURLWithPath: text) : folder.appendingPathComponent(text)
        }
        scenario.roads = try path(format.roads, field: "roads")
        scenario.speeds = try path(format.speeds, field: "speeds")
        scenario.closeWays = format.closeWays ?? []
        scenario.closeAreas = try (format.closeAreas ?? []).enumerated().map { index, polygon in
            try area(polygon, label: "close_areas[\(index)]", field: "close_areas", file: file, context: context)
        }
        scenario.speedChanges = try (format.speedChanges ?? []).enumerated().map { index, change in
            try speedChange(change, label: "speed_changes[\(index)]", file: file, context: context)
        }
        return scenario.isEmpty ? nil : scenario
    }

    /// One speed change: a class or an area, and a speed or a factor (each exactly once).
    static func speedChange(_ change: ChangeJSON, label: String, file: String, context: GeometryContext) throws -> SpeedChange {
        let target: Target
        switch (change.roadClass, change.area) {
        case let (name?, nil):
            guard !name.isEmpty else { throw DataError(file: file, feature: label, field: "class", problem: "dataerrors.roadscenario.empty-class") }
            target = .roadClass(name.lowercased())
        case let (nil, polygon?):
            target = .area(try area(polygon, label: label, field: "area", file: file, context: context))
        default:
            throw DataError(file: file, feature: label, field: "class/area", problem: "dataerrors.roadscenario.class-or-area")
        }
        let speed: Speed
        switch (change.speedKmh, change.factor) {
        case let (kmh?, nil):
            guard kmh.isFinite, kmh > 0 else { throw DataError(file: file, feature: label, field: "speed_kmh", problem: "dataerrors.roadscenario.speed", ["value": .number("\(kmh)")]) }
            speed = .kmh(kmh)
        case let (nil, factor?):
            guard factor.isFinite, factor > 0 else { throw DataError(file: file, feature: label, field: "factor", problem: "dataerrors.roadscenario.factor", ["value": .number("\(factor)")]) }
            speed = .factor(factor)
        default:
            throw DataError(file: file, feature: label, field: "speed_kmh/factor", problem: "dataerrors.roadscenario.speed-or-factor")
        }
        return SpeedChange(target: target, speed: speed, label: label)
    }

    /// A polygon of the file, checked: Polygon or MultiPolygon, positions on the globe, rings
    /// closed with at least 4 positions, valid for GEOS (no self-intersection).
    static func area(_ polygon: PolygonJSON, label: String, field: String, file: String, context: GeometryContext) throws -> Area {
        guard !polygon.polygons.isEmpty else {
            throw DataError(file: file, feature: label, field: field, problem: "dataerrors.roadscenario.not-polygon", ["type": .text("\(polygon.type)")])
        }
        let rings = try polygon.polygons.map { rings in
            guard !rings.isEmpty else { throw DataError(file: file, feature: label, field: field, problem: "dataerrors.roadscenario.no-ring") }
            return try rings.map { ring -> [Coordinate] in
                let points = try ring.map { position -> Coordinate in
                    guard position.count >= 2, position[0].isFinite, position[1].isFinite, abs(position[0]) <= 180, abs(position[1]) <= 90 else {
                        throw DataError(file: file, feature: label, field: field, problem: "dataerrors.roadscenario.position", ["position": .text("\(position)")])
                    }
                    return Coordinate(lon: position[0], lat: position[1])
                }
                guard points.count >= 4, points.first == points.last else {
                    throw DataError(file: file, feature: label, field: field, problem: "dataerrors.roadscenario.ring")
                }
                return points
            }
        }
        let area = Area(polygons: rings, label: label)
        let validity = try area.geometry(context).validity()
        guard validity.isValid else {
            let reason = MessageValue.text(validity.reason ?? "GEOS")
            guard let at = validity.location else { throw DataError(file: file, feature: label, field: field, problem: "dataerrors.roadscenario.invalid", ["reason": reason]) }
            throw DataError(file: file, feature: label, field: field, problem: "dataerrors.roadscenario.invalid-at",
                            ["reason": reason, "lon": .number("\(at.lon)"), "lat": .number("\(at.lat)")])
        }
        return area
    }
}
