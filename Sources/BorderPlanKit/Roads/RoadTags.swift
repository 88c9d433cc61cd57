import Foundation

/// Which way a road may be driven, from OSM's `oneway` tag.
public enum RoadDirection: Sendable, Equatable {
    case both, forward, backward

    /// `yes`, `true`, `1` → forward; `-1`, `reverse` → backward; anything else both ways.
    public init(oneway: String?) {
        switch oneway?.lowercased() {
        case "yes", "true", "1": self = .forward
        case "-1", "reverse": self = .backward
        default: self = .both
        }
    }
}

/// One road line as the network reads it: its class and the tags that change its speed,
/// direction and use, and its vertices (longitude/latitude, WGS84).
public struct RoadFeature {
    /// The feature's id in the converted layer (GDAL's FID, 1-based): how messages name it.
    public var fid: Int64
    /// OSM way id when the source has one (`osm_id`), for closures and messages.
    public var osmID: String?
    public var highway: String
    public var surface: RoadSurface?
    public var direction: RoadDirection
    /// `access=no` or `private`: not part of the public network.
    public var closed: Bool
    /// One vertex list per part (a MultiLineString has several).
    public var parts: [[(lon: Double, lat: Double)]]

    public init(fid: Int64, osmID: String?, highway: String, surface: RoadSurface?, direction: RoadDirection, closed: Bool,
                parts: [[(lon: Double, lat: Double)]]) {
        self.fid = fid
        self.osmID = osmID
        self.highway = highway
        self.surface = surface
        self.direction = direction
        self.closed = closed
        self.parts = parts
    }

    /// "feature 12 (OSM way 4242)" for messages.
    public var label: String { osmID.map { "feature \(fid) (OSM way \($0))" } ?? "feature \(fid)" }
}

/// OGR's OSM driver puts the tags it has no column for in `other_tags`, PostgreSQL hstore text:
/// `"surface"=>"sand","oneway"=>"yes"`. Keys and values are quoted, `\"` and `\\` escaped.
enum HStore {
    static func parse(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var strings: [String] = []
        var current = ""
        var inString = false, escaped = false
        for character in text {
            if inString {
                if escaped { current.append(character); escaped = false }
                else if character == "\\" { escaped = true }
                else if character == "\"" { inString = false; strings.append(current); current = "" }
                else { current.append(character) }
            } else if character == "\"" {
                inString = true
            } else if character == "," {
                if strings.count == 2 { result[strings[0]] = strings[1] }
                strings.removeAll()
            }
        }
        if strings.count == 2 { result[strings[0]] = strings[1] }
        return result
    }
}
