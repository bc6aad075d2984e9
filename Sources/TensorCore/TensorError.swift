/// The one error type of TensorCore: a short, imperative message naming the op and the shapes.
public enum TensorError: Error, Equatable, CustomStringConvertible {
    /// Shapes that do not fit the op, e.g. "matmul: shapes [2, 3] and [4, 5] do not align (3 ≠ 4)".
    case shape(String)
    /// An argument out of range (axis, index, probability, ...).
    case argument(String)
    /// An allocation over `TensorCore.maxAllocationBytes`.
    case allocation(String)
    /// A file that cannot be read or written (safetensors, .npy).
    case io(String)
    /// A numeric routine that failed (e.g. SVD did not converge).
    case numeric(String)
    /// An autodiff misuse (backward on a non-scalar without a seed gradient, ...).
    case autodiff(String)

    /// The message, without a category prefix.
    public var message: String {
        switch self {
        case .shape(let m), .argument(let m), .allocation(let m), .io(let m), .numeric(let m), .autodiff(let m):
            return m
        }
    }

    public var description: String { message }
}

/// Formats a shape the way messages show it: "[2, 3]".
func shapeText(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
