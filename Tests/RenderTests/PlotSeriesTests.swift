import Testing
@testable import Render

/// Several series in one line or scatter plot must be told apart without colour.
@Suite struct PlotSeriesTests {
    static let multiSeries: [Plot] = [Samples.lossCurves, Samples.accuracyVsSparsity, Samples.threeLosses,
                                      Samples.twoClusters, Samples.threeClusters]

    /// The lines under the x-tick labels (and the x label, when there is one).
    static func legendLines(_ text: String, xLabel: Bool) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let axis = lines.lastIndex(where: { $0.contains("└") || $0.contains("┼") }) else { return [] }
        return Array(lines[(axis + (xLabel ? 3 : 2))...])
    }

    @Test func markersAreDistinctOneColumnAndNotAmbiguousWidth() {
        let all = SeriesStyle.textMarkers + [SeriesStyle.overlapMarker]
        #expect(Set(all).count == all.count)
        for marker in all {
            #expect(displayWidth(of: marker) == 1)
            // ASCII: never East Asian Ambiguous, present in every monospace font.
            #expect(marker.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F })
        }
        #expect(Set(SeriesStyle.Shape.allCases.indices.map { SeriesStyle.dashPattern($0) ?? "solid" }).count
            == SeriesStyle.dashPatterns.count)
    }

    @Test(arguments: 2...10)
    func legendListsEverySeriesWithItsMarker(count: Int) {
        let series = (0..<count).map { index in
            Series(name: "s\(index)", y: (0..<5).map { Double($0 * (index + 1)) })
        }
        for plot in [Plot.line(series), Plot.scatter(series)] {
            for color in [false, true] {
                let legend = Self.legendLines(stripANSI(plot.terminal(width: 80, color: color)), xLabel: false)
                    .joined(separator: "\n")
                for index in 0..<count {
                    #expect(legend.contains("\(SeriesStyle.textMarker(index)) s\(index)"), "\(legend)")
                }
            }
        }
    }

    @Test func legendNamesUnnamedSeries() {
        let plot = Plot.line([Series(name: "", y: [1, 2]), Series(name: "b", y: [2, 1])])
        #expect(plot.terminal(width: 80, color: false).hasSuffix("o series 1   x b"))
    }

    @Test func multiSeriesPlotsStayWithinWidth() {
        for plot in Self.multiSeries {
            for width in [40, 80, 120] {
                for line in plot.terminal(width: width, color: false).split(separator: "\n") {
                    #expect(displayWidth(String(line)) <= max(width, 64), "\(plot.title ?? ""): \(line)")
                }
            }
        }
    }

    @Test func colourOnlyAddsEscapes() {
        for plot in Self.multiSeries {
            let colored = plot.terminal(width: 80, color: true)
            #expect(stripANSI(colored) == plot.terminal(width: 80, color: false), "\(plot.title ?? "")")
            #expect(colored.contains(ANSI.seriesColor(0) + "o" + ANSI.reset))
            #expect(colored.contains(ANSI.seriesColor(1) + "x" + ANSI.reset))
        }
    }

    @Test func everyPointOfASparseLineIsMarked() {
        let text = Samples.accuracyVsSparsity.terminal(width: 80, color: false)
        let canvas = text.split(separator: "\n").filter { $0.contains("┤") || $0.contains("│") }.joined()
        // Ten points each, all marked; the first four share their cells (97.8 vs 94.2–97.8
        // is less than a row apart), so they are overlap markers.
        let overlaps = canvas.filter { $0 == "&" }.count
        #expect(overlaps == 4)
        #expect(canvas.filter { $0 == "o" }.count + overlaps == 10)
        #expect(canvas.filter { $0 == "x" }.count + overlaps == 10)
        #expect(text.hasSuffix("o magnitude   x random   & overlap"))
    }

    @Test func denseLinesAreThinnedButKeepTheirEnds() {
        let cells = (0..<60).map { MarkerLayer.Cell(column: $0, row: 5) }
        let kept = MarkerLayer.thinned(cells)
        #expect(kept.first == cells.first && kept.last == cells.last)
        #expect(kept.map { $0.column } == [0, 6, 12, 18, 24, 30, 36, 42, 48, 54, 59])
        // The second of two series takes its markers half a band later.
        #expect(MarkerLayer.thinned(cells, phase: 3).map { $0.column }
            == [0, 3, 9, 15, 21, 27, 33, 39, 45, 51, 57, 59])
        // A steep stretch gets a marker every three rows.
        let steep = (0..<10).map { MarkerLayer.Cell(column: 0, row: $0) }
        #expect(MarkerLayer.thinned(steep).map { $0.row } == [0, 3, 6, 9])
    }

    @Test func overlapIsMarkedWhateverTheDrawingOrder() {
        let a = Series(name: "a", y: [0, 1, 2, 3]), b = Series(name: "b", y: [0, 1, 2, 3])
        for (plot, legend) in [(Plot.scatter([a, b]), "o a   x b   & overlap"),
                               (Plot.scatter([b, a]), "o b   x a   & overlap"),
                               (Plot.line([a, b]), "o a   x b   & overlap")] {
            let text = plot.terminal(width: 60, color: false)
            #expect(text.hasSuffix(legend))
            let canvas = text.split(separator: "\n").filter { $0.contains("┤") || $0.contains("│") }.joined()
            #expect(canvas.filter { $0 == "&" }.count == 4)
            #expect(!canvas.contains("o") && !canvas.contains("x"))
        }
        var layer = MarkerLayer()
        layer.add([MarkerLayer.Cell(column: 1, row: 1)], series: 2, of: 3, connected: false)
        layer.add([MarkerLayer.Cell(column: 1, row: 1)], series: 0, of: 3, connected: false)
        layer.add([MarkerLayer.Cell(column: 1, row: 1)], series: 1, of: 3, connected: false)
        #expect(layer.owners == [MarkerLayer.Cell(column: 1, row: 1): MarkerLayer.overlap] && layer.hasOverlap)
    }

    @Test func multiSeriesScatterIsDrawnByMarkersAlone() {
        let text = Samples.twoClusters.terminal(width: 80, color: false)
        #expect(!text.unicodeScalars.contains { (0x2800...0x28FF).contains($0.value) })
        #expect(text.contains("o") && text.contains("x"))
    }

    @Test func singleSeriesPlotsKeepTheirBrailleKey() {
        let line = Plot.line([Series(name: "train loss", y: [3, 2, 1.5, 1.2])]).terminal(width: 80, color: false)
        #expect(line.hasSuffix("\n⣿ train loss"))
        let canvas = line.split(separator: "\n").filter { $0.contains("┤") || $0.contains("│") }.joined()
        #expect(!canvas.contains { SeriesStyle.textMarkers.contains($0) || $0 == SeriesStyle.overlapMarker })
        // An unnamed single series has no legend at all.
        let scatter = Samples.scatter.terminal(width: 80, color: false)
        #expect(scatter.hasSuffix("\n" + String(repeating: " ", count: 38) + "|w|"))
    }

    /// Hangul names are 2 columns a syllable: the legend must be laid out by display
    /// width, not by character count, whether it fits on one line or wraps into a grid.
    @Test func hangulLegendAlignsByDisplayWidth() throws {
        let names = ["양자화", "가지치기", "지식 증류", "저랭크 분해", "INT4 + 증류"]
        let series = names.enumerated().map { index, name in
            Series(name: name, y: (0..<8).map { Double($0 + 3 * index) })
        }
        for width in [40, 60, 120] {
            let text = Plot.line(series).terminal(width: width, color: false)
            let lines = text.split(separator: "\n").map(String.init)
            let axis = try #require(lines.first { $0.contains("└") || $0.contains("┼") })
            let rows = lines.filter { $0.contains("┤") || $0.contains("│") }
            // Canvas rows never run past the axis; legend lines never run past it either.
            for row in rows {
                #expect(displayWidth(row) <= displayWidth(axis))
            }
            let legend = Self.legendLines(text, xLabel: false)
            for line in legend {
                #expect(displayWidth(line) <= displayWidth(axis), "\(width): \(line)")
            }
            if width < 100 {
                #expect(legend.count > 1, "the legend should wrap at \(width) columns")
            }
            // Entries of one grid column start at the same display column on every line.
            let entryStarts = legend.map { Self.entryColumns($0) }
            for (row, columns) in entryStarts.enumerated() where row > 0 {
                #expect(Array(entryStarts[0].prefix(columns.count)) == columns, "\(width):\n\(legend.joined(separator: "\n"))")
            }
            let overlap = legend.contains { $0.contains("& overlap") } ? 1 : 0
            #expect(entryStarts.map { $0.count }.reduce(0, +) == names.count + overlap)
        }
        // At 120 columns everything fits on one line, three spaces apart.
        let wide = Self.legendLines(Plot.line(series).terminal(width: 120, color: false), xLabel: false)
        #expect(wide == ["o 양자화   x 가지치기   + 지식 증류   * 저랭크 분해   # INT4 + 증류"])
        // Five markers and the space after each, three spaces between entries, and the names.
        #expect(displayWidth(wide[0]) == 5 * 2 + 4 * 3 + [6, 8, 9, 11, 11].reduce(0, +))
    }

    /// Display columns where legend entries start: after the line's start or after the
    /// three-space gap the layout puts between entries.
    static func entryColumns(_ line: String) -> [Int] {
        var result: [Int] = []
        var column = 0
        var spaces = 0
        for character in line {
            if character != " " && (column == 0 || spaces >= PlotLegend.gap) {
                result.append(column)
            }
            spaces = character == " " ? spaces + 1 : 0
            column += displayWidth(of: character)
        }
        return result
    }

    @Test func svgSeparatesSeriesWithoutColour() throws {
        let svg = try #require(Samples.threeLosses.svg())
        #expect(svg.contains("stroke-dasharray=\"\(SeriesStyle.dashPatterns[1]!)\""))
        #expect(svg.contains("stroke-dasharray=\"\(SeriesStyle.dashPatterns[2]!)\""))
        for name in ["FP32", "INT8", "INT4"] {
            #expect(svg.contains(">\(name)</text>"))
        }
        #expect(svg.contains("<circle") && svg.contains("<path d=\"M"))
        #expect(svg.contains("fill-opacity=\"0.85\""))
        let scatter = try #require(Samples.threeClusters.svg())
        #expect(!scatter.contains("stroke-dasharray") && scatter.contains(">지식 증류</text>"))
        // One series: a plain solid line, no markers, no legend box.
        let single = try #require(Plot.line([Series(name: "loss", y: [3, 2, 1])]).svg())
        #expect(!single.contains("stroke-dasharray") && !single.contains("<path") && !single.contains("fill-opacity"))
    }

    @Test func svgLineMarkersAreThinned() {
        let dense = (0..<100).map { (x: Double($0), y: 0.0) }
        let kept = Plot.thinnedForMarkers(dense)
        #expect(kept.map { $0.x } == [0, 20, 40, 60, 80, 99])
        #expect(Plot.thinnedForMarkers([(x: 0, y: 0)]).count == 1)
        #expect(Plot.thinnedForMarkers([]).isEmpty)
    }
}
