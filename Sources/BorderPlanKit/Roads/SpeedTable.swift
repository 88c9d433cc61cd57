import Foundation

/// What a road's surface means for its speed: the paved speed, the class's unpaved speed, or
/// the desert-track speed (loose sand).
public enum RoadSurface: String, Sendable, CaseIterable {
    case paved, unpaved, sand

    /// The surface of OSM's `surface` and `tracktype` tags; nil when neither says.
    public static func of(surface: String?, tracktype: String?) -> RoadSurface? {
        if let surface = surface?.lowercased() {
            if surface == "sand" { return .sand }
            if pavedValues.contains(surface) || surface.hasPrefix("concrete") { return .paved }
            if unpavedValues.contains(surface) { return .unpaved }
        }
        switch tracktype?.lowercased() {
        case "grade1": return .paved
        case "grade2", "grade3", "grade4", "grade5": return .unpaved
        default: return nil
        }
    }

    static let pavedValues: Set<String> = ["paved", "asphalt", "concrete", "paving_stones", "sett", "cobblestone",
                                           "chipseal", "metal", "wood", "unhewn_cobblestone", "bricks"]
    static let unpavedValues: Set<String> = ["unpaved", "gravel", "fine_gravel", "compacted", "dirt", "earth", "ground",
                                             "grass", "mud", "pebblestone", "rock", "salt", "shells", "woodchips"]
}

/// The speed table (`geodata/speeds.csv`, or `--speeds FILE`), as AccessMod's: one row per road
/// class, `class,speed_kmh[,unpaved_kmh]`. Three rows are not classes: `default` (the speed of a
/// class the table does not list, with a warning), `offroad` (straight across country, from a
/// crossing or a demand point to the network and from the network outwards in an isochrone) and
/// `desert_track` (any road on `surface=sand`, at most its class's speed).
public struct SpeedTable: Sendable, Equatable {
    /// Speeds in km/h by class: paved (or unknown surface) and, when given, unpaved.
    public var classes: [String: (paved: Double, unpaved: Double?)]
    public var defaultKmh: Double
    public var offroadKmh: Double
    public var desertTrackKmh: Double
    /// FNV-1a hash of the file's bytes: part of the graph cache's key.
    public var hash: UInt64

    public static func == (a: SpeedTable, b: SpeedTable) -> Bool { a.hash == b.hash }

    static let reserved = ["default", "offroad", "desert_track"]

    /// The file's speed for `highwayClass` on `surface`, or nil when the table does not list the class.
    public func speed(of highwayClass: String, surface: RoadSurface?) -> Double? {
        guard let row = classes[highwayClass] ?? classes[Self.baseClass(highwayClass)] else { return nil }
        switch surface {
        case .sand: return min(desertTrackKmh, row.paved)
        case .unpaved: return row.unpaved ?? row.paved
        case .paved, nil: return row.paved
        }
    }

    /// `primary_link` → `primary` when the table has no row for the link.
    static func baseClass(_ name: String) -> String {
        name.hasSuffix("_link") ? String(name.dropLast(5)) : name
    }

    /// The table shipped with the data folder.
    public static func bundled(directory: URL) throws -> SpeedTable {
        try load(directory.appendingPathComponent("speeds.csv"))
    }

    /// Reads a speed table. Every speed must be a positive, finite number of km/h; the header
    /// must be `class,speed_kmh` (optionally `,unpaved_kmh`); `default` and `offroad` are required.
    public static func load(_ url: URL) throws -> SpeedTable {
        let data = try readInput(url: url, kind: .speeds)
        let file = url.path
        var builder = Builder(file: file)
        try CSVReader.read(data, file: file) { record in try builder.add(record) }
        return try builder.finish(hash: fnv1a(data))
    }

    private struct Builder {
        let file: String
        var header = false
        var classes: [String: (paved: Double, unpaved: Double?)] = [:]
        var special: [String: Double] = [:]

        mutating func add(_ record: CSVRecord) throws {
            let fields = (0..<record.count).map { record.text($0).trimmingCharacters(in: .whitespaces) }
            let line = "line \(record.line)"
            guard header else {
                guard fields.count >= 2, fields[0] == "class", fields[1] == "speed_kmh", fields.count == 2 || fields[2] == "unpaved_kmh" else {
                    throw DataError(file: file, feature: line, problem: "dataerrors.speeds.header")
                }
                header = true
                return
            }
            let name = fields[0].lowercased()
            guard !name.isEmpty else { throw DataError(file: file, feature: line, field: "class", problem: "dataerrors.speeds.empty-class") }
            guard classes[name] == nil, special[name] == nil else { throw DataError(file: file, feature: line, field: "class", problem: "dataerrors.value.twice", ["value": .text(name)]) }
            let paved = try speed(fields[1], line: line, field: "speed_kmh")
            let unpaved = fields.count > 2 && !fields[2].isEmpty ? try speed(fields[2], line: line, field: "unpaved_kmh") : nil
            if SpeedTable.reserved.contains(name) { special[name] = paved } else { classes[name] = (paved, unpaved) }
        }

        func speed(_ text: String, line: String, field: String) throws -> Double {
            guard let value = Double(text), value.isFinite else {
                throw DataError(file: file, feature: line, field: field, problem: "dataerrors.speeds.not-number", ["value": .text(text)])
            }
            guard value > 0 else {
                throw DataError(file: file, feature: line, field: field, problem: "dataerrors.speeds.zero", ["value": .text(text)])
            }
            return value
        }

        func finish(hash: UInt64) throws -> SpeedTable {
            guard header else { throw DataError(file: file, problem: "dataerrors.speeds.no-header") }
            for name in ["default", "offroad"] where special[name] == nil {
                throw DataError(file: file, problem: "dataerrors.speeds.missing-row", ["name": .text(name)])
            }
            return SpeedTable(classes: classes, defaultKmh: special["default"]!, offroadKmh: special["offroad"]!,
                              desertTrackKmh: special["desert_track"] ?? special["default"]!, hash: hash)
        }
    }
}

/// 64-bit FNV-1a of `data`: a fingerprint for cache keys (not a security hash).
func fnv1a(_ data: Data) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in data {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }
    return hash
}
