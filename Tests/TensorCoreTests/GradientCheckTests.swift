import Testing
@testable import TensorCore

/// Checks analytic gradients against central finite differences of L = Σ f(x) ⊙ R (R random),
/// so every output element takes part. eps = 1e-2 keeps Float32 rounding error (~1e-7·|L|/eps)
/// and truncation error (~eps²) both near 1e-4, far below the tolerance, while a wrong rule is
/// off by O(1).
func checkGradients(_ inputs: [Tensor], eps: Float = 1e-2, tolerance: Float = 1e-2,
                    sourceLocation: SourceLocation = #_sourceLocation,
                    _ f: ([Variable]) throws -> Variable) throws {
    let variables = inputs.map { Variable($0, requiresGrad: true) }
    let output = try f(variables)
    var rng = WhittleRandom(seed: 99)
    let weights = try Tensor.randn(output.shape, using: &rng)
    let loss = try (output * weights).sum()
    try loss.backward()
    func lossValue(_ values: [Tensor]) throws -> Double {
        let out = try f(values.map { Variable($0) }).value
        return Double(try (out * weights).sum().item())
    }
    for (k, input) in inputs.enumerated() {
        let analytic = try #require(variables[k].grad, "input \(k) got no gradient", sourceLocation: sourceLocation)
        #expect(analytic.shape == input.shape, sourceLocation: sourceLocation)
        let a = analytic.scalars
        let base = input.contiguous().scalars
        for i in 0..<base.count {
            var plus = base, minus = base
            plus[i] += eps
            minus[i] -= eps
            var args = inputs, args2 = inputs
            args[k] = try Tensor(shape: input.shape, scalars: plus)
            args2[k] = try Tensor(shape: input.shape, scalars: minus)
            let numeric = Float((try lossValue(args) - lossValue(args2)) / Double(2 * eps))
            let scale = Swift.max(1, Swift.abs(numeric), Swift.abs(a[i]))
            #expect(Swift.abs(numeric - a[i]) <= tolerance * scale,
                    "input \(k) element \(i): analytic \(a[i]) vs numeric \(numeric)", sourceLocation: sourceLocation)
        }
    }
}

@Suite struct GradientCheckTests {
    func randn(_ shape: [Int], _ seed: UInt64) throws -> Tensor { try Tensor.randn(shape, seed: seed) }

    @Test func addAndSubBroadcast() throws {
        try checkGradients([randn([3, 4], 1), randn([4], 2)]) { v in try v[0] + v[1] }
        try checkGradients([randn([3, 1], 1), randn([1, 4], 2)]) { v in try v[0] - v[1] }
    }

    @Test func mulAndDivBroadcast() throws {
        try checkGradients([randn([2, 3], 3), randn([3], 4)]) { v in try v[0] * v[1] }
        let denominator = try randn([2, 1], 5).abs() + 1
        try checkGradients([randn([2, 3], 6), denominator]) { v in try v[0] / v[1] }
    }

    @Test func negAndPow() throws {
        try checkGradients([randn([5], 7)]) { v in -v[0] }
        try checkGradients([randn([5], 8).abs() + 0.5]) { v in v[0].pow(1.7) }
        try checkGradients([randn([5], 9)]) { v in v[0].pow(3) }
    }

    @Test func expLogTanh() throws {
        try checkGradients([randn([6], 10)]) { v in v[0].exp() }
        try checkGradients([randn([6], 11).abs() + 0.5]) { v in v[0].log() }
        try checkGradients([randn([6], 12)]) { v in v[0].tanh() }
    }

    @Test func reluAndMaximumAwayFromKinks() throws {
        let x = Tensor([-1.5, -0.3, 0.4, 2.0])
        try checkGradients([x]) { v in v[0].relu() }
        try checkGradients([x, Tensor([0.5, -1, 1, 1])]) { v in try v[0].maximum(v[1]) }
    }

    @Test func matmul2DAndBatched() throws {
        try checkGradients([randn([3, 4], 13), randn([4, 2], 14)]) { v in try v[0].matmul(v[1]) }
        try checkGradients([randn([2, 3, 4], 15), randn([4, 2], 16)]) { v in try v[0].matmul(v[1]) }
        try checkGradients([randn([3, 4], 17), randn([2, 4], 18)]) { v in try v[0].matmul(v[1].transposed()) }
    }

    @Test func sumMeanVariance() throws {
        try checkGradients([randn([2, 3, 4], 19)]) { v in try v[0].sum(axes: [1]) }
        try checkGradients([randn([2, 3, 4], 20)]) { v in try v[0].sum(axes: [0, 2], keepDims: true) }
        try checkGradients([randn([2, 3], 21)]) { v in try v[0].mean() }
        try checkGradients([randn([2, 5], 22)]) { v in try v[0].variance(axes: [1]) }
    }

    @Test func shapeOps() throws {
        try checkGradients([randn([2, 6], 23)]) { v in try v[0].reshaped([3, 4]) }
        try checkGradients([randn([2, 3, 4], 24)]) { v in try v[0].permuted([2, 0, 1]) }
        try checkGradients([randn([3, 1], 25)]) { v in try v[0].broadcast(to: [2, 3, 4]) }
        try checkGradients([randn([4, 7], 26)]) { v in try v[0].slice(axis: 1, start: 5, end: 0, step: -2) }
    }

    @Test func gatherIndexSelectConcat() throws {
        let idx = try Tensor(shape: [3, 2], scalars: [0, 2, 1, 1, 3, 0])
        try checkGradients([randn([3, 4], 27)]) { v in try v[0].gather(axis: 1, indices: idx) }
        try checkGradients([randn([4, 3], 28)]) { v in try v[0].indexSelect(axis: 0, indices: Tensor([2, 0, 2])) }
        try checkGradients([randn([2, 3], 29), randn([2, 2], 30)]) { v in try Variable.concatenate(v, axis: 1) }
    }

    @Test func compositeActivations() throws {
        try checkGradients([randn([7], 31)]) { v in try v[0].sigmoid() }
        try checkGradients([randn([7], 32)]) { v in try v[0].gelu() }
        try checkGradients([randn([3, 5], 33)]) { v in try v[0].softmax(axis: 1) }
        try checkGradients([randn([3, 5], 34)]) { v in try v[0].logSoftmax(axis: 0) }
    }

    @Test func layerNormWithAffine() throws {
        try checkGradients([randn([3, 6], 35), randn([6], 36), randn([6], 37)], tolerance: 2e-2) { v in
            try v[0].layerNorm(weight: v[1], bias: v[2])
        }
    }

    @Test func losses() throws {
        try checkGradients([randn([4, 3], 38), randn([4, 3], 39)]) { v in try Variable.mse(v[0], v[1]) }
        try checkGradients([randn([4, 5], 40)]) { v in
            try Variable.crossEntropy(logits: v[0], labels: Tensor([0, 4, 2, 2]))
        }
        let teacher = try randn([3, 5], 41)
        try checkGradients([randn([3, 5], 42)]) { v in
            try Variable.klDivergence(studentLogits: v[0], teacherLogits: teacher, temperature: 2)
        }
    }

    @Test func lossValuesMatchDefinitions() throws {
        // Cross-entropy of uniform logits over C classes is log C; KL of identical inputs is 0.
        let ce = try Variable.crossEntropy(logits: Variable(Tensor.zeros([2, 4])), labels: Tensor([1, 3]))
        #expect(Swift.abs(try ce.value.item() - Float(4).logValue) < 1e-6)
        let x = try randn([2, 4], 43)
        let kl = try Variable.klDivergence(studentLogits: Variable(x), teacherLogits: x, temperature: 3)
        #expect(Swift.abs(try kl.value.item()) < 1e-6)
    }

    @Test func backwardAccumulatesAndRejectsNonScalar() throws {
        let w = Variable(Tensor([1, 2, 3]), requiresGrad: true)
        let y = try (w * w).sum()
        try y.backward()
        try y.backward()
        #expect(w.grad?.scalars == [4, 8, 12])
        #expect(throws: TensorError.self) { try (w * w).backward() }
    }
}

extension Float {
    var logValue: Float { Float(Foundation.log(Double(self))) }
}
import Foundation
