import ArgumentParser
import BorderPlanKit
import Foundation

extension OutputFormat: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}

/// Options every data command takes.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "Geodata directory (default: the repository's geodata/).")
    var data: String?

    func geodata() -> Geodata {
        Geodata(directory: data.map { URL(fileURLWithPath: $0) } ?? Geodata.defaultDirectory())
    }
}

/// Output options of commands that print a result.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, json, csv or markdown.")
    var format: OutputFormat = .table

    @Option(name: .long, help: "Language of names: ar, fr or en.")
    var lang: Language = .en
}

/// Prints to standard output without a trailing newline of its own.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// Progress and diagnostics go to standard error.
func note(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
