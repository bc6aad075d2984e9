// How well a language model still answers when its attention is restricted to a pattern
// (sliding window, sinks, stride): every attention layer uses the pattern, and the model reads
// random additions with the right answer fed in (teacher forcing), so each answer token is
// predicted from exactly the keys the pattern leaves. Also measures the attention sink: the share
// of attention the queries give to the very first position.
import NN
import TensorCore

extension LMTraining {
    /// Teacher-forced quality of answers under an attention pattern.
    public struct AnswerQuality: Equatable {
        /// Answer tokens predicted right (argmax), of all answer tokens.
        public let tokenAccuracy: Float
        /// Problems whose every answer token was predicted right.
        public let exact: Float
        /// Mean cross-entropy of the answer tokens.
        public let loss: Float
        /// Per layer: the mean attention probability a query (past position 0) gives position 0.
        public let firstTokenAttention: [Float]
        /// What `firstTokenAttention` would be if every query spread its attention evenly over the
        /// keys it sees: the mean of 1/(keys) over the same queries.
        public let uniformFirstToken: Float
    }

    /// Runs `problems` random additions of `digits`-digit operands through `network` with every
    /// attention layer using `pattern`, in evaluation mode and without gradients; the layers'
    /// own patterns are restored afterwards.
    public static func answerQuality(_ network: GPT, format: Arithmetic.Format, digits: ClosedRange<Int>, problems: Int,
                                     pattern: AttentionPattern, seed: UInt64 = 0) throws -> AnswerQuality {
        guard problems >= 1 else { throw LMError.argument("attention quality: needs at least one problem") }
        var rng = WhittleRandom(seed: seed)
        let (inputs, targets, weights) = try arithmeticBatch(format: format, digits: digits, size: problems,
                                                             context: network.config.context, rng: &rng)
        let layers = network.namedModules().compactMap { $0.1 as? CausalSelfAttention }
        let saved = layers.map { ($0.pattern, $0.recordsWeights) }
        let wasTraining = network.isTraining
        defer {
            for (layer, (pattern, records)) in zip(layers, saved) { layer.pattern = pattern; layer.recordsWeights = records }
            if wasTraining { network.train() }
        }
        for layer in layers { layer.pattern = pattern; layer.recordsWeights = true }
        network.eval()
        let (b, t, vocabulary) = (inputs.count, inputs[0].count, network.config.vocabularySize)
        let logits = try GradMode.withoutGrad {
            try network(try Tensor(shape: [b, t], scalars: inputs.flatMap { $0.map(Float.init) })).value
        }
        let logProbabilities = try logits.reshaped([b * t, vocabulary]).logSoftmax(axis: 1).scalars
        let predicted = try logits.reshaped([b * t, vocabulary]).argmax(axis: 1).scalars
        var right = 0, counted = 0, exact = 0
        var loss: Float = 0
        for r in 0..<b {
            var allRight = true
            for i in 0..<t where weights[r][i] > 0 {
                let n = r * t + i
                counted += 1
                loss -= logProbabilities[n * vocabulary + targets[r][i]]
                if Int(predicted[n]) == targets[r][i] { right += 1 } else { allRight = false }
            }
            if allRight { exact += 1 }
        }
        let firstTokenAttention = try layers.map { layer -> Float in
            guard let w = layer.lastWeights, t > 1 else { return 0 }
            // [B, H, T, T]: column 0 for queries 1 … T − 1.
            let column = try w.slice(axis: 3, start: 0, end: 1).slice(axis: 2, start: 1, end: t)
            return try column.mean().item()
        }
        let uniform = t > 1 ? (1..<t).reduce(Float(0)) { total, query in
            total + (pattern.allows(query: query, key: 0) ? 1 / Float(pattern.keys(for: query).count) : 0)
        } / Float(t - 1) : 0
        return AnswerQuality(tokenAccuracy: Float(right) / Float(max(counted, 1)), exact: Float(exact) / Float(b),
                             loss: loss / Float(max(counted, 1)), firstTokenAttention: firstTokenAttention,
                             uniformFirstToken: uniform)
    }
}
