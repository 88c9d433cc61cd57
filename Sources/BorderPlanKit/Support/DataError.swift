import Foundation

/// A problem in an input file, located as precisely as possible: file, feature
/// (id or index) and field, so that the user can open the file and fix it.
public struct DataError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var feature: String?
    public var field: String?
    public var message: String
    /// For an unknown id: the closest known ids (the message names them too; the server reports them as a list).
    public var closest: [String]
    /// The problem as a text of the catalogue, when the reader has one (see `text(_:)`).
    public var problem: Problem?

    public init(file: String, feature: String? = nil, field: String? = nil, _ message: String, closest: [String] = []) {
        self.file = file
        self.feature = feature
        self.field = field
        self.message = message
        self.closest = closest
    }

    /// "file, feature 3, field 'code': message", with control characters escaped and the
    /// parts that echo input cut short (see `excerpt`).
    public var description: String {
        var location = excerpt(file, limit: 2 * maxEchoedCharacters)
        if let feature { location += ", \(excerpt(feature))" }
        if let field { location += ", field '\(excerpt(field))'" }
        return "\(location): \(excerpt(message, limit: 4 * maxEchoedCharacters, keepLineBreaks: true))"
    }

    /// Where a coding path points, for messages: [features, 3, properties, code] → ("feature 4", "code");
    /// [add, 0, lat] → ("add[0]", "lat").
    static func locate(_ path: [CodingKey], itemName: String, itemList: String = "features", source: Data? = nil) -> (String?, String?) {
        // [features, 3, properties, code] → ("feature 4", "code"); [add, 0, lat] → ("add[0]", "lat").
        var feature: String?
        var fields: [String] = []
        for key in path {
            if let index = key.intValue, feature == nil, fields.count <= 1 {
                let container = fields.first
                feature = container == nil || container == itemList ? "\(itemName) \(index + 1)" : "\(container!)[\(index)]"
                if let id = source.flatMap({ itemID(in: $0, list: container, index: index) }) { feature! += " (id '\(excerpt(id))')" }
                fields.removeAll()
            } else if let index = key.intValue {
                fields.append("[\(index)]")
            } else if key.stringValue != "properties" || feature == nil {
                fields.append(key.stringValue)
            }
        }
        let field = fields.isEmpty ? nil : fields.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        return (feature, field)
    }
}

extension DataError {
    /// Turns a `DecodingError` into a located `DataError` ("feature 3, field 'code'"): the items of
    /// the top-level list `itemList` (or of a root array) are "itemName N", others "list[i]". With
    /// the file's `source` text, an item is also named by its id ("feature 3 (id 'debdeb')").
    init(file: String, decoding error: DecodingError, itemName: String = "feature", itemList: String = "features", source: Data? = nil) {
        func describe(_ path: [CodingKey]) -> (String?, String?) { DataError.locate(path, itemName: itemName, itemList: itemList, source: source) }
        switch error {
        case let .typeMismatch(type, context):
            let (feature, field) = describe(context.codingPath)
            self.init(file: file, feature: feature, field: field, problem: "errors.json.type-mismatch", ["type": .text("\(type)"), "detail": .text(context.debugDescription)])
        case let .valueNotFound(type, context):
            let (feature, field) = describe(context.codingPath)
            self.init(file: file, feature: feature, field: field, problem: "errors.json.missing-value", ["type": .text("\(type)")])
        case let .keyNotFound(key, context):
            let (feature, parent) = describe(context.codingPath)
            let field = [parent, key.stringValue].compactMap { $0 }.joined(separator: ".")
            self.init(file: file, feature: feature, field: field, problem: "errors.json.missing-field")
        case let .dataCorrupted(context):
            let (feature, field) = describe(context.codingPath)
            if let mismatch = context.underlyingError as? ClosedSetMismatch {
                self.init(file: file, feature: feature, field: field, problem: "errors.json.not-one-of", ["value": .text(mismatch.value), "allowed": .text(mismatch.allowed)])
                return
            }
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            self.init(file: file, feature: feature, field: field, problem: "errors.json.invalid", ["detail": .text(underlying ?? context.debugDescription)])
        @unknown default:
            self.init(file: file, "\(error)")
        }
    }

    /// The `id` (or `properties.id`) of item `index` of the top-level list `list` (the root
    /// array when nil); nil when there is none. Only used to name the item in a message.
    static func itemID(in source: Data, list: String?, index: Int) -> String? {
        // Absent: the text may not be JSON at all, and then the message names the item by number only.
        guard let root = try? JSONSerialization.jsonObject(with: source) else { return nil }
        let items: Any?
        if let list { items = (root as? [String: Any])?[list] } else { items = root }
        guard let array = items as? [Any], index < array.count, let item = array[index] as? [String: Any] else { return nil }
        let candidates: [Any?] = [item["id"], (item["properties"] as? [String: Any])?["id"]]
        for candidate in candidates {
            if let text = candidate as? String { return text }
            if let number = candidate as? NSNumber { return number.stringValue }
        }
        return nil
    }
}
