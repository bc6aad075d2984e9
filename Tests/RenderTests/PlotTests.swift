import Testing
@testable import Render

@Suite struct PlotTests {
    static let all: [Plot] = [Samples.lossCurves, Samples.scatter, Samples.sizes, Samples.weights, Samples.mask]

    @Test func terminalStaysWithinWidthAndMarkdownIsPlainFencedText() {
        for plot in Self.all {
            for width in [40, 80, 120] {
                let text = plot.terminal(width: width, color: false)
                for line in text.split(separator: "\n") {
                    #expect(displayWidth(String(line)) <= max(width, 64), "\(plot.title ?? ""): \(line)")
                }
            }
            let markdown = plot.markdown()
            #expect(markdown.hasPrefix("```text\n") && markdown.hasSuffix("\n```"))
            #expect(!markdown.contains("\u{1B}"))
            let colored = plot.terminal(width: 80, color: true)
            #expect(stripANSI(colored).split(separator: "\n").count == plot.terminal(width: 80, color: false)
                .split(separator: "\n").count)
        }
    }

    @Test func seriesHaveTheSameMarkersWithAndWithoutColor() {
        let colored = Samples.lossCurves.terminal(width: 80, color: true)
        #expect(colored.contains(ANSI.seriesColor(0)) && colored.contains(ANSI.seriesColor(1)))
        #expect(stripANSI(colored).hasSuffix("o FP32   x INT4 + 증류   & overlap"))
        #expect(Samples.lossCurves.terminal(width: 80, color: false).hasSuffix("o FP32   x INT4 + 증류   & overlap"))
    }

    @Test func barLengthsAreProportional() {
        let plot = Plot.bar(labels: ["a", "b"], values: [10, 5])
        let lines = plot.terminal(width: 80, color: false).split(separator: "\n").map(String.init)
        let blocks = lines.prefix(2).map { line in line.filter { "█▏▎▍▌▋▊▉".contains($0) }.count }
        #expect(blocks[0] == 50 && blocks[1] == 25)
        let negative = Plot.bar(labels: ["down", "up"], values: [-2, 2]).terminal(width: 80, color: false)
        #expect(negative.contains("-2") && negative.contains("█"))
    }

    @Test func histogramColumnsFollowCounts() throws {
        let plot = try Plot.histogram([0, 0, 0, 0, 1, 1, 2, 2, 2, 2], bins: 3)
        let lines = plot.terminal(width: 40, color: false).split(separator: "\n").map(String.init)
        #expect(lines.first == "count")
        // Tallest bins (4) reach the top tick; the middle bin (2) reaches half of it.
        #expect(lines[1].hasPrefix("4 ┤"))
        #expect(lines[1].contains("█"))
    }

    @Test func heatmapShadesAndColorBar() {
        let plot = Plot.heatmap([[0, 1], [0.5, .nan]])
        let lines = plot.terminal(width: 80, color: false).split(separator: "\n").map(String.init)
        #expect(lines[0] == "0 ┤  ██")
        #expect(lines[1] == "1 ┤▒▒··")
        #expect(lines.last == "   0 ▕ ░▒▓█▏ 1")
        let colored = plot.terminal(width: 80, color: true)
        #expect(colored.contains(ANSI.heatColors[4] + "██" + ANSI.reset))
        #expect(stripANSI(colored) == plot.terminal(width: 80, color: false))
        #expect(shade(0.19, low: 0, high: 1) == " " && shade(0.21, low: 0, high: 1) == "░")
        #expect(shade(1, low: 0, high: 1) == "█" && shade(3, low: 3, high: 3) == "▒")
    }

    @Test func largeHeatmapIsAveragedDown() {
        let matrix = (0..<100).map { row in (0..<100).map { Double(row + $0) } }
        let text = Plot.heatmap(matrix).terminal(width: 80, color: false)
        #expect(text.contains("(averaged over 3×2 blocks)"))
        #expect(text.split(separator: "\n").count < 45)
        #expect(blockAverage([[1, 2, 3], [3, 4, .nan]], columns: 3, rowBlock: 2, columnBlock: 2)
            == [[2.5, 3]])
    }

    @Test func validateReportsShapeErrors() {
        #expect(throws: RenderError.seriesLengthMismatch(name: "s", xCount: 2, yCount: 1)) {
            try Plot.line([Series(name: "s", x: [1, 2], y: [1])]).validate()
        }
        #expect(throws: RenderError.barCountMismatch(labels: 1, values: 2)) {
            try Plot.bar(labels: ["a"], values: [1, 2]).validate()
        }
        #expect(throws: RenderError.raggedMatrix(row: 1, expected: 2, found: 1)) {
            try Plot.heatmap([[1, 2], [3]]).validate()
        }
        #expect(throws: Never.self) { try Samples.mask.validate() }
        #expect(RenderError.invalidBinCount(0).description == "Use at least one histogram bin (got 0).")
    }

    @Test func emptyAndDegenerateDataDoNotTrap() throws {
        #expect(Plot.line([]).terminal(width: 80, color: false) == "(no data)")
        #expect(Plot.scatter([Series(name: "nan", y: [.nan])]).terminal(width: 80, color: false) == "(no data)")
        #expect(Plot.bar(labels: [], values: []).terminal(width: 80, color: false) == "(no data)")
        #expect(Plot.heatmap([[]]).terminal(width: 80, color: false) == "(no data)")
        let flat = Plot.line([Series(name: "", y: [2, 2, 2])]).terminal(width: 5, color: false)
        #expect(flat.contains("⠉") || flat.contains("⣀") || flat.contains("⠒"))
        #expect(try Plot.histogram([], bins: 3).terminal(width: 80, color: false).contains("┼"))
        for plot in [Plot.line([]), Plot.heatmap([[]]), try Plot.histogram([1], bins: 1)] {
            #expect(plot.svg()?.hasSuffix("</svg>\n") == true)
        }
    }

    @Test func brailleCanvasDrawsLines() {
        var canvas = BrailleCanvas(columns: 2, rows: 1)
        canvas.line(from: (x: 0, y: 0), to: (x: 3, y: 3), series: 0)
        // Dots (0,0), (1,1) in cell 0 and (2,2), (3,3) in cell 1.
        #expect(canvas.render(color: false) == ["⠑⢄"])
        canvas.set(x: 99, y: -1, series: 0)
        #expect(canvas.render(color: false) == ["⠑⢄"])
    }

    @Test func svgIsDeterministicAndEscaped() throws {
        let plot = Plot.bar(labels: ["a<b", "양자화 & 증류"], values: [1, 2], title: "\"size\"")
        let svg = try #require(plot.svg())
        #expect(svg == plot.svg())
        #expect(svg.contains("a&lt;b") && svg.contains("양자화 &amp; 증류") && svg.contains("&quot;size&quot;"))
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(n(1.0 / 3.0) == "0.33" && n(-0.001) == "0" && n(1234.5) == "1234.5")
        #expect(grayFill(0, low: 0, high: 1) == "#ffffff" && grayFill(1, low: 0, high: 1) == "#000000")
    }
}

@Suite struct ExtremeDataTests {
    /// Data at Double's limits must render something, never trap.
    @Test func extremeValuesDoNotTrap() throws {
        let extreme = [-1e308, 1e308, Double.leastNonzeroMagnitude, 0]
        let plots: [Plot] = [
            Plot.line([Series(name: "x", y: extreme)]),
            Plot.scatter([Series(name: "x", x: extreme, y: extreme)]),
            Plot.bar(labels: ["a", "b", "c", "d"], values: extreme),
            try Plot.histogram(extreme, bins: 4),
            Plot.heatmap([extreme, extreme]),
            Plot.line([Series(name: "tiny", y: [0, Double.leastNonzeroMagnitude])]),
        ]
        for plot in plots {
            #expect(!plot.terminal(width: 80, color: true).isEmpty)
            #expect(plot.svg() != nil)
        }
        #expect(niceTicks(low: -1e308, high: 1e308) == [-1e308, 1e308])
        #expect(niceTicks(low: 0, high: Double.leastNonzeroMagnitude) == [0, Double.leastNonzeroMagnitude])
        #expect(try Histogram.bins(extreme, count: 4).counts.reduce(0, +) == 4)
    }
}
