// Line and scatter plots on a braille canvas.

extension Plot {
    /// The largest canvas width used, in columns: wider plots are hard to read.
    static let maxCanvasWidth = 72

    func renderXY(_ series: [Series], connect: Bool, width: Int, color: Bool) -> [String] {
        let all = series.flatMap { $0.points }
        guard let xMin = all.map({ $0.x }).min(), let xMax = all.map({ $0.x }).max(),
              let yMin = all.map({ $0.y }).min(), let yMax = all.map({ $0.y }).max() else {
            return ["(no data)"]
        }
        let xTicks = niceTicks(low: xMin, high: xMax)
        let yTicks = niceTicks(low: yMin, high: yMax, maxCount: max(3, height / 2 + 1))
        let xLow = xTicks.first ?? xMin, xHigh = xTicks.last ?? xMax
        let yLow = yTicks.first ?? yMin, yHigh = yTicks.last ?? yMax
        let yLabels = yTicks.map { formatNumber($0) }
        let margin = yLabels.reduce(0) { max($0, displayWidth($1)) }
        let plotWidth = max(10, min(Self.maxCanvasWidth, width - margin - 2))

        var canvas = BrailleCanvas(columns: plotWidth, rows: height)
        func dot(_ point: (x: Double, y: Double)) -> (x: Int, y: Int) {
            let fx = (point.x - xLow) / (xHigh - xLow)
            let fy = (point.y - yLow) / (yHigh - yLow)
            return (screenIndex(fx * Double(canvas.dotWidth - 1)),
                    screenIndex((1 - fy) * Double(canvas.dotHeight - 1)))
        }
        for (index, item) in series.enumerated() {
            let dots = item.points.map(dot)
            for (offset, current) in dots.enumerated() {
                if connect, offset > 0 {
                    canvas.line(from: dots[offset - 1], to: current, series: index)
                } else if connect {
                    canvas.set(x: current.x, y: current.y, series: index)
                } else {
                    // A single dot is easy to miss; a scatter point is a 2 × 2 square of dots.
                    for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                        canvas.set(x: current.x + dx, y: current.y + dy, series: index)
                    }
                }
            }
        }
        // Without colour, several series look alike: each is numbered at its last point
        // and the legend uses the same numbers.
        let numbered = !color && series.count > 1 && series.count <= 9
        if numbered {
            for (index, item) in series.enumerated() {
                guard let last = item.points.last else { continue }
                let position = dot(last)
                canvas.label(x: position.x, y: position.y, character: Character(String(index + 1)),
                             series: index)
            }
        }

        let frame = PlotFrame(
            yTicks: zip(yTicks, yLabels).map { tick, label in
                let fy = (tick - yLow) / (yHigh - yLow)
                return (row: screenIndex((1 - fy) * Double(canvas.dotHeight - 1)) / 4, label: label)
            },
            xTicks: xTicks.map { tick in
                let fx = (tick - xLow) / (xHigh - xLow)
                return (column: screenIndex(fx * Double(canvas.dotWidth - 1)) / 2, label: formatNumber(tick))
            },
            xLabel: xLabel, yLabel: yLabel)
        var lines = frame.compose(canvas: canvas.render(color: color), plotWidth: plotWidth, color: color)
        let named = series.enumerated().filter { !$0.element.name.isEmpty }
        if series.count > 1 || !named.isEmpty {
            lines.append(legend(series.map { $0.name }, color: color, numbered: numbered))
        }
        return lines
    }

    /// "⣿ name" entries for each series, coloured like their lines when colour is on;
    /// "1 name", "2 name", ... when the series are numbered on the canvas instead.
    func legend(_ names: [String], color: Bool, numbered: Bool) -> String {
        names.enumerated().map { index, name in
            let symbol = numbered ? String(index + 1) : "⣿"
            let marker = color ? ANSI.seriesColor(index) + symbol + ANSI.reset : symbol
            let shown = name.isEmpty ? "series \(index + 1)" : name
            return marker + " " + shown
        }.joined(separator: "   ")
    }
}
