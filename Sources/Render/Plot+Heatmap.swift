// Heatmaps (a pruning mask, an attention map, a weight matrix) as shade characters,
// with a colour bar that states the value range.

/// Shades from low to high.
private let shades: [Character] = [" ", "░", "▒", "▓", "█"]

extension Plot {
    /// The most rows shown; taller matrices are averaged down in row blocks.
    static let maxHeatmapRows = 40

    func renderHeatmap(_ matrix: [[Double]], width: Int, color: Bool) -> [String] {
        let columnCount = matrix.map { $0.count }.max() ?? 0
        guard !matrix.isEmpty, columnCount > 0 else { return ["(no data)"] }
        let rowTicks = integerTicks(count: matrix.count)
        let margin = rowTicks.map { displayWidth(formatNumber(Double($0))) }.max() ?? 1
        let available = max(10, min(Self.maxCanvasWidth, width - margin - 2))
        // Two characters per cell keep cells roughly square; fall back to one, then
        // average blocks of columns when even that does not fit.
        let cellWidth = 2 * columnCount <= available ? 2 : 1
        let columnBlock = (columnCount + available - 1) / available
        let rowBlock = (matrix.count + Self.maxHeatmapRows - 1) / Self.maxHeatmapRows
        let shown = blockAverage(matrix, columns: columnCount, rowBlock: rowBlock, columnBlock: columnBlock)
        let finite = matrix.flatMap { $0 }.filter { $0.isFinite }
        let low = finite.min() ?? 0
        let high = finite.max() ?? 0

        let canvas = shown.map { row in
            row.map { value -> String in
                let character = shade(value, low: low, high: high)
                let cell = String(repeating: String(character), count: cellWidth)
                guard color, let level = shades.firstIndex(of: character) else { return cell }
                return ANSI.heatColors[level] + cell + ANSI.reset
            }.joined()
        }
        let plotWidth = (shown.first?.count ?? 0) * cellWidth
        let frame = PlotFrame(
            yTicks: rowTicks.map { (row: $0 / rowBlock, label: formatNumber(Double($0))) },
            xTicks: integerTicks(count: columnCount).map { index in
                (column: (index / columnBlock) * cellWidth + (cellWidth - 1) / 2,
                 label: formatNumber(Double(index)))
            },
            xLabel: xLabel, yLabel: yLabel)
        var lines = frame.compose(canvas: canvas, plotWidth: plotWidth, color: color)
        let indent = String(repeating: " ", count: margin + 2)
        let ramp = color ? shades.indices.map { ANSI.heatColors[$0] + String(shades[$0]) + ANSI.reset }.joined()
            : String(shades)
        let colorBar: String = formatNumber(low) + " ▕" + ramp + "▏ " + formatNumber(high)
        lines.append(indent + colorBar)
        if rowBlock > 1 || columnBlock > 1 {
            lines.append(indent + "(averaged over \(rowBlock)×\(columnBlock) blocks)")
        }
        return lines
    }
}

/// The shade for `value` in [low, high]: five equal-width levels; "·" for NaN.
func shade(_ value: Double, low: Double, high: Double) -> Character {
    guard value.isFinite else { return "·" }
    guard high > low else { return "▒" }
    let level = screenIndex(((value - low) / (high - low) * Double(shades.count)).rounded(.down))
    return shades[max(0, min(shades.count - 1, level))]
}

/// Nice integer ticks over indices 0..<count, for labelling rows and columns.
func integerTicks(count: Int) -> [Int] {
    guard count > 1 else { return [0] }
    let ticks = niceTicks(low: 0, high: Double(count - 1), maxCount: 5)
    return ticks.filter { $0 == $0.rounded() && $0 >= 0 && $0 <= Double(count - 1) }.map { Int($0) }
}

/// Averages `matrix` over blocks of `rowBlock` × `columnBlock` cells (missing cells and
/// NaNs are left out of the mean).
func blockAverage(_ matrix: [[Double]], columns: Int, rowBlock: Int, columnBlock: Int) -> [[Double]] {
    if rowBlock == 1 && columnBlock == 1 {
        return matrix.map { $0 + Array(repeating: .nan, count: columns - $0.count) }
    }
    let outputRows = (matrix.count + rowBlock - 1) / rowBlock
    let outputColumns = (columns + columnBlock - 1) / columnBlock
    return (0..<outputRows).map { blockRow in
        (0..<outputColumns).map { blockColumn in
            var sum = 0.0
            var count = 0
            for row in (blockRow * rowBlock)..<min(matrix.count, (blockRow + 1) * rowBlock) {
                let values = matrix[row]
                for column in (blockColumn * columnBlock)..<min(values.count, (blockColumn + 1) * columnBlock)
                where values[column].isFinite {
                    sum += values[column]
                    count += 1
                }
            }
            return count == 0 ? .nan : sum / Double(count)
        }
    }
}
