/// A monotone priority queue of (time, node) for Dijkstra: a radix heap over the bit patterns of
/// non-negative Doubles (which order as the values do). Keys pushed must not be below the last
/// key popped, as in Dijkstra; pops come in key order (ties in any order). Each entry moves down
/// at most 64 buckets, so a pop costs O(1) amortised instead of a binary heap's O(log n) of
/// unpredictable branches. Storage is raw, reused across runs (`removeAll`) and freed by the owner
/// (`deallocate`): a plain struct, so the search loop keeps it in a local variable.
struct RadixHeap {
    struct Entry { var key: UInt64; var node: Int32 }
    struct Bucket { var items: UnsafeMutablePointer<Entry>; var count: Int; var capacity: Int }

    private let buckets: UnsafeMutablePointer<Bucket>
    private var last: UInt64 = 0
    private(set) var count = 0

    init() {
        buckets = .allocate(capacity: 65)
        for index in 0..<65 { buckets[index] = Bucket(items: .allocate(capacity: 64), count: 0, capacity: 64) }
    }

    func deallocate() {
        for index in 0..<65 { buckets[index].items.deallocate() }
        buckets.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    mutating func removeAll() {
        for index in 0..<65 { buckets[index].count = 0 }
        count = 0
        last = 0
    }

    /// Bucket 0 holds keys equal to the last popped; bucket i, keys whose highest bit differing from it is i − 1.
    @inline(__always) private static func bucket(_ key: UInt64, last: UInt64) -> Int {
        key == last ? 0 : 64 - (key ^ last).leadingZeroBitCount
    }

    /// `key` ≥ 0 and ≥ the last key popped.
    @inline(__always) mutating func push(_ key: Double, _ node: Int32) {
        let bits = (key + 0.0).bitPattern  // -0.0 becomes +0.0
        append(Entry(key: bits, node: node), to: Self.bucket(bits, last: last))
        count += 1
    }

    @inline(__always) private func append(_ entry: Entry, to index: Int) {
        if buckets[index].count == buckets[index].capacity { grow(index) }
        buckets[index].items[buckets[index].count] = entry
        buckets[index].count += 1
    }

    private func grow(_ index: Int) {
        let capacity = buckets[index].capacity * 2
        let bigger = UnsafeMutablePointer<Entry>.allocate(capacity: capacity)
        bigger.moveInitialize(from: buckets[index].items, count: buckets[index].count)
        buckets[index].items.deallocate()
        buckets[index].items = bigger
        buckets[index].capacity = capacity
    }

    /// The entry with the smallest key; the heap must not be empty.
    @inline(__always) mutating func pop() -> (key: Double, node: Int32) {
        if buckets[0].count == 0 { refill() }
        buckets[0].count -= 1
        count -= 1
        let entry = buckets[0].items[buckets[0].count]
        return (Double(bitPattern: entry.key), entry.node)
    }

    /// Moves the first non-empty bucket's entries down, relative to its smallest key (the new last).
    private mutating func refill() {
        var index = 1
        while buckets[index].count == 0 { index += 1 }
        let source = buckets[index]
        var smallest = UInt64.max
        for item in 0..<source.count where source.items[item].key < smallest { smallest = source.items[item].key }
        last = smallest
        buckets[index].count = 0
        for item in 0..<source.count {
            let entry = source.items[item]
            append(entry, to: Self.bucket(entry.key, last: smallest))
        }
    }
}
