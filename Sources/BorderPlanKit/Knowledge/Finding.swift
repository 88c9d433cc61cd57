import Foundation

/// The rules of `borderplan validate` (and of the store's schema check), by their stable ids.
public enum FindingRule: String, Sendable, CaseIterable, CustomStringConvertible {
    case duplicateID = "duplicate-id"
    case unresolvedReference = "unresolved-reference"
    case malformedDate = "malformed-date"
    case invalidValue = "invalid-value"
    case coordinatesOutOfRange = "coordinates-out-of-range"
    case farFromBorder = "far-from-border"
    case outsideAlgeria = "outside-algeria"
    case impreciseCoordinates = "imprecise-coordinates"
    case documentPartner = "document-partner"
    case partnerVsGeometry = "partner-vs-geometry"
    case wilayaWithoutCrossing = "wilaya-without-crossing"
    case outdatedLocalWilaya = "outdated-local-wilaya"
    case borderWithoutCommittee = "border-without-committee"
    case unnamedBorderWilaya = "unnamed-border-wilaya"
    case staleCommittee = "stale-committee"
    /// A record the files' schema refuses (an edit of the store).
    case schema

    public var description: String { rawValue }
}

/// One finding of `borderplan validate`: a typed rule, what it is about, and a text of the
/// catalogue (`findings.json`) with its arguments, so it reads in Arabic, French or English.
public struct Finding: Sendable, Equatable {
    /// Most severe first.
    public enum Severity: String, Sendable, Comparable, CaseIterable {
        case error, disagreement, warning
        var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public var severity: Severity
    /// The rule that found it.
    public var kind: FindingRule
    /// What the finding is about: a crossing, project or committee id, a wilaya code, a border.
    public var subject: String
    /// The catalogue key of its text ("finding.far-from-border").
    public var key: String
    /// The text's arguments, by placeholder.
    public var arguments: [String: MessageValue]

    public init(severity: Severity, rule: FindingRule, subject: String, _ key: String, _ arguments: [String: MessageValue] = [:]) {
        self.severity = severity
        self.kind = rule
        self.subject = subject
        self.key = key
        self.arguments = arguments
    }

    /// The rule's stable id, e.g. "far-from-border".
    public var rule: String { kind.rawValue }

    /// The text in English, as `validate` prints it (kept for the callers that predate the catalogue).
    public var message: String { text(Localizer(.en)) }

    /// The text in `l`'s language, plain (files, JSON, the journal).
    public func text(_ l: Localizer) -> String { l.text(key, arguments.mapValues { $0.text(l) }) }

    /// The text for a terminal (Arabic: left-to-right runs isolated).
    public func terminalText(_ l: Localizer) -> String { l.terminalText(key, arguments.mapValues { $0.text(l) }) }

    /// The text as HTML, each argument in a `<bdi>`.
    public func html(_ l: Localizer) -> HTMLNode { l.html(key, arguments.mapValues { $0.text(l) }) }
}

/// Where in the knowledge base's files a finding lies, as a phrase of the catalogue.
enum FindingLocation {
    static func crossing(_ crossing: Crossing, field: String) -> MessageValue {
        .phrase("finding.at.crossing", ["file": .text(KnowledgeBase.crossingsFile), "number": .text(String(crossing.featureNumber)),
                                        "id": .text(crossing.id), "field": .text(field)])
    }

    static func project(_ id: String, field: String) -> MessageValue {
        .phrase("finding.at.project", ["file": .text(KnowledgeBase.projectsFile), "id": .text(id), "field": .text(field)])
    }

    static func committee(_ id: String, field: String) -> MessageValue {
        .phrase("finding.at.committee", ["file": .text(KnowledgeBase.committeesFile), "id": .text(id), "field": .text(field)])
    }
}
