import Foundation

/// Common English words that are not also French words ("plan", "budget", "candidates", "or", "on" are) nor ids, codes or options:
/// one of them in an Arabic or French text means an untranslated sentence.
let commonEnglishWords: Set<String> = [
    "the", "and", "of", "with", "within", "without", "is", "are", "was", "be", "been", "not", "no", "none", "only", "should",
    "must", "cannot", "can", "could", "this", "that", "these", "those", "there", "their", "it", "its", "from", "into", "after",
    "before", "has", "have", "had", "what", "which", "who", "when", "where", "why", "how", "than", "then", "also", "each",
    "every", "any", "all", "if", "to", "for", "at", "by", "off", "out", "up", "over", "under", "between", "one", "two", "three",
    "crossing", "crossings", "open", "closed", "planned", "suspended", "coverage", "covered", "people", "number", "numbers",
    "finite", "line", "lines", "field", "fields", "feature", "features", "expected", "found", "missing", "got", "speed", "above",
    "below", "files", "empty", "header", "weight", "property", "unexpected", "optionally", "currency", "adds", "add", "demand",
    "stops", "left", "unknown", "cost", "costs", "known", "used", "effect", "already", "serves", "more", "most", "least", "less",
    "reached", "target", "share", "time", "limit", "search", "nodes", "best", "answer", "chosen", "choose", "nothing", "shorten",
    "border", "borders", "area", "give", "listed", "twice", "year", "because", "reason", "new", "post", "posts", "goods",
    "travellers", "status", "runner", "ups", "greedy", "would",
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
