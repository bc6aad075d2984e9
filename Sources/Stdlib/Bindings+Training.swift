import Compression
import Interpreter
import NN
import TensorCore

/// Training, evaluating and predicting.
enum TrainingBindings {
    static func install(in session: Session) {
        session.interpreter.define("train", doc: """
            train(model, data, epochs: 10, lr: 0.01, batch: 32, optimizer: "adam", momentum: 0, weight_decay: 0, seed: 0) — \
            trains the model in place with cross-entropy; returns the history, one {epoch, loss, accuracy} per epoch \
            (training-set numbers). Pruned weights stay zero: masks are re-applied after every step.
            """, params: trainingParams) { args in
            let module = try Bridge.modelToChange(args[0], for: "train")
            let data = try Bridge.dataset(args[1], for: "train")
            let options = try TrainingOptions(args, for: "train")
            let optimizer = try options.optimizer(module.parameters, for: "train")
            let history = try fit(module, loss: .crossEntropy, optimizer: optimizer, data: data, epochs: options.epochs,
                                  batchSize: options.batch, seed: options.seed)
            return .list(ListBox(history.map { stats in
                Bridge.record([("epoch", .number(Double(stats.epoch))), ("loss", Bridge.number(stats.loss)),
                               ("accuracy", stats.accuracy.map(Bridge.number) ?? .nil)])
            }))
        }
        session.interpreter.define("evaluate", doc: "evaluate(model, data) — {loss, accuracy} of the model on a dataset (cross-entropy, evaluation mode).",
                              params: [NativeParam("model"), NativeParam("data")]) { args in
            let result = try NN.evaluate(try Bridge.model(args[0], for: "evaluate"), data: try Bridge.dataset(args[1], for: "evaluate"))
            return Bridge.record([("loss", Bridge.number(result.loss)), ("accuracy", result.accuracy.map(Bridge.number) ?? .nil)])
        }
        session.interpreter.define("accuracy", doc: "accuracy(model, data) — the fraction of samples whose largest logit is the right class.",
                              params: [NativeParam("model"), NativeParam("data")]) { args in
            let result = try NN.evaluate(try Bridge.model(args[0], for: "accuracy"), data: try Bridge.dataset(args[1], for: "accuracy"))
            return Bridge.number(result.accuracy ?? 0)
        }
        session.interpreter.define("predict", doc: "predict(model, x) — the model's output (logits) for inputs x [N, F], without gradients.",
                              params: [NativeParam("model"), NativeParam("x")]) { args in
            let module = try Bridge.model(args[0], for: "predict")
            let x = try Convert.tensor(args[1], for: "predict")
            if let inputs = ModelValue.inputFeatures(module), x.rank != 2 || x.shape[1] != inputs {
                throw RuntimeError("predict: expect inputs of shape [N, \(inputs)], got \(x.shape)")
            }
            return .native(TensorValue(try NN.predict(module, x)))
        }
    }

    /// The parameters `train` and `distill` share, after their first ones.
    static let optimizerParams: [NativeParam] = [
        NativeParam("epochs", default: 10), NativeParam("lr", default: 0.01), NativeParam("batch", default: 32),
        NativeParam("optimizer", default: "adam"), NativeParam("momentum", default: 0), NativeParam("weight_decay", default: 0),
        NativeParam("seed", default: 0),
    ]
    static let trainingParams = [NativeParam("model"), NativeParam("data")] + optimizerParams
}

/// Epochs, learning rate, batch size, optimizer and seed, read by name.
struct TrainingOptions {
    let epochs: Int, batch: Int, seed: UInt64
    let lr: Float, momentum: Float, weightDecay: Float
    let optimizerName: String

    init(_ args: Arguments, for function: String) throws {
        epochs = try Convert.int(args.named("epochs"), for: function, name: "epochs")
        batch = try Convert.int(args.named("batch"), for: function, name: "batch")
        lr = Float(try Convert.number(args.named("lr"), for: function, name: "lr"))
        momentum = Float(try Convert.number(args.named("momentum"), for: function, name: "momentum"))
        weightDecay = Float(try Convert.number(args.named("weight_decay"), for: function, name: "weight_decay"))
        let s = try Convert.int(args.named("seed"), for: function, name: "seed")
        guard epochs >= 0, batch >= 1, s >= 0, lr > 0 else {
            throw RuntimeError("\(function): expect epochs ≥ 0, batch ≥ 1, lr > 0 and seed ≥ 0")
        }
        seed = UInt64(s)
        guard case .string(let name) = args.named("optimizer") else {
            throw RuntimeError("\(function): expect optimizer \"adam\", \"adamw\" or \"sgd\"")
        }
        optimizerName = name
    }

    func optimizer(_ parameters: [NN.Parameter], for function: String) throws -> any Optimizer {
        switch optimizerName {
        case "adam": return try Adam(parameters, learningRate: lr, weightDecay: weightDecay)
        case "adamw": return try AdamW(parameters, learningRate: lr, weightDecay: weightDecay)
        case "sgd": return try SGD(parameters, learningRate: lr, momentum: momentum, weightDecay: weightDecay)
        default: throw RuntimeError("\(function): expect optimizer \"adam\", \"adamw\" or \"sgd\", got \"\(optimizerName)\"")
        }
    }
}
