import Foundation
import Geo

/// Where a fact comes from.
public struct SourceReference: Codable, Sendable, Equatable {
    public var title: String
    public var date: String?
    public var url: String?
}

/// A dated event in a crossing's history.
public struct CrossingEvent: Codable, Sendable {
    public var date: String
    public var event: String
    public var note: String
    public var source: SourceReference?
}

/// Properties of a feature of `crossings.geojson`.
struct CrossingProperties: Decodable {
    var id: String
    var name_ar: String?
    var name_fr: String
    var name_en: String
    var partner: String
    var algerian_town: String?
    var partner_town: String?
    var status: String
    var status_note: String?
    var official: Bool
    var precision_km: Double
    var coordinate_source: String
    var document_partner: String?
    var history: [CrossingEvent]
    var sources: [SourceReference]
    var notes: String?
}

/// A land border crossing (existing, closed or planned), as the knowledge base records it.
public struct Crossing: Named, Sendable {
    public static let statuses = ["open", "restricted", "closed", "planned"]

    public var id: String
    public var nameAR: String
    public var nameFR: String
    public var nameEN: String
    /// ISO-2 code of the partner country, as modelled (the geography, not the document).
    public var partner: String
    public var algerianTown: String?
    public var partnerTown: String?
    /// open | restricted | closed | planned, as of the latest dated fact.
    public var status: String
    public var statusNote: String?
    public var official: Bool
    /// Uncertainty of the estimated position, km.
    public var precisionKm: Double
    public var coordinateSource: String
    /// The partner the ministry document names, when it differs from the geography.
    public var documentPartner: String?
    public var history: [CrossingEvent]
    public var sources: [SourceReference]
    public var notes: String?
    public var location: Coordinate
    /// How messages name the feature ("feature 3 (id 'debdeb')").
    public var featureLabel: String
}

/// A crossing's upgrade or creation project.
public struct Project: Codable, Sendable {
    public struct Cost: Codable, Sendable {
        public var amount: Double
        public var currency: String
    }

    public static let phases = ["planned", "in-progress", "completed", "stalled"]

    public var id: String
    public var crossing: String
    public var other_crossings: [String]?
    public var aim: String
    public var phase: String
    public var percent_complete: Double?
    public var cost: Cost?
    public var started: String?
    public var completed: String?
    public var expected: String?
    public var notes: String?
    public var sources: [SourceReference]

    /// Every crossing the project concerns, its main one first.
    public var crossings: [String] { [crossing] + (other_crossings ?? []) }
}

/// A cross-border committee or meeting mechanism.
public struct Committee: Codable, Sendable {
    public struct Session: Codable, Sendable {
        public var place: String?
        public var start: String
        public var end: String?
    }

    public static let kinds = ["bilateral-border", "joint-security", "local-walis"]

    public var id: String
    public var kind: String
    public var partner: String
    public var founding_protocol: String?
    public var sessions_held: Int?
    public var last_session: Session?
    /// Wilaya names as the document gives them (local meetings).
    public var algerian_wilayas: [String]?
    public var algerian_wilayas_note: String?
    /// Official codes of the named wilayas (their codes when the document was written).
    public var algerian_wilaya_codes: [String]?
    /// "named" (the listed wilayas) or "all-border-wilayas" (every border wilaya of the partner).
    public var algerian_wilayas_scope: String?
    public var foreign_provinces: [String]?
    public var notes: String?
    public var sources: [SourceReference]

    /// The date the last session ended (or started), when known and well-formed.
    public var lastSessionDate: PartialDate? {
        (last_session?.end).flatMap(PartialDate.init) ?? (last_session?.start).flatMap(PartialDate.init)
    }
}

/// The hand-written knowledge base: crossings, projects, committees.
public struct KnowledgeBase {
    public static let crossingsFile = "crossings.geojson"
    public static let projectsFile = "projects.json"
    public static let committeesFile = "committees.json"

    public var crossings: [Crossing]
    public var projects: [Project]
    public var committees: [Committee]

    public init(crossings: [Crossing], projects: [Project], committees: [Committee]) {
        self.crossings = crossings
        self.projects = projects
        self.committees = committees
    }

    /// Loads the three files of `directory`. Coordinates are not range-checked here:
    /// `borderplan validate` reports them as errors, with the others.
    public static func load(directory: URL, context: GeometryContext) throws -> KnowledgeBase {
        let crossingsURL = directory.appendingPathComponent(crossingsFile)
        guard FileManager.default.fileExists(atPath: crossingsURL.path) else {
            throw DataError(file: crossingsURL.path, "missing: pass --data DIR with a geodata directory that has the knowledge base")
        }
        let features = try GeoJSONReader.read(crossingsURL, name: crossingsURL.path, kind: .knowledge, as: CrossingProperties.self, context: context, lonLat: false)
        let crossings = try features.map { feature -> Crossing in
            let p = feature.properties
            guard let geometry = feature.geometry, geometry.type == .point, let location = try geometry.coordinates.first else {
                throw DataError(file: crossingsURL.path, feature: feature.label, field: "geometry", "expected a Point")
            }
            let label = "feature \(feature.number) (id '\(p.id)')"
            return Crossing(id: p.id, nameAR: p.name_ar ?? p.name_fr, nameFR: p.name_fr, nameEN: p.name_en, partner: p.partner,
                            algerianTown: p.algerian_town, partnerTown: p.partner_town, status: p.status, statusNote: p.status_note,
                            official: p.official, precisionKm: p.precision_km, coordinateSource: p.coordinate_source,
                            documentPartner: p.document_partner, history: p.history, sources: p.sources, notes: p.notes,
                            location: location, featureLabel: label)
        }
        struct ProjectsFile: Decodable { var projects: [Project] }
        struct CommitteesFile: Decodable { var committees: [Committee] }
        let projects = try decode(ProjectsFile.self, directory.appendingPathComponent(projectsFile), item: "project").projects
        let committees = try decode(CommitteesFile.self, directory.appendingPathComponent(committeesFile), item: "committee").committees
        return KnowledgeBase(crossings: crossings, projects: projects, committees: committees)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ url: URL, item: String) throws -> T {
        try decodeJSON(T.self, from: try readInput(url: url, kind: .knowledge), file: url.path, itemName: item)
    }

    public func crossing(id: String) -> Crossing? { crossings.first { $0.id == id } }

    /// The projects that concern `crossing`.
    public func projects(for crossing: String) -> [Project] {
        projects.filter { $0.crossings.contains(crossing) }
    }
}
