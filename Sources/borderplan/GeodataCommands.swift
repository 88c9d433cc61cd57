import ArgumentParser
import BorderPlanKit
import Foundation

struct GeodataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geodata",
        abstract: "Build or check the geodata directory.",
        subcommands: [Build.self, Check.self])

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Build geodata/ from the extracted pinned packages (run by `make geodata`).")

        @Option(help: "Folder with the extracted package files.")
        var sources: String

        @Option(help: "Geodata folder to write.")
        var out: String = "geodata"

        func run() throws {
            let builder = GeodataBuilder(sources: URL(fileURLWithPath: sources), output: URL(fileURLWithPath: out), log: { note("geodata: " + $0) })
            let checks = try builder.build()
            for check in checks { note("  ✓ \(check.name): \(check.detail)") }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the geodata validation checks on a geodata folder.")

        @OptionGroup var dataOptions: DataOptions

        func run() throws {
            let data = dataOptions.geodata()
            let published = try PublishedLengths.load(data.directory.appendingPathComponent("published-border-lengths.json"))
            let checks = try GeodataValidation.run(data, published: published)
            for check in checks { emit("\(check.passed ? "✓" : "✗") \(check.name): \(check.detail)\n") }
            if checks.contains(where: { !$0.passed }) { throw ExitCode.failure }
        }
    }
}

struct BordersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "borders", abstract: "Algeria's seven land borders, their lengths and the wilayas they cross.")

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        emit(try BordersReport.render(dataOptions.geodata(), format: output.format, language: output.lang, wide: output.wide), keepIsolates: output.isolated)
    }
}

struct WilayasCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wilayas", abstract: "The 69 wilayas with official codes, areas, reforms and borders.")

    @Flag(help: "Only the wilayas with at least 1 km of land border.")
    var borderOnly = false

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        emit(try WilayasReport.render(dataOptions.geodata(), borderOnly: borderOnly, format: output.format, language: output.lang, wide: output.wide), keepIsolates: output.isolated)
    }
}
