import ArgumentParser
import Foundation
import Interpreter
import Notebook

/// `whittle grade-one SUBMISSION --key KEY`: grades one submission in this process and
/// streams JSON lines (see `GradeLine`). Hidden: `whittle grade` runs it as a child so that
/// a crash, a loop or a flood costs only that submission.
struct GradeOneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade-one",
        abstract: "Grade one submission in this process, writing JSON lines (used by `grade`).",
        shouldDisplay: false)

    @ArgumentParser.Argument(help: "The submission (.md).")
    var submission: String

    @Option(name: .long, help: "The instructor's notebook (.md).")
    var key: String

    @OptionGroup var limits: GradeCellLimits

    @Option(name: .long, help: "CPU-time limit in seconds (0: none).")
    var cpuSeconds: Int = 0

    @Option(name: .long, help: "Interpreter steps per cell.")
    var stepLimit: Int = 200_000_000

    func run() throws {
        // Limits first, before any student byte is read.
        GradeLimits.apply(memoryMiB: limits.memoryMb, cpuSeconds: cpuSeconds)
        let keyNotebook: Notebook
        let submitted: Notebook
        do {
            keyNotebook = try Notebook(contentsOf: key)
            submitted = try Notebook(contentsOf: submission)
        } catch {
            var line = GradeLine(kind: .fatal)
            line.error = "\(error)"
            emit(line)
            throw ExitCode(1)
        }
        let plan = gradingPlan(submission: submitted, key: keyNotebook)
        var planLine = GradeLine(kind: .plan)
        planLine.notes = plan.notes
        emit(planLine)
        // Half the default stack (and call depth): under RLIMIT_AS the run thread's stack is
        // reserved address space; a thread that cannot get it would cost a 5 s fallback wait.
        var options = InterpreterOptions(maxCallDepth: 5_000, stepLimit: stepLimit)
        options.stackSize = 256 << 20
        let session = GradingCellSession(seed: keyNotebook.frontMatter.seed ?? 0, options: options,
                                         keyFile: keyNotebook.file, outputLimit: limits.outputLimit,
                                         defaultTimeout: limits.cellTimeout)
        _ = NotebookRunner(continueOnError: true).run(plan, in: session) { index, run in
            var line = GradeLine(kind: .step)
            line.index = index
            line.exercise = run.step.exercise
            line.origin = run.step.origin == .key ? "key" : "submission"
            line.file = run.step.file
            line.firstLine = run.step.firstLine
            let code = run.step.code
            line.lineCount = code.filter { $0 == "\n" }.count + (code.hasSuffix("\n") ? 0 : 1)
            line.error = run.result.error?.message
            let text = run.result.outputs.map { output -> String in
                switch output {
                case .text(let text): return text
                case .display(let terminal, _, _): return terminal
                }
            }.joined()
            line.output = text.isEmpty ? nil : String(text.prefix(2000))
            line.checks = session.lastChecks
            emit(line)
        }
        emit(GradeLine(kind: .done))
    }

    private func emit(_ line: GradeLine) {
        FileHandle.standardOutput.write(line.encoded())
    }
}

/// Resource limits a grading child sets on itself.
enum GradeLimits {
    static func apply(memoryMiB: Int, cpuSeconds: Int) {
        if memoryMiB > 0 {
            let bytes = rlim_t(memoryMiB) << 20
            var limit = rlimit(rlim_cur: bytes, rlim_max: bytes)
            _ = setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
        }
        if cpuSeconds > 0 {
            // Soft limit sends SIGXCPU, the hard one a second later SIGKILL.
            var limit = rlimit(rlim_cur: rlim_t(cpuSeconds), rlim_max: rlim_t(cpuSeconds + 1))
            _ = setrlimit(Int32(RLIMIT_CPU.rawValue), &limit)
        }
    }
}
