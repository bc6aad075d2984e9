import Foundation

/// An exercise whose step crashed a grading child: its checks score 0 with `reason`.
struct CrashedExercise: Equatable {
    var exercise: String
    var reason: String
}

/// What grading one submission produced, over all the children it took.
struct SubmissionRun {
    /// The plan line, every step line (the first report of each step), then the last
    /// child's other lines (done, fatal, unparsable, outOfMemory).
    var lines: [GradeLine]
    /// How the last child ended.
    var end: ChildEnd
    /// The exercises that crashed a child, in order.
    var crashes: [CrashedExercise]
}

/// Grades one submission in as many `grade-one` children as it takes.
///
/// When a child dies inside an exercise's step (out of memory, a crash), that exercise
/// scores 0 and a fresh child runs the plan again with the step skipped, so one
/// exercise's crash does not cost the exercises after it. The rerun repeats the earlier
/// steps (a session's state cannot be saved), which is why the wall-clock limit covers all
/// the children together. A child stopped by the time, CPU or output limit is not retried:
/// those are budgets for the whole submission.
struct SubmissionRunner {
    /// Wall-clock seconds for all the children together.
    let timeLimit: Double
    /// The child to run: it skips `skipSteps` and may take `seconds`.
    let makeChild: (_ skipSteps: [Int], _ seconds: Double) -> GradeChild

    func run() -> SubmissionRun {
        let deadline = Date().addingTimeInterval(timeLimit)
        var skip: [Int] = []
        var crashes: [CrashedExercise] = []
        var steps: [Int: GradeLine] = [:]
        var plan: GradeLine?
        while true {
            let (lines, end) = makeChild(skip, max(deadline.timeIntervalSinceNow, 0.001)).run()
            plan = plan ?? lines.first { $0.kind == .plan }
            var finished: Set<Int> = []
            for line in lines where line.kind == .step {
                guard let index = line.index else { continue }
                finished.insert(index)
                if steps[index] == nil { steps[index] = line }
            }
            // Steps run in plan order, so the crashed one is the first that never finished.
            let exercises = plan?.stepExercises ?? []
            if end.isCrash, let reason = end.unreachedReason, deadline.timeIntervalSinceNow > 0,
               let crashed = exercises.indices.first(where: { !finished.contains($0) }),
               !skip.contains(crashed), let exercise = exercises[crashed] {
                crashes.append(CrashedExercise(exercise: exercise, reason: reason))
                skip.append(crashed)
                continue
            }
            let merged = (plan.map { [$0] } ?? []) + steps.keys.sorted().compactMap { steps[$0] }
                + lines.filter { $0.kind != .plan && $0.kind != .step }
            return SubmissionRun(lines: merged, end: end, crashes: crashes)
        }
    }
}
