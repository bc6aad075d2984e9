// The GRPO loop for the arithmetic models: sample G completions per prompt from the current
// policy (the fast decoder), score them, compute group-relative advantages, then take μ gradient
// steps on the clipped objective with the KL to a frozen copy of the starting model.
import Foundation
import NN
import TensorCore

/// Settings of a GRPO run.
public struct GRPOConfig {
    /// G: completions per prompt.
    public var groupSize = 8
    /// Prompts per step.
    public var prompts = 8
    public var steps = 50
    public var learningRate: Float = 1e-4
    /// ε of the clipped ratio.
    public var clip: Float = 0.2
    /// β of the KL penalty (0: none; the KL to the starting model is still logged).
    public var beta: Float = 0.04
    /// μ: gradient steps on each batch of samples.
    public var innerIterations = 1
    public var normalization: GRPONormalization = .sequence
    /// Divide advantages by the group's standard deviation (false: Dr. GRPO).
    public var scaleByStd = true
    /// Sampling temperature of the rollouts.
    public var temperature: Float = 1
    public var reward: ArithmeticReward = .exactAndFormat
    public var digits: ClosedRange<Int> = 1...2
    public var seed: UInt64 = 0

    public init() {}
}

/// One step's log.
public struct GRPOLog: Equatable {
    public var step: Int
    /// Mean reward of the step's G·B completions.
    public var meanReward: Double
    /// Fraction of the step's completions with the exact answer.
    public var exactFraction: Double
    /// Fraction of groups whose rewards all tie.
    public var tiedGroups: Double
    /// Mean k3 KL to the reference (first inner iteration).
    public var kl: Double
    /// Fraction of completion tokens clipped (last inner iteration).
    public var clipFraction: Double
}

extension LMTraining {
    /// Runs GRPO on `model`'s network in place and returns one log per step.
    /// - Parameters:
    ///   - format: the answer format the model writes and the reward reads.
    ///   - reward: overrides `config.reward` with any scoring function (tests use it).
    /// - Throws: for groups of fewer than 2, non-positive sizes, or a model without the arithmetic vocabulary.
    public static func grpo(_ model: GPTModel, format: Arithmetic.Format, config: GRPOConfig,
                            reward custom: ((String, Arithmetic.Problem) -> Float)? = nil) throws -> [GRPOLog] {
        guard config.groupSize >= 2, config.prompts >= 1, config.steps >= 1, config.innerIterations >= 1 else {
            throw LMError.argument("grpo: group size must be ≥ 2 and prompts, steps and inner iterations ≥ 1")
        }
        guard config.clip > 0, config.beta >= 0, config.learningRate > 0, config.temperature > 0 else {
            throw LMError.argument("grpo: clip, learning rate and temperature must be positive and beta ≥ 0")
        }
        let network = model.network
        guard network.config.vocabularySize == Arithmetic.tokenizer.vocabularySize else {
            throw LMError.config("grpo: the model's vocabulary is not the arithmetic alphabet")
        }
        let tokenizer = Arithmetic.tokenizer
        let newline = try tokenizer.encode("\n")[0]
        // The frozen starting point: the KL penalty's reference, and the logged KL even when β = 0.
        guard let reference = try network.copy() as? GPT else { throw LMError.argument("grpo: the model's network is not a GPT") }
        reference.eval()
        let trainable = network.parameters.filter(\.requiresGrad)
        // No weight decay: a step whose advantages and KL gradient are all zero must change nothing.
        let optimizer = try Adam(trainable, learningRate: config.learningRate)
        var rng = WhittleRandom(seed: config.seed)
        var logs: [GRPOLog] = []
        defer { Progress.report("grpo", done: config.steps, total: config.steps) }
        for step in 0..<config.steps {
            try Cancellation.check()
            Progress.report("grpo", done: step, total: config.steps)
            // 1. Rollouts from the current policy.
            var sequences: [(prompt: [Int], completion: [Int])] = []
            var rewards: [Float] = []
            var exact = 0
            for _ in 0..<config.prompts {
                let problem = Arithmetic.problem(digitsIn: config.digits, rng: &rng)
                let prompt = try tokenizer.encode(problem.prompt)
                let budget = min(network.config.context - prompt.count, problem.completion(format).count + 4)
                guard budget > 0 else { throw LMError.argument("grpo: the prompts fill the whole context") }
                for _ in 0..<config.groupSize {
                    let options = GenerationOptions(maxTokens: budget, temperature: config.temperature, stopTokens: [newline], seed: rng.next())
                    let out = try model.generate(prompt: prompt, options: options)
                    let text = try tokenizer.decode(out.tokens)
                    let r = custom?(text, problem) ?? config.reward.score(text, problem: problem, format: format)
                    if Arithmetic.answer(in: text, format: format) == problem.sum { exact += 1 }
                    rewards.append(r)
                    sequences.append((prompt, out.tokens))
                }
            }
            let advantages = try GRPO.advantages(rewards, groupSize: config.groupSize, scaleByStd: config.scaleByStd)
            // 2. The batch: prompt + completion, shifted; the completion tokens are the ones scored.
            let length = sequences.map { $0.prompt.count + $0.completion.count }.max()! - 1
            var inputs: [[Int]] = [], targets: [[Int]] = []
            var positions: [Int] = [], sequenceOf: [Int] = [], tokenAdvantage: [Float] = []
            for (s, seq) in sequences.enumerated() {
                let full = seq.prompt + seq.completion
                let padded = full + [Int](repeating: newline, count: length + 1 - full.count)
                inputs.append(Array(padded.prefix(length)))
                targets.append(Array(padded.dropFirst().prefix(length)))
                for t in (seq.prompt.count - 1)..<(full.count - 1) {
                    positions.append(s * length + t)
                    sequenceOf.append(s)
                    tokenAdvantage.append(advantages[s])
                }
            }
            let old = try GradMode.withoutGrad { try tokenLogProbs(network, inputs: inputs, targets: targets, positions: positions) }.value.scalars
            let ref = try GradMode.withoutGrad { try tokenLogProbs(reference, inputs: inputs, targets: targets, positions: positions) }.value.scalars
            // 3. μ gradient steps on these samples.
            var firstKL = 0.0, lastClip = 0.0
            network.train()
            for iteration in 0..<config.innerIterations {
                optimizer.zeroGrad()
                let logp = try tokenLogProbs(network, inputs: inputs, targets: targets, positions: positions)
                let (loss, stats) = try GRPO.loss(logProbs: logp, oldLogProbs: old, refLogProbs: ref, advantages: tokenAdvantage,
                                                   sequence: sequenceOf, clip: config.clip, beta: config.beta,
                                                   normalization: config.normalization)
                try network.addingAuxiliaryLoss(to: loss).backward()
                try clipGradNorm(trainable, maxNorm: 1)
                try optimizer.step()
                if iteration == 0 { firstKL = stats.kl }
                lastClip = stats.clipFraction
            }
            let n = Double(rewards.count)
            logs.append(GRPOLog(step: step + 1, meanReward: rewards.reduce(0.0) { $0 + Double($1) } / n,
                                exactFraction: Double(exact) / n,
                                tiedGroups: GRPO.tiedGroupFraction(rewards, groupSize: config.groupSize),
                                kl: firstKL, clipFraction: lastClip))
        }
        return logs
    }

    /// log π(target) at the given flat positions of a batch, [n, 1].
    static func tokenLogProbs(_ network: GPT, inputs: [[Int]], targets: [[Int]], positions: [Int]) throws -> Variable {
        try NextTokenLoss.logProbabilities(network, inputs: inputs, targets: targets)
            .indexSelect(axis: 0, indices: Tensor(positions.map(Float.init)))
    }
}
