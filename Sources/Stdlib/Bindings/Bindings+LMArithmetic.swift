import Interpreter
import LM
import TensorCore

/// Chain-of-thought arithmetic: problems, solving one, scoring many (greedy or by majority vote).
extension LMBindings {
    static func installArithmetic(_ session: Session) {
        let it = session.interpreter
        it.define("arithmetic_problems", doc: """
            `n` addition problems "a+b" whose operands have exactly \
            `digits` digits, drawn as the training data was.
            """, params: [.int("digits", in: 1...9), .int("n", default: 10, in: 0...100_000), .int("seed", default: .nil, atLeast: 0)]) { args in
            let digits = try args.int("digits"), n = try args.int("n")
            return try session.withRandom(seed: try args["seed"], for: "arithmetic_problems") { rng in
                .list(ListBox((0..<n).map { _ in
                    let p = Arithmetic.problem(digits: digits, rng: &rng)
                    return .string("\(p.a)+\(p.b)")
                }))
            }
        }
        it.define("solve", doc: """
            Asks an arithmetic model "Q: a+b=" and \
            reads its answer: {prompt, completion, answer, expected, correct}. cot: true starts the reply with a \
            scratchpad (" S:"), cot: false with the answer (" A:"); nil lets the model choose. The answer is read \
            in the model's format unless `format` names another ("reversed": units first).
            """, params: [NativeParam("model"), .string("problem"), .bool("cot", default: .nil),
                          .number("temperature", default: 0, atLeast: 0), .int("seed", default: .nil, atLeast: 0),
                          .choice("format", Arithmetic.Format.allCases.map(\.rawValue), default: .nil)]) { args in
            let f = "solve"
            let lm = try model(try args["model"], for: f)
            let (a, b) = try parseProblem(try args.string("problem"), for: f)
            let question = "Q: \(a)+\(b)="
            var prompt = question
            if case .bool(let cot) = try args["cot"] { prompt += cot ? " S:" : " A:" }
            let ids = try encode(lm, prompt, for: f)
            let context = lm.model.config.context
            // Room for the longer (scratchpad) answer, " S: " + one "x+y+c=dcC" per digit + " A: sum\n", plus slack.
            let digits = max(String(a).count, String(b).count)
            let budget = min(context - ids.count, 4 + 10 * digits + 4 + String(a + b).count + 1 + 4)
            guard budget > 0 else { throw RuntimeError("solve: the prompt fills \(lm.name)'s whole context (\(context) tokens)") }
            let newline = try encode(lm, "\n", for: f, what: "stop")
            let options = GenerationOptions(maxTokens: budget,
                                            temperature: Float(try args.number("temperature")),
                                            stopTokens: newline, seed: try seed(try args["seed"], session: session, for: f))
            let out = try lm.model.generate(prompt: ids, options: options, tokenizer: lm.tokenizer)
            var completion = String(prompt.dropFirst(question.count)) + (out.text ?? "")
            if completion.hasSuffix("\n") { completion.removeLast() }
            let answer = Arithmetic.answer(in: completion, format: try formatArgument(args) ?? lm.format ?? .direct)
            return .dict(DictBox([
                ("prompt", .string(question)), ("completion", .string(completion)),
                ("answer", answer.map { .number(Double($0)) } ?? .nil), ("expected", .number(Double(a + b))),
                ("correct", .bool(answer == a + b)),
            ]))
        }
        it.define("eval_arithmetic", doc: """
            The fraction of n \
            random digits-digit additions the model gets right: greedy when samples is 1, else the majority answer \
            of `samples` completions at `temperature` (self-consistency). The answer is read in the model's own format \
            unless `format` names another ("reversed": units first).
            """, params: [NativeParam("model"), .int("digits", default: 3, in: 1...9), .int("n", default: 100, atLeast: 1),
                          .int("seed", default: 1234, atLeast: 0), .int("samples", default: 1, atLeast: 1),
                          .number("temperature", default: 0.8, atLeast: 0),
                          .choice("format", Arithmetic.Format.allCases.map(\.rawValue), default: .nil)]) { args in
            let f = "eval_arithmetic"
            let lm = try model(try args["model"], for: f)
            guard let format = try formatArgument(args) ?? lm.format else {
                throw RuntimeError("eval_arithmetic: \(lm.name) is not an arithmetic model (its checkpoint names no answer format); pass format:")
            }
            let score = try LMTraining.evaluateArithmetic(model: lm.model, format: format, digits: try args.int("digits"),
                                                          problems: try args.int("n"), samples: try args.int("samples"),
                                                          temperature: Float(try args.number("temperature")),
                                                          seed: UInt64(try args.int("seed")))
            return .number(score.accuracy)
        }
        it.define("answer_nll", doc: """
            How likely the model finds the right answers: the mean negative log-likelihood (nats) per answer token of n \
            random digits-digit additions written out in the model's format, teacher-forced in one batched forward pass. \
            Returns {nll, perplexity, tokens}. A compressed model's loss shows here before any greedy answer changes.
            """, params: [NativeParam("model"), .int("digits", default: 3, in: 1...9), .int("n", default: 64, atLeast: 1),
                          .int("seed", default: 1234, atLeast: 0)]) { args in
            let f = "answer_nll"
            let lm = try model(try args["model"], for: f)
            guard let format = lm.format else {
                throw RuntimeError("answer_nll: \(lm.name) is not an arithmetic model (its checkpoint names no answer format)")
            }
            let r = try LMTraining.answerLikelihood(model: lm.model, format: format, digits: try args.int("digits"),
                                                    problems: try args.int("n"), seed: UInt64(try args.int("seed")))
            return Bridge.record([("nll", .number(r.meanNLL)), ("perplexity", .number(r.perplexity)), ("tokens", .number(Double(r.tokens)))])
        }
    }

    /// The `digits` argument: operand lengths [low, high] with 1 ≤ low ≤ high ≤ 9.
    static func digitRange(_ args: Arguments, for function: String, example: String = "[1, 3]") throws -> ClosedRange<Int> {
        let range = try Convert.ints(try args["digits"], for: function, name: "digits")
        guard range.count == 2, range[0] >= 1, range[0] <= range[1], range[1] <= 9 else {
            throw RuntimeError("digits must be [low, high] with 1 ≤ low ≤ high ≤ 9, like \(example)")
        }
        return range[0]...range[1]
    }

    /// The `format` argument when given (it overrides the model's own), else nil.
    static func formatArgument(_ args: Arguments) throws -> Arithmetic.Format? {
        try args.isNil("format") ? nil : Arithmetic.Format(rawValue: try args.string("format"))
    }

    /// "347+285" (spaces allowed) as two non-negative integers.
    static func parseProblem(_ text: String, for function: String) throws -> (Int, Int) {
        let parts = text.replacingOccurrences(of: " ", with: "").split(separator: "+", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), a >= 0, b >= 0,
              parts.allSatisfy({ $0.allSatisfy(\.isNumber) && $0.count <= 9 }) else {
            throw RuntimeError("\(function): write the problem as two whole numbers joined by '+', like \"347+285\"; got \(text.debugDescription)")
        }
        return (a, b)
    }
}
