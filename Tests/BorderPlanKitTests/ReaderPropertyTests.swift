import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// Property-based tests of the readers of user files (demand, costs, scenario, and the CSV and
/// JSON layers under them), each bounded in cases and in time so `make test` stays fast:
/// round trips for what a valid file can hold, and, for mutated files, a located `DataError`
/// (or a result) — never a crash, another error type, a long message or a raw control character.
@Suite struct ReaderPropertyTests {
    static let seed: UInt64 = 20_261_130
    /// Each property stops after this many seconds even if cases remain.
    static let timeBudget: TimeInterval = 1.5

    /// Runs `body` for up to `cases` seeds within the time budget.
    func forAll(cases: Int, _ body: (inout SeededGenerator, Int) throws -> Void) rethrows {
        let started = Date()
        for index in 0..<cases where Date().timeIntervalSince(started) < Self.timeBudget {
            var generator = SeededGenerator(seed: Self.seed &+ UInt64(index))
            try body(&generator, index)
        }
    }

    /// A cell of text with the characters CSV must quote: commas, quotes, CR, LF, spaces, non-ASCII.
    func randomText(_ generator: inout SeededGenerator) -> String {
        let alphabet = Array("ab,\"\r\n xyz=-+@é\u{627}1.")
        return String((0..<Int.random(in: 0...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// RFC 4180 encoding of one record, as `Table` writes it.
    func encode(_ fields: [String]) -> String {
        fields.map { $0.contains(where: { ",\"\r\n".contains($0) }) || $0.isEmpty ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }
            .joined(separator: ",")
    }

    /// A mutation of valid text: a byte flipped, a special byte inserted, or the text cut.
    func mutate(_ text: String, _ generator: inout SeededGenerator) -> Data {
        var bytes = Array(text.utf8)
        let specials: [UInt8] = [0x00, 0x22, 0x2C, 0x0D, 0x0A, 0x7B, 0x7D, 0x5B, 0x5D, 0x3A, 0x1B, 0xFF, 0x2D, 0x65]
        for _ in 0..<Int.random(in: 1...3, using: &generator) where !bytes.isEmpty {
            let at = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: bytes[at] = specials.randomElement(using: &generator)!
            case 1: bytes.insert(specials.randomElement(using: &generator)!, at: at)
            default: bytes.removeSubrange(at...)
            }
        }
        return Data(bytes)
    }

    /// What every reader error must be: a `DataError` (or an unknown id), short, with no raw control character.
    func expectCleanError(_ error: any Error, _ input: Data, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = "\(error)"
        #expect(error is DataError || error is UnknownIdentifier, "\(type(of: error)): \(text) for \(input.base64EncodedString())", sourceLocation: sourceLocation)
        #expect(text.utf8.count < 1_500, "a message of \(text.utf8.count) bytes", sourceLocation: sourceLocation)
        #expect(!text.unicodeScalars.contains { isUnsafeScalar($0, keepLineBreaks: true) }, "raw control character in: \(text)", sourceLocation: sourceLocation)
    }

    @Test func csvRecordsRoundTrip() throws {
        try forAll(cases: 400) { (generator: inout SeededGenerator, _: Int) throws in
            let records = (0..<Int.random(in: 1...5, using: &generator)).map { _ in
                (0..<Int.random(in: 1...4, using: &generator)).map { _ in randomText(&generator) }
            }
            let separator = Bool.random(using: &generator) ? "\r\n" : "\n"
            let text = records.map(encode).joined(separator: separator) + separator
            var read: [[String]] = []
            try CSVReader.read(Data(text.utf8), file: "p.csv") { record in read.append((0..<record.count).map { record.text($0) }) }
            #expect(read == records, "\(text.debugDescription)")
        }
    }

    @Test func demandRowsRoundTripAndMutationsFailCleanly() throws {
        let context = GeometryContext()
        try forAll(cases: 200) { (generator: inout SeededGenerator, index: Int) throws in
            let points = (0..<Int.random(in: 1...6, using: &generator)).map { _ in
                (Double.random(in: -90...90, using: &generator), Double.random(in: -180...180, using: &generator), Double.random(in: 0...1e6, using: &generator))
            }
            let text = "lat,lon,weight\n" + points.map { "\($0.0),\($0.1),\($0.2)" }.joined(separator: "\n") + "\n"
            let read = try DemandFile.parse(Data(text.utf8), file: "d.csv", csv: true, context: context)
            #expect(read.map { [$0.location.lat, $0.location.lon, $0.weight] } == points.map { [$0.0, $0.1, $0.2] })
            let mutated = mutate(text, &generator)
            do { _ = try DemandFile.parse(mutated, file: "d.csv", csv: true, context: context) } catch { expectCleanError(error, mutated) }
            let geojson = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"weight":\#(points[0].2)},"geometry":{"type":"Point","coordinates":[\#(points[0].1),\#(points[0].0)]}}]}"#
            let mutatedJSON = mutate(geojson, &generator)
            do { _ = try DemandFile.parse(mutatedJSON, file: "d.geojson", csv: false, context: context) } catch { expectCleanError(error, mutatedJSON) }
        }
    }

    @Test func costsRoundTripAndMutationsFailCleanly() throws {
        try forAll(cases: 300) { (generator: inout SeededGenerator, _: Int) throws in
            var costs: [String: Double] = [:]
            for _ in 0..<Int.random(in: 1...5, using: &generator) {
                costs["id-\(Int.random(in: 0...999, using: &generator))"] = Double(Int.random(in: 0...10_000_000, using: &generator)) / 100
            }
            let csv = "id,cost\n" + costs.sorted { $0.key < $1.key }.map { encode([$0.key, "\($0.value)"]) }.joined(separator: "\n")
            #expect(try CostsFile.parse(Data(csv.utf8), file: "c.csv") == costs)
            let json = "{" + costs.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
            #expect(try CostsFile.parse(Data(json.utf8), file: "c.json") == costs)
            for text in [csv, json] {
                let mutated = mutate(text, &generator)
                do { _ = try CostsFile.parse(mutated, file: "c") } catch { expectCleanError(error, mutated) }
            }
        }
    }

    @Test func scenarioMutationsFailCleanly() throws {
        let data = try AnalysisData(directory: geodataDirectory)
        let valid = #"{"name":"what if","status":{"debdeb":"open","tarat":"open"},"add":[{"id":"new-1","name":"Near Ghadames","lat":30.02,"lon":9.47,"partner":"LY"}]}"#
        #expect(try Scenario.parse(Data(valid.utf8), file: "s.json", linker: data.linker, proj: data.proj).additions.count == 1)
        try forAll(cases: 300) { (generator: inout SeededGenerator, _: Int) throws in
            let mutated = mutate(valid, &generator)
            do { _ = try Scenario.parse(mutated, file: "s.json", linker: data.linker, proj: data.proj) } catch { expectCleanError(error, mutated) }
        }
    }

    @Test func jsonCheckAgreesWithFoundation() throws {
        // Wherever Foundation reads a mutated document, the strict check must accept it too
        // (unless it repeats a key or ends a list with a comma, which Foundation accepts silently).
        let documents = [#"{"a":[1,2.5e3,-0.5,{"b":null}],"c":"x\"y\\u00e9","d":true,"e":false}"#, #"[{"k":1},{"k":[[[0,0],[1,1]]]}]"#]
        try forAll(cases: 500) { (generator: inout SeededGenerator, index: Int) throws in
            let mutated = mutate(documents[index % documents.count], &generator)
            let foundation = (try? JSONSerialization.jsonObject(with: mutated, options: [.fragmentsAllowed])) != nil  // nil: Foundation refuses it
            do {
                try JSONSyntaxCheck.check(mutated, file: "j.json", itemName: "feature")
            } catch {
                expectCleanError(error, mutated)
                #expect(!foundation || "\(error)".contains("appears twice") || "\(error)".contains("trailing commas are not JSON"), "refused what Foundation reads: \(String(decoding: mutated, as: UTF8.self)) — \(error)")
            }
        }
    }
}
