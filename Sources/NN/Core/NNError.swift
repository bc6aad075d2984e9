/// The one error type of NN: a short, imperative message naming the layer or function.
public enum NNError: Error, Equatable, CustomStringConvertible {
    /// An input or parameter whose shape does not fit, e.g. "linear: input [4, 3] needs last axis 5".
    case shape(String)
    /// A bad argument (unknown activation, probability out of range, empty dataset, ...).
    case argument(String)
    /// A checkpoint that does not match the model (missing name, wrong shape).
    case checkpoint(String)

    /// The message, without a category prefix.
    public var message: String {
        switch self {
        case .shape(let m), .argument(let m), .checkpoint(let m): return m
        }
    }

    public var description: String { message }
}

/// Formats a shape the way messages show it: "[2, 3]".
func shapeText(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
