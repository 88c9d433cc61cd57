/// The CSR arcs of a `RoadGraph` laid out for search: each arc's time and head side by side
/// (16 bytes, four arcs to a cache line) and, per node, its first arc next to the search state
/// (time, label), so settling a node touches two cache lines instead of six. Built once per graph
/// (a pass over the arcs) and shared, read-only, by every `DijkstraSearch`.
public final class SearchGraph: @unchecked Sendable {  // immutable after init
    struct Arc { var seconds: Double; var target: Int32; var unused: Int32 = 0 }
    struct Node { var seconds: Double; var firstArc: Int32; var label: Int32 }

    public let nodeCount: Int
    let arcs: UnsafeMutablePointer<Arc>
    /// nodeCount + 1 records, unreached (infinity, -1): each search's initial state.
    let initial: UnsafeMutablePointer<Node>

    public init(_ graph: RoadGraph) {
        nodeCount = graph.nodeCount
        arcs = .allocate(capacity: max(1, graph.arcCount))
        initial = .allocate(capacity: nodeCount + 1)
        for arc in 0..<graph.arcCount { arcs[arc] = Arc(seconds: graph.arcSeconds[arc], target: graph.arcTarget[arc]) }
        for node in 0...nodeCount {
            initial[node] = Node(seconds: .infinity, firstArc: node < graph.arcStart.count ? graph.arcStart[node] : 0, label: -1)
        }
    }

    deinit {
        arcs.deallocate()
        initial.deallocate()
    }
}

/// One thread's Dijkstra workspace over a `SearchGraph`: the times and labels of the last run,
/// read in place, and the heap. A run resets only the nodes the previous run reached, so bounded
/// runs cost what they reach, not the size of the graph. Not thread-safe: one per thread.
public final class DijkstraSearch {
    public let graph: SearchGraph
    private let nodes: UnsafeMutablePointer<SearchGraph.Node>
    private let reachedList: UnsafeMutablePointer<Int32>
    /// Nodes reached by the last run.
    public private(set) var reachedCount = 0
    private var heap = RadixHeap()

    public init(_ graph: SearchGraph) {
        self.graph = graph
        nodes = .allocate(capacity: graph.nodeCount + 1)
        nodes.initialize(from: graph.initial, count: graph.nodeCount + 1)
        reachedList = .allocate(capacity: max(1, graph.nodeCount))
    }

    deinit {
        nodes.deallocate()
        reachedList.deallocate()
        heap.deallocate()
    }

    /// Seconds from the nearest source to `node` in the last run (infinity: not reached).
    @inline(__always) public func seconds(_ node: Int) -> Double { nodes[node].seconds }
    /// The label of the source that reached `node` first in the last run (-1: none).
    @inline(__always) public func label(_ node: Int) -> Int32 { nodes[node].label }
    /// The `index`-th node reached by the last run (in the order first reached), `index` < `reachedCount`.
    @inline(__always) public func reached(_ index: Int) -> Int32 { reachedList[index] }

    /// The last run's results as whole arrays (a copy).
    public func travelTimes() -> TravelTimes {
        var seconds = [Double](repeating: .infinity, count: graph.nodeCount)
        var source = [Int32](repeating: -1, count: graph.nodeCount)
        for index in 0..<reachedCount {
            let node = Int(reachedList[index])
            seconds[node] = nodes[node].seconds
            source[node] = nodes[node].label
        }
        return TravelTimes(seconds: seconds, source: source)
    }

    private func reset() {
        for index in 0..<reachedCount {
            let node = Int(reachedList[index])
            nodes[node].seconds = .infinity
            nodes[node].label = -1
        }
        reachedCount = 0
    }

    /// Multi-source Dijkstra bounded at `limit` seconds (nodes farther are left unreached); a
    /// source's `seconds` must be ≥ 0; a node reached at the same time from two sources takes the
    /// lower label. Lazy deletion: a popped entry whose time is no longer the
    /// node's is stale and skipped, so each node is settled once.
    public func run(from sources: [DijkstraSource], limit: Double = .infinity) {
        reset()
        let nodes = self.nodes, arcs = graph.arcs, reachedList = self.reachedList
        var heap = self.heap
        heap.removeAll()
        var reached = 0
        for start in sources where start.seconds >= 0 && start.seconds <= limit && start.seconds < nodes[Int(start.node)].seconds {
            if nodes[Int(start.node)].seconds == .infinity { reachedList[reached] = start.node; reached += 1 }
            nodes[Int(start.node)].seconds = start.seconds
            nodes[Int(start.node)].label = start.label
            heap.push(start.seconds, start.node)
        }
        while !heap.isEmpty {
            let (time, node) = heap.pop()
            let settled = nodes[Int(node)]
            guard time == settled.seconds else { continue }  // a stale entry
            var arc = Int(settled.firstArc)
            let end = Int(nodes[Int(node) + 1].firstArc)
            while arc < end {
                let next = arcs[arc]
                let candidate = time + next.seconds
                let known = nodes[Int(next.target)].seconds
                if candidate < known && candidate <= limit {
                    if known == .infinity { reachedList[reached] = next.target; reached &+= 1 }
                    nodes[Int(next.target)].seconds = candidate
                    nodes[Int(next.target)].label = settled.label
                    heap.push(candidate, next.target)
                } else if candidate == known && settled.label < nodes[Int(next.target)].label {
                    nodes[Int(next.target)].label = settled.label  // a tie goes to the lower label, whatever the heap's order
                }
                arc &+= 1
            }
        }
        self.heap = heap
        reachedCount = reached
    }
}
