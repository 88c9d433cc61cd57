import ArgumentParser
import BorderPlanKit
import Foundation

extension OutputFormat: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}
extension CrossingStatus: ExpressibleByArgument {}
extension ExportLayerKind: ExpressibleByArgument {}

extension Partner: ExpressibleByArgument {
    /// ISO-2 in any case: `--partner ly`.
    public init?(argument: String) { self.init(code: argument) }
}

/// A partner, or `none` (`--exclude-partner none`: leave no partner out).
enum PartnerOrNone: ExpressibleByArgument, Equatable {
    case none
    case partner(Partner)

    init?(argument: String) {
        if argument.lowercased() == "none" { self = .none; return }
        guard let partner = Partner(code: argument) else { return nil }
        self = .partner(partner)
    }

    static var allValueStrings: [String] { ["none"] + Partner.rawValues }

    var defaultValueDescription: String {
        switch self {
        case .none: return "none"
        case let .partner(partner): return partner.rawValue
        }
    }

    /// The partners of a list: `none` alone means no partner; `none` with partners is refused.
    static func partners(_ choices: [PartnerOrNone]) throws -> [Partner] {
        let partners = choices.compactMap { choice -> Partner? in
            switch choice {
            case .none: return nil
            case let .partner(partner): return partner
            }
        }
        guard partners.count == choices.count || choices == [.none] else {
            throw usage("usage.partner.none-alone")
        }
        return partners
    }
}

extension Service: ExpressibleByArgument {}

/// `--service travellers|goods|any`: which crossings serve demand (open, permanent, handling
/// that traffic), with the deprecated `--open-statuses` kept one release as a hidden alias.
struct ServiceOptions: ParsableArguments {
    @Option(help: "Which crossings serve: travellers, goods or any (open, permanent, handling that traffic).")
    var service: Service?

    @Option(name: .customLong("open-statuses"), help: .hidden, transform: legacyService)
    var openStatuses: Service?

    func validate() throws {
        guard let legacy = openStatuses else { return }
        guard service == nil else { throw usage("usage.service.both") }
        note(Notices.text("notices.deprecated.open-statuses", ["service": "\(legacy)"]))
    }

    /// The service asked for (default travellers).
    var resolved: Service { service ?? openStatuses ?? .default }
}

/// The service closest to an old `--open-statuses` list: `open` alone meant the crossings open
/// to everyone (travellers); with `restricted` it counted the goods-only ones too (any). Lists
/// with closed, planned or suspended have no equivalent: a closed crossing never serves.
func legacyService(_ text: String) throws -> Service {
    let parts = Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    let known = ["open", "restricted", "closed", "planned", "suspended"]
    guard !parts.isEmpty else { throw usage("usage.statuses.none") }
    for part in parts.sorted() where !known.contains(part) {
        throw usage("usage.value.not-one-of", ["value": .text(part), "allowed": .text(known.joined(separator: ", "))])
    }
    guard parts.isSubset(of: ["open", "restricted"]), parts.contains("open") else {
        throw usage("usage.statuses.legacy", ["value": .text(text)])
    }
    return parts.contains("restricted") ? .any : .travellers
}

/// Options every data command takes.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "Geodata directory (default: the repository's geodata/).")
    var data: String?

    @Option(name: .long, help: "Knowledge-base store (SQLite, `borderplan kb init`): read instead of the data folder's files (default: $BORDERPLAN_DB when that file exists).")
    var db: String?

    func validate() throws {
        if data == "" { throw usage("usage.data.empty") }
        if db == "" { throw usage("usage.db.empty") }
    }

    func geodata() -> Geodata {
        Geodata(directory: directory)
    }

    var directory: URL { data.map { URL(fileURLWithPath: $0) } ?? Geodata.defaultDirectory() }

    /// The knowledge base of every data command: the store when `--db` is given or `$BORDERPLAN_DB`
    /// names an existing file, else the data folder's files; says which on standard error.
    func knowledge(_ geodata: Geodata) throws -> KnowledgeBase {
        guard let url = KnowledgeStore.readLocation(db: db) else {
            noteText("usage.note.kb-files", ["path": .text(geodata.directory.path)])
            return try KnowledgeBase.load(directory: geodata.directory, context: geodata.context)
        }
        noteText("usage.note.kb-store", ["path": .text(url.path)])
        return try KnowledgeStore(url: url).knowledgeBase(context: geodata.context)
    }
}

/// Refuses an empty `--out` (it would mean the current folder).
func requireOutputPath(_ out: String) throws {
    guard !out.isEmpty else { throw usage("usage.out.empty") }
}

/// The guard that keeps outputs off the data folder and the input files, set up before any work
/// (SIGINT/SIGTERM then remove whatever is half-written).
func outputGuard(_ data: DataOptions, inputs: [(String?, String)]) -> OutputGuard {
    InterruptCleanup.shared.installSignalHandlers()
    return OutputGuard(inputs: [(data.directory, "the data folder")] + inputs.compactMap { path, option in
        path.map { (URL(fileURLWithPath: $0), "the \(option) file") }
    })
}

/// Output options of commands that print a result.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, json, csv or markdown.")
    var format: OutputFormat = .table

    @Option(name: .long, help: "Language of names, table headers, titles and notes: ar, fr or en (CSV and JSON keep machine numbers).")
    var lang: Language = .en

    @Flag(name: .long, help: "Text tables: show every column, however wide (default: fit 100 columns, hiding secondary columns with a note).")
    var wide = false

    /// Whether the output carries bidi isolates around left-to-right runs (Arabic text tables).
    var isolated: Bool { format == .table && lang == .ar }
}

/// Prints to standard output without a trailing newline of its own; control characters that
/// came from the data are escaped (line breaks and tabs kept), so they never drive the terminal.
/// `keepIsolates` (Arabic text tables, `OutputOptions.isolated`) lets their bidi isolates through:
/// the tables escaped the data's own before adding them.
func emit(_ text: String, keepIsolates: Bool = false) {
    FileHandle.standardOutput.write(Data(escapingControls(text, keepLineBreaks: true, keepIsolates: keepIsolates).utf8))
}

/// Progress and diagnostics go to standard error (control characters escaped).
func note(_ text: String) {
    FileHandle.standardError.write(Data((escapingControls(text, keepLineBreaks: true) + "\n").utf8))
}
