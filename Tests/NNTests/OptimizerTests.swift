import Testing
import TensorCore
@testable import NN

/// Runs three steps of `optimizer` on a parameter with the fixture's gradients, checking each step.
func checkSteps(_ make: ([Parameter]) throws -> any Optimizer, expected key: String) throws {
    let parameter = Parameter(Fixture.tensor("optim", "p0"))
    let optimizer = try make([parameter])
    for (grad, want) in zip(Fixture.tensors("optim", "grads"), Fixture.tensors("optim", key)) {
        optimizer.zeroGrad()
        parameter.grad = grad
        try optimizer.step()
        #expect(maxDifference(parameter.value, want) < 1e-5, "\(key)")
    }
}

@Suite struct OptimizerTests {
    @Test func sgdMatchesPyTorchFormulas() throws {
        try checkSteps({ try SGD($0, learningRate: 0.1) }, expected: "sgd_plain")
        try checkSteps({ try SGD($0, learningRate: 0.1, momentum: 0.9, weightDecay: 0.01) }, expected: "sgd_momentum_wd")
    }

    @Test func adamAndAdamWMatchPyTorchFormulas() throws {
        try checkSteps({ try Adam($0, learningRate: 0.01, weightDecay: 0.1) }, expected: "adam_wd")
        try checkSteps({ try AdamW($0, learningRate: 0.01, weightDecay: 0.1) }, expected: "adamw")
    }

    @Test func maskKeepsPrunedWeightsAtZero() throws {
        let parameter = Parameter(try Tensor.ones([4]))
        parameter.mask = Tensor([1, 0, 1, 0])
        let optimizer = try Adam([parameter], learningRate: 0.1)
        for _ in 0..<3 {
            parameter.grad = Tensor([1, -1, 1, -1])
            try optimizer.step()
        }
        #expect(parameter.value[1] == 0 && parameter.value[3] == 0)
        #expect(parameter.value[0] < 1)
    }

    @Test func frozenParametersAreSkipped() throws {
        let parameter = Parameter(try Tensor.ones([2]), requiresGrad: false)
        parameter.grad = Tensor([1, 1])
        try SGD([parameter], learningRate: 1).step()
        #expect(parameter.value.scalars == [1, 1])
    }

    @Test func clipGradNormMatchesPyTorchFormula() throws {
        let grads = Fixture.tensors("optim", "grads")
        let parameters = grads.prefix(2).map { grad -> Parameter in
            let p = Parameter(try! Tensor.zeros(grad.shape))
            p.grad = grad
            return p
        }
        let total = try clipGradNorm(parameters, maxNorm: 1)
        #expect(abs(total - Fixture.number("optim", "clip_total")) < 1e-5)
        for (p, want) in zip(parameters, Fixture.tensors("optim", "clip_scaled")) {
            #expect(maxDifference(try #require(p.grad), want) < 1e-6)
        }
    }

    @Test func schedulesFollowTheirFormulas() {
        let cosine = LearningRateSchedule.cosine(totalSteps: 10, minimum: 0.1)
        #expect(cosine.rate(base: 1, at: 0) == 1)
        #expect(abs(cosine.rate(base: 1, at: 5) - 0.55) < 1e-6)
        #expect(abs(cosine.rate(base: 1, at: 10) - 0.1) < 1e-6)
        let step = LearningRateSchedule.step(every: 3, gamma: 0.5)
        #expect(step.rate(base: 1, at: 2) == 1 && step.rate(base: 1, at: 3) == 0.5 && step.rate(base: 1, at: 6) == 0.25)
    }

    @Test func threadsSplitALargeParameterWithoutChangingABit() throws {
        func run(_ make: ([Parameter]) throws -> any Optimizer, threads: Int) throws -> [Float] {
            let p = Parameter(try Tensor.randn([400, 300], seed: 1))
            let optimizer = try make([p])
            optimizer.threads = threads
            for step in 0..<3 {
                p.grad = try Tensor.randn([400, 300], seed: UInt64(20 + step)).transposed().contiguous().transposed()
                try optimizer.step()
            }
            return p.value.scalars
        }
        let adam: ([Parameter]) throws -> any Optimizer = { try Adam($0, learningRate: 0.01, weightDecay: 0.1) }
        let sgd: ([Parameter]) throws -> any Optimizer = { try SGD($0, learningRate: 0.1, momentum: 0.9) }
        for make in [adam, sgd] {
            let serial = try run(make, threads: 1)
            #expect(try run(make, threads: 2) == serial)
            #expect(try run(make, threads: 3) == serial)
        }
    }
}
