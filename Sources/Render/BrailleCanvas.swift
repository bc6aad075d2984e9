// A canvas of Unicode braille cells (U+2800–U+28FF): each character cell holds a
// 2 × 4 grid of dots, so a text plot gets twice the horizontal and four times the
// vertical resolution of plain characters.

struct BrailleCanvas {
    let columns: Int
    let rows: Int
    private var cells: [UInt8]
    /// The series that last drew in each cell (-1: none), to colour the cell.
    private var owners: [Int]
    /// Characters that replace a cell outright (series markers, see MarkerLayer).
    private var labels: [Int: Character] = [:]

    /// Bit of dot (x, y) inside a cell, x in 0...1 and y in 0...3 from the top:
    /// the braille dot numbering 1-2-3-7 down the left column, 4-5-6-8 down the right.
    private static let dotBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    init(columns: Int, rows: Int) {
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        cells = Array(repeating: 0, count: self.columns * self.rows)
        owners = Array(repeating: -1, count: self.columns * self.rows)
    }

    var dotWidth: Int { columns * 2 }
    var dotHeight: Int { rows * 4 }

    /// Sets the dot at (x, y), y = 0 being the top; dots outside the canvas are ignored.
    mutating func set(x: Int, y: Int, series: Int) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cell = (y / 4) * columns + x / 2
        cells[cell] |= Self.dotBits[x % 2][y % 4]
        owners[cell] = series
    }

    /// Replaces a character cell by `character`, drawn in the colour of `series` (nil:
    /// uncoloured); cells outside the canvas are ignored.
    mutating func label(column: Int, row: Int, character: Character, series: Int?) {
        guard column >= 0, row >= 0, column < columns, row < rows else { return }
        let cell = row * columns + column
        labels[cell] = character
        owners[cell] = series ?? -1
    }

    /// Draws a straight line of dots between two dots (Bresenham's algorithm).
    mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), series: Int) {
        var x = start.x
        var y = start.y
        let dx = abs(end.x - start.x)
        let dy = -abs(end.y - start.y)
        let stepX = start.x < end.x ? 1 : -1
        let stepY = start.y < end.y ? 1 : -1
        var error = dx + dy
        while true {
            set(x: x, y: y, series: series)
            if x == end.x && y == end.y {
                break
            }
            let doubled = 2 * error
            if doubled >= dy {
                error += dy
                x += stepX
            }
            if doubled <= dx {
                error += dx
                y += stepY
            }
        }
    }

    /// The canvas as text rows, each exactly `columns` wide; empty cells are spaces.
    func render(color: Bool) -> [String] {
        (0..<rows).map { row in
            var text = ""
            for column in 0..<columns {
                let index = row * columns + column
                if let character = labels[index] {
                    text += color && owners[index] >= 0
                        ? ANSI.seriesColor(owners[index]) + String(character) + ANSI.reset
                        : String(character)
                    continue
                }
                guard cells[index] != 0,
                      let scalar = Unicode.Scalar(0x2800 + UInt32(cells[index])) else {
                    text.append(" ")
                    continue
                }
                if color && owners[index] >= 0 {
                    text += ANSI.seriesColor(owners[index]) + String(Character(scalar)) + ANSI.reset
                } else {
                    text.append(Character(scalar))
                }
            }
            return text
        }
    }
}
