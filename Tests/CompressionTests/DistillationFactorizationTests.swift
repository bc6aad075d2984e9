import Foundation
import Testing
@testable import Compression
import NN
import TensorCore

extension SerializedModelTests {
@Suite struct DistillationFactorizationTests {
    @Test func kdLossAndGradientMatchNumpy() throws {
        let kd = try PruneFixture.load().kd
        let teacher = try Tensor(shape: [kd.n, kd.c], scalars: kd.teacher)
        for c in kd.cases {
            let s = Variable(try Tensor(shape: [kd.n, kd.c], scalars: kd.student), requiresGrad: true)
            let loss = try distillationLoss(studentLogits: s, teacherLogits: teacher, labels: Tensor(kd.labels),
                                            temperature: c.T, alpha: c.alpha)
            expectClose([try loss.value.item()], [c.loss], rtol: 1e-5, "KD loss T=\(c.T) α=\(c.alpha)")
            try loss.backward()
            expectClose(try #require(s.grad).scalars, c.grad, rtol: 1e-4, atol: 1e-6, "KD grad T=\(c.T)")
        }
    }

    @Test func kdGradientMatchesFiniteDifferences() throws {
        let kd = try PruneFixture.load().kd
        let teacher = try Tensor(shape: [kd.n, kd.c], scalars: kd.teacher)
        let labels = Tensor(kd.labels)
        func loss(_ z: [Float]) throws -> Double {
            Double(try distillationLoss(studentLogits: Variable(try Tensor(shape: [kd.n, kd.c], scalars: z)),
                                        teacherLogits: teacher, labels: labels, temperature: 3, alpha: 0.7).value.item())
        }
        let s = Variable(try Tensor(shape: [kd.n, kd.c], scalars: kd.student), requiresGrad: true)
        try distillationLoss(studentLogits: s, teacherLogits: teacher, labels: labels, temperature: 3, alpha: 0.7).backward()
        let g = try #require(s.grad).scalars
        let h: Float = 1e-2
        for i in stride(from: 0, to: kd.student.count, by: 3) {
            var plus = kd.student, minus = kd.student
            plus[i] += h; minus[i] -= h
            let numeric = (try loss(plus) - loss(minus)) / Double(2 * h)
            #expect(abs(numeric - Double(g[i])) < 2e-3, "element \(i): \(numeric) vs \(g[i])")
        }
        #expect(throws: CompressionError.self) {
            try distillationLoss(studentLogits: s, teacherLogits: teacher, labels: labels, alpha: 1.5)
        }
    }

    @Test func svdFactorizationFollowsEckartYoung() throws {
        let f = try PruneFixture.load().svd
        let linear = try Linear(9, 12, seed: 0)
        linear.weight.value = try Tensor(shape: [12, 9], scalars: f.w)
        expectClose(try factorize(linear, rank: 9).report.singularValues, f.s, rtol: 1e-4, atol: 1e-5, "singular values")
        let x = try Tensor.randn([4, 9], seed: 1)
        for r in [1, 4, 9] {
            let (model, report) = try factorize(linear, rank: r)
            expectClose([report.error], [f.tail[r - 1]], rtol: 1e-3, atol: 2e-4, "error at rank \(r)")
            #expect(report.factorizedParameters == r * (9 + 12) + 12)
            if r == 9 {
                expectClose(try predict(model, x).scalars, try predict(linear, x).scalars, rtol: 1e-4, atol: 1e-4, "full rank")
            }
        }
        #expect(throws: CompressionError.self) { try factorize(linear, rank: 10) }
    }

    @Test func csrSpmmMatchesDense() throws {
        var w = try Tensor.randn([16, 24], seed: 3)
        w = try w * (try Pruning.magnitudeMask(w, sparsity: 0.8))
        let csr = try CSRMatrix(w)
        #expect(csr.nonzeroCount == Int((16 * 24 * 0.2).rounded()))
        #expect(csr.bytes == csr.nonzeroCount * 8 + 17 * 4)
        let b = try Tensor.randn([24, 5], seed: 4)
        expectClose(try csr.spmm(b).scalars, try w.matmul(b).scalars, rtol: 1e-5, atol: 1e-5, "spmm")
        #expect(try csr.dense().scalars == w.scalars)
        #expect(throws: CompressionError.self) { try csr.spmm(try Tensor.randn([5, 5], seed: 0)) }
    }
}
}
