import Interpreter
import NN
import TensorCore

/// Parallel training and its memory: pipeline schedules and stages, tensor-parallel layers,
/// mixed precision.
enum ParallelismBindings {
    static func install(in session: Session) {
        let it = session.interpreter
        it.define("pipeline_schedule", doc: """
            A pipeline of `stages` stages and `micro` micro-batches run on an ideal machine where each forward pass takes \
            `forward` time units and each backward `backward`: {bubble, formula, makespan, in_flight, chart}. bubble is \
            the idle share of all stages' time, formula is (p − 1)/(m + p − 1), in_flight the most micro-batches each \
            stage holds activations for, chart one text row per stage (F3 = forward of micro-batch 3, · = idle; \
            `columns` wide, by default two per time unit). \
            schedule: "gpipe" (all forwards, then all backwards) or "1f1b" (PipeDream-Flush).
            """, params: [.int("stages", in: 1...64), .int("micro", in: 1...256), scheduleParam,
                          .number("forward", default: 1, above: 0), .number("backward", default: 2, above: 0),
                          .int("columns", default: .nil, in: 8...400)]) { args in
            let schedule = try PipelineSchedule(try kind(args), stages: try args.int("stages"), microBatches: try args.int("micro"))
            let (forward, backward) = (try args.number("forward"), try args.number("backward"))
            let timeline = schedule.simulate(forwardCost: forward, backwardCost: backward)
            // Two columns per time unit when the costs are whole units and that fits, so every
            // pass gets the same width; else 72.
            let units = timeline.makespan / min(forward, backward)
            let even = units == units.rounded() && forward == forward.rounded() && backward == backward.rounded() && units <= 200
            let columns = try args.isNil("columns") ? (even ? 2 * Int(units) : 72) : try args.int("columns")
            return timelineRecord(timeline, formula: schedule.idealBubble, bubble: timeline.bubble,
                                  extra: [("makespan", .number(timeline.makespan))], columns: columns)
        }
        it.define("train_pipeline", doc: """
            Trains an mlp in place with its layers cut into `stages` stages, each on its own thread, and every batch cut \
            into `micro` micro-batches that flow through them under `schedule` ("gpipe" or "1f1b"). The gradients equal \
            train(accumulate: micro) bit for bit. Returns {history, bubble, formula, predicted, durations, in_flight, \
            chart, stages}: bubble is the measured idle share of the median batch (wall-clock, so it varies from run to \
            run); formula is (p − 1)/(m + p − 1), exact for equal stages; predicted is the schedule's bubble with each \
            stage's measured mean pass times (the formula for the stages as they are); durations those times per stage \
            in the last batch; chart the last batch's passes as measured; stages the layers of each stage.
            """, params: [NativeParam("model"), NativeParam("data"), .int("stages", default: 2, in: 1...16),
                          .int("micro", default: 4, in: 1...256), scheduleParam] + TrainingBindings.optimizerParams) { args in
            let module = try Bridge.modelToChange(try args["model"], for: "train_pipeline")
            guard let sequential = module as? Sequential else {
                throw RuntimeError("train_pipeline: expect an mlp (a chain of layers to cut into stages), got \(module.summaryName)")
            }
            let data = try Bridge.dataset(try args["data"], for: "train_pipeline")
            let pipeline: PipelineParallel
            do {
                pipeline = try PipelineParallel(model: sequential, stages: try args.int("stages"), microBatches: try args.int("micro"),
                                                schedule: try kind(args))
            } catch let error as NNError { throw RuntimeError("train_pipeline: \(error.message)") }
            let options = try TrainingOptions(args)
            let history = try fit(sequential, loss: .crossEntropy, optimizer: try options.optimizer(sequential.parameters), data: data,
                                  epochs: options.epochs, batchSize: options.batch, seed: options.seed, pipeline: pipeline)
            // The median batch: a batch the operating system interrupted does not move it.
            func median(_ values: [Double]) -> Double {
                let sorted = values.sorted(), n = sorted.count
                return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
            }
            let formula = try PipelineSchedule(pipeline.kind, stages: pipeline.stages.count, microBatches: pipeline.microBatches).idealBubble
            let timeline = pipeline.lastTimeline ?? PipelineTimeline(stages: pipeline.stages.count, events: [])
            let stages = Value.list(ListBox(pipeline.stages.map { .string($0.layers.map(\.summaryName).joined(separator: ", ")) }))
            let durations = Value.list(ListBox(timeline.meanDurations.map {
                Bridge.record([("forward_ms", .number($0.forward * 1000)), ("backward_ms", .number($0.backward * 1000))])
            }))
            return timelineRecord(timeline, formula: formula, bubble: median(pipeline.measuredBubbles),
                                  extra: [("history", TrainingBindings.historyValue(history)), ("stages", stages),
                                          ("predicted", .number(median(pipeline.predictedBubbles))), ("durations", durations)],
                                  columns: 72)
        }
        it.define("tensor_parallel", doc: """
            Runs the model on x with its `layer`-th Linear layer (counting from 0) cut over `devices` threads — split: \
            "column" (each device a slice of the outputs, then an all-gather) or "row" (each a slice of the inputs, then \
            an all-reduce of partial sums) — and compares with the whole model: {layer, collective, values_per_device, \
            bytes_per_device, max_diff}. values_per_device is what each device sends over a ring: (p−1)/p·B·out for an \
            all-gather, twice that for an all-reduce. The model is not changed.
            """, params: [NativeParam("model"), NativeParam("x"), .int("layer", default: 0, atLeast: 0),
                          .int("devices", default: 2, in: 1...64), .choice("split", TensorParallelLinear.Split.allCases.map(\.rawValue), default: "column")]) { args in
            let module = try Bridge.model(try args["model"], for: "tensor_parallel")
            let x = try Convert.tensor(try args["x"], for: "tensor_parallel")
            let linears = module.namedModules().filter { $0.1 is Linear }
            let index = try args.int("layer")
            guard index < linears.count, let layer = linears[index].1 as? Linear else {
                throw RuntimeError("tensor_parallel: layer \(index) does not exist; the model has \(linears.count) Linear layers (0 to \(linears.count - 1))")
            }
            if let inputs = ModelValue.inputFeatures(module), x.rank != 2 || x.shape[1] != inputs {
                throw RuntimeError("tensor_parallel: expect x of shape [N, \(inputs)], got \(x.shape)")
            }
            let split: TensorParallelLinear
            do {
                split = try TensorParallelLinear(layer, devices: try args.int("devices"),
                                                 split: TensorParallelLinear.Split(rawValue: try args.string("split")) ?? .column)
            } catch let error as NNError { throw RuntimeError("tensor_parallel: \(error.message)") }
            let copy = try module.copy()
            try copy.setModule(at: linears[index].0, to: split)
            let whole = try NN.predict(module, x), parallel = try NN.predict(copy, x)
            let diff = try (whole - parallel).abs().max().item()
            let sent = split.lastCommunication
            return Bridge.record([("layer", .string(layer.summaryName)), ("collective", .string(sent?.collective ?? "none")),
                                  ("values_per_device", .number(Double(sent?.valuesPerDevice ?? 0))),
                                  ("bytes_per_device", .number(Double(sent?.bytesPerDevice ?? 0))), ("max_diff", Bridge.number(diff))])
        }
        it.define("train_mixed_precision", doc: """
            Trains the model in place with its weights and gradients stored in 16 bits (precision: "fp16" or "bf16") \
            over FP32 master weights, multiplying the loss by a scale S before backward (loss_scale; default 65536 for \
            fp16, 1 for bf16). A gradient that overflows 16 bits skips the step and halves S (dynamic: true); after \
            `growth` clean steps S doubles. Returns {history, steps, skipped, scale}: one {scale, overflow, underflow} \
            per step, where underflow is the share of non-zero gradients that 16 bits flushed to zero.
            """, params: [NativeParam("model"), NativeParam("data"), .choice("precision", HalfFormat.allCases.map(\.rawValue), default: "fp16"),
                          .number("loss_scale", default: .nil, above: 0), .bool("dynamic", default: true),
                          .int("growth", default: 2000, atLeast: 1)] + TrainingBindings.optimizerParams) { args in
            let module = try Bridge.modelToChange(try args["model"], for: "train_mixed_precision")
            let data = try Bridge.dataset(try args["data"], for: "train_mixed_precision")
            let precision: MixedPrecision
            do {
                precision = try MixedPrecision(format: HalfFormat(rawValue: try args.string("precision")) ?? .fp16,
                                               scale: try args.isNil("loss_scale") ? nil : Float(try args.number("loss_scale")),
                                               dynamic: try args.bool("dynamic"), growthInterval: try args.int("growth"))
            } catch let error as NNError { throw RuntimeError("train_mixed_precision: \(error.message)") }
            let options = try TrainingOptions(args)
            let history = try fit(module, loss: .crossEntropy, optimizer: try options.optimizer(module.parameters), data: data,
                                  epochs: options.epochs, batchSize: options.batch, seed: options.seed, precision: precision)
            let steps = precision.steps.map { step in
                Bridge.record([("scale", Bridge.number(step.scale)), ("overflow", .bool(step.overflow)),
                               ("underflow", Bridge.number(step.underflow))])
            }
            return Bridge.record([("history", TrainingBindings.historyValue(history)), ("steps", .list(ListBox(steps))),
                                  ("skipped", .number(Double(precision.skippedSteps))), ("scale", Bridge.number(precision.scale))])
        }
    }

    static let scheduleParam = NativeParam.choice("schedule", PipelineSchedule.Kind.allCases.map(\.rawValue), default: "1f1b")

    static func kind(_ args: Arguments) throws -> PipelineSchedule.Kind {
        PipelineSchedule.Kind(rawValue: try args.string("schedule")) ?? .oneFOneB
    }

    static func timelineRecord(_ timeline: PipelineTimeline, formula: Double, bubble: Double,
                               extra: [(String, Value)], columns: Int) -> Value {
        Bridge.record(extra + [("bubble", .number(bubble)), ("formula", .number(formula)),
                               ("in_flight", .list(ListBox(timeline.activationsInFlight.map { .number(Double($0)) }))),
                               ("chart", .string(timeline.chart(columns: columns)))])
    }
}
