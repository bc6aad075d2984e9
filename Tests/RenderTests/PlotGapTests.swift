import Testing
@testable import Render

/// A NaN or infinity in a line plot leaves a gap (matplotlib's behaviour); the line used to be
/// drawn straight through it, showing a value that was never there.
@Suite struct PlotGapTests {
    /// Raised braille dots in a rendering (each cell U+2800 + one bit per dot).
    func dots(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { sum, scalar in
            (0x2801...0x28FF).contains(scalar.value) ? sum + (scalar.value - 0x2800).nonzeroBitCount : sum
        }
    }

    @Test func aMissingValueBreaksTheLine() {
        let gap = Plot.line([Series(name: "", y: [1, .nan, 3])]).terminal(width: 60, color: false)
        let joined = Plot.line([Series(name: "", y: [1, 3])]).terminal(width: 60, color: false)
        #expect(dots(gap) == 2, "only the two lone points: \(gap)")
        #expect(dots(joined) > 10, "a joined line for comparison: \(joined)")
        let svg = Plot.line([Series(name: "", y: [1, 2, .nan, 3, 4, .infinity, 5])]).svg() ?? ""
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 3, "three runs, three lines: \(svg)")
        let marked = Plot.line([Series(name: "a", y: [1, .nan, 3]), Series(name: "b", y: [2, 2, 2])]).svg() ?? ""
        #expect(marked.components(separatedBy: "<polyline").count - 1 >= 3, "series a in two runs, b in one, plus legend swatches")
    }

    @Test func runsSplitOnlyAtMissingValues() {
        #expect(Series(name: "", y: [.nan, 1, 2, .nan, .nan, 3]).runs.map(\.count) == [2, 1])
        #expect(Series(name: "", y: [1, 2, 3]).runs.count == 1)
        #expect(Series(name: "", y: [.nan]).runs.isEmpty)
    }

    @Test func aTableNeedsAColumn() {
        #expect(throws: RenderError.noColumns) { try Table(headers: [], rows: []).validate() }
    }
}
