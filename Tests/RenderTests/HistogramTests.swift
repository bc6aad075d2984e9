import Testing
@testable import Render

/// numpy.histogram results committed in Golden/histogram_numpy.txt (generated once
/// with numpy; see the file's first line for the version).
@Suite struct HistogramTests {
    struct Case {
        var name = ""
        var bins = 0
        var values: [Double] = []
        var counts: [Int] = []
        var edges: [Double] = []
    }

    static func cases() throws -> [Case] {
        let text = try #require(Golden.read("histogram_numpy.txt"))
        var cases: [Case] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: ":", maxSplits: 1)
            let key = String(parts[0])
            let fields = parts.count > 1 ? parts[1].split(separator: " ").map(String.init) : []
            switch key {
            case "case": cases.append(Case(name: fields.joined()))
            case "bins": cases[cases.count - 1].bins = Int(fields[0]) ?? 0
            case "values": cases[cases.count - 1].values = fields.compactMap { Double($0) }
            case "counts": cases[cases.count - 1].counts = fields.compactMap { Int($0) }
            case "edges": cases[cases.count - 1].edges = fields.compactMap { Double($0) }
            default: Issue.record("unexpected line \(line)")
            }
        }
        return cases
    }

    @Test func matchesNumpy() throws {
        let cases = try Self.cases()
        #expect(cases.count == 6)
        for item in cases {
            let histogram = try Histogram.bins(item.values, count: item.bins)
            #expect(histogram.counts == item.counts, "counts for \(item.name)")
            #expect(histogram.edges == item.edges, "edges for \(item.name)")
            #expect(histogram.counts.reduce(0, +) == item.values.count)
        }
    }

    @Test func rejectsZeroBinsAndSkipsNaN() throws {
        #expect(throws: RenderError.invalidBinCount(0)) { try Histogram.bins([1, 2], count: 0) }
        let histogram = try Histogram.bins([0, .nan, 1, .infinity], count: 2)
        #expect(histogram.counts == [1, 1])
        let empty = try Histogram.bins([], count: 4)
        #expect(empty.edges == [0, 0.25, 0.5, 0.75, 1])
        #expect(empty.counts == [0, 0, 0, 0])
    }
}
