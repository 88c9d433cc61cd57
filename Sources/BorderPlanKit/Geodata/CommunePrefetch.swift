import Foundation
import Geo

/// `communes.geojson` read on a thread of its own while the other layers load. It is the
/// largest layer (1,538 polygons, about 230,000 positions): its parse and its polygons'
/// validity checks run in the thread's own GEOS context, and the geometries come back as WKB
/// (exact doubles) to be rebuilt in the caller's context. Errors come back too, thrown by
/// `features(in:)` exactly as the same read on the caller's thread would throw them.
final class CommunePrefetch: @unchecked Sendable {
    /// One feature as the worker read it.
    struct Parsed: Sendable {
        var number: Int
        var id: String?
        var properties: CommuneProperties
        var wkb: [UInt8]?
        /// GEOS's reason when the geometry is a polygon that is not valid; nil otherwise.
        var invalid: String?
    }

    private let condition = NSCondition()
    // Written once by the worker under `condition`, read after it is set.
    private var outcome: Result<[Parsed], any Error>?

    /// Starts reading the communes of `directory`.
    init(directory: URL) {
        let thread = Thread { [self] in
            let result = Result { try Self.parse(directory: directory) }
            condition.lock()
            outcome = result
            condition.broadcast()
            condition.unlock()
        }
        thread.stackSize = 8 << 20   // JSONDecoder and the GeoJSON reader recurse into nested arrays
        thread.start()
    }

    /// The features, each with its validity problem (nil when none), once the worker is done.
    func features(in context: GeometryContext) throws -> [(feature: Feature<CommuneProperties>, invalid: String?)] {
        condition.lock()
        while outcome == nil { condition.wait() }
        let done = outcome!
        condition.unlock()
        return try done.get().map { parsed in
            let geometry = try parsed.wkb.map { try Geometry(wkb: $0, context: context) }
            return (Feature(number: parsed.number, id: parsed.id, properties: parsed.properties, geometry: geometry), parsed.invalid)
        }
    }

    /// The worker's part: the same read as `Geodata.communes`, in a context of its own.
    private static func parse(directory: URL) throws -> [Parsed] {
        let own = Geodata(directory: directory, context: GeometryContext())
        return try own.read(GeodataFile.communes, as: CommuneProperties.self).map { feature in
            try Parsed(number: feature.number, id: feature.id, properties: feature.properties, wkb: feature.geometry?.wkb,
                       invalid: Geodata.invalidPolygon(feature.geometry))
        }
    }
}

extension Geodata {
    /// GEOS's reason when `geometry` is a non-empty polygon or multipolygon that is not valid.
    static func invalidPolygon(_ geometry: Geometry?) throws -> String? {
        guard let geometry, !geometry.isEmpty, geometry.type.isPolygonal else { return nil }
        let validity = try geometry.validity()
        return validity.isValid ? nil : validity.reason ?? "invalid"
    }
}
