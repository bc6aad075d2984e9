import Interpreter
import LM
import TensorCore

/// Chain-of-thought arithmetic: problems, solving one, scoring many (greedy or by majority vote).
extension LMBindings {
    static func installArithmetic(_ session: Session) {
        let it = session.interpreter
        it.define("arithmetic_problems", doc: """
            arithmetic_problems(digits, n: 10, seed: nil) — n addition problems "a+b" whose operands have exactly \
            `digits` digits, drawn as the training data was.
            """, params: [NativeParam("digits"), NativeParam("n", default: 10), NativeParam("seed", default: .nil)]) { args in
            let digits = try Convert.int(args[0], for: "arithmetic_problems", name: "digits")
            let n = try Convert.int(args[1], for: "arithmetic_problems", name: "n")
            guard (1...9).contains(digits), (0...100_000).contains(n) else {
                throw RuntimeError("arithmetic_problems: expect 1 to 9 digits and 0 to 100000 problems, got \(digits) and \(n)")
            }
            return try session.withRandom(seed: args[2], for: "arithmetic_problems") { rng in
                .list(ListBox((0..<n).map { _ in
                    let p = Arithmetic.problem(digits: digits, rng: &rng)
                    return .string("\(p.a)+\(p.b)")
                }))
            }
        }
        it.define("solve", doc: """
            solve(model, problem, cot: nil, temperature: 0, seed: nil) — asks an arithmetic model "Q: a+b=" and \
            reads its answer: {prompt, completion, answer, expected, correct}. cot: true starts the reply with a \
            scratchpad (" S:"), cot: false with the answer (" A:"); nil lets the model choose.
            """, params: [NativeParam("model"), NativeParam("problem"), NativeParam("cot", default: .nil),
                          NativeParam("temperature", default: 0), NativeParam("seed", default: .nil)]) { args in
            let f = "solve"
            let lm = try model(args[0], for: f)
            let (a, b) = try parseProblem(try args.string(1, "problem"), for: f)
            let question = "Q: \(a)+\(b)="
            var prompt = question
            if case .bool(let cot) = args[2] { prompt += cot ? " S:" : " A:" }
            else if !args[2].isNil { throw RuntimeError("solve: expect true, false or nil for 'cot', got \(args[2].typeName)") }
            let ids = try encode(lm, prompt, for: f)
            let context = lm.model.config.context
            // Room for the longer (scratchpad) answer, " S: " + one "x+y+c=dcC" per digit + " A: sum\n", plus slack.
            let digits = max(String(a).count, String(b).count)
            let budget = min(context - ids.count, 4 + 10 * digits + 4 + String(a + b).count + 1 + 4)
            guard budget > 0 else { throw RuntimeError("solve: the prompt fills \(lm.name)'s whole context (\(context) tokens)") }
            let newline = try encode(lm, "\n", for: f, what: "stop")
            let options = GenerationOptions(maxTokens: budget,
                                            temperature: Float(try Convert.number(args[3], for: f, name: "temperature")),
                                            stopTokens: newline, seed: try seed(args[4], session: session, for: f))
            let out = try guarded(f) { try lm.model.generate(prompt: ids, options: options, tokenizer: lm.tokenizer) }
            var completion = String(prompt.dropFirst(question.count)) + (out.text ?? "")
            if completion.hasSuffix("\n") { completion.removeLast() }
            let answer = Arithmetic.answer(in: completion)
            return .dict(DictBox([
                ("prompt", .string(question)), ("completion", .string(completion)),
                ("answer", answer.map { .number(Double($0)) } ?? .nil), ("expected", .number(Double(a + b))),
                ("correct", .bool(answer == a + b)),
            ]))
        }
        it.define("eval_arithmetic", doc: """
            eval_arithmetic(model, digits: 3, n: 100, seed: 1234, samples: 1, temperature: 0.8) — the fraction of n \
            random digits-digit additions the model gets right: greedy when samples is 1, else the majority answer \
            of `samples` completions at `temperature` (self-consistency).
            """, params: [NativeParam("model"), NativeParam("digits", default: 3), NativeParam("n", default: 100),
                          NativeParam("seed", default: 1234), NativeParam("samples", default: 1),
                          NativeParam("temperature", default: 0.8)]) { args in
            let f = "eval_arithmetic"
            let lm = try model(args[0], for: f)
            guard let format = lm.format else {
                throw RuntimeError("eval_arithmetic: \(lm.name) is not an arithmetic model (its checkpoint names no answer format)")
            }
            let digits = try Convert.int(args[1], for: f, name: "digits")
            let n = try Convert.int(args[2], for: f, name: "n")
            let seed = try Convert.int(args[3], for: f, name: "seed")
            let samples = try Convert.int(args[4], for: f, name: "samples")
            guard (1...9).contains(digits), n >= 1, seed >= 0, samples >= 1 else {
                throw RuntimeError("eval_arithmetic: expect 1 to 9 digits, n ≥ 1, seed ≥ 0 and samples ≥ 1")
            }
            let score = try guarded(f) {
                try LMTraining.evaluateArithmetic(model: lm.model, format: format, digits: digits, problems: n, samples: samples,
                                                  temperature: Float(try Convert.number(args[5], for: f, name: "temperature")),
                                                  seed: UInt64(seed))
            }
            return .number(score.accuracy)
        }
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
