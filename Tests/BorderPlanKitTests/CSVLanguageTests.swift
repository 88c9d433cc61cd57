import Foundation
import Testing
@testable import BorderPlanKit

/// `--format csv` is a machine format in every language: the same machine column names (GIS
/// users join on them) and the same numbers (dot decimals, no grouping); only names follow `--lang`.
@Suite struct CSVLanguageTests {
    @Test(arguments: [["coverage", "--radius", "100"], ["plan", "--radius", "100", "--add", "2", "--exclude-partner", "MA"], ["crossings"]])
    func headersAndNumbersAreTheSameInEveryLanguage(_ command: [String]) throws {
        guard let binary = builtProduct("borderplan") else { Issue.record("borderplan is not built"); return }
        var outputs: [Language: [[String]]] = [:]
        for language in Language.allCases {
            let result = try run(binary, command + ["--data", geodataDirectory.path, "--format", "csv", "--lang", language.rawValue])
            #expect(result.status == 0, "\(command[0]) --lang \(language.rawValue): \(result.stderr)")
            outputs[language] = result.stdout.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
        let english = try #require(outputs[.en])
        let header = try #require(english.first)
        #expect(header.allSatisfy { $0.range(of: #"^[a-z][a-z0-9_]*$"#, options: .regularExpression) != nil }, "machine names: \(header)")
        for language in [Language.fr, .ar] {
            let rows = try #require(outputs[language])
            #expect(rows.first == header, "\(language.rawValue) header \(rows.first ?? [])")
            #expect(rows.count == english.count)
            // Every cell that is a machine number in English is the same machine number in this language.
            for (row, englishRow) in zip(rows.dropFirst(), english.dropFirst()) where row.count == englishRow.count {
                for (cell, englishCell) in zip(row, englishRow) where Double(englishCell) != nil {
                    #expect(cell == englishCell, "\(language.rawValue): \(cell) ≠ \(englishCell)")
                }
            }
        }
    }
}
