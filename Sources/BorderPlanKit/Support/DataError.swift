import Foundation

/// A problem in an input file, located as precisely as possible: file, feature
/// (id or index) and field, so that the user can open the file and fix it.
public struct DataError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var feature: String?
    public var field: String?
    public var message: String

    public init(file: String, feature: String? = nil, field: String? = nil, _ message: String) {
        self.file = file
        self.feature = feature
        self.field = field
        self.message = message
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
    static func locate(_ path: [CodingKey], itemName: String) -> (String?, String?) {
        var feature: String?
        var fields: [String] = []
        for key in path {
            if let index = key.intValue, feature == nil, fields.count <= 1 {
                let container = fields.first
                feature = container == nil || container == "features" ? "\(itemName) \(index + 1)" : "\(container!)[\(index)]"
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
    /// Turns a `DecodingError` into a located `DataError` ("feature 3, field 'code'").
    init(file: String, decoding error: DecodingError, itemName: String = "feature") {
        func describe(_ path: [CodingKey]) -> (String?, String?) { DataError.locate(path, itemName: itemName) }
        switch error {
        case let .typeMismatch(type, context):
            let (feature, field) = describe(context.codingPath)
            self.init(file: file, feature: feature, field: field, "expected \(type): \(context.debugDescription)")
        case let .valueNotFound(type, context):
            let (feature, field) = describe(context.codingPath)
            self.init(file: file, feature: feature, field: field, "missing value (expected \(type))")
        case let .keyNotFound(key, context):
            let (feature, parent) = describe(context.codingPath)
            let field = [parent, key.stringValue].compactMap { $0 }.joined(separator: ".")
            self.init(file: file, feature: feature, field: field, "required field is missing")
        case let .dataCorrupted(context):
            let (feature, field) = describe(context.codingPath)
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            self.init(file: file, feature: feature, field: field, "not valid JSON: \(underlying ?? context.debugDescription)")
        @unknown default:
            self.init(file: file, "\(error)")
        }
    }
}
