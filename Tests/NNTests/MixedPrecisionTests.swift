import Testing
@testable import NN
import TensorCore

@Suite struct MixedPrecisionTests {
    private func data() throws -> Dataset {
        try Dataset(features: try Tensor.randn([64, 8], seed: 1), targets: Tensor((0..<64).map { Float($0 % 3) }), classCount: 3)
    }

    private func train(_ precision: MixedPrecision?, epochs: Int = 3) throws -> (Sequential, [EpochStats]) {
        let model = try mlp([8, 16, 3], seed: 2)
        let history = try fit(model, loss: .crossEntropy, optimizer: try Adam(model.parameters, learningRate: 0.01),
                              data: try data(), epochs: epochs, batchSize: 16, seed: 5, precision: precision)
        return (model, history)
    }

    @Test func halfPrecisionTrainsCloseToFP32AndKeepsFP32Masters() throws {
        let (fp32, reference) = try train(nil)
        for format in HalfFormat.allCases {
            let precision = try MixedPrecision(format: format)
            let (model, history) = try train(precision)
            #expect(precision.skippedSteps == 0)
            #expect(abs(history.last!.loss - reference.last!.loss) < 0.05, "\(format)")
            // The masters are FP32: after training some weight is not representable in 16 bits.
            let weights = model.parameters.flatMap { $0.value.scalars }
            #expect(weights.contains { format.round($0) != $0 })
            #expect(weights != fp32.parameters.flatMap { $0.value.scalars })
        }
    }

    @Test func anOverflowSkipsTheStepAndHalvesTheScale() throws {
        // 2^20 times an ordinary gradient passes FP16's 65504.
        let precision = try MixedPrecision(format: .fp16, scale: 0x1p20, growthInterval: 2)
        let (model, _) = try train(precision, epochs: 4)
        let steps = precision.steps
        #expect(steps.count == 16)
        #expect(steps[0].overflow && steps[0].scale == 0x1p20 && steps[1].scale == 0x1p19)
        #expect(precision.skippedSteps >= 1 && precision.skippedSteps < 12)
        // After the overflows, the scale settles and grows again after 2 clean steps.
        let firstClean = try #require(steps.firstIndex { !$0.overflow })
        if firstClean + 2 < steps.count, !steps[firstClean + 1].overflow {
            #expect(steps[firstClean + 2].scale == steps[firstClean].scale * 2)
        }
        #expect(model.parameters.allSatisfy { $0.value.scalars.allSatisfy(\.isFinite) })
    }

    @Test func scalingRescuesGradientsFP16WouldFlushToZero() throws {
        // A tiny loss weight makes every gradient ~1e-9, under FP16's smallest subnormal 6e-8.
        let model = try mlp([8, 16, 3], seed: 2)
        let tiny = Loss(name: "tiny", isClassification: false) { out, y in try Loss.crossEntropy(out, y) * Float(1e-8) }
        func underflow(_ scale: Float) throws -> Float {
            let precision = try MixedPrecision(format: .fp16, scale: scale, dynamic: false)
            let copy = try model.copy()
            _ = try fit(copy, loss: tiny, optimizer: try SGD(copy.parameters, learningRate: 0), data: try data(),
                        epochs: 1, batchSize: 64, precision: precision)
            return precision.steps[0].underflow
        }
        #expect(try underflow(1) > 0.9)
        #expect(try underflow(0x1p20) < 0.05)
        #expect(throws: NNError.self) { try MixedPrecision(scale: 3) }
        #expect(throws: NNError.self) { try MixedPrecision(growthInterval: 0) }
    }

    @Test func theLossScaleReachesDataParallelWorkersAndPipelineStages() throws {
        func run(workers: Int = 1, accumulation: Int = 1, stages: Int = 0) throws -> ([Float], [MixedPrecision.Step]) {
            let model = try mlp([8, 16, 16, 3], seed: 2)
            let precision = try MixedPrecision(format: .fp16, scale: 0x1p20, growthInterval: 3)
            let pipeline = stages > 0 ? try PipelineParallel(model: model, stages: stages, microBatches: 2) : nil
            _ = try fit(model, loss: .crossEntropy, optimizer: try Adam(model.parameters, learningRate: 0.01), data: try data(),
                        epochs: 2, batchSize: 16, seed: 5, workers: workers, accumulation: accumulation,
                        pipeline: pipeline, precision: precision)
            return (model.parameters.flatMap { $0.value.scalars }, precision.steps)
        }
        let accumulated = try run(accumulation: 2)
        #expect(accumulated.1.contains { $0.overflow }, "2^20 overflows at first")
        let parallel = try run(workers: 2)
        let piped = try run(stages: 2)
        #expect(parallel.0 == accumulated.0 && parallel.1 == accumulated.1)
        #expect(piped.0 == accumulated.0 && piped.1 == accumulated.1)
    }
}
