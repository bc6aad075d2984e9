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

    @Option(name: .long, help: "A plan step to skip (it crashed an earlier child); repeatable.")
    var skipStep: [Int] = []

    @Flag(name: .long, help: "Run without the key's hidden tests (the pass whose output students see).")
    var visibleOnly = false

    func run() throws {
        // Limits first, before any student byte is read.
        GradeLimits.apply(memoryMiB: limits.memoryMb, cpuSeconds: cpuSeconds)
        GradeCrashReport.install(memoryMiB: limits.memoryMb)
        let keyNotebook: Notebook
        let submitted: Notebook
        do {
            keyNotebook = try Notebook(contentsOf: key)
        } catch {
            emitFatal(error)
            throw ExitCode(1)
        }
        do {
            submitted = try Notebook(contentsOf: submission)
        } catch let error as NotebookError where !error.isIO {
            // A file that reads but does not parse is the student's mistake: it scores 0
            // with the parse error as feedback, and grading goes on.
            var line = GradeLine(kind: .unparsable)
            line.error = "\(error)"
            emit(line)
            return
        } catch {
            emitFatal(error)
            throw ExitCode(1)
        }
        let fullPlan = gradingPlan(submission: submitted, key: keyNotebook)
        let plan = (visibleOnly ? fullPlan.withoutHiddenTests(keyFile: keyNotebook.file) : fullPlan).skipping(Set(skipStep))
        var planLine = GradeLine(kind: .plan)
        planLine.notes = plan.notes
        planLine.stepExercises = plan.steps.map(\.exercise)
        emit(planLine)
        // Half the default stack (and call depth): under RLIMIT_AS the run thread's stack is
        // reserved address space; a thread that cannot get it would cost a 5 s fallback wait.
        var options = InterpreterOptions(maxCallDepth: 5_000, stepLimit: stepLimit)
        options.stackSize = 256 << 20
        let session = GradingCellSession(seed: keyNotebook.frontMatter.seed ?? 0, options: options,
                                         keyFile: keyNotebook.file, outputLimit: limits.outputLimit,
                                         defaultTimeout: limits.cellTimeout)
        // Files: the course is read first and never written; the submission writes only in a
        // scratch folder of its own, deleted when it is graded.
        let scratch: URL
        do { scratch = try GradeScratch.make() } catch {
            emitFatal(error)
            throw ExitCode(1)
        }
        defer { GradeScratch.remove(scratch) }
        let keyFolder = URL(fileURLWithPath: key).standardizedFileURL.deletingLastPathComponent()
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        session.session.files = .grading(course: [keyFolder, current], scratch: scratch, scratchPrefix: GradeScratch.prefix)
        _ = NotebookRunner(continueOnError: true).run(plan, in: session) { index, run in
            var line = GradeLine(kind: .step)
            line.index = index
            line.exercise = run.step.exercise
            line.origin = run.step.origin == .key ? "key" : "submission"
            line.file = run.step.file
            line.firstLine = run.step.firstLine
            let code = run.step.code
            line.lineCount = code.isEmpty ? 0 : code.filter { $0 == "\n" }.count + (code.hasSuffix("\n") ? 0 : 1)
            // Capped here too, so a megabyte error message never crosses the pipe (the parent
            // cleans and caps again: it does not trust what a child says).
            line.error = run.result.error.map { UntrustedText.clean($0.message, limit: UntrustedText.pipeLimit) }
            let text = run.result.outputs.map { output -> String in
                switch output {
                case .text(let text): return text
                case .display(let terminal, _, _): return terminal
                }
            }.joined()
            line.output = text.isEmpty ? nil : UntrustedText.clean(text, limit: UntrustedText.pipeLimit)
            line.checks = Self.cappedChecks(session.lastChecks)
            emit(line)
        }
        emit(GradeLine(kind: .done))
    }

    /// The checks with their messages and hints capped.
    static func cappedChecks(_ checks: [GradedCheck]) -> [GradedCheck] {
        checks.map { check in
            var check = check
            check.message = check.message.map { UntrustedText.clean($0, limit: UntrustedText.pipeLimit) }
            check.hint = check.hint.map { UntrustedText.clean($0, limit: UntrustedText.pipeLimit) }
            return check
        }
    }

    private func emit(_ line: GradeLine) {
        FileHandle.standardOutput.write(line.encoded())
    }

    /// Why grading could not start (a file that cannot be read, a key that does not parse).
    private func emitFatal(_ error: Error) {
        var line = GradeLine(kind: .fatal)
        line.error = "\(error)"
        emit(line)
    }
}

private extension NotebookError {
    /// Reading failed (missing file, not UTF-8), as opposed to a parse error in the text.
    var isIO: Bool {
        if case .io = self { return true }
        return false
    }
}

extension GradingPlan {
    /// The plan with the steps at `indices` emptied (a step that crashed an earlier child).
    /// Indices stay as they were, so a retry's lines line up with the first run's. An
    /// emptied student step empties its exercise's test steps too: without the answer they
    /// could only fail on the names it did not define.
    func skipping(_ indices: Set<Int>) -> GradingPlan {
        guard !indices.isEmpty else { return self }
        var plan = self
        var answerless: Set<String> = []
        for index in plan.steps.indices {
            let step = plan.steps[index]
            if indices.contains(index) {
                plan.steps[index].code = ""
                if step.origin == .submission, let exercise = step.exercise { answerless.insert(exercise) }
            } else if step.origin == .key, let exercise = step.exercise, answerless.contains(exercise) {
                plan.steps[index].code = ""
            }
        }
        return plan
    }
}

/// Resource limits a grading child sets on itself: address space, CPU time, no core files.
enum GradeLimits {
    static func apply(memoryMiB: Int, cpuSeconds: Int) {
        if memoryMiB > 0 {
            let bytes = rlim_t(memoryMiB) << 20
            var limit = rlimit(rlim_cur: bytes, rlim_max: bytes)
            _ = setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
        }
        // A crash (out of memory, SIGXCPU) must not leave a core file of up to the whole
        // address space in the grading folder.
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(Int32(RLIMIT_CORE.rawValue), &noCore)
        if cpuSeconds > 0 {
            // SIGXCPU must kill. A child inherits the signal mask of the thread that started
            // it, and `grade` starts children from Dispatch workers, which block most signals:
            // a blocked SIGXCPU leaves only the hard limit's SIGKILL, which reads as a crash.
            // Done before any thread starts, so that they all inherit the open mask.
            var none = sigset_t()
            sigemptyset(&none)
            pthread_sigmask(SIG_SETMASK, &none, nil)
            signal(SIGXCPU, SIG_DFL)
            // Soft limit sends SIGXCPU, the hard one a second later SIGKILL.
            var limit = rlimit(rlim_cur: rlim_t(cpuSeconds), rlim_max: rlim_t(cpuSeconds + 1))
            _ = setrlimit(Int32(RLIMIT_CPU.rawValue), &limit)
        }
    }
}
