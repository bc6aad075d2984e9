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
        // With several series each gets a marker character (MarkerLayer, SeriesStyle), in
        // colour and without, so the text reads the same in a report, under NO_COLOR and
        // in a terminal; one series keeps its plain braille line.
        let marked = series.count > 1
        var markers = MarkerLayer()
        for (index, item) in series.enumerated() {
            let dots = item.points.map(dot)
            // Where each run of finite points begins in `dots`: no line is drawn into it from
            // the point before the gap.
            var runStarts: Set<Int> = []
            var position = 0
            for run in item.runs { runStarts.insert(position); position += run.count }
            for (offset, current) in dots.enumerated() {
                if connect, !runStarts.contains(offset) {
                    canvas.line(from: dots[offset - 1], to: current, series: index)
                } else if connect {
                    canvas.set(x: current.x, y: current.y, series: index)
                } else if !marked {
                    // A single dot is easy to miss; a scatter point is a 2 × 2 square of dots.
                    for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                        canvas.set(x: current.x + dx, y: current.y + dy, series: index)
                    }
                }
            }
            if marked {
                // Scatter series are drawn by their markers alone: a braille square
                // straddling a cell boundary would peek out beside its marker.
                markers.add(dots.map { MarkerLayer.Cell(column: $0.x / 2, row: $0.y / 4) },
                            series: index, of: series.count, connected: connect)
            }
        }
        markers.draw(on: &canvas)

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
        if series.count > 1 || series.contains(where: { !$0.name.isEmpty }) {
            let legend = PlotLegend(names: series.map { $0.name }, overlap: markers.hasOverlap)
            lines += legend.render(width: margin + 2 + plotWidth, color: color)
        }
        return lines
    }
}
