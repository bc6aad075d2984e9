import ArgumentParser
import Foundation
import Notebook

/// `whittle grade SUBMISSION... --key KEY.md`: grades submissions against the key, each in
/// its own process with time, memory and output limits, in parallel.
struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade submissions against the instructor's notebook (visible and hidden checks).",
        discussion: """
        Each exercise cell (`#| exercise: q1`) runs the student's code, then the key's checks; \
        every other cell comes from the key. Each submission runs in its own process with a \
        wall-clock, CPU, memory and output limit; what it did not reach scores 0. An exercise \
        that runs out of memory or crashes the process scores 0, and the rest is graded in a \
        fresh process. Submissions whose exercises were added, removed or reordered are graded \
        by exercise id, with a note. A submission that is not a valid notebook (bad front \
        matter, an unclosed ```whittle fence, a bad #| option) scores 0 on every check, with \
        the parse error (file:line) as the feedback.

        --json: one submission → the Gradescope results.json at that path; several → give a \
        folder (ending in '/'), which gets one NAME.json per submission. --junit: one XML file \
        with a <testsuite> per submission.

        Exit status: 0 grading ran (even when students lose points or a submission does not \
        parse); 1 grading failed for some submission (a missing or non-UTF-8 file) or for the \
        key (it does not parse or does not run to the end); 2 usage error.
        """)

    @ArgumentParser.Argument(help: "Submissions: .md files or folders of them.", completion: .file(extensions: ["md"]))
    var submissions: [String]

    @Option(name: .long, help: "The instructor's notebook (.md), with solutions and hidden tests.")
    var key: String

    @Option(name: .long, help: "Write Gradescope results.json (a folder ending in '/' for several submissions).")
    var json: String?

    @Option(name: .long, help: "Write JUnit XML to this path.")
    var junit: String?

    @Option(name: .long, help: "Submissions graded at once (default: the number of cores).")
    var jobs: Int?

    @Option(name: .long, help: "Wall-clock seconds per submission.")
    var timeLimit: Double = 60

    @Option(name: .long, help: "CPU seconds per grading process (default: the wall-clock limit + 1).")
    var cpuLimit: Int?

    @OptionGroup var limits: GradeCellLimits

    @Option(name: .long, help: "Gradescope visibility of hidden tests: hidden, after_due_date or after_published.")
    var hiddenVisibility: String = "after_due_date"

    func validate() throws {
        guard !submissions.isEmpty else { throw ValidationError("Give at least one submission.") }
        guard key.hasSuffix(".md") else { throw ValidationError("Expect --key to name a .md notebook, got '\(key)'.") }
        if let jobs, jobs < 1 { throw ValidationError("Expect --jobs ≥ 1, got \(jobs).") }
        guard timeLimit > 0, limits.cellTimeout > 0, (cpuLimit ?? 1) > 0 else {
            throw ValidationError("Expect positive time limits.")
        }
        guard limits.memoryMb >= 256 else { throw ValidationError("Expect --memory-mb ≥ 256, got \(limits.memoryMb).") }
        guard limits.outputLimit >= 1024 else {
            throw ValidationError("Expect --output-limit ≥ 1024 bytes, got \(limits.outputLimit).")
        }
        guard ["hidden", "after_due_date", "after_published", "visible"].contains(hiddenVisibility) else {
            throw ValidationError("Expect --hidden-visibility to be hidden, after_due_date, after_published or visible.")
        }
    }

    func run() throws {
        let terminal = Terminal()
        let keyNotebook: Notebook
        do {
            keyNotebook = try Notebook(contentsOf: key)
        } catch {
            terminal.error("error: \(error)")
            throw ExitCode(1)
        }
        let (paths, refused) = collectSubmissions()
        guard !paths.isEmpty || !refused.isEmpty else {
            terminal.error("error: no submissions to grade (the key itself is never graded as a submission)")
            throw ExitCode(1)
        }
        if let json, paths.count + refused.count > 1, !json.hasSuffix("/") {
            throw ValidationError("With several submissions, --json needs a folder ending in '/'.")
        }
        // The key graded against itself fixes every check's points, and proves the key passes.
        let keyRun = child(for: key, seconds: timeLimit).run()
        guard keyRun.lines.contains(where: { $0.kind == .done }) else {
            terminal.error("error: the key did not run to the end (\(keyRun.end.unreachedReason ?? "no result")); fix the key first")
            throw ExitCode(1)
        }
        // A key cell that stopped (an error, a time limit) would silently drop its checks from
        // every submission's maximum: the key must run clean to be a key at all.
        // (A cell that declares the error it shows, `#| error: …`, is working as written.)
        let expectsError = Set(keyNotebook.cells.filter { $0.options.expectedError != nil }.flatMap { Array($0.fenceLine...$0.closingFenceLine) })
        if let broken = keyRun.lines.first(where: { $0.kind == .step && $0.error != nil && !expectsError.contains($0.firstLine ?? -1) }) {
            terminal.error("error: the key's cell at \(broken.file ?? key):\(broken.firstLine ?? 0) stopped (\(broken.error ?? "")); fix the key, or give it more time with --cell-timeout or a 'timeout:' in its front matter")
            throw ExitCode(1)
        }
        let expected = GradeScoring.expectedChecks(fromKeyRun: keyRun.lines, hiddenLines: keyNotebook.hiddenTestLines)
        for line in keyRun.lines where line.kind == .step {
            for check in line.checks ?? [] where !check.passed {
                terminal.error("warning: the key fails its own check '\(check.name)' (\(key):\(check.line))")
            }
        }
        var grades = grade(paths, expected: expected, keyFile: keyNotebook.file)
        grades += refused.map { file in
            SubmissionGrade(path: file.path, tests: expected.map { GradedTest(expected: $0, score: 0, passed: false, output: "not graded: \(file.reason)") },
                            notes: [], failure: "\(file.reason): '\(file.path)'")
        }
        grades.sort { $0.path < $1.path }
        let resultNames = uniqueResultNames(grades.map(\.path))
        let resultFiles = grades.map { resultNames[$0.path] ?? "submission" }
        grades = grades.map { $0.sanitized() }
        try write(grades, resultFiles: resultFiles, terminal: terminal, exercises: keyNotebook.cells.compactMap(\.options.exercise))
        if grades.contains(where: { $0.failure != nil }) { throw ExitCode(1) }
    }

    /// Files named, and the .md files inside folders named (recursively), without the key;
    /// and the ones refused, with why. A symbolic link is never graded: it could be the key
    /// itself (full marks) or another student's file.
    private func collectSubmissions() -> (readable: [String], refused: [(path: String, reason: String)]) {
        var files: [String] = []
        var linked: Set<String> = []
        let keyURL = URL(fileURLWithPath: key).standardizedFileURL
        let keyResolved = keyURL.resolvingSymlinksInPath()
        for path in submissions {
            var isFolder: ObjCBool = false
            if !isSymbolicLink(path), FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                let enumerator = FileManager.default.enumerator(atPath: path)
                while let name = enumerator?.nextObject() as? String {
                    guard name.hasSuffix(".md") else { continue }
                    let file = (path as NSString).appendingPathComponent(name)
                    files.append(file)
                    // Every step below the named folder must be a real folder or file.
                    var step = path
                    for component in name.split(separator: "/") {
                        step = (step as NSString).appendingPathComponent(String(component))
                        if isSymbolicLink(step) { linked.insert(file) }
                    }
                }
            } else {
                files.append(path)
                if isSymbolicLink(path) { linked.insert(path) }
            }
        }
        files = Array(Set(files.filter { URL(fileURLWithPath: $0).standardizedFileURL != keyURL })).sorted()
        var readable: [String] = []
        var refused: [(path: String, reason: String)] = []
        for file in files {
            if linked.contains(file) || URL(fileURLWithPath: file).resolvingSymlinksInPath() == keyResolved {
                refused.append((file, "refused: a symbolic link, not a submitted file"))
            } else if !FileManager.default.isReadableFile(atPath: file) {
                refused.append((file, "cannot read the file"))
            } else {
                readable.append(file)
            }
        }
        return (readable, refused)
    }

    /// Whether `path` itself is a symbolic link (lstat; folders above it may be links).
    private func isSymbolicLink(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeSymbolicLink
    }

    /// A `grade-one` child for `path` that may take `seconds` and skips `skipSteps`. Its CPU
    /// limit (by default a second past the wall clock) is what stops a submission that runs
    /// on several threads (`set_threads`), and a child this process failed to kill.
    private func child(for path: String, seconds: Double, skipSteps: [Int] = [], visibleOnly: Bool = false) -> GradeChild {
        let cpuSeconds = cpuLimit ?? Int(seconds.rounded(.up)) + 1
        let arguments = ["grade-one", path, "--key", key, "--cpu-seconds", "\(cpuSeconds)"] + limits.childArguments
            + skipSteps.flatMap { ["--skip-step", "\($0)"] } + (visibleOnly ? ["--visible-only"] : [])
        return GradeChild(arguments: arguments, timeLimit: seconds, outputCap: 8 << 20)
    }

    /// Grades in parallel (`--jobs` workers pulling the next submission).
    private func grade(_ paths: [String], expected: [ExpectedCheck], keyFile: String) -> [SubmissionGrade] {
        var results = [SubmissionGrade?](repeating: nil, count: paths.count)
        let lock = NSLock()
        var next = 0
        let workers = min(jobs ?? ProcessInfo.processInfo.activeProcessorCount, max(paths.count, 1))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                lock.lock()
                let index = next
                next += 1
                lock.unlock()
                guard index < paths.count else { return }
                // Two passes in separate processes: what students see comes from a run without
                // the hidden tests; the hidden tests' scores come from a full run whose text is
                // never shown, so nothing a hidden test causes can reach visible feedback.
                func pass(visibleOnly: Bool) -> SubmissionGrade {
                    let runner = SubmissionRunner(timeLimit: timeLimit) { skip, seconds in
                        child(for: paths[index], seconds: seconds, skipSteps: skip, visibleOnly: visibleOnly)
                    }
                    let run = runner.run()
                    return GradeScoring.grade(path: paths[index], expected: expected, lines: run.lines,
                                              end: run.end, keyFile: keyFile, crashes: run.crashes)
                }
                let visible = pass(visibleOnly: true)
                let grade = expected.contains(where: \.hidden)
                    ? GradeScoring.merge(visible: visible, full: pass(visibleOnly: false)) : visible
                lock.lock()
                results[index] = grade
                lock.unlock()
            }
        }
        return results.compactMap { $0 }
    }

    /// Prints and writes the (already sanitized) grades; `resultFiles` names each one's results
    /// file in a `--json` folder.
    private func write(_ grades: [SubmissionGrade], resultFiles: [String], terminal: Terminal,
                       exercises: [String]) throws {
        if grades.count == 1 { terminal.out(GradeTerminal.details(grades[0])) }
        terminal.out(GradeTerminal.summary(grades, exercises: exercises, width: terminal.width))
        if grades.count > 1 {
            for grade in grades {
                for note in grade.notes { terminal.out("\(grade.path): \(note)\n") }
                if let failure = grade.failure { terminal.error("\(grade.path): error: \(failure)") }
            }
        }
        do {
            if let json {
                for (grade, name) in zip(grades, resultFiles) {
                    let results = GradescopeResults(grade, hiddenVisibility: hiddenVisibility).json()
                    let target = json.hasSuffix("/") ? json + name + ".json" : json
                    try GradingFiles.write(results, to: target)
                }
            }
            if let junit { try GradingFiles.write(JUnitReport.xml(grades), to: junit) }
        } catch {
            terminal.error("error: \(error)")
            throw ExitCode(1)
        }
    }
}
