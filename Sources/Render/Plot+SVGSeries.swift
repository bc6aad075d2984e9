// SVG line and scatter plots with several series. Each series has a colour, a marker
// shape and (for lines) a dash pattern (SeriesStyle), so the chart still reads when
// printed in grayscale or seen without colour vision; the legend shows all three.

extension Plot {
    /// Minimum distance between two markers on one line, in pixels: sparse sweeps get
    /// every point marked, dense curves a marker every ~20 px (first and last always).
    static let svgMarkerSpacing = 20.0

    /// Draws each series (its runs of finite points, already in pixels) with its style: one
    /// line per run, so a NaN leaves a gap.
    func drawMarkedSeries(_ series: [[[(x: Double, y: Double)]]], connect: Bool, into writer: inout SVGWriter) {
        for (index, runs) in series.enumerated() {
            let color = SVGWriter.color(index)
            let points = runs.flatMap { $0 }
            if connect {
                for run in runs { writer.polyline(run, stroke: color, dash: SeriesStyle.dashPattern(index)) }
            }
            for point in connect ? Self.thinnedForMarkers(points) : points {
                writer.marker(SeriesStyle.shape(index), point.x, point.y, color: color)
            }
        }
    }

    /// The points of a line that get a marker: the first, the last, and each one at
    /// least `svgMarkerSpacing` from the previous marker.
    static func thinnedForMarkers(_ points: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
        guard let first = points.first, let last = points.last else { return [] }
        var kept = [first]
        var previous = first
        for point in points.dropFirst() {
            let dx = point.x - previous.x, dy = point.y - previous.y
            if (dx * dx + dy * dy).squareRoot() >= svgMarkerSpacing {
                kept.append(point)
                previous = point
            }
        }
        if points.count > 1, let end = kept.last, end.x != last.x || end.y != last.y {
            kept.append(last)
        }
        return kept
    }

    /// A boxed legend in the top-right corner of the plotting area: a sample of each
    /// series' line (dash and marker) or its marker alone, then its name.
    func drawMarkedLegend(_ names: [String], connect: Bool, area: Area, into writer: inout SVGWriter) {
        let rowHeight = 18.0, swatch = 28.0, padding = 8.0
        // SVG text cannot be measured without a font; 6.6 px per column is about the
        // advance of a 12 px sans-serif font, and a Hangul syllable counts 2 columns.
        let labels = names.enumerated().map { index, name in name.isEmpty ? "series \(index + 1)" : name }
        let textWidth = Double(labels.map(displayWidth).max() ?? 0) * 6.6
        let boxWidth = padding + swatch + 6 + textWidth + padding
        let left = max(area.left + 6, area.right - 6 - boxWidth)
        let top = area.top + 6
        writer.rect(left, top, boxWidth, padding + rowHeight * Double(labels.count), fill: "white",
                    stroke: "#cccccc", fillOpacity: 0.85)
        for (index, label) in labels.enumerated() {
            let y = top + padding / 2 + rowHeight * (Double(index) + 0.5)
            let color = SVGWriter.color(index)
            if connect {
                writer.polyline([(x: left + padding, y: y), (x: left + padding + swatch, y: y)], stroke: color,
                                dash: SeriesStyle.dashPattern(index))
            }
            writer.marker(SeriesStyle.shape(index), left + padding + swatch / 2, y, color: color)
            writer.text(left + padding + swatch + 6, y + 4, label, size: 12)
        }
    }
}
