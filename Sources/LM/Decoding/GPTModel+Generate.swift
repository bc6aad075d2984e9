// Autoregressive generation with a KV cache: prefill the prompt in one call, then one token
// per step, with the strategy and stops of `GenerationOptions` and an optional streaming callback.
import TensorCore

extension GPTModel {
    /// Generates up to `options.maxTokens` new tokens after `prompt`.
    /// - Parameters:
    ///   - prompt: at least one token id.
    ///   - options: strategy (greedy at temperature 0), filters, stops and seed.
    ///   - tokenizer: needed for stop strings and to fill `Generation.text`.
    ///   - onToken: called with each new token and its log-probability; return false to stop.
    /// - Throws: for an empty prompt, an id outside the vocabulary, stop strings without a
    ///   tokenizer, or invalid options.
    public func generate(prompt: [Int], options: GenerationOptions = GenerationOptions(),
                         tokenizer: (any Tokenizer)? = nil,
                         onToken: ((Int, Float) throws -> Bool)? = nil) throws -> Generation {
        try options.validate()
        guard !prompt.isEmpty else { throw LMError.argument("generate: the prompt is empty; give at least one token") }
        guard options.stop.isEmpty || tokenizer != nil else {
            throw LMError.argument("generate: stop strings need a tokenizer to decode the text")
        }
        let sampler = Sampler(options: options)
        var rng = WhittleRandom(seed: options.seed)
        var cache = makeCache()
        var history = prompt
        var out = Generation(tokens: [], logProbs: [], text: nil, finishReason: .maxTokens)
        var logits = options.maxTokens > 0 ? try forward(prompt, cache: &cache) : []
        while out.tokens.count < options.maxTokens {
            let p = sampler.distribution(logits: logits, history: history)
            let token = options.temperature == 0 ? Sampler.argmax(p) : Sampler.sample(p, rng: &rng)
            let logProb = Sampler.logProb(logits, token)
            out.tokens.append(token)
            out.logProbs.append(logProb)
            history.append(token)
            if let onToken, try !onToken(token, logProb) { out.finishReason = .callback; break }
            if options.stopTokens.contains(token) { out.finishReason = .stopToken(token); break }
            if let tokenizer, !options.stop.isEmpty {
                let text = try tokenizer.decode(out.tokens)
                if let hit = options.stop.first(where: { text.contains($0) }) {
                    out.finishReason = .stopString(hit)
                    break
                }
            }
            if out.tokens.count < options.maxTokens { logits = try forward([token], cache: &cache) }
        }
        if let tokenizer {
            var text = try tokenizer.decode(out.tokens)
            if case .stopString(let s) = out.finishReason, let range = text.range(of: s) {
                text = String(text[..<range.lowerBound])
            }
            out.text = text
        }
        return out
    }
}
