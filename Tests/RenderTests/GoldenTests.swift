import Testing
@testable import Render

/// Byte-for-byte comparisons with Golden/ (see GoldenSupport.swift to regenerate).
@Suite struct GoldenTests {
    static let samples: [(String, any Display)] = [
        ("table_korean", Samples.koreanTable),
        ("equation_distillation", Samples.distillation),
        ("plot_line", Samples.lossCurves),
        ("plot_scatter", Samples.scatter),
        ("plot_bar", Samples.sizes),
        ("plot_histogram", Samples.weights),
        ("plot_heatmap", Samples.mask),
        ("textblock", Samples.log),
    ]

    /// Multi-series plots, also compared in colour (`.color.txt`, ANSI escapes and all).
    static let seriesSamples: [(String, Plot)] = [
        ("plot_line2", Samples.accuracyVsSparsity),
        ("plot_line3", Samples.threeLosses),
        ("plot_scatter2", Samples.twoClusters),
        ("plot_scatter3", Samples.threeClusters),
    ]

    @Test(arguments: samples.map { $0.0 })
    func terminalAndMarkdown(name: String) throws {
        let value = try #require(Self.samples.first { $0.0 == name }?.1)
        Golden.expect(value.terminal(width: 80, color: false), name + ".txt")
        Golden.expect(value.markdown(), name + ".md")
    }

    @Test(arguments: seriesSamples.map { $0.0 })
    func multiSeriesTerminalColorAndMarkdown(name: String) throws {
        let plot = try #require(Self.seriesSamples.first { $0.0 == name }?.1)
        Golden.expect(plot.terminal(width: 80, color: false), name + ".txt")
        Golden.expect(plot.terminal(width: 80, color: true), name + ".color.txt")
        Golden.expect(plot.markdown(), name + ".md")
    }

    @Test func svgDocuments() throws {
        Golden.expect(try #require(Samples.lossCurves.svg()), "plot_line.svg")
        Golden.expect(try #require(Samples.sizes.svg()), "plot_bar.svg")
        Golden.expect(try #require(Samples.threeLosses.svg()), "plot_line3.svg")
        Golden.expect(try #require(Samples.threeClusters.svg()), "plot_scatter3.svg")
    }
}
