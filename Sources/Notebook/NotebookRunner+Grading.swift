import Foundation

/// The result of running a grading plan.
public struct GradingRun: Equatable {
    /// The plan that ran.
    public var plan: GradingPlan
    /// One entry per step, in order.
    public var steps: [StepRun]

    /// One step's outcome.
    public struct StepRun: Equatable {
        /// The step.
        public var step: GradingPlan.Step
        /// What happened (a step never stops the others: exercises are graded independently).
        public var status: CellStatus
        /// What the session returned.
        public var result: CellResult
    }

    /// Every check that ran, in order.
    public var checks: [CheckOutcome] { steps.flatMap { $0.result.checks } }

    /// Points earned and possible over the checks that ran.
    public var score: (points: Double, maxPoints: Double) {
        checks.reduce((0, 0)) { ($0.0 + $1.points, $0.1 + $1.maxPoints) }
    }
}

/// A session that wants to know which plan step runs next (the grading session freezes the
/// key's data for every step but the key's own setup cells).
public protocol GradingStepObserver: AnyObject {
    func willRun(_ step: GradingPlan.Step)
}

extension NotebookRunner {
    /// Runs a grading plan in one session. Every step runs even after an error, so one
    /// broken answer costs only its own exercise's points. A student step is judged by
    /// the key cell's `error:` option; the key's test steps must not raise.
    /// - Parameter onStepFinished: called after each step with its index and run.
    public func run(_ plan: GradingPlan, in session: CellSession,
                    onStepFinished: ((Int, GradingRun.StepRun) -> Void)? = nil) -> GradingRun {
        var runs: [GradingRun.StepRun] = []
        for (index, step) in plan.steps.enumerated() {
            (session as? GradingStepObserver)?.willRun(step)
            let result = session.run(code: step.code, file: step.file, firstLine: step.firstLine, timeout: step.timeout)
            var options = step.keyCell.options
            if step.origin == .key && step.exercise != nil { options.expectedError = nil }
            let run = GradingRun.StepRun(step: step, status: Self.status(of: result, options: options), result: result)
            runs.append(run)
            onStepFinished?(index, run)
        }
        return GradingRun(plan: plan, steps: runs)
    }
}
