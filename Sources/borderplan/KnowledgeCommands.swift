import ArgumentParser
import BorderPlanKit
import Foundation
import Geo

/// Loads geodata and the knowledge base and links them (one per command run).
func makeLinker(_ options: DataOptions) throws -> KnowledgeLinker {
    let geodata = options.geodata()
    let knowledge = try options.knowledge(geodata)
    return try KnowledgeLinker(geodata: geodata, knowledge: knowledge, proj: try ProjContext())
}

struct AsOfOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: "Reference date, YYYY-MM-DD (default: today).",
            transform: { text in
                guard let date = PartialDate(text), date.day != nil else { throw usage("usage.as-of", ["value": .text(text)]) }
                return date
            })
    var asOf: PartialDate?

    var date: PartialDate { asOf ?? .today() }
}

struct CrossingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "crossings", abstract: "List the border crossings with their computed wilaya and border.")

    @Option(help: "Only crossings with this partner (ISO-2, e.g. LY).") var partner: Partner?
    @Option(help: "Only crossings with this status.") var status: CrossingStatus?
    @Option(help: "Only crossings in this wilaya (official code or name).") var wilaya: String?
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let filter = CrossingsReport.Filter(partner: partner, status: status, wilaya: wilaya)
        emit(try CrossingsReport.list(try makeLinker(dataOptions), filter: filter, format: output.format, language: output.lang, wide: output.wide), keepIsolates: output.isolated)
    }
}

struct CrossingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "crossing", abstract: "Everything about one crossing: location, wilaya, border, history, projects, committees, distances.")

    @Argument(help: "Crossing id, e.g. debdeb.") var id: String
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var roadOptions: RoadOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let linker = try makeLinker(dataOptions)
        let site = Scenario.sites(linker.knowledge, scenario: nil, language: output.lang).first { $0.id == id }
        var corridor = try site.map { Corridors.compute(places: try linker.geodata.places(), partner: try PartnerSide(geodata: linker.geodata), sites: [$0])[0] }
        // With --roads, the corridor towns' travel times over the network (the analysis data loaded only then).
        if let site, let found = corridor, roadOptions.roads != nil, let roads = try roadOptions.setup(try loadAnalysis(dataOptions)) {
            corridor = Corridors.withTravelTimes([found], roads: roads, sites: [site])[0]
        }
        emit(try CrossingsReport.detail(linker, id: id, asOf: asOf.date, format: output.format, language: output.lang, corridor: corridor, wide: output.wide),
             keepIsolates: output.isolated)
    }
}

struct CommitteesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "committees", abstract: "Cross-border committees and meetings, with how long since their last session.")

    @OptionGroup var asOf: AsOfOption
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        emit(try CommitteesReport.render(try makeLinker(dataOptions), asOf: asOf.date, format: output.format, language: output.lang, wide: output.wide), keepIsolates: output.isolated)
    }
}

struct ProjectsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "projects", abstract: "Upgrade and creation projects of the crossings.")

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let geodata = dataOptions.geodata()
        emit(ProjectsReport.render(try dataOptions.knowledge(geodata), format: output.format, language: output.lang, wide: output.wide), keepIsolates: output.isolated)
    }
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the knowledge base against the geometry: errors, document-vs-map disagreements, planning warnings.",
        discussion: "Exit status 1 when there is an error; disagreements and warnings are reported only.")

    @OptionGroup var asOf: AsOfOption
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let linker = try makeLinker(dataOptions)
        _ = try linker.geodata.places()  // counts are bounded at load: a bad places file is an error here too
        let findings = try KnowledgeValidation(linker: linker, asOf: asOf.date).run()
        emit(ValidateReport.render(findings, asOf: asOf.date, format: output.format, language: output.lang, wide: output.wide), keepIsolates: output.isolated)
        if findings.contains(where: { $0.severity == .error }) { throw ExitCode.failure }
    }
}
