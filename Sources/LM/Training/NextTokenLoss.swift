// The language-modelling objective: mean cross-entropy of each next token, weighted (e.g. 1 on
// the answer tokens only), computed on NN's `GPT` forward pass so that backward() reaches its
// parameters.
import NN
import TensorCore

/// Next-token cross-entropy of a GPT on a batch.
public enum NextTokenLoss {
    /// Mean next-token cross-entropy over the positions whose weight is non-zero.
    /// - Parameters:
    ///   - inputs: [B][T] token ids (rows of equal length, T ≤ context).
    ///   - targets: [B][T] ids to predict at each position.
    ///   - weights: [B][T] loss weights (nil: all 1).
    /// - Throws: for ragged rows, shapes that differ, ids outside the vocabulary, or all-zero weights.
    public static func loss(_ network: GPT, inputs: [[Int]], targets: [[Int]], weights: [[Float]]? = nil) throws -> Variable {
        let picked = try logProbabilities(network, inputs: inputs, targets: targets)
        let n = picked.shape[0]
        let flatWeights = weights?.flatMap { $0 } ?? [Float](repeating: 1, count: n)
        guard flatWeights.count == n else { throw LMError.argument("train: weights must have the inputs' shape") }
        let total = flatWeights.reduce(0, +)
        guard total > 0 else { throw LMError.argument("train: every loss weight is zero") }
        let w = try Tensor(shape: [n, 1], scalars: flatWeights.map { -$0 / total })
        return try (picked * w).sum()
    }

    /// log p(target | prefix) of every position, [B·T, 1] row-major: what the loss weighs, and
    /// what GRPO's ratios and KL are made of.
    /// - Throws: as `loss` does for the inputs and targets.
    public static func logProbabilities(_ network: GPT, inputs: [[Int]], targets: [[Int]]) throws -> Variable {
        let c = network.config
        let b = inputs.count, t = inputs.first?.count ?? 0
        guard b > 0, t > 0, inputs.allSatisfy({ $0.count == t }) else {
            throw LMError.argument("train: the batch must be non-empty rows of equal length")
        }
        guard t <= c.context else { throw LMError.argument("train: rows of \(t) tokens exceed the context \(c.context)") }
        for row in inputs { for tok in row where tok < 0 || tok >= c.vocabularySize {
            throw LMError.argument("train: token \(tok) is outside the vocabulary 0..<\(c.vocabularySize)")
        } }
        guard targets.count == b, zip(targets, inputs).allSatisfy({ $0.count == $1.count }) else {
            throw LMError.argument("train: targets must have the inputs' shape")
        }
        let n = b * t
        let ids = try Tensor(shape: [b, t], scalars: inputs.flatMap { $0.map(Float.init) })
        let logits = try network(ids)
        let labels = try Tensor(shape: [n, 1], scalars: targets.flatMap { $0.map(Float.init) })
        return try logits.reshaped([n, c.vocabularySize]).logSoftmax(axis: 1).gather(axis: 1, indices: labels)
    }
}
