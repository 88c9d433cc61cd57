import Foundation

/// Common English words that are not also French words nor names of ids, codes or options:
/// one of them in an Arabic or French text means an untranslated sentence.
let commonEnglishWords: Set<String> = [
    "the", "and", "of", "with", "within", "without", "is", "are", "was", "be", "been", "not", "no", "none", "only", "would", "should",
    "must", "cannot", "can", "could", "this", "that", "these", "those", "there", "their", "it", "its", "from", "into", "after", "before",
    "has", "have", "had", "what", "which", "who", "when", "where", "why", "how", "than", "then", "also", "each", "every", "any", "all",
    "or", "but", "if", "to", "for", "at", "as", "by", "on", "off", "out", "up", "over", "under", "between", "one", "two", "three",
    "crossing", "crossings", "open", "closed", "planned", "suspended", "coverage", "covered", "people", "number", "numbers", "finite",
    "line", "lines", "field", "fields", "feature", "features", "expected", "found", "missing", "got", "speed", "above", "below", "file",
    "files", "empty", "header", "weight", "property", "unexpected", "optionally", "currency", "adds", "add", "demand", "would",
    "option", "options", "plan", "stops", "left", "unknown", "cost", "costs", "known", "budget", "used", "effect", "already", "serves",
    "more", "most", "least", "less", "reached", "target", "share", "time", "limit", "search", "nodes", "best", "answer", "candidates",
    "candidate", "sites", "site", "chosen", "choose", "change", "nothing", "shorten", "distance", "border", "borders", "wilayas",
    "area", "km", "give", "listed", "twice", "range", "out", "latitude", "longitude", "point", "rate", "rates", "year", "note", "notes",
    "why", "because", "reason", "new", "post", "posts", "goods", "travellers", "status", "runner", "ups", "greedy", "optimal", "gap",
]

/// The English words of `text` once the parts that stay as they are (`kept`: file names, ids,
/// field names), quoted values, command-line options and URLs are taken out.
func englishWords(in text: String, kept: [String] = []) -> [String] {
    var rest = text
    for part in kept where !part.isEmpty { rest = rest.replacingOccurrences(of: part, with: " ") }
    for pattern in [#"'[^']*'"#, #""[^"]*""#, #"--[a-z][a-z0-9-]*"#, #"https?://\S+"#, #"`[^`]*`"#] {
        rest = rest.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
    }
    let words = rest.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
    return words.filter { commonEnglishWords.contains($0) }
}
