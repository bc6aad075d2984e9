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
            load_lm(path) — a language model from "models/NAME" (NAME.safetensors and its manifest NAME.json), \
            relative to the project folder. Fields: name, config, params, vocab, format, manifest.
            """, params: [NativeParam("path")]) { args in
            .native(try LMFiles.load(try args.string(0, "path"), from: session.files, for: "load_lm"))
        }
        installGenerate(session)
        installArithmetic(session)
        installSpeculative(session)
        installTraining(session)
        installTokenizers(session)
    }

    // MARK: shared helpers

    /// Runs LM-module code, turning its errors into the language's, prefixed by the function.
    static func guarded<T>(_ function: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as LMError {
            throw RuntimeError("\(function): \(error.message)")
        } catch let error as TensorError {
            throw RuntimeError("\(function): \(error.message)")
        }
    }

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
        return try guarded(function) { try lm.tokenizer.encode(text) }
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

    private static let generateParams = [
        NativeParam("model"), NativeParam("prompt"), NativeParam("max_tokens", default: 32),
        NativeParam("temperature", default: 0), NativeParam("top_k", default: 0), NativeParam("top_p", default: 1),
        NativeParam("beam", default: 1), NativeParam("repetition_penalty", default: 1), NativeParam("stop", default: .nil),
        NativeParam("seed", default: .nil), NativeParam("sliding", default: false),
        NativeParam("stream", default: false),
    ]

    private static func installGenerate(_ session: Session) {
        let it = session.interpreter
        it.define("generate", doc: """
            generate(model, prompt, max_tokens: 32, temperature: 0, top_k: 0, top_p: 1, beam: 1, \
            repetition_penalty: 1, stop: nil, seed: nil, sliding: false, stream: false) — the text the model \
            writes after prompt. temperature 0 is greedy; beam > 1 is beam search. stop (a string or a list of \
            strings, each of any length, e.g. "\\n\\n" or ["Answer:", "###"]) ends the text as soon as it contains \
            one, cut before it. stream: true prints each token as it is produced (in the REPL) and returns nil.
            """, params: generateParams) { args in
            let detail = try generateDetail(args, session: session, for: "generate")
            if try args[11].truth() { return .nil }
            guard case .dict(let box) = detail, let text = box["text"] else { return .nil }
            return text
        }
        it.define("generate_detail", doc: """
            generate_detail(model, prompt, ...) — like generate, as a record {text, tokens, logprobs, finish}: \
            the new token ids and the natural log of each one's probability (temperature 1, before filters); \
            finish is "stop" when a stop string ended the text, else "max_tokens". With beam > 1: \
            {text, tokens, logprob, finish, beams}, each beam a {text, logprob, score, finish}.
            """, params: generateParams) { args in
            try generateDetail(args, session: session, for: "generate_detail")
        }
        it.define("next_token_logits", doc: """
            next_token_logits(model, context) — the model's logits (a tensor over the vocabulary) for the token \
            after context (a string or a list of token ids). The primitive a decoding loop is written over.
            """, params: [NativeParam("model"), NativeParam("context")]) { args in
            let lm = try model(args[0], for: "next_token_logits")
            let ids: [Int]
            if case .string(let text) = args[1] { ids = try encode(lm, text, for: "next_token_logits", what: "context") }
            else { ids = try Convert.ints(args[1], for: "next_token_logits", name: "context") }
            guard !ids.isEmpty else { throw RuntimeError("next_token_logits: the context is empty; give at least one token") }
            try checkContext(lm, promptTokens: ids.count, maxTokens: 0, sliding: false, canSlide: false, for: "next_token_logits")
            var cache = lm.model.makeCache()
            let logits = try guarded("next_token_logits") { try lm.model.forward(ids, cache: &cache) }
            return .native(TensorValue(Tensor(logits)))
        }
    }

    private static func generateDetail(_ args: Arguments, session: Session, for function: String) throws -> Value {
        let lm = try model(args[0], for: function)
        let prompt = try encode(lm, try args.string(1, "prompt"), for: function)
        let maxTokens = try Convert.int(args[2], for: function, name: "max_tokens")
        let beam = try Convert.int(args[6], for: function, name: "beam")
        let stop = try stops(args[8], for: function)
        let sliding = try args[10].truth()
        guard maxTokens >= 0 else { throw RuntimeError("\(function): max_tokens must be ≥ 0, got \(maxTokens)") }
        guard beam >= 1 else { throw RuntimeError("\(function): beam must be ≥ 1, got \(beam)") }
        try checkContext(lm, promptTokens: prompt.count, maxTokens: maxTokens, sliding: sliding, for: function)
        let options = GenerationOptions(
            maxTokens: maxTokens, temperature: Float(try Convert.number(args[3], for: function, name: "temperature")),
            topK: try Convert.int(args[4], for: function, name: "top_k"),
            topP: Float(try Convert.number(args[5], for: function, name: "top_p")),
            repetitionPenalty: Float(try Convert.number(args[7], for: function, name: "repetition_penalty")),
            stop: stop, seed: try seed(args[9], session: session, for: function))
        try guarded(function) { try options.validate() }
        if beam > 1 { return try beamDetail(lm, prompt: prompt, width: beam, options: options, for: function) }
        // stream: each token's text goes to the output as soon as it is sampled.
        let sink = try args[11].truth() ? args.interpreter.sink : nil
        var endsLine = false
        let onToken: ((Int, Float) throws -> Bool)? = sink.map { sink in
            { token, _ in
                let piece = (try? lm.tokenizer.decode([token])) ?? ""
                sink.write(piece)
                endsLine = piece.hasSuffix("\n")
                return true
            }
        }
        let out = try guarded(function) {
            try lm.model.generate(prompt: prompt, options: options, tokenizer: lm.tokenizer, onToken: onToken)
        }
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
        let hypotheses = try guarded(function) {
            try lm.model.beamSearch(prompt: prompt, width: width, maxTokens: options.maxTokens,
                                    stop: options.stop, tokenizer: lm.tokenizer)
        }
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
            speculative(target, draft, prompt, gamma: 4, max_tokens: 32, temperature: 0, seed: nil, stop: nil) — \
            speculative decoding: the draft proposes gamma tokens, the target checks them in one call. stop works \
            as in generate (strings of any length; the text ends at the first one, cut before it). Returns \
            {text, tokens, finish, accepted, proposed, alpha, rounds, target_calls, draft_calls, tokens_per_call, expected}.
            """, params: [NativeParam("target"), NativeParam("draft"), NativeParam("prompt"), NativeParam("gamma", default: 4),
                          NativeParam("max_tokens", default: 32), NativeParam("temperature", default: 0),
                          NativeParam("seed", default: .nil), NativeParam("stop", default: .nil)]) { args in
            let f = "speculative"
            let target = try model(args[0], for: f, name: "target"), draft = try model(args[1], for: f, name: "draft")
            guard target.tokenizer.characters == draft.tokenizer.characters else {
                throw RuntimeError("speculative: the draft's vocabulary differs from the target's; both must share one tokenizer")
            }
            let prompt = try encode(target, try args.string(2, "prompt"), for: f)
            let gamma = try Convert.int(args[3], for: f, name: "gamma")
            let maxTokens = try Convert.int(args[4], for: f, name: "max_tokens")
            guard maxTokens >= 0 else { throw RuntimeError("speculative: max_tokens must be ≥ 0, got \(maxTokens)") }
            // The verifier feeds γ + 1 positions at once; the window must hold them all.
            try checkContext(target, promptTokens: prompt.count, maxTokens: maxTokens + gamma, sliding: false, canSlide: false, for: f)
            let options = GenerationOptions(maxTokens: maxTokens,
                                            temperature: Float(try Convert.number(args[5], for: f, name: "temperature")),
                                            stop: try stops(args[7], for: f), seed: try seed(args[6], session: session, for: f))
            let out = try guarded(f) {
                try SpeculativeDecoding.generate(target: target.model, draft: draft.model, prompt: prompt, gamma: gamma,
                                                 options: options, tokenizer: target.tokenizer)
            }
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
