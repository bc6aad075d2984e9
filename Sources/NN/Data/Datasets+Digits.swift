// An 8×8 handwritten-style digits set in the spirit of sklearn's load_digits, drawn from
// hand-designed glyphs so that it is small, deterministic and needs no download.
import TensorCore

extension Datasets {
    /// The glyphs of 0–9 as 8×8 string art ('#' ink, '.' paper), drawn in rows 1–6 and columns 1–6 so
    /// that a one-pixel shift never pushes ink off the grid.
    static let digitGlyphs: [[String]] = [
        ["........", "..####..", ".#....#.", ".#....#.", ".#....#.", ".#....#.", "..####..", "........"],
        ["........", "...##...", "..###...", "...##...", "...##...", "...##...", "..####..", "........"],
        ["........", "..####..", ".#....#.", ".....#..", "...##...", "..#.....", ".######.", "........"],
        ["........", ".#####..", "......#.", "..####..", "......#.", "......#.", ".#####..", "........"],
        ["........", "....##..", "...#.#..", "..#..#..", ".######.", ".....#..", ".....#..", "........"],
        ["........", ".######.", ".#......", ".#####..", "......#.", "......#.", ".#####..", "........"],
        ["........", "..####..", ".#......", ".#####..", ".#....#.", ".#....#.", "..####..", "........"],
        ["........", ".######.", "......#.", ".....#..", "....#...", "...#....", "...#....", "........"],
        ["........", "..####..", ".#....#.", "..####..", ".#....#.", ".#....#.", "..####..", "........"],
        ["........", "..####..", ".#....#.", ".#....#.", "..#####.", "......#.", "..####..", "........"],
    ]

    /// The clean template of `digit` as an [8, 8] tensor of 0s and 1s.
    public static func digitTemplate(_ digit: Int) throws -> Tensor {
        guard (0...9).contains(digit) else { throw NNError.argument("digits: no template for \(digit); use 0 to 9") }
        let pixels = digitGlyphs[digit].flatMap { row in row.map { $0 == "#" ? Float(1) : 0 } }
        return try Tensor(shape: [8, 8], scalars: pixels)
    }

    /// 8×8 digits flattened to 64 features in [0, 1], ten classes, labels cycling 0, 1, …, 9.
    /// Each sample takes its class glyph, shifts it by dx, dy ∈ {−1, 0, 1}, scales the ink by a
    /// stroke intensity uniform in [0.5, 1], adds N(0, noise²) to every pixel and clamps to [0, 1].
    /// - Parameters:
    ///   - n: number of samples.
    ///   - noise: standard deviation of the pixel noise.
    public static func digits(n: Int = 1000, noise: Float = 0.2, seed: UInt64 = 0) throws -> Dataset {
        guard n >= 1, noise >= 0 else { throw NNError.argument("digits: needs n ≥ 1 and noise ≥ 0") }
        let templates = try (0...9).map { try digitTemplate($0).scalars }
        var rng = WhittleRandom(seed: seed)
        var pixels = [Float](repeating: 0, count: n * 64)
        var labels: [Float] = []
        for s in 0..<n {
            let digit = s % 10
            let dx = rng.int(in: -1..<2), dy = rng.int(in: -1..<2)
            let intensity = 0.5 + 0.5 * rng.uniform()
            for row in 0..<8 {
                for col in 0..<8 {
                    let (r, c) = (row - dy, col - dx)  // source pixel of the shifted glyph
                    let ink = (0..<8).contains(r) && (0..<8).contains(c) ? templates[digit][r * 8 + c] : 0
                    let value = ink * intensity + noise * rng.normal()
                    pixels[s * 64 + row * 8 + col] = min(max(value, 0), 1)
                }
            }
            labels.append(Float(digit))
        }
        return try Dataset(features: Tensor(shape: [n, 64], scalars: pixels), targets: Tensor(labels), classCount: 10)
    }
}
