import Foundation
import Interpreter
import LM
import NN

/// Reinforcement learning from verifiable rewards: GRPO on the arithmetic models.
enum RLBindings {
    static func install(in session: Session) {
        session.interpreter.define("grpo", doc: """
            GRPO (DeepSeekMath) on an arithmetic model, in place: each step samples `group` completions for each of \
            `prompts` random sums, scores them (reward "exact_format": 1 for the right answer + 0.1 for a well-formed one; \
            "exact"; "last_digit", a gameable proxy), takes advantages (r − mean)/(std + ε) per group (scale_std: false \
            for Dr. GRPO), then `mu` Adam steps on the clipped objective min(ρÂ, clip(ρ, 1 ± clip)Â) − β·KL₃(π_ref ‖ π). \
            normalization "sequence" averages per completion then over completions (the paper), "token" over all tokens. \
            Returns one record per step: {step, reward, exact, tied, kl, clip}.
            """, params: [NativeParam("model"), .int("steps", default: 50, in: 1...100_000), .int("group", default: 8, in: 2...256),
                          .int("prompts", default: 8, in: 1...1024), .number("lr", default: 1e-4, above: 0),
                          .number("clip", default: 0.2, above: 0), .number("beta", default: 0.04, atLeast: 0),
                          .int("mu", default: 1, in: 1...64), .choice("normalization", GRPONormalization.allCases.map(\.rawValue), default: "sequence"),
                          .bool("scale_std", default: true), .number("temperature", default: 1, above: 0),
                          .choice("reward", ArithmeticReward.allCases.map(\.rawValue), default: "exact_format"),
                          .list("digits", default: .list(ListBox([1, 2]))), .int("seed", default: 0, atLeast: 0)]) { args in
            let lm = try LMBindings.model(try args["model"], for: "grpo")
            if lm.isFrozen { throw RuntimeError.frozen("language model", change: "train copy_model(m),") }
            guard let format = lm.format else { throw RuntimeError("\(lm.name) is not an arithmetic model (its checkpoint names no answer format)") }
            let digits = try LMBindings.digitRange(args, for: "grpo", example: "[1, 2]")
            var config = GRPOConfig()
            config.steps = try args.int("steps")
            config.groupSize = try args.int("group")
            config.prompts = try args.int("prompts")
            config.learningRate = Float(try args.number("lr"))
            config.clip = Float(try args.number("clip"))
            config.beta = Float(try args.number("beta"))
            config.innerIterations = try args.int("mu")
            config.normalization = GRPONormalization(rawValue: try args.string("normalization")) ?? .sequence
            config.scaleByStd = try args.bool("scale_std")
            config.temperature = Float(try args.number("temperature"))
            config.reward = ArithmeticReward(rawValue: try args.string("reward")) ?? .exactAndFormat
            config.digits = digits
            config.seed = UInt64(try args.int("seed"))
            let logs = try LMTraining.grpo(lm.model, format: format, config: config)
            return .list(ListBox(logs.map { log in
                Bridge.record([("step", .number(Double(log.step))), ("reward", .number(round4(log.meanReward))),
                               ("exact", .number(round4(log.exactFraction))), ("tied", .number(round4(log.tiedGroups))),
                               ("kl", .number(round4(log.kl, digits: 6))), ("clip", .number(round4(log.clipFraction)))])
            }))
        }
    }

    /// Rounded so that printed logs stay short (and identical wherever the run is identical).
    static func round4(_ x: Double, digits: Int = 4) -> Double {
        let scale = Foundation.pow(10.0, Double(digits))
        return (x * scale).rounded() / scale
    }
}
