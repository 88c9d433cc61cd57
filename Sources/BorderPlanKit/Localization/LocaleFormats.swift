import Foundation

/// Numbers, units and dates as each language writes them (CLDR en, fr and ar-DZ, which the
/// tests check against ICU through Foundation's formatters):
/// - English: 1,848,602.5 — 30 November 2026
/// - French: 1 848 602,5 (narrow no-break space U+202F, decimal comma) — 30 novembre 2026, 1er mars
/// - Arabic (Algeria): Latin digits as in official Algerian texts, 1.848.602,5 — 30 نوفمبر 2026,
///   with the month names used in Algeria (جانفي، فيفري، مارس…).
/// Machine outputs (CSV, JSON, GeoJSON) never use these: they keep `formatNumber`.
extension Localizer {
    /// Grouping separator and decimal mark of the language.
    var separators: (group: String, decimal: String) {
        switch language {
        case .en: return (",", ".")
        case .fr: return ("\u{202F}", ",")
        case .ar: return (".", ",")
        }
    }

    /// `value` with exactly `decimals` decimals (rounded as `formatFixed` rounds), digits grouped by three.
    public func number(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "—" }
        let fixed = formatFixed(value, decimals: max(0, decimals))
        let negative = fixed.hasPrefix("-")
        let unsigned = negative ? fixed.dropFirst() : fixed[...]
        let parts = unsigned.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var text = grouped(String(parts[0]))
        if parts.count == 2 { text += separators.decimal + parts[1] }
        return (negative ? "-" : "") + text
    }

    /// An integer with its digits grouped by three.
    public func integer(_ value: Int) -> String {
        (value < 0 ? "-" : "") + grouped(String(value.magnitude))
    }

    /// A share in percent: "12.5 %" in English and Arabic text, "12,5 %" (narrow no-break space) in French.
    public func percent(_ value: Double, decimals: Int) -> String {
        number(value, decimals: decimals) + (language == .fr ? "\u{202F}%" : " %")
    }

    /// A length in kilometres with its unit ("274.6 km", "274,6 km", "274,6 كم"), joined by a no-break space.
    public func km(_ value: Double, decimals: Int) -> String {
        number(value, decimals: decimals) + "\u{00A0}" + text("unit.km")
    }

    /// A date as far as it is known: "30 November 2026", "November 2026" or "2026".
    public func date(_ date: PartialDate) -> String {
        guard let month = date.month else { return String(date.year) }
        let monthYear = monthName(month) + " " + String(date.year)
        guard let day = date.day else { return monthYear }
        let dayText = language == .fr && day == 1 ? "1er" : String(day)
        return dayText + " " + monthYear
    }

    /// The name of month `month` (1…12) in the language; Arabic uses Algeria's names.
    public func monthName(_ month: Int) -> String {
        let names: [String]
        switch language {
        case .en: names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        case .fr: names = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        case .ar: names = ["جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
        }
        return names[(month - 1).clamped(to: 0...11)]
    }

    /// A list: "a, b and c" / "a, b et c" / "a، b وc" (the Arabic "و" is written joined to the next word).
    public func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        let comma = language == .ar ? "، " : ", "
        let and = text("list.and") + (language == .ar ? "" : " ")
        return items.dropLast().joined(separator: comma) + " " + and + items[items.count - 1]
    }

    /// Digits grouped by three with the language's separator ("1848602" → "1,848,602").
    private func grouped(_ digits: String) -> String {
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += separators.group }
            out.append(digit)
        }
        return out
    }
}

extension Comparable {
    /// The value brought into `range`.
    func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}

extension Localizer {
    /// A table cell written in machine form ("1848602", "12.5", "75 %", "-3") as the language
    /// writes it, keeping its number of decimals; any other text is returned unchanged. Tables
    /// keep machine numbers (CSV and JSON need them) and localise only when shown to a reader.
    public func displayNumber(_ cell: String) -> String {
        var body = cell[...]
        var suffix = ""
        if body.hasSuffix("%") {
            body = body.dropLast()
            while body.last == " " { body = body.dropLast() }
            suffix = "%"
        }
        let unsigned = body.hasPrefix("-") ? body.dropFirst() : body
        let parts = unsigned.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard !parts[0].isEmpty, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let value = Double(body) else { return cell }
        let decimals = parts.count == 2 ? parts[1].count : 0
        return suffix.isEmpty ? number(value, decimals: decimals) : percent(value, decimals: decimals)
    }
}
