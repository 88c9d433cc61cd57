import Foundation

/// A closed set of values stored as JSON strings. Decoding any other string fails with a
/// `DecodingError` that lists the allowed values, which `DataError` reports with the file,
/// feature and field.
/// Interpolated into text, a value reads as its JSON spelling ("in-progress", not "inProgress").
public protocol ClosedSet: RawRepresentable, CaseIterable, Codable, Hashable, Sendable, CustomStringConvertible where RawValue == String {}

/// The message of a value outside a closed set (kept apart from JSON syntax errors).
struct ClosedSetMismatch: Error, CustomStringConvertible {
    /// The value found and the allowed ones ("open, closed, planned, suspended").
    var value: String
    var allowed: String
    var description: String { "'\(value)' is not one of \(allowed)" }
}

extension ClosedSet {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text) else {
            let message = Self.notOneOf(text)
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: message,
                                                    underlyingError: ClosedSetMismatch(value: text, allowed: Self.rawValues.joined(separator: ", "))))
        }
        self = value
    }

    public var description: String { rawValue }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The allowed values in declaration order, as JSON spells them.
    public static var rawValues: [String] { allCases.map(\.rawValue) }

    /// "'opn' is not one of open, closed, planned, suspended".
    public static func notOneOf(_ text: String) -> String {
        "'\(text)' is not one of \(rawValues.joined(separator: ", "))"
    }
}

/// A crossing's status, as of the latest dated fact: whether it operates at all. What it
/// handles is `Traffic`, and how often it opens is `Regime`.
public enum CrossingStatus: String, ClosedSet {
    case open, closed, planned, suspended
}

/// What a crossing handles when it operates: people, goods (a crossing stores a set of them).
public enum Traffic: String, ClosedSet, Comparable {
    case travellers, goods

    /// Declaration order (travellers before goods).
    public static func < (a: Traffic, b: Traffic) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// How a crossing opens: on a regular schedule, or only case by case (expulsions, a monthly day).
public enum Regime: String, ClosedSet {
    case permanent, exceptional
}

/// One of Algeria's seven land neighbours, by ISO-2 code (Western Sahara as EH), in the
/// order the borders are listed: east to west.
public enum Partner: String, ClosedSet, Comparable {
    case TN, LY, NE, ML, MR, EH, MA

    /// Parses an ISO-2 code in any case ("ly" → .LY).
    public init?(code: String) { self.init(rawValue: code.uppercased()) }

    /// Declaration order (east to west), not alphabetical.
    public static func < (a: Partner, b: Partner) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The phase of an upgrade or creation project.
public enum ProjectPhase: String, ClosedSet {
    case announced, planned, inProgress = "in-progress", completed, stalled
}

/// The currency of a project's reported cost.
public enum Currency: String, ClosedSet {
    case DZD, TND, LYD, USD, EUR
}

/// The kind of a cross-border committee or meeting mechanism.
public enum CommitteeKind: String, ClosedSet {
    case bilateralBorder = "bilateral-border"
    case jointSecurity = "joint-security"
    case localWalis = "local-walis"
    case development
    case tripartite
}

/// Which Algerian wilayas a committee concerns.
public enum WilayaScope: String, ClosedSet {
    /// The wilayas the committee lists.
    case named
    /// Every border wilaya of the partner.
    case allBorderWilayas = "all-border-wilayas"
}

/// The kind of a dated event in a crossing's history.
public enum CrossingEventKind: String, ClosedSet {
    case agreement, announced, attack, clash, closed, commission, concession, diplomatic
    case exceptionalOpening = "exceptional-opening"
    case fenceBuilt = "fence-built"
    case handover, inaugurated, meeting, opened, postponed, protest, reopened, restricted, resumed, statement, suspended
    case trafficRecord = "traffic-record"
    case upgradeCompleted = "upgrade-completed"
    case upgradeProgress = "upgrade-progress"
    case upgradeStarted = "upgrade-started"
    case visit
}

/// How a crossing (or a place) was put in its wilaya.
public enum LinkMethod: String, ClosedSet {
    /// The wilaya contains the position.
    case inside
    /// No wilaya contains it: the nearest one within the snap distance.
    case nearest
}

/// What a feature of `borders.geojson` or `border-segments.geojson` faces.
public enum BorderKind: String, ClosedSet {
    case land, coast
}

/// Which side of the land border a figure counts (`--side`): Algeria's, the partner country's, or both.
public enum Side: String, ClosedSet {
    case dz, partner, both

    /// True when the side counts Algeria's population.
    public var countsAlgeria: Bool { self != .partner }
    /// True when the side counts the partner country's population.
    public var countsPartner: Bool { self != .dz }
}
