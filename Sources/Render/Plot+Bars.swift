// Bar charts (horizontal, so that long and Korean labels read naturally) and
// histograms (vertical columns), drawn with eighth-block characters.

/// Eighth blocks growing rightwards (index = eighths filled).
private let horizontalBlocks: [String] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
/// Eighth blocks growing upwards.
private let verticalBlocks: [String] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

extension Plot {
    func renderBars(labels: [String], values: [Double], width: Int, color: Bool) -> [String] {
        let count = min(labels.count, values.count)
        guard count > 0 else { return ["(no data)"] }
        let shownLabels = labels.prefix(count).map { truncate(flattenLines($0), toWidth: 24) }
        let shownValues = values.prefix(count).map { $0.isFinite ? $0 : 0 }
        let valueTexts = values.prefix(count).map { formatNumber($0) }
        let labelWidth = shownLabels.reduce(0) { max($0, displayWidth($1)) }
        let valueWidth = valueTexts.reduce(0) { max($0, displayWidth($1)) }
        let ticks = niceTicks(low: min(0, shownValues.min() ?? 0), high: max(0, shownValues.max() ?? 0))
        let low = ticks.first ?? 0, high = ticks.last ?? 1
        let area = max(10, min(50, width - labelWidth - valueWidth - 4))
        func cells(_ value: Double) -> Double {
            (value - low) / (high - low) * Double(area)
        }
        let zero = max(0, screenIndex(cells(0)))
        let paint = color ? ANSI.seriesColor(0) : ""
        let reset = color ? ANSI.reset : ""
        var lines: [String] = []
        if let yLabel {
            lines.append(yLabel)
        }
        for index in 0..<count {
            let value = shownValues[index]
            var bar: String
            if value >= 0 {
                let eighths = max(0, screenIndex((cells(value) - Double(zero)) * 8))
                let partial = eighths % 8 == 0 ? "" : horizontalBlocks[eighths % 8]
                bar = String(repeating: " ", count: zero) + paint
                    + String(repeating: "█", count: eighths / 8) + partial + reset
            } else {
                let length = max(0, screenIndex(Double(zero) - cells(value)))
                bar = String(repeating: " ", count: max(0, zero - length)) + paint
                    + String(repeating: "█", count: min(length, zero)) + reset
            }
            let barWidth = displayWidth(stripANSI(bar))
            lines.append(pad(shownLabels[index], toWidth: labelWidth) + " " + (color ? ANSI.dim : "") + "│" + reset
                         + bar + String(repeating: " ", count: max(0, area - barWidth)) + " " + valueTexts[index])
        }
        let frame = PlotFrame(
            yTicks: [],
            xTicks: ticks.map { (column: min(area - 1, screenIndex(cells($0))), label: formatNumber($0)) },
            xLabel: xLabel, yLabel: nil)
        // The frame supplies the axis and tick labels only; the rows are drawn above.
        let axis = frame.compose(canvas: [], plotWidth: area, color: color)
        lines += axis.map { String(repeating: " ", count: labelWidth) + $0 }
        return lines
    }

    func renderHistogram(_ histogram: Histogram, width: Int, color: Bool) -> [String] {
        let counts = histogram.counts
        guard !counts.isEmpty, let first = histogram.edges.first, let last = histogram.edges.last else {
            return ["(no data)"]
        }
        let yTicks = niceTicks(low: 0, high: Double(max(1, counts.max() ?? 1)),
                               maxCount: max(3, height / 2 + 1))
        let top = yTicks.last ?? 1
        let yLabels = yTicks.map { formatNumber($0) }
        let margin = yLabels.reduce(0) { max($0, displayWidth($1)) }
        let available = max(10, min(Self.maxCanvasWidth, width - margin - 2))
        let columnsPerBin = max(1, min(8, available / counts.count))
        let plotWidth = columnsPerBin * counts.count
        let paint = color ? ANSI.seriesColor(0) : ""
        let reset = color ? ANSI.reset : ""
        let heights = counts.map { screenIndex(Double($0) / top * Double(height) * 8) }
        let canvas = (0..<height).map { row -> String in
            let floor = (height - 1 - row) * 8
            let text = heights.map { eighths -> String in
                let level = max(0, min(8, eighths - floor))
                return String(repeating: verticalBlocks[level], count: columnsPerBin)
            }.joined()
            return paint + text + reset
        }
        let xTicks = niceTicks(low: first, high: last).filter { $0 >= first && $0 <= last }
        let frame = PlotFrame(
            yTicks: zip(yTicks, yLabels).map { tick, label in
                (row: height - screenIndex(tick / top * Double(height)), label: label)
            },
            xTicks: xTicks.map { tick in
                let column = screenIndex((tick - first) / (last - first) * Double(plotWidth))
                return (column: min(plotWidth - 1, column), label: formatNumber(tick))
            },
            xLabel: xLabel, yLabel: yLabel)
        return frame.compose(canvas: canvas, plotWidth: plotWidth, color: color)
    }
}

/// `s` without ANSI escape sequences (ESC [ ... letter), for measuring coloured text.
func stripANSI(_ s: String) -> String {
    var result = ""
    var inEscape = false
    for character in s {
        if inEscape {
            if character.isLetter {
                inEscape = false
            }
        } else if character == "\u{1B}" {
            inEscape = true
        } else {
            result.append(character)
        }
    }
    return result
}
