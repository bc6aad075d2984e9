// Reproducible training of the tiny arithmetic models in models/ (direct vs scratchpad answers).
// Everything is seeded: problem stream, initialisation, batch order. AdamW with linear warm-up
// and cosine decay, gradient clipping at 1, loss on the completion tokens only.
//
// Reproduce the committed checkpoints (one command, release build, ~minutes on 1 core):
//   bash scripts/train-lm-arithmetic.sh
import Foundation
import NN
import TensorCore

/// Training and evaluation of the chain-of-thought arithmetic models.
public enum LMTraining {
    /// A trained model with how it was made.
    public struct ArithmeticModel {
        public var model: GPTModel
        public var format: Arithmetic.Format
        /// Training loss every 50 steps (mean over those steps).
        public var lossCurve: [Float]
        /// Settings and results, written next to the checkpoint as `<name>.json`.
        public var manifest: [String: String]
    }

    /// Mixture-of-experts MLPs for a model trained from scratch: `count` experts of width
    /// ratio·width in every block.
    public struct ExpertLayout {
        public var count: Int
        public var ratio: Int
        public var routing: RoutingConfig
        public init(count: Int, ratio: Int, routing: RoutingConfig) {
            self.count = count
            self.ratio = ratio
            self.routing = routing
        }
    }

    /// The default model: 2 layers, width 64, 4 heads, rotary positions, tied head, context 80.
    public static let arithmeticConfig = GPTConfig(vocabularySize: Arithmetic.alphabet.count, context: 80, width: 64,
                                                   heads: 4, layers: 2, mlpRatio: 4, positions: .rotary, tiedHead: true)

    /// A batch of random additions: prompt + completion rows, right-padded with "\n", shifted into
    /// inputs and next-token targets, with weight 1 on the completion's tokens only.
    static func arithmeticBatch(format: Arithmetic.Format, digits: ClosedRange<Int>, size: Int, context: Int,
                                rng: inout WhittleRandom) throws -> (inputs: [[Int]], targets: [[Int]], weights: [[Float]]) {
        let tokenizer = Arithmetic.tokenizer
        var rows: [[Int]] = [], masks: [[Float]] = []
        for _ in 0..<size {
            let problem = Arithmetic.problem(digitsIn: digits, rng: &rng)
            let prompt = try tokenizer.encode(problem.prompt), completion = try tokenizer.encode(problem.completion(format))
            rows.append(prompt + completion)
            masks.append([Float](repeating: 0, count: prompt.count - 1) + [Float](repeating: 1, count: completion.count))
        }
        let t = (rows.map(\.count).max() ?? 2) - 1
        guard t < context else {
            throw LMError.argument("train: examples of \(t + 1) tokens exceed the context \(context)")
        }
        let pad = try tokenizer.encode("\n")[0]
        let inputs = rows.map { Array(($0 + [Int](repeating: pad, count: t + 1 - $0.count)).prefix(t)) }
        let targets = rows.map { Array(($0 + [Int](repeating: pad, count: t + 1 - $0.count)).dropFirst().prefix(t)) }
        let weights = masks.map { Array(($0 + [Float](repeating: 0, count: t + 1 - $0.count)).prefix(t)) }
        return (inputs, targets, weights)
    }

    /// Trains a model on random additions of `digits`-digit operands in `format`.
    /// - Parameters:
    ///   - outputDirectory: when given, writes `<name>.safetensors` and `<name>.json` there.
    ///   - name: file name stem (default `arith-<format>`).
    ///   - progress: called every 50 steps with (step, mean loss).
    public static func trainArithmetic(format: Arithmetic.Format, digits: ClosedRange<Int> = 1...3, steps: Int = 1500,
                                       batchSize: Int = 32, learningRate: Float = 3e-3,
                                       config: GPTConfig = arithmeticConfig, seed: UInt64 = 0,
                                       experts: ExpertLayout? = nil,
                                       outputDirectory: URL? = nil, name: String? = nil,
                                       progress: ((Int, Float) -> Void)? = nil) throws -> ArithmeticModel {
        guard steps >= 1, batchSize >= 1, digits.lowerBound >= 1 else {
            throw LMError.argument("train: steps, batch size and digits must be ≥ 1")
        }
        guard config.vocabularySize == Arithmetic.tokenizer.vocabularySize else {
            throw LMError.config("train: the config's vocabulary (\(config.vocabularySize)) must be the arithmetic alphabet's \(Arithmetic.tokenizer.vocabularySize)")
        }
        let network = try GPTModel.random(config: config, seed: seed, initialization: .gpt2).network
        if let experts {
            try network.useExperts(count: experts.count, ratio: experts.ratio, routing: experts.routing, seed: seed &+ 2)
        }
        let curve = try fit(network, format: format, digits: digits, steps: steps, batchSize: batchSize,
                            learningRate: learningRate, seed: seed, task: "train_arithmetic", every: 50, progress: progress)
        let model = GPTModel(network: network)
        let warmup = min(100, steps / 10)
        let name = name ?? "arith-\(format.rawValue)"
        let manifest: [String: String] = [
            "name": name, "format": format.rawValue, "digits": "\(digits.lowerBound)...\(digits.upperBound)",
            "steps": "\(steps)", "batch_size": "\(batchSize)", "learning_rate": "\(learningRate)", "seed": "\(seed)",
            "optimizer": "AdamW(weight decay 0.01), warm-up \(warmup) steps, cosine to 10%, clip 1.0",
            "parameters": "\(network.parameterCount)", "final_loss": String(format: "%.4f", curve.last ?? .nan),
            "alphabet": Arithmetic.alphabet.debugDescription,
            "made_by": "LMTraining.trainArithmetic(format: .\(format.rawValue), digits: \(digits.lowerBound)...\(digits.upperBound), steps: \(steps), batchSize: \(batchSize), learningRate: \(learningRate), seed: \(seed)) — scripts/train-lm-arithmetic.sh",
        ]
        if let dir = outputDirectory {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try model.save(to: dir.appendingPathComponent(name + ".safetensors"), metadata: ["format": format.rawValue])
            let json = try JSONSerialization.data(withJSONObject: manifest.merging(["loss_curve_every_50": curve.map { String(format: "%.4f", $0) }.joined(separator: " ")]) { a, _ in a },
                                                  options: [.prettyPrinted, .sortedKeys])
            try json.write(to: dir.appendingPathComponent(name + ".json"), options: .atomic)
        }
        return ArithmeticModel(model: model, format: format, lossCurve: curve, manifest: manifest)
    }

    /// Fine-tunes `network` in place on random additions in `format` — the parameters that are
    /// not frozen, so the same call does full fine-tuning, LoRA, adapters or a head alone,
    /// depending on what the caller froze and added. Same recipe as `trainArithmetic`.
    /// - Returns: the mean loss every `every` steps.
    /// - Throws: when nothing is trainable, or for sizes below 1.
    public static func fineTuneArithmetic(_ network: GPT, format: Arithmetic.Format, digits: ClosedRange<Int> = 1...3,
                                          steps: Int = 300, batchSize: Int = 32, learningRate: Float = 3e-3,
                                          seed: UInt64 = 0, every: Int = 25) throws -> [Float] {
        guard steps >= 1, batchSize >= 1, digits.lowerBound >= 1, every >= 1 else {
            throw LMError.argument("finetune: steps, batch size, digits and every must be ≥ 1")
        }
        guard network.config.vocabularySize == Arithmetic.tokenizer.vocabularySize else {
            throw LMError.config("finetune: the model's vocabulary (\(network.config.vocabularySize)) is not the arithmetic alphabet's \(Arithmetic.tokenizer.vocabularySize)")
        }
        return try fit(network, format: format, digits: digits, steps: steps, batchSize: batchSize,
                       learningRate: learningRate, seed: seed, task: "finetune", every: every, progress: nil)
    }

    /// The training loop both share: AdamW (decay 0.01) over the trainable parameters, linear
    /// warm-up over min(100, steps/10) steps then cosine decay to 10%, clipping at norm 1, loss on
    /// the answer tokens. Returns the mean loss every `every` steps.
    static func fit(_ network: GPT, format: Arithmetic.Format, digits: ClosedRange<Int>, steps: Int, batchSize: Int,
                    learningRate: Float, seed: UInt64, task: String, every: Int,
                    progress: ((Int, Float) -> Void)?) throws -> [Float] {
        let trainable = network.parameters.filter(\.requiresGrad)
        guard !trainable.isEmpty else { throw LMError.argument("\(task): every parameter is frozen; nothing would train") }
        let optimizer = try AdamW(trainable, learningRate: learningRate, weightDecay: 0.01)
        var rng = WhittleRandom(seed: seed &+ 1)
        var curve = LossCurve(every: every)
        let warmup = min(100, steps / 10)
        let wasTraining = network.isTraining
        network.train()
        defer {
            if !wasTraining { network.eval() }
            Progress.report(task, done: steps, total: steps)
        }
        for step in 0..<steps {
            try Cancellation.check()
            Progress.report(task, done: step, total: steps)
            let (inputs, targets, weights) = try arithmeticBatch(format: format, digits: digits, size: batchSize,
                                                                 context: network.config.context, rng: &rng)
            let progressFraction = Double(step - warmup) / Double(max(1, steps - warmup))
            optimizer.learningRate = step < warmup ? learningRate * Float(step + 1) / Float(warmup)
                : learningRate * Float(0.1 + 0.45 * (1 + cos(Double.pi * progressFraction)))
            optimizer.zeroGrad()
            let loss = try NextTokenLoss.loss(network, inputs: inputs, targets: targets, weights: weights)
            try network.addingAuxiliaryLoss(to: loss).backward()  // + experts' routing losses, if any
            try clipGradNorm(trainable, maxNorm: 1)
            try optimizer.step()
            if let mean = curve.add(try loss.value.item(), isLast: step == steps - 1) { progress?(step + 1, mean) }
        }
        return curve.points
    }

    /// The memory of one training step of `network` on a batch of `batchSize` random additions
    /// in `format`, with or without activation checkpointing (the setting is restored).
    public static func measureStep(_ network: GPT, format: Arithmetic.Format, batchSize: Int, checkpoint: Bool,
                                   optimizer: TrainingMemory.OptimizerKind = .adam, seed: UInt64 = 0) throws -> StepMemory {
        guard batchSize >= 1 else { throw LMError.argument("memory: the batch must have at least one example") }
        var rng = WhittleRandom(seed: seed)
        let (inputs, targets, weights) = try arithmeticBatch(format: format, digits: 1...3, size: batchSize,
                                                             context: network.config.context, rng: &rng)
        let previous = network.checkpointActivations
        network.checkpointActivations = checkpoint
        defer {
            network.checkpointActivations = previous
            network.zeroGrad()
        }
        return try network.measureTrainingStep(optimizer: optimizer) {
            try NextTokenLoss.loss(network, inputs: inputs, targets: targets, weights: weights)
        }
    }
}
