import ArgumentParser
import Foundation
import LM
import TensorCore

/// `whittle bench`: timings of the core kernels, printed in the format bench/run.sh
/// pairs with numpy's. Timings are wall-clock and vary; they belong in benchmarks,
/// never in tests or committed reports.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the tensor kernels, the GPT decoder or Whittle scripts (bench/run.sh compares them with numpy and CPython).",
        discussion: """
        tensor: one line per kernel, NAME  TIME ms (best of 7 samples).
        integer: INT8 GEMM (the integer kernel) and FP32 sgemm on the same n × n × n products, same format.
        lm: 256 greedy tokens from --weights (a safetensors GPT, e.g. the numpy anchor's dump converted \
        by bench/lm/convert_dump.py) with a KV cache; prints a JSON line with tokens/s and whether the \
        tokens match expected.json beside the weights; then speculative decoding with the model's own \
        first layers as the draft.
        lang: each FILE.wh given after the suite is run --reps times in a fresh session, in this \
        process; prints NAME result=LAST-PRINTED-LINE median=S min=S n=REPS, the format of \
        `python3 bench.py NAME REPS` (bench/lang/run.sh puts the two side by side).
        """)

    @ArgumentParser.Argument(help: "What to time: tensor, integer, lm or lang.")
    var suite: String = "tensor"

    @ArgumentParser.Argument(help: "lang: the .wh scripts to time.", completion: .file(extensions: ["wh"]))
    var scripts: [String] = []

    @Option(name: .long, help: "lang: timed runs per script (the median and the minimum are printed).")
    var reps: Int = 5

    @Option(name: .long, help: "lm: the safetensors checkpoint to decode with.")
    var weights: String?

    @OptionGroup var compute: ComputeOptions

    func validate() throws {
        guard ["tensor", "integer", "lm", "lang"].contains(suite) else { throw ValidationError("Unknown suite '\(suite)'; expect tensor, integer, lm or lang.") }
        if suite == "lang" && scripts.isEmpty { throw ValidationError("bench lang needs one or more .wh scripts.") }
        if suite != "lang" && !scripts.isEmpty { throw ValidationError("Only bench lang takes scripts.") }
        guard (1...1000).contains(reps) else { throw ValidationError("--reps must be 1 to 1000.") }
        if suite == "lm" && weights == nil { throw ValidationError("bench lm needs --weights FILE.safetensors.") }
    }

    func run() throws {
        try compute.apply()
        let threads = TensorCore.threads
        switch suite {
        case "lm": try runLM(weights: weights ?? "", threads: threads)
        case "lang": for line in try LangBenchmark.run(scripts: scripts, reps: reps) { print(line) }
        case "integer": print(TensorBenchmarks.format(TensorBenchmarks.integer(threads: threads)))
        default: print(TensorBenchmarks.format(TensorBenchmarks.run(threads: threads)))
        }
    }

    private func runLM(weights: String, threads: Int) throws {
        let target = try GPTModel.load(from: URL(fileURLWithPath: weights))
        for (draftLayers, gamma) in [(1, 4), (2, 4), (2, 2)] where draftLayers < target.config.layers {
            let draft = try target.truncated(layers: draftLayers)
            let r = try LMBenchmark.speculative(target: target, draft: draft, prompt: [0], gamma: gamma,
                                                options: GenerationOptions(maxTokens: 256), runs: 3)
            let g = r.generation
            print(String(format: "speculative: draft %d/%d layers, gamma %d: alpha %.3f, tokens per target call %.2f (E = %.2f), speedup %.2fx, same tokens: %@",
                         draftLayers, target.config.layers, gamma, g.acceptanceRate, g.tokensPerTargetCall,
                         g.expectedTokensPerTargetCall, r.speedup, r.sameTokens ? "yes" : "NO"))
        }
        let result = try LMBenchmark.run(weights: weights, threads: threads)
        print(result.json)
    }
}
