import Foundation
import Interpreter
import Render
import TensorCore

/// A language session with the numeric core bound in: the interpreter, every native
/// binding, the `stdlib/*.wh` import path, and one seeded random generator.
///
///     let session = Session(seed: 0)
///     let outcome = session.interpreter.run("randn([2, 2]) @ eye(2)", file: "<repl>")
///
/// Random functions without `seed:` draw from the session's generator, so a notebook
/// run twice from the same seed prints the same numbers.
public final class Session {
    public let interpreter: Interpreter
    var random: WhittleRandom
    /// Where `load_lm` reads and `save_lm` writes (the grader narrows it).
    /// Looked up only when a file function first runs: most sessions never touch a file.
    public lazy var files = FileAccess.project()
    /// The names the host defined (everything a student must not redefine when graded).
    public private(set) var hostNames: [String] = []

    /// Creates a session.
    /// - Parameters:
    ///   - seed: Seed of the session's random generator (a notebook's `seed:`).
    ///   - options: Interpreter limits; `importPaths` defaults to `Session.stdlibSearchPaths()`.
    public init(seed: UInt64 = 0, options: InterpreterOptions = .init()) {
        var options = options
        if options.importPaths.isEmpty { options.importPaths = Session.stdlibSearchPaths() }
        interpreter = Interpreter(options: options)
        Interpreter.measureTextWith(Render.displayWidth)  // Hangul pads as two columns a syllable
        // A timeout or Ctrl-C also stops training and generation between their steps.
        interpreter.interruptHooks = (request: Cancellation.request, clear: Cancellation.reset)
        random = WhittleRandom(seed: seed)
        let before = Set(interpreter.globalNames)
        // Each group is filed under its topic for help() and docs/library.md.
        let groups: [(String, (Session) -> Void)] = [
            ("Tensors", TensorBindings.install), ("Display: tables, plots, equations", RenderBindings.install),
            ("Session", CoreBindings.install), ("Checks and grading", CheckBindings.install),
            ("Language models", LMBindings.install), ("Models", ModelBindings.install),
            ("Data sets", DataBindings.install), ("Training", TrainingBindings.install),
            ("Quantization", CompressionBindings.install), ("Pruning", PruningBindings.install),
            ("Distillation and factorization", DistillBindings.install), ("Gradients", GradBindings.install),
            ("Fine-tuning: LoRA, adapters, QLoRA", PEFTBindings.install), ("Mixture of experts", MoEBindings.install),
            ("Reinforcement learning: GRPO", RLBindings.install), ("Memory", MemoryBindings.install),
            ("Parallelism", ParallelismBindings.install), ("Efficient attention", AttentionBindings.install),
            ("Compilation: operator fusion", FusionBindings.install),
        ]
        for (topic, install) in groups {
            interpreter.definingTopic = topic
            install(self)
        }
        interpreter.definingTopic = "Your code"
        hostNames = interpreter.globalNames.filter { !before.contains($0) } + Array(before)
    }

    /// Makes every host-defined global impossible to redefine (used by the grader).
    public func lockHostNames() { interpreter.lock(names: hostNames) }

    /// Restarts the session's random stream.
    public func reseed(_ seed: UInt64) { random = WhittleRandom(seed: seed) }

    /// Runs `body` with a private generator when `seed` is a number, else the session's.
    func withRandom<T>(seed: Value, for function: String, _ body: (inout WhittleRandom) throws -> T) throws -> T {
        if seed.isNil { return try body(&random) }
        let n = try Convert.int(seed, for: function, name: "seed")
        guard n >= 0 else { throw RuntimeError("\(function): expect a seed ≥ 0, got \(n)") }
        var private_ = WhittleRandom(seed: UInt64(n))
        return try body(&private_)
    }

    /// Where `import name` looks for `name.wh`: $WHITTLE_STDLIB, then a `stdlib` folder
    /// beside the executable or in one of its parent folders (a source checkout with the
    /// binary in .build/), then ./stdlib.
    public static func stdlibSearchPaths() -> [String] {
        var paths: [String] = []
        if let env = ProcessInfo.processInfo.environment["WHITTLE_STDLIB"], !env.isEmpty { paths.append(env) }
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("stdlib")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("README.md").path) {
                paths.append(candidate.path)
                break
            }
            dir = dir.deletingLastPathComponent()
        }
        paths.append(FileManager.default.currentDirectoryPath + "/stdlib")
        return paths
    }
}

/// Small host functions with no better home.
enum CoreBindings {
    static func install(in session: Session) {
        let it = session.interpreter
        it.define("todo", doc: "A placeholder for an exercise's solution; it always fails, telling you what to write.",
                  params: [NativeParam("message", default: "write your solution here")]) { args in
            throw RuntimeError("todo: \(try args["message"].text) (this exercise is not solved yet)")
        }
        it.define("set_seed", doc: "Restart the session's random generator from seed n.",
                  params: [NativeParam("n")]) { args in
            let n = try Convert.int(try args["n"], for: "set_seed", name: "n")
            guard n >= 0 else { throw RuntimeError("set_seed: expect a seed ≥ 0, got \(n)") }
            session.reseed(UInt64(n))
            return .nil
        }
        it.define("set_threads", doc: "Threads used by BLAS and large elementwise kernels.",
                  params: [NativeParam("n")]) { args in
            let n = try Convert.int(try args["n"], for: "set_threads", name: "n")
            guard (1...256).contains(n) else { throw RuntimeError("set_threads: expect 1 to 256 threads, got \(n)") }
            TensorCore.threads = n
            return .nil
        }
        it.defineValue("pi", .number(Double.pi))
    }
}

/// Native work the interrupt stopped is the language's "Interrupted." (fatal, like a timeout).
extension Cancelled: Interruption {}
