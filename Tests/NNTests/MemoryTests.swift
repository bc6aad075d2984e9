import Foundation
import Testing
@testable import NN
import TensorCore

@Suite struct MemoryTests {
    // Made once, outside the measured forward passes (the allocator would count them).
    private let ids = try! Tensor(shape: [2, 6], scalars: [1, 4, 2, 9, 0, 3, 3, 12, 5, 7, 1, 2])
    private let g = try! Tensor.randn([2, 6, 13], seed: 9)

    private func gptLoss(_ gpt: GPT) throws -> Variable {
        try (try gpt(ids) * g).sum()
    }

    @Test func checkpointingKeepsTheGradientsAndDropsTheActivations() throws {
        let config = GPTConfig(vocabularySize: 13, context: 16, width: 16, heads: 2, layers: 3, positions: .rotary, tiedHead: true)
        let plain = try GPT(config: config, seed: 1)
        let recomputed = try #require(try plain.copy() as? GPT)
        recomputed.checkpointActivations = true
        // Another thread allocating and freeing tensors meanwhile must not disturb the count
        // (the test runner runs other suites in parallel too).
        let noise = AllocationNoise()
        noise.start()
        let a = try plain.measureTrainingStep { try gptLoss(plain) }
        let b = try recomputed.measureTrainingStep { try gptLoss(recomputed) }
        noise.stop()
        for ((name, p), (_, q)) in zip(plain.namedParameters(), recomputed.namedParameters()) {
            let x = try #require(p.grad).scalars, y = try #require(q.grad).scalars
            #expect(zip(x, y).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($0)) }, "\(name)")
        }
        #expect(b.activations < a.activations / 2, "\(b.activations) vs \(a.activations)")
        // The graph walk agrees with what the allocator holds, and so does the saving.
        // The graph walk counts each buffer once, so it never passes what the allocator holds; the
        // rest is constants a forward pass makes (masks, rotary tables), tiny beside a real model's
        // activations. The saving checkpointing buys is the same by both counts.
        for m in [a, b] { #expect(m.activations <= m.allocated && Double(m.activations) > 0.7 * Double(m.allocated)) }
        let saving = Double(a.activations - b.activations), held = Double(a.allocated - b.allocated)
        #expect(abs(saving / held - 1) < 0.05, "meter \(saving) vs allocator \(held)")
        #expect(a.gradients == 4 * plain.parameterCount && a.optimizerState == 8 * plain.parameterCount)
        #expect(a.weights == b.weights && a.peak == a.weights + a.activations + a.gradients + a.optimizerState)
    }

    @Test func checkpointedSegmentsGiveInputAndWeightGradients() throws {
        let layer = try Linear(3, 2, seed: 4)
        let x = Variable(try Tensor.randn([5, 3], seed: 1), requiresGrad: true)
        let y = try checkpointed(x, parameters: layer.parameters) { try layer($0).tanh() }
        try y.sum().backward()
        let dx = try #require(x.grad).scalars, dw = try #require(layer.weight.grad).scalars
        layer.zeroGrad()
        let x2 = Variable(x.value, requiresGrad: true)
        try (try layer(x2).tanh()).sum().backward()
        #expect(dx == x2.grad?.scalars && dw == layer.weight.grad?.scalars)
        // With an input that needs no gradient the weights still get theirs.
        layer.zeroGrad()
        try (try checkpointed(Variable(x.value), parameters: layer.parameters) { try layer($0) }).sum().backward()
        #expect(layer.weight.grad != nil)
    }
}

/// A thread that keeps allocating and freeing tensors until stopped.
private final class AllocationNoise: @unchecked Sendable {
    private let lock = NSLock()
    private var running = true
    private let done = DispatchSemaphore(value: 0)
    private let started = DispatchSemaphore(value: 0)

    /// Returns once the thread has allocated, so the measurement overlaps its work.
    func start() {
        Thread {
            var held: [Tensor] = []
            var first = true
            while self.isRunning {
                held.append((try? Tensor.zeros([4096])) ?? Tensor(0))
                if held.count > 8 { held.removeFirst(4) }
                if first { first = false; self.started.signal() }
            }
            self.done.signal()
        }.start()
        started.wait()
    }

    private var isRunning: Bool { lock.lock(); defer { lock.unlock() }; return running }

    func stop() {
        lock.lock(); running = false; lock.unlock()
        done.wait()
    }
}
