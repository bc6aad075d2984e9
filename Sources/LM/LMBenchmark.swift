// The decoder benchmark against the numpy anchor (bench/lm/run.sh): the anchor's weights,
// prompt [0], 256 greedy tokens with the KV cache (the ring wraps after 128), one thread.
// tokens/s = tokens / median(seconds over runs), timing the whole generation as the anchor does.
import Foundation
import NN
import TensorCore

/// Times Whittle's decoder on the anchor's task and checks it produces the anchor's tokens.
public enum LMBenchmark {
    /// What one benchmark run measured.
    public struct Result {
        public var tokens: [Int]
        public var runs: Int
        public var medianSeconds: Double
        public var bestSeconds: Double
        public var tokensPerSecond: Double { Double(tokens.count) / medianSeconds }
        /// nil when no expected.json was found; true when every token matches it.
        public var matchesExpected: Bool?
        /// A one-line JSON summary in the anchor's style.
        public var json: String {
            let match = matchesExpected.map { $0 ? "true" : "false" } ?? "null"
            return String(format: "{\"impl\": \"whittle\", \"runs\": %d, \"median_s\": %.6f, \"min_s\": %.6f, \"tok_per_s\": %.1f, \"tokens_head\": [%@], \"tokens_sum\": %d, \"matches_expected\": %@}",
                          runs, medianSeconds, bestSeconds, tokensPerSecond,
                          tokens.prefix(16).map(String.init).joined(separator: ", "), tokens.reduce(0, +), match)
        }
    }

    /// Runs the benchmark.
    /// - Parameters:
    ///   - weights: a .safetensors checkpoint (bench/lm/convert_dump.py makes one from the anchor's dump).
    ///   - expected: the anchor's expected.json; nil looks for one next to `weights`.
    ///   - tokens: greedy tokens to generate after the prompt [0].
    ///   - runs: timed runs after one warm-up; the median is reported.
    ///   - threads: BLAS threads (the comparison uses 1).
    public static func run(weights: String, expected: String? = nil, tokens: Int = 256, runs: Int = 7,
                           threads: Int = 1) throws -> Result {
        guard runs >= 1, tokens >= 1 else { throw LMError.argument("bench: runs and tokens must be ≥ 1") }
        TensorCore.threads = threads
        let model = try GPTModel.load(from: URL(fileURLWithPath: weights))
        let options = GenerationOptions(maxTokens: tokens)
        let reference = try model.generate(prompt: [0], options: options).tokens      // warm-up
        var times: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            let out = try model.generate(prompt: [0], options: options).tokens
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            guard out == reference else { throw LMError.argument("bench: greedy decoding gave different tokens across runs") }
        }
        times.sort()
        var result = Result(tokens: reference, runs: runs, medianSeconds: times[times.count / 2], bestSeconds: times[0])
        let expectedPath = expected ?? URL(fileURLWithPath: weights).deletingLastPathComponent()
            .appendingPathComponent("expected.json").path
        if let data = FileManager.default.contents(atPath: expectedPath),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let want = object["tokens"] as? [Int] {
            result.matchesExpected = Array(want.prefix(tokens)) == reference
        }
        return result
    }

    /// Speculative decoding measured against plain greedy decoding of the target.
    public struct SpeculativeResult {
        public var generation: SpeculativeGeneration
        public var targetSeconds: Double
        public var speculativeSeconds: Double
        public var sameTokens: Bool
        public var speedup: Double { targetSeconds / speculativeSeconds }
    }

    /// Times greedy decoding of `target` alone and with `draft` proposing `gamma` tokens per round
    /// (median of `runs`), and reports α, tokens per target call, E and the wall-clock speedup.
    public static func speculative(target: GPTModel, draft: GPTModel, prompt: [Int], gamma: Int,
                                   options: GenerationOptions, runs: Int = 5) throws -> SpeculativeResult {
        func median(_ body: () throws -> Void) rethrows -> Double {
            var times: [Double] = []
            for _ in 0..<max(runs, 1) {
                let start = DispatchTime.now().uptimeNanoseconds
                try body()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            return times.sorted()[times.count / 2]
        }
        let plain = try target.generate(prompt: prompt, options: options)
        let spec = try SpeculativeDecoding.generate(target: target, draft: draft, prompt: prompt, gamma: gamma, options: options)
        let targetSeconds = try median { _ = try target.generate(prompt: prompt, options: options) }
        let specSeconds = try median {
            _ = try SpeculativeDecoding.generate(target: target, draft: draft, prompt: prompt, gamma: gamma, options: options)
        }
        return SpeculativeResult(generation: spec, targetSeconds: targetSeconds, speculativeSeconds: specSeconds,
                                 sameTokens: spec.tokens == plain.tokens)
    }
}
