import Foundation
import Geo

/// One feature read from a GeoJSON FeatureCollection: typed properties and a GEOS geometry.
public struct Feature<Properties> {
    /// 1-based position in the file, for messages.
    public var number: Int
    public var id: String?
    public var properties: Properties
    public var geometry: Geometry?

    /// "feature 3 (id 'debdeb')" — how messages name this feature.
    public var label: String { id.map { "feature \(number) (id '\($0)')" } ?? "feature \(number)" }
}

/// Reads GeoJSON FeatureCollections: properties through `Decodable`, geometries
/// through GEOS's reader in one pass; every error names the file, feature and field.
public enum GeoJSONReader {
    private struct Envelope<P: Decodable>: Decodable {
        var type: String
        var features: [FeatureStub<P>]
    }

    private struct FeatureStub<P: Decodable>: Decodable {
        var type: String
        var id: FeatureID?
        var properties: P
        var geometry: GeometryStub?

        private enum Keys: String, CodingKey { case type, id, properties, geometry }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            type = try container.decode(String.self, forKey: .type)
            id = try container.decodeIfPresent(FeatureID.self, forKey: .id)
            geometry = try container.decodeIfPresent(GeometryStub.self, forKey: .geometry)
            // RFC 7946 allows `"properties": null`: the same as `{}`, which is an error only
            // when the file's features need a property (then the first one is named).
            if try !container.contains(.properties) || container.decodeNil(forKey: .properties) {
                do { properties = try JSONDecoder().decode(P.self, from: Data("{}".utf8)) } catch let DecodingError.keyNotFound(key, _) {
                    throw DecodingError.keyNotFound(key, .init(codingPath: container.codingPath + [Keys.properties],
                                                               debugDescription: "the feature has no properties"))
                }
            } else {
                properties = try container.decode(P.self, forKey: .properties)
            }
        }
    }

    /// A geometry object checked before GEOS sees it: the type is known, the nesting of
    /// `coordinates` fits it, and every position has 2 or 3 finite numbers. (GEOS 3.11's
    /// GeoJSON reader dereferences a null pointer on an empty position `[]`; the fuzzer found it.)
    struct GeometryStub: Decodable {
        var type: String

        private enum Keys: String, CodingKey { case type, coordinates, geometries }

        static let depths = ["Point": 1, "MultiPoint": 2, "LineString": 2, "MultiLineString": 3, "Polygon": 3, "MultiPolygon": 4]

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            type = try container.decode(String.self, forKey: .type)
            if type == "GeometryCollection" {
                _ = try container.decode([GeometryStub].self, forKey: .geometries)
                return
            }
            guard let depth = Self.depths[type] else {
                throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown geometry type '\(type)'")
            }
            // The full walk of the positions only when the fast byte scan saw a short array.
            guard decoder.userInfo[checkPositionsKey] as? Bool == true else { return }
            _ = try container.decode(NestedPositions.self, forKey: .coordinates).check(depth: depth, path: container.codingPath + [Keys.coordinates])
        }
    }

    static let checkPositionsKey = CodingUserInfoKey(rawValue: "borderplan.checkPositions")!

    /// True when the text holds an array of fewer than two numbers (`[]`, `[1]`) anywhere:
    /// only then can a position be too short for GEOS, and the positions are checked one by one.
    static func mayHoldShortArrays(_ data: Data) -> Bool {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            let bytes = raw.bindMemory(to: UInt8.self)
            let count = bytes.count
            func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
            func isNumber(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || b == 0x2D || b == 0x2B || b == 0x2E || b == 0x65 || b == 0x45 }
            var index = 0
            var inString = false
            while index < count {
                let byte = bytes[index]
                if inString {
                    if byte == 0x5C { index += 2; continue }
                    if byte == 0x22 { inString = false }
                    index += 1
                    continue
                }
                if byte == 0x22 { inString = true; index += 1; continue }
                if byte == 0x5B {
                    var next = index + 1
                    while next < count, isSpace(bytes[next]) { next += 1 }
                    if next < count, bytes[next] == 0x5D { return true }
                    if next < count, isNumber(bytes[next]) {
                        while next < count, isNumber(bytes[next]) { next += 1 }
                        while next < count, isSpace(bytes[next]) { next += 1 }
                        if next < count, bytes[next] == 0x5D { return true }
                    }
                }
                index += 1
            }
            return false
        }
    }

    /// Nested arrays of positions, as the JSON has them.
    private indirect enum NestedPositions: Decodable {
        case position([Double])
        case list([NestedPositions])

        init(from decoder: Decoder) throws {
            var container = try decoder.unkeyedContainer()
            if container.isAtEnd { self = .list([]); return }
            // Not a number (absent): this level is a list of positions, decoded below.
            if let first = try? container.decode(Double.self) {
                var numbers = [first]
                while !container.isAtEnd { numbers.append(try container.decode(Double.self)) }
                self = .position(numbers)
                return
            }
            var items: [NestedPositions] = []
            while !container.isAtEnd { items.append(try container.decode(NestedPositions.self)) }
            self = .list(items)
        }

        /// Throws unless the nesting is `depth` deep and every position is 2 or 3 finite numbers.
        func check(depth: Int, path: [CodingKey]) throws -> Self {
            func fail(_ message: String) -> DecodingError { .dataCorrupted(.init(codingPath: path, debugDescription: message)) }
            switch self {
            case let .position(numbers):
                guard depth == 1 else { throw fail("a position where a list of \(depth - 1)-deep arrays was expected") }
                guard (2...3).contains(numbers.count) else { throw fail("a position needs 2 or 3 numbers, found \(numbers.count)") }
                guard numbers.allSatisfy(\.isFinite) else { throw fail("a position holds a number that is not finite") }
            case let .list(items):
                guard depth > 1 else { throw fail(items.isEmpty ? "an empty position" : "a list where a position was expected") }
                for item in items { _ = try item.check(depth: depth - 1, path: path) }
            }
            return self
        }
    }

    private struct FeatureID: Decodable {
        var text: String
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            // A string, else a number (each failure only means "not this type"), else an error.
            if let string = try? container.decode(String.self) { text = string }
            else if let number = try? container.decode(Int.self) { text = String(number) }
            else { throw DecodingError.typeMismatch(String.self, .init(codingPath: decoder.codingPath, debugDescription: "a feature id is a string or a number")) }
        }
    }

    /// Reads `url` (named `name` in messages; a file of `kind`, for its size limit).
    /// `lonLat`: coordinates must be WGS84 degrees.
    public static func read<P: Decodable>(_ url: URL, name: String? = nil, kind: InputKind = .geodata, as: P.Type, context: GeometryContext,
                                          lonLat: Bool = true) throws -> [Feature<P>] {
        let file = name ?? url.lastPathComponent
        return try parse(try readInput(url: url, kind: kind, name: file), file: file, as: P.self, context: context, lonLat: lonLat)
    }

    /// Parses GeoJSON text already in memory (see `read`).
    public static func parse<P: Decodable>(_ data: Data, file: String, as: P.Type, context: GeometryContext, lonLat: Bool = true) throws -> [Feature<P>] {
        guard !data.isEmpty else { throw DataError(file: file, problem: "errors.file.empty") }
        let checkPositions = mayHoldShortArrays(data)
        let coordinates = try JSONSyntaxCheck.check(data, file: file, itemName: "feature", coordinates: true)
        // The decoder reads the positions only to check them (when a short array may hide among them):
        // else it gets the text without them, and scans no number of theirs.
        let text = checkPositions ? data : JSONSyntaxCheck.replacing(coordinates.map(\.range), in: data)
        let envelope = try decodeCheckedJSON(Envelope<P>.self, from: text, source: data, file: file, userInfo: [checkPositionsKey: checkPositions])
        guard envelope.type == "FeatureCollection" else {
            throw DataError(file: file, field: "type", problem: "dataerrors.geojson.collection", ["found": .text(envelope.type)])
        }
        for (index, stub) in envelope.features.enumerated() where stub.type != "Feature" {
            throw DataError(file: file, feature: "feature \(index + 1)", field: "type", problem: "dataerrors.geojson.feature", ["found": .text(stub.type)])
        }
        let types = envelope.features.map { $0.geometry?.type }
        let geometries = try GeoJSONGeometryScan.geometries(data, types: types, coordinates: coordinates, context: context)
            ?? readGeometries(data, file: file, stubs: types.map { $0 != nil }, context: context)
        var features: [Feature<P>] = []
        features.reserveCapacity(envelope.features.count)
        for (index, stub) in envelope.features.enumerated() {
            let feature = Feature(number: index + 1, id: stub.id?.text, properties: stub.properties, geometry: geometries[index])
            if lonLat, let geometry = feature.geometry, let box = geometry.envelope {
                guard box.minX >= -180, box.maxX <= 180, box.minY >= -90, box.maxY <= 90 else {
                    throw DataError(file: file, feature: feature.label, field: "geometry",
                                    problem: "dataerrors.geojson.range", ["minX": .number("\(box.minX)"), "maxX": .number("\(box.maxX)"), "minY": .number("\(box.minY)"), "maxY": .number("\(box.maxY)")])
                }
            }
            features.append(feature)
        }
        return features
    }

    /// The geometries as GEOS's GeoJSON reader reads them (`GeoJSONGeometryScan` reads most files faster).
    static func readGeometries(_ original: Data, file: String, stubs: [Bool], context: GeometryContext) throws -> [Geometry?] {
        let data = droppingAltitudes(original) ?? original
        let text = String(decoding: data, as: UTF8.self)
        // Fast path: the whole file at once. A failure is not lost: the path below finds the
        // feature GEOS rejects and throws its error.
        if let collection = try? Geometry(geoJSON: text, context: context), let parts = try? collection.parts,
           parts.count == stubs.count {
            return zip(parts, stubs).map { $1 ? $0 : nil }
        }
        // GEOS could not read the whole file: find the first feature it rejects.
        // The JSON itself decoded above: a failure here still ends in the error below.
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let features = object["features"] as? [[String: Any]] else {
            throw DataError(file: file, problem: "dataerrors.geojson.geos")
        }
        var result: [Geometry?] = []
        for (index, feature) in features.enumerated() {
            guard let geometry = feature["geometry"], !(geometry is NSNull) else { result.append(nil); continue }
            let label = (feature["id"]).map { "feature \(index + 1) (id '\($0)')" } ?? "feature \(index + 1)"
            do {
                let json = try JSONSerialization.data(withJSONObject: geometry)
                result.append(try Geometry(geoJSON: String(decoding: json, as: UTF8.self), context: context))
            } catch let error as GeoError {
                throw DataError(file: file, feature: label, field: "geometry", "\(error)")
            } catch {
                throw DataError(file: file, feature: label, field: "geometry", problem: "dataerrors.geojson.not-geometry")
            }
        }
        return result
    }
}

/// A feature to write.
public struct OutputFeature {
    public var id: String?
    public var geometry: Geometry?
    public var properties: [JSONMember]

    public init(id: String? = nil, geometry: Geometry?, properties: [JSONMember]) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
    }
}

/// Writes RFC 7946 GeoJSON: longitude/latitude, exterior rings counter-clockwise
/// and holes clockwise, no `crs`, a `bbox`, every Feature with `properties`,
/// fixed decimals, one feature per line, keys in a fixed order.
public enum GeoJSONWriter {
    public static func featureCollection(_ features: [OutputFeature], decimals: Int = 6, foreignMembers: [JSONMember] = []) throws -> String {
        var body: [UInt8] = []
        body.reserveCapacity(features.reduce(0) { $0 + ($1.geometry?.numberOfCoordinates ?? 0) } * 22 + features.count * 256)
        var bbox: Envelope?
        for (index, feature) in features.enumerated() {
            body.append(contentsOf: (index == 0 ? "\n" : ",\n").utf8)
            var head = "{\"type\":\"Feature\""
            if let id = feature.id { head += ",\"id\":"; writeJSONString(id, to: &head) }
            if let geometry = feature.geometry, !geometry.isEmpty, let box = geometry.envelope {
                bbox = bbox.map { $0.union(box) } ?? box
                head += ",\"bbox\":" + bboxJSON(box, decimals)
            }
            head += ",\"geometry\":"
            body.append(contentsOf: head.utf8)
            if let geometry = feature.geometry { try writeGeometry(geometry, decimals: decimals, to: &body) } else { body.append(contentsOf: "null".utf8) }
            body.append(contentsOf: (",\"properties\":" + JSONValue.object(feature.properties).serialized() + "}").utf8)
        }
        var head = "{\"type\":\"FeatureCollection\""
        for member in foreignMembers {
            head += ","
            writeJSONString(member.key, to: &head)
            head += ":" + member.value.serialized()
        }
        if let bbox { head += ",\"bbox\":" + bboxJSON(bbox, decimals) }
        head += ",\"features\":["
        if !features.isEmpty { body.append(0x0A) }
        body.append(contentsOf: "]}\n".utf8)
        return head + String(decoding: body, as: UTF8.self)
    }

    static func bboxJSON(_ box: Envelope, _ decimals: Int) -> String {
        "[" + [box.minX, box.minY, box.maxX, box.maxY].map { formatNumber($0, decimals: decimals) }.joined(separator: ",") + "]"
    }

    /// A GeoJSON geometry object with oriented rings and `decimals` decimals (the server writes
    /// features one by one with it).
    public static func geometryJSON(_ geometry: Geometry, decimals: Int = 6) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(max(64, geometry.numberOfCoordinates * 24))
        try writeGeometry(geometry, decimals: decimals, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes the geometry as bytes: one buffer, no intermediate strings (exports write
    /// millions of numbers).
    static func writeGeometry(_ geometry: Geometry, decimals: Int, to out: inout [UInt8]) throws {
        func ascii(_ text: StaticString) { text.withUTF8Buffer { out.append(contentsOf: $0) } }
        func position(_ c: Coordinate) {
            out.append(0x5B)
            appendNumber(c.x, decimals: decimals, to: &out)
            out.append(0x2C)
            appendNumber(c.y, decimals: decimals, to: &out)
            out.append(0x5D)
        }
        func line(_ coordinates: [Coordinate]) {
            out.append(0x5B)
            for (index, c) in coordinates.enumerated() {
                if index > 0 { out.append(0x2C) }
                position(c)
            }
            out.append(0x5D)
        }
        func polygon(_ geometry: Geometry) throws {
            out.append(0x5B)
            for (index, ring) in try geometry.rings.enumerated() {
                if index > 0 { out.append(0x2C) }
                line(orient(ring, counterClockwise: index == 0))
            }
            out.append(0x5D)
        }
        func list(_ parts: [Geometry], _ body: (Geometry) throws -> Void) rethrows {
            out.append(0x5B)
            for (index, part) in parts.enumerated() {
                if index > 0 { out.append(0x2C) }
                try body(part)
            }
            out.append(0x5D)
        }
        switch geometry.type {
        case .point:
            ascii(#"{"type":"Point","coordinates":"#)
            if geometry.isEmpty { ascii("[]") } else { position(try geometry.coordinates[0]) }
        case .lineString, .linearRing:
            ascii(#"{"type":"LineString","coordinates":"#)
            line(try geometry.coordinates)
        case .polygon:
            ascii(#"{"type":"Polygon","coordinates":"#)
            if geometry.isEmpty { ascii("[]") } else { try polygon(geometry) }
        case .multiPoint:
            ascii(#"{"type":"MultiPoint","coordinates":"#)
            try list(try geometry.parts) { position(try $0.coordinates[0]) }
        case .multiLineString:
            ascii(#"{"type":"MultiLineString","coordinates":"#)
            try list(try geometry.parts) { line(try $0.coordinates) }
        case .multiPolygon:
            ascii(#"{"type":"MultiPolygon","coordinates":"#)
            try list(try geometry.parts, polygon)
        case .geometryCollection:
            ascii(#"{"type":"GeometryCollection","geometries":"#)
            try list(try geometry.parts) { try writeGeometry($0, decimals: decimals, to: &out) }
        }
        out.append(0x7D)
    }

    /// Twice the signed planar area of a closed ring (positive = counter-clockwise).
    public static func signedArea2(_ ring: [Coordinate]) -> Double {
        guard ring.count > 2 else { return 0 }
        var sum = 0.0
        for index in 0..<(ring.count - 1) {
            sum += ring[index].x * ring[index + 1].y - ring[index + 1].x * ring[index].y
        }
        return sum
    }

    /// The ring in the requested orientation.
    public static func orient(_ ring: [Coordinate], counterClockwise: Bool) -> [Coordinate] {
        (signedArea2(ring) > 0) == counterClockwise ? ring : ring.reversed()
    }
}

/// Writes `text` to `url` atomically (temporary file, then rename): a failure
/// never leaves a half-written file behind (see `writeFileAtomically`).
public func writeAtomically(_ text: String, to url: URL) throws {
    try writeFileAtomically(Data(text.utf8), to: url)
}
