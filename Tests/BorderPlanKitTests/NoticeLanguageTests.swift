import Foundation
import Testing
@testable import BorderPlanKit

/// `borderplan report --lang ar|fr`: its progress lines, the line naming the report and the output
/// folder's notices (files replaced, a stale staging folder removed) come from the catalogue in that
/// language, and every progress line still ends in seconds that Benchmarks/run_time.py parses.
@Suite(.serialized) struct NoticeLanguageTests {
    /// Benchmarks/run_time.py's pattern for a progress line.
    static let progressPattern = #"^(.*?)\s+(\d+\.\d+) s$"#
    /// Words of the English texts that must not be left in Arabic or French.
    static let englishWords: Set<String> = ["replacing", "load", "report", "written", "total", "validate", "waiting",
                                            "removed", "staging", "process", "running", "files", "wrote"]

    @Test func reportNoticesInArabicAndFrench() throws {
        let binary = try #require(MalformedInputTests.binary, "build the CLI first (make test does)")
        let scratch = try ScratchFolder()
        let out = scratch.file("report")
        let english = try run(binary, ["report", "--out", out.path], environment: [:])
        #expect(english.status == 0, "\(english.stderr)")
        #expect(english.stdout == "Report written: \(out.appendingPathComponent("index.html").standardizedFileURL.path)\n")
        #expect(english.stderr.contains("\nload geodata ") || english.stderr.hasPrefix("load geodata "), "\(english.stderr)")

        let arabic = try run(binary, ["report", "--lang", "ar", "--out", out.path], environment: [:])
        #expect(arabic.status == 0, "\(arabic.stderr)")
        expectLocalized(arabic.stdout + arabic.stderr, paths: [out.path], ["كُتب التقرير: ", "تحميل البيانات الجغرافية", "المدة الإجمالية",
                                                        "استبدال ملفات كتبها BorderPlan في \(out.path) (عددها "])
        expectProgressLines(arabic.stderr, count: 10)

        // A staging folder left by a process that has ended: removed, and said in French.
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let staging = out.appendingPathComponent(".borderplan-staging-\(ended.processIdentifier)-0000dead")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        try Data("pid \(ended.processIdentifier)\n".utf8).write(to: staging.appendingPathComponent(".borderplan-owner"))
        let french = try run(binary, ["report", "--lang", "fr", "--out", out.path], environment: [:])
        #expect(french.status == 0, "\(french.stderr)")
        expectLocalized(french.stdout + french.stderr, paths: [staging.path, out.path], ["Rapport écrit\u{00A0}: ", "chargement des géodonnées", "durée totale",
                                                        "remplacement de ", " fichiers écrits par BorderPlan dans \(out.path)",
                                                        "\(staging.path) supprimé\u{00A0}: dossier de préparation laissé par le processus BorderPlan \(ended.processIdentifier), qui ne tourne plus"])
        expectProgressLines(french.stderr, count: 10)
        #expect(!FileManager.default.fileExists(atPath: staging.path))
    }

    /// The deprecation notice of `--open-statuses` in French (the command's --lang).
    @Test func deprecationNoticeInFrench() throws {
        let binary = try #require(MalformedInputTests.binary, "build the CLI first (make test does)")
        let result = try run(binary, ["coverage", "--radius", "100", "--open-statuses", "open,restricted", "--format", "json", "--lang", "fr"], environment: [:])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("borderplan\u{00A0}: avertissement\u{00A0}: --open-statuses est obsolète") && result.stderr.contains("(cette exécution utilise --service any)"),
                "\(result.stderr)")
        #expect(!result.stderr.contains("deprecated"), "\(result.stderr)")
    }

    /// `text` holds each of `expected` and, once `paths` are taken out, none of the English words.
    func expectLocalized(_ text: String, paths: [String], _ expected: [String]) {
        for part in expected { #expect(text.contains(part), "lacks «\(part)»: \(text)") }
        let rest = paths.reduce(text) { $0.replacingOccurrences(of: $1, with: " ") }
        let words = Set(rest.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init))
        #expect(words.isDisjoint(with: Self.englishWords), "English left: \(words.intersection(Self.englishWords).sorted()): \(text)")
    }

    /// At least `count` lines of `stderr` are progress lines as run_time.py reads them, with a stage name.
    func expectProgressLines(_ stderr: String, count: Int) {
        let lines = stderr.split(separator: "\n").map(String.init)
        let progress = lines.filter { $0.range(of: Self.progressPattern, options: .regularExpression) != nil }
        #expect(progress.count >= count, "\(progress.count) progress lines: \(stderr)")
        for line in progress { #expect(line.first?.isLetter == true, "\(line)") }
    }
}
