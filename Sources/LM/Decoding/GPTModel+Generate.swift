// Autoregressive generation with a KV cache: prefill the prompt in one call, then one token
// per step, with the strategy and stops of `GenerationOptions` and an optional streaming callback.
import TensorCore
import NN

extension GPTModel {
    /// Generates up to `options.maxTokens` new tokens after `prompt`.
    ///
    /// Generation ends when the decoded text contains a stop string (`options.stop`); `text` is then
    /// cut before it, and the tokens keep the one that completed it.
    /// - Parameters:
    ///   - prompt: at least one token id.
    ///   - options: strategy (greedy at temperature 0), filters, stops and seed.
    ///   - tokenizer: needed for stop strings and to fill `Generation.text`.
    ///   - onToken: called with each new token and its log-probability; return false to stop.
    /// - Throws: for an empty prompt, an id outside the vocabulary, an empty stop string, stop
    ///   strings without a tokenizer, or invalid options.
    public func generate(prompt: [Int], options: GenerationOptions = GenerationOptions(),
                         tokenizer: (any Tokenizer)? = nil,
                         onToken: ((Int, Float) throws -> Bool)? = nil) throws -> Generation {
        try options.validate()
        guard !prompt.isEmpty else { throw LMError.argument("generate: the prompt is empty; give at least one token") }
        let stops = try StopStrings(options.stop, tokenizer: tokenizer, for: "generate")
        let sampler = Sampler(options: options)
        var rng = WhittleRandom(seed: options.seed)
        var cache = makeCache()
        var history = prompt
        var out = Generation(tokens: [], logProbs: [], text: nil, finishReason: .maxTokens)
        var logits = options.maxTokens > 0 ? try forward(prompt, cache: &cache) : []
        while out.tokens.count < options.maxTokens {
            try Cancellation.check()
            let p = sampler.distribution(logits: logits, history: history)
            let token = options.temperature == 0 ? Sampler.argmax(p) : Sampler.sample(p, rng: &rng)
            let logProb = Sampler.logProb(logits, token)
            out.tokens.append(token)
            out.logProbs.append(logProb)
            history.append(token)
            if let onToken, try !onToken(token, logProb) { out.finishReason = .callback; break }
            if let reason = try stops.finishReason(after: out.tokens, stopTokens: options.stopTokens) {
                out.finishReason = reason
                break
            }
            if out.tokens.count < options.maxTokens { logits = try forward([token], cache: &cache) }
        }
        out.text = try stops.text(of: out.tokens)
        return out
    }
}
