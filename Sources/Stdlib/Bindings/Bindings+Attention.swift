import Interpreter
import LM
import NN
import TensorCore

/// Efficient attention: patterns (sliding window, sinks, stride), the kernel that computes only
/// what a pattern allows, and a language model's answers under a pattern.
enum AttentionBindings {
    static func install(in session: Session) {
        let it = session.interpreter
        it.define("attention_pattern", doc: """
            Which keys each of `length` queries sees under a causal pattern: window (recent keys, the query's own \
            included; nil: all), sinks (the first keys, always) and stride (keys a multiple of it back). Returns \
            {mask, pairs, full_pairs, cached, name}: mask [length, length] has 1 where query i sees key j; pairs counts \
            them (full_pairs for plain causal attention); cached is how many positions a KV cache must keep (nil when \
            it grows with the sequence).
            """, params: [.int("length", in: 1...4096)] + patternParams) { args in
            let pattern = try self.pattern(args, for: "attention_pattern")
            let t = try args.int("length")
            var mask = [Float](repeating: 0, count: t * t)
            for i in 0..<t { for j in pattern.keys(for: i) { mask[i * t + j] = 1 } }
            return Bridge.record([("mask", .native(TensorValue(try Tensor(shape: [t, t], scalars: mask)))),
                                  ("pairs", .number(Double(pattern.pairs(length: t)))),
                                  ("full_pairs", .number(Double(t * (t + 1) / 2))),
                                  ("cached", pattern.cachedPositions.map { .number(Double($0)) } ?? .nil),
                                  ("name", .string(pattern.description))])
        }
        it.define("attention", doc: """
            softmax(q·kᵀ/√d) v for q, k, v of shape [T, d] or [heads, T, d] under a causal pattern (window, sinks, \
            stride as in attention_pattern). method "sparse" visits only the allowed keys of each query — O(T·W) for a \
            window W; "dense" forms the whole T×T score matrix and masks it, as training does — O(T²). Both give the \
            same output up to rounding.
            """, params: [NativeParam("q"), NativeParam("k"), NativeParam("v")] + patternParams
                + [.choice("method", ["sparse", "dense"], default: "sparse")]) { args in
            let pattern = try self.pattern(args, for: "attention")
            let q = try Convert.finiteTensor(try args["q"], for: "attention")
            let k = try Convert.finiteTensor(try args["k"], for: "attention")
            let v = try Convert.finiteTensor(try args["v"], for: "attention")
            guard q.shape == k.shape, k.shape == v.shape, q.rank == 2 || q.rank == 3 else {
                throw RuntimeError("attention: expect q, k and v of one shape, [T, d] or [heads, T, d]; got \(q.shape), \(k.shape), \(v.shape)")
            }
            do {
                if try args.string("method") == "sparse" {
                    return .native(TensorValue(try patternAttention(q: q, k: k, v: v, pattern: pattern)))
                }
                let shape4 = q.rank == 3 ? [1] + q.shape : [1, 1] + q.shape
                let (y, _) = try scaledDotProductAttention(q: Variable(try q.reshaped(shape4)), k: Variable(try k.reshaped(shape4)),
                                                           v: Variable(try v.reshaped(shape4)), causal: true, pattern: pattern)
                return .native(TensorValue(try y.value.reshaped(q.shape)))
            } catch let error as NNError { throw RuntimeError(error.message) }
        }
        it.define("attention_quality", doc: """
            A language model's answers to `problems` random additions of `digits`-digit numbers with every attention \
            layer restricted to a pattern (window, sinks, stride), the right answer fed in token by token (teacher \
            forcing): {token_accuracy, exact, loss, first_token, uniform_first_token}. exact is the share of problems \
            with every answer token right; first_token, per layer, the mean attention probability a query gives position \
            0, and uniform_first_token what it would be if every query spread its attention evenly (an attention sink \
            gets far more than that).
            """, params: [NativeParam("model")] + patternParams + [.int("problems", default: 100, in: 1...2000),
                          .int("digits", default: 3, in: 1...12), .int("seed", default: 0, atLeast: 0)]) { args in
            let lm = try LMBindings.model(try args["model"], for: "attention_quality")
            let pattern = try self.pattern(args, for: "attention_quality")
            let digits = try args.int("digits")
            let q = try LMTraining.answerQuality(lm.model.network, format: lm.format ?? .scratchpad, digits: digits...digits,
                                                 problems: try args.int("problems"), pattern: pattern, seed: UInt64(try args.int("seed")))
            return Bridge.record([("token_accuracy", Bridge.number(q.tokenAccuracy)), ("exact", Bridge.number(q.exact)),
                                  ("loss", Bridge.number(q.loss)),
                                  ("first_token", .list(ListBox(q.firstTokenAttention.map(Bridge.number)))),
                                  ("uniform_first_token", Bridge.number(q.uniformFirstToken))])
        }
    }

    static let patternParams: [NativeParam] = [.int("window", default: .nil, atLeast: 1), .int("sinks", default: 0, atLeast: 0),
                                               .int("stride", default: .nil, atLeast: 1)]

    static func pattern(_ args: Arguments, for function: String) throws -> AttentionPattern {
        let window = try args.isNil("window") ? nil : try args.int("window")
        let stride = try args.isNil("stride") ? nil : try args.int("stride")
        let sinks = try args.int("sinks")
        if window == nil && (stride != nil || sinks > 0) {
            throw RuntimeError("\(function): sinks and stride only matter with a window; full attention already sees every key")
        }
        do { return try AttentionPattern(window: window, sinks: sinks, stride: stride) } catch let error as NNError {
            throw RuntimeError("\(function): \(error.message)")
        }
    }
}
