import Foundation

extension DataError {
    /// A problem as a text of the catalogue (`errors.json`) with its arguments; `message` is
    /// its English text, as the readers have always written it.
    public struct Problem: Sendable, Equatable {
        public var key: String
        public var arguments: [String: MessageValue]
    }

    /// An error whose problem is the catalogue's text `key` (so the CLI can print it in `--lang`).
    public init(file: String, feature: String? = nil, field: String? = nil, problem key: String, _ arguments: [String: MessageValue] = [:],
                closest: [String] = []) {
        self.init(file: file, feature: feature, field: field, Localizer(.en).text(key, arguments.mapValues { $0.text(Localizer(.en)) }), closest: closest)
        problem = Problem(key: key, arguments: arguments)
    }

    /// The error in `l`'s language: "file, feature 3, field 'code': problem" with the words of
    /// the location and the problem translated. A problem without a catalogue text (a rare
    /// check's own sentence) stays in English; English is exactly `description`.
    public func text(_ l: Localizer) -> String {
        guard l.language != .en else { return description }
        var location = excerpt(file, limit: 2 * maxEchoedCharacters)
        if let feature { location = l.text("errors.location.item", ["location": location, "item": Self.item(excerpt(feature), l)]) }
        if let field { location = l.text("errors.location.field", ["location": location, "field": excerpt(field)]) }
        let problem = problem.map { l.text($0.key, $0.arguments.mapValues { $0.text(l) }) } ?? message
        return l.text("errors.located", ["location": location, "problem": excerpt(problem, limit: 4 * maxEchoedCharacters, keepLineBreaks: true)])
    }

    /// An item label ("feature 3 (id 'debdeb')", "line 12", "crossing 'x'") with its leading
    /// word translated; a label of another shape is returned as it is.
    static func item(_ label: String, _ l: Localizer) -> String {
        for (words, key) in twoWordItems where label.hasPrefix(words + " ") {
            return l.text(key, ["number": String(label.dropFirst(words.count + 1))])
        }
        let parts = label.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, let key = itemKey(parts[0]) else { return label }
        let rest = parts[1]
        let number = rest.prefix { $0.isNumber }
        if !number.isEmpty { return l.text(key, ["number": String(number)]) + rest.dropFirst(number.count) }
        return l.text(key, ["number": rest])
    }

    /// The item labels of two words ("status entry 'x'") and their catalogue keys.
    static let twoWordItems = [("status entry", "dataerrors.item.status-entry"), ("traffic entry", "dataerrors.item.traffic-entry")]

    /// The catalogue key of an item word of the readers' messages.
    static func itemKey(_ word: String) -> String? {
        switch word {
        case "feature": return "errors.item.feature"
        case "line": return "errors.item.line"
        case "project": return "errors.item.project"
        case "committee": return "errors.item.committee"
        case "entry": return "errors.item.entry"
        case "rate": return "errors.item.rate"
        case "commune": return "errors.item.commune"
        case "wilaya": return "errors.item.wilaya"
        case "crossing": return "errors.item.crossing"
        case "operation": return "dataerrors.item.operation"
        case "layer": return "dataerrors.item.layer"
        default: return nil
        }
    }
}

extension InputKind {
    /// The catalogue key of how messages name a file of this kind.
    var nounKey: String {
        switch self {
        case .geodata: return "errors.kind.geodata"
        case .knowledge: return "errors.kind.knowledge"
        case .demand: return "errors.kind.demand"
        case .scenario: return "errors.kind.scenario"
        case .costs: return "errors.kind.costs"
        case .roads: return "errors.kind.roads"
        case .speeds: return "errors.kind.speeds"
        }
    }
}
