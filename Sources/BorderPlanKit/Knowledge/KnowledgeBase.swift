import Foundation
import Geo

/// Where a fact comes from.
public struct SourceReference: Codable, Sendable, Equatable {
    public var title: String
    public var date: String?
    public var url: String?
}

/// A dated event in a crossing's history; its note in three languages (`note_ar`, `note_fr`, `note_en`).
public struct CrossingEvent: Decodable, Sendable {
    public var date: String
    public var event: CrossingEventKind
    public var note: DataText
    public var source: SourceReference?

    public init(date: String, event: CrossingEventKind, note: DataText, source: SourceReference?) {
        self.date = date
        self.event = event
        self.note = note
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case date, event, source
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        date = try container.decode(String.self, forKey: .date)
        event = try container.decode(CrossingEventKind.self, forKey: .event)
        source = try container.decodeIfPresent(SourceReference.self, forKey: .source)
        note = try DataText.decode("note", from: decoder, required: true)
    }
}

/// How a crossing is crossed: by road or by rail.
public enum CrossingKind: String, Codable, Sendable, CaseIterable {
    case road, rail
}

/// What a project builds: a border post, a road, a free zone or a railway.
public enum ProjectKind: String, Codable, Sendable, CaseIterable {
    case post, road, freeZone = "free-zone", rail
}

/// Properties of a feature of `crossings.geojson`, as stored (the position and the
/// feature's number come from the GeoJSON feature around them): the single-valued fields, and
/// the free texts in three languages.
@dynamicMemberLookup
struct CrossingProperties: Decodable {
    var fields: CrossingFields
    var statusNote: DataText
    var coordinateSource: DataText
    var notes: DataText

    init(from decoder: Decoder) throws {
        fields = try CrossingFields(from: decoder)
        statusNote = try DataText.decode("status_note", from: decoder, required: false)
        coordinateSource = try DataText.decode("coordinate_source", from: decoder, required: true)
        notes = try DataText.decode("notes", from: decoder, required: false)
    }

    subscript<T>(dynamicMember path: KeyPath<CrossingFields, T>) -> T { fields[keyPath: path] }
}

/// The single-valued properties of a crossing feature.
struct CrossingFields: Decodable {
    var id: String
    var nameAR: String
    var nameFR: String
    var nameEN: String
    var partner: Partner
    var kind: CrossingKind
    var algerianTown: String?
    var partnerTown: String?
    var status: CrossingStatus
    var traffic: [Traffic]
    var regime: Regime
    var official: Bool
    var precisionKm: Double
    var documentPartner: Partner?
    var history: [CrossingEvent]
    var sources: [SourceReference]

    enum CodingKeys: String, CodingKey {
        case id, partner, kind, status, traffic, regime, official, history, sources
        case nameAR = "name_ar", nameFR = "name_fr", nameEN = "name_en"
        case algerianTown = "algerian_town", partnerTown = "partner_town"
        case precisionKm = "precision_km", documentPartner = "document_partner"
    }
}

/// A land border crossing (existing, closed or planned), as the knowledge base records it.
public struct Crossing: Named, Sendable {
    public var id: String
    public var nameAR: String
    public var nameFR: String
    public var nameEN: String
    /// The partner country, as modelled (the geography, not the document).
    public var partner: Partner
    /// Road or rail.
    public var kind: CrossingKind = .road
    public var algerianTown: String?
    public var partnerTown: String?
    /// As of the latest dated fact.
    public var status: CrossingStatus
    /// What it handles when it operates (for a closed or planned one: what it handled or will).
    public var traffic: Set<Traffic> = [.travellers, .goods]
    /// Whether it opens on a regular schedule or only case by case.
    public var regime: Regime = .permanent
    /// Why it has its status (nil: no note), in three languages.
    public var statusNote: DataText?
    public var official: Bool
    /// Uncertainty of the estimated position, km.
    public var precisionKm: Double
    /// Where the position comes from, in three languages.
    public var coordinateSource: DataText
    /// The partner the ministry document names, when it differs from the geography.
    public var documentPartner: Partner?
    public var history: [CrossingEvent]
    public var sources: [SourceReference]
    /// Remarks on the record (spellings, doubts), in three languages; nil: none.
    public var notes: DataText?
    public var location: Coordinate
    /// How messages name the feature ("feature 3 (id 'debdeb')").
    public var featureLabel: String
    /// The feature's number in the file, from 1 (0: not read from a file).
    public var featureNumber: Int = 0
}

/// A crossing's upgrade or creation project.
public struct Project: Codable, Sendable {
    public struct Cost: Codable, Sendable {
        public var amount: Double
        public var currency: Currency
        /// The year the figure refers to: its rate converts it to DZD (`geodata/rates.json`).
        public var year: Int?
    }

    /// What the project does to its crossing's service (`effect` in projects.json; null: no
    /// coverage effect, as a modernisation, a capacity gain or a road).
    public struct Effect: Codable, Sendable, Equatable {
        /// It opens the crossing (status open, regime permanent).
        public var opens: Bool?
        /// The traffic it adds.
        public var addsTraffic: [Traffic]?

        public init(opens: Bool? = nil, addsTraffic: [Traffic]? = nil) {
            self.opens = opens
            self.addsTraffic = addsTraffic
        }

        enum CodingKeys: String, CodingKey {
            case opens
            case addsTraffic = "adds_traffic"
        }

        /// The site as the project leaves it.
        public func applied(to site: Site) -> Site {
            var site = site
            if opens == true {
                site.status = .open
                site.regime = .permanent
            }
            site.traffic.formUnion(addsTraffic ?? [])
            return site
        }
    }

    public var id: String
    public var crossing: String
    public var otherCrossings: [String]?
    /// What the project builds (required in the file).
    public var kind: ProjectKind
    /// What it is for, in each language (`aim_ar`, `aim_fr`, `aim_en`; English keeps the source's wording).
    public var aimAR: String
    public var aimFR: String
    public var aimEN: String
    public var phase: ProjectPhase
    public var percentComplete: Double?
    /// The date `percentComplete` describes, when the source gives one.
    public var percentCompleteDate: String?
    /// A line (a road) or a point (a zone), longitude/latitude; checked by `KnowledgeBase.load`.
    public var geometry: ProjectGeometry?
    public var cost: Cost?
    /// What it does to the crossing's service; nil: no coverage effect.
    public var effect: Effect?
    public var started: String?
    public var completed: String?
    public var expected: String?
    /// Remarks in three languages (`notes_ar`, `notes_fr`, `notes_en`; read by `KnowledgeBase.load`).
    public var notes: DataText? = nil
    public var sources: [SourceReference]

    enum CodingKeys: String, CodingKey {
        case id, crossing, phase, cost, effect, started, completed, expected, sources
        case kind, geometry
        case aimAR = "aim_ar", aimFR = "aim_fr", aimEN = "aim_en"
        case otherCrossings = "other_crossings", percentComplete = "percent_complete", percentCompleteDate = "percent_complete_date"
    }

    /// Every crossing the project concerns, its main one first.
    public var crossings: [String] { [crossing] + (otherCrossings ?? []) }

    /// The aim in `language`.
    public func aim(_ language: Language) -> String {
        switch language {
        case .ar: return aimAR
        case .fr: return aimFR
        case .en: return aimEN
        }
    }

    /// The aim in English, the source's wording (for the callers that predate the translations).
    public var aim: String { aimEN }
}

/// The free texts of a project or committee record, in three languages, read beside the record
/// (its other members are `Codable` as they are): nil when the record has none.
struct RecordTexts: Decodable {
    var notes: DataText?
    var wilayasNote: DataText?

    init(from decoder: Decoder) throws {
        let notes = try DataText.decode("notes", from: decoder, required: false)
        let wilayasNote = try DataText.decode("algerian_wilayas_note", from: decoder, required: false)
        self.notes = notes.isAbsent ? nil : notes
        self.wilayasNote = wilayasNote.isAbsent ? nil : wilayasNote
    }
}

/// A cross-border committee or meeting mechanism.
public struct Committee: Codable, Sendable, Named {
    public struct Session: Codable, Sendable {
        public var place: String?
        public var start: String
        public var end: String?
        /// The session's number in the committee's count, when known (in `sessions` only).
        public var number: Int? = nil
        public var source: SourceReference? = nil
    }

    public var id: String
    /// Its name in each language (`name_ar`, `name_fr`, `name_en`).
    public var nameAR: String
    public var nameFR: String
    public var nameEN: String
    public var kind: CommitteeKind
    public var partner: Partner
    /// The other neighbours of a multilateral mechanism, besides `partner`.
    public var otherPartners: [Partner]?
    public var foundingProtocol: String?
    public var sessionsHeld: Int?
    /// The latest session (kept for the readers that need only that one).
    public var lastSession: Session?
    /// Every known session, oldest first.
    public var sessions: [Session]?
    /// Wilaya names as the document gives them (local meetings).
    public var algerianWilayas: [String]?
    /// How the wilayas were chosen, in three languages (`algerian_wilayas_note_ar`…; read by `KnowledgeBase.load`).
    public var algerianWilayasNote: DataText? = nil
    /// Official codes of the named wilayas (their codes when the document was written).
    public var algerianWilayaCodes: [String]?
    /// The listed wilayas, or every border wilaya of the partner.
    public var algerianWilayasScope: WilayaScope?
    public var foreignProvinces: [String]?
    /// Remarks in three languages (`notes_ar`, `notes_fr`, `notes_en`; read by `KnowledgeBase.load`).
    public var notes: DataText? = nil
    public var sources: [SourceReference]

    enum CodingKeys: String, CodingKey {
        case id, kind, partner, sources, sessions
        case nameAR = "name_ar", nameFR = "name_fr", nameEN = "name_en"
        case otherPartners = "other_partners"
        case foundingProtocol = "founding_protocol", sessionsHeld = "sessions_held", lastSession = "last_session"
        case algerianWilayas = "algerian_wilayas"
        case algerianWilayaCodes = "algerian_wilaya_codes", algerianWilayasScope = "algerian_wilayas_scope"
        case foreignProvinces = "foreign_provinces"
    }

    /// `partner` and the `otherPartners`.
    public var partners: [Partner] { [partner] + (otherPartners ?? []) }

    /// True when the committee concerns only the wilayas it names (local meetings with a list).
    public var isLimitedToNamedWilayas: Bool {
        switch (kind, algerianWilayasScope) {
        case (.localWalis, .named), (.localWalis, nil): return true
        case (.localWalis, .allBorderWilayas), (.bilateralBorder, _), (.jointSecurity, _), (.development, _), (.tripartite, _): return false
        }
    }

    /// The date the last session ended (or started), when known and well-formed.
    public var lastSessionDate: PartialDate? {
        (lastSession?.end).flatMap(PartialDate.init) ?? (lastSession?.start).flatMap(PartialDate.init)
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
            throw DataError(file: crossingsURL.path, problem: "errors.kb.missing")
        }
        let features = try GeoJSONReader.read(crossingsURL, name: crossingsURL.path, kind: .knowledge, as: CrossingProperties.self, context: context, lonLat: false)
        let crossings = try features.map { feature -> Crossing in
            let p = feature.properties
            guard let geometry = feature.geometry, geometry.type == .point, let location = try geometry.coordinates.first else {
                throw DataError(file: crossingsURL.path, feature: feature.label, field: "geometry", problem: "errors.kb.not-a-point")
            }
            let label = "feature \(feature.number) (id '\(p.id)')"
            guard !p.traffic.isEmpty, Set(p.traffic).count == p.traffic.count else {
                throw DataError(file: crossingsURL.path, feature: label, field: "traffic", problem: p.traffic.isEmpty ? "errors.kb.traffic-empty" : "errors.kb.traffic-twice")
            }
            return Crossing(id: p.id, nameAR: p.nameAR, nameFR: p.nameFR, nameEN: p.nameEN, partner: p.partner, kind: p.kind,
                            algerianTown: p.algerianTown, partnerTown: p.partnerTown, status: p.status,
                            traffic: Set(p.traffic), regime: p.regime, statusNote: p.statusNote.isAbsent ? nil : p.statusNote,
                            official: p.official, precisionKm: p.precisionKm, coordinateSource: p.coordinateSource,
                            documentPartner: p.documentPartner, history: p.history, sources: p.sources, notes: p.notes.isAbsent ? nil : p.notes,
                            location: location, featureLabel: label, featureNumber: feature.number)
        }
        struct ProjectsFile: Decodable { var projects: [Project] }
        struct CommitteesFile: Decodable { var committees: [Committee] }
        struct ProjectTexts: Decodable { var projects: [RecordTexts] }
        struct CommitteeTexts: Decodable { var committees: [RecordTexts] }
        let projectsURL = directory.appendingPathComponent(projectsFile)
        var projects = try decode(ProjectsFile.self, projectsURL, item: "project", list: "projects").projects
        for (index, texts) in try decode(ProjectTexts.self, projectsURL, item: "project", list: "projects").projects.enumerated() {
            projects[index].notes = texts.notes
        }
        for (index, project) in projects.enumerated() {
            _ = try project.shape(file: projectsURL.path)
            guard let amount = project.cost?.amount, !PlanLimits.money.contains(amount) else { continue }
            throw DataError(file: projectsURL.path, feature: "project \(index + 1) (id '\(project.id)')",
                            field: "cost.amount", problem: "errors.kb.cost", ["amount": .text("\(amount)")])
        }
        let committeesURL = directory.appendingPathComponent(committeesFile)
        var committees = try decode(CommitteesFile.self, committeesURL, item: "committee", list: "committees").committees
        for (index, texts) in try decode(CommitteeTexts.self, committeesURL, item: "committee", list: "committees").committees.enumerated() {
            committees[index].notes = texts.notes
            committees[index].algerianWilayasNote = texts.wilayasNote
        }
        return KnowledgeBase(crossings: crossings, projects: projects, committees: committees)
    }

    /// Decodes `url`; an error names the item of the top-level `list` as "item N (id '…')".
    static func decode<T: Decodable>(_ type: T.Type, _ url: URL, item: String, list: String) throws -> T {
        try decodeJSON(T.self, from: try readInput(url: url, kind: .knowledge), file: url.path, itemName: item, itemList: list)
    }

    public func crossing(id: String) -> Crossing? { crossings.first { $0.id == id } }

    /// The projects that concern `crossing`.
    public func projects(for crossing: String) -> [Project] {
        projects.filter { $0.crossings.contains(crossing) }
    }
}
