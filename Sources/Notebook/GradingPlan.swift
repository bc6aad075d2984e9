/// How to grade a submission: which code runs, from which file, in which order.
///
/// Built by `gradingPlan(submission:key:)`. The key decides everything but the answers:
/// its cells run in its order; for each exercise cell (`#| exercise: q1`) the student's
/// code runs first, then the key's tests (visible checks and hidden tests), so a student
/// cannot edit a check away. Cells that are not exercises come from the key as well:
/// a student only writes inside exercise cells.
public struct GradingPlan: Equatable {
    /// The code to run, in order, in one session.
    public var steps: [Step]
    /// Mismatches between submission and key (missing, extra, reordered exercises).
    /// They are reported to the student and the grader, never fatal.
    public var notes: [String]

    /// One piece of code to run.
    public struct Step: Equatable {
        /// Where the code comes from.
        public enum Origin: Equatable {
            /// The instructor's notebook (setup cells and tests).
            case key
            /// The student's answer.
            case submission
        }

        /// The code.
        public var code: String
        /// The file it comes from (for diagnostics).
        public var file: String
        /// 1-based line in `file` of the first line of `code`.
        public var firstLine: Int
        /// Where the code comes from.
        public var origin: Origin
        /// The exercise, for exercise steps.
        public var exercise: String?
        /// The key's cell this step belongs to (its options apply: timeout, error, eval).
        public var keyCell: Cell
        /// Seconds this step may take (the key's, never the student's).
        public var timeout: Double?
    }
}

extension GradingPlan {
    /// The plan with the key's hidden tests blanked out (each line kept as an empty one, so
    /// every other line keeps its number): what the visible-feedback pass runs, so that student
    /// code there never sees a hidden test's inputs.
    public func withoutHiddenTests(keyFile: String) -> GradingPlan {
        var copy = self
        copy.steps = steps.map { step in
            guard step.origin == .key, step.exercise != nil, step.file == keyFile else { return step }
            var step = step
            var hidden = false
            step.code = step.code.splitLinesKeepingTerminators().map { line -> String in
                switch GradingMarker(line: line) {
                case .beginHiddenTests: hidden = true; return "\n"
                case .endHiddenTests: hidden = false; return "\n"
                default: return hidden ? "\n" : line
                }
            }.joined()
            return step
        }
        return copy
    }
}

/// Merges a submission with the instructor's key into a grading plan.
///
/// - Parameters:
///   - submission: the student's notebook (made from the key by `studentCopy()`).
///   - key: the instructor's notebook, with solutions and hidden tests.
/// - Returns: the steps to run and notes on any mismatch.
public func gradingPlan(submission: Notebook, key: Notebook) -> GradingPlan {
    var answers: [String: Cell] = [:]
    var submittedOrder: [String] = []
    for cell in submission.cells {
        guard let exercise = cell.options.exercise else { continue }
        answers[exercise] = cell
        submittedOrder.append(exercise)
    }
    let keyOrder = key.cells.compactMap { $0.options.exercise }
    var steps: [GradingPlan.Step] = []
    var notes: [String] = []

    for cell in key.cells where cell.options.eval {
        let timeout = cell.options.timeout ?? key.frontMatter.timeout
        guard let exercise = cell.options.exercise else {
            steps.append(.init(code: cell.source, file: key.file, firstLine: cell.firstSourceLine,
                               origin: .key, exercise: nil, keyCell: cell, timeout: timeout))
            continue
        }
        let keyLines = cell.source.splitLinesKeepingTerminators()
        let testsStart = ExerciseSplit.testsStart(in: keyLines)
        if let answer = answers[exercise] {
            let answerLines = answer.source.splitLinesKeepingTerminators()
            let answerEnd = ExerciseSplit.testsStart(in: answerLines)
            steps.append(.init(code: answerLines[..<answerEnd].joined(), file: submission.file,
                               firstLine: answer.firstSourceLine, origin: .submission,
                               exercise: exercise, keyCell: cell, timeout: timeout))
        } else {
            notes.append("exercise '\(exercise)' is missing from the submission; its checks run without an answer")
        }
        if testsStart < keyLines.count {
            steps.append(.init(code: keyLines[testsStart...].joined(), file: key.file,
                               firstLine: cell.firstSourceLine + testsStart, origin: .key,
                               exercise: exercise, keyCell: cell, timeout: timeout))
        }
    }
    let known = Set(keyOrder)
    for exercise in submittedOrder where !known.contains(exercise) {
        notes.append("the submission has exercise '\(exercise)', which the key does not; it is not graded")
    }
    let common = submittedOrder.filter { known.contains($0) }
    let keyCommon = keyOrder.filter { answers[$0] != nil }
    if common != keyCommon {
        notes.append("exercises are in a different order in the submission (\(common.joined(separator: ", "))); "
            + "they are graded in the key's order (\(keyCommon.joined(separator: ", ")))")
    }
    return GradingPlan(steps: steps, notes: notes)
}

/// Where an exercise cell's tests begin.
///
/// The tests are everything from the first top-level `check` statement (or a
/// `### BEGIN HIDDEN TESTS` marker) after the last `### END SOLUTION`. "Top-level" means
/// at column 0: a `check` indented inside a block belongs to the student's code.
enum ExerciseSplit {
    static func testsStart(in lines: [String]) -> Int {
        let afterSolution = (lines.lastIndex { GradingMarker(line: $0) == .endSolution }).map { $0 + 1 } ?? 0
        for index in afterSolution..<max(afterSolution, lines.count) {
            let line = lines[index]
            if GradingMarker(line: line) == .beginHiddenTests { return index }
            if line.hasPrefix("check ") || line.hasPrefix("check\"") { return index }
        }
        return lines.count
    }
}
