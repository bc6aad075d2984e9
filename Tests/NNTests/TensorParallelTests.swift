import Testing
@testable import NN
import TensorCore

@Suite struct TensorParallelTests {
    @Test func columnAndRowSplitsComputeTheWholeLayer() throws {
        let layer = try Linear(12, 10, seed: 3)
        let x = try Tensor.randn([5, 12], seed: 4)
        let whole = try layer(x).value.scalars
        for devices in [1, 2, 3, 4] {
            let column = try TensorParallelLinear(layer, devices: devices, split: .column)
            let row = try TensorParallelLinear(layer, devices: devices, split: .row)
            for (a, b) in zip(try column(x).value.scalars, whole) { #expect(abs(a - b) < 1e-6) }
            for (a, b) in zip(try row(x).value.scalars, whole) { #expect(abs(a - b) < 1e-5) }
            let p = devices
            #expect(column.lastCommunication == .init(collective: "all-gather", valuesPerDevice: (p - 1) * 5 * 10 / p))
            #expect(row.lastCommunication == .init(collective: "all-reduce", valuesPerDevice: 2 * ((p - 1) * 5 * 10 / p)))
            #expect(try column.gathered().weight.value.scalars == layer.weight.value.scalars)
            #expect(try row.gathered().weight.value.scalars == layer.weight.value.scalars)
        }
        #expect(throws: NNError.self) { try TensorParallelLinear(layer, devices: 11, split: .column) }
        #expect(throws: NNError.self) { try TensorParallelLinear(layer, devices: 0, split: .row) }
    }

    @Test func gradientsReachEveryShard() throws {
        let layer = try Linear(6, 4, seed: 1)
        let split = try TensorParallelLinear(layer, devices: 2, split: .row)
        let x = Variable(try Tensor.randn([3, 6], seed: 2), requiresGrad: true)
        try split(x).sum().backward()
        let reference = Variable(x.value, requiresGrad: true)
        try layer(reference).sum().backward()
        for (a, b) in zip(try #require(x.grad).scalars, try #require(reference.grad).scalars) { #expect(abs(a - b) < 1e-5) }
        let shardGrads = try split.shards.map { try #require($0.weight.grad) }
        let joined = try Tensor.concatenate(shardGrads, axis: 1).scalars
        for (a, b) in zip(joined, try #require(layer.weight.grad).scalars) { #expect(abs(a - b) < 1e-5) }
    }
}
