import Foundation

/// The three kinds of knowledge-base record, each one element of a file's top-level list.
public enum RecordKind: String, CaseIterable, Sendable, Codable {
    case crossing, project, committee

    /// The file of the data folder that holds the records of this kind.
    public var file: String {
        switch self {
        case .crossing: return KnowledgeBase.crossingsFile
        case .project: return KnowledgeBase.projectsFile
        case .committee: return KnowledgeBase.committeesFile
        }
    }

    /// The member of the file's top-level object that lists the records.
    public var listKey: String {
        switch self {
        case .crossing: return "features"
        case .project: return "projects"
        case .committee: return "committees"
        }
    }

    /// The plural used in URLs (`/kb/crossings/{id}`) and messages.
    public var plural: String { rawValue + "s" }

    public init?(plural: String) {
        guard let kind = Self.allCases.first(where: { $0.plural == plural }) else { return nil }
        self = kind
    }

    /// The record's id: a crossing's `properties.id` (a GeoJSON feature), else the top-level `id`.
    public func id(of record: StoredJSON) -> String? {
        switch self {
        case .crossing: return record["properties"]?["id"]?.stringValue
        case .project, .committee: return record["id"]?.stringValue
        }
    }
}

/// Where a fact comes from, as the journal records it for every edit (title required).
public struct EditSource: Sendable, Equatable {
    public var title: String
    public var date: String?
    public var url: String?

    public init(title: String, date: String? = nil, url: String? = nil) throws {
        guard !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DataError(file: "edit", field: "source.title", problem: "dataerrors.edit.source")
        }
        if let date, PartialDate(date) == nil { throw DataError(file: "edit", field: "source.date", problem: "dataerrors.edit.date", ["value": .text(date)]) }
        self.title = title
        self.date = date
        self.url = url
    }

    /// The source as the knowledge-base files write one: {"title", "date", "url"}.
    public var json: StoredJSON {
        .object([("title", .string(title)), ("date", .optional(date)), ("url", .optional(url))])
    }
}
