import Foundation
import Notebook

/// A check the key declares: the points a submission can earn for it, fixed by running
/// the key itself, so max points never depend on how far a student's code got.
struct ExpectedCheck: Equatable {
    var exercise: String?
    var name: String
    var points: Double
    var line: Int
    var hidden: Bool

    /// "q1: name" for exercise checks, the bare name otherwise.
    var testName: String { exercise.map { "\($0): \(name)" } ?? name }
}

/// One graded check of one submission.
struct GradedTest: Equatable {
    var expected: ExpectedCheck
    var score: Double
    var passed: Bool
    /// Why it failed (the error, the hint, or why it never ran); empty when passed.
    var output: String
}

/// The grade of one submission.
struct SubmissionGrade {
    var path: String
    var tests: [GradedTest]
    var notes: [String]
    /// Set when grading itself failed (unreadable file): the exit status becomes 1.
    var failure: String?

    var score: Double { tests.reduce(0) { $0 + $1.score } }
    var maxScore: Double { tests.reduce(0) { $0 + $1.expected.points } }
}

enum GradeScoring {
    /// The visible pass's grade with the hidden tests' scores from the full pass. A failed
    /// hidden test says only that it failed, or which limit stopped it: any text student code
    /// produced in the full pass (an error message, a check's message) could carry what it saw
    /// of a hidden test's inputs.
    /// What a failed hidden test may say: the grader's own verdicts (a limit, a crash, a
    /// submission that does not parse — all made without running a hidden test), nothing else.
    static func hiddenFeedback(_ full: String, visible: String) -> String {
        let grader = ["memory limit exceeded", "time limit exceeded", "output limit exceeded",
                      "CPU time limit exceeded", "crashed (signal"]
        if !full.contains("\n"), grader.contains(where: full.hasPrefix) { return full }
        // The visible pass never ran a hidden test: its verdict on this one (not graded, did not
        // run because the exercise's answer failed there) is safe to repeat.
        if visible.hasPrefix("not graded: ") { return visible }
        return "hidden test failed"
    }

    static func merge(visible: SubmissionGrade, full: SubmissionGrade) -> SubmissionGrade {
        var merged = visible
        for index in merged.tests.indices where merged.tests[index].expected.hidden && index < full.tests.count {
            let hidden = full.tests[index]
            merged.tests[index] = GradedTest(expected: hidden.expected, score: hidden.score, passed: hidden.passed,
                                             output: hidden.passed ? "" : hiddenFeedback(hidden.output, visible: visible.tests[index].output))
        }
        if merged.failure == nil { merged.failure = full.failure }
        return merged
    }

    /// The key's checks, in the order its own grading run met them (key file only, first
    /// occurrence of each line and name).
    static func expectedChecks(fromKeyRun lines: [GradeLine], hiddenLines: Set<Int>) -> [ExpectedCheck] {
        var seen: Set<String> = []
        var result: [ExpectedCheck] = []
        for line in lines where line.kind == .step {
            for check in line.checks ?? [] where seen.insert("\(check.line)|\(check.name)").inserted {
                result.append(ExpectedCheck(exercise: line.exercise, name: check.name, points: check.points,
                                            line: check.line, hidden: hiddenLines.contains(check.line)))
            }
        }
        return result
    }

    /// Scores a child's lines against the key's checks. Points come from the key, never
    /// from what the child reported; a check the child never reported scores 0 with the
    /// reason it did not run. Every check of a crashed exercise, and every check of a
    /// submission that does not parse, scores 0 with the reason.
    static func grade(path: String, expected: [ExpectedCheck], lines: [GradeLine], end: ChildEnd,
                      keyFile: String, crashes: [CrashedExercise] = []) -> SubmissionGrade {
        if let parseError = lines.first(where: { $0.kind == .unparsable })?.error {
            return SubmissionGrade(
                path: path,
                tests: expected.map { GradedTest(expected: $0, score: 0, passed: false, output: "not graded: \(parseError)") },
                notes: ["the notebook does not parse, so none of it ran; fix the error and submit again: \(parseError)"],
                failure: nil)
        }
        var crashed: [String: String] = [:]
        for crash in crashes where crashed[crash.exercise] == nil { crashed[crash.exercise] = crash.reason }
        let steps = lines.filter { $0.kind == .step }
        var reported: [String: GradedCheck] = [:]
        for step in steps {
            for check in step.checks ?? [] where reported["\(check.line)|\(check.name)"] == nil {
                reported["\(check.line)|\(check.name)"] = check
            }
        }
        // The error of each exercise's own (student) step, shown with its failed checks.
        var answerErrors: [String: String] = [:]
        for step in steps where step.origin == "submission" {
            if let exercise = step.exercise, let error = step.error { answerErrors[exercise] = error }
        }
        let finished = lines.contains { $0.kind == .done }
        let fatal = lines.first { $0.kind == .fatal }?.error
        var tests: [GradedTest] = []
        for check in expected {
            if let exercise = check.exercise, let reason = crashed[exercise] {
                tests.append(GradedTest(expected: check, score: 0, passed: false, output: reason))
                continue
            }
            if let got = reported["\(check.line)|\(check.name)"] {
                var output: [String] = []
                if !got.passed {
                    if let exercise = check.exercise, let error = answerErrors[exercise] {
                        output.append("your code for \(exercise) failed: \(error)")
                    }
                    output.append(got.message.map { "check failed: \($0)" } ?? "check failed")
                    if let hint = got.hint { output.append("hint: \(hint)") }
                }
                tests.append(GradedTest(expected: check, score: got.passed ? check.points : 0,
                                        passed: got.passed, output: output.joined(separator: "\n")))
                continue
            }
            let step = steps.first {
                $0.file == keyFile && ($0.firstLine ?? 0) <= check.line
                    && check.line < ($0.firstLine ?? 0) + ($0.lineCount ?? 0)
            }
            let reason: String
            if let step {
                reason = "did not run: " + (step.error ?? "the cell stopped before this check")
            } else if let fatal {
                reason = "not graded: \(fatal)"
            } else {
                reason = end.unreachedReason ?? (finished ? "did not run" : "did not run (grading stopped)")
            }
            tests.append(GradedTest(expected: check, score: 0, passed: false, output: reason))
        }
        var notes = lines.first { $0.kind == .plan }?.notes ?? []
        for crash in crashes {
            notes.append("\(crash.exercise) was stopped (\(crash.reason)); it scores 0, and the rest was graded "
                + "in a fresh process that skipped it")
        }
        // A fatal line already says why (the exit status it caused would add nothing).
        if let reason = end.unreachedReason, !finished, fatal == nil { notes.append("grading stopped: \(reason)") }
        var failure: String?
        if let fatal { failure = fatal }
        if case .cannotStart(let why) = end { failure = why }
        return SubmissionGrade(path: path, tests: tests, notes: notes, failure: failure)
    }
}
