import Testing
@testable import NN
import TensorCore

@Suite struct PipelineTests {
    @Test func schedulesOrderPassesAsGPipeAndOneFOneB() throws {
        let gpipe = try PipelineSchedule(.gpipe, stages: 2, microBatches: 3)
        #expect(gpipe.ops[0] == [.forward(0), .forward(1), .forward(2), .backward(2), .backward(1), .backward(0)])
        let flush = try PipelineSchedule(.oneFOneB, stages: 3, microBatches: 4)
        #expect(flush.ops[0] == [.forward(0), .forward(1), .forward(2), .backward(0), .forward(3), .backward(1), .backward(2), .backward(3)])
        #expect(flush.ops[2] == [.forward(0), .backward(0), .forward(1), .backward(1), .forward(2), .backward(2), .forward(3), .backward(3)])
        #expect(throws: NNError.self) { try PipelineSchedule(.gpipe, stages: 0, microBatches: 2) }
    }

    @Test func simulatedBubbleIsTheFormulaAndOneFOneBHoldsFewerActivations() throws {
        for kind in PipelineSchedule.Kind.allCases {
            for (p, m) in [(1, 1), (2, 1), (2, 4), (4, 4), (4, 8), (3, 7)] {
                let schedule = try PipelineSchedule(kind, stages: p, microBatches: m)
                let timeline = schedule.simulate(forwardCost: 1, backwardCost: 2)
                #expect(abs(timeline.makespan - Double(3 * (m + p - 1))) < 1e-12, "\(kind) p=\(p) m=\(m)")
                #expect(abs(timeline.bubble - schedule.idealBubble) < 1e-12)
                let held = timeline.activationsInFlight
                #expect(held == (0..<p).map { kind == .gpipe ? m : min(m, p - $0) })
            }
        }
        // Unequal stages: the second takes twice as long; worked out by hand.
        let uneven = try PipelineSchedule(.gpipe, stages: 2, microBatches: 2).simulate { s, pass in
            Double(s + 1) * (pass == .forward ? 1 : 2)
        }
        #expect(uneven.makespan == 15 && abs(uneven.bubble - 0.4) < 1e-12)
        #expect(uneven.meanDurations.map(\.forward) == [1, 2] && uneven.meanDurations.map(\.backward) == [2, 4])
        let chart = try PipelineSchedule(.gpipe, stages: 2, microBatches: 2).simulate().chart(columns: 18)
        #expect(chart == "stage 0 |F0F1······B1==B0==|\nstage 1 |··F0F1B1==B0==····|")
    }

    @Test func balancedCutsMinimiseTheLargestStage() throws {
        // Linear, ReLU, Linear, ReLU, Linear, ReLU, Linear: activations join the layer before.
        let cuts = try PipelineParallel.balancedCuts([100, 0, 300, 0, 100, 0, 100], stages: 3)
        #expect(cuts == [0..<2, 2..<4, 4..<7])
        #expect(try PipelineParallel.balancedCuts([5, 0, 5], stages: 1) == [0..<3])
        #expect(throws: NNError.self) { try PipelineParallel.balancedCuts([5, 0, 5], stages: 3) }
    }

    private func data() throws -> Dataset {
        try Dataset(features: try Tensor.randn([90, 8], seed: 1), targets: Tensor((0..<90).map { Float($0 % 3) }), classCount: 3)
    }

    private func train(_ configure: (Sequential) throws -> (PipelineParallel?, Int)) throws -> ([[Float]], [EpochStats]) {
        let model = try mlp([8, 16, 16, 3], seed: 2)
        let (pipeline, accumulation) = try configure(model)
        let history = try fit(model, loss: .crossEntropy, optimizer: try Adam(model.parameters, learningRate: 0.01),
                              data: try data(), epochs: 2, batchSize: 32, seed: 5, accumulation: accumulation, pipeline: pipeline)
        return (model.parameters.map { $0.value.scalars }, history)
    }

    @Test func pipelinedTrainingEqualsGradientAccumulationBitForBit() throws {
        let accumulated = try train { _ in (nil, 4) }
        for kind in PipelineSchedule.Kind.allCases {
            for stages in [2, 3] {
                let piped = try train { model in
                    (try PipelineParallel(model: model, stages: stages, microBatches: 4, schedule: kind), 1)
                }
                #expect(piped.0 == accumulated.0, "\(kind), \(stages) stages")
                #expect(piped.1 == accumulated.1)
            }
        }
    }

    @Test func aPipelineRecordsEveryPassAndRefusesMisuse() throws {
        let model = try mlp([8, 16, 16, 3], seed: 2)
        let pipeline = try PipelineParallel(model: model, stages: 2, microBatches: 3, schedule: .gpipe)
        _ = try fit(model, loss: .crossEntropy, optimizer: try SGD(model.parameters, learningRate: 0.1), data: try data(),
                    epochs: 1, batchSize: 30, pipeline: pipeline)
        let timeline = try #require(pipeline.lastTimeline)
        #expect(timeline.events.count == 2 * 2 * 3)
        #expect(timeline.bubble >= 0 && timeline.bubble < 1)
        for e in timeline.events { #expect(e.end >= e.start) }
        let other = try mlp([8, 16, 3], seed: 1)
        #expect(throws: NNError.self) {
            try fit(other, loss: .crossEntropy, optimizer: try SGD(other.parameters, learningRate: 0.1), data: try data(),
                    epochs: 1, pipeline: pipeline)
        }
        #expect(throws: NNError.self) { try PipelineParallel(model: model, stages: 4, microBatches: 2) }
    }

    @Test func aFailingStageStopsEveryStageWithItsError() throws {
        let model = try mlp([8, 16, 16, 3], seed: 2)
        let pipeline = try PipelineParallel(model: model, stages: 3, microBatches: 2)
        // Targets out of range make the last stage's loss throw while the others wait on it.
        let bad = try Dataset(features: try Tensor.randn([8, 8], seed: 1), targets: Tensor([Float](repeating: 7, count: 8)), classCount: 8)
        #expect(throws: (any Error).self) {
            try fit(model, loss: .crossEntropy, optimizer: try SGD(model.parameters, learningRate: 0.1), data: bad,
                    epochs: 1, pipeline: pipeline)
        }
    }
}
