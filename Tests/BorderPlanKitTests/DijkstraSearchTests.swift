import Foundation
import Testing
@testable import BorderPlanKit

/// The search engine on a hand-made graph whose arc times are its lengths (3.6 km/h is 1 m/s):
///
///     0 —10— 1 —10— 2 —5→ 3 (one way)      4 (alone)
///      \____________25/
///
/// so from 0 the times are 0, 10, 20 (through 1, not the direct 25), 25, unreached. Times are
/// sums of small integers: exact in Double, compared with ==.
@Suite struct DijkstraSearchTests {
    static func graph() -> RoadGraph {
        var graph = RoadGraph()
        graph.nodeLon = [0, 1, 2, 3, 9]
        graph.nodeLat = [0, 0, 0, 0, 0]
        let edges: [(Int32, Int32, Double, Double)] = [(0, 1, 10, 3.6), (1, 2, 10, 3.6), (0, 2, 25, 3.6), (2, 3, 5, 0)]
        for (from, to, length, back) in edges {
            graph.edgeFrom.append(from)
            graph.edgeTo.append(to)
            graph.edgeLength.append(length)
            graph.edgeForwardKmh.append(3.6)
            graph.edgeBackwardKmh.append(back)
        }
        graph.buildArcs()
        return graph
    }

    static func source(_ node: Int32, label: Int32 = 0) -> DijkstraSource { DijkstraSource(node: node, seconds: 0, label: label) }

    @Test func timesBoundAndReuseOfTheWorkspace() {
        let search = DijkstraSearch(SearchGraph(Self.graph()))
        search.run(from: [Self.source(0)])
        #expect((0..<5).map(search.seconds) == [0, 10, 20, 25, .infinity])
        #expect(search.reachedCount == 4)
        // Bounded at 20: node 2 at exactly the limit is reached, node 3 (25) is not.
        search.run(from: [Self.source(0)], limit: 20)
        #expect((0..<5).map(search.seconds) == [0, 10, 20, .infinity, .infinity])
        // The next run starts clean: from 3 nothing else is reached (2 → 3 is one way).
        search.run(from: [Self.source(3, label: 7)])
        #expect((0..<5).map(search.seconds) == [.infinity, .infinity, .infinity, 0, .infinity])
        #expect((0..<5).map(search.label) == [-1, -1, -1, 7, -1])
        #expect(search.travelTimes().seconds == [.infinity, .infinity, .infinity, 0, .infinity])
    }

    @Test func aTieGoesToTheLowerLabelWhateverTheOrder() {
        let graph = SearchGraph(Self.graph())
        // Node 1 is 10 s from both 0 and 2.
        for sources in [[Self.source(0, label: 1), Self.source(2, label: 0)], [Self.source(2, label: 0), Self.source(0, label: 1)]] {
            let times = Dijkstra.run(graph, sources: sources)
            #expect(times.seconds == [0, 10, 0, 5, .infinity])
            #expect(times.source == [1, 0, 0, 0, -1])
        }
    }

    @Test func parallelRunsMatchOneByOne() {
        let road = Self.graph()
        let graph = SearchGraph(road)
        let runs = (0..<5).map { [Self.source(Int32($0))] }
        final class Results: @unchecked Sendable { var seconds = [[Double]](repeating: [], count: 5); let lock = NSLock() }
        let results = Results()
        Dijkstra.forEach(graph, runs: runs, limit: 20, workers: 2) { index, search in
            let times = search.travelTimes().seconds
            results.lock.withLock { results.seconds[index] = times }
        }
        for index in 0..<5 {
            #expect(results.seconds[index] == Dijkstra.run(road, sources: runs[index], limit: 20).seconds)
        }
        #expect(results.seconds[1] == [10, 0, 10, 15, .infinity])
    }

    /// The radix heap pops in key order while keys are pushed at or above the last pop, as
    /// Dijkstra does; checked against a sorted list on pseudo-random keys (a fixed LCG).
    @Test func radixHeapPopsInOrder() {
        var heap = RadixHeap()
        defer { heap.deallocate() }
        var state: UInt64 = 42
        func random() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) / Double(1 << 53) }
        var reference: [Double] = []
        for node in 0..<500 { let key = random() * 1000; heap.push(key, Int32(node)); reference.append(key) }
        var popped: [Double] = []
        while !heap.isEmpty {
            let (key, _) = heap.pop()
            popped.append(key)
            let smallest = reference.indices.min { reference[$0] < reference[$1] }!
            #expect(key == reference[smallest])
            reference.remove(at: smallest)
            if popped.count < 2000 && random() < 0.6 { let next = key + random() * 50; heap.push(next, 0); reference.append(next) }
        }
        #expect(popped == popped.sorted())
        #expect(reference.isEmpty)
    }
}
