import Foundation
import Interpreter
import LM
import TensorCore

/// Language models in the language: load a checkpoint, decode (greedy, sampling, beam),
/// solve and score arithmetic, speculative decoding. Training and tokenizers are in
/// `Bindings+LMTraining.swift`.
enum LMBindings {
    static func install(in session: Session) {
        let it = session.interpreter
        it.define("load_lm", doc: """
            A language model from "models/NAME" (NAME.safetensors and its manifest NAME.json), \
            relative to the project folder. Fields: name, config, params, vocab, format, manifest.
            """, params: [NativeParam("path")]) { args in
            .native(try LMFiles.load(try args.string("path"), from: session.files, for: "load_lm"))
        }
        installGenerate(session)
        installArithmetic(session)
        installSpeculative(session)
        installTraining(session)
        installTokenizers(session)
    }

    // MARK: shared helpers

    static func model(_ value: Value, for function: String, name: String = "model") throws -> LMValue {
        guard case .native(let object as LMValue) = value else {
            throw RuntimeError("\(function): expect a language model for '\(name)' (from load_lm), got \(value.typeName)")
        }
        return object
    }

    /// Token ids of `text`, naming the first character the vocabulary lacks and where it is.
    static func encode(_ lm: LMValue, _ text: String, for function: String, what: String = "prompt") throws -> [Int] {
        for (position, c) in text.enumerated() where !lm.tokenizer.characters.contains(c) {
            let shown = c == "\n" ? "\\n" : String(c)
            throw RuntimeError("\(function): character '\(shown)' at position \(position) of the \(what) is not in \(lm.name)'s vocabulary \(String(lm.tokenizer.characters).debugDescription)")
        }
        return try lm.tokenizer.encode(text)
    }

    /// A seed from `seed:` or, when it is nil, one drawn from the session's generator.
    static func seed(_ value: Value, session: Session, for function: String) throws -> UInt64 {
        try session.withRandom(seed: value, for: function) { rng in
            if value.isNil { return rng.next() }
            return UInt64(try Convert.int(value, for: function, name: "seed"))
        }
    }

    /// Stop strings from nil, a string or a list of strings. Any non-empty string works, of any
    /// length; an empty one is refused, since every text contains it.
    static func stops(_ value: Value, for function: String) throws -> [String] {
        let strings: [String]
        switch value {
        case .nil: return []
        case .string(let s): strings = [s]
        case .list: strings = try Convert.strings(value, for: function)
        default: throw RuntimeError("\(function): expect a string or a list of strings for 'stop', got \(value.typeName)")
        }
        guard !strings.contains("") else {
            throw RuntimeError("\(function): a stop string is empty; every text contains \"\", so it would end the text before it starts (pass stop: nil for no stop)")
        }
        return strings
    }

    /// The `finish` field of a decoding record: "stop" (a stop string ended the text), "max_tokens"
    /// or "callback".
    static func finish(_ reason: FinishReason) -> Value {
        switch reason {
        case .maxTokens: return .string("max_tokens")
        case .stopToken, .stopString: return .string("stop")
        case .callback: return .string("callback")
        }
    }

    /// Refuses a generation that would run past the context unless sliding is asked for:
    /// past it the ring cache forgets the oldest tokens, which changes what the model sees.
    /// - Parameter canSlide: whether `function` takes `sliding:` (the advice names it only then).
    static func checkContext(_ lm: LMValue, promptTokens: Int, maxTokens: Int, sliding: Bool, canSlide: Bool = true,
                             for function: String) throws {
        let context = lm.model.config.context
        if sliding {
            guard lm.model.config.positions == .rotary else {
                throw RuntimeError("\(function): \(lm.name) has learned positions and cannot slide past its context \(context)")
            }
            return
        }
        guard promptTokens + maxTokens <= context else {
            let advice = canSlide ? "lower max_tokens or pass sliding: true to let the cache forget the oldest tokens"
                                  : "lower max_tokens or shorten the prompt"
            throw RuntimeError("\(function): the prompt (\(promptTokens) tokens) plus max_tokens (\(maxTokens)) exceed \(lm.name)'s context of \(context); \(advice)")
        }
    }

    static func list(_ ints: [Int]) -> Value { .list(ListBox(ints.map { .number(Double($0)) })) }
    static func list(_ floats: [Float]) -> Value { .list(ListBox(floats.map { .number(Double($0)) })) }

    // MARK: generation

    private static let generateParams: [NativeParam] = [
        NativeParam("model"), .string("prompt"), .int("max_tokens", default: 32, atLeast: 0),
        .number("temperature", default: 0, atLeast: 0), .int("top_k", default: 0, atLeast: 0),
        .number("top_p", default: 1, above: 0, atMost: 1), .int("beam", default: 1, atLeast: 1),
        .number("repetition_penalty", default: 1, above: 0), NativeParam("stop", default: .nil),
        .int("seed", default: .nil, atLeast: 0), .bool("sliding", default: false), .bool("stream", default: false),
    ]

    private static func installGenerate(_ session: Session) {
        let it = session.interpreter
        it.define("generate", doc: """
            The text the model \
            writes after prompt. temperature 0 is greedy; beam > 1 is beam search. stop (a string or a list of \
            strings, each of any length, e.g. "\\n\\n" or ["Answer:", "###"]) ends the text as soon as it contains \
            one, cut before it. stream: true prints each token as it is produced (in the REPL) and returns nil.
            """, params: generateParams) { args in
            let detail = try generateDetail(args, session: session, for: "generate")
            if try args.bool("stream") { return .nil }
            guard case .dict(let box) = detail, let text = box["text"] else { return .nil }
            return text
        }
        it.define("generate_detail", doc: """
            Like generate, as a record {text, tokens, logprobs, finish}: \
            the new token ids and the natural log of each one's probability (temperature 1, before filters); \
            finish is "stop" when a stop string ended the text, else "max_tokens". With beam > 1: \
            {text, tokens, logprob, finish, beams}, each beam a {text, logprob, score, finish}.
            """, params: generateParams) { args in
            try generateDetail(args, session: session, for: "generate_detail")
        }
        it.define("next_token_logits", doc: """
            The model's logits (a tensor over the vocabulary) for the token \
            after context (a string or a list of token ids). The primitive a decoding loop is written over. \
            chunk feeds the context that many tokens per call (1: token by token, as decoding does); \
            the logits are the same bits however it is cut.
            """, params: [NativeParam("model"), NativeParam("context"), .int("chunk", default: .nil, atLeast: 1)]) { args in
            let lm = try model(try args["model"], for: "next_token_logits")
            let ids: [Int]
            if case .string(let text) = try args["context"] { ids = try encode(lm, text, for: "next_token_logits", what: "context") }
            else { ids = try Convert.ints(try args["context"], for: "next_token_logits", name: "context") }  // 2.5 is refused
            guard !ids.isEmpty else { throw RuntimeError("next_token_logits: the context is empty; give at least one token") }
            try checkContext(lm, promptTokens: ids.count, maxTokens: 0, sliding: false, canSlide: false, for: "next_token_logits")
            let chunk = try args.optionalInt("chunk") ?? ids.count
            var cache = lm.model.makeCache()
            var logits: [Float] = []
            for start in stride(from: 0, to: ids.count, by: chunk) {
                logits = try lm.model.forward(Array(ids[start..<min(ids.count, start + chunk)]), cache: &cache)
            }
            return .native(TensorValue(Tensor(logits)))
        }
    }

    private static func generateDetail(_ args: Arguments, session: Session, for function: String) throws -> Value {
        let lm = try model(try args["model"], for: function)
        let prompt = try encode(lm, try args.string("prompt"), for: function)
        let maxTokens = try args.int("max_tokens"), beam = try args.int("beam")
        try checkContext(lm, promptTokens: prompt.count, maxTokens: maxTokens, sliding: try args.bool("sliding"), for: function)
        let options = GenerationOptions(
            maxTokens: maxTokens, temperature: Float(try args.number("temperature")), topK: try args.int("top_k"),
            topP: Float(try args.number("top_p")), repetitionPenalty: Float(try args.number("repetition_penalty")),
            stop: try stops(try args["stop"], for: function), seed: try seed(try args["seed"], session: session, for: function))
        try options.validate()
        if beam > 1 { return try beamDetail(lm, prompt: prompt, width: beam, options: options, for: function) }
        // stream: each token's text goes to the output as soon as it is sampled.
        let sink = try args.bool("stream") ? args.interpreter.sink : nil
        var endsLine = false
        let onToken: ((Int, Float) throws -> Bool)? = sink.map { sink in
            { token, _ in
                let piece = (try? lm.tokenizer.decode([token])) ?? ""
                sink.write(piece)
                endsLine = piece.hasSuffix("\n")
                return true
            }
        }
        let out = try lm.model.generate(prompt: prompt, options: options, tokenizer: lm.tokenizer, onToken: onToken)
        if let sink, !endsLine { sink.write("\n") }
        return .dict(DictBox([("text", .string(out.text ?? "")), ("tokens", list(out.tokens)),
                              ("logprobs", list(out.logProbs)), ("finish", finish(out.finishReason))]))
    }

    /// Beam search with the same stop strings as generate: a beam ends once its text contains one,
    /// and its text is cut before it.
    private static func beamDetail(_ lm: LMValue, prompt: [Int], width: Int, options: GenerationOptions, for function: String) throws -> Value {
        guard options.temperature == 0, options.topK == 0, options.topP == 1, options.repetitionPenalty == 1 else {
            throw RuntimeError("\(function): beam search ranks whole sequences by log-probability; leave temperature, top_k, top_p and repetition_penalty at their defaults with beam > 1")
        }
        let hypotheses = try lm.model.beamSearch(prompt: prompt, width: width, maxTokens: options.maxTokens,
                                                 stop: options.stop, tokenizer: lm.tokenizer)
        guard let best = hypotheses.first else { return .dict(DictBox([("text", .string("")), ("tokens", list([Int]()))])) }
        let beams: [Value] = hypotheses.map { h in
            .dict(DictBox([("text", .string(h.text ?? "")), ("logprob", .number(Double(h.logProb))),
                           ("score", .number(Double(h.score))), ("finish", finish(h.finishReason))]))
        }
        return .dict(DictBox([("text", .string(best.text ?? "")), ("tokens", list(best.tokens)),
                              ("logprob", .number(Double(best.logProb))), ("finish", finish(best.finishReason)),
                              ("beams", .list(ListBox(beams)))]))
    }

    // MARK: speculative decoding

    private static func installSpeculative(_ session: Session) {
        session.interpreter.define("speculative", doc: """
            Speculative decoding: the draft proposes gamma tokens, the target checks them in one call. stop works \
            as in generate (strings of any length; the text ends at the first one, cut before it). Returns \
            {text, tokens, finish, accepted, proposed, alpha, rounds, target_calls, draft_calls, tokens_per_call, expected}.
            """, params: [NativeParam("target"), NativeParam("draft"), .string("prompt"), .int("gamma", default: 4, in: 1...64),
                          .int("max_tokens", default: 32, atLeast: 0), .number("temperature", default: 0, atLeast: 0),
                          .int("seed", default: .nil, atLeast: 0), NativeParam("stop", default: .nil)]) { args in
            let f = "speculative"
            let target = try model(try args["target"], for: f, name: "target"), draft = try model(try args["draft"], for: f, name: "draft")
            guard target.tokenizer.characters == draft.tokenizer.characters else {
                throw RuntimeError("speculative: the draft's vocabulary differs from the target's; both must share one tokenizer")
            }
            let prompt = try encode(target, try args.string("prompt"), for: f)
            let gamma = try args.int("gamma"), maxTokens = try args.int("max_tokens")
            // The verifier feeds γ + 1 positions at once; the window must hold them all.
            try checkContext(target, promptTokens: prompt.count, maxTokens: maxTokens + gamma, sliding: false, canSlide: false, for: f)
            let options = GenerationOptions(maxTokens: maxTokens,
                                            temperature: Float(try args.number("temperature")),
                                            stop: try stops(try args["stop"], for: f), seed: try seed(try args["seed"], session: session, for: f))
            let out = try SpeculativeDecoding.generate(target: target.model, draft: draft.model, prompt: prompt, gamma: gamma,
                                                       options: options, tokenizer: target.tokenizer)
            return .dict(DictBox([
                ("text", .string(out.text ?? "")), ("tokens", list(out.tokens)), ("finish", finish(out.finishReason)),
                ("accepted", .number(Double(out.accepted))), ("proposed", .number(Double(out.proposed))),
                ("alpha", .number(out.acceptanceRate)), ("rounds", .number(Double(out.rounds))),
                ("target_calls", .number(Double(out.targetCalls))), ("draft_calls", .number(Double(out.draftCalls))),
                ("tokens_per_call", .number(out.tokensPerTargetCall)), ("expected", .number(out.expectedTokensPerTargetCall)),
            ]))
        }
    }
}
