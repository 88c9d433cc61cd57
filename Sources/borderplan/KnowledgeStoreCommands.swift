import ArgumentParser
import BorderPlanKit
import Foundation

extension ProjectPhase: ExpressibleByArgument {}
extension ProjectKind: ExpressibleByArgument {}
extension CrossingKind: ExpressibleByArgument {}
extension CrossingEventKind: ExpressibleByArgument {}
extension TokenRole: ExpressibleByArgument {}

/// `borderplan kb …`: the knowledge-base store, its journal and its edits.
struct KBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb",
        abstract: "Keep the knowledge base current: a store (SQLite) with a journal of every edit, and the edits.",
        discussion: "The store is --db, else $BORDERPLAN_DB, else kb/borderplan.sqlite at the repository root. "
            + "Every edit is checked with the rules of `validate` and refused when it brings an error.",
        subcommands: [KBInit.self, KBExport.self, KBLog.self, KBUndo.self, KBSetStatus.self, KBAddEvent.self,
                      KBSetProject.self, KBAddProject.self, KBAddSession.self, KBAddCrossing.self, KBBurst.self])
}

extension DataOptions {
    /// The store `kb` and `token` commands use.
    var storeURL: URL { KnowledgeStore.editLocation(db: db) }

    func openStore() throws -> KnowledgeStore { try KnowledgeStore(url: storeURL) }
}

/// Who made an edit, on what source, and why.
struct EditOptions: ParsableArguments {
    @Option(help: "Who makes the edit (default: $BORDERPLAN_AUTHOR, else $USER).") var author: String?
    @Option(name: .customLong("source-title"), help: "Title of the source of the fact (required).") var sourceTitle: String
    @Option(name: .customLong("source-date"), help: "Date of the source, YYYY[-MM[-DD]].") var sourceDate: String?
    @Option(name: .customLong("source-url"), help: "URL of the source.") var sourceURL: String?
    @Option(help: "A free note, kept in the journal (and, for set-status, the status note).") var note: String?
    @Option(help: "Language of --note, --text and --coordinate-source: ar, fr or en; the other languages of the text are marked not yet translated.")
    var lang: Language = .en
    @OptionGroup var asOf: AsOfOption

    func source(defaultDate: String? = nil) throws -> EditSource {
        do { return try EditSource(title: sourceTitle, date: sourceDate ?? defaultDate, url: sourceURL) } catch let error as DataError {
            throw ValidationError(problemText(error))
        }
    }

    var who: String {
        get throws {
            let environment = ProcessInfo.processInfo.environment
            guard let name = author ?? environment["BORDERPLAN_AUTHOR"] ?? environment["USER"], !name.isEmpty else {
                throw usage("usage.author")
            }
            return name
        }
    }
}

/// Runs one edit through the validating editor and prints what it did.
func runEdit(_ data: DataOptions, _ options: EditOptions, kind: RecordKind, id: String, source: EditSource,
             change: (StoredJSON?) throws -> StoredJSON?) throws {
    let store = try data.openStore()
    let editor = try KnowledgeEditor(store: store, geodata: data.geodata(), asOf: options.asOf.date)
    do {
        let outcome = try editor.edit(kind, id: id, author: try options.who, source: source, note: options.note, change: change)
        printOutcome(outcome)
    } catch let error as EditRefused {
        note("borderplan kb: \(error)")
        throw ExitCode.failure
    }
}

func printOutcome(_ outcome: EditOutcome) {
    let entry = outcome.entry
    emit("edit \(entry.edit): \(entry.kind.rawValue) '\(entry.recordID)' now at version \(entry.version) (\(entry.patch.operations.count) change(s))\n")
    for finding in outcome.findings { note("  \(finding.severity.rawValue) [\(finding.rule)] \(finding.subject): \(finding.message)") }
}

/// The record `id` of `kind`, or the unknown-id error with the closest ids.
func existing(_ current: StoredJSON?, _ kind: RecordKind, _ id: String, store: KnowledgeStore) throws -> StoredJSON {
    guard let current else {
        throw UnknownIdentifier(kind: kind.rawValue, id: id, closest: closestMatches(to: id, among: try store.records(kind).map(\.id)))
    }
    return current
}

struct KBInit: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create the store from the data folder's crossings.geojson, projects.json and committees.json.")
    @OptionGroup var dataOptions: DataOptions

    func run() throws {
        let store = try KnowledgeStore.create(at: dataOptions.storeURL, from: dataOptions.directory)
        let counts = try RecordKind.allCases.map { "\(try store.records($0).count) \($0.plural)" }
        emit("created \(store.url.path) from \(dataOptions.directory.path): \(counts.joined(separator: ", "))\n")
    }
}

struct KBExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the knowledge-base files from the store (--out DIR), or replace the data folder's (--to-data).",
        discussion: "--to-data validates the result first, replaces the three files atomically and prints what changed.")
    @Option(help: "Folder to write crossings.geojson, projects.json, committees.json into.") var out: String?
    @Flag(name: .customLong("to-data"), help: "Replace the data folder's knowledge-base files (after validation).") var toData = false
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var dataOptions: DataOptions

    func validate() throws {
        guard (out != nil) != toData else { throw usage("usage.export.where") }
        if let out { try requireOutputPath(out) }
    }

    func run() throws {
        let store = try dataOptions.openStore()
        if let out {
            let folder = URL(fileURLWithPath: out)
            try outputGuard(dataOptions, inputs: []).check(folder)
            try OutputFolder.write(folder, expected: RecordKind.allCases.map(\.file)) { try store.writeFiles(to: $0) }
            emit("wrote \(RecordKind.allCases.map(\.file).joined(separator: ", ")) to \(folder.path)\n")
            return
        }
        let summary = try KnowledgeFileExport.replaceDataFiles(store: store, geodata: dataOptions.geodata(), asOf: asOf.date)
        emit(summary)
    }
}

struct KBLog: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "The journal: every edit with its author, change and source (of one record when ID is given).")
    @Argument(help: "A crossing, project or committee id.") var id: String?
    @OptionGroup var dataOptions: DataOptions

    func run() throws {
        emit(JournalReport.render(try dataOptions.openStore().journal(recordID: id)))
    }
}

struct KBUndo: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "undo", abstract: "Add the inverse of an edit to the journal (refused when its fields changed since).")
    @Argument(help: "The edit number (see `kb log`).") var edit: Int
    @Option(help: "Who undoes it (default: $BORDERPLAN_AUTHOR, else $USER).") var author: String?
    @Option(name: .customLong("note"), help: "Why.") var reason: String?
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var dataOptions: DataOptions

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let who = author ?? environment["BORDERPLAN_AUTHOR"] ?? environment["USER"] else { throw usage("usage.undo.author") }
        let editor = try KnowledgeEditor(store: try dataOptions.openStore(), geodata: dataOptions.geodata(), asOf: asOf.date)
        do { printOutcome(try editor.undo(edit, author: who, note: reason)) } catch let error as EditRefused {
            note("borderplan kb: \(error)")
            throw ExitCode.failure
        }
    }
}

/// A hidden exercise of the store's write path (the crash-safety test kills it with SIGKILL
/// mid-burst): `count` journaled edits of one record's `notes`, each its own transaction,
/// without validation. Not for real stores: its edits are in the journal like any other.
struct KBBurst: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "burst", abstract: "Exercise the store's write path (tests).", shouldDisplay: false)
    @Option(help: "The project whose notes are rewritten.") var project: String
    @Option(help: "How many edits.") var count: Int
    @OptionGroup var dataOptions: DataOptions

    func run() throws {
        let store = try dataOptions.openStore()
        let source = try EditSource(title: "store crash-safety exercise")
        for index in 0..<count {
            guard let record = try store.record(.project, id: project) else { throw usage("usage.project.none", ["id": .text(project)]) }
            var after = record.body
            after.set("notes", .string("burst edit \(index)"))
            try store.commit(EditRequest(kind: .project, id: project, patch: JSONPatch.diff(record.body, after), baseVersion: record.version,
                                         author: "burst", source: source))
        }
    }
}
