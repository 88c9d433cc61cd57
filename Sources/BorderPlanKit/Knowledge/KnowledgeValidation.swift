import Foundation
import Geo

/// One finding of `borderplan validate`.
public struct Finding: Sendable, Equatable {
    /// Most severe first.
    public enum Severity: String, Sendable, Comparable, CaseIterable {
        case error, disagreement, warning
        var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public var severity: Severity
    /// A stable rule id, e.g. "far-from-border".
    public var rule: String
    /// What the finding is about: a crossing, project or committee id, a wilaya code, a border.
    public var subject: String
    public var message: String
}

/// The consistency report of the knowledge base against the geometry.
public struct KnowledgeValidation {
    public static let borderSnapKm = 5.0
    public static let maxPrecisionKm = 10.0
    public static let staleYears = 3.0

    public let linker: KnowledgeLinker
    public let asOf: PartialDate

    public init(linker: KnowledgeLinker, asOf: PartialDate) {
        self.linker = linker
        self.asOf = asOf
    }

    private var knowledge: KnowledgeBase { linker.knowledge }
    private var geodata: Geodata { linker.geodata }

    /// Every finding, most severe first, then by rule and subject.
    public func run() throws -> [Finding] {
        var findings: [Finding] = []
        findings += duplicateIDs()
        findings += try references()
        findings += dates()
        findings += values()
        findings += try geometry()
        findings += try localMechanisms()
        findings += try coverageOfMechanisms()
        findings += staleCommittees()
        return findings.sorted { ($0.severity, $0.rule, $0.subject, $0.message) < ($1.severity, $1.rule, $1.subject, $1.message) }
    }

    // MARK: Errors

    func duplicateIDs() -> [Finding] {
        func duplicates(_ ids: [String], _ kind: String, _ file: String) -> [Finding] {
            Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.sorted { $0.key < $1.key }.map { id, uses in
                Finding(severity: .error, rule: "duplicate-id", subject: id, message: "\(file): \(kind) id '\(id)' is used \(uses.count) times")
            }
        }
        return duplicates(knowledge.crossings.map(\.id), "crossing", KnowledgeBase.crossingsFile)
            + duplicates(knowledge.projects.map(\.id), "project", KnowledgeBase.projectsFile)
            + duplicates(knowledge.committees.map(\.id), "committee", KnowledgeBase.committeesFile)
    }

    func references() throws -> [Finding] {
        var findings: [Finding] = []
        let crossingIDs = knowledge.crossings.map(\.id)
        let codes = Set(try geodata.wilayas().map(\.code))
        func unresolved(_ subject: String, _ message: String) {
            findings.append(Finding(severity: .error, rule: "unresolved-reference", subject: subject, message: message))
        }
        for project in knowledge.projects {
            for id in project.crossings where !crossingIDs.contains(id) {
                unresolved(project.id, "\(KnowledgeBase.projectsFile): project '\(project.id)' names crossing '\(id)', which does not exist (closest: \(closestMatches(to: id, among: crossingIDs).joined(separator: ", ")))")
            }
        }
        for committee in knowledge.committees {
            for code in committee.algerianWilayaCodes ?? [] where !codes.contains(code) {
                unresolved(committee.id, "\(KnowledgeBase.committeesFile): committee '\(committee.id)' names wilaya code '\(code)', which is not an official code")
            }
            if let names = committee.algerianWilayas, let named = committee.algerianWilayaCodes, names.count != named.count {
                unresolved(committee.id, "\(KnowledgeBase.committeesFile): committee '\(committee.id)' lists \(names.count) wilaya names but \(named.count) codes")
            }
        }
        return findings
    }

    func dates() -> [Finding] {
        var findings: [Finding] = []
        func check(_ value: String?, _ subject: String, _ location: String) {
            guard let value, PartialDate(value) == nil else { return }
            findings.append(Finding(severity: .error, rule: "malformed-date", subject: subject,
                                    message: "\(location): '\(value)' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"))
        }
        for crossing in knowledge.crossings {
            let here = "\(KnowledgeBase.crossingsFile) \(crossing.featureLabel)"
            for (index, event) in crossing.history.enumerated() {
                check(event.date, crossing.id, "\(here), field 'history[\(index)].date'")
                check(event.source?.date, crossing.id, "\(here), field 'history[\(index)].source.date'")
            }
            for (index, source) in crossing.sources.enumerated() { check(source.date, crossing.id, "\(here), field 'sources[\(index)].date'") }
        }
        for project in knowledge.projects {
            let here = "\(KnowledgeBase.projectsFile), project '\(project.id)'"
            check(project.started, project.id, "\(here), field 'started'")
            check(project.completed, project.id, "\(here), field 'completed'")
            check(project.expected, project.id, "\(here), field 'expected'")
            check(project.percentCompleteDate, project.id, "\(here), field 'percent_complete_date'")
            for (index, source) in project.sources.enumerated() { check(source.date, project.id, "\(here), field 'sources[\(index)].date'") }
        }
        for committee in knowledge.committees {
            let here = "\(KnowledgeBase.committeesFile), committee '\(committee.id)'"
            check(committee.foundingProtocol, committee.id, "\(here), field 'founding_protocol'")
            check(committee.lastSession?.start, committee.id, "\(here), field 'last_session.start'")
            check(committee.lastSession?.end, committee.id, "\(here), field 'last_session.end'")
            for (index, session) in (committee.sessions ?? []).enumerated() {
                check(session.start, committee.id, "\(here), field 'sessions[\(index)].start'")
                check(session.end, committee.id, "\(here), field 'sessions[\(index)].end'")
                check(session.source?.date, committee.id, "\(here), field 'sessions[\(index)].source.date'")
            }
            for (index, source) in committee.sources.enumerated() { check(source.date, committee.id, "\(here), field 'sources[\(index)].date'") }
        }
        return findings
    }

    func values() -> [Finding] {
        var findings: [Finding] = []
        func invalid(_ subject: String, _ message: String) {
            findings.append(Finding(severity: .error, rule: "invalid-value", subject: subject, message: message))
        }
        for crossing in knowledge.crossings {
            let here = "\(KnowledgeBase.crossingsFile) \(crossing.featureLabel)"
            if !(crossing.precisionKm >= 0) { invalid(crossing.id, "\(here), field 'precision_km': \(crossing.precisionKm) is not a distance") }
            if crossing.sources.isEmpty && crossing.history.isEmpty { invalid(crossing.id, "\(here), field 'sources': a crossing needs a source") }
            for (index, event) in crossing.history.enumerated() where event.source == nil {
                invalid(crossing.id, "\(here), field 'history[\(index)].source': every event needs a source")
            }
        }
        for project in knowledge.projects {
            let here = "\(KnowledgeBase.projectsFile), project '\(project.id)'"
            if let percent = project.percentComplete, !(0...100).contains(percent) { invalid(project.id, "\(here), field 'percent_complete': \(percent) is not 0–100") }
            if project.sources.isEmpty { invalid(project.id, "\(here), field 'sources': a project needs a source") }
        }
        for committee in knowledge.committees {
            let here = "\(KnowledgeBase.committeesFile), committee '\(committee.id)'"
            if committee.sources.isEmpty { invalid(committee.id, "\(here), field 'sources': a committee needs a source") }
            // last_session stays the latest of the recorded sessions (readers use it alone).
            let latest = (committee.sessions ?? []).compactMap { session in PartialDate(session.start).map { ($0, session) } }.max { $0.0 < $1.0 }?.1
            if let latest, committee.lastSession?.start != latest.start || committee.lastSession?.place != latest.place {
                invalid(committee.id, "\(here), field 'last_session': \(committee.lastSession?.start ?? "null") is not the latest of 'sessions' (\(latest.start)\(latest.place.map { ", \($0)" } ?? ""))")
            }
        }
        return findings
    }

    func geometry() throws -> [Finding] {
        var findings: [Finding] = []
        for crossing in knowledge.crossings {
            let here = "\(KnowledgeBase.crossingsFile) \(crossing.featureLabel)"
            let c = crossing.location
            guard c.lat.isFinite, c.lon.isFinite, abs(c.lat) <= 90, abs(c.lon) <= 180 else {
                findings.append(Finding(severity: .error, rule: "coordinates-out-of-range", subject: crossing.id,
                                        message: "\(here), field 'geometry': longitude \(c.lon), latitude \(c.lat) are not WGS84 degrees"))
                continue
            }
            let links = try linker.links(for: crossing)
            guard let nearest = links.border, let km = links.kmToBorder else { continue }
            if km > Self.borderSnapKm + crossing.precisionKm {
                findings.append(Finding(severity: .error, rule: "far-from-border", subject: crossing.id,
                                        message: "\(crossing.nameEN) lies \(formatFixed(km, decimals: 1)) km from the nearest land border (\(nearest)), more than 5 km + its \(formatNumber(crossing.precisionKm, decimals: 1)) km precision: check its coordinates"))
            }
            if let wilaya = links.wilaya, wilaya.method == .nearest, wilaya.distanceKm > Self.borderSnapKm {
                findings.append(Finding(severity: .warning, rule: "outside-algeria", subject: crossing.id,
                                        message: "\(crossing.nameEN): the estimated position lies \(formatFixed(wilaya.distanceKm, decimals: 1)) km outside Algeria (within its ±\(formatNumber(crossing.precisionKm, decimals: 0)) km precision); linked to the nearest wilaya, \(wilaya.code)"))
            }
            if crossing.precisionKm > Self.maxPrecisionKm {
                findings.append(Finding(severity: .warning, rule: "imprecise-coordinates", subject: crossing.id,
                                        message: "\(crossing.nameEN): position known to ±\(formatNumber(crossing.precisionKm, decimals: 0)) km only (\(crossing.coordinateSource)); distances from it are that uncertain"))
            }
            let partnerKm = links.borderDistancesKm[crossing.partner]
            if let document = crossing.documentPartner, document != nearest {
                try findings.append(Finding(severity: .disagreement, rule: "document-partner", subject: crossing.id,
                                        message: "The document calls \(crossing.nameEN) an Algeria–\(countryName(document.rawValue)) crossing; it lies \(formatFixed(km, decimals: 1)) km from the \(countryName(nearest.rawValue)) border"
                                            + (links.borderDistancesKm[document].map { " and \(formatFixed($0, decimals: 1)) km from the \(try countryName(document.rawValue)) border" } ?? "")))
            }
            if crossing.partner != nearest, let partnerKm, partnerKm - km > crossing.precisionKm {
                try findings.append(Finding(severity: .disagreement, rule: "partner-vs-geometry", subject: crossing.id,
                                        message: "\(crossing.nameEN) is recorded with partner \(crossing.partner) but lies \(formatFixed(km, decimals: 1)) km from the \(countryName(nearest.rawValue)) border and \(formatFixed(partnerKm, decimals: 1)) km from the \(countryName(crossing.partner.rawValue)) border"))
            }
        }
        // Border wilayas with no crossing at all.
        var withCrossing = Set<String>()
        for crossing in knowledge.crossings { if let code = try linker.links(for: crossing).wilaya?.code { withCrossing.insert(code) } }
        for code in try geodata.borderWilayaCodes() where !withCrossing.contains(code) {
            let wilaya = try geodata.wilaya(code: code)
            let borders = try geodata.landBorders().filter { $0.wilayas.contains { $0.code == code && $0.lengthKm >= 1 } }
            findings.append(Finding(severity: .warning, rule: "wilaya-without-crossing", subject: code,
                                    message: "\(wilaya?.nameEN ?? code) (\(code)) has " + borders.map { border in
                                        "\(formatFixed(border.wilayas.first { $0.code == code }!.lengthKm, decimals: 0)) km of border with \(border.nameEN)"
                                    }.joined(separator: " and ") + " and no crossing"))
        }
        return findings
    }

    // MARK: Disagreements between the document's mechanisms and today's map

    /// Length of `partner`'s border in each wilaya, km.
    private func borderLengths(_ partner: Partner) throws -> [String: Double] {
        var lengths: [String: Double] = [:]
        for border in try geodata.landBorders() where border.country == partner {
            for part in border.wilayas { lengths[part.code, default: 0] += part.lengthKm }
        }
        return lengths
    }

    func localMechanisms() throws -> [Finding] {
        var findings: [Finding] = []
        let wilayas = try geodata.wilayas()
        for committee in knowledge.committees where committee.isLimitedToNamedWilayas {
            let lengths = try borderLengths(committee.partner)
            for code in committee.algerianWilayaCodes ?? [] where (lengths[code] ?? 0) < 1 {
                let name = wilayas.first { $0.code == code }?.nameEN ?? code
                let successors = wilayas.filter { $0.parent == code && (lengths[$0.code] ?? 0) >= 1 }
                let because = successors.isEmpty ? "" : "; since the reforms the border is in " + successors.map { "\($0.nameEN) (\($0.code), carved from \(name))" }.joined(separator: " and ")
                try findings.append(Finding(severity: .disagreement, rule: "outdated-local-wilaya", subject: committee.id,
                                        message: "The document pairs the wali of \(name) (\(code)) with \(countryName(committee.partner.rawValue))'s governors, but \(name) no longer touches the \(countryName(committee.partner.rawValue)) border\(because)"))
            }
        }
        return findings
    }

    func coverageOfMechanisms() throws -> [Finding] {
        var findings: [Finding] = []
        let wilayas = try geodata.wilayas()
        for partner in Partner.allCases {
            let committees = knowledge.committees.filter { $0.partners.contains(partner) }
            if committees.isEmpty {
                let km = try geodata.landBorders().first { $0.country == partner }?.lengthKm ?? 0
                try findings.append(Finding(severity: .warning, rule: "border-without-committee", subject: partner.rawValue,
                                        message: "The \(countryName(partner.rawValue)) border (\(formatFixed(km, decimals: 0)) km) has no committee or meeting of any kind"))
                continue
            }
            let local = committees.filter { $0.kind == .localWalis }
            guard !local.isEmpty, local.allSatisfy(\.isLimitedToNamedWilayas) else { continue }
            let named = Set(local.flatMap { $0.algerianWilayaCodes ?? [] })
            for (code, km) in try borderLengths(partner).sorted(by: { $0.key < $1.key }) where km >= 1 && !named.contains(code) {
                let wilaya = wilayas.first { $0.code == code }
                try findings.append(Finding(severity: .disagreement, rule: "unnamed-border-wilaya", subject: code,
                                        message: "\(wilaya?.nameEN ?? code) (\(code)) has \(formatFixed(km, decimals: 0)) km of border with \(countryName(partner.rawValue)) but no local meeting names it (\(local.map(\.id).joined(separator: ", ")))"))
            }
        }
        return findings
    }

    // MARK: Warnings

    func staleCommittees() -> [Finding] {
        knowledge.committees.compactMap { committee in
            guard let last = committee.lastSessionDate else {
                return Finding(severity: .warning, rule: "stale-committee", subject: committee.id,
                               message: "\(committee.id): no session on record")
            }
            let years = last.years(until: asOf)
            guard years > Self.staleYears else { return nil }
            return Finding(severity: .warning, rule: "stale-committee", subject: committee.id,
                           message: "\(committee.id): last session \(last)\(committee.lastSession?.place.map { " in \($0)" } ?? ""), \(formatFixed(years, decimals: 1)) years before \(asOf)")
        }
    }

    /// The English name of neighbour `iso2` (the code itself when no land border has it).
    func countryName(_ iso2: String) throws -> String {
        try geodata.landBorders().first { $0.country?.rawValue == iso2 }?.nameEN ?? iso2
    }
}
