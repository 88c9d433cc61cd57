import Foundation
import Geo

/// A `bbox` parameter in CRS84: west,south,east,north (or the 6-number 3D form, heights ignored).
/// A west edge east of the east edge crosses the antimeridian and is split in two.
struct BoundingBox: Sendable, Equatable {
    let envelopes: [Envelope]

    init(parsing text: String) throws {
        let numbers = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard numbers.count == 4 || numbers.count == 6, numbers.allSatisfy({ $0?.isFinite == true }) else {
            throw Problem.badParameter("bbox", ServerText("server.bbox.format", ["value": text]))
        }
        let values = numbers.compactMap { $0 }
        let (west, south, east, north) = values.count == 4 ? (values[0], values[1], values[2], values[3]) : (values[0], values[1], values[3], values[4])
        guard (-180...180).contains(west), (-180...180).contains(east), (-90...90).contains(south), (-90...90).contains(north) else {
            throw Problem.badParameter("bbox", ServerText("server.bbox.range", ["value": text]))
        }
        guard south <= north else { throw Problem.badParameter("bbox", ServerText("server.bbox.order", values: ["south": .number("\(south)"), "north": .number("\(north)")])) }
        envelopes = west <= east
            ? [Envelope(minX: west, minY: south, maxX: east, maxY: north)]
            : [Envelope(minX: west, minY: south, maxX: 180, maxY: north), Envelope(minX: -180, minY: south, maxX: east, maxY: north)]
    }
}

/// Tests features against a bounding box: envelopes first, GEOS `intersects` only when the
/// envelopes overlap without the feature lying inside the box. One per request (its own context).
struct BoundingBoxTester {
    let box: BoundingBox
    let context: GeometryContext
    let rectangles: [Geometry]

    init(_ box: BoundingBox) throws {
        let context = GeometryContext()
        self.box = box
        self.context = context
        rectangles = try box.envelopes.map { try Geometry.rectangle($0, in: context) }
    }

    func intersects(_ feature: ServedFeature) throws -> Bool {
        guard let envelope = feature.envelope else { return false }
        for (query, rectangle) in zip(box.envelopes, rectangles) where overlaps(envelope, query) {
            if contains(query, envelope) { return true }
            guard let wkb = feature.wkb else { return true }  // a point whose envelope overlaps lies in the box
            if try Geometry(wkb: wkb, context: context).intersects(rectangle) { return true }
        }
        return false
    }

    private func overlaps(_ a: Envelope, _ b: Envelope) -> Bool {
        a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY
    }

    private func contains(_ outer: Envelope, _ inner: Envelope) -> Bool {
        outer.minX <= inner.minX && inner.maxX <= outer.maxX && outer.minY <= inner.minY && inner.maxY <= outer.maxY
    }
}
