// Plots as standalone SVG documents: axes, nice ticks with grid lines, the data
// (polylines, points, rectangles), a legend, the title and axis labels.

extension Plot {
    /// Document size in pixels.
    static let svgWidth = 640.0
    static let svgHeight = 400.0

    /// The plotting rectangle inside the document.
    struct Area {
        let left: Double, top: Double, right: Double, bottom: Double
        var width: Double { right - left }
        var height: Double { bottom - top }
    }

    /// A standalone 640 × 400 SVG document of the chart.
    public func svg() -> String? {
        var writer = SVGWriter(width: Self.svgWidth, height: Self.svgHeight)
        let area = Area(left: 70, top: title == nil ? 20 : 45, right: Self.svgWidth - 20,
                        bottom: Self.svgHeight - 55)
        if let title {
            writer.text(Self.svgWidth / 2, 26, title, anchor: "middle", size: 16, bold: true)
        }
        if let xLabel {
            writer.text((area.left + area.right) / 2, Self.svgHeight - 12, xLabel, anchor: "middle")
        }
        if let yLabel {
            writer.text(18, (area.top + area.bottom) / 2, yLabel, anchor: "middle", rotate: true)
        }
        switch kind {
        case let .line(series):
            drawXY(series, connect: true, area: area, into: &writer)
        case let .scatter(series):
            drawXY(series, connect: false, area: area, into: &writer)
        case let .bar(labels, values):
            drawBars(labels: labels, values: values, area: area, into: &writer)
        case let .histogram(histogram):
            drawHistogram(histogram, area: area, into: &writer)
        case let .heatmap(matrix):
            drawHeatmap(matrix, area: area, into: &writer)
        }
        return writer.document()
    }

    /// Grid lines, tick marks and labels for both axes, then the axis lines.
    private func drawAxes(xTicks: [(position: Double, label: String)],
                          yTicks: [(position: Double, label: String)], area: Area,
                          into writer: inout SVGWriter) {
        for tick in yTicks {
            writer.line(area.left, tick.position, area.right, tick.position, stroke: "#e6e6e6")
            writer.line(area.left - 5, tick.position, area.left, tick.position, stroke: "black")
            writer.text(area.left - 8, tick.position + 4, tick.label, anchor: "end", size: 11)
        }
        for tick in xTicks {
            writer.line(tick.position, area.bottom, tick.position, area.bottom + 5, stroke: "black")
            writer.text(tick.position, area.bottom + 18, tick.label, anchor: "middle", size: 11)
        }
        writer.line(area.left, area.top, area.left, area.bottom, stroke: "black")
        writer.line(area.left, area.bottom, area.right, area.bottom, stroke: "black")
    }

    private func drawXY(_ series: [Series], connect: Bool, area: Area, into writer: inout SVGWriter) {
        let all = series.flatMap { $0.points }
        guard let xMin = all.map({ $0.x }).min(), let xMax = all.map({ $0.x }).max(),
              let yMin = all.map({ $0.y }).min(), let yMax = all.map({ $0.y }).max() else {
            drawAxes(xTicks: [], yTicks: [], area: area, into: &writer)
            return
        }
        let xTicks = niceTicks(low: xMin, high: xMax, maxCount: 8)
        let yTicks = niceTicks(low: yMin, high: yMax, maxCount: 6)
        let xLow = xTicks.first ?? xMin, xHigh = xTicks.last ?? xMax
        let yLow = yTicks.first ?? yMin, yHigh = yTicks.last ?? yMax
        func px(_ x: Double) -> Double { area.left + (x - xLow) / (xHigh - xLow) * area.width }
        func py(_ y: Double) -> Double { area.bottom - (y - yLow) / (yHigh - yLow) * area.height }
        drawAxes(xTicks: xTicks.map { (px($0), formatNumber($0)) },
                 yTicks: yTicks.map { (py($0), formatNumber($0)) }, area: area, into: &writer)
        if series.count > 1 {
            // Several series: dash patterns and marker shapes as well as colours
            // (Plot+SVGSeries.swift), so a grayscale printout still tells them apart.
            drawMarkedSeries(series.map { $0.runs.map { $0.map { (x: px($0.x), y: py($0.y)) } } }, connect: connect,
                             into: &writer)
            drawMarkedLegend(series.map { $0.name }, connect: connect, area: area, into: &writer)
            return
        }
        for (index, item) in series.enumerated() {
            let points = item.points.map { (x: px($0.x), y: py($0.y)) }
            if connect {
                for run in item.runs {  // one line per run of finite values: gaps stay gaps
                    writer.polyline(run.map { (x: px($0.x), y: py($0.y)) }, stroke: SVGWriter.color(index))
                }
            } else {
                for point in points {
                    writer.circle(point.x, point.y, radius: 3, fill: SVGWriter.color(index))
                }
            }
        }
        if series.count > 1 || series.contains(where: { !$0.name.isEmpty }) {
            for (index, item) in series.enumerated() {
                let y = area.top + 10 + Double(index) * 18
                writer.rect(area.right - 130, y - 9, 12, 12, fill: SVGWriter.color(index))
                writer.text(area.right - 112, y + 1, item.name.isEmpty ? "series \(index + 1)" : item.name,
                            size: 12)
            }
        }
    }

    private func drawBars(labels: [String], values: [Double], area: Area, into writer: inout SVGWriter) {
        let count = min(labels.count, values.count)
        let shown = values.prefix(count).map { $0.isFinite ? $0 : 0 }
        let yTicks = niceTicks(low: min(0, shown.min() ?? 0), high: max(0, shown.max() ?? 1), maxCount: 6)
        let yLow = yTicks.first ?? 0, yHigh = yTicks.last ?? 1
        func py(_ y: Double) -> Double { area.bottom - (y - yLow) / (yHigh - yLow) * area.height }
        let slot = area.width / Double(max(1, count))
        drawAxes(xTicks: [], yTicks: yTicks.map { (py($0), formatNumber($0)) }, area: area, into: &writer)
        for index in 0..<count {
            let x = area.left + Double(index) * slot
            let top = py(max(0, shown[index]))
            let bottom = py(min(0, shown[index]))
            writer.rect(x + slot * 0.15, top, slot * 0.7, bottom - top, fill: SVGWriter.color(0))
            writer.text(x + slot / 2, area.bottom + 18, labels[index], anchor: "middle", size: 11)
        }
    }

    private func drawHistogram(_ histogram: Histogram, area: Area, into writer: inout SVGWriter) {
        guard let first = histogram.edges.first, let last = histogram.edges.last, last > first else { return }
        let yTicks = niceTicks(low: 0, high: Double(max(1, histogram.counts.max() ?? 1)), maxCount: 6)
        let top = yTicks.last ?? 1
        func px(_ x: Double) -> Double { area.left + (x - first) / (last - first) * area.width }
        func py(_ y: Double) -> Double { area.bottom - y / top * area.height }
        let xTicks = niceTicks(low: first, high: last, maxCount: 8).filter { $0 >= first && $0 <= last }
        drawAxes(xTicks: xTicks.map { (px($0), formatNumber($0)) },
                 yTicks: yTicks.map { (py($0), formatNumber($0)) }, area: area, into: &writer)
        for (index, count) in histogram.counts.enumerated() where index + 1 < histogram.edges.count {
            let left = px(histogram.edges[index])
            let right = px(histogram.edges[index + 1])
            writer.rect(left, py(Double(count)), right - left, py(0) - py(Double(count)),
                        fill: SVGWriter.color(0), stroke: "white")
        }
    }

    private func drawHeatmap(_ matrix: [[Double]], area: Area, into writer: inout SVGWriter) {
        let columns = matrix.map { $0.count }.max() ?? 0
        guard !matrix.isEmpty, columns > 0 else { return }
        let finite = matrix.flatMap { $0 }.filter { $0.isFinite }
        let low = finite.min() ?? 0, high = finite.max() ?? 0
        // Leave room on the right for the colour bar.
        let plotRight = area.right - 60
        let cellWidth = (plotRight - area.left) / Double(columns)
        let cellHeight = area.height / Double(matrix.count)
        for (row, values) in matrix.enumerated() {
            for (column, value) in values.enumerated() {
                writer.rect(area.left + Double(column) * cellWidth, area.top + Double(row) * cellHeight,
                            cellWidth, cellHeight, fill: grayFill(value, low: low, high: high))
            }
        }
        let xTicks = integerTicks(count: columns).map {
            (area.left + (Double($0) + 0.5) * cellWidth, formatNumber(Double($0)))
        }
        let yTicks = integerTicks(count: matrix.count).map {
            (area.top + (Double($0) + 0.5) * cellHeight, formatNumber(Double($0)))
        }
        for tick in xTicks {
            writer.text(tick.0, area.bottom + 18, tick.1, anchor: "middle", size: 11)
        }
        for tick in yTicks {
            writer.text(area.left - 8, tick.0 + 4, tick.1, anchor: "end", size: 11)
        }
        let steps = 10
        let barHeight = area.height / Double(steps)
        for step in 0..<steps {
            let value = high - (high - low) * (Double(step) + 0.5) / Double(steps)
            writer.rect(plotRight + 20, area.top + Double(step) * barHeight, 15, barHeight,
                        fill: grayFill(value, low: low, high: high))
        }
        writer.text(plotRight + 40, area.top + 10, formatNumber(high), size: 11)
        writer.text(plotRight + 40, area.bottom, formatNumber(low), size: 11)
    }
}

/// A gray level for `value`: white at `low`, black at `high`; NaN is a light red.
func grayFill(_ value: Double, low: Double, high: Double) -> String {
    guard value.isFinite else { return "#f4cccc" }
    let fraction = high > low ? (value - low) / (high - low) : 0.5
    let level = max(0, min(255, screenIndex((1 - fraction) * 255)))
    let digits = Array("0123456789abcdef")
    let hex = String([digits[level / 16], digits[level % 16]])
    return "#" + hex + hex + hex
}
