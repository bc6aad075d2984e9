/// The one error type of the LM module: a short, imperative message.
public enum LMError: Error, Equatable, CustomStringConvertible {
    /// Text the tokenizer cannot encode, or ids it cannot decode.
    case tokenizer(String)
    /// A configuration that does not describe a valid model.
    case config(String)
    /// A checkpoint that does not match its configuration, or cannot be read or written.
    case checkpoint(String)
    /// Bad arguments to generation or training (token out of range, empty prompt, ...).
    case argument(String)

    /// The message, without a category prefix.
    public var message: String {
        switch self {
        case .tokenizer(let m), .config(let m), .checkpoint(let m), .argument(let m):
            return m
        }
    }

    public var description: String { message }
}
