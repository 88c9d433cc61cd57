import Foundation
import Geo

/// The road part of a scenario file: another network or speed table, closures ("the road is
/// cut here") and speed changes.
///
/// `{"roads": "roads.gpkg", "speeds": "speeds.csv", "close_ways": [4242],
///   "close_areas": [{"type": "Polygon", "coordinates": [...]}],
///   "speed_changes": [{"class": "track", "speed_kmh": 20}, {"area": {"type": "Polygon", ...}, "factor": 0.5}]}`
///
/// Paths are relative to the scenario file. Polygons are GeoJSON Polygon or MultiPolygon
/// geometries (longitude, latitude), checked valid with GEOS when the file is read.
public struct RoadScenario: Sendable, Equatable {
    /// What a speed change applies to: the roads of a class (the speed table's), or every edge
    /// in an area (for the part of it inside the area).
    public enum Target: Sendable, Equatable {
        case roadClass(String)
        case area(Area)
    }

    /// The new speed: a speed in km/h, or a factor on the speed the road had.
    public enum Speed: Sendable, Equatable {
        case kmh(Double)
        case factor(Double)

        func applied(to kmh: Double) -> Double {
            switch self {
            case let .kmh(value): return value
            case let .factor(value): return kmh * value
            }
        }
    }

    public struct SpeedChange: Sendable, Equatable {
        public var target: Target
        public var speed: Speed
        /// "speed_changes[0]": the entry, for messages.
        public var label: String
    }

    /// A polygonal area: its polygons' rings (exterior first), and the entry it came from.
    public struct Area: Sendable, Equatable {
        public var polygons: [[[Coordinate]]]
        public var label: String

        /// The area as a GEOS geometry in `context`.
        func geometry(_ context: GeometryContext) throws -> Geometry {
            let parts = try polygons.map { rings in
                try Geometry.polygon(exterior: rings[0], holes: Array(rings.dropFirst()), in: context)
            }
            return parts.count == 1 ? parts[0] : try Geometry.collection(.multiPolygon, parts, in: context)
        }
    }

    public var roads: URL?
    public var speeds: URL?
    public var closeWays: [Int64] = []
    public var closeAreas: [Area] = []
    public var speedChanges: [SpeedChange] = []
    /// The scenario file, named in every message.
    public var file: String

    public init(file: String) { self.file = file }

    /// True when the scenario changes nothing on the roads.
    public var isEmpty: Bool { roads == nil && speeds == nil && closeWays.isEmpty && closeAreas.isEmpty && speedChanges.isEmpty }
}
