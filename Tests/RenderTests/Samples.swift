// Deterministic sample display values shared by the golden and structural tests.
@testable import Render

enum Samples {
    /// Compression techniques compared, with Korean names and a note containing a pipe.
    static let koreanTable = Table(
        headers: ["기법", "압축률", "정확도 (%)", "비고"],
        rows: [
            [.text("양자화"), .number(4), .number(75.31), .text("INT8, per-channel")],
            [.text("가지치기"), .number(2.5), .number(74.9), .text("50% | 비구조적")],
            [.text("지식 증류"), .number(6.25), .number(73.024), .text("T=4, α=0.7")],
            [.text("LoRA"), .number(1e-3), .number(76), .text("r=8")],
        ],
        title: "압축 기법 비교")

    /// Hinton et al.'s knowledge-distillation loss.
    static let distillation = Equation(
        tex: #"\mathcal{L} = (1-\alpha)\,\mathcal{L}_{CE}(y, \sigma(z_s)) + \alpha T^2 \, \mathrm{KL}\left(\sigma(z_t/T) \,\|\, \sigma(z_s/T)\right)"#)

    /// Two loss curves: 1/(1 + 0.3k) and 0.9 × 0.85^k, computed without libm.
    static let lossCurves: Plot = {
        let steps = (0..<40).map(Double.init)
        var decay = 0.9
        var second: [Double] = []
        for _ in steps {
            second.append(decay)
            decay *= 0.85
        }
        return Plot.line([Series(name: "FP32", x: steps, y: steps.map { 1 / (1 + 0.3 * $0) }),
                          Series(name: "INT4 + 증류", x: steps, y: second)],
                         title: "학습 손실", xLabel: "epoch", yLabel: "loss")
    }()

    /// A linear congruential generator (Numerical Recipes constants) for fixed data.
    static func uniforms(count: Int, seed: UInt32) -> [Double] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return Double(state) / 4_294_967_296
        }
    }

    /// Points scattered around y = 2x.
    static let scatter: Plot = {
        let xs = uniforms(count: 60, seed: 7).map { $0 * 10 }
        let noise = uniforms(count: 60, seed: 11)
        let ys = zip(xs, noise).map { 2 * $0 + 4 * ($1 - 0.5) }
        return Plot.scatter([Series(name: "", x: xs, y: ys)], title: "weight vs. gradient",
                            xLabel: "|w|", yLabel: "|g|")
    }()

    /// Model sizes in MB with Korean labels.
    static let sizes = Plot.bar(labels: ["FP32 원본", "INT8 양자화", "50% 가지치기", "지식 증류 (학생)"],
                                values: [98.4, 24.6, 49.2, 11.3], title: "모델 크기", xLabel: "MB")

    /// A bell-shaped sample (the sum of four uniforms), in 16 bins.
    static let weights: Plot = {
        let u = uniforms(count: 4000, seed: 42)
        let values = stride(from: 0, to: u.count, by: 4).map { (start: Int) -> Double in
            let sum: Double = u[start] + u[start + 1] + u[start + 2] + u[start + 3]
            return sum - 2
        }
        // Sixteen bins is a valid count, so this cannot throw.
        let histogram = (try? Histogram.bins(values, count: 16)) ?? Histogram(edges: [0, 1], counts: [0])
        return Plot(.histogram(histogram), title: "가중치 분포", xLabel: "value", yLabel: "count")
    }()

    /// A 2:4 structured-sparsity mask (two of every four weights kept) over 8 × 16 weights,
    /// with kept weights shown by magnitude.
    static let mask: Plot = {
        let magnitudes = uniforms(count: 128, seed: 3)
        let matrix = (0..<8).map { row -> [Double] in
            let values = Array(magnitudes[(row * 16)..<(row * 16 + 16)])
            var kept = Array(repeating: 0.0, count: 16)
            for group in 0..<4 {
                let slice = (group * 4)..<(group * 4 + 4)
                let largest = slice.sorted { values[$0] > values[$1] }.prefix(2)
                for index in largest {
                    kept[index] = values[index]
                }
            }
            return kept
        }
        return Plot.heatmap(matrix, title: "2:4 희소 마스크", xLabel: "input", yLabel: "output")
    }()

    static let log = TextBlock("epoch 1: loss 0.6931\nepoch 2: loss 0.4055\n```nested fence```")
}
