// Marker shapes for SVG plots with several series. Open shapes (circle, square) are
// filled white so a line running through them does not hide their outline; solid
// shapes (triangles, diamond) and strokes (cross, plus, asterisk) take the series colour.

extension SVGWriter {
    /// Half the width of a marker, in pixels.
    static let markerRadius = 4.0

    /// Draws `shape` centred on (x, y) in `color`.
    mutating func marker(_ shape: SeriesStyle.Shape, _ x: Double, _ y: Double, color: String) {
        let r = Self.markerRadius
        // The strokes of a cross or a plus are drawn at 0.85 r so that they look as
        // large as a circle of radius r (a diagonal reaches further than a radius).
        let d = r * 0.85
        let cross = [(x: x - d, y: y - d), (x: x + d, y: y + d), (x: x - d, y: y + d), (x: x + d, y: y - d)]
        let plus = [(x: x - r, y: y), (x: x + r, y: y), (x: x, y: y - r), (x: x, y: y + r)]
        switch shape {
        case .circle:
            circle(x, y, radius: r * 0.85, fill: "white", stroke: color)
        case .cross:
            path(cross, color: color, closed: false)
        case .plus:
            path(plus, color: color, closed: false)
        case .asterisk:
            path(cross + plus, color: color, closed: false)
        case .square:
            let side = r * 1.5
            rect(x - side / 2, y - side / 2, side, side, fill: "white", stroke: color)
        case .triangle:
            path([(x: x, y: y - r), (x: x + r, y: y + r * 0.8), (x: x - r, y: y + r * 0.8)], color: color,
                 closed: true)
        case .diamond:
            path([(x: x, y: y - r), (x: x + r, y: y), (x: x, y: y + r), (x: x - r, y: y)], color: color,
                 closed: true)
        case .triangleDown:
            path([(x: x, y: y + r), (x: x + r, y: y - r * 0.8), (x: x - r, y: y - r * 0.8)], color: color,
                 closed: true)
        }
    }
}
