// Gradient recording switch (PyTorch's `torch.no_grad()`): evaluation and prediction should not
// build an autodiff graph through the parameters, which would only cost memory and time.

/// Whether parameters hand out gradient-tracking leaves (true) or plain constants (false).
public enum GradMode {
    // Task-local rather than global: tests (and any concurrent callers) each see their own mode,
    // and nesting restores the outer mode automatically.
    @TaskLocal static var isEnabled = true

    /// Runs `body` with gradient recording off, restoring the previous mode afterwards.
    public static func withoutGrad<T>(_ body: () throws -> T) rethrows -> T {
        try $isEnabled.withValue(false) { try body() }
    }

    /// True while gradients are being recorded.
    public static var enabled: Bool { isEnabled }
}
