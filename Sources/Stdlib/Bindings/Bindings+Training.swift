import Compression
import Interpreter
import NN
import TensorCore

/// Training, evaluating and predicting.
enum TrainingBindings {
    static func install(in session: Session) {
        session.interpreter.define("train", doc: """
            Trains the model in place with cross-entropy; returns the history, one {epoch, loss, accuracy} per epoch \
            (training-set numbers). Pruned weights stay zero: masks are re-applied after every step. workers > 1 splits \
            every batch over that many threads, each with a copy of the model, and sums their gradients weighted by shard \
            size in a fixed order (data parallelism); accumulate > 1 computes the shards one wave after another \
            (gradient accumulation). Both give the full batch's gradient up to rounding.
            """, params: trainingParams) { args in
            let module = try Bridge.modelToChange(try args["model"], for: "train")
            let data = try Bridge.dataset(try args["data"], for: "train")
            let options = try TrainingOptions(args)
            let optimizer = try options.optimizer(module.parameters)
            let history = try fit(module, loss: .crossEntropy, optimizer: optimizer, data: data, epochs: options.epochs,
                                  batchSize: options.batch, seed: options.seed,
                                  workers: try args.int("workers"), accumulation: try args.int("accumulate"))
            return historyValue(history)
        }
        session.interpreter.define("evaluate", doc: "{loss, accuracy} of the model on a dataset (cross-entropy, evaluation mode).",
                              params: [NativeParam("model"), NativeParam("data")]) { args in
            let result = try NN.evaluate(try Bridge.model(try args["model"], for: "evaluate"), data: try Bridge.dataset(try args["data"], for: "evaluate"))
            return Bridge.record([("loss", Bridge.number(result.loss)), ("accuracy", result.accuracy.map(Bridge.number) ?? .nil)])
        }
        session.interpreter.define("accuracy", doc: "The fraction of samples whose largest logit is the right class.",
                              params: [NativeParam("model"), NativeParam("data")]) { args in
            let result = try NN.evaluate(try Bridge.model(try args["model"], for: "accuracy"), data: try Bridge.dataset(try args["data"], for: "accuracy"))
            return Bridge.number(result.accuracy ?? 0)
        }
        session.interpreter.define("predict", doc: "The model's output (logits) for inputs x [N, F], without gradients.",
                              params: [NativeParam("model"), NativeParam("x")]) { args in
            let module = try Bridge.model(try args["model"], for: "predict")
            let x = try Convert.tensor(try args["x"], for: "predict")
            if let inputs = ModelValue.inputFeatures(module), x.rank != 2 || x.shape[1] != inputs {
                throw RuntimeError("predict: expect inputs of shape [N, \(inputs)], got \(x.shape)")
            }
            return .native(TensorValue(try NN.predict(module, x)))
        }
    }

    /// A training history as the language sees it: one {epoch, loss, accuracy} per epoch.
    static func historyValue(_ history: [EpochStats]) -> Value {
        .list(ListBox(history.map { stats in
            Bridge.record([("epoch", .number(Double(stats.epoch))), ("loss", Bridge.number(stats.loss)),
                           ("accuracy", stats.accuracy.map(Bridge.number) ?? .nil)])
        }))
    }

    /// The parameters `train` and `distill` share, after their first ones.
    static let optimizerParams: [NativeParam] = [
        .int("epochs", default: 10, atLeast: 0), .number("lr", default: 0.01, above: 0), .int("batch", default: 32, atLeast: 1),
        .choice("optimizer", ["adam", "adamw", "sgd"], default: "adam"), .number("momentum", default: 0, in: 0...1),
        .number("weight_decay", default: 0, atLeast: 0), .int("seed", default: 0, atLeast: 0),
    ]
    /// train's own: data-parallel workers (threads, each a copy of the model computing a shard of
    /// every batch) and gradient-accumulation waves.
    static let trainingParams = [NativeParam("model"), NativeParam("data")] + optimizerParams
        + [.int("workers", default: 1, in: 1...16), .int("accumulate", default: 1, in: 1...64)]
}

/// Epochs, learning rate, batch size, optimizer and seed, read by name.
struct TrainingOptions {
    let epochs: Int, batch: Int, seed: UInt64
    let lr: Float, momentum: Float, weightDecay: Float
    let optimizerName: String

    /// Reads `optimizerParams` (their declarations already checked ranges and choices).
    init(_ args: Arguments) throws {
        epochs = try args.int("epochs")
        batch = try args.int("batch")
        lr = Float(try args.number("lr"))
        momentum = Float(try args.number("momentum"))
        weightDecay = Float(try args.number("weight_decay"))
        seed = UInt64(try args.int("seed"))
        optimizerName = try args.string("optimizer")
    }

    func optimizer(_ parameters: [NN.Parameter]) throws -> any Optimizer {
        switch optimizerName {
        case "adamw": return try AdamW(parameters, learningRate: lr, weightDecay: weightDecay)
        case "sgd": return try SGD(parameters, learningRate: lr, momentum: momentum, weightDecay: weightDecay)
        default: return try Adam(parameters, learningRate: lr, weightDecay: weightDecay)
        }
    }
}
