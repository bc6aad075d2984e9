import Foundation

/// Where long native work reports how far it is — an epoch of training, a problem of an
/// evaluation, a step of LM training — so that a terminal can draw a bar with rate and ETA.
/// The library only reports; the CLI decides whether and how to show it (on a TTY, on stderr,
/// never in a report). Reports come from the thread doing the work.
public enum Progress {
    /// The receiver: the task's name, units done, units in all. Nil (the default) ignores reports.
    nonisolated(unsafe) public static var sink: ((_ task: String, _ done: Int, _ total: Int) -> Void)?

    /// Reports `done` of `total` units of `task` ("train", "eval_arithmetic").
    @inline(__always)
    public static func report(_ task: String, done: Int, total: Int) {
        sink?(task, done, total)
    }
}
