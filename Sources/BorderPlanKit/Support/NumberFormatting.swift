import Foundation

/// Formats `value` with at most `decimals` decimals, trailing zeros trimmed,
/// never "-0", never exponent notation: deterministic and valid JSON. Non-finite
/// values are `null`. The text of `appendNumber`, the one number formatter.
public func formatNumber(_ value: Double, decimals: Int) -> String {
    var bytes: [UInt8] = []
    appendNumber(value, decimals: decimals, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
}

/// Writes `value` as `formatNumber` does, straight into a byte buffer (GeoJSON exports
/// write millions of numbers): `value` × 10^decimals rounded half away from zero, its
/// digits with the decimal point put back, trailing zeros after the point dropped.
/// Beyond ±9·10¹⁵ at that scale (no exact integer), `%.Nf` writes it, trimmed likewise.
func appendNumber(_ value: Double, decimals: Int, to out: inout [UInt8]) {
    guard value.isFinite else { out.append(contentsOf: "null".utf8); return }
    let decimals = max(0, decimals)
    let scale = decimals < powersOfTen.count ? powersOfTen[decimals] : pow(10.0, Double(decimals))
    let scaled = (value * scale).rounded()
    guard abs(scaled) < 9e15 else {
        // Too large for exact integer digits (never "-0" here: |value| ≥ 9·10¹⁵⁻ᴺ).
        var text = Array(String(format: "%.\(decimals)f", value).utf8)
        if text.contains(0x2E) {
            while text.last == 0x30 { text.removeLast() }
            if text.last == 0x2E { text.removeLast() }
        }
        out.append(contentsOf: text)
        return
    }
    var integer = Int64(scaled)
    if integer == 0 { out.append(0x30); return }
    if integer < 0 { out.append(0x2D); integer = -integer }
    var digits = decimals
    while digits > 0 && integer % 10 == 0 { integer /= 10; digits -= 1 }
    // Digits, least significant first, with the decimal point after `digits` of them (on the
    // stack: this runs for every coordinate of every export).
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24 + digits) { buffer in
        var count = 0
        var remaining = integer
        var written = 0
        repeat {
            if written == digits && digits > 0 { buffer[count] = 0x2E; count += 1 }
            buffer[count] = UInt8(remaining % 10) + 0x30
            count += 1
            remaining /= 10
            written += 1
        } while remaining > 0 || written <= digits
        buffer[0..<count].reverse()
        out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<count]))
    }
}

/// 10^n, exact, for the usual numbers of decimals.
private let powersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]
