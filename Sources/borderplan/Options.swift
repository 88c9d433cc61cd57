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
            throw ValidationError("--exclude-partner none goes alone")
        }
        return partners
    }
}

/// Parses `--open-statuses open,restricted`: a comma-separated list of crossing statuses.
func parseOpenStatuses(_ text: String) throws -> OpenStatuses {
    let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    guard !parts.isEmpty else { throw ValidationError("give at least one status: \(CrossingStatus.rawValues.joined(separator: ", "))") }
    for part in parts where CrossingStatus(rawValue: part) == nil {
        throw ValidationError(CrossingStatus.notOneOf(part))
    }
    return try OpenStatuses(parsing: text)
}

/// Options every data command takes.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "Geodata directory (default: the repository's geodata/).")
    var data: String?

    @Option(name: .long, help: "Knowledge-base store (SQLite, `borderplan kb init`): read instead of the data folder's files (default: $BORDERPLAN_DB when that file exists).")
    var db: String?

    func validate() throws {
        if data == "" { throw ValidationError("--data needs a folder (an empty path would mean the current folder)") }
        if db == "" { throw ValidationError("--db needs a file") }
    }

    func geodata() -> Geodata {
        Geodata(directory: directory)
    }

    var directory: URL { data.map { URL(fileURLWithPath: $0) } ?? Geodata.defaultDirectory() }

    /// The knowledge base of every data command: the store when `--db` is given or `$BORDERPLAN_DB`
    /// names an existing file, else the data folder's files; says which on standard error.
    func knowledge(_ geodata: Geodata) throws -> KnowledgeBase {
        guard let url = KnowledgeStore.readLocation(db: db) else {
            note("knowledge base: the files of \(geodata.directory.path)")
            return try KnowledgeBase.load(directory: geodata.directory, context: geodata.context)
        }
        note("knowledge base: the store \(url.path)")
        return try KnowledgeStore(url: url).knowledgeBase(context: geodata.context)
    }
}

/// Refuses an empty `--out` (it would mean the current folder).
func requireOutputPath(_ out: String) throws {
    guard !out.isEmpty else { throw ValidationError("--out needs a path (an empty path would mean the current folder)") }
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

    @Option(name: .long, help: "Language of names: ar, fr or en.")
    var lang: Language = .en
}

/// Prints to standard output without a trailing newline of its own; control characters that
/// came from the data are escaped (line breaks and tabs kept), so they never drive the terminal.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(escapingControls(text, keepLineBreaks: true).utf8))
}

/// Progress and diagnostics go to standard error (control characters escaped).
func note(_ text: String) {
    FileHandle.standardError.write(Data((escapingControls(text, keepLineBreaks: true) + "\n").utf8))
}
