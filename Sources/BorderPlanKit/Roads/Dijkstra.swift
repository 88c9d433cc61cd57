import Foundation

/// Travel times from a set of sources to every node: seconds (infinity when not reached
/// within the limit) and which source got there first (-1 when none).
public struct TravelTimes: Sendable {
    public var seconds: [Double]
    public var source: [Int32]

    public init(seconds: [Double], source: [Int32]) {
        self.seconds = seconds
        self.source = source
    }

    public func reached(_ node: Int) -> Bool { seconds[node].isFinite }
}

/// A start of a multi-source search: node, the time already spent getting there, and a label.
public struct DijkstraSource: Sendable {
    public var node: Int32
    public var seconds: Double
    public var label: Int32

    public init(node: Int32, seconds: Double, label: Int32) {
        self.node = node
        self.seconds = seconds
        self.label = label
    }
}

/// Multi-source Dijkstra over the CSR arcs with a binary heap (lazy deletion), bounded:
/// nodes farther than `limit` seconds are left unreached, and the search stops there.
/// One run gives every node its nearest source (by time), as `min_only` in SciPy.
public enum Dijkstra {
    public static func run(_ graph: RoadGraph, sources: [DijkstraSource], limit: Double = .infinity) -> TravelTimes {
        let count = graph.nodeCount
        var seconds = [Double](repeating: .infinity, count: count)
        var label = [Int32](repeating: -1, count: count)
        var heap = MinHeap()
        for start in sources where start.seconds <= limit && start.seconds < seconds[Int(start.node)] {
            seconds[Int(start.node)] = start.seconds
            label[Int(start.node)] = start.label
            heap.push(start.seconds, start.node)
        }
        graph.arcStart.withUnsafeBufferPointer { arcStart in
            graph.arcTarget.withUnsafeBufferPointer { arcTarget in
                graph.arcSeconds.withUnsafeBufferPointer { arcSeconds in
                    seconds.withUnsafeMutableBufferPointer { seconds in
                        label.withUnsafeMutableBufferPointer { label in
                            while let (time, node) = heap.pop() {
                                let u = Int(node)
                                guard time == seconds[u] else { continue }  // a stale entry
                                for arc in Int(arcStart[u])..<Int(arcStart[u + 1]) {
                                    let v = Int(arcTarget[arc])
                                    let candidate = time + arcSeconds[arc]
                                    if candidate < seconds[v] && candidate <= limit {
                                        seconds[v] = candidate
                                        label[v] = label[u]
                                        heap.push(candidate, arcTarget[arc])
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return TravelTimes(seconds: seconds, source: label)
    }
}

/// A binary min-heap of (key, node) pairs in two parallel arrays.
struct MinHeap {
    private var keys: [Double] = []
    private var nodes: [Int32] = []

    var isEmpty: Bool { keys.isEmpty }

    mutating func push(_ key: Double, _ node: Int32) {
        keys.append(key)
        nodes.append(node)
        var child = keys.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard keys[child] < keys[parent] else { break }
            keys.swapAt(child, parent)
            nodes.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (Double, Int32)? {
        guard let top = keys.first else { return nil }
        let topNode = nodes[0]
        let lastKey = keys.removeLast(), lastNode = nodes.removeLast()
        guard !keys.isEmpty else { return (top, topNode) }
        var parent = 0
        let count = keys.count
        while true {
            var child = 2 * parent + 1
            if child >= count { break }
            if child + 1 < count && keys[child + 1] < keys[child] { child += 1 }
            guard keys[child] < lastKey else { break }
            keys[parent] = keys[child]
            nodes[parent] = nodes[child]
            parent = child
        }
        keys[parent] = lastKey
        nodes[parent] = lastNode
        return (top, topNode)
    }
}
