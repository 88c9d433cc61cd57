import ArgumentParser
import BorderPlanKit
import Geo

@main
struct BorderPlan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "borderplan",
        abstract: "Plan Algeria's land border crossings with real boundaries, GEOS and PROJ.",
        version: borderPlanVersion,
        subcommands: [Info.self, GeodataCommand.self, BordersCommand.self, WilayasCommand.self,
                      CrossingsCommand.self, CrossingCommand.self, CommitteesCommand.self, ProjectsCommand.self, ValidateCommand.self,
                      DistanceCommand.self, DistancesCommand.self, CatchmentCommand.self, CoverageCommand.self,
                      CompareCommand.self, PlanCommand.self, ExportCommand.self, MapCommand.self, ReportCommand.self, ServeCommand.self,
                      KBCommand.self, TokenCommand.self]
    )

    /// Parses and runs the command. An unknown id, thrown from any layer, becomes exit
    /// status 2 with the closest ids on standard error: the one place it is mapped.
    static func main() async {
        Notices.language = requestedLanguage()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as UnknownIdentifier {
            note("borderplan: \(error)")
            exit(withError: ExitCode(2))
        } catch let error as DataError where requestedLanguage() != .en {
            let l = Localizer(requestedLanguage())
            note(l.text("errors.prefix", ["message": error.text(l)]))
            exit(withError: ExitCode.failure)
        } catch where requestedLanguage() != .en && !(error is ExitCode) && exitCode(for: error) != .success && !message(for: error).isEmpty {
            // A usage error (its text is already in --lang): the prefix too, without the parser's English usage line.
            let l = Localizer(requestedLanguage())
            note(l.text("errors.prefix", ["message": translatingParserFrame(message(for: error), l)]))
            exit(withError: ExitCode(exitCode(for: error).rawValue))
        } catch {
            exit(withError: error)
        }
    }
}

/// The parser's message with its English frame ("The value '-5' is invalid for '--radius <radius>': …")
/// in `l`'s language; the option's own message after it is already in that language.
func translatingParserFrame(_ message: String, _ l: Localizer) -> String {
    let start = "The value '"
    guard message.hasPrefix(start), let frame = message.range(of: #"' is invalid for '[^']*': "#, options: .regularExpression) else { return message }
    let value = String(message[message.index(message.startIndex, offsetBy: start.count)..<frame.lowerBound])
    let option = String(message[frame].dropFirst("' is invalid for '".count).dropLast("': ".count))
    return l.text("usage.invalid-value", ["value": value, "option": option]) + message[frame.upperBound...]
}

/// The language `--lang` asks for on the command line (English when absent or unknown), read
/// from the arguments so that an error thrown before or after parsing is printed in it.
func requestedLanguage(_ arguments: [String] = CommandLine.arguments) -> Language {
    for (index, argument) in arguments.enumerated() {
        if argument.hasPrefix("--lang=") { return Language(rawValue: String(argument.dropFirst("--lang=".count))) ?? .en }
        if argument == "--lang", index + 1 < arguments.count { return Language(rawValue: arguments[index + 1]) ?? .en }
    }
    return .en
}

/// Prints the engine's library versions and checks PROJ's database.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show GEOS and PROJ versions and check PROJ's database.")

    func run() throws {
        let proj = try ProjContext()
        print("borderplan \(borderPlanVersion)")
        print("GEOS       \(LibraryVersions.geos)")
        print("PROJ       \(LibraryVersions.proj)")
        print("proj.db    \(proj.databasePath ?? "?")")
    }
}
