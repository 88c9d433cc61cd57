import Foundation
import Geo

/// A project's `geometry` member as written: a GeoJSON geometry object. It is decoded without
/// judging it, then checked by `Project.shape(file:)`, so that an error names the project by id.
public struct ProjectGeometry: Codable, Sendable, Equatable {
    public var type: String
    public var coordinates: GeoJSONPositions
}

/// GeoJSON `coordinates` as written: a position, or a list of them at any depth.
public indirect enum GeoJSONPositions: Codable, Sendable, Equatable {
    case position([Double])
    case list([GeoJSONPositions])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        // A number array is a position; anything else must be a list of deeper arrays.
        if let numbers = try? container.decode([Double].self) { self = .position(numbers); return }
        self = .list(try container.decode([GeoJSONPositions].self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .position(numbers): try container.encode(numbers)
        case let .list(items): try container.encode(items)
        }
    }
}

/// A checked project geometry: a Point (a zone) or a LineString (a road), in WGS84 degrees.
public struct ProjectShape: Sendable, Equatable {
    public enum Kind: String, Sendable { case point = "Point", lineString = "LineString" }
    public var kind: Kind
    public var coordinates: [Coordinate]

    /// The GEOS geometry of the shape.
    public func geometry(in context: GeometryContext) throws -> Geometry {
        switch kind {
        case .point: return try Geometry.point(coordinates[0], in: context)
        case .lineString: return try Geometry.lineString(coordinates, in: context)
        }
    }
}

extension Project {
    /// The project's geometry, checked: a Point or a LineString of at least two positions, each
    /// two or three finite numbers, longitude in −180…180 and latitude in −90…90. Nil when the file
    /// has none. Errors name `file`, the project and the field.
    public func shape(file: String) throws -> ProjectShape? {
        guard let geometry else { return nil }
        let here = "project '\(id)'"
        func fail(_ field: String, _ key: String, _ arguments: [String: MessageValue] = [:]) -> DataError {
            DataError(file: file, feature: here, field: field, problem: key, arguments)
        }
        func position(_ item: GeoJSONPositions, _ field: String) throws -> Coordinate {
            guard case let .position(numbers) = item else { throw fail(field, "dataerrors.project.position") }
            guard (2...3).contains(numbers.count) else { throw fail(field, "dataerrors.project.position-size", ["count": .number("\(numbers.count)")]) }
            let (lon, lat) = (numbers[0], numbers[1])
            guard lon.isFinite, lat.isFinite, abs(lon) <= 180, abs(lat) <= 90 else {
                throw fail(field, "dataerrors.project.degrees", ["lon": .number("\(lon)"), "lat": .number("\(lat)")])
            }
            return Coordinate(lon: lon, lat: lat)
        }
        switch geometry.type {
        case ProjectShape.Kind.point.rawValue:
            return ProjectShape(kind: .point, coordinates: [try position(geometry.coordinates, "geometry.coordinates")])
        case ProjectShape.Kind.lineString.rawValue:
            guard case let .list(items) = geometry.coordinates else { throw fail("geometry.coordinates", "dataerrors.project.line-list") }
            guard items.count >= 2 else { throw fail("geometry.coordinates", "dataerrors.project.line-size", ["count": .number("\(items.count)")]) }
            let points = try items.enumerated().map { try position($1, "geometry.coordinates[\($0)]") }
            return ProjectShape(kind: .lineString, coordinates: points)
        default:
            throw fail("geometry.type", "dataerrors.project.type", ["type": .text(geometry.type)])
        }
    }
}
