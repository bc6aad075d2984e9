// The axes drawn around a plot's text canvas: y tick labels on the left, an x axis
// with tick marks underneath, tick labels under it, and the axis labels.

struct PlotFrame {
    /// Tick labels on the y axis: `row` indexes the canvas rows (0 = top); `row ==
    /// canvas.count` puts the label on the x-axis line itself.
    var yTicks: [(row: Int, label: String)]
    /// Tick marks on the x axis at canvas columns.
    var xTicks: [(column: Int, label: String)]
    var xLabel: String?
    var yLabel: String?

    /// Frames `canvas` (rows of equal display width `plotWidth`).
    func compose(canvas: [String], plotWidth: Int, color: Bool) -> [String] {
        let margin = yTicks.reduce(0) { max($0, displayWidth($1.label)) }
        let dim = color ? ANSI.dim : ""
        let reset = color ? ANSI.reset : ""
        var labelByRow: [Int: String] = [:]
        for tick in yTicks where labelByRow[tick.row] == nil {
            labelByRow[tick.row] = tick.label
        }
        var lines: [String] = []
        if let yLabel {
            lines.append(yLabel)
        }
        for (row, text) in canvas.enumerated() {
            let label = labelByRow[row]
            let axis = label == nil ? "│" : "┤"
            lines.append(pad(label ?? "", toWidth: margin, alignment: .right) + " " + dim + axis + reset + text)
        }
        var axisLine = Array(repeating: "─", count: plotWidth)
        for tick in xTicks where tick.column >= 0 && tick.column < plotWidth {
            axisLine[tick.column] = "┬"
        }
        let corner = labelByRow[canvas.count] == nil ? "└" : "┼"
        lines.append(pad(labelByRow[canvas.count] ?? "", toWidth: margin, alignment: .right) + " "
                     + dim + corner + axisLine.joined() + reset)
        let indent = margin + 2
        lines.append(String(repeating: " ", count: indent) + xTickLabels(width: plotWidth))
        if let xLabel {
            let center = max(0, (plotWidth - displayWidth(xLabel)) / 2)
            lines.append(String(repeating: " ", count: indent + center) + xLabel)
        }
        return lines
    }

    /// Tick labels centred under their columns, left to right, skipping any that
    /// would touch the previous one.
    private func xTickLabels(width: Int) -> String {
        var text = ""
        var used = 0
        for tick in xTicks.sorted(by: { $0.column < $1.column }) {
            let labelWidth = displayWidth(tick.label)
            let start = max(0, tick.column - (labelWidth - 1) / 2)
            if start < used + (used == 0 ? 0 : 1) {
                continue
            }
            text += String(repeating: " ", count: start - used) + tick.label
            used = start + labelWidth
        }
        return text
    }
}
