import ArgumentParser
import BorderPlanKit
import Foundation

/// The options every edit command shares — who, the source, the data folder and the store — and
/// the change of an existing record with them.
struct KnowledgeEditOptions: ParsableArguments {
    @OptionGroup var edit: EditOptions
    @OptionGroup var dataOptions: DataOptions

    /// Changes record `id` of `kind`, which must exist (an unknown id is named with the closest
    /// known ones); the source's date defaults to `defaultDate`.
    func update(_ kind: RecordKind, _ id: String, defaultDate: String?, change: (StoredJSON, EditSource) throws -> StoredJSON?) throws {
        let source = try edit.source(defaultDate: defaultDate)
        let store = try dataOptions.openStore()
        try runEdit(dataOptions, edit, kind: kind, id: id, source: source) { current in
            try change(try existing(current, kind, id, store: store), source)
        }
    }
}

struct KBSetStatus: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set-status", abstract: "Set a crossing's status and append the dated event with its source.")
    @Argument(help: "Crossing id.") var crossing: String
    @Argument(help: "\(CrossingStatus.rawValues.joined(separator: ", ")).") var status: CrossingStatus
    @Option(help: "Date of the change, YYYY[-MM[-DD]].") var date: String
    @Option(help: "What it handles from now on, comma-separated: travellers, goods (default: unchanged).", transform: trafficList)
    var traffic: Set<Traffic>?
    @OptionGroup var options: KnowledgeEditOptions

    func run() throws {
        try options.update(.crossing, crossing, defaultDate: date) { current, source in
            try KnowledgeEdits.setStatus(current, status: status, date: date, note: options.edit.note.map { DataText($0, in: options.edit.lang) }, source: source, traffic: traffic)
        }
    }
}

struct KBAddEvent: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add-event", abstract: "Append a dated event to a crossing's history.")
    @Argument(help: "Crossing id.") var crossing: String
    @Option(help: "What happened: \(CrossingEventKind.rawValues.joined(separator: ", ")).") var event: CrossingEventKind
    @Option(help: "Date, YYYY[-MM[-DD]].") var date: String
    @Option(help: "What the source says.") var text: String
    @OptionGroup var options: KnowledgeEditOptions

    func run() throws {
        try options.update(.crossing, crossing, defaultDate: date) { current, source in
            try KnowledgeEdits.addEvent(current, date: date, event: event, note: DataText(text, in: options.edit.lang), source: source)
        }
    }
}

struct KBSetProject: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set-project", abstract: "Record a project's progress: phase, percent complete, cost.")
    @Argument(help: "Project id.") var project: String
    @Option(help: "announced, planned, in-progress, completed or stalled.") var phase: ProjectPhase?
    @Option(help: "Percent complete, 0–100.") var percent: Double?
    @Option(help: "Cost, e.g. \"1.2 bn DZD\".") var cost: String?
    @Option(help: "Date the figures describe, YYYY[-MM[-DD]].") var date: String?
    @OptionGroup var options: KnowledgeEditOptions

    func validate() throws {
        guard phase != nil || percent != nil || cost != nil else { throw usage("usage.project.fields") }
    }

    func run() throws {
        let parsedCost = try cost.map { text in
            do { return try KnowledgeEdits.parseCost(text) } catch let error as DataError { throw usage("usage.cost", ["problem": .text(problemText(error))]) }
        }
        try options.update(.project, project, defaultDate: date) { current, source in
            try KnowledgeEdits.setProject(current, phase: phase, percent: percent, cost: parsedCost, date: date, source: source)
        }
    }
}

struct KBAddProject: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add-project", abstract: "Add a project of a crossing.")
    @Argument(help: "New project id.") var project: String
    @Option(help: "The crossing it concerns.") var crossing: String
    @Option(help: "post, road, free-zone or rail.") var kind: ProjectKind
    @Option(name: .customLong("aim-en"), help: "What it does, in English.") var aimEN: String
    @Option(name: .customLong("aim-fr"), help: "What it does, in French.") var aimFR: String
    @Option(name: .customLong("aim-ar"), help: "What it does, in Arabic.") var aimAR: String
    @Option(help: "announced, planned, in-progress, completed or stalled.") var phase: ProjectPhase = .announced
    @OptionGroup var options: KnowledgeEditOptions

    func run() throws {
        let source = try options.edit.source()
        try runEdit(options.dataOptions, options.edit, kind: .project, id: project, source: source) { current in
            guard current == nil else { throw usage("usage.project.exists", ["id": .text(project)]) }
            return KnowledgeEdits.newProject(id: project, crossing: crossing, kind: kind, aim: (ar: aimAR, fr: aimFR, en: aimEN), phase: phase, notes: options.edit.note.map { DataText($0, in: options.edit.lang) },
                                             source: source)
        }
    }
}

struct KBAddSession: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add-session", abstract: "Record a committee's session (moves last_session when it is the latest).")
    @Argument(help: "Committee id.") var committee: String
    @Option(help: "First day, YYYY[-MM[-DD]].") var date: String
    @Option(help: "Last day, when it lasted longer.") var end: String?
    @Option(help: "Where it met.") var place: String
    @Option(help: "The session's number in the committee's count.") var number: Int?
    @OptionGroup var options: KnowledgeEditOptions

    func run() throws {
        try options.update(.committee, committee, defaultDate: date) { current, source in
            try KnowledgeEdits.addSession(current, start: date, end: end, place: place, number: number, source: source)
        }
    }
}

struct KBAddCrossing: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-crossing", abstract: "Add a crossing; its wilaya and border are computed and shown before it is saved.",
        discussion: "Refused when it lies farther from the land border than 5 km plus its precision (the rule of `validate`).")
    @Argument(help: "New crossing id.") var id: String
    @Option(name: .customLong("name-en")) var nameEN: String
    @Option(name: .customLong("name-fr")) var nameFR: String
    @Option(name: .customLong("name-ar")) var nameAR: String
    @Option(help: "The partner country, ISO-2.") var partner: Partner
    @Option(help: "road or rail.") var kind: CrossingKind = .road
    @Option(help: "open, restricted, closed or planned.") var status: CrossingStatus = .planned
    @Flag(help: "An official crossing (default: not).") var official = false
    @Option(name: .customLong("algerian-town")) var algerianTown: String?
    @Option(parsing: .unconditional, help: "Latitude, WGS84 degrees.") var lat: Double
    @Option(parsing: .unconditional, help: "Longitude, WGS84 degrees.") var lon: Double
    @Option(name: .customLong("precision-km"), help: "Uncertainty of the position, km.") var precisionKm: Double
    @Option(name: .customLong("coordinate-source"), help: "Where the position comes from.") var coordinateSource: String
    @OptionGroup var options: KnowledgeEditOptions

    func validate() throws {
        guard (-90...90).contains(lat), (-180...180).contains(lon) else { throw usage("usage.lat-lon", ["lat": .number("\(lat)"), "lon": .number("\(lon)")]) }
        guard precisionKm.isFinite, precisionKm >= 0, precisionKm <= 1000 else { throw usage("usage.precision", ["value": .number("\(precisionKm)")]) }
    }

    func run() throws {
        let source = try options.edit.source()
        let crossing = NewCrossing(id: id, nameAR: nameAR, nameFR: nameFR, nameEN: nameEN, partner: partner, kind: kind, algerianTown: algerianTown,
                                   status: status, official: official, lat: lat, lon: lon, precisionKm: precisionKm, coordinateSource: DataText(coordinateSource, in: options.edit.lang))
        let body = KnowledgeEdits.newCrossing(crossing, source: source)
        note(try placementLine(body))
        try runEdit(options.dataOptions, options.edit, kind: .crossing, id: id, source: source) { current in
            guard current == nil else { throw usage("usage.crossing.exists", ["id": .text(id)]) }
            return body
        }
    }

    /// "wilaya 39 El Oued (inside), 2.1 km from the Tunisia border", computed with the linker.
    func placementLine(_ body: StoredJSON) throws -> String {
        let store = try options.dataOptions.openStore()
        let geodata = options.dataOptions.geodata()
        let placement = try store.withFiles(replacing: (.crossing, id, body)) { folder in
            try CrossingPlacement.describe(id: id, knowledgeFolder: folder, geodata: geodata)
        }
        return "\(id): \(placement)"
    }
}

/// `--traffic travellers,goods`: at least one of the two.
func trafficList(_ text: String) throws -> Set<Traffic> {
    let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    guard !parts.isEmpty else { throw usage("usage.traffic.none", ["allowed": .text(Traffic.rawValues.joined(separator: ", "))]) }
    return Set(try parts.map { part in
        guard let traffic = Traffic(rawValue: part) else { throw usage("usage.value.not-one-of", ["value": .text(part), "allowed": .text(Traffic.rawValues.joined(separator: ", "))]) }
        return traffic
    })
}
