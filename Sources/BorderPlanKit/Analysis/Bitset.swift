/// A fixed-size set of demand-unit indices, for fast coverage unions.
public struct Bitset: Equatable, Sendable {
    public private(set) var words: [UInt64]

    public init(count: Int) {
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    public mutating func insert(_ index: Int) {
        words[index >> 6] |= 1 << UInt64(index & 63)
    }

    public func contains(_ index: Int) -> Bool {
        words[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    public func union(_ other: Bitset) -> Bitset {
        var result = self
        for index in words.indices { result.words[index] |= other.words[index] }
        return result
    }

    /// The members of `self` that are not in `other`.
    public func subtracting(_ other: Bitset) -> Bitset {
        var result = self
        for index in words.indices { result.words[index] &= ~other.words[index] }
        return result
    }

    /// Indices in the set, ascending.
    public var indices: [Int] {
        var result: [Int] = []
        for (wordIndex, word) in words.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                let bit = bits.trailingZeroBitCount
                result.append(wordIndex * 64 + bit)
                bits &= bits - 1
            }
        }
        return result
    }

    /// Sum of `weights` over the members of `self` that are not in `excluded`.
    public func weight(_ weights: [Double], excluding excluded: Bitset? = nil) -> Double {
        var total = 0.0
        for (wordIndex, word) in words.enumerated() {
            var bits = excluded.map { word & ~$0.words[wordIndex] } ?? word
            while bits != 0 {
                let bit = bits.trailingZeroBitCount
                total += weights[wordIndex * 64 + bit]
                bits &= bits - 1
            }
        }
        return total
    }
}
