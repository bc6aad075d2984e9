// What a generation call may ask for, and what it gives back.

/// Settings of `GPTModel.generate`: strategy (greedy when temperature is 0), filters, stops.
public struct GenerationOptions: Equatable {
    /// Most new tokens to produce.
    public var maxTokens: Int = 64
    /// Softmax temperature; 0 means greedy (argmax).
    public var temperature: Float = 0
    /// Keep only the k most likely tokens (0: off).
    public var topK: Int = 0
    /// Nucleus sampling: keep the smallest set of tokens whose probability reaches p (1: off).
    public var topP: Float = 1
    /// CTRL's repetition penalty (Keskar et al. 2019): a seen token's logit is divided by the
    /// penalty when positive and multiplied by it when negative (1: off).
    public var repetitionPenalty: Float = 1
    /// Stop once the decoded text contains one of these (needs a tokenizer); the text is cut before
    /// the first one. Any non-empty string, spanning tokens or not; beam search and speculative
    /// decoding read them the same way (`StopStrings`).
    public var stop: [String] = []
    /// Stop after producing one of these ids (e.g. end-of-text); the id is kept.
    public var stopTokens: [Int] = []
    /// Seed of the sampling RNG (WhittleRandom): same seed, same tokens.
    public var seed: UInt64 = 0

    /// Options with the given fields; everything else at its default.
    public init(maxTokens: Int = 64, temperature: Float = 0, topK: Int = 0, topP: Float = 1,
                repetitionPenalty: Float = 1, stop: [String] = [], stopTokens: [Int] = [], seed: UInt64 = 0) {
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.repetitionPenalty = repetitionPenalty
        self.stop = stop
        self.stopTokens = stopTokens
        self.seed = seed
    }

    /// Throws for a negative temperature, top-p outside (0, 1], or a penalty ≤ 0.
    public func validate() throws {
        guard maxTokens >= 0 else { throw LMError.argument("generate: max tokens must be ≥ 0, got \(maxTokens)") }
        guard temperature >= 0, temperature.isFinite else {
            throw LMError.argument("generate: temperature must be ≥ 0, got \(temperature)")
        }
        guard topK >= 0 else { throw LMError.argument("generate: top-k must be ≥ 0, got \(topK)") }
        guard topP > 0, topP <= 1 else { throw LMError.argument("generate: top-p must be in (0, 1], got \(topP)") }
        guard repetitionPenalty > 0 else {
            throw LMError.argument("generate: repetition penalty must be positive, got \(repetitionPenalty)")
        }
    }
}

/// Why generation stopped.
public enum FinishReason: Equatable {
    case maxTokens
    case stopToken(Int)
    case stopString(String)
    /// The token callback returned false.
    case callback
}

/// The result of a generation call.
public struct Generation: Equatable {
    /// New token ids (the prompt is not included).
    public var tokens: [Int]
    /// Natural log of each new token's probability under the model's raw softmax (temperature 1,
    /// before penalties and filters) — the quantity perplexity and self-consistency use.
    public var logProbs: [Float]
    /// Decoded text (cut before a stop string) when a tokenizer was given.
    public var text: String?
    public var finishReason: FinishReason
}
