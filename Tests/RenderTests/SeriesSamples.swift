// Multi-series line and scatter plots for the golden and marker tests: sparse and
// dense lines, overlapping starts, clusters, Hangul series names.
@testable import Render

extension Samples {
    /// The lecture's motivating plot: magnitude vs random pruning. Both series start at
    /// the same accuracy, so the first cell shows the overlap marker.
    static let accuracyVsSparsity: Plot = {
        let sparsity = (0..<10).map { Double($0) / 10 }
        let magnitude = [97.8, 97.8, 97.7, 97.6, 97.4, 97.0, 96.2, 94.5, 90.1, 78.3]
        let random = [97.8, 97.1, 96.0, 94.2, 91.5, 87.0, 80.2, 69.8, 52.4, 28.9]
        return Plot.line([Series(name: "magnitude", x: sparsity, y: magnitude),
                          Series(name: "random", x: sparsity, y: random)],
                         title: "accuracy vs sparsity", xLabel: "sparsity", yLabel: "accuracy (%)")
    }()

    /// Three dense loss curves (60 points each), so markers are thinned along them.
    static let threeLosses: Plot = {
        let steps = (0..<60).map(Double.init)
        func curve(_ floor: Double, _ rate: Double) -> [Double] {
            steps.map { floor + (1 - floor) / (1 + rate * $0) }
        }
        return Plot.line([Series(name: "FP32", x: steps, y: curve(0.05, 0.35)),
                          Series(name: "INT8", x: steps, y: curve(0.08, 0.3)),
                          Series(name: "INT4", x: steps, y: curve(0.2, 0.25))],
                         title: "loss by precision", xLabel: "step", yLabel: "loss")
    }()

    /// Points around `center`, a fixed pseudo-random cloud.
    static func cluster(_ name: String, center: (x: Double, y: Double), count: Int, seed: UInt32) -> Series {
        let dx = uniforms(count: count, seed: seed), dy = uniforms(count: count, seed: seed + 100)
        return Series(name: name, x: dx.map { center.x + 3 * ($0 - 0.5) },
                      y: dy.map { center.y + 3 * ($0 - 0.5) })
    }

    /// Two classes that touch in the middle.
    static let twoClusters = Plot.scatter([cluster("class 0", center: (x: 2, y: 2), count: 30, seed: 1),
                                           cluster("class 1", center: (x: 4, y: 3.5), count: 30, seed: 2)],
                                          title: "two classes", xLabel: "x₁", yLabel: "x₂")

    /// Three groups with Korean names.
    static let threeClusters = Plot.scatter([cluster("양자화", center: (x: 1, y: 1), count: 25, seed: 3),
                                             cluster("가지치기", center: (x: 5, y: 2), count: 25, seed: 4),
                                             cluster("지식 증류", center: (x: 3, y: 5), count: 25, seed: 5)],
                                            title: "압축 기법별 분포", xLabel: "크기 (MB)", yLabel: "오차")
}
