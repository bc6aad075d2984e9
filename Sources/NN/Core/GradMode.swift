// Gradient recording switch (PyTorch's `torch.no_grad()`): evaluation and prediction should not
// build an autodiff graph through the parameters, which would only cost memory and time.

/// Whether parameters hand out gradient-tracking leaves (true) or plain constants (false).
public enum GradMode {
    // Single-threaded by design (like the interpreter); nested calls restore the previous state.
    nonisolated(unsafe) static var isEnabled = true

    /// Runs `body` with gradient recording off, restoring the previous mode afterwards.
    public static func withoutGrad<T>(_ body: () throws -> T) rethrows -> T {
        let previous = isEnabled
        isEnabled = false
        defer { isEnabled = previous }
        return try body()
    }

    /// True while gradients are being recorded.
    public static var enabled: Bool { isEnabled }
}
