// Accuracy of an arithmetic model by operand length, greedy or by self-consistency
// (Wang et al. 2023: sample n reasoning paths, answer with the majority of their final answers).
import TensorCore
import Foundation
import NN

/// Accuracy of one model on one digit count.
public struct ArithmeticScore: Equatable {
    public var digits: Int
    public var problems: Int
    public var correct: Int
    public var accuracy: Double { problems == 0 ? 0 : Double(correct) / Double(problems) }
}

extension LMTraining {
    /// Scores `model` on `problems` random additions of `digits`-digit operands (seeded).
    /// - Parameters:
    ///   - samples: 1 decodes greedily; n > 1 samples n completions at `temperature` and takes
    ///     the most frequent final answer (ties: the answer seen first).
    public static func evaluateArithmetic(model: GPTModel, format: Arithmetic.Format, digits: Int, problems: Int = 100,
                                          samples: Int = 1, temperature: Float = 0.8, seed: UInt64 = 1234) throws -> ArithmeticScore {
        let tokenizer = Arithmetic.tokenizer
        let newline = try tokenizer.encode("\n")[0]
        var rng = WhittleRandom(seed: seed &+ UInt64(digits))
        var correct = 0
        defer { Progress.report("eval_arithmetic", done: problems, total: problems) }
        for index in 0..<problems {
            try Cancellation.check()
            Progress.report("eval_arithmetic", done: index, total: problems)
            let problem = Arithmetic.problem(digits: digits, rng: &rng)
            let prompt = try tokenizer.encode(problem.prompt)
            let budget = min(model.config.context - prompt.count, problem.completion(format).count + 4)
            guard budget > 0 else { throw LMError.argument("evaluate: \(digits)-digit prompts fill the whole context") }
            var votes: [(answer: Int, count: Int)] = []
            for s in 0..<max(samples, 1) {
                let options = GenerationOptions(maxTokens: budget, temperature: samples > 1 ? temperature : 0,
                                                stopTokens: [newline], seed: UInt64(index * 1000 + s) &+ seed)
                // Positions past the context would slide the window; the budget keeps us inside it.
                let out = try model.generate(prompt: prompt, options: options)
                guard let answer = Arithmetic.answer(in: try tokenizer.decode(out.tokens), format: format) else { continue }
                if let i = votes.firstIndex(where: { $0.answer == answer }) { votes[i].count += 1 } else { votes.append((answer, 1)) }
            }
            let best = votes.max { $0.count != $1.count ? $0.count < $1.count : false }
            // `max` returns the last of equal maxima; pick the first seen instead.
            let top = votes.first { $0.count == best?.count }
            if top?.answer == problem.sum { correct += 1 }
        }
        return ArithmeticScore(digits: digits, problems: problems, correct: correct)
    }
}

/// Teacher-forced likelihood of the reference answers: what a compressed model loses before it
/// changes a single greedy answer.
public struct AnswerLikelihood: Equatable {
    /// Mean −log p(token | prefix) over the answer tokens, in nats.
    public var meanNLL: Double
    /// Answer tokens scored.
    public var tokens: Int
    /// exp(mean NLL).
    public var perplexity: Double { Foundation.exp(meanNLL) }
}

extension LMTraining {
    /// The mean negative log-likelihood per answer token of `problems` random `digits`-digit
    /// additions written in `format` (seeded), in one batched forward pass of the network in
    /// evaluation mode, without gradients.
    public static func answerLikelihood(model: GPTModel, format: Arithmetic.Format, digits: Int, problems: Int = 64,
                                        seed: UInt64 = 1234) throws -> AnswerLikelihood {
        guard problems >= 1 else { throw LMError.argument("answer likelihood: needs at least one problem") }
        var rng = WhittleRandom(seed: seed &+ UInt64(digits))
        let network = model.network
        let (inputs, targets, weights) = try arithmeticBatch(format: format, digits: digits...digits, size: problems,
                                                             context: network.config.context, rng: &rng)
        let wasTraining = network.isTraining
        network.eval()
        defer { if wasTraining { network.train() } }
        let loss = try GradMode.withoutGrad {
            try NextTokenLoss.loss(network, inputs: inputs, targets: targets, weights: weights)
        }
        let tokens = weights.reduce(0) { $0 + $1.filter { $0 > 0 }.count }
        return AnswerLikelihood(meanNLL: Double(try loss.value.item()), tokens: tokens)
    }
}
