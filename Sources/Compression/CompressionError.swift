import TensorCore

/// The one error type of Compression: a short, imperative message naming the operation.
public enum CompressionError: Error, Equatable, CustomStringConvertible {
    /// An argument out of range (bits, group size, sparsity, axis, ...).
    case argument(String)
    /// Shapes that do not fit the operation.
    case shape(String)
    /// A model or layer the operation cannot handle.
    case unsupported(String)

    /// The message, without a category prefix.
    public var message: String {
        switch self {
        case .argument(let m), .shape(let m), .unsupported(let m): return m
        }
    }

    public var description: String { message }
}

/// Formats a shape the way messages show it: "[2, 3]".
func shapeText(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
