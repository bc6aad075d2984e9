/// A training loss curve: the mean loss of every `every` steps (and of the last, shorter run),
/// which is what the progress callbacks report and the manifests and lectures plot.
struct LossCurve {
    let every: Int
    private(set) var points: [Float] = []
    private var window: [Float] = []

    init(every: Int) { self.every = every }

    /// Adds one step's loss; returns the new point when a window closes (every `every` steps, or
    /// at the last step).
    mutating func add(_ loss: Float, isLast: Bool) -> Float? {
        window.append(loss)
        guard window.count == every || isLast else { return nil }
        let mean = window.reduce(0, +) / Float(window.count)
        points.append(mean)
        window = []
        return mean
    }
}
